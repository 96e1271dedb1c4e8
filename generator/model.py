"""The club as plain typed objects: what the checker inspects and every output is made from.

Public views (`PublicMember`, `PublicEvent`) are separate types carrying only what may be
published, so that a page or feed renderer cannot reach a phone number by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from generator.diagnostics import Position

if TYPE_CHECKING:  # the model holds the parsed file only to point into it
    from generator.reading.yamlread import Document


class Kind(StrEnum):
    BIRTHDAY = "birthday"
    BRIEFING = "briefing"
    OTHER = "other"


class Status(StrEnum):
    DRAFT = "draft"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


DEFAULT_TIERS: tuple[tuple[str, str, str], ...] = (
    ("diamond", "钻石会员", "Diamond"),
    ("platinum", "白金会员", "Platinum"),
    ("gold", "金卡会员", "Gold"),
    ("silver", "银卡会员", "Silver"),
    ("member", "会员", "Member"),
)


@dataclass(frozen=True)
class Tier:
    id: str
    names: dict[str, str]
    rank: int  # 0 is the highest tier

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names.get("en") or next(iter(self.names.values()), self.id)


@dataclass(frozen=True)
class Birthday:
    month: int
    day: int
    year: int | None = None

    def in_year(self, year: int, leap_day: str = "feb28") -> date:
        """The date this birthday is celebrated in `year` (29 February per the club's rule)."""
        try:
            return date(year, self.month, self.day)
        except ValueError:
            return date(year, 3, 1) if leap_day == "mar1" else date(year, 2, 28)


@dataclass(frozen=True)
class Consent:
    directory: bool = False
    birthday: bool = False


@dataclass(frozen=True)
class PublicMember:
    """What the public site may know of a member who consented to appear."""

    id: str
    name: str | None
    tier: str
    birthday: tuple[int, int] | None  # month, day; never the year


@dataclass
class Member:
    id: str
    name: str
    tier: str
    position: Position
    index: int = -1  # place in the roster file's members list
    display_name: str | None = None
    joined: date | None = None
    birthday: Birthday | None = None
    email: str | None = None
    phone: str | None = None
    city: str | None = None
    interests: list[str] = field(default_factory=list)
    referred_by: str | None = None
    consent: Consent = field(default_factory=Consent)
    notes: str | None = None

    @property
    def greeting_name(self) -> str:
        """How planners address the member in an invitation."""
        return self.display_name or self.name

    def public(self) -> PublicMember:
        shown = self.consent.directory
        return PublicMember(
            id=self.id,
            name=(self.display_name or self.name) if shown else None,
            tier=self.tier,
            birthday=(
                (self.birthday.month, self.birthday.day)
                if self.birthday and self.consent.birthday and shown
                else None
            ),
        )


@dataclass(frozen=True)
class Venue:
    name: str
    address: str | None = None


@dataclass(frozen=True)
class Organizer:
    name: str
    email: str | None = None


@dataclass(frozen=True)
class Audience:
    """Who an event invites; `generator.audience` resolves it against the roster."""

    tiers: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    capacity: int | None = None
    birthday_months: tuple[int, ...] = ()
    interests: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    joined_before: date | None = None
    joined_after: date | None = None


@dataclass(frozen=True)
class Material:
    item: str
    qty: int | None = None
    owner: str | None = None
    done: bool = False


@dataclass
class Segment:
    title: str
    start: datetime
    end: datetime
    position: Position
    linked: bool = False  # no `at`: starts when the previous segment ends
    owner: str | None = None
    location: str | None = None
    cues: list[str] = field(default_factory=list)
    crew_only: bool = False
    notes: str | None = None  # (md) crew notes; private
    script: str | None = None  # (md) the host's lines

    @property
    def duration(self) -> timedelta:
        return self.end.astimezone(UTC) - self.start.astimezone(UTC)


@dataclass(frozen=True)
class PublicSegment:
    title: str
    start: datetime
    end: datetime
    location: str | None


@dataclass
class Event:
    slug: str
    file: str
    title: str
    kind: Kind
    status: Status
    start: datetime
    end: datetime
    timezone: str
    position: Position
    venue: Venue | None = None
    organizer: Organizer | None = None
    honorees: list[str] = field(default_factory=list)
    audience: Audience = field(default_factory=Audience)
    summary: str = ""
    theme: str | None = None
    highlights: list[str] = field(default_factory=list)
    run_sheet: list[Segment] = field(default_factory=list)
    materials: list[Material] = field(default_factory=list)
    notes: str | None = None
    reminders: list[timedelta] | None = None  # None: the club's default
    date_prefix: str = ""  # the YYYY-MM-DD of the file name
    source: Document | None = None  # the file, for positions of its values

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def duration(self) -> timedelta:
        return self.end.astimezone(UTC) - self.start.astimezone(UTC)


@dataclass(frozen=True)
class PublicEvent:
    """An event as members and the public may see it: no crew segments, no notes."""

    slug: str
    title: str
    kind: Kind
    status: Status
    start: datetime
    end: datetime
    timezone: str
    venue: Venue | None
    organizer: Organizer | None
    honorees: tuple[PublicMember, ...]
    summary: str
    theme: str | None
    highlights: tuple[str, ...]
    agenda: tuple[PublicSegment, ...]


@dataclass
class Article:
    file: str  # relative to docs_dir
    title: str
    date: date
    issue: str | None
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    slug: str | None = None
    draft: bool = False


@dataclass
class Issue:
    id: str  # YYYY-MM
    articles: list[Article] = field(default_factory=list)


@dataclass
class Settings:
    """The club's settings as a build uses them: MkDocs' own that the tool reads (its
    defaults are MkDocs' and Material's), and the `club` plugin's options, whose one
    declaration, with their defaults, is `reading.schema.ClubOptionsIn`."""

    site_name: str = "Club journal"
    site_url: str | None = None
    language: str = "zh"
    timezone: str = "Asia/Shanghai"
    events_dir: str = "events"
    members_file: str = "members.yaml"
    private_dir: str = "private"
    docs_dir: str = "docs"
    site_dir: str = "site"
    custom_dir: str | None = None  # the theme's, whose files a sheet may show
    blog_dir: str = "journal"  # without the blog plugin, where the data format puts articles
    leap_day_birthdays: str = "feb28"
    reminders: list[timedelta] = field(default_factory=lambda: [timedelta(days=1)])
    paper: str = "A4"

    @property
    def domain(self) -> str:
        """The club's domain for calendar UIDs, from site_url (a fixed fallback otherwise)."""
        return _domain(self.site_url)


@lru_cache(maxsize=8)
def _domain(site_url: str | None) -> str:
    # Asked once per member and event for their calendar UIDs.
    from urllib.parse import urlsplit

    return urlsplit(site_url or "").hostname or "club-journal.invalid"


@dataclass
class Club:
    settings: Settings
    tiers: list[Tier]
    members: list[Member]
    events: list[Event]
    articles: list[Article]
    # Every member id written in the roster, including entries that failed validation,
    # so that one bad member does not also turn every reference to it into an error.
    roster_ids: set[str] = field(default_factory=set)
    authors: dict[str, Any] | None = None  # the blog's .authors.yml, when there is one
    roster: Document | None = None  # the roster file, for positions of values

    def __post_init__(self) -> None:
        self.members_by_id = {m.id: m for m in self.members}
        self.tiers_by_id = {t.id: t for t in self.tiers}
        self.events_by_slug = {e.slug: e for e in self.events}

    def event_written_as(self, written: str) -> tuple[Event | None, list[str]]:
        """The event a command names by its slug, its file (path or name), or the start of
        its slug; else None and the slugs that start so, or none."""
        written = written.strip()
        if written in self.events_by_slug:
            return self.events_by_slug[written], []
        name = written.replace("\\", "/").rsplit("/", 1)[-1]
        by_file = [e for e in self.events if e.file.rsplit("/", 1)[-1] == name]
        if len(by_file) == 1:
            return by_file[0], []
        starting = sorted(slug for slug in self.events_by_slug if slug.startswith(written.lower()))
        if len(starting) == 1:
            return self.events_by_slug[starting[0]], []
        return None, starting

    @property
    def issues(self) -> list[Issue]:
        by_id: dict[str, Issue] = {}
        for article in sorted(self.articles, key=lambda a: (a.date, a.file)):
            # Material's blog leaves drafts out of the built site: an issue lists, and its
            # print edition prints, only what members can read.
            if article.issue and not article.draft:
                by_id.setdefault(article.issue, Issue(article.issue)).articles.append(article)
        return [by_id[k] for k in sorted(by_id)]

    def public_event(self, event: Event) -> PublicEvent:
        honorees = tuple(
            public
            for public in (self.members_by_id[h].public() for h in event.honorees if h in self.members_by_id)
            if public.name
        )
        return PublicEvent(
            slug=event.slug,
            title=event.title,
            kind=event.kind,
            status=event.status,
            start=event.start,
            end=event.end,
            timezone=event.timezone,
            venue=event.venue,
            organizer=event.organizer,
            honorees=honorees,
            summary=event.summary,
            theme=event.theme,
            highlights=tuple(event.highlights),
            agenda=tuple(
                PublicSegment(s.title, s.start, s.end, s.location) for s in event.run_sheet if not s.crew_only
            ),
        )

    def public_members(self) -> list[PublicMember]:
        return [m.public() for m in self.members if m.consent.directory]
