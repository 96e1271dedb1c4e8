"""Calendars: the public feeds and one-event files, personal invitations, members' birthdays.

Pure functions turn the club into VCALENDAR bytes; the two output families at the end hand them
to the build. What must hold in Google Calendar, Outlook, Apple Calendar and Thunderbird:

- One UID per event, from its slug and the site's domain, the same in the feeds, the
  event's own file and the invitations; SEQUENCE and LAST-MODIFIED come from the event
  file's git history (`history`), so an update replaces the copy a member holds.
- DTSTAMP is the build's time (the HEAD commit's), so one commit always gives the same bytes.
- Every DTSTART/DTEND carries a TZID defined by a VTIMEZONE written as yearly RRULEs (or
  one fixed STANDARD), the form Outlook reads, and checked against zoneinfo for every time
  written; a time the definition cannot state exactly is written in UTC instead.
- Public calendars are made from `PublicEvent`s only: no crew segments, notes or members'
  contact fields can reach them.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, partial
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from generator.calendars import history
from generator.messages import t
from generator.model import Club, Event, Kind, Member, PublicEvent, Settings, Status
from generator.texts import Texts, in_brackets
from generator.writing.outputs import BuildInfo, Output, OutputFamily

if TYPE_CHECKING:
    from icalendar import Calendar, Timezone
    from icalendar import Event as VEvent

PRODID = "-//club journal//calendars//EN"
FEED_REFRESH = timedelta(hours=12)
# Birthdays ring at 09:00 three days before (a trigger counts from the day's midnight).
BIRTHDAY_ALARM = -(timedelta(days=3) - timedelta(hours=9))
# 29 February birthdays are written as one event per year over this window around the build.
LEAP_DAY_YEARS_BEFORE = 1
LEAP_DAY_YEARS_AFTER = 10
KINDS = tuple(Kind)


def public_events(club: Club) -> list[Event]:
    """The events members may see, in time order: drafts are not published."""
    return sorted((e for e in club.events if e.status is not Status.DRAFT), key=lambda e: (e.start, e.slug))


def event_uid(slug: str, settings: Settings) -> str:
    return f"{slug}@{settings.domain}"


def birthday_uid(member_id: str, settings: Settings, year: int | None = None) -> str:
    # "." never occurs in a slug, so no event's UID can equal a birthday's.
    return f"birthday.{member_id}{f'.{year}' if year else ''}@{settings.domain}"


def event_url(slug: str, settings: Settings) -> str | None:
    if not settings.site_url:
        return None
    return f"{settings.site_url.rstrip('/')}/events/{slug}/"


# Time zones ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Onset:
    """One yearly change of offset: the `nth` `weekday` of `month` at `clock` (old offset)."""

    month: int
    nth: int  # 1-4, or -1 for the last
    weekday: int  # Monday is 0
    clock: time
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool

    def local(self, year: int) -> datetime:
        return datetime.combine(_nth_weekday(year, self.month, self.nth, self.weekday), self.clock)

    def instant(self, year: int) -> datetime:
        return (self.local(year) - self.offset_from).replace(tzinfo=UTC)


_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _nth_weekday(year: int, month: int, nth: int, weekday: int) -> date:
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    following = date(year + month // 12, month % 12 + 1, 1)
    last = following - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


# Observances start in 1970, as Google Calendar writes them: clients that cannot look back
# before an observance's first onset are safe, and the rule is checked for every time written.
ANCHOR_YEAR = 1970


@dataclass(frozen=True)
class _ZoneRule:
    """A zone as Outlook can read it: a fixed offset, or two yearly onsets."""

    tzid: str
    fixed: tuple[timedelta, str] | None
    onsets: tuple[_Onset, ...] = ()

    def offset_at(self, instant: datetime) -> timedelta | None:
        if self.fixed:
            return self.fixed[0]
        year = instant.year
        found = None
        starts = sorted(
            (o.instant(y), o.offset_to)
            for y in (year - 1, year, year + 1)
            if y >= ANCHOR_YEAR
            for o in self.onsets
        )
        for when, offset in starts:
            if when <= instant:
                found = offset
        return found

    def component(self) -> Timezone:
        from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

        zone = Timezone()
        zone.add("TZID", self.tzid)
        zone.add("X-LIC-LOCATION", self.tzid)
        if self.fixed:
            part = TimezoneStandard()
            part.add("DTSTART", datetime(ANCHOR_YEAR, 1, 1))  # noqa: DTZ001 (VTIMEZONE local time)
            part.add("TZOFFSETFROM", self.fixed[0])
            part.add("TZOFFSETTO", self.fixed[0])
            part.add("TZNAME", self.fixed[1])
            zone.add_component(part)
            return zone
        for onset in sorted(self.onsets, key=lambda o: not o.daylight):
            part = TimezoneDaylight() if onset.daylight else TimezoneStandard()
            part.add("DTSTART", onset.local(ANCHOR_YEAR))
            part.add(
                "RRULE",
                {"FREQ": "YEARLY", "BYMONTH": onset.month, "BYDAY": f"{onset.nth}{_WEEKDAYS[onset.weekday]}"},
            )
            part.add("TZOFFSETFROM", onset.offset_from)
            part.add("TZOFFSETTO", onset.offset_to)
            part.add("TZNAME", onset.name)
            zone.add_component(part)
        return zone


def _changes(zone: ZoneInfo, year: int) -> list[tuple[datetime, timedelta, timedelta, datetime]]:
    """Every change of offset whose local time (old offset) falls in `year`, in order:
    (instant, offset before, offset after, the instant in the zone)."""
    found = []
    step = timedelta(hours=6)
    moment = datetime(year, 1, 1, tzinfo=UTC) - timedelta(days=1)
    stop = datetime(year + 1, 1, 1, tzinfo=UTC) + timedelta(days=1)
    before = moment.astimezone(zone).utcoffset()
    while moment < stop:
        following = moment + step
        after = following.astimezone(zone).utcoffset()
        if after != before and before is not None and after is not None:
            low, high = moment, following
            while high - low > timedelta(seconds=1):
                middle = low + timedelta(seconds=int((high - low).total_seconds()) // 2)
                if middle.astimezone(zone).utcoffset() == before:
                    low = middle
                else:
                    high = middle
            if (high + before).year == year:
                found.append((high, before, after, high.astimezone(zone)))
        moment, before = following, after
    return found


def _fit(tzid: str, years: range) -> _ZoneRule | None:
    """The zone over `years` as a fixed offset or two yearly onsets, if it is one of those."""
    zone = ZoneInfo(tzid)
    per_year = [_changes(zone, year) for year in years]
    if not any(per_year):
        probe = datetime(years[0], 7, 1, tzinfo=UTC).astimezone(zone)
        offset = probe.utcoffset()
        assert offset is not None
        return _ZoneRule(tzid, (offset, probe.tzname() or _offset_name(offset)))
    if any(len(changes) != 2 for changes in per_year):
        return None
    onsets = []
    for index in (0, 1):
        seen: set[tuple[Any, ...]] = set()
        nths: set[int] | None = None
        for instant, before, after, there in (changes[index] for changes in per_year):
            local = (instant + before).replace(tzinfo=None)
            seen.add(
                (local.month, local.weekday(), local.time(), before, after, there.tzname(), bool(there.dst()))
            )
            month_days = (
                date(local.year + local.month // 12, local.month % 12 + 1, 1) - timedelta(days=1)
            ).day
            fits = {(local.day - 1) // 7 + 1} if local.day <= 28 else set()
            if local.day + 7 > month_days:
                fits.add(-1)
            nths = fits if nths is None else nths & fits
        if len(seen) != 1 or not nths:
            return None
        month, weekday, clock, before, after, name, daylight = seen.pop()
        nth = -1 if -1 in nths else min(nths)
        onsets.append(
            _Onset(month, nth, weekday, clock, before, after, name or _offset_name(after), daylight)
        )
    return _ZoneRule(tzid, None, tuple(onsets))


def _offset_name(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


@cache
def zone_rule(tzid: str, first: int, last: int) -> _ZoneRule | None:
    """The rule of `tzid` for times in years `first`..`last`; None if it has no such form.

    When the zone's rules changed within those years, the most recent two are fitted and
    the older times fall back to UTC."""
    return _fit(tzid, range(first - 1, last + 1)) or _fit(tzid, range(last - 1, last + 1))


def _ambiguous(moment: datetime) -> bool:
    """A wall-clock time that happens twice (or never) in its zone, where clients disagree."""
    naive = moment.replace(tzinfo=None)
    zone = moment.tzinfo
    return naive.replace(tzinfo=zone, fold=0).utcoffset() != naive.replace(tzinfo=zone, fold=1).utcoffset()


class _Zones:
    """Decides, for each time written, TZID or UTC, and writes the VTIMEZONEs of the TZIDs.

    One decision per build, over every time of the calendars, so that an event's VEVENT is
    the same bytes in its own file, the feeds and the invitations."""

    def __init__(self, moments: Iterable[datetime], always: Iterable[tuple[str, int]] = ()) -> None:
        years: dict[str, set[int]] = {}
        for moment in moments:
            key = getattr(moment.tzinfo, "key", None)
            if key:
                years.setdefault(key, set()).add(moment.year)
        for tzid, year in always:
            years.setdefault(tzid, set()).add(year)
        self.rules = {tzid: zone_rule(tzid, min(ys), max(ys)) for tzid, ys in years.items()}
        self._written: dict[str, bytes] = {}

    def value(self, moment: datetime) -> datetime:
        """`moment` as written: in its own zone when its VTIMEZONE states it exactly, else UTC."""
        tzid = getattr(moment.tzinfo, "key", None)
        rule = self.rules.get(tzid) if tzid else None
        if (
            rule is not None
            and not _ambiguous(moment)
            and rule.offset_at(moment.astimezone(UTC)) == moment.utcoffset()
        ):
            return moment
        return moment.astimezone(UTC)

    def vtimezones(self, tzids: Iterable[str]) -> bytes:
        out = []
        for tzid in sorted(set(tzids)):
            rule = self.rules.get(tzid)
            if rule is None:
                continue
            if tzid not in self._written:
                self._written[tzid] = rule.component().to_ical()
            out.append(self._written[tzid])
        return b"".join(out)


def _tzids(*moments: datetime) -> frozenset[str]:
    return frozenset(key for m in moments if (key := getattr(m.tzinfo, "key", None)))


# Text ----------------------------------------------------------------------------------

_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_CODE = re.compile(r"(`+)(.+?)\1")
_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~:>])")
_BLOCK_START = re.compile(r"([-*+]|\d{1,9}[.)])\s")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _inline(text: str) -> str:
    def link(match: re.Match[str]) -> str:
        image, label, target = match.groups()
        if image or not target or label == target:
            return label or target
        return f"{label} ({target})"

    # Escaped characters stand aside (as private-use characters) while markup is removed.
    text = _ESCAPED.sub(lambda m: chr(0xF0000 + ord(m.group(1))), text)
    text = _CODE.sub(lambda m: m.group(2).strip(), text)
    text = _LINK.sub(link, text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _STRONG.sub(r"\2", text)
    text = _STRIKE.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = re.sub("[\U000f0000-\U000f00ff]", lambda m: chr(ord(m.group()) - 0xF0000), text)
    return html.unescape(text)


def plain_text(markdown: str) -> str:
    """Markdown as the plain text a calendar shows: no markup; a paragraph's wrapped lines
    joined (without a space between Chinese characters), list items kept on their lines."""
    paragraphs = []
    for block in re.split(r"\n[ \t]*\n", markdown.strip()):
        joined = ""
        for raw in block.splitlines():
            line = re.sub(r"^\s{0,3}(#{1,6}\s+|>\s?)", "", raw).strip()
            line = re.sub(r"\s+#+$", "", line) if raw.lstrip().startswith("#") else line
            if not line:
                continue
            if not joined:
                joined = line
            elif _BLOCK_START.match(line) or raw.endswith("  "):
                joined += "\n" + line
            elif _wide(joined[-1]) and _wide(line[0]):
                joined += line
            else:
                joined += " " + line
        if joined:
            paragraphs.append(_inline(joined))
    return "\n\n".join(paragraphs)


def _location(event: PublicEvent) -> str | None:
    if event.venue is None:
        return None
    return ", ".join(part for part in (event.venue.name, event.venue.address) if part)


def _description(event: PublicEvent, texts: Texts, url: str | None) -> str:
    parts = [plain_text(event.summary)] if event.summary.strip() else []
    if event.status is Status.CANCELLED:
        parts.insert(0, texts("cancelled_notice"))
    if event.honorees:
        separator = "、" if texts.language == "zh" else ", "
        names = separator.join(h.name for h in event.honorees if h.name)
        parts.append(f"{texts('honorees')}{texts('colon')}{names}")
    if url:
        parts.append(url)
    return "\n\n".join(parts)


def _summary(event: PublicEvent, texts: Texts) -> str:
    if event.status is Status.CANCELLED:
        return texts("cancelled_prefix") + event.title
    return event.title


# Events --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stamp:
    """An event's identity and revision, and its reminder: what the calendar adds to it."""

    uid: str
    sequence: int
    last_modified: datetime | None
    created: datetime | None
    alarm: timedelta | None  # how long before the start the one display alarm rings


