"""Who an event invites: the audience's selectors resolved against the roster.

An audience has filters (tiers, birthday months, interests, cities, joining dates) and a
list of members named by id. A member is selected when they pass every filter that is
given (any of the values listed under one filter will do), or when they are named by id.
An audience with no filter selects only the members it names.

- Birthday months count the day the birthday is celebrated in the event's year, so a
  29 February birthday falls in March in a common year when the club says `mar1`.
- Interests and cities are compared without regard to case, width (全角/半角) or
  surrounding spaces; a city may be written with or without a trailing 市.
- `joined_before` and `joined_after` are strict: `joined_after: 2020-01-01` selects members
  who joined on 2 January 2020 or later. Members whose joining date is unknown do not pass.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from generator.diagnostics import Position, Report, did_you_mean
from generator.messages import language_for, shown, t
from generator.model import Audience, Club, Event, Member


@dataclass(frozen=True)
class Selection:
    """An event's resolved audience."""

    members: list[Member]  # in roster order
    named: frozenset[str]  # ids selected only because the audience names them
    capacity: int | None

    @property
    def count(self) -> int:
        return len(self.members)

    @property
    def over_capacity(self) -> int:
        return max(0, self.count - self.capacity) if self.capacity is not None else 0


def normalized(text: str) -> str:
    """Text as two editors would agree it is the same: NFKC, case-folded, no outer spaces."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


def _city(text: str) -> str:
    value = normalized(text)
    return value[:-1] if len(value) > 1 and value.endswith("市") else value


def has_filters(audience: Audience) -> bool:
    return bool(
        audience.tiers
        or audience.birthday_months
        or audience.interests
        or audience.cities
        or audience.joined_before
        or audience.joined_after
    )


@dataclass(frozen=True)
class _Filters:
    """An audience's filters in the form members are compared with, worked out once."""

    tiers: frozenset[str]
    months: frozenset[int]
    interests: frozenset[str]
    cities: frozenset[str]
    before: date | None
    after: date | None
    year: int
    leap_day: str

    @classmethod
    def of(cls, audience: Audience, year: int, leap_day: str) -> _Filters:
        return cls(
            frozenset(audience.tiers),
            frozenset(audience.birthday_months),
            frozenset(normalized(i) for i in audience.interests),
            frozenset(_city(c) for c in audience.cities),
            audience.joined_before,
            audience.joined_after,
            year,
            leap_day,
        )

    def passes(self, member: Member) -> bool:
        if self.tiers and member.tier not in self.tiers:
            return False
        if self.months and (
            member.birthday is None
            or member.birthday.in_year(self.year, self.leap_day).month not in self.months
        ):
            return False
        if self.interests and not any(normalized(i) in self.interests for i in member.interests):
            return False
        if self.cities and (member.city is None or _city(member.city) not in self.cities):
            return False
        joined = member.joined
        if self.before and (joined is None or not joined < self.before):
            return False
        return not (self.after and (joined is None or not joined > self.after))


def passes(member: Member, audience: Audience, year: int, leap_day: str = "feb28") -> bool:
    """Whether the member passes every filter the audience gives (`year`: the event's)."""
    return _Filters.of(audience, year, leap_day).passes(member)


def resolve(club: Club, event: Event) -> Selection:
    """The members the event's audience selects, in roster order, each once."""
    audience = event.audience
    leap_day = club.settings.leap_day_birthdays
    filters = _Filters.of(audience, event.start.year, leap_day) if has_filters(audience) else None
    named = set(audience.members)
    chosen: list[Member] = []
    only_named: set[str] = set()
    seen: set[str] = set()
    for member in club.members:
        if member.id in seen:
            continue
        by_filter = filters is not None and filters.passes(member)
        if by_filter or member.id in named:
            seen.add(member.id)
            chosen.append(member)
            if not by_filter:
                only_named.add(member.id)
    return Selection(chosen, frozenset(only_named), audience.capacity)


# checks -------------------------------------------------------------------------------


def _known(values: Iterable[str | None], key: Callable[[str], str] = normalized) -> dict[str, str]:
    """The roster's values by their compared form (for "did you mean")."""
    known: dict[str, str] = {}
    for value in values:
        if value:
            known.setdefault(key(value), value)
    return known


def position_of(event: Event, *keys: str | int) -> Position:
    return event.source.at(keys) if event.source else event.position


def check_audience(club: Club, event: Event, report: Report) -> None:
    """Filters that match nobody (usually a typo) and an audience larger than the capacity."""
    audience = event.audience
    # The roster's values are gathered (lazily) only for an event that filters on them.
    unmatched = (
        (
            "interests",
            audience.interests,
            (i for m in club.members for i in m.interests),
            normalized,
            lambda value: t('no member lists the interest "{value}"', value=value),
        ),
        (
            "cities",
            audience.cities,
            (m.city for m in club.members),
            _city,
            lambda value: t('no member lives in "{value}"', value=value),
        ),
    )
    for key, wanted, on_roster, compared, problem in unmatched:
        known = _known(on_roster, compared) if wanted else {}
        for index, value in enumerate(wanted):
            if compared(value) not in known:
                report.warning(
                    position_of(event, "audience", key, index),
                    problem(value),
                    did_you_mean(value, known.values()) or t("check the spelling against the roster"),
                )
    capacity = audience.capacity
    if capacity is not None:
        invited = resolve(club, event).count
        if invited > capacity:
            report.warning(
                position_of(event, "audience", "capacity"),
                t(
                    "the audience selects {invited} members but capacity is {capacity}",
                    invited=invited,
                    capacity=capacity,
                ),
                t("raise the capacity or narrow the audience"),
            )


def counts(club: Club, today: date) -> list[tuple[Event, Selection]]:
    """Every event not over by `today` that invites anyone, with its resolved audience, in
    date order: past events' audiences change nothing an editor can still act on, and on a
    club with years of events they would be most of the table and of the time it takes."""
    rows = []
    for event in sorted(club.events, key=lambda e: (e.start, e.slug)):
        if event.end.date() < today:
            continue
        if has_filters(event.audience) or event.audience.members or event.audience.capacity:
            rows.append((event, resolve(club, event)))
    return rows


def count_lines(club: Club, today: date, language: str | None = None) -> list[str]:
    """`club check`'s audience table: each coming event's invited count against its capacity,
    in `language` (by default the language of the club's messages)."""
    rows = counts(club, today)
    if not rows:
        return []
    language = language or language_for(club.settings.language)
    width = max(len(event.slug) for event, _ in rows)
    lines = [shown(t("audience (invited / capacity):"), language)]
    for event, selection in rows:
        capacity = str(selection.capacity) if selection.capacity is not None else "-"
        over = t("{count} over", count=selection.over_capacity)
        flag = f"  {shown(over, language)}" if selection.over_capacity else ""
        lines.append(f"  {event.slug:<{width}}  {selection.count:>4} / {capacity}{flag}")
    return lines
