"""The public site's pages: what members read, in which language, and what never shows.

Two fixture clubs are built end to end (tests/clubs/english and tests/clubs/awkward), each
once per module, by `club build` in a subprocess so that its terminal output is checked too.
The example club is built and looked at in a browser by tests/test_site_e2e.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.checking.session import check_root
from generator.model import Article, Club
from generator.pages.generated import (
    HOME_MARKER,
    EventPages,
    Pages,
    birthdays_in,
    feeds_for,
    fill_home,
)
from generator.slugs import post_slug
from generator.texts import STRINGS
from generator.writing.outputs import BuildInfo
from tests.support import CLUBS, REPO

ENGLISH_TODAY = date(2026, 12, 5)
AWKWARD_TODAY = date(2026, 11, 23)


# helpers ----------------------------------------------------------------------------------


class Built:
    """A fixture club copied to a temporary folder and built with `club build`."""

    def __init__(self, root: Path, result: subprocess.CompletedProcess[str]) -> None:
        self.root = root
        self.site = root / "site"
        self.stdout = result.stdout
        self.stderr = result.stderr

    def html(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")

    def article(self, path: str) -> str:
        """The page's own content (inside <article>), as text with tags removed."""
        return visible_text(article_html(self.html(path)))


def build_club(name: str, today: date, into: Path) -> Built:
    root = into / name
    shutil.copytree(CLUBS / name, root)
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "--root", str(root), "build", "--today", today.isoformat()],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=root,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return Built(root, result)


def article_html(page: str) -> str:
    match = re.search(r"<article[^>]*>(.*?)</article>", page, re.DOTALL)
    assert match, "the page has no <article>"
    return match.group(1)


def visible_text(fragment: str) -> str:
    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    parser = Text()
    parser.feed(fragment)
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def markdown_pages(club: Club, root: Path, today: date, **options: bool) -> dict[str, str]:
    build = BuildInfo(root, built_at=BuildInfo.for_root(root).built_at, commit="")
    issue_pdfs, agenda_pdfs = options.pop("issue_pdfs", False), options.pop("agenda_pdfs", False)
    assert not options, options
    exporters = (Pages(today, issue_pdfs=issue_pdfs), EventPages(today, agenda_pdfs=agenda_pdfs))
    return {o.path: str(o.content) for e in exporters for o in e.outputs(club, build)}


def checked(name: str, today: date) -> Club:
    result = check_root(CLUBS / name, today)
    assert not result.report.errors, [d.text() for d in result.report.errors]
    return result.club


def generated_pages(site: Path) -> list[Path]:
    """The HTML of every page the club plugin generates (home, events, birthdays, issues)."""
    pages = [site / "index.html", site / "birthdays/index.html", site / "journal/issues/index.html"]
    pages += sorted((site / "events").glob("**/index.html"))
    pages += sorted((site / "journal/issues").glob("*/index.html"))
    return pages


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_club("english", ENGLISH_TODAY, tmp_path_factory.mktemp("english"))


@pytest.fixture(scope="module")
def awkward(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_club("awkward", AWKWARD_TODAY, tmp_path_factory.mktemp("awkward"))


# strings and slugs ----------------------------------------------------------------------


def test_every_ui_string_is_written_in_chinese_and_english() -> None:
    from generator import texts as module

    tables = {name: table for name, table in vars(module).items() if name.endswith("STRINGS")}
    assert len(tables) == 5 and STRINGS in tables.values()
    missing = [
        f"{name}[{key}]"
        for name, table in tables.items()
        for key, texts in table.items()
        # Text around a number ("第 1 页" / "page 1") may be empty in one language.
        if set(texts) != {"zh", "en"} or not (all(texts.values()) or key.startswith("page_"))
    ]
    assert missing == []


def test_chinese_titles_give_readable_ascii_slugs() -> None:
    assert post_slug("冬季养生") == "dong-ji-yang-sheng"
    assert post_slug("冬季安全") == "dong-ji-an-quan"
    assert post_slug("2027 新年 Party!") == "2027-xin-nian-party"
    assert post_slug("冬季养生", "_") == "dong_ji_yang_sheng"
    assert post_slug("！！！") == "post"


def write_article(root: Path, name: str, title: str, slug: str | None = None) -> None:
    front = "date: 2026-11-20\nissue: 2026-11\n" + (f"slug: {slug}\n" if slug else "")
    path = root / "content/journal/posts" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}---\n\n# {title}\n\n正文。\n", encoding="utf-8")


