"""Calendars, read back by three independent parsers (vobject, ical, ical.js) and compared
as instants: the example club's feeds and files, a daylight-saving night, 29 February,
a moved event, a cancelled one, text that needs escaping, and the whole build."""

from __future__ import annotations

import copy
import dataclasses
import itertools
import re
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.calendars.calendars import (
    PublicCalendars,
    birthdays,
    invitation,
    plain_text,
    zone_rule,
)
from generator.checking.session import check_root
from generator.model import Club
from generator.writing.outputs import BuildInfo
from tests.calendar_parsers.readers import (
    Occurrence,
    ical_reads_its_vtimezones,
    icaljs_ready,
    unknown_tzids,
    with_ical,
    with_icaljs,
    with_vobject,
)
from tests.calendars.test_history import EVENT, Repo
from tests.support import REPO, TODAY

BUILT = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
WINDOW = (date(2027, 1, 1), date(2029, 1, 1))  # 2027 (a common year) and 2028 (a leap year)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def unfolded(data: bytes | str) -> str:
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return text.replace("\r\n ", "").replace("\r\n\t", "")


def block(text: str, marker: str) -> str:
    """The one VEVENT of `text` that contains `marker`."""
    (found,) = [e for e in re.findall(r"BEGIN:VEVENT.*?END:VEVENT", text, re.DOTALL) if marker in e]
    return found


def python_readers(text: str, only_vtimezones: bool = False) -> dict[str, list[Occurrence]]:
    found = {"vobject": with_vobject(text, *WINDOW)}
    if not only_vtimezones or ical_reads_its_vtimezones(text):
        found["ical"] = with_ical(text, *WINDOW)
    return found


def all_readers(calendars_by_name: dict[str, str]) -> dict[str, dict[str, list[Occurrence]]]:
    """name -> reader -> occurrences, for the calendars as written and with their TZIDs
    renamed (so that every reader must use the VTIMEZONE, as Outlook does)."""
    texts = dict(calendars_by_name)
    texts.update({f"{name} (unknown tzids)": unknown_tzids(text) for name, text in calendars_by_name.items()})
    found = {name: python_readers(text, name.endswith("(unknown tzids)")) for name, text in texts.items()}
    reason = icaljs_ready()
    if reason:
        pytest.skip(reason)
    for name, occurrences in with_icaljs(texts, *WINDOW).items():
        found[name]["ical.js"] = occurrences
    return found


def spans(occurrences: list[Occurrence], uid: str) -> list[tuple[object, object]]:
    return sorted((o.start, o.end) for o in occurrences if o.uid == uid)  # type: ignore[type-var]


def build_for(root: Path, cache: Path) -> BuildInfo:
    return BuildInfo(root, BUILT, "test", cache)


