"""Printable sheets: the planners' run-of-show and host script, the public agenda, the journal's
print edition. Each is an HTML document (Jinja + CSS) that WeasyPrint turns into a PDF.

Every page carries the event's name and date, "page x of y", and a stamp naming the commit
and its time (`BuildInfo.built_at`: SOURCE_DATE_EPOCH, else the commit's), so an old
printout is recognisable and two builds of one commit give the same PDFs. The stamp is left
out of the render cache's key (see render_cache), so a sheet keeps the stamp of the build
that first produced its content.

A sheet may show files from its templates' folder, the club's docs_dir (articles' pictures)
and the theme's custom_dir, and nothing else (`readable_folders`).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_skeleton

from generator.atomic import write_atomically
from generator.checking.audience import resolve
from generator.checking.session import Checked
from generator.diagnostics import Diagnostic, Report
from generator.markup import anchored_snippets
from generator.messages import language_for, shown, t
from generator.model import Article, Club, Event, Issue, Member, PublicEvent, Segment, Status
from generator.sheets import render_cache
from generator.sheets.fonts import Font, MissingFont, cjk_font, needs_cjk
from generator.texts import SHEET_STRINGS, Texts, in_brackets
from generator.writing.outputs import BuildInfo, Output, OutputFamily

log = logging.getLogger(__name__)

TEMPLATES = "templates/sheets"
STAMP_SLOT = "<!--stamp-->"


class SheetTexts(Texts):
    """The site's texts and date formats, plus the words only the sheets use."""

    def __call__(self, key: str, **values: object) -> str:
        strings = SHEET_STRINGS.get(key)
        text = strings[self.language] if strings else super().__call__(key)
        return text.format(**values) if values else text

    def duration(self, span: timedelta) -> str:
        minutes = round(span.total_seconds() / 60)
        hours, rest = divmod(minutes, 60)
        if not hours:
            return self("minutes", m=rest)
        return self("hours", h=hours) if not rest else self("hours_minutes", h=hours, m=rest)

    def short_date(self, value: date | datetime) -> str:
        return format_date(value, "long", locale=self.locale)

    def issue_label(self, issue: str) -> str:
        year, month = (int(p) for p in issue.split("-"))
        if self.language == "zh":
            return f"{year}年{month}月刊"
        return format_skeleton("yMMMM", date(year, month, 1), locale=self.locale) + " issue"

    def stamp(self, build: BuildInfo, zone: ZoneInfo) -> str:
        """The commit and its time (or, outside git, the time of the build)."""
        commit = build.commit or self("not_in_git")
        when = build.built_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        return f"{self('built_from')} {commit} · {self('committed' if build.commit else 'built')} {when}"


# Templates ---------------------------------------------------------------------------


def css_string(value: object) -> Any:
    """`value` as a quoted CSS string, safe inside a <style> element."""
    from markupsafe import Markup

    out = ['"']
    for char in str(value):
        if char in '"\\':
            out.append("\\" + char)
        elif char in "\n\r":
            out.append("\\A ")
        elif char in "<>&":
            out.append(f"\\{ord(char):X} ")
        else:
            out.append(char)
    out.append('"')
    return Markup("".join(out))


@cache
def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("generator", TEMPLATES),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["css"] = css_string
    return env


@cache
def _stylesheet() -> str:
    return (resources.files("generator") / TEMPLATES / "sheet.css").read_text(encoding="utf-8")


@cache
def templates_digest() -> str:
    """One hash of every template and stylesheet: a change to any of them re-renders all sheets."""
    digest = hashlib.sha256()
    folder = resources.files("generator") / TEMPLATES
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_file():
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes())
    return digest.hexdigest()


def _render_template(name: str, **context: Any) -> str:
    return str(_environment().get_template(name).render(stylesheet=_stylesheet(), **context))


@dataclass(frozen=True)
class Page:
    """What every page of one sheet shows around its content."""

    paper: str  # the CSS page size
    language: str
    fonts: str  # the CSS font-family list
    header_left: str
    header_right: str
    page_words: tuple[str, str, str]  # around "x" and "y" in "page x of y"