def test_check_reports_two_articles_that_would_share_a_web_address(club, check) -> None:
    write_article(club.root, "2026-11-20-a.md", "冬季养生")
    write_article(club.root, "2026-11-20-b.md", "冬季养生")
    write_article(club.root, "2026-11-20-c.md", "冬季安全")
    code, lines = check()
    assert code == 1
    assert lines == [
        "content/journal/posts/2026-11-20-b.md:1:1: error: the article would get the same web address as "
        "content/journal/posts/2026-11-20-a.md (2026/11/20/dong-ji-yang-sheng/); "
        'give one of them its own "slug:" in the front matter'
    ]


def test_an_explicit_slug_settles_a_clash_and_two_equal_slugs_clash(club, check) -> None:
    write_article(club.root, "2026-11-20-a.md", "冬季养生")
    write_article(club.root, "2026-11-20-b.md", "冬季养生", slug="winter-health-2")
    assert check()[0] == 0
    write_article(club.root, "2026-11-20-c.md", "另一篇", slug="winter-health-2")
    code, lines = check()
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith("content/journal/posts/2026-11-20-c.md:1:1: error:")
    assert "(2026/11/20/winter-health-2/)" in lines[0]


# the Markdown the core produces ---------------------------------------------------------


def test_events_index_puts_upcoming_soonest_first_and_past_newest_first_by_month() -> None:
    club = checked("english", ENGLISH_TODAY)
    page = markdown_pages(club, CLUBS / "english", ENGLISH_TODAY)["events/index.md"]
    order = [
        "## Upcoming",
        "### December 2026",
        "Winter birthdays supper",
        "### January 2027",
        "New Year walk",
        "## Past events",
        "### November 2026",
        "briefing](members-briefing/index.md)",
    ]
    positions = [page.index(text) for text in order]
    assert positions == sorted(positions)


def test_events_index_links_the_feed_for_one_tap_subscription() -> None:
    feeds = feeds_for("https://club.example.org/", "../")
    assert feeds.webcal == "webcal://club.example.org/calendar.ics"
    assert feeds.https == "https://club.example.org/calendar.ics"
    assert feeds.download == "../calendar.ics"
    assert dict(feeds.kinds)["birthday"] == "webcal://club.example.org/calendar/birthday.ics"
    local = feeds_for(None, "../")
    assert (local.webcal, local.https, dict(local.kinds)["briefing"]) == (
        None,
        None,
        "../calendar/briefing.ics",
    )


def test_birthdays_are_this_month_and_next_of_consenting_members_only() -> None:
    club = checked("english", ENGLISH_TODAY)
    page = markdown_pages(club, CLUBS / "english", ENGLISH_TODAY)["birthdays/index.md"]
    december, january = page.split("## Birthdays in January 2027")
    assert "## Birthdays in December 2026" in december
    assert "Alice" in december and "22 December" in december
    assert "Dave Ashford" in january and "2 January" in january
    # Bob agreed to the directory but not to his birthday; Carol to neither.
    for private in ("Bob", "Carol", "Whitby", "3 December", "15 December", "1958", "1961"):
        assert private not in page


@pytest.mark.parametrize(
    ("rule", "year", "month", "shown"),
    [
        ("feb28", 2027, 2, date(2027, 2, 28)),
        ("mar1", 2027, 3, date(2027, 3, 1)),
        ("mar1", 2028, 2, date(2028, 2, 29)),
    ],
)
def test_a_29_february_birthday_is_listed_where_the_club_celebrates_it(
    rule: str, year: int, month: int, shown: date
) -> None:
    club = checked("english", ENGLISH_TODAY)
    club.settings.leap_day_birthdays = rule
    alice = club.members_by_id["alice"]
    alice.birthday = type(alice.birthday)(2, 29, 1960)
    entries = birthdays_in(club, date(year, month, 1))
    assert [(e.member.name, e.day) for e in entries] == [("Alice", shown)]
    other_month = 3 if month == 2 else 2
    assert birthdays_in(club, date(year, other_month, 1)) == []


def test_home_puts_the_generated_sections_at_the_marker() -> None:
    written = f"# Club\n\nHello.\n\n{HOME_MARKER}\n\nGoodbye.\n"
    assert fill_home(written, "SECTIONS", "Club") == "# Club\n\nHello.\n\nSECTIONS\n\nGoodbye.\n"
    assert fill_home("# Club\n\nHello.\n", "SECTIONS", "Club") == "# Club\n\nHello.\n\nSECTIONS"
    # Without a hand-written home, the site's name is its heading (escaped like any text).
    assert fill_home(None, "SECTIONS", "A*B Club") == "# A\\*B Club\n\nSECTIONS"


