"""The public site's generated pages, as Markdown handed to MkDocs.

Pages see only public views of the club (`PublicEvent`, `PublicMember`): a template cannot
print a phone number or a birth year because it never receives one. Every plain-text value
goes through the `text` filter (escaped for Markdown and HTML); only the fields the data
format marks as Markdown (an event's summary) are rendered as written.

The home page is the one page that is both hand-written and generated: the club's own
`index.md` (its welcome text) is read here and the generated sections are put where it
says `<!-- club:home -->`, or after its text when it has no such line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby
from pathlib import Path
from typing import Any

from generator.markup import environment, markdown_text
from generator.model import Club, Event, Issue, Kind, PublicEvent, Status
from generator.pack.birthdays import PublicBirthday, month_starts, public_birthdays
from generator.texts import Texts
from generator.writing.outputs import BuildInfo, Output, OutputFamily

HOME_MARKER = "<!-- club:home -->"
# The Markdown extensions the page templates are written for (admonitions, Material's grid
# cards, buttons, tables, icons); the MkDocs plugin turns on those a club has not.
MARKDOWN_EXTENSIONS = ("admonition", "attr_list", "md_in_html", "tables", "pymdownx.emoji")
HOME_EVENTS = 3  # upcoming events shown on the home page
_ONE_ITEM = re.compile(r"(^events|/issues)/[^/]+/index\.md$")


@dataclass(frozen=True)
class EventLinks:
    ics: str
    agenda_pdf: str | None


@dataclass(frozen=True)
class Feeds:
    """Where the calendar feeds live: webcal:// for one-tap subscription, https:// to copy."""

    download: str  # relative to the page that links it
    webcal: str | None
    https: str | None
    kinds: tuple[tuple[str, str], ...] = ()  # (kind, link) for the feed of each kind of event


@dataclass(frozen=True)
class IssueArticle:
    title: str
    file: str  # relative to docs_dir, so MkDocs turns the link into the post's URL
    date: date
    authors: tuple[str, ...]  # display names from .authors.yml


# Material's bundled icons (pymdownx.emoji), one per kind of event.
KIND_ICONS = {
    "birthday": ":material-cake-variant:",
    "briefing": ":material-presentation:",
    "other": ":material-calendar-star:",
}


def _render(template: str, **values: Any) -> str:
    return environment("pages").get_template(template).render(Status=Status, kind_icons=KIND_ICONS, **values)


# events ---------------------------------------------------------------------------------


def iso(moment: datetime) -> str:
    """The instant with its offset, for the page script that shows the reader's local time."""
    return moment.isoformat(timespec="minutes")


def event_page(event: PublicEvent, texts: Texts, links: EventLinks) -> str:
    return _render("event.md.j2", event=event, t=texts, links=links, iso=iso)


def by_month(events: list[PublicEvent], texts: Texts) -> list[tuple[str, list[PublicEvent]]]:
    months = groupby(events, key=lambda e: e.start.date().replace(day=1))
    return [(texts.month(month), list(group)) for month, group in months]


def events_index(upcoming: list[PublicEvent], past: list[PublicEvent], texts: Texts, feeds: Feeds) -> str:
    return _render(
        "events.md.j2",
        upcoming=by_month(upcoming, texts),
        past=by_month(past, texts),
        t=texts,
        feeds=feeds,
    )


def feeds_for(site_url: str | None, to_root: str) -> Feeds:
    """The calendar feeds' links from a page `to_root` (e.g. "../") below the site's root."""
    base = (site_url or "").rstrip("/")
    if not base.startswith(("https://", "http://")):
        kinds = tuple((k.value, f"{to_root}calendar/{k.value}.ics") for k in Kind)
        return Feeds(f"{to_root}calendar.ics", None, None, kinds)
    webcal = "webcal://" + base.split("://", 1)[1]
    kinds = tuple((k.value, f"{webcal}/calendar/{k.value}.ics") for k in Kind)
    return Feeds(f"{to_root}calendar.ics", f"{webcal}/calendar.ics", f"{base}/calendar.ics", kinds)


def public_order(club: Club, today: date) -> tuple[list[Event], list[Event]]:
    """The events of public pages, upcoming (soonest first) and past (newest first); drafts
    are not public."""
    public = [e for e in club.events if e.status is not Status.DRAFT]
    upcoming = sorted((e for e in public if e.end.date() >= today), key=lambda e: (e.start, e.slug))
    past = sorted((e for e in public if e.end.date() < today), key=lambda e: (e.start, e.slug), reverse=True)
    return upcoming, past


def split_events(club: Club, today: date) -> tuple[list[PublicEvent], list[PublicEvent]]:
    """The public views of `public_order`'s events."""
    upcoming, past = public_order(club, today)
    return [club.public_event(e) for e in upcoming], [club.public_event(e) for e in past]


# birthdays ------------------------------------------------------------------------------


def birthdays_in(club: Club, month: date) -> list[PublicBirthday]:
    """Members who consented, whose birthday is celebrated in `month`'s month, by day."""
    return public_birthdays(club, month, months=1)