def _page(club: Club, texts: SheetTexts, font: Font | None, left: str, right: str) -> Page:
    cjk = f'"{font.family}"' if font else None
    if texts.language == "zh":
        families = [cjk, '"Noto Sans CJK SC"', "sans-serif"]
    else:
        families = ['"Liberation Sans"', '"DejaVu Sans"', cjk, "sans-serif"]
    stack = ", ".join(dict.fromkeys(f for f in families if f))
    paper = "letter" if club.settings.paper.lower() == "letter" else "A4"
    words = (texts("page_before"), texts("page_between"), texts("page_after"))
    return Page(paper, texts.language, stack, left, right, words)


def with_stamp(html: str, stamp: str) -> str:
    """The document with its footer stamp (the commit and its time) filled in."""
    style = (
        f"<style>@page {{ @bottom-left {{ content: {css_string(stamp)}; }} }}"
        f"@media screen {{ body::after {{ content: {css_string(stamp)}; }} }}</style>"
    )
    return html.replace(STAMP_SLOT, style, 1)


# Markdown ----------------------------------------------------------------------------


_PYTHON_NAME = "tag:yaml.org,2002:python/name:"
_PYTHON_APPLY = "tag:yaml.org,2002:python/object/apply:"


def _python_object(dotted: str) -> Any:
    from importlib import import_module

    module, _, name = dotted.rpartition(".")
    return getattr(import_module(module), name)


def _plain(value: Any) -> Any:
    """ruamel's round-trip data as plain Python, with the two Python tags mkdocs.yml files use
    (`!!python/name:` and `!!python/object/apply:`) resolved as MkDocs' loader does."""
    tag = getattr(getattr(value, "tag", None), "value", None) or ""
    if isinstance(value, dict):
        plain = {str(k): _plain(v) for k, v in value.items()}
        if tag.startswith(_PYTHON_APPLY):
            function = _python_object(tag[len(_PYTHON_APPLY) :])
            return function(*plain.get("args", ()), **plain.get("kwds", {}))
        if tag.startswith("tag:yaml.org,2002:python/"):
            raise ValueError(f"unsupported tag {tag}")
        return plain
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if tag.startswith(_PYTHON_NAME):
        return _python_object(tag[len(_PYTHON_NAME) :])
    if tag.startswith("tag:yaml.org,2002:python/"):
        raise ValueError(f"unsupported tag {tag}")
    return value


def readable_folders(club: Club, root: Path) -> tuple[str, ...]:
    """The folders whose files a sheet may show (see render_cache.allowed_url): the sheets'
    templates, the club's docs_dir (published anyway; articles' pictures are there) and the
    theme's custom_dir. Not the roster, the events, the private folder or anything else."""
    root = root.resolve()
    folders = [str(resources.files("generator") / TEMPLATES), str(root / club.settings.docs_dir)]
    if club.settings.custom_dir:
        folders.append(str(root / club.settings.custom_dir))
    return tuple(str(Path(folder).resolve()) for folder in folders)


@cache
def markdown_extensions(config_file: Path) -> tuple[tuple[str, ...], tuple[tuple[str, Any], ...]]:
    """The Markdown extensions mkdocs.yml lists, with their options, where they load outside MkDocs."""
    import markdown
    from ruamel.yaml import YAML

    try:
        config = YAML(typ="rt").load(config_file.read_text(encoding="utf-8"))
        entries = config.get("markdown_extensions") or []
    except Exception:  # the checker reports a broken mkdocs.yml; sheets fall back to plain Markdown
        entries = []
    names: list[str] = []
    options: list[tuple[str, Any]] = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, str):
            name, option = entry, {}
        elif isinstance(entry, dict) and len(entry) == 1:
            name, option = next(iter(entry.items()))
        else:
            continue
        try:
            option = _plain(option or {})
            if name == "pymdownx.snippets":
                option = anchored_snippets(option, config_file.parent)
            markdown.Markdown(extensions=[name], extension_configs={name: option})
        except Exception:  # an extension that needs MkDocs itself: the sheets do without it
            continue
        names.append(str(name))
        options.append((str(name), option))
    return tuple(names), tuple(options)


