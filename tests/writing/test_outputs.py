"""What a build stamps on every printout: the commit, and "+" when any input differs."""

from __future__ import annotations

import subprocess

from generator.writing.outputs import BuildInfo

WHO = ["-c", "user.name=t", "-c", "user.email=t@example.org"]


def _git(root, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True)


def test_the_stamp_marks_any_input_that_differs_from_the_commit(club) -> None:
    _git(club.root, "init", "-q")
    _git(club.root, "add", "-A")
    _git(club.root, *WHO, "commit", "-qm", "club")
    assert not BuildInfo.for_root(club.root).commit.endswith("+")
    # What club writes itself is no input: the output folders and .cache.
    club.write("site/.made-by-club", "")
    club.write(".cache/parsed-yaml", "")
    assert not BuildInfo.for_root(club.root).commit.endswith("+")
    # A new article nobody has added to git yet is built from too.
    club.write("content/journal/posts/new.md", "---\ndate: 2026-11-20\n---\n# 新文章\n")
    assert BuildInfo.for_root(club.root).commit.endswith("+")
    _git(club.root, "add", "-A")
    _git(club.root, *WHO, "commit", "-qm", "article")
    assert not BuildInfo.for_root(club.root).commit.endswith("+")
