from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _no_source_date_epoch(monkeypatch):
    """A build run without MkDocs' shutdown (`mkdocs.commands.build.build`) leaves the
    commit time it set in the environment; the next test must not build with it."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


TODAY = date(2026, 11, 23)

MKDOCS_YML = """\
site_name: Test club
site_url: https://club.test/
docs_dir: content
theme:
  name: material
  language: {language}
plugins:
  - club:
      timezone: Asia/Shanghai
"""

MEMBERS_YML = """\
members:
  - id: he-zong
    name: 何建国
    display_name: 何总
    tier: diamond
    birthday: 1962-12-22
    email: he@example.org
    consent: {directory: true, birthday: true}
  - id: li-na
    name: 李娜
    tier: gold
    birthday: "--03-15"
"""


class Club:
    """A small club in a temporary folder, with helpers to write files and run `club`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def event(self, name: str, text: str) -> Path:
        return self.write(f"events/{name}", text)

    def run(self, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
        code = main(["--root", str(self.root), *args])
        out = capsys.readouterr().out
        return code, [line for line in out.splitlines() if line]


@pytest.fixture
def club(tmp_path: Path) -> Club:
    made = Club(tmp_path / "club")
    made.write("mkdocs.yml", MKDOCS_YML.format(language="zh"))
    made.write("members.yaml", MEMBERS_YML)
    made.write("content/index.md", "# Test club\n")
    (made.root / "events").mkdir()
    return made


@pytest.fixture
def check(club: Club, capsys: pytest.CaptureFixture[str]):
    """Run `club check` on the fixture club; returns (exit code, output lines)."""

    def run(*extra: str) -> tuple[int, list[str]]:
        return club.run(capsys, "check", "--today", TODAY.isoformat(), *extra)

    return run
