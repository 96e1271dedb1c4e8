"""The shape of the files editors commit, as pydantic models.

These models describe the raw YAML (text as written); `read` turns them into the typed
model. Every custom check raises `values.Hinted`, which becomes a diagnostic at the
value's position with the hint attached.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    model_validator,
)
from pydantic_core import PydanticCustomError

from generator.messages import Message, t
from generator.reading import values

T = TypeVar("T")


def _checked(parse: Callable[[str], T]) -> Callable[[Any], T]:
    def check(raw: Any) -> T:
        if isinstance(raw, int | float) and not isinstance(raw, bool) and parse is values.parse_clock:
            wrong = values.clock_from_number(raw)
            raise PydanticCustomError("club", "{message}", {"message": wrong.message, "hint": wrong.hint})
        if not isinstance(raw, str):
            raise PydanticCustomError(
                "club",
                "{message}",
                {"message": t("expected text, found {found}", found=describe(raw)), "hint": ""},
            )
        try:
            return parse(raw)
        except values.Hinted as exc:
            raise PydanticCustomError(
                "club", "{message}", {"message": exc.message, "hint": exc.hint}
            ) from None

    return check


def describe(raw: Any) -> Message:
    """How a wrongly typed value is named in a message."""
    if raw is None:
        return t("nothing")
    if isinstance(raw, bool):
        return t("{value} (a yes/no value)", value=str(raw).lower())
    if isinstance(raw, int | float):
        return t("the number {number}", number=raw)
    if isinstance(raw, list):
        return t("a list")
    if isinstance(raw, dict):
        return t("a mapping (key: value lines)")
    if isinstance(raw, str) and len(raw) > 40:
        return t('the text "{text}…"', text=raw[:37])
    return t('"{text}"', text=str(raw))


def _number_as_text(raw: Any) -> Any:
    # Editors write `phone: 13900000001` or `title: 1984` without quotes.
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return str(raw)
    return raw


# Limits that keep one build's work bounded (a run-sheet of 16,700 segments once made one
# agenda.pdf take five minutes); each is far above what a club's evening needs.
MAX_TEXT = 1_000  # characters in a one-line value: a title, a name, a cue
MAX_PROSE = 20_000  # characters in a Markdown value: a summary, notes, a host's script
MAX_SEGMENTS = 200  # segments in one run-sheet
MAX_ITEMS = 500  # honorees, highlights, materials, a segment's cues
MAX_EVENTS = 10_000  # event files one build reads

Slug = Annotated[str, BeforeValidator(_checked(values.slug))]
Text = Annotated[str, BeforeValidator(_number_as_text), Field(min_length=1, max_length=MAX_TEXT)]
Markdown = Annotated[str, BeforeValidator(_number_as_text), Field(max_length=MAX_PROSE)]
DateText = Annotated[date, BeforeValidator(_checked(values.parse_date))]
DateTimeText = Annotated[datetime, BeforeValidator(_checked(values.parse_datetime))]
ClockText = Annotated[time | datetime, BeforeValidator(_checked(values.parse_clock))]
DurationText = Annotated[timedelta, BeforeValidator(_checked(values.parse_duration))]
TimeZoneText = Annotated[str, BeforeValidator(_checked(values.time_zone))]
BirthdayText = Annotated[tuple[int | None, int, int], BeforeValidator(_checked(values.parse_month_day))]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# members.yaml -------------------------------------------------------------------------


def _names(raw: Any) -> Any:
    return {"zh": raw, "en": raw} if isinstance(raw, str) else raw


class TierIn(Strict):
    id: Slug
    name: Annotated[dict[str, Text], BeforeValidator(_names)]


class ConsentIn(Strict):
    directory: StrictBool = False
    birthday: StrictBool = False


class MemberIn(Strict):
    id: Slug
    name: Text
    display_name: Text | None = None
    tier: Slug
    joined: DateText | None = None
    birthday: BirthdayText | None = None
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None
    phone: (
        Annotated[str, BeforeValidator(_number_as_text), Field(pattern=r"^\+?[0-9][0-9 ()-]{4,24}$")] | None
    ) = None
    city: Text | None = None
    interests: list[Text] = []
    referred_by: Slug | None = None
    consent: ConsentIn = ConsentIn()
    notes: Markdown | None = None


class RosterIn(Strict):
    tiers: list[TierIn] | None = None
    members: list[MemberIn] = []


# events/*.yaml ------------------------------------------------------------------------


def _venue(raw: Any) -> Any:
    return {"name": raw} if isinstance(raw, str) else raw


class VenueIn(Strict):
    name: Text
    address: Text | None = None


class OrganizerIn(Strict):
    name: Text
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None


def _month(raw: Any) -> Any:
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= 12:
        raise PydanticCustomError(
            "club",
            "{message}",
            {
                "message": t("{value} is not a month", value=describe(raw)),
                "hint": t("write a month number from 1 to 12"),
            },
        )
    return raw


def _one_or_many(raw: Any) -> Any:
    # `birthday_months: 12` reads as naturally as `birthday_months: [12, 1]`.
    return [raw] if isinstance(raw, int | str) and not isinstance(raw, bool) else raw


Month = Annotated[int, BeforeValidator(_month)]


class AudienceIn(Strict):
    """Who an event invites: members matching every filter given (tiers, birthday months,
    interests, cities, joining dates), plus the members listed by id."""

    tiers: list[Slug] = []
    members: list[Slug] = []
    birthday_months: Annotated[list[Month], BeforeValidator(_one_or_many)] = []
    interests: Annotated[list[Text], BeforeValidator(_one_or_many)] = []
    cities: Annotated[list[Text], BeforeValidator(_one_or_many)] = []
    joined_before: DateText | None = None
    joined_after: DateText | None = None
    capacity: Annotated[int, Field(ge=1)] | None = None

    @model_validator(mode="after")
    def _joined_range(self) -> AudienceIn:
        if self.joined_before and self.joined_after and self.joined_after >= self.joined_before:
            raise PydanticCustomError(
                "club",
                "{message}",
                {
                    "message": t(
                        "no one can join after {after} and before {before}",
                        after=str(self.joined_after),
                        before=str(self.joined_before),
                    ),
                    "hint": t('"joined_after" must be an earlier date than "joined_before"'),
                },
            )
        return self


class SegmentIn(Strict):
    at: ClockText | None = None
    until: ClockText | None = None
    duration: DurationText | None = None
    title: Text
    owner: Text | None = None
    location: Text | None = None
    cues: Annotated[list[Text], Field(max_length=MAX_ITEMS)] = []
    crew_only: StrictBool = False
    notes: Markdown | None = None
    script: Markdown | None = None


class MaterialIn(Strict):
    item: Text
    qty: Annotated[int, Field(ge=0)] | None = None
    owner: Text | None = None
    done: StrictBool = False


class EventIn(Strict):
    title: Text
    kind: Literal["birthday", "briefing", "other"]
    status: Literal["draft", "confirmed", "cancelled"] = "confirmed"
    start: DateTimeText
    end: DateTimeText
    timezone: TimeZoneText | None = None
    venue: Annotated[VenueIn, BeforeValidator(_venue)] | None = None
    organizer: OrganizerIn | None = None
    honorees: Annotated[list[Slug], Field(max_length=MAX_ITEMS)] = []
    audience: AudienceIn = AudienceIn()
    summary: Markdown = ""
    theme: Text | None = None
    highlights: Annotated[list[Text], Field(max_length=MAX_ITEMS)] = []
    run_sheet: Annotated[list[SegmentIn], Field(max_length=MAX_SEGMENTS)] = []
    materials: Annotated[list[MaterialIn], Field(max_length=MAX_ITEMS)] = []
    notes: Markdown | None = None
    reminders: list[DurationText] | None = None


# mkdocs.yml: the club plugin's options ------------------------------------------------


class ClubOptionsIn(Strict):
    timezone: TimeZoneText = "Asia/Shanghai"
    events_dir: Text = "events"
    members_file: Text = "members.yaml"
    private_dir: Text = "private"
    leap_day_birthdays: Literal["feb28", "mar1"] = "feb28"
    reminders: list[DurationText] = [timedelta(days=1)]
    paper: Literal["A4", "Letter"] = "A4"


# content/journal/posts/*.md front matter ----------------------------------------------


def _issue_id(text: str) -> str:
    import re

    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        raise values.Hinted(
            t('"{text}" is not a journal issue', text=text), t('write the year and month, e.g. "2026-11"')
        )
    return text


def _post_date(raw: Any) -> Any:
    # Material's blog accepts `date: {created: …, updated: …}`.
    if isinstance(raw, dict) and "created" in raw:
        raw = raw["created"]
    if isinstance(raw, str) and len(raw.strip()) > 10:
        try:
            return values.parse_datetime(raw).date()
        except values.Hinted as exc:  # said like every other value's problem, with its hint
            raise PydanticCustomError(
                "club", "{message}", {"message": exc.message, "hint": exc.hint}
            ) from None
    return raw


class ArticleIn(BaseModel):
    """Front matter of a journal article. Other keys belong to Material and pass through."""

    model_config = ConfigDict(extra="allow", frozen=True)

    date: Annotated[DateText, BeforeValidator(_post_date)]
    title: Text | None = None
    issue: Annotated[str, BeforeValidator(_number_as_text), AfterValidator(_checked(_issue_id))] | None = None
    authors: list[Text] = []
    categories: list[Text] = []
    slug: Slug | None = None
    draft: StrictBool = False
