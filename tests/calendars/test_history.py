"""SEQUENCE and LAST-MODIFIED from the event files' git history, in real temporary repositories."""

from __future__ import annotations

import logging
import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.calendars import history
from generator.calendars.history import facts_of_text
from generator.checking.session import check_root
from generator.writing.outputs import BuildInfo
from tests.support import TODAY

EVENT = """\
title: 冬至联谊会
kind: other
start: 2026-12-20 18:00
end: 2026-12-20 20:00
venue: {name: 丽泽汇馆, address: 宜宾市翠屏区}
summary: 一起包饺子。
"""


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


class Repo:
    """A club in a git repository whose commits carry the times the test gives them."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def git(self, *args: str, when: str = "2026-11-01T00:00:00") -> str:
        env = {
            **os.environ,
            "GIT_AUTHOR_DATE": when + "+00:00",
            "GIT_COMMITTER_DATE": when + "+00:00",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
        }
        done = subprocess.run(
            ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def commit(self, when: str, message: str = "edit") -> None:
        self.git("add", "-A", when=when)
        self.git("commit", "-q", "-m", message, when=when)

    def revision(self, slug: str = "dongzhi", cache: Path | None = None) -> history.Revision:
        checked = check_root(self.root, TODAY)
        assert not checked.report.errors, [d.text() for d in checked.report.errors]
        build = BuildInfo.for_root(self.root)
        if cache is not None:
            build = BuildInfo(build.root, build.built_at, build.commit, cache)
        return history.revisions(checked.club, build)[slug]


class Collected(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def warnings_logged():
    """What the history module warns about (its logger sits below MkDocs', which a build
    in the same process may have stopped from propagating to pytest's caplog)."""
    handler = Collected()
    history.log.addHandler(handler)
    yield handler.messages
    history.log.removeHandler(handler)


@pytest.fixture
def repo(club) -> Repo:
    made = Repo(club.root)
    made.git("init", "-q", "-b", "main")
    made.write("events/2026-12-20-dongzhi.yaml", EVENT)
    made.commit("2026-11-01T10:00:00", "plan the party")
    return made


def test_a_new_event_starts_at_sequence_0_modified_when_committed(repo: Repo) -> None:
    revision = repo.revision()
    assert revision == history.Revision(0, moment("2026-11-01T10:00:00"), moment("2026-11-01T10:00:00"))


def test_a_title_or_summary_edit_does_not_bump_the_sequence(repo: Repo) -> None:
    repo.write(
        "events/2026-12-20-dongzhi.yaml",
        EVENT.replace("冬至联谊会", "冬至饺子宴").replace("包饺子", "包汤圆"),
    )
    repo.commit("2026-11-02T10:00:00")
    assert repo.revision() == history.Revision(
        0, moment("2026-11-01T10:00:00"), moment("2026-11-01T10:00:00")
    )


def test_moving_the_event_renames_its_file_and_bumps_the_sequence(repo: Repo) -> None:
    repo.git("mv", "events/2026-12-20-dongzhi.yaml", "events/2026-12-27-dongzhi.yaml")
    repo.write("events/2026-12-27-dongzhi.yaml", EVENT.replace("2026-12-20", "2026-12-27"))
    repo.commit("2026-11-05T09:30:00", "move the party a week later")
    revision = repo.revision()
    assert revision.sequence == 1
    assert revision.last_modified == moment("2026-11-05T09:30:00")
    assert revision.created == moment("2026-11-01T10:00:00")


def test_time_place_and_status_changes_each_count_once(repo: Repo) -> None:
    path = "events/2026-12-20-dongzhi.yaml"
    later = EVENT.replace("18:00", "19:00")  # an hour later
    repo.write(path, later)
    repo.commit("2026-11-02T00:00:00")
    moved_venue = later.replace("丽泽汇馆", "丽泽汇馆 · 二楼")
    repo.write(path, moved_venue)
    repo.commit("2026-11-03T00:00:00")
    repo.write(path, moved_venue + "timezone: Asia/Hong_Kong\n")
    repo.commit("2026-11-04T00:00:00")
    repo.write(path, moved_venue + "timezone: Asia/Hong_Kong\nstatus: cancelled\n")
    repo.commit("2026-11-05T00:00:00")
    cancelled = moved_venue.replace("一起包饺子。", "因故取消。")
    repo.write(path, cancelled + "timezone: Asia/Hong_Kong\nstatus: cancelled\n")
    repo.commit("2026-11-06T00:00:00")  # the summary only: no change for calendars
    revision = repo.revision()
    assert revision.sequence == 4
    assert revision.last_modified == moment("2026-11-05T00:00:00")


def test_writing_the_default_time_zone_out_is_no_change(repo: Repo) -> None:
    repo.write("events/2026-12-20-dongzhi.yaml", EVENT + "timezone: Asia/Shanghai\n")
    repo.commit("2026-11-02T00:00:00")
    repo.write("events/2026-12-20-dongzhi.yaml", EVENT.replace("2026-12-20 18:00", "2026-12-20T18:00"))
    repo.commit("2026-11-03T00:00:00")
    assert repo.revision().sequence == 0


def test_renaming_without_changing_the_time_is_no_change(repo: Repo) -> None:
    repo.git("mv", "events/2026-12-20-dongzhi.yaml", "events/2026-12-21-dongzhi.yaml")
    repo.commit("2026-11-02T00:00:00")
    assert repo.revision().sequence == 0


def test_uncommitted_changes_count_from_the_working_tree(repo: Repo) -> None:
    repo.write("events/2026-12-20-dongzhi.yaml", EVENT.replace("冬至联谊会", "冬至饺子宴"))
    assert repo.revision().sequence == 0
    repo.write("events/2026-12-20-dongzhi.yaml", EVENT.replace("20:00", "21:00"))
    revision = repo.revision()
    assert revision.sequence == 1
    # An uncommitted change is dated by the build (the HEAD commit's time here).
    assert revision.last_modified == moment("2026-11-01T10:00:00")


def test_a_merged_branch_counts_as_the_change_it_brings(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "move")
    repo.write("events/2026-12-20-dongzhi.yaml", EVENT.replace("18:00", "17:00"))
    repo.commit("2026-11-02T00:00:00")
    repo.write("events/2026-12-20-dongzhi.yaml", EVENT.replace("18:00", "17:30"))
    repo.commit("2026-11-03T00:00:00")
    repo.git("checkout", "-q", "main")
    repo.write("content/about.md", "# About\n")
    repo.commit("2026-11-04T00:00:00")
    repo.git("merge", "-q", "--no-ff", "-m", "merge the move", "move", when="2026-11-05T00:00:00")
    revision = repo.revision()
    # The mainline saw one change (18:00 -> 17:30), when the branch was merged.
    assert revision.sequence == 1
    assert revision.last_modified == moment("2026-11-05T00:00:00")


def test_an_event_deleted_and_written_again_continues_its_count(repo: Repo) -> None:
    repo.git("rm", "-q", "events/2026-12-20-dongzhi.yaml")
    repo.commit("2026-11-02T00:00:00")
    repo.write("events/2027-01-10-dongzhi.yaml", EVENT.replace("2026-12-20", "2027-01-10"))
    repo.commit("2026-11-03T00:00:00")
    assert repo.revision().sequence == 1


def test_another_event_with_a_similar_name_is_another_event(repo: Repo) -> None:
    repo.write("events/2026-12-21-big-dongzhi.yaml", EVENT.replace("2026-12-20", "2026-12-21"))
    repo.commit("2026-11-02T00:00:00")
    repo.write("events/2026-12-21-big-dongzhi.yaml", EVENT.replace("2026-12-20", "2026-12-22"))
    repo.git("mv", "events/2026-12-21-big-dongzhi.yaml", "events/2026-12-22-big-dongzhi.yaml")
    repo.commit("2026-11-03T00:00:00")
    assert repo.revision("dongzhi").sequence == 0
    assert repo.revision("big-dongzhi").sequence == 1


def test_a_shallow_clone_is_reported(repo: Repo, tmp_path: Path, warnings_logged: list[str]) -> None:
    repo.write("events/2026-12-20-dongzhi.yaml", EVENT.replace("18:00", "19:00"))
    repo.commit("2026-11-02T00:00:00")
    assert repo.revision().sequence == 1
    assert warnings_logged == []
    shallow = Repo(tmp_path / "shallow")
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.root}", str(shallow.root))
    assert shallow.revision().sequence == 0  # the clone cannot see the change: hence the warning
    assert len(warnings_logged) == 1
    assert "shallow git clone" in warnings_logged[0] and "fetch-depth: 0" in warnings_logged[0]


