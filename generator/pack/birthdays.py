"""This month's and next month's birthdays: for the public site and for the planners.

- `upcoming_birthdays(club, today, public=True)` gives what the site may show: members who
  agreed to both the directory and the birthday list, by the name they go by, with month
  and day only (a `PublicMember` carries no year, no contact field).
- `upcoming_birthdays(club, today, public=False)` gives the planners everyone, with age,
  tier, phone and a greeting ready to send as one text message; `PlannersBirthdays` writes
  it to `private/birthdays.html` and `private/birthdays.csv`.

A birthday on 29 February is celebrated on the day the club's `leap_day_birthdays` says in
a common year (28 February or 1 March), so it can move into March's list.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal, overload

from generator.model import Club, Member, PublicMember, Tier
from generator.pack.csvcells import cells
from generator.sms import fit
from generator.texts import BIRTHDAY_STRINGS, Texts
from generator.writing.outputs import BuildInfo, Output, OutputFamily

COLUMNS: dict[str, tuple[str, ...]] = {
    "zh": ("日期", "会员", "称呼", "编号", "等级", "年龄", "城市", "电话", "网站公开", "祝福短信"),
    "en": ("Date", "Member", "Called", "Id", "Tier", "Age", "City", "Phone", "On the site", "Greeting"),
}
CSV_COLUMNS = ("date", "id", "name", "display_name", "tier", "age", "city", "phone", "public", "greeting")


@dataclass(frozen=True)
class PublicBirthday:
    """A birthday the site may show: the member's public view and the day it is celebrated."""

    member: PublicMember
    day: date


@dataclass(frozen=True)
class PlannerBirthday:
    member: Member
    tier: Tier | None
    day: date  # the day it is celebrated
    age: int | None  # the age the member turns that day; None when the year is unknown
    greeting: str  # ready to send as one text message
    public: bool  # whether the site lists this birthday

    @property
    def round(self) -> bool:
        """A birthday ending in 0 (六十、七十大寿): planners usually do something special."""
        return self.age is not None and self.age > 0 and self.age % 10 == 0


def month_starts(today: date, months: int = 2) -> list[date]:
    """The first day of this month and of the `months - 1` months after it."""
    starts = []
    year, month = today.year, today.month
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return starts


def _celebrations(club: Club, today: date, months: int) -> list[tuple[Member, date]]:
    """Every member with a birthday celebrated in the months, by day, then roster order."""
    leap_day = club.settings.leap_day_birthdays
    found = []
    for start in month_starts(today, months):
        for member in club.members:
            if member.birthday is None:
                continue
            day = member.birthday.in_year(start.year, leap_day)
            if day.month == start.month:
                found.append((member, day))
    return sorted(found, key=lambda pair: (pair[1], pair[0].index))


def is_public(member: Member) -> bool:
    shown = member.public()
    return shown.name is not None and shown.birthday is not None


def public_birthdays(club: Club, today: date, months: int = 2) -> list[PublicBirthday]:
    return [PublicBirthday(m.public(), day) for m, day in _celebrations(club, today, months) if is_public(m)]


def greeting(club: Club, member: Member, age: int | None) -> str:
    texts = Texts(club.settings.language)
    key = "greeting_round" if age is not None and age > 0 and age % 10 == 0 else "greeting"
    template = BIRTHDAY_STRINGS[key][texts.language]
    fields = {"name": member.greeting_name, "club": club.settings.site_name, "age": str(age)}
    return fit(lambda f: template.format(**f), fields, ("club", "name"))


def planner_birthdays(club: Club, today: date, months: int = 2) -> list[PlannerBirthday]:
    entries = []
    for member, day in _celebrations(club, today, months):
        year = member.birthday.year if member.birthday else None
        age = day.year - year if year else None
        entries.append(
            PlannerBirthday(
                member=member,
                tier=club.tiers_by_id.get(member.tier),
                day=day,
                age=age,
                greeting=greeting(club, member, age),
                public=is_public(member),
            )
        )
    return entries


@overload
def upcoming_birthdays(
    club: Club, today: date, months: int = 2, *, public: Literal[True] = True
) -> list[PublicBirthday]: ...


@overload
def upcoming_birthdays(
    club: Club, today: date, months: int = 2, *, public: Literal[False]
) -> list[PlannerBirthday]: ...


def upcoming_birthdays(
    club: Club, today: date, months: int = 2, *, public: bool = True
) -> list[PublicBirthday] | list[PlannerBirthday]:
    """This month's and the next months' birthdays, by day: public-safe unless asked otherwise."""
    return public_birthdays(club, today, months) if public else planner_birthdays(club, today, months)


# The planners' files ----------------------------------------------------------------------


def _tier_name(entry: PlannerBirthday, language: str) -> str:
    return entry.tier.name(language) if entry.tier else entry.member.tier


def birthdays_csv(entries: Iterable[PlannerBirthday], language: str = "zh") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(cells(CSV_COLUMNS))
    for e in entries:
        m = e.member
        writer.writerow(
            cells(
                [
                    e.day.isoformat(),
                    m.id,
                    m.name,
                    m.display_name or "",
                    _tier_name(e, language),
                    "" if e.age is None else e.age,
                    m.city or "",
                    m.phone or "",
                    "yes" if e.public else "no",
                    e.greeting,
                ]
            )
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def birthdays_html(club: Club, entries: list[PlannerBirthday], today: date, months: int = 2) -> str:
    from generator.pack.tables import render

    texts = Texts(club.settings.language)
    say = {key: value[texts.language] for key, value in BIRTHDAY_STRINGS.items()}
    sections = []
    for start in month_starts(today, months):
        rows = [
            (
                texts.short_date(e.day),
                e.member.name,
                e.member.display_name or "",
                e.member.id,
                _tier_name(e, texts.language),
                "" if e.age is None else (f"{e.age} ★" if e.round else e.age),
                e.member.city or "",
                e.member.phone or "",
                say["yes"] if e.public else say["no"],
                e.greeting,
            )
            for e in entries
            if (e.day.year, e.day.month) == (start.year, start.month)
        ]
        heading = say["month"].format(month=texts.month(start), count=len(rows))
        sections.append({"heading": heading, "rows": rows})
    return render(
        "table.html.j2",
        lang=texts.language,
        title=say["title"],
        notes=[say["note"], say[f"leap_{club.settings.leap_day_birthdays}"]],
        columns=COLUMNS[texts.language],
        sections=sections,
        empty=say["none"],
    )


class PlannersBirthdays(OutputFamily):
    """private/birthdays.html and .csv: everyone's birthdays this month and next."""

    name = "birthdays (planners)"
    public = False
    in_second_process = True

    def __init__(self, today: date, months: int = 2) -> None:
        self.today = today
        self.months = months

    def outputs(self, club: Club, build: BuildInfo) -> Iterable[Output]:
        entries = planner_birthdays(club, self.today, self.months)
        yield Output("birthdays.html", birthdays_html(club, entries, self.today, self.months))
        yield Output("birthdays.csv", birthdays_csv(entries, Texts(club.settings.language).language))
