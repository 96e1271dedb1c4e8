"""Three readers besides the `icalendar` library that writes the calendars.

- `vobject` (PyPI): builds its time zones from the calendar's VTIMEZONE, as Outlook does.
- `ical` (PyPI, Home Assistant's): its own parser and recurrence expansion; it prefers its
  own IANA data for a TZID it knows, as Google Calendar does, so `unknown_tzids` renames
  the zones to make it (and everyone) read the VTIMEZONE instead.
- ical.js (npm, Thunderbird's), run by node on `expand.mjs` in this folder.

Each returns `Occurrence`s: timed ones as UTC instants, all-day ones as dates, so tests
compare instants, never strings.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Occurrence:
    uid: str
    summary: str
    start: datetime | date
    end: datetime | date
    sequence: int
    status: str | None
    location: str | None = None
    description: str | None = None


def _instant(value: datetime | date) -> datetime | date:
    if isinstance(value, datetime):
        assert value.tzinfo is not None, f"floating time {value}"
        return value.astimezone(UTC)
    return value


def ical_reads_its_vtimezones(text: str) -> bool:
    """Whether `ical` can read the zones this calendar's times use from their VTIMEZONE.

    It cannot read an observance without RRULE (the one-STANDARD form Google Calendar and
    Outlook write for zones without daylight saving): it expands only the RRULE and RDATEs,
    not the DTSTART itself, and so finds no offset at all. It never needs to for an IANA
    TZID, which it reads from its own data.
    """
    unfolded = text.replace("\r\n ", "")
    used = set(re.findall(r"^DT(?:START|END);TZID=([^:;]+):", unfolded, re.MULTILINE))
    for tzid, body in re.findall(
        r"BEGIN:VTIMEZONE\r\nTZID:([^\r]+)\r\n(.*?)END:VTIMEZONE", unfolded, re.DOTALL
    ):
        parts = re.findall(r"BEGIN:(?:STANDARD|DAYLIGHT).*?END:(?:STANDARD|DAYLIGHT)", body, re.DOTALL)
        if tzid in used and any("RRULE" not in part for part in parts):
            return False
    return True


def unknown_tzids(text: str) -> str:
    """The calendar with every IANA TZID renamed, so that only its VTIMEZONE defines it."""
    return re.sub(r"(TZID[:=])([A-Za-z_]+/[A-Za-z_/+-]+)", r"\1Club-\2", text)


def with_vobject(text: str, start: date, until: date) -> list[Occurrence]:
    import vobject

    found = []
    for calendar in vobject.readComponents(text):
        for event in calendar.contents.get("vevent", []):
            first = event.dtstart.value
            length = event.dtend.value - first
            rules = event.getrruleset(addRDate=True)
            if rules is None:
                starts = [first]
            else:
                naive = not isinstance(first, datetime)
                low = datetime.combine(start, datetime.min.time())
                high = datetime.combine(until, datetime.min.time())
                if not naive:
                    low, high = low.replace(tzinfo=UTC), high.replace(tzinfo=UTC)
                starts = [s.date() if naive else s for s in rules.between(low, high, inc=True)]
            for moment in starts:
                found.append(
                    Occurrence(
                        uid=event.uid.value,
                        summary=event.summary.value,
                        start=_instant(moment),
                        end=_instant(moment + length),
                        sequence=int(event.sequence.value) if "sequence" in event.contents else 0,
                        status=event.status.value if "status" in event.contents else None,
                        location=event.location.value if "location" in event.contents else None,
                        description=event.description.value if "description" in event.contents else None,
                    )
                )
    return found


def with_ical(text: str, start: date, until: date) -> list[Occurrence]:
    from ical.calendar_stream import IcsCalendarStream

    calendar = IcsCalendarStream.calendar_from_ics(text)
    found = []
    for event in calendar.events:
        if event.rrule is None:
            occurrences = [event]
        else:
            timeline = calendar.timeline_tz(UTC).overlapping(start, until)
            occurrences = [item for item in timeline if item.uid == event.uid]
        for item in occurrences:
            found.append(
                Occurrence(
                    uid=item.uid,
                    summary=item.summary,
                    start=_instant(item.dtstart),
                    end=_instant(item.dtend),
                    sequence=item.sequence or 0,
                    status=item.status.value if item.status else None,
                    location=item.location,
                    description=item.description,
                )
            )
    return found


def icaljs_ready() -> str:
    """Why ical.js cannot run here, or "" when it can."""
    if shutil.which("node") is None:
        return "Node.js is not installed; ical.js needs it"
    if not (HERE / "node_modules" / "ical.js").is_dir():
        return "ical.js is not installed: run `npm ci` in tests/calendar_parsers (make test does)"
    return ""


def with_icaljs(calendars: dict[str, str], start: date, until: date) -> dict[str, list[Occurrence]]:
    """Several calendars in one run of node (it takes ~50 ms to start)."""
    request = {"calendars": calendars, "from": start.isoformat(), "until": until.isoformat()}
    done = subprocess.run(
        ["node", str(HERE / "expand.mjs")],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        cwd=HERE,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = {}
    for name, calendar in json.loads(done.stdout).items():
        result[name] = [
            Occurrence(
                uid=item["uid"],
                summary=item["summary"],
                start=_js_moment(item["start"]),
                end=_js_moment(item["end"]),
                sequence=item["sequence"] or 0,
                status=item["status"],
                location=item["location"],
                description=item["description"],
            )
            for item in calendar["occurrences"]
        ]
    return result


def _js_moment(text: str) -> datetime | date:
    if "T" in text:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    return date.fromisoformat(text)
