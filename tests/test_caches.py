"""What the build keeps between runs (parsed YAML, the validated roster, calendar components)
never shows stale data."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from generator import schema, yamlread
from generator.calendars import birthdays
from generator.diagnostics import Report
from generator.event_cache import EVENT_FIELDS, SEGMENT_FIELDS
from generator.model import Event, Member, Segment
from generator.outputs import BuildInfo
from generator.pages import EventPages
from generator.read import read_club
from generator.roster_cache import MEMBER_FIELDS
from generator.session import check_root
from tests.conftest import REPO, TODAY

UNKNOWN_TIER = """\
members:
  - id: he-zong
    name: 何建国
    tier: diamond
    birthday: 1962-12-22
  - id: li-na
    name: 李娜
    tier: golden
    birthday: "--03-15"
"""


def _entries(root: Path, kind: str = "yaml") -> list[Path]:
    return sorted((root / ".cache" / kind).glob("*/*.marshal"))


def _parse_kept(root: Path, name: str) -> bool:
    return any((root / ".cache" / "yaml" / hashlib.sha256(name.encode()).hexdigest()[:16]).glob("*.marshal"))


def test_an_unchanged_file_is_not_parsed_again_and_keeps_its_positions(club, check, monkeypatch) -> None:
    club.write("members.yaml", UNKNOWN_TIER)
    first = check()
    assert first[0] == 1
    assert any(line.startswith("members.yaml:8:11: error:") and "golden" in line for line in first[1])
    # The roster reads cleanly (an unknown tier is the check's finding): its rows are kept,
    # read without the positions of its values, and its parse with every position is made
    # and kept when the check's message needs one.
    assert _entries(club.root, "roster")
    assert _parse_kept(club.root, "members.yaml")

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged file was parsed again")

    monkeypatch.setattr(yamlread, "parse", no_parsing)
    assert check() == first


def test_an_edited_file_is_read_anew_and_keeps_one_entry(club, check) -> None:
    # A roster with a mistake is read again on every build, from its kept parse.
    club.write("members.yaml", BAD_DATE)
    assert check()[0] == 1
    # Same length, same size on disk: only the bytes tell the versions apart.
    club.write("members.yaml", BAD_DATE.replace("golden", "gold  "))
    code, lines = check()
    assert code == 1 and not any("golden" in line for line in lines), lines
    club.write("members.yaml", BAD_DATE.replace("李娜", "李雪"))
    code, lines = check()
    assert code == 1 and any(line.startswith("members.yaml:8:11:") for line in lines)
    files = [p.parent.name for p in _entries(club.root)]
    assert len(files) == len(set(files)) == 2, "one entry per file (mkdocs.yml, members.yaml), the newest"


def test_a_damaged_cache_is_ignored(club, check) -> None:
    club.write("members.yaml", UNKNOWN_TIER)
    first = check()
    assert check() == first  # its parse kept now: the roster's positions were needed again
    entries = _entries(club.root) + _entries(club.root, "roster")
    assert len(entries) == 3, "mkdocs.yml and members.yaml parsed, the roster validated"
    for entry in entries:
        entry.write_bytes(b"\x00not marshal data")
    assert check() == first


# The validated roster ----------------------------------------------------------------------

BAD_DATE = UNKNOWN_TIER.replace("birthday: 1962-12-22", "birthday: 1962-13-22")


def test_a_roster_with_a_problem_is_read_once_a_build(club, check, monkeypatch) -> None:
    # Its parse with every position is kept, and a rebuild's first read takes it: each
    # member is validated once, not once without positions and again with them.
    club.write("members.yaml", BAD_DATE)
    first = check()
    assert first[0] == 1 and any(line.startswith("members.yaml:5:15:") for line in first[1]), first
    validated: list[object] = []
    validate = schema.MemberIn.model_validate

    def counted(*args: Any, **kwargs: Any) -> Any:
        validated.append(args)
        return validate(*args, **kwargs)

    monkeypatch.setattr(schema.MemberIn, "model_validate", counted)
    assert check() == first
    assert len(validated) == 2, "two members, each validated once"


def test_an_unchanged_roster_is_not_validated_again_and_reads_the_same(club, monkeypatch) -> None:
    first = read_club(club.root, Report())
    assert first.members

    def no_validating(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged roster was validated again")

    monkeypatch.setattr(schema.MemberIn, "model_validate", no_validating)
    monkeypatch.setattr(yamlread, "parse", no_validating)
    again = read_club(club.root, Report())
    assert again.members == first.members  # every field, the position of each member too
    assert again.tiers == first.tiers
    assert again.roster_ids == first.roster_ids


def test_a_roster_row_holds_every_field_of_a_member() -> None:
    # A field added to Member and not to the row would come back from the cache empty.
    assert tuple(f.name for f in fields(Member)) == MEMBER_FIELDS


def test_a_roster_with_a_mistake_is_never_kept(club, check) -> None:
    club.write("members.yaml", BAD_DATE)
    first = check()
    assert first[0] == 1 and any(line.startswith("members.yaml:5:15:") for line in first[1]), first
    assert check() == first
    assert _entries(club.root, "roster") == []


def test_positions_in_a_kept_roster_come_from_the_file_when_a_check_needs_them(club, check) -> None:
    club.write("members.yaml", UNKNOWN_TIER)  # reads cleanly; the unknown tier is a check's finding
    first = check()
    assert _entries(club.root, "roster")
    shutil.rmtree(club.root / ".cache" / "yaml")  # the roster's parse is gone, its rows are kept
    assert check() == first


# Events as read ------------------------------------------------------------------------------

BRIEFING = """\
title: 新盘说明会
kind: briefing
start: 2026-12-05 14:00
end: 2026-12-05 16:00
honorees: [he-zong]
run_sheet:
  - at: "14:00"
    title: 签到
  - at: "14:30"
    title: 讲解