def test_home_shows_next_events_latest_issue_and_this_months_birthdays() -> None:
    club = checked("english", ENGLISH_TODAY)
    home = markdown_pages(club, CLUBS / "english", ENGLISH_TODAY)["index.md"]
    assert home.startswith("# Harbour Club Journal\n\nWelcome aboard.\n\n")
    assert HOME_MARKER not in home
    for text in (
        "## :material-calendar-star: Coming up",
        "[Winter birthdays supper](events/winter-birthdays/index.md)",
        "[December 2026 issue](journal/issues/2026-12/index.md)",
        "[December news](journal/posts/2026-12-01-december-news.md)",
        "## :material-cake-variant: Birthdays this month",
        "**Alice** · 22 December",
    ):
        assert text in home
    assert "Dave" not in home  # January is next month: on the birthdays page, not the home


def test_an_issue_lists_its_articles_in_order_and_links_its_print_edition() -> None:
    club = checked("english", ENGLISH_TODAY)
    pages = markdown_pages(club, CLUBS / "english", ENGLISH_TODAY, issue_pdfs=True)
    issue = pages["journal/issues/2026-12/index.md"]
    first = issue.index("[December news](../../../journal/posts/2026-12-01-december-news.md)")
    second = issue.index("[The supper menu](../../../journal/posts/2026-12-02-supper-menu.md)")
    assert first < second
    assert "](2026-12.pdf)" in issue
    without = markdown_pages(club, CLUBS / "english", ENGLISH_TODAY)["journal/issues/2026-12/index.md"]
    assert ".pdf" not in without


def test_a_draft_article_is_left_out_of_its_issue_and_the_home() -> None:
    club = checked("english", ENGLISH_TODAY)
    club.articles.append(
        Article(
            "journal/posts/2026-12-03-unfinished.md",
            "Unfinished piece",
            date(2026, 12, 3),
            "2026-12",
            draft=True,
        )
    )
    pages = markdown_pages(club, CLUBS / "english", ENGLISH_TODAY, issue_pdfs=True)
    assert "[December news]" in pages["journal/issues/2026-12/index.md"]
    assert all("Unfinished" not in page and "unfinished" not in page for page in pages.values())
    only_draft = checked("english", ENGLISH_TODAY)
    for article in only_draft.articles:
        article.draft = True
    assert only_draft.issues == []


def test_event_pages_and_issue_pages_stay_out_of_the_navigation() -> None:
    assert Pages.listed("events/index.md") and Pages.listed("journal/issues/index.md")
    assert Pages.listed("birthdays/index.md") and Pages.listed("index.md")
    assert not Pages.listed("events/winter-birthdays/index.md")
    assert not Pages.listed("journal/issues/2026-12/index.md")


