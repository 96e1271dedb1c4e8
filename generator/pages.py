"""The public site's generated pages, as Markdown handed to MkDocs.

Pages see only public views of the club (`PublicEvent`, `PublicMember`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from .markup import environment
from .model import Club, PublicEvent, Status
from .outputs import BuildInfo, Output
from .texts import Texts


@dataclass(frozen=True)
class EventLinks:
    ics: str
    agenda_pdf: str | None


def event_page(event: PublicEvent, texts: Texts, links: EventLinks) -> str:
    reader_zone_differs = True  # the page's script shows the reader's time only when it differs
    return (
        environment("pages")
        .get_template("event.md.j2")
        .render(event=event, t=texts, links=links, Status=Status, show_local=reader_zone_differs)
    )


def events_index(upcoming: list[PublicEvent], past: list[PublicEvent], texts: Texts, feed_url: str) -> str:
    def by_month(events: list[PublicEvent]) -> list[tuple[str, list[PublicEvent]]]:
        return [
            (texts.month(k), list(v)) for k, v in groupby(events, key=lambda e: e.start.date().replace(day=1))
        ]

    return (
        environment("pages")
        .get_template("events.md.j2")
        .render(upcoming=by_month(upcoming), past=by_month(past), t=texts, feed_url=feed_url, Status=Status)
    )


def feed_links(site_url: str | None) -> str:
    return (site_url or "").rstrip("/") + "/calendar.ics"


class Pages:
    """Exporter of the Markdown pages MkDocs renders into the public site."""

    name = "pages"
    public = True

    def __init__(self, today: date, agenda_pdfs: bool = False) -> None:
        self.today = today
        self.agenda_pdfs = agenda_pdfs

    def outputs(self, club: Club, build: BuildInfo) -> Iterable[Output]:
        texts = Texts(club.settings.language)
        public = [club.public_event(e) for e in club.events if e.status is not Status.DRAFT]
        upcoming = sorted((e for e in public if e.end.date() >= self.today), key=lambda e: e.start)
        past = sorted((e for e in public if e.end.date() < self.today), key=lambda e: e.start, reverse=True)
        yield Output(
            "events/index.md", events_index(upcoming, past, texts, feed_links(club.settings.site_url))
        )
        for event in public:
            links = EventLinks(ics=f"{event.slug}.ics", agenda_pdf="agenda.pdf" if self.agenda_pdfs else None)
            yield Output(f"events/{event.slug}/index.md", event_page(event, texts, links))