def stamp(club: Club, event: Event, build: BuildInfo) -> Stamp:
    revision = history.revision(club, event, build)
    reminders = event.reminders if event.reminders is not None else club.settings.reminders
    # Clients show at most one alarm of an event they import; the first listed is the one meant.
    return Stamp(
        uid=event_uid(event.slug, club.settings),
        sequence=revision.sequence,
        last_modified=revision.last_modified,
        created=revision.created,
        alarm=reminders[0] if reminders else None,
    )


@dataclass(frozen=True)
class Attendee:
    """The one person a personal invitation is for."""

    email: str
    name: str


def _organizer(event: PublicEvent, settings: Settings) -> Any:
    name = event.organizer.name if event.organizer else settings.site_name
    email = event.organizer.email if event.organizer and event.organizer.email else None
    return _address(name, email, settings.domain)


def _address(name: str, email: str | None, domain: str) -> Any:
    from icalendar import vCalAddress

    # ORGANIZER must be an address; without one the club's domain stands in, clearly not a mailbox.
    address = vCalAddress(f"mailto:{email or f'noreply@{domain}'}")
    address.params["CN"] = name
    return address


def vevent(
    event: PublicEvent,
    mark: Stamp,
    settings: Settings,
    texts: Texts,
    dtstamp: datetime,
    zones: _Zones,
    attendee: Attendee | None = None,
) -> VEvent:
    """One event as a VEVENT; only an invitation has an attendee."""
    from icalendar import Alarm, vCalAddress
    from icalendar import Event as VEvent

    item = VEvent()
    url = event_url(event.slug, settings)
    item.add("UID", mark.uid)
    item.add("DTSTAMP", dtstamp.astimezone(UTC))
    item.add("SEQUENCE", mark.sequence)
    if mark.created:
        item.add("CREATED", mark.created.astimezone(UTC))
    if mark.last_modified:
        item.add("LAST-MODIFIED", mark.last_modified.astimezone(UTC))
    item.add("DTSTART", zones.value(event.start))
    item.add("DTEND", zones.value(event.end))
    item.add("SUMMARY", _summary(event, texts))
    item.add(
        "STATUS", {Status.CANCELLED: "CANCELLED", Status.DRAFT: "TENTATIVE"}.get(event.status, "CONFIRMED")
    )
    item.add("TRANSP", "OPAQUE")
    item.add("CATEGORIES", [texts.kind(event.kind.value)])
    location = _location(event)
    if location:
        item.add("LOCATION", location)
    item.add("DESCRIPTION", _description(event, texts, url))
    if url:
        item.add("URL", url)
    item.add("ORGANIZER", _organizer(event, settings))
    if attendee is not None:
        address = vCalAddress(f"mailto:{attendee.email}")
        address.params["CN"] = attendee.name
        address.params["CUTYPE"] = "INDIVIDUAL"
        address.params["ROLE"] = "REQ-PARTICIPANT"
        address.params["PARTSTAT"] = "NEEDS-ACTION"
        address.params["RSVP"] = "TRUE"
        item.add("ATTENDEE", address)
    if mark.alarm is not None and event.status is not Status.CANCELLED:
        alarm = Alarm()
        alarm.add("ACTION", "DISPLAY")
        alarm.add("DESCRIPTION", event.title)
        alarm.add("TRIGGER", -mark.alarm)
        item.add_component(alarm)
    return item