def test_example_navigation_lists_sections_not_events_or_articles() -> None:
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)

    def paths(items: list) -> list[str]:
        found: list[str] = []
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            found += paths(value) if isinstance(value, list) else [value]
        return found

    listed = paths(config["nav"])
    assert "events/index.md" in listed and "birthdays/index.md" in listed
    assert not [p for p in listed if re.match(r"events/[^/]+/|journal/posts/|journal/issues/\d", p)]


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml names Python objects (!!python/name:…); their names are enough here."""


_IgnoreTags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix)


# the built sites --------------------------------------------------------------------------


def test_an_english_club_gets_english_pages_and_dates(english: Built) -> None:
    assert '<html lang="en"' in english.html("index.html")
    event = english.article("events/winter-birthdays/index.html")
    assert "When Tuesday, 22 December 2026 19:00–22:00 Greenwich Mean Time" in event
    assert "Where The Harbour Room 1 Quay Street, Falmouth" in event
    assert "Add to calendar" in event and "Printable agenda" in event
    events = english.article("events/index.html")
    assert "Upcoming December 2026 Winter birthdays supper Tue 22 Dec 19:00" in events
    assert "Past events November 2026 Members' briefing Tue 10 Nov 18:00" in events
    assert "Subscribe to the calendar" in events
    birthdays = english.article("birthdays/index.html")
    assert (
        "Birthdays in December 2026 Alice 22 December Birthdays in January 2027 Dave Ashford 2 January"
        in (birthdays)
    )
    issue = english.article("journal/issues/2026-12/index.html")
    assert "December 2026 issue 2 articles" in issue
    assert "December news Tuesday, 1 December 2026" in issue
    # No Chinese UI string slipped into the English pages.
    for page in generated_pages(english.site):
        assert not re.search(r"[\u4e00-\u9fff]", article_html(page.read_text(encoding="utf-8"))), page


def test_a_cancelled_event_stays_listed_and_says_so(english: Built) -> None:
    events = english.article("events/index.html")
    assert "New Year walk Cancelled Sat 9 Jan 10:00" in events
    page = english.article("events/new-year-walk/index.html")
    assert "We are sorry: this event has been cancelled." in page
    assert "Add to calendar" not in page


def test_event_page_shows_only_the_public_agenda_and_consenting_honorees(english: Built) -> None:
    page = english.article("events/winter-birthdays/index.html")
    assert "Celebrating Alice" in page
    assert "Agenda Time Item Location 19:00–20:30 Supper Harbour Room 20:30–22:00 Cake and songs" in page
    for private in ("Lay the tables", "Crew arrives", "does not eat nuts", "Carol", "Whitby", "Moreton"):
        assert private not in page


def test_the_reader_sees_their_own_time_from_the_event_instant(english: Built) -> None:
    page = english.html("events/winter-birthdays/index.html")
    assert 'data-start="2026-12-22T19:00+00:00" data-end="2026-12-22T22:00+00:00"' in page
    assert 'data-label="Your time: "' in page
    assert "assets/javascripts/club.js" in page


def test_the_journal_has_an_rss_feed_of_its_articles(english: Built) -> None:
    feed = ET.parse(english.site / "feed_rss_created.xml").getroot()
    items = {i.findtext("title"): i.findtext("link") for i in feed.iter("item")}
    assert items == {
        "December news": "https://harbour.example.org/journal/2026/12/01/december-news/",
        "The supper menu": "https://harbour.example.org/journal/2026/12/02/the-supper-menu/",
    }
    assert 'type="application/rss+xml"' in english.html("journal/index.html")


def test_member_text_is_escaped_on_every_page_and_in_the_search_index(awkward: Built) -> None:
    hostile = ("<img src=x onerror", "<script>alert(", "</title><script>", "<b>会所</b>")
    for path in awkward.site.rglob("*"):
        if path.suffix in {".html", ".json", ".xml"}:
            text = path.read_text(encoding="utf-8")
            for raw in hostile:
                assert raw not in text, f"{raw} in {path.relative_to(awkward.site)}"
    shown = "&lt;img src=x onerror=alert(1)&gt;"
    assert shown in awkward.html("index.html")
    assert shown in awkward.html("birthdays/index.html")
    assert shown in awkward.html("events/late-party/index.html")
    assert "&lt;/title&gt;&lt;script&gt;" in awkward.html("events/late-party/index.html")
    assert "&lt;img src=x onerror=alert(1)&gt;" in (awkward.site / "search/search_index.json").read_text(
        "utf-8"
    )


def test_nothing_private_reaches_the_site(awkward: Built) -> None:
    private = (
        "秘密先生",
        "秘密会员",
        "秘密彩排",
        "不可外传",
        "+86 139 0000 9999",
        "evil@example.org",
        "1970-11-25",
    )
    for path in awkward.site.rglob("*"):
        if path.suffix in {".html", ".json", ".xml", ".ics", ".txt"}:
            text = path.read_text(encoding="utf-8")
            for value in private:
                assert value not in text, f"{value} in {path.relative_to(awkward.site)}"


def test_a_party_past_midnight_marks_its_late_segments(awkward: Built) -> None:
    page = awkward.article("events/late-party/index.html")
    assert "2026年11月28日星期六 21:00–01:00 (2026年11月29日星期日)" in page
    assert "21:00–23:30 晚宴 23:30–次日 01:00 午夜蛋糕 露台" in page


def test_two_chinese_articles_of_one_day_get_their_own_readable_addresses(awkward: Built) -> None:
    day = awkward.site / "journal/2026/11/20"
    assert sorted(p.name for p in day.iterdir()) == ["dong-ji-an-quan", "dong-ji-yang-sheng"]
    issue = awkward.html("journal/issues/2026-11/index.html")
    assert 'href="../../2026/11/20/dong-ji-yang-sheng/"' in issue
    assert 'href="../../2026/11/20/dong-ji-an-quan/"' in issue


def test_one_event_or_issue_is_never_in_an_automatic_navigation(awkward: Built) -> None:
    # The awkward club has no `nav:`, so MkDocs builds one from every page it knows.
    page = awkward.html("index.html")
    nav = page[page.index('<nav class="md-nav md-nav--primary"') : page.index("md-sidebar--secondary")]
    assert 'href="events/"' in nav and 'href="journal/issues/"' in nav
    assert "late-party" not in nav and "issues/2026-11" not in nav


def test_chinese_search_index_is_segmented_into_words_and_the_build_is_quiet(awkward: Built) -> None:
    index = json.loads((awkward.site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"]
    separator = re.compile(index["config"]["separator"])
    words = {w for doc in index["docs"] for w in separator.split(re.sub(r"<[^>]+>", " ", doc["text"]))}
    assert {"冬季", "养生", "用电"} <= words
    assert "Building prefix dict" not in awkward.stderr and "Loading model" not in awkward.stderr


class Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.levels: list[int] = []
        self.images_without_alt: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))
        if tag == "img" and not dict(attrs).get("alt"):
            self.images_without_alt.append(str(dict(attrs).get("src")))


def outline_problems(page: str) -> list[str]:
    parser = Headings()
    parser.feed(article_html(page))
    problems = []
    if parser.levels[:1] != [1] or parser.levels.count(1) != 1:
        problems.append(f"one h1 first, got {parser.levels}")
    problems += [
        f"h{a} then h{b}" for a, b in zip(parser.levels, parser.levels[1:], strict=False) if b > a + 1
    ]
    return problems + [f"no alt: {src}" for src in parser.images_without_alt]


@pytest.mark.parametrize("club", ["english", "awkward"])
def test_generated_pages_have_headings_in_order_and_alt_text(
    club: str, request: pytest.FixtureRequest
) -> None:
    built: Built = request.getfixturevalue(club)
    problems = {
        str(p.relative_to(built.site)): found
        for p in generated_pages(built.site)
        if (found := outline_problems(p.read_text(encoding="utf-8")))
    }
    assert problems == {}


# the editing loop -------------------------------------------------------------------------


def test_serve_reloads_when_an_event_or_the_roster_changes(tmp_path: Path) -> None:
    from generator.plugin.club_plugin import ClubPlugin

    root = tmp_path / "english"
    shutil.copytree(CLUBS / "english", root)
    plugin = ClubPlugin()
    plugin._config_file = str(root / "mkdocs.yml")
    plugin.checked = check_root(root, ENGLISH_TODAY)

    class Server:
        def __init__(self) -> None:
            self.watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = Server()
    assert plugin.on_serve(server, config=None, builder=None) is server  # type: ignore[arg-type]
    assert sorted(server.watched) == [str(root / "events"), str(root / "members.yaml")]


# our own colours ----------------------------------------------------------------------------


def contrast(foreground: str, background: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_matches_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic AA near-miss


@pytest.mark.parametrize(
    ("foreground", "background"),
    [
        ("--md-primary-bg-color", "--md-primary-fg-color"),  # header text, badges
        ("--md-typeset-a-color", "#ffffff"),  # links on the page
        ("--md-primary-fg-color", "#ffffff"),  # page titles
        ("--md-accent-fg-color", "#ffffff"),  # links under the pointer, search highlights
        ("--club-cancelled-fg-color", "--club-cancelled-bg-color"),  # the cancelled badge
    ],
)
def test_our_colours_meet_wcag_aa_contrast(foreground: str, background: str) -> None:
    css = (REPO / "generator/theme/assets/stylesheets/club.css").read_text(encoding="utf-8")
    values = dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", css))

    def colour(name: str) -> str:
        return name if name.startswith("#") else values[name]

    assert contrast(colour(foreground), colour(background)) >= 4.5


# publishing -----------------------------------------------------------------------------------


def test_the_ci_workflow_checks_builds_and_publishes_only_site() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
    checkout = next(s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@"))
    # Calendar SEQUENCE numbers and the build's date come from the git history.
    assert checkout["with"]["fetch-depth"] == 0
    commands = "\n".join(s.get("run", "") for s in steps)
    assert "club check --format github" in commands and "club build" in commands
    assert commands.index("club check") < commands.index("club build")
    uploads = [s for s in steps if "upload" in str(s.get("uses", ""))]
    assert [s["with"]["path"] for s in uploads] == ["site"]
    assert "private" not in json.dumps(uploads)
    # .cache/ holds the parsed roster: kept between runs, but never handed to a pull request.
    caches = [s for s in steps if str(s.get("uses", "")).startswith("actions/cache@")]
    assert [s["with"]["path"] for s in caches] == [".cache"]
    assert all("github.event_name != 'pull_request'" in s["if"] for s in caches)


def test_an_english_clubs_sheets_bracket_display_names_in_english(english: Built) -> None:
    sheet = (english.root / "private/events/winter-birthdays/run-of-show.html").read_text(encoding="utf-8")
    assert "Alice Moreton (Alice)" in sheet
    assert "（" not in sheet  # the full-width bracket is Chinese typography
