"""`club build`: the whole site, or nothing at all."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import TODAY

EVENT = """\
title: 冬至联谊会 <b>大家</b>
kind: other
start: 2026-12-20 18:00
end: 2026-12-20 20:00
venue: {name: 丽泽汇馆, address: 宜宾市翠屏区}
summary: 一起**包饺子**。
notes: 私密备注-PLANNER-ONLY
run_sheet:
  - at: "17:30"
    until: "18:00"
    title: 布置场地-CREW-ONLY
    crew_only: true
  - at: "18:00"
    until: "20:00"
    title: 包饺子
    notes: 备注-CREW-NOTE
"""


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def staging_leftovers(root: Path) -> list[str]:
    return [p.name for p in root.iterdir() if p.name.startswith((".site.", ".private."))]


def build(club, capsys) -> tuple[int, str]:
    from generator.cli import main

    code = main(["--root", str(club.root), "build", "--today", TODAY.isoformat()])
    return code, capsys.readouterr().err


def test_a_build_writes_the_events_pages(club, capsys) -> None:
    club.event("2026-12-20-dongzhi.yaml", EVENT)
    code, err = build(club, capsys)
    assert code == 0, err
    page = (club.root / "site/events/dongzhi/index.html").read_text(encoding="utf-8")
    assert "冬至联谊会 &lt;b&gt;大家&lt;/b&gt;" in page  # plain text is escaped
    assert "<strong>包饺子</strong>" in page  # the summary is Markdown
    assert "宜宾市翠屏区" in page
    assert "CREW-ONLY" not in page and "CREW-NOTE" not in page and "PLANNER-ONLY" not in page
    index = (club.root / "site/events/index.html").read_text(encoding="utf-8")
    assert 'href="dongzhi/"' in index
    assert (club.root / "private").is_dir()
    assert staging_leftovers(club.root) == [], "staging folders are cleaned up"


def test_a_failed_check_leaves_the_previous_output_untouched(club, capsys) -> None:
    club.event("2026-12-20-dongzhi.yaml", EVENT)
    assert build(club, capsys)[0] == 0
    (club.root / "private/keep.txt").write_text("planner's file", encoding="utf-8")
    before = tree_digest(club.root / "site"), tree_digest(club.root / "private")
    club.event("2026-12-20-dongzhi.yaml", EVENT.replace("kind: other", "kind: party"))
    code, err = build(club, capsys)
    assert code == 1
    assert "nothing was written" in err
    assert (tree_digest(club.root / "site"), tree_digest(club.root / "private")) == before


def test_a_failed_mkdocs_build_leaves_the_previous_output_untouched(club, capsys) -> None:
    club.event("2026-12-20-dongzhi.yaml", EVENT)
    assert build(club, capsys)[0] == 0
    before = tree_digest(club.root / "site"), tree_digest(club.root / "private")
    # A hand-written page where the plugin generates one: MkDocs fails half-way.
    club.write("content/events/index.md", "# 活动\n")
    code, err = build(club, capsys)
    assert code == 1
    assert "content/events/index.md is written by hand" in err
    assert "Traceback" not in err
    assert (tree_digest(club.root / "site"), tree_digest(club.root / "private")) == before
    assert staging_leftovers(club.root) == []


def test_mkdocs_build_runs_the_plugin_too(club) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    club.event("2026-12-20-dongzhi.yaml", EVENT)
    config = load_config(config_file=str(club.root / "mkdocs.yml"))
    mkdocs_build(config)
    assert (club.root / "site/events/dongzhi/index.html").exists()
    assert (club.root / "private").is_dir()


def test_mkdocs_build_stops_on_the_clubs_errors(club, caplog) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    club.event("2026-12-20-dongzhi.yaml", EVENT.replace("kind: other", "kind: party"))
    config = load_config(config_file=str(club.root / "mkdocs.yml"))
    with caplog.at_level("ERROR"), pytest.raises(Abort):
        mkdocs_build(config)
    assert 'events/2026-12-20-dongzhi.yaml:2:7: error: "party" is not a valid kind' in caplog.text


# The planners' pack written alongside MkDocs ---------------------------------------------------


def _record_who_makes(monkeypatch, log: Path) -> None:
    """Append "<exporter> <pid>" to `log` whenever the roster, the events' pages or the
    site's calendars are made."""
    from generator.calendars import PublicCalendars
    from generator.pages import EventPages
    from generator.roster import PlannersRoster

    for exporter in (PlannersRoster, EventPages, PublicCalendars):
        made_by = exporter.outputs

        def outputs(self, club, build, made_by=made_by):  # type: ignore[no-untyped-def]
            with log.open("a") as out:
                out.write(f"{type(self).__name__} {os.getpid()}\n")
            return made_by(self, club, build)

        monkeypatch.setattr(exporter, "outputs", outputs)