def birthdays_page(club: Club, today: date, texts: Texts) -> str:
    months = month_starts(today, 2)
    return _render(
        "birthdays.md.j2",
        months=[(texts.format("birthdays_in", month=texts.month(m)), birthdays_in(club, m)) for m in months],
        t=texts,
    )


# journal issues -------------------------------------------------------------------------


def issue_articles(club: Club, issue: Issue) -> list[IssueArticle]:
    authors = club.authors or {}

    def name(author: str) -> str:
        entry = authors.get(author)
        return str(entry.get("name") or author) if isinstance(entry, dict) else author

    return [IssueArticle(a.title, a.file, a.date, tuple(name(x) for x in a.authors)) for a in issue.articles]


def issue_page(club: Club, issue: Issue, texts: Texts, pdf: str | None) -> str:
    return _render(
        "issue.md.j2",
        issue=issue,
        name=texts.issue_name(issue.id),
        articles=issue_articles(club, issue),
        docs_back="../" * (issues_dir(club).count("/") + 2),  # from …/issues/YYYY-MM/ to docs_dir
        pdf=pdf,
        t=texts,
    )


def issues_index(club: Club, texts: Texts) -> str:
    issues = list(reversed(club.issues))
    return _render(
        "issues.md.j2",
        issues=[(i, texts.issue_name(i.id), issue_articles(club, i)) for i in issues],
        t=texts,
    )


def issues_dir(club: Club) -> str:
    return f"{club.settings.blog_dir}/issues"


# home -----------------------------------------------------------------------------------


def home_sections(club: Club, today: date, texts: Texts, upcoming: list[PublicEvent]) -> str:
    """The generated part of the home page: next events (`upcoming`, from `split_events`),
    latest issue, this month's birthdays."""
    issues = club.issues
    latest = issues[-1] if issues else None
    return _render(
        "home.md.j2",
        events=upcoming[:HOME_EVENTS],
        latest=latest,
        latest_name=texts.issue_name(latest.id) if latest else "",
        latest_articles=issue_articles(club, latest) if latest else [],
        issues_dir=issues_dir(club),
        journal_dir=club.settings.blog_dir,
        birthdays=birthdays_in(club, today.replace(day=1)),
        t=texts,
    )


def fill_home(written: str | None, sections: str, site_name: str) -> str:
    """The home page: the club's own text with the generated sections at its marker."""
    if written is None:
        return f"# {markdown_text(site_name)}\n\n{sections}"
    if HOME_MARKER in written:
        return written.replace(HOME_MARKER, sections, 1)
    return written.rstrip("\n") + "\n\n" + sections


# the output families----------------------------------------------------------------------


class Pages(OutputFamily):
    """The family of the Markdown pages MkDocs renders into the public site, but for the page
    of each event (`EventPages`): the events' index, the birthdays, the journal's issues and
    the home page.

    `issue_pdfs` says whether the build also
    writes the issues' print editions (…/YYYY-MM/YYYY-MM.pdf), so that pages link only to
    files that exist.
    """

    name = "pages"
    # Generated pages that take the place of a hand-written file of the same path; the
    # hand-written text is read and kept (see `fill_home`).
    replaces = frozenset({"index.md"})

    @staticmethod
    def listed(path: str) -> bool:
        return _ONE_ITEM.search(path) is None

    def __init__(self, today: date, issue_pdfs: bool = False) -> None:
        self.today = today
        self.issue_pdfs = issue_pdfs

    def outputs(self, club: Club, build: BuildInfo) -> Iterable[Output]:
        texts = Texts(club.settings.language)
        upcoming, past = split_events(club, self.today)
        feeds = feeds_for(club.settings.site_url, "../")
        yield Output("events/index.md", events_index(upcoming, past, texts, feeds))
        yield Output("birthdays/index.md", birthdays_page(club, self.today, texts))
        folder = issues_dir(club)
        yield Output(f"{folder}/index.md", issues_index(club, texts))
        for issue in club.issues:
            pdf = f"{issue.id}.pdf" if self.issue_pdfs else None
            yield Output(f"{folder}/{issue.id}/index.md", issue_page(club, issue, texts, pdf))
        written = Path(build.root) / club.settings.docs_dir / "index.md"
        text = written.read_text(encoding="utf-8", errors="replace") if written.is_file() else None
        home = fill_home(text, home_sections(club, self.today, texts, upcoming), club.settings.site_name)
        yield Output("index.md", home)


class EventPages(OutputFamily):
    """The family of each public event's page (events/SLUG/index.md), the bulk of the pages.

    `agenda_pdfs` says whether
    the build also writes each event's printable agenda (events/SLUG/agenda.pdf), so that a
    page links to it only if it exists.
    """

    name = "event pages"
    listed = staticmethod(Pages.listed)

    def __init__(self, today: date, agenda_pdfs: bool = False) -> None:
        self.today = today
        self.agenda_pdfs = agenda_pdfs

    def outputs(self, club: Club, build: BuildInfo) -> Iterable[Output]:
        texts = Texts(club.settings.language)
        upcoming, past = split_events(club, self.today)
        for event in upcoming + past:
            links = EventLinks(ics=f"{event.slug}.ics", agenda_pdf="agenda.pdf" if self.agenda_pdfs else None)
            yield Output(f"events/{event.slug}/index.md", event_page(event, texts, links))