_CJK_CHAR = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_LINE_BREAK = re.compile(f"(?<=[{_CJK_CHAR}])[ \t]*\r?\n[ \t]*(?=[{_CJK_CHAR}])")


class Markdown:
    """Markdown to HTML with the site's extensions; `lines=True` keeps line breaks (scripts, notes)."""

    def __init__(self, root: Path) -> None:
        self.names, self.options = markdown_extensions((root / "mkdocs.yml").resolve())

    def __call__(self, text: str | None, lines: bool = False) -> Any:
        import markdown
        from markupsafe import Markup

        if not text:
            return Markup("")
        if not lines:
            # A line break between two Chinese characters is not a space in print.
            text = _CJK_LINE_BREAK.sub("", text)
        names = [*self.names, "nl2br"] if lines else list(self.names)
        return Markup(markdown.markdown(text, extensions=names, extension_configs=dict(self.options)))


# The run sheet as rows ---------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    kind: str  # segment | gap | mark | day
    start: datetime
    end: datetime | None = None
    segment: Segment | None = None
    label: str = ""


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def timeline(event: Event) -> list[Row]:
    """The run sheet in time order, with unscheduled gaps, the event's start and end, and a
    divider wherever the date changes (so that 00:15 is visibly the next day)."""
    segments = sorted(event.run_sheet, key=lambda s: _utc(s.start))
    items: list[tuple[datetime, int, Row]] = [
        (_utc(event.start), 1, Row("mark", event.start, label="event_starts")),
        (_utc(event.end), 1, Row("mark", event.end, label="event_ends")),
    ]
    if segments:
        cursor = min(event.start, segments[0].start, key=_utc)
        for segment in segments:
            if _utc(segment.start) > _utc(cursor):
                items.append((_utc(cursor), 2, Row("gap", cursor, segment.start)))
            cursor = max(cursor, segment.end, key=_utc)
            items.append((_utc(segment.start), 3, Row("segment", segment.start, segment.end, segment)))
        if _utc(event.end) > _utc(cursor):
            items.append((_utc(cursor), 2, Row("gap", cursor, event.end)))
    rows: list[Row] = []
    day = event.start.date()
    for _, _, row in sorted(items, key=lambda item: (item[0], item[1])):
        if row.start.date() != day:
            day = row.start.date()
            rows.append(Row("day", row.start))
        rows.append(row)
    return rows


def day_offset(event_start: datetime, moment: datetime) -> int:
    """Days after the event's first day, on the event's wall clock (0 on the day itself)."""
    return (moment.astimezone(event_start.tzinfo).date() - event_start.date()).days


# The sheets --------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    name: str
    role: str = ""
    email: str | None = None
    phone: str | None = None
    duties: tuple[str, ...] = ()


def _member_label(member: Member, language: str) -> str:
    shown = member.display_name
    return in_brackets(language, member.name, shown) if shown and shown != member.name else member.name


def _members_by_name(club: Club) -> dict[str, Member]:
    """Members by id and by name: an owner may be written either way (or be a team's name)."""
    return {m.name: m for m in club.members} | {m.id: m for m in club.members}


def _contacts(club: Club, event: Event, texts: SheetTexts) -> list[Contact]:
    contacts: list[Contact] = []
    if event.organizer:
        contacts.append(Contact(event.organizer.name, texts("organizer"), event.organizer.email))
    for member_id in event.honorees:
        member = club.members_by_id.get(member_id)
        if member:
            contacts.append(
                Contact(_member_label(member, texts.language), texts("honorees"), member.email, member.phone)
            )
    by_name = _members_by_name(club)
    duties: dict[str, list[str]] = {}
    for segment in event.run_sheet:
        if segment.owner:
            days = day_offset(event.start, segment.start)
            clock = texts.clock(segment.start) + (f" (+{days})" if days else "")
            duties.setdefault(segment.owner, []).append(f"{clock} {segment.title}")
    for material in event.materials:
        if material.owner:
            duties.setdefault(material.owner, []).append(material.item)
    for owner, tasks in duties.items():
        member = by_name.get(owner)
        name = _member_label(member, texts.language) if member else owner
        email, phone = (member.email, member.phone) if member else (None, None)
        contacts.append(Contact(name, texts("owner"), email, phone, tuple(tasks)))
    return contacts