def test_event_pages_calendars_and_the_planners_pack_are_made_in_other_processes_as_in_one(
    club, capsys, monkeypatch, tmp_path
) -> None:
    from generator import alongside

    club.event("2026-12-20-dongzhi.yaml", EVENT)
    # Committed, so that two builds of it are byte-identical (calendars' DTSTAMP: the commit's time).
    who = ["-c", "user.name=t", "-c", "user.email=t@example.org"]
    for args in (["init", "-q"], ["add", "-A"], [*who, "commit", "-qm", "club"]):
        subprocess.run(["git", *args], cwd=club.root, check=True)
    log = tmp_path / "makers.txt"
    _record_who_makes(monkeypatch, log)
    monkeypatch.setattr(alongside, "_can_fork", lambda: True)
    assert build(club, capsys)[0] == 0
    forked = tree_digest(club.root / "site"), tree_digest(club.root / "private")
    monkeypatch.setattr(alongside, "_can_fork", lambda: False)
    assert build(club, capsys)[0] == 0
    assert (tree_digest(club.root / "site"), tree_digest(club.root / "private")) == forked
    assert "roster.html" in forked[1] and "birthdays.ics" in forked[1]
    assert "calendar.ics" in forked[0] and "events/dongzhi/dongzhi.ics" in forked[0]
    makers = [line.split() for line in log.read_text().splitlines()]
    assert sorted(name for name, _ in makers) == [
        "EventPages",
        "EventPages",
        "PlannersRoster",
        "PlannersRoster",
        "PublicCalendars",
        "PublicCalendars",
    ]
    here = str(os.getpid())
    assert sorted(pid == here for _, pid in makers) == [False, False, False, True, True, True], (
        "forked once each, then in this process"
    )
    first_build = [pid for _, pid in makers[:3]]
    assert dict(makers[:3])["EventPages"] == dict(makers[:3])["PublicCalendars"] != here, (
        "the events' pages and the calendars in one second process, the planners' pack in another"
    )
    assert len(set(first_build)) == 2


def test_a_warning_about_the_history_counts_in_a_strict_mkdocs_build(club, caplog) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    from generator import alongside

    assert alongside.in_another_process(), "the site's calendars are made in a second process"
    club.event("2026-12-20-dongzhi.yaml", EVENT)  # the club is not in git: no revisions
    config = load_config(config_file=str(club.root / "mkdocs.yml"), strict=True)
    with caplog.at_level("WARNING"), pytest.raises(Abort):
        mkdocs_build(config)
    warned = [r for r in caplog.records if "is not in a git repository" in r.getMessage()]
    assert len(warned) == 1, "logged once, by the build's own process"


def _planners_roster() -> type:
    from generator.roster import PlannersRoster

    return PlannersRoster


def _public_calendars() -> type:
    from generator.calendars import PublicCalendars

    return PublicCalendars


def _event_pages() -> type:
    from generator.pages import EventPages

    return EventPages


@pytest.mark.parametrize(
    ("exporter", "failure", "said"),
    [
        # written while MkDocs renders
        (_planners_roster, RuntimeError("the roster template is missing"), "RuntimeError: the roster"),
        # made while the pages are made
        (
            _public_calendars,
            OSError("no space left on device"),
            "making the calendars failed: OSError: no space",
        ),
        # made while MkDocs starts, read when it renders them
        (_event_pages, KeyError("kind_party"), "making the event pages failed: KeyError: 'kind_party'"),
    ],
)
def test_a_failure_in_a_second_process_fails_the_build_and_writes_nothing(
    club, capsys, monkeypatch, exporter, failure, said
) -> None:
    from generator import alongside

    club.event("2026-12-20-dongzhi.yaml", EVENT)
    assert build(club, capsys)[0] == 0
    before = tree_digest(club.root / "site"), tree_digest(club.root / "private")

    def broken(self, club, build):  # type: ignore[no-untyped-def]
        raise failure

    monkeypatch.setattr(exporter(), "outputs", broken)
    monkeypatch.setattr(alongside, "_can_fork", lambda: True)
    club.event("2026-12-20-dongzhi.yaml", EVENT.replace("包饺子", "包汤圆"))
    code, err = build(club, capsys)
    assert code == 1
    assert said in err and "nothing was written" in err, err
    assert "Traceback" not in err
    assert (tree_digest(club.root / "site"), tree_digest(club.root / "private")) == before
    assert staging_leftovers(club.root) == []


def test_work_done_in_turn_arrives_piece_by_piece_and_a_failure_names_its_piece() -> None:
    from generator.alongside import AlongsideFailed, InTurn, in_another_process

    assert in_another_process(), "the pages and the calendars are made in a second process"
    works = InTurn([lambda: "the pages", lambda: {}["kind_party"], lambda: "the calendars"])
    assert works.wait(0) == "the pages", "the first piece is there without waiting for the others"
    with pytest.raises(AlongsideFailed, match="KeyError: 'kind_party'"):
        works.wait(2)
    assert works.done == 1, "the second piece is the one that failed"
    assert works.wait(0) == "the pages"


def test_second_processes_leave_the_builds_own_process_its_core() -> None:
    from generator.alongside import NEEDED_AT_THE_END, NEEDED_SOON, Alongside

    own = os.nice(0)
    nicest = 19  # where Linux stops
    assert Alongside(lambda: os.nice(0), NEEDED_SOON).wait() == min(own + NEEDED_SOON, nicest)
    assert Alongside(lambda: os.nice(0), NEEDED_AT_THE_END).wait() == min(own + NEEDED_AT_THE_END, nicest)
    assert NEEDED_SOON < NEEDED_AT_THE_END, "the pages, needed soon, stand back less than the planners' pack"
    assert Alongside(lambda: os.nice(0)).wait() == own, (
        "the events read alongside the roster do not stand back"
    )
    assert os.nice(0) == own
