"""What the build keeps between runs (parsed YAML, birthday components) never shows stale data."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator import yamlread
from generator.calendars import birthdays
from generator.outputs import BuildInfo
from generator.session import check_root
from tests.conftest import TODAY

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


def _entries(root: Path) -> list[Path]:
    return sorted((root / ".cache" / "yaml").glob("*/*.marshal"))


def test_an_unchanged_file_is_not_parsed_again_and_keeps_its_positions(club, check, monkeypatch) -> None:
    club.write("members.yaml", UNKNOWN_TIER)
    first = check()
    assert first[0] == 1
    assert any(line.startswith("members.yaml:8:11: error:") and "golden" in line for line in first[1])

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged file was parsed again")

    monkeypatch.setattr(yamlread, "parse", no_parsing)
    assert check() == first


def test_an_edited_file_is_read_anew_and_keeps_one_entry(club, check) -> None:
    club.write("members.yaml", UNKNOWN_TIER)
    assert check()[0] == 1
    # Same length, same size on disk: only the bytes tell the versions apart.
    club.write("members.yaml", UNKNOWN_TIER.replace("golden", "gold  "))
    code, lines = check()
    assert code == 0, lines
    club.write("members.yaml", UNKNOWN_TIER.replace("李娜", "李雪"))
    code, lines = check()
    assert code == 1 and any(line.startswith("members.yaml:8:11:") for line in lines)
    files = [p.parent.name for p in _entries(club.root)]
    assert len(files) == len(set(files)) == 2, "one entry per file (mkdocs.yml, members.yaml), the newest"


def test_a_damaged_cache_is_ignored(club, check) -> None:
    club.write("members.yaml", UNKNOWN_TIER)
    first = check()
    entries = _entries(club.root)
    assert entries
    for entry in entries:
        entry.write_bytes(b"\x00not marshal data")
    assert check() == first


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