def _header(event: Event | PublicEvent, texts: SheetTexts) -> str:
    """The running header's name: a printout of a draft or a cancelled event says so on every page."""
    if event.status is Status.CONFIRMED:
        return event.title
    return f"{event.title} · {texts(event.status.value)}"


def _when(event: Event | PublicEvent, texts: SheetTexts) -> str:
    end = texts.clock(event.end)
    days = day_offset(event.start, event.end)
    if days:
        end = f"{end} (+{days})"
    return f"{texts.long_date(event.start)} {texts.clock(event.start)}–{end}"


def run_of_show(
    club: Club, event: Event, warnings: Sequence[Diagnostic], font: Font | None, md: Markdown
) -> str:
    texts = SheetTexts(club.settings.language)
    page = _page(club, texts, font, _header(event, texts), _when(event, texts))
    audience = resolve(club, event).members
    members = _members_by_name(club)
    tiers = [club.tiers_by_id[t].name(texts.language) for t in event.audience.tiers if t in club.tiers_by_id]
    return _render_template(
        "run-of-show.html.j2",
        page=page,
        t=texts,
        event=event,
        when=_when(event, texts),
        # Each problem's line, message and hint, in the sheet's language (the club's, as its
        # other words: `--lang` changes what the command says, not what it prints).
        warnings=[(d.position.line, *d.said(texts.language)) for d in warnings],
        rows=timeline(event),
        offset=lambda moment: day_offset(event.start, moment),
        honorees=[
            _member_label(club.members_by_id[h], texts.language)
            for h in event.honorees
            if h in club.members_by_id
        ],
        tiers=tiers,
        invited=len(audience),
        contacts=_contacts(club, event, texts),
        owner=lambda name: _member_label(members[name], texts.language) if name in members else name,
        md=md,
        Status=Status,
    )


def host_script(club: Club, event: Event, font: Font | None, md: Markdown) -> str:
    texts = SheetTexts(club.settings.language)
    page = _page(club, texts, font, _header(event, texts), _when(event, texts))
    segments = [s for s in event.run_sheet if not s.crew_only]
    return _render_template(
        "host-script.html.j2",
        page=page,
        t=texts,
        event=event,
        when=_when(event, texts),
        segments=segments,
        any_script=any(s.script for s in segments),
        offset=lambda moment: day_offset(event.start, moment),
        md=md,
        Status=Status,
    )


def agenda(club: Club, event: PublicEvent, font: Font | None, md: Markdown) -> str:
    texts = SheetTexts(club.settings.language)
    page = _page(club, texts, font, _header(event, texts), _when(event, texts))
    return _render_template(
        "agenda.html.j2",
        page=page,
        t=texts,
        event=event,
        when=_when(event, texts),
        offset=lambda moment: day_offset(event.start, moment),
        md=md,
        Status=Status,
    )


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n.*?\r?\n---[ \t]*\r?\n", re.DOTALL)
_MORE = re.compile(r"^[ \t]*<!--\s*more\s*-->[ \t]*\r?\n?", re.MULTILINE)
_FIRST_HEADING = re.compile(r"\A\s*#[ \t]+[^\n]*\n?")
_LOCAL_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^":#?]+)(")')


@dataclass(frozen=True)
class PrintedArticle:
    anchor: str
    article: Article
    authors: str
    body: Any  # Markup


def _article_body(club: Club, root: Path, article: Article, md: Markdown) -> tuple[str, list[Path]]:
    """The article's HTML, with local images as absolute file URLs, and the files it shows."""
    source = root / club.settings.docs_dir / article.file
    text = _MORE.sub("", _FRONT_MATTER.sub("", source.read_text(encoding="utf-8"), count=1))
    # The title is printed by the template, above the date and authors.
    html = str(md(_FIRST_HEADING.sub("", text, count=1)))
    shown: list[Path] = []

    def absolute(match: re.Match[str]) -> str:
        path = (source.parent / match.group(2)).resolve()
        if path.is_file():
            shown.append(path)
        return match.group(1) + path.as_uri() + match.group(3)

    return _LOCAL_SRC.sub(absolute, html), shown