# The example club ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Club, BuildInfo]:
    checked = check_root(REPO, TODAY)
    assert not checked.report.errors
    return checked.club, build_for(REPO, tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def example_calendars(example: tuple[Club, BuildInfo]) -> dict[str, bytes]:
    club, build = example
    made = {o.path: o.content for o in PublicCalendars().outputs(club, build) if o.path.endswith(".ics")}
    made["private/birthdays.ics"] = birthdays(club, build)
    mar1 = copy.copy(club)
    mar1.settings = dataclasses.replace(club.settings, leap_day_birthdays="mar1")
    made["private/birthdays-mar1.ics"] = birthdays(mar1, build)
    party, hike = club.events_by_slug["nostalgia-birthday-party"], club.events_by_slug["cuiping-autumn-hike"]
    made["invite/he-zong.ics"] = invitation(club, party, club.members_by_id["he-zong"], build)
    made["invite/li-na-cancelled.ics"] = invitation(club, hike, club.members_by_id["li-na"], build)
    assert all(isinstance(v, bytes) for v in made.values())
    return made  # type: ignore[return-value]


@pytest.fixture(scope="module")
def example_read(example_calendars: dict[str, bytes]) -> dict[str, dict[str, list[Occurrence]]]:
    return all_readers({name: data.decode("utf-8") for name, data in example_calendars.items()})


def test_the_example_club_gets_every_public_calendar(example_calendars: dict[str, bytes]) -> None:
    public = [
        "spring-tea-tasting",
        "october-birthday-party",
        "cuiping-autumn-hike",
        "nostalgia-birthday-party",
        "new-year-countdown",
        "new-year-owners-briefing",
        "lantern-festival",
    ]  # every event but the draft Hong Kong trip
    expected = {f"events/{slug}/{slug}.ics" for slug in public}
    expected |= {"calendar.ics", "calendar/birthday.ics", "calendar/briefing.ics", "calendar/other.ics"}
    assert {name for name in example_calendars if not name.startswith(("private/", "invite/"))} == expected


def test_every_calendar_reads_the_same_in_three_parsers(
    example_calendars: dict[str, bytes], example_read: dict[str, dict[str, list[Occurrence]]]
) -> None:
    for name, data in example_calendars.items():
        uids = set(re.findall(r"^UID:(.+)\r$", unfolded(data), re.MULTILINE))
        for variant in (name, f"{name} (unknown tzids)"):
            readers = example_read[variant]
            assert set(readers) >= {"vobject", "ical.js"} and (variant == name) <= ("ical" in readers)
            reference = sorted(
                (o.uid, o.start, o.end, o.summary, o.sequence, o.status) for o in readers["vobject"]
            )
            assert {o.uid for o in readers["vobject"]} == uids, variant
            for reader, occurrences in readers.items():
                got = sorted((o.uid, o.start, o.end, o.summary, o.sequence, o.status) for o in occurrences)
                assert got == reference, (variant, reader)


def test_the_event_past_midnight_ends_on_new_years_day(
    example_calendars: dict[str, bytes], example_read: dict[str, dict[str, list[Occurrence]]]
) -> None:
    uid = "new-year-countdown@club.example.org"
    text = unfolded(example_calendars["events/new-year-countdown/new-year-countdown.ics"])
    assert "DTSTART;TZID=Asia/Shanghai:20261231T210000\r\n" in text
    assert "DTEND;TZID=Asia/Shanghai:20270101T003000\r\n" in text
    # 21:00 and 00:30 in Shanghai (UTC+8, no daylight saving) are 13:00 and 16:30 UTC.
    expected = [(utc("2026-12-31T13:00:00"), utc("2026-12-31T16:30:00"))]
    for name in ("events/new-year-countdown/new-year-countdown.ics", "calendar.ics", "calendar/other.ics"):
        for variant in (name, f"{name} (unknown tzids)"):
            for reader, occurrences in example_read[variant].items():
                assert spans(occurrences, uid) == expected, (variant, reader)


def test_the_cancelled_hike_stays_in_the_feed_marked_cancelled(
    example_calendars: dict[str, bytes], example_read: dict[str, dict[str, list[Occurrence]]]
) -> None:
    uid = "cuiping-autumn-hike@club.example.org"
    for name in ("calendar.ics", "calendar/other.ics", "events/cuiping-autumn-hike/cuiping-autumn-hike.ics"):
        for reader, occurrences in example_read[name].items():
            hike = [o for o in occurrences if o.uid == uid]
            assert [(o.status, o.summary) for o in hike] == [("CANCELLED", "已取消：翠屏山秋季登高健步行")], (
                reader
            )
            assert (hike[0].start, hike[0].end) == (utc("2026-11-29T00:30:00"), utc("2026-11-29T04:30:00"))
        hike_text = unfolded(example_calendars[name]).split(f"UID:{uid}")[1].split("END:VEVENT")[0]
        assert "BEGIN:VALARM" not in hike_text  # no reminder for an event that will not happen
    invite = unfolded(example_calendars["invite/li-na-cancelled.ics"])
    assert "METHOD:CANCEL\r\n" in invite and "STATUS:CANCELLED\r\n" in invite
    assert invite.count("ATTENDEE") == 1 and "mailto:li.na@example.org" in invite


def test_the_feeds_are_subscribable_and_carry_no_attendees(
    example: tuple[Club, BuildInfo], example_calendars: dict[str, bytes]
) -> None:
    club, _ = example
    site = club.settings.site_name
    names = {
        "calendar.ics": site,
        "calendar/birthday.ics": f"{site} · 生日会",
        "calendar/briefing.ics": f"{site} · 说明会",
        "calendar/other.ics": f"{site} · 活动",
    }
    for name, title in names.items():
        text = unfolded(example_calendars[name])
        for line in (
            "METHOD:PUBLISH",
            f"X-WR-CALNAME:{title}",
            "X-WR-TIMEZONE:Asia/Shanghai",
            "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
            "X-PUBLISHED-TTL:PT12H",
        ):
            assert f"\r\n{line}\r\n" in text, (name, line)
    for name, data in example_calendars.items():
        if name.startswith(("private/", "invite/")):
            continue
        text = unfolded(data)
        assert "ATTENDEE" not in text and "METHOD:PUBLISH\r\n" in text
        assert text.count("BEGIN:VEVENT") == text.count("ORGANIZER;CN=")
    feed = re.findall(r"^UID:(.+)\r$", unfolded(example_calendars["calendar.ics"]), re.MULTILINE)
    by_kind = [
        uid
        for kind in ("birthday", "briefing", "other")
        for uid in re.findall(
            r"^UID:(.+)\r$", unfolded(example_calendars[f"calendar/{kind}.ics"]), re.MULTILINE
        )
    ]
    assert sorted(by_kind) == sorted(feed) and len(feed) == 7
    assert re.findall(
        r"^UID:(.+)\r$", unfolded(example_calendars["calendar/briefing.ics"]), re.MULTILINE
    ) == ["new-year-owners-briefing@club.example.org"]


def test_one_uid_per_event_everywhere_and_a_fixed_dtstamp(example_calendars: dict[str, bytes]) -> None:
    uid = "UID:nostalgia-birthday-party@club.example.org\r\n"
    for name in (
        "calendar.ics",
        "calendar/birthday.ics",
        "events/nostalgia-birthday-party/nostalgia-birthday-party.ics",
        "invite/he-zong.ics",
    ):
        text = unfolded(example_calendars[name])
        assert text.count(uid) == 1, name
        stamps = set(re.findall(r"^DTSTAMP:(.+)\r$", text, re.MULTILINE))
        assert stamps == {"20261120T080000Z"}, name  # the build's time, not the clock's
    sequence = {
        name: re.findall(r"^SEQUENCE:(\d+)\r$", block(unfolded(example_calendars[name]), uid), re.MULTILINE)
        for name in (
            "calendar.ics",
            "events/nostalgia-birthday-party/nostalgia-birthday-party.ics",
            "invite/he-zong.ics",
        )
    }
    assert len({tuple(found) for found in sequence.values()}) == 1 and len(sequence["calendar.ics"]) == 1


def test_the_public_description_is_plain_text_without_crew_notes(example_calendars: dict[str, bytes]) -> None:
    text = unfolded(example_calendars["events/nostalgia-birthday-party/nostalgia-birthday-party.ics"])
    description = re.search(r"^DESCRIPTION:(.*)\r$", text, re.MULTILINE)
    assert description is not None
    assert "**" not in description.group(1)  # the summary's Markdown is gone
    assert "以 “那些年我们曾走过的青春” 为主题" in description.group(1)
    assert description.group(1).endswith(
        r"寿星：何总、张总\n\nhttps://club.example.org/events/nostalgia-birthday-party/"
    )
    assert "URL:https://club.example.org/events/nostalgia-birthday-party/\r\n" in text
    assert "LOCATION:丽泽汇馆\\, 四川省宜宾市翠屏区丽泽路 88 号（示例地址）\r\n" in text
    for private in (
        "何总和张总到场后先引至休息区",
        "以上活动策划案",
        "会场布置终检",
        "he.jianguo@example.org",
    ):
        assert private not in text


def test_the_invitation_has_exactly_one_attendee(
    example_calendars: dict[str, bytes], example: tuple[Club, BuildInfo]
) -> None:
    import vobject
    from ical.calendar_stream import IcsCalendarStream

    data = example_calendars["invite/he-zong.ics"].decode("utf-8")
    read = vobject.readOne(data)
    assert read.method.value == "REQUEST"
    attendees = read.vevent.contents["attendee"]
    assert len(attendees) == 1
    assert attendees[0].value == "mailto:he.jianguo@example.org"
    params = {key: values[0] for key, values in attendees[0].params.items()}
    assert params == {
        "CN": "何总",
        "CUTYPE": "INDIVIDUAL",
        "ROLE": "REQ-PARTICIPANT",
        "PARTSTAT": "NEEDS-ACTION",
        "RSVP": "TRUE",
    }
    event = IcsCalendarStream.calendar_from_ics(data).events[0]
    assert [(a.uri, a.common_name, a.rsvp) for a in event.attendees] == [
        ("mailto:he.jianguo@example.org", "何总", True)
    ]
    assert event.organizer is not None and event.organizer.uri == "mailto:events@example.org"
    club, build = example
    with pytest.raises(ValueError, match="huang-lei has no email"):
        invitation(
            club, club.events_by_slug["nostalgia-birthday-party"], club.members_by_id["huang-lei"], build
        )


def test_every_time_has_a_zone_that_outlook_reads(example_calendars: dict[str, bytes]) -> None:
    for name, data in example_calendars.items():
        text = unfolded(data)
        assert "RDATE" not in text, name
        events = re.findall(r"BEGIN:VEVENT.*?END:VEVENT", text, re.DOTALL)
        for line in re.findall(r"^DT(?:START|END)[;:].*$", "\n".join(events), re.MULTILINE):
            assert re.match(r"DT\w+(;TZID=[^:;]+:\d{8}T\d{6}|;VALUE=DATE:\d{8}|:\d{8}T\d{6}Z)\r$", line), line
        used = set(re.findall(r";TZID=([^:;]+):", "\n".join(events)))
        zones = re.findall(r"BEGIN:VTIMEZONE\r\nTZID:([^\r]+)\r\n(.*?)END:VTIMEZONE", text, re.DOTALL)
        assert used <= {tzid for tzid, _ in zones}, name
        for tzid, body in zones:
            for part in re.findall(
                r"BEGIN:(?:STANDARD|DAYLIGHT).*?END:(?:STANDARD|DAYLIGHT)", body, re.DOTALL
            ):
                offsets = re.findall(r"TZOFFSET(?:FROM|TO):([+-]\d{4})", part)
                assert "RRULE:FREQ=YEARLY" in part or offsets[0] == offsets[1], (name, tzid)


def test_lines_are_folded_at_75_octets_with_crlf(example_calendars: dict[str, bytes]) -> None:
    for name, data in example_calendars.items():
        assert data.endswith(b"END:VCALENDAR\r\n")
        assert b"\n" not in data.replace(b"\r\n", b"") and b"\r" not in data.replace(b"\r\n", b""), name
        for line in data.split(b"\r\n"):
            assert len(line) <= 75, (name, line)
            line.decode("utf-8")  # a fold never splits a character


# 29 February -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("calendar", "in_2027"),
    [("private/birthdays.ics", date(2027, 2, 28)), ("private/birthdays-mar1.ics", date(2027, 3, 1))],
)
def test_a_29_february_birthday_comes_every_year_on_the_clubs_day(
    calendar: str, in_2027: date, example_read: dict[str, dict[str, list[Occurrence]]]
) -> None:
    for reader, occurrences in example_read[calendar].items():
        days = sorted(
            (o.start, o.end)  # type: ignore[type-var]
            for o in occurrences
            if o.uid.startswith("birthday.wang-fang") and WINDOW[0] <= o.start < WINDOW[1]  # type: ignore[operator]
        )
        assert days == [(in_2027, in_2027 + timedelta(days=1)), (date(2028, 2, 29), date(2028, 3, 1))], reader


