"""The `club` command as an editor uses it: exit codes, output formats, new event files."""

from __future__ import annotations

import re
from datetime import date

import pytest

from generator.diagnostics import Diagnostic, Position, Severity
from tests.support import REPO, TODAY

GALA = """\
title: 晚会
kind: other
start: 2026-12-22 20:00
end: 2026-12-22 21:00
run_sheet:
  - at: "20:00"
    until: "20:30"
    title: 开场
"""


def test_warnings_exit_zero_unless_strict(club, check) -> None:
    club.event("2026-12-22-gala.yaml", GALA)
    code, lines = check()
    assert code == 0 and len(lines) == 1 and ": warning: " in lines[0]
    assert check("--strict")[0] == 1


def test_the_summary_goes_to_stderr(club, capsys) -> None:
    club.event("2026-12-22-gala.yaml", GALA.replace("kind: other", "kind: party"))
    from generator.cli import main

    assert main(["--root", str(club.root), "check", "--today", TODAY.isoformat()]) == 1
    captured = capsys.readouterr()
    assert captured.err.strip() == "1 error, 0 warnings"


def test_github_annotations(club, check) -> None:
    club.event("2026-12-22-gala.yaml", GALA.replace("kind: other", "kind: party"))
    code, lines = check("--format", "github")
    assert code == 1
    assert lines == [
        "::error file=events/2026-12-22-gala.yaml,line=2,col=7::"
        '"party" is not a valid kind; choose one of: birthday, briefing, other'
    ]


def test_github_annotations_escape_what_would_end_the_command() -> None:
    item = Diagnostic(Position("events/a,b:c.yaml", 3, 4), Severity.WARNING, "50% done\nnext line")
    assert item.github() == "::warning file=events/a%2Cb%3Ac.yaml,line=3,col=4::50%25 done\\nnext line"


def test_outside_a_club_folder(tmp_path, capsys) -> None:
    from generator.cli import main

    assert main(["--root", str(tmp_path), "check"]) == 2
    assert "no mkdocs.yml" in capsys.readouterr().err


def test_a_bad_today_is_a_usage_error(club, capsys) -> None:
    from generator.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["--root", str(club.root), "check", "--today", "2026-02-30"])
    assert stopped.value.code == 2
    assert '"2026-02-30" is not a date' in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["birthday", "briefing", "other"])
def test_a_new_event_passes_check_as_written(club, check, capsys, kind: str) -> None:
    code, lines = club.run(
        capsys, "new", "event", "--kind", kind, "--date", "2026-12-20", "--title", "冬至 · 会员联谊会"
    )
    assert code == 0
    assert lines == ["events/2026-12-20-dong-zhi-hui-yuan-lian-yi-hui.yaml"]
    written = (club.root / lines[0]).read_text(encoding="utf-8")
    assert 'title: "冬至 · 会员联谊会"' in written
    # The template explains itself in the club's language (this club's is Chinese).
    comments = [line.split("#", 1)[1] for line in written.splitlines() if "#" in line]
    prose = [c for c in comments if not re.match(r"\s*[a-z_]+: ", c)]  # not a key left commented out
    assert prose and all(re.search(r"[\u4e00-\u9fff]", c) for c in prose), prose
    assert check("--strict") == (0, [])


def test_an_english_clubs_new_event_is_english(club, check, capsys) -> None:
    club.write(
        "mkdocs.yml",
        club.root.joinpath("mkdocs.yml").read_text("utf-8").replace("language: zh", "language: en"),
    )
    code, lines = club.run(
        capsys, "new", "event", "--kind", "birthday", "--date", "2026-12-20", "--title", "Party"
    )
    assert code == 0
    written = (club.root / lines[0]).read_text(encoding="utf-8")
    assert not re.search(r"[\u4e00-\u9fff]", written.replace("何建国", "")), written
    assert check("--strict") == (0, [])