def journal_issue(
    club: Club, root: Path, issue: Issue, font: Font | None, md: Markdown
) -> tuple[str, list[Path]]:
    texts = SheetTexts(club.settings.language)
    label = texts.issue_label(issue.id)
    page = _page(club, texts, font, f"{club.settings.site_name} · {label}", "")
    authors = club.authors or {}
    articles: list[PrintedArticle] = []
    shown: list[Path] = []
    for index, article in enumerate(issue.articles, start=1):
        names = [
            str(authors[a].get("name", a)) if isinstance(authors.get(a), dict) else a for a in article.authors
        ]
        body, files = _article_body(club, root, article, md)
        shown.extend(files)
        from markupsafe import Markup

        articles.append(PrintedArticle(f"article-{index}", article, texts("comma").join(names), Markup(body)))
    html = _render_template(
        "journal.html.j2",
        page=page,
        t=texts,
        site_name=club.settings.site_name,
        label=label,
        articles=articles,
    )
    return html, shown


# Rendering and the output families--------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """One document to produce: its PDF path, and the path of its HTML when that is written too."""

    html: str  # without the stamp
    pdf_path: str | None
    html_path: str | None = None
    base_url: str | None = None
    shows: tuple[Path, ...] = ()  # other files it shows (images), part of its cache key


@dataclass
class Stats:
    rendered: int = 0
    from_cache: int = 0
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)


def available_font() -> Font | None:
    try:
        return cjk_font()
    except MissingFont:
        return None


def produce(
    sheets: Sequence[Sheet], club: Club, build: BuildInfo, stats: Stats | None = None
) -> list[Output]:
    """The sheets' PDFs (from the cache or rendered in parallel) and HTML files."""
    import time

    started = time.perf_counter()
    texts = SheetTexts(club.settings.language)
    stamp = texts.stamp(build, ZoneInfo(club.settings.timezone))
    to_render = [s for s in sheets if s.pdf_path]
    folders = readable_folders(club, build.root)
    try:
        font: Font | None = cjk_font()
    except MissingFont:
        # Without Chinese text, no CJK font is needed; with it, refuse rather than print boxes.
        if any(needs_cjk(s.html) for s in to_render):
            raise
        font = None
    requests = [
        render_cache.Request(
            render_cache.key(
                s.html,
                templates_digest(),
                font.file if font else "",
                *(hashlib.sha256(p.read_bytes()).hexdigest() for p in s.shows),
            ),
            s.html,
            s.base_url,
            folders,
        )
        for s in to_render
    ]
    # The PDF's own dates are the stamp's time, so that they too are the same in every build.
    created = build.built_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    rendered = render_cache.render(requests, stamp, with_stamp, build.cache_dir / "sheets", created)
    by_sheet = dict(zip((id(s) for s in to_render), rendered, strict=True))
    outputs: list[Output] = []
    for sheet in sheets:
        result = by_sheet.get(id(sheet))
        if result is not None and sheet.pdf_path:
            outputs.append(Output(sheet.pdf_path, result.pdf))
        if sheet.html_path:
            # The HTML says what its PDF says: the stamp of the build that rendered this content.
            outputs.append(Output(sheet.html_path, with_stamp(sheet.html, result.stamp if result else stamp)))
    if stats is not None:
        stats.rendered += sum(not r.from_cache for r in rendered)
        stats.from_cache += sum(r.from_cache for r in rendered)
        stats.seconds += time.perf_counter() - started
        stats.outputs.extend(o.path for o in outputs)
    return outputs