def test_every_member_has_a_yearly_birthday_with_tier_and_a_reminder(
    example: tuple[Club, BuildInfo],
    example_calendars: dict[str, bytes],
    example_read: dict[str, dict[str, list[Occurrence]]],
) -> None:
    club, _ = example
    assert all(m.birthday for m in club.members)
    for reader, occurrences in example_read["private/birthdays.ics"].items():
        yearly = {o.uid for o in occurrences if not o.uid.startswith("birthday.wang-fang")}
        assert yearly == {f"birthday.{m.id}@club.example.org" for m in club.members if m.id != "wang-fang"}
        he = sorted(o.start for o in occurrences if o.uid == "birthday.he-zong@club.example.org")  # type: ignore[type-var]
        assert he == [date(2027, 12, 22), date(2028, 12, 22)], reader
        chen = sorted(o.start for o in occurrences if o.uid == "birthday.chen-jing@club.example.org")  # type: ignore[type-var]
        assert chen == [date(2027, 3, 15), date(2028, 3, 15)], reader  # a birthday with no year
        summaries = {o.summary for o in occurrences}
        assert "何总（何建国）生日 · 钻石会员" in summaries and "孙浩生日 · 金卡会员" in summaries
    text = unfolded(example_calendars["private/birthdays.ics"])
    assert text.count("BEGIN:VALARM") == text.count("BEGIN:VEVENT")
    assert set(re.findall(r"^TRIGGER:(.+)\r$", text, re.MULTILINE)) == {"-P2DT15H"}  # 09:00, 3 days ahead