@pytest.mark.parametrize("issue", [None, "2027-01"])
def test_a_new_article_passes_strict_check_as_written(club, check, capsys, issue: str | None) -> None:
    club.write("content/journal/index.md", "# 会刊\n")
    extra = ["--issue", issue] if issue else []
    code, lines = club.run(
        capsys,
        "new",
        "article",
        "--title",
        "冬至：包饺子",
        *extra,
        "--category",
        "会所动态",
        "--today",
        "2026-11-23",
    )
    assert code == 0
    day = "2026-11-23" if issue is None else "2027-01-01"
    assert lines == [f"content/journal/posts/{day}-dong-zhi-bao-jiao-zi.md"]
    written = (club.root / lines[0]).read_text(encoding="utf-8")
    assert f'issue: "{issue or "2026-11"}"' in written and "# 冬至：包饺子" in written
    assert check("--strict", "--today", "2026-11-23") == (0, [])
    # Once only: the same title again would overwrite it.
    assert (
        club.run(capsys, "new", "article", "--title", "冬至：包饺子", *extra, "--today", "2026-11-23")[0] == 1
    )


def test_a_new_article_refuses_an_issue_that_is_not_a_month(club, capsys) -> None:
    from generator.cli import main

    assert main(["--root", str(club.root), "new", "article", "--title", "T", "--issue", "2026-13"]) == 2
    assert '"2026-13" is not an issue; write the month as YYYY-MM' in capsys.readouterr().err
    assert main(["--root", str(club.root), "new", "article", "--title", "T", "--category", ""]) == 2
    assert "an --author or --category is empty" in capsys.readouterr().err
    assert main(["--root", str(club.root), "new", "article", "--title", "T\n---\nx: ["]) == 2
    assert "the title must be one line" in capsys.readouterr().err
    assert not (club.root / "content/journal/posts").exists()


def test_a_new_birthday_party_invites_the_members_born_near_the_date(club, capsys) -> None:
    code, lines = club.run(
        capsys, "new", "event", "--kind", "birthday", "--date", "2026-12-20", "--title", "生日会"
    )
    assert code == 0
    assert "honorees: [he-zong]" in (club.root / lines[0]).read_text(encoding="utf-8")


def test_a_new_birthday_party_with_nobody_born_near_the_date(club, capsys) -> None:
    from generator.cli import main

    code = main(
        [
            "--root",
            str(club.root),
            "new",
            "event",
            "--kind",
            "birthday",
            "--date",
            "2026-07-01",
            "--title",
            "x",
        ]
    )
    assert code == 1
    assert "name the honoree with --honoree MEMBER-ID" in capsys.readouterr().err


def test_a_new_event_never_overwrites_or_reuses_a_slug(club, capsys) -> None:
    args = ("new", "event", "--kind", "other", "--date", "2026-12-20", "--title", "Tea", "--slug", "tea")
    assert club.run(capsys, *args)[0] == 0
    code = club.run(capsys, *args[:5], "2027-01-20", *args[6:])[0]
    assert code == 1
    assert not (club.root / "events/2027-01-20-tea.yaml").exists()


def test_the_example_club_checks_clean() -> None:
    from generator.checking.session import check_root

    checked = check_root(REPO, TODAY)
    assert [d.text() for d in checked.report.items] == []
    club = checked.club
    assert len(club.members) >= 8 and len(club.tiers) >= 4
    assert any(m.birthday and (m.birthday.month, m.birthday.day) == (2, 29) for m in club.members)
    assert any(m.birthday and m.birthday.year is None for m in club.members)
    assert any(m.consent.directory for m in club.members) and any(
        not m.consent.directory for m in club.members
    )
    kinds = {e.kind for e in club.events}
    assert {"birthday", "briefing"} <= kinds
    assert any(e.status == "cancelled" for e in club.events)
    assert any(e.end.date() > e.start.date() for e in club.events), "an event runs past midnight"
    assert sum(e.start.date() > date(2026, 12, 1) for e in club.events) >= 2
    party = next(e for e in club.events if e.kind == "birthday" and e.start.date() > TODAY)
    assert any(s.crew_only for s in party.run_sheet) and any(s.cues for s in party.run_sheet)
    assert party.materials
    briefing = next(e for e in club.events if e.kind == "briefing")
    assert sum(bool(s.script) for s in briefing.run_sheet) >= 3
    assert len(club.issues) >= 2 and len(club.articles) >= 3


def test_a_value_with_a_line_break_stays_on_one_line(club, check) -> None:
    club.event("2026-12-22-gala.yaml", GALA.replace('at: "20:00"', 'at: "20:00\\n21:00"'))
    code, lines = check()
    assert code == 1
    assert lines == [
        'events/2026-12-22-gala.yaml:6:9: error: "20:00\\n21:00" is not a time; write it as HH:MM in quotes, e.g. "20:00"'
    ]