def planner_sheets(
    club: Club,
    event: Event,
    build: BuildInfo,
    warnings: Sequence[Diagnostic],
    pdf: bool = True,
    folder: str = "events",
) -> list[Sheet]:
    font = available_font()
    md = Markdown(build.root)
    base = f"{folder}/{event.slug}"
    sheets = [
        Sheet(
            run_of_show(club, event, warnings, font, md),
            f"{base}/run-of-show.pdf" if pdf else None,
            f"{base}/run-of-show.html",
        )
    ]
    if pdf:
        sheets.append(Sheet(host_script(club, event, font, md), f"{base}/host-script.pdf"))
    return sheets


def write_event_sheets(checked: Checked, event: Event, pdf: bool) -> list[Path]:
    """`club agenda`: one event's planner sheets, written into private/events/SLUG/ at once.

    The sheets are the ones `club build` makes (same warnings, same cache), so a PDF made
    here is reused by the next build and the other way round.
    """
    club = checked.club
    build = BuildInfo.for_root(checked.root)
    warnings = [d for d in checked.report.sorted() if d.position.file == event.file]
    stats = Stats()
    outputs = produce(planner_sheets(club, event, build, warnings, pdf=pdf), club, build, stats)
    if pdf:
        _report("event", stats, club)
    target = checked.root.resolve() / club.settings.private_dir
    written = []
    for output in outputs:
        path = target / output.path
        path.parent.mkdir(parents=True, exist_ok=True)
        content = output.content.encode() if isinstance(output.content, str) else output.content
        write_atomically(path, content)
        written.append(path)
    return written


def _report(kind: str, stats: Stats, club: Club) -> None:
    """The "N rendered, M from cache" line of one kind of sheets ("event", "private", "public")."""
    counts = {"rendered": stats.rendered, "cached": stats.from_cache, "seconds": stats.seconds}
    if kind == "event":
        line = t("sheets (event): {rendered} rendered, {cached} from cache, in {seconds:.1f} s", **counts)
    elif kind == "private":
        line = t("sheets (private): {rendered} rendered, {cached} from cache, in {seconds:.1f} s", **counts)
    else:
        line = t("sheets (public): {rendered} rendered, {cached} from cache, in {seconds:.1f} s", **counts)
    log.info("%s", shown(line, language_for(club.settings.language)))


class PlannersSheets(OutputFamily):
    """The family of the planners' pack: each event's run-of-show (PDF and HTML) and host script."""

    name = "planners-sheets"
    public = False

    def __init__(self, today: date, report: Report | None = None) -> None:
        self.today = today
        self.report = report  # this run's check; without it the club is checked again
        self.stats = Stats()

    def outputs(self, club: Club, build: BuildInfo) -> Iterable[Output]:
        from generator.checking.session import check_root

        # The checker's warnings are printed on each run-of-show: a sheet with a known
        # problem must not look clean.
        report = self.report or check_root(build.root, self.today).report
        sheets: list[Sheet] = []
        for event in club.events:
            warnings = [d for d in report.sorted() if d.position.file == event.file]
            sheets.extend(planner_sheets(club, event, build, warnings))
        self.stats = Stats()
        outputs = produce(sheets, club, build, self.stats)
        _report("private", self.stats, club)
        return outputs


class PublicSheets(OutputFamily):
    """The family of the public PDFs: each published event's agenda and each journal issue."""

    name = "public-sheets"
    public = True

    def __init__(self, today: date) -> None:
        self.today = today
        self.stats = Stats()

    def outputs(self, club: Club, build: BuildInfo) -> Iterable[Output]:
        font = available_font()
        md = Markdown(build.root)
        sheets: list[Sheet] = []
        for event in club.events:
            if event.status is not Status.DRAFT:
                html = agenda(club, club.public_event(event), font, md)
                sheets.append(Sheet(html, f"events/{event.slug}/agenda.pdf"))
        for issue in club.issues:
            html, shows = journal_issue(club, build.root, issue, font, md)
            path = f"{club.settings.blog_dir}/issues/{issue.id}/{issue.id}.pdf"
            sheets.append(Sheet(html, path, shows=tuple(shows)))
        self.stats = Stats()
        outputs = produce(sheets, club, build, self.stats)
        _report("public", self.stats, club)
        return outputs