# A club of our own: daylight saving, escaping, reminders ------------------------------------

BERLIN_NIGHT = """\
title: 柏林长夜
kind: other
start: 2026-10-24 22:00
end: 2026-10-25 06:00
timezone: Europe/Berlin
venue: Berlin
"""
NEW_YORK_NIGHT = """\
title: Broadway night
kind: other
start: 2027-03-13 22:00
end: 2027-03-14 06:00
timezone: America/New_York
"""
BERLIN_TWICE = """\
title: Twice half past two
kind: other
start: 2026-10-25 02:30
end: 2026-10-25 03:30
timezone: Europe/Berlin
"""
CASABLANCA = """\
title: Casablanca
kind: briefing
start: 2026-07-01 10:00
end: 2026-07-01 12:00
timezone: Africa/Casablanca
"""


def own_calendars(club, tmp_path: Path) -> dict[str, bytes]:
    checked = check_root(club.root, TODAY)
    assert not checked.report.errors, [d.text() for d in checked.report.errors]
    build = build_for(club.root, tmp_path / "cache")
    return {
        o.path: o.content for o in PublicCalendars().outputs(checked.club, build) if o.path.endswith(".ics")
    }


def test_events_across_a_daylight_saving_change_keep_their_instants(club, tmp_path: Path) -> None:
    club.event("2026-10-24-berlin.yaml", BERLIN_NIGHT)
    club.event("2027-03-13-new-york.yaml", NEW_YORK_NIGHT)
    club.event("2026-10-25-twice.yaml", BERLIN_TWICE)
    club.event("2026-07-01-casablanca.yaml", CASABLANCA)
    made = own_calendars(club, tmp_path)
    feed = unfolded(made["calendar.ics"])
    # 22:00 CEST (UTC+2) to 06:00 CET (UTC+1): nine hours, not eight.
    berlin = (utc("2026-10-24T20:00:00"), utc("2026-10-25T05:00:00"))
    # 22:00 EST (UTC-5) to 06:00 EDT (UTC-4): seven hours, not eight.
    new_york = (utc("2027-03-14T03:00:00"), utc("2027-03-14T10:00:00"))
    # 02:30 happens twice that night; the first (CEST) is meant, and written in UTC.
    twice = (utc("2026-10-25T00:30:00"), utc("2026-10-25T02:30:00"))
    # Morocco's offset follows Ramadan, not a yearly rule: written in UTC (UTC+1 in July).
    casablanca = (utc("2026-07-01T09:00:00"), utc("2026-07-01T11:00:00"))
    assert "DTSTART;TZID=Europe/Berlin:20261024T220000\r\n" in feed
    twice_written = block(feed, "Twice half past two")
    assert "\r\nDTSTART:20261025T003000Z\r\n" in twice_written
    assert "\r\nDTEND;TZID=Europe/Berlin:20261025T033000\r\n" in twice_written
    assert "DTSTART:20260701T090000Z" in feed and "TZID:Africa/Casablanca" not in feed
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in feed  # Europe/Berlin, the form Outlook reads
    assert "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3" in feed  # America/New_York
    read = all_readers({"calendar.ics": made["calendar.ics"].decode()})
    for variant, readers in read.items():
        for reader, occurrences in readers.items():
            found = {o.summary: (o.start, o.end) for o in occurrences}
            assert found == {
                "柏林长夜": berlin,
                "Broadway night": new_york,
                "Twice half past two": twice,
                "Casablanca": casablanca,
            }, (variant, reader)


