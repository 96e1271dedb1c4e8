"""Turn a run-sheet's wall-clock times into timezone-aware instants.

Times are read in order from the event's start date: a time earlier than the one before
it belongs to the next day, so "23:45" followed by "00:15" runs past midnight. Arithmetic
is done in UTC, because subtracting two datetimes that share a tzinfo ignores a
daylight-saving change between them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from generator.messages import t
from generator.reading.schema import SegmentIn


def local(naive: datetime, zone: ZoneInfo) -> datetime:
    """A wall-clock time in `zone`; times skipped by a DST change move forward, as clocks do."""
    aware = naive.replace(tzinfo=zone)
    round_trip = aware.astimezone(UTC).astimezone(zone)
    return round_trip if round_trip.replace(tzinfo=None) != naive else aware


def elapsed(start: datetime, end: datetime) -> timedelta:
    return end.astimezone(UTC) - start.astimezone(UTC)


def later(moment: datetime, span: timedelta) -> datetime:
    return (moment.astimezone(UTC) + span).astimezone(moment.tzinfo)


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime
    # A reason the slot's times could not be worked out as written: a `messages.Message`
    # that follows 'segment "TITLE" ', or "".
    problem: str = ""


class _Clock:
    """Reads successive wall-clock times, rolling to the next day when time goes backwards.

    One refinement of the rule: a segment's `at` that goes back a little, to a time still
    inside the event on the same day, is read as written, so that the checker reports the
    overlap ("21:30" after a segment ending "21:40") instead of moving it to tomorrow.
    An `until` before its own `at` always means the next day.
    """

    def __init__(self, start: datetime, end: datetime, zone: ZoneInfo) -> None:
        self.zone = zone
        self.day = start.date()
        self.event_start = start
        self.event_end = end
        self.previous: datetime | None = None

    def read(self, value: time | datetime, is_start: bool = False) -> datetime:
        if isinstance(value, datetime):
            moment = value
        else:
            moment = datetime.combine(self.day, value)
            if self.previous is None and self.event_start - moment > timedelta(hours=12):
                moment += timedelta(days=1)
            inside = self.event_start <= moment < self.event_end
            while self.previous is not None and moment < self.previous and not (is_start and inside):
                moment += timedelta(days=1)
        self.previous = moment
        self.day = moment.date()
        return local(moment, self.zone)


def schedule(segments: Sequence[SegmentIn], start: datetime, end: datetime, zone: ZoneInfo) -> list[Slot]:
    """Start and end of every segment. `start`/`end` are the event's local wall-clock times."""
    clock = _Clock(start, end, zone)
    event_end = local(end, zone)
    slots: list[Slot] = []
    starts: list[datetime | None] = []
    ends: list[datetime | None] = []
    problems: list[str] = []
    previous_end: datetime | None = None
    for index, segment in enumerate(segments):
        problem = ""
        begin = clock.read(segment.at, is_start=True) if segment.at is not None else None
        if begin is None and index == 0:
            begin = local(start, zone)
        elif begin is None:
            if previous_end is None:
                problem = t('has no "at", and the segment before it has no "until" or "duration"')
            begin = previous_end or starts[-1] or local(start, zone)
        if segment.until is not None and segment.duration is not None:
            problem = t('has both "until" and "duration"; keep one of them')
        problems.append(problem)
        finish: datetime | None = None
        if segment.until is not None:
            finish = clock.read(segment.until)
        elif segment.duration is not None:
            finish = later(begin, segment.duration)
            clock.previous = finish.replace(tzinfo=None)
            clock.day = clock.previous.date()
        starts.append(begin)
        ends.append(finish)
        previous_end = finish
    for index, begin in enumerate(starts):
        finish = ends[index]
        if finish is None:
            # No end written: it runs until the next segment starts, the last one until the end.
            following = next((s for s in starts[index + 1 :] if s is not None), None)
            finish = following if following is not None else max(event_end, begin)
        assert begin is not None
        slots.append(Slot(begin, finish, problems[index]))
    return slots