def test_outside_git_every_sequence_is_0_and_a_warning_says_why(club, warnings_logged: list[str]) -> None:
    club.event("2026-12-20-dongzhi.yaml", EVENT)
    revision = Repo(club.root).revision()
    assert revision.sequence == 0 and revision.created is None
    assert len(warnings_logged) == 1 and "is not in a git repository" in warnings_logged[0]


def test_versions_are_read_once_then_come_from_the_cache(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for hour in range(11, 15):
        repo.write("events/2026-12-20-dongzhi.yaml", EVENT.replace("18:00", f"{hour}:00"))
        repo.commit(f"2026-11-0{hour - 9}T00:00:00")
    calls: list[str] = []
    real = history.facts_of_text

    def counted(text: str):
        calls.append(text)
        return real(text)

    monkeypatch.setattr(history, "facts_of_text", counted)
    cache = tmp_path / "cache"
    assert repo.revision(cache=cache).sequence == 4
    assert len(calls) == 5  # five committed versions
    assert (cache / history.CACHE_FILE).is_file()
    calls.clear()
    assert repo.revision(cache=cache).sequence == 4
    assert calls == []


def test_a_cache_reached_through_a_link_is_neither_read_nor_written(repo: Repo, tmp_path: Path) -> None:
    repo.write("events/2026-12-20-dongzhi.yaml", EVENT.replace("18:00", "19:00"))
    repo.commit("2026-11-02T00:00:00")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "linked").symlink_to(elsewhere)
    assert repo.revision(cache=tmp_path / "linked").sequence == 1
    assert list(elsewhere.iterdir()) == []


def test_facts_are_read_from_any_yaml_layout() -> None:
    block = facts_of_text(EVENT)
    flow = facts_of_text(
        "{title: 冬至联谊会, kind: other, start: '2026-12-20 18:00', end: '2026-12-20 20:00',"
        " venue: {name: 丽泽汇馆, address: 宜宾市翠屏区}}\n"
    )
    anchored = facts_of_text(
        "x-place: &place {name: 丽泽汇馆, address: 宜宾市翠屏区}\n"
        "start: 2026-12-20 18:00 # a comment\nend: 2026-12-20 20:00\nvenue: *place\n"
    )
    expected = history.Facts(
        "2026-12-20T18:00:00", "2026-12-20T20:00:00", None, ("丽泽汇馆", "宜宾市翠屏区"), "confirmed"
    )
    assert block == flow == anchored == expected
    assert facts_of_text("title: [unclosed\n") is None