@pytest.mark.parametrize("tzid", ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Shanghai"])
def test_a_zone_rule_gives_zoneinfos_offset_at_every_moment(tzid: str) -> None:
    rule = zone_rule(tzid, 2026, 2027)
    assert rule is not None
    zone = ZoneInfo(tzid)
    moments = []
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    while moment < datetime(2028, 1, 1, tzinfo=UTC):
        moments.append(moment)
        moment += timedelta(hours=1)
    # and a second either side of every change (zoneinfo's own, found by the hourly walk)
    changes = []
    for before, after in itertools.pairwise(moments):
        offset = after.astimezone(zone).utcoffset()
        if before.astimezone(zone).utcoffset() != offset:
            step = next(
                s
                for s in range(0, 3601, 60)
                if (before + timedelta(seconds=s)).astimezone(zone).utcoffset() == offset
            )
            changes += [before + timedelta(seconds=step - 1), before + timedelta(seconds=step)]
    assert len(changes) == (0 if tzid == "Asia/Shanghai" else 8)
    moments += changes
    for moment in moments:
        assert rule.offset_at(moment) == moment.astimezone(zone).utcoffset(), moment
    assert b"RDATE" not in rule.component().to_ical()


TRICKY = """\
title: "逗号, 分号; 反斜杠 \\\\ 换行\\n第二行 🎉🧧 “引号” and a long title that has to fold 直到结束为止"
kind: other
start: 2026-12-24 19:00
end: 2026-12-24 21:00
venue: {name: "A, B; C", address: "路\\\\径"}
summary: |
  第一段, with a comma; a semicolon \\ a backslash

  第二段 🎂
"""


def test_text_survives_escaping_and_folding(club, tmp_path: Path) -> None:
    club.event("2026-12-24-tricky.yaml", TRICKY)
    made = own_calendars(club, tmp_path)
    data = made["events/tricky/tricky.ics"]
    title = "逗号, 分号; 反斜杠 \\ 换行\n第二行 🎉🧧 “引号” and a long title that has to fold 直到结束为止"
    text = unfolded(data)
    assert "SUMMARY:逗号\\, 分号\\; 反斜杠 \\\\ 换行\\n第二行" in text
    summary_lines = data.split(b"SUMMARY:")[1].split(b"\r\nDTSTART")[0].split(b"\r\n")
    assert len(summary_lines) > 1 and all(line.startswith(b" ") for line in summary_lines[1:])
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")
    description = (
        "第一段, with a comma; a semicolon \\ a backslash\n\n第二段 🎂\n\nhttps://club.test/events/tricky/"
    )
    read = all_readers({"tricky": data.decode()})
    for variant, readers in read.items():
        for reader, occurrences in readers.items():
            assert [(o.summary, o.description, o.location) for o in occurrences] == [
                (title, description, "A, B; C, 路\\径")
            ], (variant, reader)


REMINDED = """\
title: {title}
kind: other
start: 2026-12-2{day} 19:00
end: 2026-12-2{day} 21:00
{extra}
"""


def test_one_display_alarm_from_the_clubs_reminders_or_the_events_own(club, tmp_path: Path) -> None:
    import vobject

    club.write("mkdocs.yml", (club.root / "mkdocs.yml").read_text() + "      reminders: [PT2H, P1D]\n")
    club.event("2026-12-21-default.yaml", REMINDED.format(title="default", day=1, extra=""))
    club.event("2026-12-22-own.yaml", REMINDED.format(title="own", day=2, extra="reminders: [P3D, PT1H]"))
    club.event("2026-12-23-none.yaml", REMINDED.format(title="none", day=3, extra="reminders: []"))
    made = own_calendars(club, tmp_path)
    read = vobject.readOne(made["calendar.ics"].decode())
    alarms = {
        event.summary.value: [(a.action.value, a.trigger.value) for a in event.contents.get("valarm", [])]
        for event in read.vevent_list
    }
    assert alarms == {
        "default": [("DISPLAY", timedelta(hours=-2))],
        "own": [("DISPLAY", timedelta(days=-3))],
        "none": [],
    }


def test_an_empty_feed_is_still_a_valid_calendar(club, tmp_path: Path) -> None:
    made = own_calendars(club, tmp_path)
    text = made["calendar/briefing.ics"].decode()
    assert "BEGIN:VTIMEZONE" in text  # a calendar needs one component; the feed's own zone
    assert python_readers(text) == {"vobject": [], "ical": []}
    assert all(not occurrences for occurrences in all_readers({"empty": text})["empty"].values())


# A moved event, through git ----------------------------------------------------------------


def test_a_moved_event_updates_members_calendars(club, tmp_path: Path) -> None:
    repo = Repo(club.root)
    repo.git("init", "-q", "-b", "main")
    repo.write("events/2026-12-20-dongzhi.yaml", EVENT)
    repo.commit("2026-11-01T10:00:00")
    before = own_calendars(club, tmp_path)["events/dongzhi/dongzhi.ics"].decode()
    repo.git("mv", "events/2026-12-20-dongzhi.yaml", "events/2026-12-21-dongzhi.yaml")
    repo.write("events/2026-12-21-dongzhi.yaml", EVENT.replace("2026-12-20", "2026-12-21"))
    repo.commit("2026-11-05T09:30:00", "move the party to the next day")
    after = own_calendars(club, tmp_path)["events/dongzhi/dongzhi.ics"].decode()
    read = all_readers({"before": before, "after": after})
    for reader in ("vobject", "ical", "ical.js"):
        (old,) = read["before"][reader]
        (new,) = read["after"][reader]
        assert old.uid == new.uid == "dongzhi@club.test"
        assert (old.sequence, new.sequence) == (0, 1), reader
        assert (old.start, new.start) == (utc("2026-12-20T10:00:00"), utc("2026-12-21T10:00:00"))
    assert "LAST-MODIFIED:20261101T100000Z" in before
    assert "LAST-MODIFIED:20261105T093000Z" in after


# Markdown to plain text --------------------------------------------------------------------


def test_plain_text_drops_markup_and_joins_wrapped_lines() -> None:
    markdown = (
        "## 标题\n\n"
        "在**物质**生活丰富的今天，\n生日宴会大多是 *吃饭* 与 `唱歌`。\n"
        "See [the page](https://club.example.org/p/) and <b>this</b>\nline &amp; more.\n\n"
        "- 第一项\n- 第二项 \\*不是强调\\*"
    )
    assert plain_text(markdown) == (
        "标题\n\n"
        "在物质生活丰富的今天，生日宴会大多是 吃饭 与 唱歌。 "
        "See the page (https://club.example.org/p/) and this line & more.\n\n"
        "- 第一项\n- 第二项 *不是强调*"
    )


# The whole build ---------------------------------------------------------------------------


def copy_example(target: Path) -> Repo:
    for name in ("mkdocs.yml", "members.yaml"):
        shutil.copy2(REPO / name, target / name)
    for name in ("events", "content"):
        shutil.copytree(REPO / name, target / name)
    repo = Repo(target)
    repo.git("init", "-q", "-b", "main")
    repo.commit("2026-11-20T08:00:00", "the example club")
    return repo


def calendar_files(root: Path) -> dict[str, bytes]:
    found = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.ics")}
    return dict(sorted(found.items()))


def test_the_build_publishes_the_calendars_identically_and_privately(tmp_path: Path, capsys) -> None:
    from generator.calendars.calendars import BirthdayCalendar
    from generator.cli import main

    root = tmp_path / "example"
    root.mkdir()
    copy_example(root)
    assert main(["--root", str(root), "build", "--today", TODAY.isoformat()]) == 0, capsys.readouterr().err
    err = capsys.readouterr().err
    assert ".ics" not in err  # the pages' links to the calendars resolve
    site, private = calendar_files(root / "site"), calendar_files(root / "private")
    for path in (
        "calendar.ics",
        "calendar/birthday.ics",
        "calendar/briefing.ics",
        "calendar/other.ics",
        "events/nostalgia-birthday-party/nostalgia-birthday-party.ics",
    ):
        assert path in site
    assert "events/hong-kong-art-trip/hong-kong-art-trip.ics" not in site  # a draft
    assert list(private) == ["birthdays.ics"]
    assert "Content-Type: text/calendar; charset=utf-8" in (root / "site/_headers").read_text()

    # The same commit built again (read afresh, its time from git) gives the same bytes.
    checked = check_root(root, TODAY)
    again = BuildInfo.for_root(root)
    assert again.built_at == utc("2026-11-20T08:00:00")
    rebuilt = {
        o.path: o.content for o in PublicCalendars().outputs(checked.club, again) if o.path.endswith(".ics")
    }
    assert rebuilt == site
    assert {o.path: o.content for o in BirthdayCalendar().outputs(checked.club, again)} == private

    secrets = set()
    for member in checked.club.members:
        secrets |= {member.email, member.phone, member.notes and member.notes.strip()[:12]}
        if not member.consent.directory:
            secrets.add(member.name)
    for event in checked.club.events:
        secrets |= {event.notes and event.notes.strip()[:12]}
        secrets |= {s.notes.strip()[:12] for s in event.run_sheet if s.notes}
        secrets |= {s.title for s in event.run_sheet if s.crew_only}
    secrets.discard(None)
    published = unfolded(b"".join(site.values()) + (root / "site/_headers").read_bytes())
    assert sorted(s for s in secrets if s and s in published) == []
    assert "he.jianguo@example.org" in secrets and "孙浩" in secrets  # the list is not empty by mistake
    planners = unfolded(private["birthdays.ics"])
    assert "孙浩" in planners and "+86 139 0000 0009" in planners  # the planners' own calendar has everyone


def test_an_english_club_marks_cancellations_in_english(club, tmp_path: Path) -> None:
    from tests.support import MKDOCS_YML

    club.write("mkdocs.yml", MKDOCS_YML.format(language="en"))
    club.event(
        "2026-12-20-picnic.yaml", EVENT.replace("title: 冬至联谊会", "title: Picnic") + "status: cancelled\n"
    )
    made = own_calendars(club, tmp_path)
    for reader, occurrences in python_readers(made["calendar.ics"].decode()).items():
        assert [(o.summary, o.status) for o in occurrences] == [("Cancelled: Picnic", "CANCELLED")], reader
    assert "X-WR-CALNAME:Test club · Event\r\n" in made["calendar/other.ics"].decode()


def test_every_published_event_names_its_organizer(example_calendars: dict[str, bytes]) -> None:
    """iTIP (RFC 5546) requires ORGANIZER on every VEVENT of a METHOD:PUBLISH calendar;
    libical's check refused the planners' birthday calendar without it."""
    from icalendar import Calendar

    published = 0
    for name, data in example_calendars.items():
        calendar = Calendar.from_ical(data)
        if str(calendar.get("METHOD")) != "PUBLISH":
            continue
        for event in calendar.walk("VEVENT"):
            published += 1
            organizer = event.get("ORGANIZER")
            assert organizer is not None and str(organizer).startswith("mailto:"), (name, event.get("UID"))
    assert published > 50, "the feeds and the birthday calendars were all read"