"""


def _zones(events: list[Any]) -> list[str]:
    return [
        m.tzinfo.key
        for e in events
        for m in (e.start, e.end, *(t for s in e.run_sheet for t in (s.start, s.end)))
    ]


def test_unchanged_events_are_not_validated_again_and_read_the_same(club, monkeypatch) -> None:
    shutil.copytree(REPO / "events", club.root / "events", dirs_exist_ok=True)
    first = read_club(club.root, Report())
    assert len(first.events) == len(list((REPO / "events").glob("*.yaml")))

    def no_validating(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged event was validated again")

    monkeypatch.setattr(schema.EventIn, "model_validate", no_validating)
    monkeypatch.setattr(yamlread, "parse", no_validating)
    again = read_club(club.root, Report())
    for kept, read in zip(again.events, first.events, strict=True):
        kept.source = read.source = None  # the parsed file, or the way to parse it
        assert kept == read
    assert _zones(again.events) == _zones(first.events)  # the same instants in the same zones


def test_an_event_row_holds_every_field() -> None:
    assert tuple(f.name for f in fields(Event)) == EVENT_FIELDS
    assert tuple(f.name for f in fields(Segment)) == SEGMENT_FIELDS


def test_an_event_with_a_mistake_is_never_kept(club, check) -> None:
    club.event("2026-12-05-briefing.yaml", BRIEFING.replace("14:30", "25:30"))
    first = check()
    assert first[0] == 1 and any(line.startswith("events/2026-12-05-briefing.yaml:9:9:") for line in first[1])
    assert check() == first


def test_a_new_default_time_zone_reads_the_events_anew(club) -> None:
    club.event("2026-12-05-briefing.yaml", BRIEFING)
    shanghai = read_club(club.root, Report()).events[0]
    club.write("mkdocs.yml", (club.root / "mkdocs.yml").read_text().replace("Asia/Shanghai", "Europe/London"))
    london = read_club(club.root, Report()).events[0]
    assert london.start - shanghai.start == timedelta(hours=8)
    assert london.run_sheet[1].start.tzinfo.key == "Europe/London"


def test_a_check_points_into_a_kept_event_without_its_parse(club, check) -> None:
    club.event("2026-12-05-briefing.yaml", BRIEFING.replace("[he-zong]", "[he-zong, wang-wu]"))
    first = check()
    assert any(line.startswith("events/2026-12-05-briefing.yaml:5:21:") for line in first[1]), first
    shutil.rmtree(club.root / ".cache" / "yaml")
    assert check() == first


# Event pages -----------------------------------------------------------------------------------


def _event_pages(root: Path) -> dict[str, str]:
    club = read_club(root, Report())
    pages = EventPages(TODAY).outputs(club, _build(root, datetime(2026, 11, 23, tzinfo=UTC)))
    return {o.path: str(o.content) for o in pages}


def test_a_kept_event_page_is_the_page_a_fresh_build_writes(club) -> None:
    shutil.copytree(REPO / "events", club.root / "events", dirs_exist_ok=True)
    first = _event_pages(club.root)
    assert len(first) >= 5 and (club.root / ".cache" / "pages").is_dir()
    assert _event_pages(club.root) == first
    shutil.rmtree(club.root / ".cache" / "pages")
    assert _event_pages(club.root) == first


def test_an_edited_event_or_a_new_language_writes_the_page_anew(club) -> None:
    path = club.event("2026-12-05-briefing.yaml", BRIEFING)
    page = "events/briefing/index.md"
    assert "签到" in _event_pages(club.root)[page]
    path.write_text(BRIEFING.replace("签到", "入场登记"), encoding="utf-8")
    edited = _event_pages(club.root)[page]
    assert "入场登记" in edited and "签到" not in edited
    club.write("mkdocs.yml", (club.root / "mkdocs.yml").read_text().replace("language: zh", "language: en"))
    assert "Agenda" in _event_pages(club.root)[page]


# Birthdays -----------------------------------------------------------------------------------


def _build(root: Path, built_at: datetime) -> BuildInfo:
    return BuildInfo(root, built_at, "test", root / ".cache")


def _dtstamps(calendar: bytes) -> set[str]:
    return set(re.findall(r"^DTSTAMP:(\S+)\r$", calendar.decode(), re.MULTILINE))


def test_birthdays_from_the_cache_are_the_bytes_a_fresh_build_writes(club, tmp_path: Path) -> None:
    checked = check_root(club.root, TODAY)
    monday, tuesday = datetime(2026, 11, 23, 9, tzinfo=UTC), datetime(2026, 11, 24, 18, 30, tzinfo=UTC)
    cold = birthdays(checked.club, _build(club.root, monday))
    assert (club.root / ".cache" / "calendars" / "birthdays.marshal").exists()
    assert birthdays(checked.club, _build(club.root, monday)) == cold
    # Every component carries the build's own DTSTAMP, also those kept from an earlier build.
    later = birthdays(checked.club, _build(club.root, tuesday))
    assert _dtstamps(cold) == {"20261123T090000Z"}
    assert _dtstamps(later) == {"20261124T183000Z"}
    assert later.count(b"BEGIN:VEVENT") == cold.count(b"BEGIN:VEVENT") == 2


def test_an_edited_or_departed_member_changes_the_birthday_calendar(club) -> None:
    build = _build(club.root, datetime(2026, 11, 23, 9, tzinfo=UTC))
    before = birthdays(check_root(club.root, TODAY).club, build).decode()
    assert "李娜" in before and "何建国" in before
    members = (club.root / "members.yaml").read_text(encoding="utf-8")
    club.write("members.yaml", members.replace("李娜", "李雪").replace("1962-12-22", "1962-12-23"))
    after = birthdays(check_root(club.root, TODAY).club, build).decode()
    assert "李雪" in after and "李娜" not in after
    assert "DTSTART;VALUE=DATE:19621223" in after and "19621222" not in after
    only_he = members.split("  - id: li-na")[0]
    club.write("members.yaml", only_he)
    alone = birthdays(check_root(club.root, TODAY).club, build).decode()
    assert alone.count("BEGIN:VEVENT") == 1 and "李" not in alone


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"\xfb\x00\x00\x00\x00"])
def test_a_damaged_birthday_cache_is_ignored(club, damage: bytes) -> None:
    build = _build(club.root, datetime(2026, 11, 23, 9, tzinfo=UTC))
    checked = check_root(club.root, TODAY)
    fresh = birthdays(checked.club, build)
    (club.root / ".cache" / "calendars" / "birthdays.marshal").write_bytes(damage)
    assert birthdays(checked.club, build) == fresh


# Public events -------------------------------------------------------------------------------

PARTY = """\
title: 冬至联欢会
kind: other
start: 2026-12-20 18:00
end: 2026-12-20 21:00
venue: 会所大厅
"""


def _event_calendar(root: Path, built_at: datetime) -> str:
    from generator.calendars import PublicCalendars

    checked = check_root(root, TODAY)
    outputs = PublicCalendars().outputs(checked.club, _build(root, built_at))
    return next(bytes(o.content) for o in outputs if o.path == "events/dongzhi/dongzhi.ics").decode()


def test_an_edited_event_is_written_anew_with_each_builds_dtstamp(club) -> None:
    club.event("2026-12-20-dongzhi.yaml", PARTY)
    monday, tuesday = datetime(2026, 11, 23, 9, tzinfo=UTC), datetime(2026, 11, 24, 18, 30, tzinfo=UTC)
    first = _event_calendar(club.root, monday)
    assert _event_calendar(club.root, monday) == first
    assert "DTSTAMP:20261124T183000Z" in _event_calendar(club.root, tuesday)
    club.event("2026-12-20-dongzhi.yaml", PARTY.replace("会所大厅", "丽泽汇馆").replace("18:00", "18:30"))
    moved = _event_calendar(club.root, monday)
    assert "LOCATION:丽泽汇馆" in moved and "会所大厅" not in moved
    assert "DTSTART;TZID=Asia/Shanghai:20261220T183000" in moved


# Events read on two cores ------------------------------------------------------------------------

BROKEN_EVENT = "title: 年会\nkind: party\nstart: 2026-12-30 18:00\n"


def _many_events(club: Any) -> None:
    shutil.copytree(REPO / "events", club.root / "events", dirs_exist_ok=True)
    for day in range(10, 20):
        club.event(f"2026-12-{day}-briefing.yaml", BRIEFING.replace("2026-12-05", f"2026-12-{day}"))
    club.event("2026-12-30-party.yaml", BROKEN_EVENT)
    club.write("members.yaml", BAD_DATE)


def _as_read(root: Path) -> tuple[list[dict[str, Any]], list[str]]:
    report = Report()
    events = read_club(root, report).events
    rows = [{f.name: getattr(e, f.name) for f in fields(Event) if f.name != "source"} for e in events]
    return rows, [d.text() for d in report.items]


def _record_who_validates(monkeypatch, log: Path) -> None:
    from generator import read

    validated = read._validated_event

    def recorded(root, relative, *args, **kwargs):  # type: ignore[no-untyped-def]
        # A file is first read without the positions of its values; only one with a
        # problem is read again, with them, for its messages: not a second reading here.
        if kwargs.get("every_position", True) is False:
            with log.open("a") as out:
                out.write(f"{os.getpid()} {relative}\n")
        return validated(root, relative, *args, **kwargs)

    monkeypatch.setattr(read, "_validated_event", recorded)


def _slowly(function: Any, seconds: float, unless_pid: int | None = None) -> Any:
    def slow(*args: Any, **kwargs: Any) -> Any:
        if os.getpid() != unless_pid:
            time.sleep(seconds)
        return function(*args, **kwargs)

    return slow


@pytest.mark.parametrize("slower", ["roster", "second process"])
def test_events_read_on_two_cores_are_those_read_on_one(club, monkeypatch, tmp_path, slower) -> None:
    from generator import alongside, read

    _many_events(club)
    monkeypatch.setattr(alongside, "_can_fork", lambda: False)
    alone = _as_read(club.root)
    assert len(alone[0]) == 18 and len(alone[1]) == 3, alone[1]
    assert alone[1][0].startswith("members.yaml:5:15:"), "the roster's problems come first"
    assert alone[1][1].startswith("events/2026-12-30-party.yaml:2:7:")
    shutil.rmtree(club.root / ".cache")

    log = tmp_path / "validated.txt"
    _record_who_validates(monkeypatch, log)
    monkeypatch.setattr(read, "APART_FROM", 1)
    monkeypatch.setattr(alongside, "_can_fork", lambda: True)
    if slower == "roster":  # the second process reads every event meanwhile
        monkeypatch.setattr(read, "read_roster", _slowly(read.read_roster, 2.0))
    else:  # this process reads most of them, from the last file back
        monkeypatch.setattr(read, "_validated_event", _slowly(read._validated_event, 0.5, os.getpid()))
    assert _as_read(club.root) == alone

    readers = [line.split() for line in log.read_text().splitlines()]
    here = [name for pid, name in readers if pid == str(os.getpid())]
    # A file with a problem is not kept: this process validates it again to report it.
    clean = [name for _, name in readers if name != "events/2026-12-30-party.yaml"]
    assert sorted(clean) == sorted(set(clean)) and len(clean) == 18, "every clean file validated once"
    assert "events/2026-12-30-party.yaml" in here
    here.remove("events/2026-12-30-party.yaml")
    if slower == "roster":
        assert here == [], "the second process read them all while the roster was read"
    else:
        assert len(here) >= 10 and "events/2026-12-19-briefing.yaml" in here
    # What the second process read was kept, as what this one read: a rebuild validates nothing.
    log.unlink()
    assert _as_read(club.root) == alone
    assert {line.split()[1] for line in log.read_text().splitlines()} == {"events/2026-12-30-party.yaml"}


def test_a_failure_in_the_second_reader_leaves_the_reading_to_this_one(club, monkeypatch) -> None:
    from generator import alongside, read

    _many_events(club)
    monkeypatch.setattr(alongside, "_can_fork", lambda: False)
    alone = _as_read(club.root)
    shutil.rmtree(club.root / ".cache")

    def broken(*args: object) -> None:
        raise MemoryError

    monkeypatch.setattr(read, "APART_FROM", 1)
    monkeypatch.setattr(alongside, "_can_fork", lambda: True)
    monkeypatch.setattr(read, "_read_from_front", broken)
    assert _as_read(club.root) == alone


def test_a_check_without_findings_parses_no_kept_event(club, check, monkeypatch) -> None:
    shutil.copytree(REPO / "events", club.root / "events", dirs_exist_ok=True)
    shutil.copy(REPO / "members.yaml", club.root / "members.yaml")
    first = check()
    assert first[0] == 0, first
    shutil.rmtree(club.root / ".cache" / "yaml")
    parse = yamlread.parse

    def only_other_files(text: str, name: str, *args: Any, **kwargs: Any) -> Any:
        assert not name.startswith("events/"), f"{name} was parsed, though no message points into it"
        return parse(text, name, *args, **kwargs)

    monkeypatch.setattr(yamlread, "parse", only_other_files)
    assert check() == first


def test_the_parse_of_an_event_with_a_problem_is_kept_and_not_written_again(club, check) -> None:
    club.event("2026-12-30-party.yaml", BROKEN_EVENT)
    first = check()
    assert first[0] == 1
    # Written atomically (a new file renamed into place): a rewrite shows as a new inode.
    inodes = {p: p.stat().st_ino for p in _entries(club.root)}
    assert len(inodes) == 2, "mkdocs.yml and the event with a problem (the roster is kept as rows)"
    assert check() == first
    assert {p: p.stat().st_ino for p in _entries(club.root)} == inodes


def test_without_shared_memory_the_events_are_read_in_one_process(club, monkeypatch, tmp_path) -> None:
    import multiprocessing

    from generator import alongside, read

    _many_events(club)
    monkeypatch.setattr(alongside, "_can_fork", lambda: False)
    alone = _as_read(club.root)
    shutil.rmtree(club.root / ".cache")

    def no_shared_memory(*args: object, **kwargs: object) -> None:
        raise OSError(38, "Function not implemented")  # a container without /dev/shm

    monkeypatch.setattr(type(multiprocessing.get_context("fork")), "Array", no_shared_memory)
    monkeypatch.setattr(read, "APART_FROM", 1)
    monkeypatch.setattr(alongside, "_can_fork", lambda: True)
    log = tmp_path / "validated.txt"
    _record_who_validates(monkeypatch, log)
    assert _as_read(club.root) == alone
    assert {line.split()[0] for line in log.read_text().splitlines()} == {str(os.getpid())}


class _Cycle:
    """Garbage only the cyclic collector can free: it refers to itself."""

    def __init__(self) -> None:
        self.itself = self


def test_a_rebuild_frees_what_the_last_read_left_in_cycles(club, monkeypatch) -> None:
    # `club serve` reads the club again and again in one process: what a read left behind
    # must not stay for the life of the server, though reading keeps the collector away.
    import gc
    import weakref

    from generator import kept, read

    monkeypatch.setattr(kept, "_froze_a_club", False)  # as in a new process
    left: list[weakref.ref[_Cycle]] = []
    read_settings = read.read_settings

    def leaving_a_cycle(*args: Any) -> Any:
        left.append(weakref.ref(_Cycle()))
        return read_settings(*args)

    monkeypatch.setattr(read, "read_settings", leaving_a_cycle)
    read_club(club.root, Report())
    read_club(club.root, Report())
    assert gc.isenabled()
    gc.collect()
    assert left[0]() is None


def test_collection_is_on_again_after_a_read_that_failed(club, monkeypatch) -> None:
    import gc

    from generator import read

    def failing(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(read, "read_settings", failing)
    with pytest.raises(KeyboardInterrupt):
        read_club(club.root, Report())
    assert gc.isenabled()
