"""Events as read and validated, kept between builds for files whose bytes have not changed.

A thousand event files with their run-sheets take about a second to validate and schedule
on every build, although an editor changes one or two at a time. An event that read
without a single diagnostic is kept as a row of plain values (marshal: loading runs no
code) under a hash of its file's name and bytes, the club's default time zone (an event
without `timezone` is scheduled in it) and the source of every module that reads it.
"""

from __future__ import annotations

import marshal
import sys
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .diagnostics import Position
from .kept import KeptValues, code_version, no_cyclic_collection
from .model import Audience, Event, Kind, Material, Organizer, Segment, Status, Venue

FORMAT = "1"

# The order of the rows; a test keeps them equal to the records' fields. An event's
# `source` is not kept: the reader attaches the file, parsed only if a message needs it.
EVENT_FIELDS = (
    "slug", "file", "title", "kind", "status", "start", "end", "timezone", "position", "venue",
    "organizer", "honorees", "audience", "summary", "theme", "highlights", "run_sheet",
    "materials", "notes", "reminders", "date_prefix", "source",
)  # fmt: skip
SEGMENT_FIELDS = (
    "title", "start", "end", "position", "linked", "owner", "location", "cues", "crew_only",
    "notes", "script",
)  # fmt: skip


@cache
def _code_version() -> bytes:
    import pydantic

    from . import model, read, schema, timing, validation, values, yamlread

    modules = (model, read, schema, timing, validation, values, yamlread)
    return code_version(*modules, sys.modules[__name__], extra=[FORMAT, pydantic.VERSION])


class EventCache:
    """The events of one club, in the file `path`."""

    def __init__(self, path: Path, default_zone: str) -> None:
        self.kept = KeptValues(path, _code_version())
        self.default_zone = default_zone

    def inputs(self, name: str, raw: bytes) -> bytes:
        return b"\0".join((self.default_zone.encode(), name.encode(), raw))

    def count(self) -> int:
        """How many events an earlier build kept."""
        return self.kept.count()

    def entries(self) -> dict[bytes, bytes]:
        """The rows this run found or made, for another process's `adopt`."""
        return self.kept.entries()

    def adopt(self, entries: dict[bytes, bytes]) -> None:
        """Rows another process made: found by `get` from now on, and saved."""
        self.kept.adopt(entries)

    def get(self, inputs: bytes) -> Event | None:
        row = self.kept.get(inputs)
        if row is None:
            return None
        try:
            with no_cyclic_collection():
                return _event(marshal.loads(row))
        except (EOFError, ValueError, TypeError, KeyError):  # damaged, or of another shape
            return None

    def put(self, inputs: bytes, event: Event) -> None:
        row = _row(event)
        if row is not None:
            self.kept.put(inputs, marshal.dumps(row))

    def save(self) -> None:
        self.kept.save()


# Rows ----------------------------------------------------------------------------------


def _moment(value: datetime, zone: ZoneInfo) -> tuple[int, ...]:
    if getattr(value.tzinfo, "key", None) != zone.key:
        raise _NotKept
    return (*value.timetuple()[:6], value.microsecond, value.fold)


def _at(parts: list[int] | tuple[int, ...], zone: ZoneInfo) -> datetime:
    *wall, fold = parts
    return datetime(*wall, tzinfo=zone, fold=fold)


def _span(value: timedelta) -> tuple[int, int, int]:
    return value.days, value.seconds, value.microseconds


def _day(value: date | None) -> int | None:
    return value.toordinal() if value else None


class _NotKept(Exception):
    """An event the row format cannot hold exactly: it is read from its file every time."""


def _row(event: Event) -> tuple[Any, ...] | None:
    zone = event.zone
    a = event.audience
    try:
        segments = [
            (s.title, _moment(s.start, zone), _moment(s.end, zone), (s.position.line, s.position.col),
             s.linked, s.owner, s.location, s.cues, s.crew_only, s.notes, s.script)
            for s in event.run_sheet
        ]  # fmt: skip
        return (
            event.slug, event.file, event.title, event.kind.value, event.status.value,
            _moment(event.start, zone), _moment(event.end, zone), event.timezone,
            (event.position.line, event.position.col),
            (event.venue.name, event.venue.address) if event.venue else None,
            (event.organizer.name, event.organizer.email) if event.organizer else None,
            event.honorees,
            (a.tiers, a.members, a.capacity, a.birthday_months, a.interests, a.cities,
             _day(a.joined_before), _day(a.joined_after)),
            event.summary, event.theme, event.highlights, segments,
            [(m.item, m.qty, m.owner, m.done) for m in event.materials],
            event.notes,
            [_span(r) for r in event.reminders] if event.reminders is not None else None,
            event.date_prefix,
        )  # fmt: skip
    except _NotKept:
        return None


def _segment(file: str, zone: ZoneInfo, row: tuple[Any, ...]) -> Segment:
    title, start, end, (line, col), linked, owner, location, cues, crew_only, notes, script = row
    return Segment(
        title,
        _at(start, zone),
        _at(end, zone),
        Position(file, line, col),
        linked,
        owner,
        location,
        list(cues),
        crew_only,
        notes,
        script,
    )


def _event(row: tuple[Any, ...]) -> Event:
    slug, file, title, kind, status, start, end, timezone, (line, col), venue, organizer = row[:11]
    honorees, audience, summary, theme, highlights, segments, materials, notes = row[11:19]
    reminders, date_prefix = row[19:]
    zone = ZoneInfo(timezone)
    tiers, members, capacity, months, interests, cities, before, after = audience
    return Event(
        slug,
        file,
        title,
        Kind(kind),
        Status(status),
        _at(start, zone),
        _at(end, zone),
        timezone,
        Position(file, line, col),
        Venue(*venue) if venue else None,
        Organizer(*organizer) if organizer else None,
        list(honorees),
        Audience(
            tuple(tiers),
            tuple(members),
            capacity,
            tuple(months),
            tuple(interests),
            tuple(cities),
            date.fromordinal(before) if before is not None else None,
            date.fromordinal(after) if after is not None else None,
        ),
        summary,
        theme,
        list(highlights),
        [_segment(file, zone, segment) for segment in segments],
        [Material(*m) for m in materials],
        notes,
        [timedelta(*r) for r in reminders] if reminders is not None else None,
        date_prefix,
    )