def _calendar(method: str, settings: Settings, name: str | None = None) -> Calendar:
    from icalendar import Calendar, vDuration

    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", method)
    if name:
        calendar.add("NAME", name)
        calendar.add("X-WR-CALNAME", name)
        calendar.add("X-WR-TIMEZONE", settings.timezone)
        calendar.add("REFRESH-INTERVAL", FEED_REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("X-PUBLISHED-TTL", vDuration(FEED_REFRESH))
    return calendar


_END = b"END:VCALENDAR\r\n"


def _assemble(header: Calendar | bytes, zones: _Zones, tzids: Iterable[str], items: Iterable[bytes]) -> bytes:
    """A calendar from its header and components already written (time zones first: some
    clients read a file in one pass)."""
    head = header if isinstance(header, bytes) else header.to_ical()
    assert head.endswith(_END)
    return head[: -len(_END)] + zones.vtimezones(tzids) + b"".join(items) + _END


@dataclass(frozen=True)
class _Item:
    data: bytes
    tzids: frozenset[str]


class _Published:
    """The public events of one club and build, each VEVENT written once for every file."""

    def __init__(self, club: Club, build: BuildInfo) -> None:
        settings = club.settings
        self.club, self.build = club, build
        self.texts = Texts(settings.language)
        self.events = public_events(club)
        self.slugs = {e.slug for e in self.events}
        self.built_year = build.built_at.astimezone(ZoneInfo(settings.timezone)).year
        self.zones = self.zones_with([])
        self._items: dict[str, _Item] = {}
        # Every event's own file starts the same way: written once, not once a file.
        self.header = _calendar("PUBLISH", settings).to_ical()

    def zones_with(self, extra: Sequence[Event]) -> _Zones:
        moments = [moment for e in (*self.events, *extra) for moment in (e.start, e.end)]
        return _Zones(moments, [(self.club.settings.timezone, self.built_year)])

    def item(self, event: Event, zones: _Zones | None = None, attendee: Attendee | None = None) -> _Item:
        cached = attendee is None and zones is None
        if cached and event.slug in self._items:
            return self._items[event.slug]
        zones = zones or self.zones
        view = self.club.public_event(event)
        mark = stamp(self.club, event, self.build)
        settings, texts = self.club.settings, self.texts
        start, end = zones.value(view.start), zones.value(view.end)
        component = vevent(view, mark, settings, texts, self.build.built_at, zones, attendee)
        made = _Item(component.to_ical(), _tzids(start, end))
        if cached:
            self._items[event.slug] = made
        return made


def _published(club: Club, build: BuildInfo) -> _Published:
    """The club's public events as calendar components, written once per build."""
    return build.once(_Published, club)


def feed_name(settings: Settings, kind: Kind | None = None) -> str:
    texts = Texts(settings.language)
    return settings.site_name if kind is None else f"{settings.site_name} · {texts.kind(kind.value)}"


def feed(club: Club, build: BuildInfo, kind: Kind | None = None) -> bytes:
    """The subscribable feed of every public event, or of one kind."""
    published = _published(club, build)
    items = [published.item(e) for e in published.events if kind is None or e.kind is kind]
    header = _calendar("PUBLISH", club.settings, feed_name(club.settings, kind))
    # The feed's own zone (X-WR-TIMEZONE) too: a calendar needs a component even when empty.
    tzids = {club.settings.timezone}.union(*(i.tzids for i in items))
    return _assemble(header, published.zones, tzids, (i.data for i in items))


def event_file(club: Club, event: Event, build: BuildInfo) -> bytes:
    """One event, for "add to calendar"."""
    published = _published(club, build)
    zones = None if event.slug in published.slugs else published.zones_with([event])
    item = published.item(event, zones)
    return _assemble(published.header, zones or published.zones, item.tzids, [item.data])


def invitation(club: Club, event: Event, member: Member, build: BuildInfo) -> bytes:
    """A personal iTIP invitation (METHOD:REQUEST), or its cancellation (METHOD:CANCEL).

    Private output: it carries the member's e-mail address. The event part is the public
    view, the same UID and SEQUENCE as the feeds, so accepting it and subscribing agree.
    """
    if not member.email:
        raise ValueError(t("member {id} has no email address to invite", id=member.id))
    method = "CANCEL" if event.status is Status.CANCELLED else "REQUEST"
    published = _published(club, build)
    zones = published.zones if event.slug in published.slugs else published.zones_with([event])
    item = published.item(event, zones, Attendee(member.email, member.greeting_name))
    return _assemble(_calendar(method, club.settings), zones, item.tzids, [item.data])


# Birthdays -----------------------------------------------------------------------------


def _birthday_lines(member: Member, club: Club, texts: Texts) -> str:
    tier = club.tiers_by_id.get(member.tier)
    lines = [f"{texts('member')}{texts('colon')}{member.name}"]
    if member.display_name:
        lines.append(f"{texts('display_name')}{texts('colon')}{member.display_name}")
    lines.append(f"{texts('tier')}{texts('colon')}{tier.name(texts.language) if tier else member.tier}")
    if member.birthday and member.birthday.year:
        lines.append(f"{texts('born')}{texts('colon')}{member.birthday.year}")
    if member.phone:
        lines.append(f"{texts('phone')}{texts('colon')}{member.phone}")
    if member.birthday and (member.birthday.month, member.birthday.day) == (2, 29):
        lines.append(texts(f"leap_day_{club.settings.leap_day_birthdays}"))
    return "\n".join(lines)


@dataclass(frozen=True)
class _Birthday:
    """What one birthday VEVENT is made from (the build's DTSTAMP aside)."""

    uid: str
    day: date
    summary: str
    description: str
    yearly: bool
    organizer: tuple[str, str]  # the club's name and domain: iTIP wants one on every PUBLISH


def _birthday_event(birthday: _Birthday, dtstamp: datetime) -> Any:
    from icalendar import Alarm
    from icalendar import Event as VEvent

    item = VEvent()
    item.add("UID", birthday.uid)
    item.add("DTSTAMP", dtstamp.astimezone(UTC))
    item.add("DTSTART", birthday.day)
    item.add("DTEND", birthday.day + timedelta(days=1))  # exclusive: the one day
    if birthday.yearly:
        item.add("RRULE", {"FREQ": "YEARLY"})
    item.add("SUMMARY", birthday.summary)
    item.add("DESCRIPTION", birthday.description)
    item.add("TRANSP", "TRANSPARENT")
    item.add("CLASS", "PRIVATE")
    name, domain = birthday.organizer
    item.add("ORGANIZER", _address(name, None, domain))
    alarm = Alarm()
    alarm.add("ACTION", "DISPLAY")
    alarm.add("DESCRIPTION", birthday.summary)
    alarm.add("TRIGGER", BIRTHDAY_ALARM)
    item.add_component(alarm)
    return item


def _birthdays(club: Club, build: BuildInfo) -> Iterator[_Birthday]:
    """Every member's birthday, as yearly all-day events.

    A 29 February birthday is written as one plain all-day event per year over a window
    around the build (no RRULE): RFC 5545 drops 29 February in common years, and clients
    expand BYMONTHDAY=-1 or BYYEARDAY differently or not at all, while a single dated event
    is read the same way by every client. The window moves with every build.
    """
    settings = club.settings
    texts = Texts(settings.language)
    built_year = build.built_at.astimezone(ZoneInfo(settings.timezone)).year
    organizer = (settings.site_name, settings.domain)
    for member in sorted(club.members, key=lambda m: (m.index, m.id)):
        birthday = member.birthday
        if birthday is None:
            continue
        tier = club.tiers_by_id.get(member.tier)
        who = (
            in_brackets(texts.language, member.display_name, member.name)
            if member.display_name
            else member.name
        )
        summary = texts("birthday_summary").format(
            name=who, tier=tier.name(texts.language) if tier else member.tier
        )
        description = _birthday_lines(member, club, texts)
        if (birthday.month, birthday.day) == (2, 29):
            for year in range(built_year - LEAP_DAY_YEARS_BEFORE, built_year + LEAP_DAY_YEARS_AFTER + 1):
                day = birthday.in_year(year, settings.leap_day_birthdays)
                uid = birthday_uid(member.id, settings, year)
                yield _Birthday(uid, day, summary, description, False, organizer)
        else:
            first = date(birthday.year or 2000, birthday.month, birthday.day)
            yield _Birthday(birthday_uid(member.id, settings), first, summary, description, True, organizer)


def birthday_events(club: Club, build: BuildInfo) -> Iterator[Any]:
    """Every member's birthday as an `icalendar` event."""
    for birthday in _birthdays(club, build):
        yield _birthday_event(birthday, build.built_at)


def birthdays(club: Club, build: BuildInfo) -> bytes:
    """The planners' calendar of every member's birthday (private: no consent asked)."""
    texts = Texts(club.settings.language)
    header = _calendar("PUBLISH", club.settings, f"{club.settings.site_name} · {texts('birthdays')}")
    body = b"".join(_birthday_event(b, build.built_at).to_ical() for b in _birthdays(club, build))
    head = header.to_ical()
    return head[: -len(_END)] + body + _END


# Hosting -------------------------------------------------------------------------------


def host_headers(paths: Sequence[str]) -> str:
    """Netlify's and Cloudflare Pages' `_headers`: the calendars' media type and charset."""
    lines = ["# Written by club journal: calendars are text/calendar in UTF-8."]
    for path in paths:
        lines += [f"/{path}", "  Content-Type: text/calendar; charset=utf-8"]
    return "\n".join(lines) + "\n"


# Exporters -----------------------------------------------------------------------------


class PublicCalendars(OutputFamily):
    """The family of `events/SLUG/SLUG.ics`, `calendar.ics` and `calendar/KIND.ics`."""

    name = "calendars"
    in_second_process = True

    def prepare(self, club: Club, build: BuildInfo) -> None:
        history.read_log(club, build)

    def paths(self, club: Club) -> list[str]:
        return [*_calendar_paths(public_events(club)), "_headers"]

    def outputs(self, club: Club, build: BuildInfo) -> Iterable[Output]:
        events = public_events(club)
        paths = _calendar_paths(events)
        makers = [partial(event_file, club, event, build) for event in events]
        makers += [partial(feed, club, build), *(partial(feed, club, build, kind) for kind in KINDS)]
        for path, make in zip(paths, makers, strict=True):
            yield Output(path, make())
        yield Output("_headers", host_headers(paths))


def _calendar_paths(events: Sequence[Event]) -> list[str]:
    """Each public event's calendar, then the feed of all of them, then one feed per kind."""
    each = [f"events/{e.slug}/{e.slug}.ics" for e in events]
    return [*each, "calendar.ics", *(f"calendar/{kind.value}.ics" for kind in KINDS)]


class BirthdayCalendar(OutputFamily):
    """The family of the planners' `birthdays.ics` (private)."""

    name = "birthdays"
    public = False
    in_second_process = True

    def outputs(self, club: Club, build: BuildInfo) -> Iterable[Output]:
        yield Output("birthdays.ics", birthdays(club, build))
