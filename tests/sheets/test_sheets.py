"""The printable sheets, read back as a planner would: through the PDFs' extracted text.

Two small clubs are built once per module: an English one on Letter paper through the
whole `club build`, and a Chinese one on A4 through the sheet exporters alone.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import struct
import subprocess
import textwrap
import zlib
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from pathlib import Path

import pytest

from generator.checking.session import check_root
from generator.cli import main
from generator.sheets import fonts, render_cache, sheets
from generator.writing.outputs import BuildInfo

TODAY = date(2026, 11, 23)

EN_CLUB = {
    "mkdocs.yml": """\
        site_name: Riverside Club
        site_url: https://club.test/
        docs_dir: content
        theme:
          name: material
          language: en
        markdown_extensions:
          - admonition
          - tables
        plugins:
          - blog:
              blog_dir: journal
          - club:
              timezone: Europe/London
              paper: Letter
        """,
    "members.yaml": """\
        members:
          - id: ann
            name: Ann Lee
            tier: gold
            phone: "+44 20 0000 0001"
            email: ann@club.test
            consent: {directory: true}
          - id: bob
            name: Bob Stone
            tier: gold
        """,
    "events/2026-12-31-midnight-gala.yaml": """\
        title: Midnight Gala
        kind: other
        status: confirmed
        start: 2026-12-31 21:00
        end: 2027-01-01 00:30
        venue: {name: The Boathouse, address: 1 River Walk}
        organizer: {name: Riverside Events, email: events@club.test}
        audience: {tiers: [gold], capacity: 30}
        summary: |
          Ring in the new year on the river.
        highlights: [Fireworks at midnight]
        run_sheet:
          - at: "20:00"
            until: "21:00"
            title: Crew set-up
            owner: Venue manager
            crew_only: true
            notes: Check the **fire exits** and the heaters.
          - at: "21:00"
            duration: 30m
            title: Welcome drinks
            location: Terrace
            owner: ann
            cues: [Jazz trio starts]
            notes: Serve the mulled wine first; the terrace is cold.
            script: |
              Good evening, and welcome to the Boathouse!
              Coats go to the cloakroom on your left.
          - at: "21:45"
            until: "23:45"
            title: Dinner
            location: Hall
          - at: "23:45"
            until: "00:15"
            title: Countdown on the pier
            location: Pier
            cues: [Fireworks at midnight]
            script: |
              Ten, nine, eight... Happy new year, everyone!
          - at: "00:15"
            until: "00:30"
            title: Last dance
            location: Hall
        materials:
          - {item: Blankets, qty: 30, owner: Venue manager, done: true}
          - {item: Sparklers, qty: 60, owner: ann, done: false}
        notes: The pier closes at 01:00 sharp.
        """,
    "events/2027-02-01-committee.yaml": """\
        title: Committee meeting
        kind: other
        status: draft
        start: 2027-02-01 18:00
        end: 2027-02-01 19:00
        summary: Planning the spring.
        """,
    "content/index.md": "# Riverside Club\n",
    "content/journal/index.md": "# Journal\n",
    "content/journal/.authors.yml": """\
        authors:
          editor:
            name: Eve Editor
            description: Editor
            avatar: https://club.test/eve.png
        """,
    "content/journal/posts/2026-11-10-river-walk.md": """\
        ---
        date: 2026-11-10
        authors: [editor]
        categories: [News]
        issue: 2026-11
        ---

        # A walk along the river

        Twelve members walked the river path.

        <!-- more -->

        The **weather** held until the very end.

        ![The boathouse](boathouse.png)

        ![A picture elsewhere](https://pictures.invalid/river.png)
        """,
    "content/journal/posts/2026-11-20-winter-hours.md": """\
        ---
        date: 2026-11-20
        authors: [editor]
        categories: [Notices]
        issue: 2026-11
        ---

        # Winter opening hours

        The clubhouse opens at ten from December.
        """,
}

ZH_CLUB = {
    "mkdocs.yml": """\
        site_name: 测试俱乐部
        site_url: https://club.test/
        docs_dir: content
        theme:
          name: material
          language: zh
        plugins:
          - club:
              timezone: Asia/Shanghai
        """,
    "members.yaml": """\
        members:
          - id: he-zong
            name: 何建国
            display_name: 何总
            tier: diamond
            birthday: 1962-12-22
            email: he@example.org
            phone: "+86 139 0000 0001"
            consent: {directory: true, birthday: true}
        """,
    "events/2026-12-22-birthday.yaml": """\
        title: 怀旧主题生日晚会
        kind: birthday
        status: confirmed
        start: 2026-12-22 20:00
        end: 2026-12-22 23:50
        honorees: [he-zong]
        audience: {tiers: [diamond]}
        summary: 一起回到八十年代。
        run_sheet:
          - at: "19:30"
            until: "20:00"
            title: 会场布置
            crew_only: true
            notes: 圣诞树不要挡住消防通道。
          - at: "20:00"
            until: "23:50"
            title: 迎接会员及嘉宾到场
            location: 大厅
            script: 尊敬的各位会员，晚上好！
          - at: "23:50"
            until: "00:20"
            title: 撤场
            crew_only: true
        """,
    "events/2026-12-31-countdown.yaml": """\
        title: 新年倒计时
        kind: other
        status: confirmed
        start: 2026-12-31 23:00
        end: 2027-01-01 00:30
        summary: 一起跨年。
        run_sheet:
          - at: "23:00"
            until: "00:30"
            title: 屋顶花园倒计时
        """,
    "content/index.md": "# 测试俱乐部\n",
}


def write_club(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def pdf_text(path: Path) -> list[str]:
    """The PDF's text, one string per page, in reading order."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (Debian: poppler-utils; .ci/system-packages.sh test)")
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")[:-1]


def pdf_info(path: Path, *options: str) -> dict[str, str]:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo is not installed (Debian: poppler-utils; .ci/system-packages.sh test)")
    out = subprocess.run(["pdfinfo", *options, str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def tiny_png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80\x20\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_lines(path: Path) -> list[str]:
    """The text of every page as laid out, line by line, blank lines left out."""
    return [squeeze(line) for page in pdf_text(path) for line in page.splitlines() if line.strip()]


def row(lines: list[str], first: str) -> tuple[str, str]:
    """A table row printed on two lines (the clock's start above its end): the line that
    starts with `first`, and the one after it."""
    index = next((i for i, line in enumerate(lines) if line.startswith(first)), None)
    assert index is not None, f"no line starts with {first!r} in:\n" + "\n".join(lines)
    return lines[index], lines[index + 1]


@pytest.fixture(scope="module")
def en_club(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English club, built once with `club build`."""
    root = write_club(tmp_path_factory.mktemp("en") / "club", EN_CLUB)
    (root / "content/journal/posts/boathouse.png").write_bytes(tiny_png(40, 20))
    code = main(["--root", str(root), "build", "--today", TODAY.isoformat()])
    assert code == 0
    return root


@pytest.fixture(scope="module")
def zh_club(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """The Chinese club's sheets, made by the exporters without MkDocs."""
    root = write_club(tmp_path_factory.mktemp("zh") / "club", ZH_CLUB)
    checked = check_root(root, TODAY)
    build = BuildInfo.for_root(root)
    made: dict[str, bytes] = {}
    for exporter in (sheets.PublicSheets(TODAY), sheets.PlannersSheets(TODAY)):
        for output in exporter.outputs(checked.club, build):
            content = output.content
            made[output.path] = content.encode() if isinstance(content, str) else content
    for path, content in made.items():
        (root / "out" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "out" / path).write_bytes(content)
    return root / "out", made


# The run-of-show ---------------------------------------------------------------------


def test_the_run_of_show_has_every_segment_with_its_times_owner_and_crew_notes(en_club: Path) -> None:
    pages = pdf_text(en_club / "private/events/midnight-gala/run-of-show.pdf")
    text = squeeze(" ".join(pages))
    for expected in [
        "Crew set-up",
        "Crew only",
        "Check the fire exits and the heaters.",
        "Welcome drinks",
        "Jazz trio starts",
        "Serve the mulled wine first; the terrace is cold.",
        "Venue manager",
        "Terrace",
        "The pier closes at 01:00 sharp.",
    ]:
        assert expected in text, expected
    lines = pdf_lines(en_club / "private/events/midnight-gala/run-of-show.pdf")
    # Start, length, title, place and owner (a member: her name), then the end below the start;
    # the segment was written with a duration: 21:00 + 30 minutes.
    assert row(lines, "21:00 30 min") == (
        "21:00 30 min Welcome drinks Terrace Ann Lee",
        "–21:30 Cues: Jazz trio starts",
    )
    # The unscheduled 15 minutes between the drinks and dinner get a row of their own.
    assert row(lines, "21:30") == ("21:30 15 min Unscheduled", "–21:45")


def test_past_midnight_times_are_marked_as_the_next_day(en_club: Path) -> None:
    lines = pdf_lines(en_club / "private/events/midnight-gala/run-of-show.pdf")
    # "+1" beside every time after midnight, and a day divider before the first segment then.
    assert row(lines, "23:45") == (
        "23:45 30 min Countdown on the pier Pier",
        "–00:15 +1 Cues: Fireworks at midnight",
    )
    assert row(lines, "Friday, 1 January 2027") == (
        "Friday, 1 January 2027",
        "00:15 +1 15 min Last dance Hall",
    )
    assert row(lines, "00:15 +1") == ("00:15 +1 15 min Last dance Hall", "–00:30 +1")


def test_the_checkers_warnings_for_the_event_are_printed_at_the_top(en_club: Path) -> None:
    lines = pdf_lines(en_club / "private/events/midnight-gala/run-of-show.pdf")
    # Right under the title, before the facts and the run sheet.
    assert lines[3] == "⚠ Checker: 1 problem(s) remain"
    assert lines[4].startswith('• line 29: nothing is scheduled from 21:30 to 21:45, before "Dinner"')


def test_materials_are_a_checklist_and_contacts_name_organizer_and_owners(en_club: Path) -> None:
    lines = pdf_lines(en_club / "private/events/midnight-gala/run-of-show.pdf")
    checklist = lines.index("Materials checklist")
    # A ticked box for what is ready, an empty one (no text) for what is not.
    assert lines[checklist + 2].startswith("✓ Blankets (ready) 30 Venue")
    assert lines[checklist + 4] == "Sparklers 60 Ann Lee"
    contacts = lines[lines.index("Contacts") :]
    assert contacts[1:3] == ["Riverside Events Organizer", "events@club.test"]
    # An owner who is a member: the planner gets her phone, and what she is responsible for.
    assert "Ann Lee Owner 21:00 Welcome drinks; Sparklers" in contacts
    assert "+44 20 0000 0001" in contacts


def test_every_page_shows_the_event_page_x_of_y_and_the_stamp(en_club: Path) -> None:
    path = en_club / "private/events/midnight-gala/run-of-show.pdf"
    pages = pdf_text(path)
    total = int(pdf_info(path)["Pages"])
    assert total == len(pages) and total >= 2  # the fixture is long enough to need a second page
    for number, page in enumerate(pages, start=1):
        page = squeeze(page)
        assert "Midnight Gala" in page
        assert "Thursday, 31 December 2026 21:00–00:30 (+1)" in page
        assert f"page {number} of {total}" in page
        # Outside git: no commit to name, but the build's time is always there.
        assert re.search(r"built from \(not a commit\) · built \d{4}-\d\d-\d\d \d\d:\d\d", page)


def test_the_run_of_show_html_is_written_beside_its_pdf(en_club: Path) -> None:
    html = (en_club / "private/events/midnight-gala/run-of-show.html").read_text(encoding="utf-8")
    assert "Countdown on the pier" in html
    assert "Check the <strong>fire exits</strong> and the heaters." in html
    assert "built from (not a commit) · built " in html  # the stamp, for printing from a browser


def test_the_host_script_has_the_lines_and_times_but_no_crew_segments(en_club: Path) -> None:
    lines = pdf_lines(en_club / "private/events/midnight-gala/host-script.pdf")
    welcome = lines.index("21:00–21:30 30 min")
    assert lines[welcome + 1 : welcome + 5] == [
        "Welcome drinks",
        "Location: Terrace · Cues: Jazz trio starts",
        "Good evening, and welcome to the Boathouse!",
        "Coats go to the cloakroom on your left.",  # the host's line breaks are kept
    ]
    assert lines[lines.index("Dinner") + 2] == "(no lines for this segment)"
    assert "23:45–00:15 +1 30 min" in lines
    assert not any("Crew set-up" in line for line in lines)


# The public PDFs ---------------------------------------------------------------------


def test_the_public_agenda_has_no_crew_segments_or_notes(en_club: Path) -> None:
    text = squeeze(" ".join(pdf_text(en_club / "site/events/midnight-gala/agenda.pdf")))
    assert "21:00–21:30 Welcome drinks Terrace" in text
    assert "23:45–00:15 +1 Countdown on the pier Pier" in text
    assert "Ring in the new year on the river." in text
    for private in ["Crew set-up", "fire exits", "mulled wine", "The pier closes", "+44 20", "Sparklers"]:
        assert private not in text, private
    assert "page 1 of 1" in text


def test_drafts_get_planner_sheets_but_no_public_agenda(en_club: Path) -> None:
    assert (en_club / "private/events/committee/run-of-show.pdf").is_file()
    assert not (en_club / "site/events/committee").exists()


def test_the_event_page_links_its_agenda(en_club: Path) -> None:
    page = (en_club / "site/events/midnight-gala/index.html").read_text(encoding="utf-8")
    assert 'href="agenda.pdf"' in page


def test_the_journal_print_edition_has_cover_contents_and_articles(en_club: Path) -> None:
    pages = pdf_text(en_club / "site/journal/issues/2026-11/2026-11.pdf")
    cover, contents = squeeze(pages[0]), squeeze(pages[1])
    assert "Riverside Club" in cover and "November 2026 issue" in cover
    assert "2 articles in this issue" in cover
    # Contents in date order, each with the page it starts on (cover 1, contents 2).
    assert re.search(r"A walk along the river[ .]*3 .*Winter opening hours[ .]*4", contents), contents
    walk = squeeze(pages[2])
    assert "Twelve members walked the river path." in walk
    assert "The weather held until the very end." in walk
    assert "Eve Editor" in walk
    assert "more" not in walk.replace("members", "")
    assert f"page 3 of {len(pages)}" in walk


def test_the_print_edition_shows_the_articles_local_pictures_only(en_club: Path) -> None:
    if shutil.which("pdfimages") is None:
        pytest.skip("pdfimages is not installed (Debian: poppler-utils; .ci/system-packages.sh test)")
    path = en_club / "site/journal/issues/2026-11/2026-11.pdf"
    listed = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True)
    images = [line.split() for line in listed.stdout.splitlines()[2:]]
    # The picture beside the article, on the article's page (3), 40 x 20 pixels; the one on
    # another server is left out, because the build must not use the network.
    assert [(i[0], i[3], i[4]) for i in images] == [("3", "40", "20")]


def test_letter_paper_when_the_club_asks_for_it(en_club: Path) -> None:
    for path in ["site/events/midnight-gala/agenda.pdf", "private/events/midnight-gala/host-script.pdf"]:
        assert pdf_info(en_club / path)["Page size"].startswith("612 x 792 pts")


# Chinese -------------------------------------------------------------------------------


def test_chinese_is_typeset_with_an_embedded_cjk_font(zh_club: tuple[Path, dict[str, bytes]]) -> None:
    out, _ = zh_club
    path = out / "events/birthday/run-of-show.pdf"
    text = squeeze(" ".join(pdf_text(path)))
    # Extracted back as the same characters: real glyphs, not boxes.
    for expected in ["怀旧主题生日晚会", "迎接会员及嘉宾到场", "圣诞树不要挡住消防通道。", "何建国（何总）"]:
        assert expected in text, expected
    assert "第1页/共1页" in text.replace(" ", "")  # "第 1 页 / 共 1 页"; the CJK font's spaces are narrow
    listed = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in listed.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk), listed  # embedded


def test_a4_by_default(zh_club: tuple[Path, dict[str, bytes]]) -> None:
    out, _ = zh_club
    assert pdf_info(out / "events/birthday/agenda.pdf")["Page size"].startswith("595.276 x 841.89 pts")


def test_the_chinese_day_divider_names_the_next_day(zh_club: tuple[Path, dict[str, bytes]]) -> None:
    out, _ = zh_club
    text = squeeze(" ".join(pdf_text(out / "events/countdown/run-of-show.pdf")))
    assert "2027年1月1日星期五 00:30 +1 ▶ 活动结束" in text


def test_the_chinese_agenda_leaves_out_crew_segments(zh_club: tuple[Path, dict[str, bytes]]) -> None:
    out, _ = zh_club
    text = squeeze(" ".join(pdf_text(out / "events/birthday/agenda.pdf")))
    assert "迎接会员及嘉宾到场" in text
    assert "会场布置" not in text and "消防通道" not in text and "撤场" not in text


# Fonts -------------------------------------------------------------------------------


@pytest.fixture
def no_cjk_font(monkeypatch: pytest.MonkeyPatch):
    fonts.cjk_font.cache_clear()
    monkeypatch.setattr(fonts, "_installed", lambda: [])
    yield
    fonts.cjk_font.cache_clear()


def test_a_chinese_build_without_a_cjk_font_refuses_naming_the_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_cjk_font: None
) -> None:
    root = write_club(tmp_path / "club", ZH_CLUB)
    code = main(["--root", str(root), "build", "--today", TODAY.isoformat()])
    err = capsys.readouterr().err
    assert code == 1
    assert (
        "club: the build failed: no font with Chinese characters is installed, so the printable "
        "sheets would show empty boxes instead of Chinese text; install a CJK font, e.g. Debian's "
        "fonts-noto-cjk (apt-get install fonts-noto-cjk), and build again"
    ) in err
    assert "Traceback" not in err
    assert not (root / "site").exists() and not (root / "private").exists()


def test_an_english_club_needs_no_cjk_font(en_club: Path, tmp_path: Path, no_cjk_font: None) -> None:
    checked = check_root(en_club, TODAY)
    build = dataclasses.replace(BuildInfo.for_root(en_club), cache_dir=tmp_path)
    outputs = list(sheets.PublicSheets(TODAY).outputs(checked.club, build))
    assert {o.path for o in outputs} == {
        "events/midnight-gala/agenda.pdf",
        "journal/issues/2026-11/2026-11.pdf",
    }


def test_the_preferred_font_is_the_simplified_chinese_one() -> None:
    found = [
        fonts.Font("Noto Sans CJK JP", "/f/NotoSansCJK.ttc"),
        fonts.Font("Noto Serif CJK SC", "/f/NotoSerifCJK.ttc"),
        fonts.Font("Noto Sans CJK SC", "/f/NotoSansCJK.ttc"),
    ]
    assert fonts.choose(found) == fonts.Font("Noto Sans CJK SC", "/f/NotoSansCJK.ttc")
    assert (
        fonts.choose([fonts.Font("Some Ming KR", "/a"), fonts.Font("Some Hei SC", "/b")]).family
        == "Some Hei SC"
    )
    assert fonts.choose([]) is None


# The render cache --------------------------------------------------------------------


def test_sheets_are_rendered_again_only_when_their_event_changes(tmp_path: Path) -> None:
    root = write_club(tmp_path / "club", ZH_CLUB)

    def run(built_at: datetime) -> tuple[sheets.Stats, dict[str, bytes]]:
        checked = check_root(root, TODAY)
        build = dataclasses.replace(BuildInfo.for_root(root), built_at=built_at)
        exporter = sheets.PlannersSheets(TODAY)
        made = {o.path: o.content for o in exporter.outputs(checked.club, build)}
        return exporter.stats, {p: c for p, c in made.items() if isinstance(c, bytes)}

    first_print = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    cold, first = run(first_print)
    assert (cold.rendered, cold.from_cache) == (4, 0)  # two events: run-of-show + host script each

    warm, second = run(first_print + timedelta(hours=5))
    assert (warm.rendered, warm.from_cache) == (0, 4)
    # Same bytes, so the same stamp: the build that first made this content (09:00 in Shanghai).
    assert second == first
    assert "生成于 2026-11-23 09:00" in squeeze(" ".join(pdf_text(_save(tmp_path, second))))

    event = root / "events/2026-12-31-countdown.yaml"
    event.write_text(
        event.read_text(encoding="utf-8").replace("屋顶花园倒计时", "大厅倒计时"), encoding="utf-8"
    )
    edited, third = run(first_print + timedelta(days=1))
    assert (edited.rendered, edited.from_cache) == (2, 2)
    assert third["events/birthday/run-of-show.pdf"] == first["events/birthday/run-of-show.pdf"]
    assert "大厅倒计时" in squeeze(
        " ".join(pdf_text(_save(tmp_path, third, "events/countdown/run-of-show.pdf")))
    )


def _save(folder: Path, made: dict[str, bytes], path: str = "events/birthday/run-of-show.pdf") -> Path:
    target = folder / "saved.pdf"
    target.write_bytes(made[path])
    return target


# What a sheet may read ----------------------------------------------------------------


def test_sheets_may_read_data_and_files_in_the_allowed_folders_only(tmp_path: Path) -> None:
    docs = tmp_path / "club/content"
    (docs / "posts").mkdir(parents=True)
    (docs / "posts/ok.png").write_bytes(tiny_png(2, 2))
    (tmp_path / "club/members.yaml").write_text("members: []\n", encoding="utf-8")
    (docs / "posts/roster.yaml").symlink_to(tmp_path / "club/members.yaml")
    allowed = (str(docs),)
    inside = (docs / "posts/ok.png").as_uri()
    assert render_cache.allowed_url(inside, allowed) == inside
    assert render_cache.allowed_url(f"file://localhost{docs}/posts/ok.png?x#y", allowed) == inside
    assert render_cache.allowed_url("data:text/plain,hi", allowed) == "data:text/plain,hi"
    for refused in [
        (tmp_path / "club/members.yaml").as_uri(),
        f"{docs.as_uri()}/../members.yaml",
        f"{docs.as_uri()}/posts/%2E%2E/%2E%2E/members.yaml",
        (docs / "posts/roster.yaml").as_uri(),  # a symbolic link out of the folder
        f"{tmp_path.as_uri()}/club/content-other/x.png",  # a neighbour whose name starts alike
        "file:///etc/hostname",
        f"{docs.as_uri()}/posts/ok.png%00",
        f"file://elsewhere{docs}/posts/ok.png",
        "file:posts/ok.png",
        "http://club.test/x.png",
        "https://club.test/x.png",
        "ftp://club.test/x.png",
        "javascript:alert(1)",
        "posts/ok.png",
    ]:
        assert render_cache.allowed_url(refused, allowed) is None, refused


def test_a_sheet_reads_nothing_else_and_embeds_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Raw HTML asking for files outside the allowed folders (as an image, a background, a
    stylesheet, an import, an attachment) is refused before anything is read; a file it may
    read is shown as a picture but never attached, and the sheet still renders."""
    from weasyprint.urls import URLFetcher

    if shutil.which("pdfdetach") is None or shutil.which("pdfimages") is None:
        pytest.skip("pdfdetach and pdfimages are not installed (Debian: poppler-utils)")
    docs = tmp_path / "content"
    docs.mkdir()
    (docs / "ok.png").write_bytes(tiny_png(40, 20))
    (docs / "notes.txt").write_text("ALLOWED-BUT-NOT-ATTACHED", encoding="utf-8")
    secret = tmp_path / "members.yaml"
    secret.write_text("SECRET-ROSTER", encoding="utf-8")
    outside = tmp_path / "outside.png"
    outside.write_bytes(tiny_png(30, 30))
    read: list[str] = []
    real_fetch = URLFetcher.fetch

    def spy(self: URLFetcher, url: str, headers: object = None) -> object:
        read.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(URLFetcher, "fetch", spy)
    html = f"""<html><head><title>t</title>
        <link rel="attachment" href="{secret.as_uri()}">
        <link rel="attachment" href="{(docs / "notes.txt").as_uri()}">
        <link rel="stylesheet" href="{secret.as_uri()}">
        <style>@import url("{secret.as_uri()}");
        body {{ background: url("{outside.as_uri()}"); }}</style>
        <meta name="dcterms.created" content="1999-01-01T00:00:00Z">
        </head><body><p>Still printed.</p>
        <img src="{(docs / "ok.png").as_uri()}"><img src="{outside.as_uri()}">
        <img src="file:///etc/hostname"><img src="https://club.test/x.png">
        <a rel="attachment" href="{(docs / "notes.txt").as_uri()}">notes</a>
        <a rel="attachment" href="{secret.as_uri()}">roster</a></body></html>"""
    pdf = render_cache.render_pdf(html, None, (str(docs),), "2026-11-20T08:00:00Z")
    assert read == [(docs / "ok.png").as_uri()]  # nothing else, not even to be attached
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    assert "Still printed." in squeeze(" ".join(pdf_text(path)))
    detached = subprocess.run(["pdfdetach", "-list", str(path)], capture_output=True, text=True, check=True)
    assert detached.stdout.startswith("0 embedded files"), detached.stdout
    listed = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True)
    assert [line.split()[3:5] for line in listed.stdout.splitlines()[2:]] == [["40", "20"]]
    assert b"SECRET-ROSTER" not in pdf and b"ALLOWED-BUT-NOT-ATTACHED" not in pdf
    # The PDF's dates are the ones given, not the HTML's (nor the clock's).
    info = pdf_info(path, "-isodates")
    assert (info["CreationDate"], info["ModDate"]) == ("2026-11-20T08:00:00Z", "2026-11-20T08:00:00Z")


def test_the_readable_folders_are_the_templates_the_pages_and_the_theme(tmp_path: Path) -> None:
    root = write_club(tmp_path / "club", EN_CLUB)
    club = check_root(root, TODAY).club
    templates = Path(str(resources.files("generator") / "templates/sheets")).resolve()
    assert sheets.readable_folders(club, root) == (str(templates), str((root / "content").resolve()))
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  name: material\n", "  name: material\n  custom_dir: theme\n"), encoding="utf-8"
    )
    (root / "theme").mkdir()
    club = check_root(root, TODAY).club
    assert sheets.readable_folders(club, root)[2:] == (str((root / "theme").resolve()),)


# Same commit, same bytes ------------------------------------------------------------------


def _commit(root: Path, when: str) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    config = ["-c", "user.name=Test", "-c", "user.email=test@club.test", "-c", "commit.gpgsign=false"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "club"]):
        subprocess.run(["git", *config, *args], cwd=root, env=env, check=True, capture_output=True)


def _cold_build(root: Path) -> dict[str, bytes]:
    """Every PDF of a `club build` with no cache, by path."""
    for folder in (".cache", "site", "private"):
        shutil.rmtree(root / folder, ignore_errors=True)
    assert main(["--root", str(root), "build", "--today", TODAY.isoformat()]) == 0
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for folder in ("site", "private")
        for p in sorted((root / folder).rglob("*.pdf"))
    }


@pytest.mark.parametrize("epoch", [None, int(datetime(2026, 11, 21, 12, 30, tzinfo=UTC).timestamp())])
def test_two_cold_builds_of_one_commit_give_the_same_pdfs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: int | None
) -> None:
    root = write_club(tmp_path / "club", EN_CLUB)
    (root / "content/journal/posts/boathouse.png").write_bytes(tiny_png(40, 20))
    _commit(root, "2026-11-20T08:00:00+00:00")
    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    first = _cold_build(root)
    second = _cold_build(root)
    # The agenda and the issue in site/; two events' run-of-show and host script in private/.
    assert len(first) == 6, sorted(first)
    assert second.keys() == first.keys()
    assert [p for p in first if first[p] != second[p]] == []
    # The stamp and the PDFs' dates name the commit's time (London is on UTC in November),
    # or SOURCE_DATE_EPOCH's.
    log = ["git", "log", "-1", "--format=%h"]
    commit = subprocess.run(log, cwd=root, capture_output=True, text=True, check=True).stdout.strip()
    when = "2026-11-20 08:00" if epoch is None else "2026-11-21 12:30"
    for relative in first:
        path = root / relative
        assert f"built from {commit} · committed {when}" in squeeze(pdf_text(path)[0]), relative
        info = pdf_info(path, "-isodates")
        assert info["CreationDate"] == info["ModDate"] == when.replace(" ", "T") + ":00Z", relative


# `club agenda` -----------------------------------------------------------------------


def test_club_agenda_writes_one_events_sheets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_club(tmp_path / "club", ZH_CLUB)
    assert main(["--root", str(root), "agenda", "countdown", "--today", TODAY.isoformat()]) == 0
    folder = root / "private/events/countdown"
    assert sorted(p.name for p in folder.iterdir()) == ["run-of-show.html"]
    assert "屋顶花园倒计时" in (folder / "run-of-show.html").read_text(encoding="utf-8")

    assert main(["--root", str(root), "agenda", "countdown", "--pdf", "--today", TODAY.isoformat()]) == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "host-script.pdf",
        "run-of-show.html",
        "run-of-show.pdf",
    ]
    assert not (root / "private/events/birthday").exists()
    out = capsys.readouterr().out
    assert "private/events/countdown/run-of-show.pdf" in out


def test_club_agenda_names_the_nearest_event_for_a_typo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_club(tmp_path / "club", ZH_CLUB)
    assert main(["--root", str(root), "agenda", "countdwn"]) == 1
    assert 'club: there is no event "countdwn"; did you mean "countdown"?' in capsys.readouterr().err
    # The start of a slug that several events' slugs start with names them all.
    (root / "events/2026-12-31-count-sheep.yaml").write_text(
        (root / "events").glob("*countdown.yaml").__next__().read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert main(["--root", str(root), "agenda", "count"]) == 1
    assert 'club: "count" starts 2 events\' slugs ("count-sheep", "countdown"); write more of one' in (
        capsys.readouterr().err
    )


# Rows of the run sheet ------------------------------------------------------------------


def test_the_timeline_has_gaps_marks_and_a_day_divider(tmp_path: Path) -> None:
    root = write_club(tmp_path / "club", EN_CLUB)
    event = check_root(root, TODAY).club.events_by_slug["midnight-gala"]
    rows = [
        (row.kind, row.start.strftime("%H:%M"), row.end.strftime("%H:%M") if row.end else "")
        for row in sheets.timeline(event)
    ]
    assert rows == [
        ("segment", "20:00", "21:00"),
        ("mark", "21:00", ""),
        ("segment", "21:00", "21:30"),
        ("gap", "21:30", "21:45"),
        ("segment", "21:45", "23:45"),
        ("segment", "23:45", "00:15"),
        ("day", "00:15", ""),
        ("segment", "00:15", "00:30"),
        ("mark", "00:30", ""),
    ]


def test_css_strings_cannot_close_the_style_element() -> None:
    assert str(sheets.css_string('a"b\\c</style>')) == '"a\\"b\\\\c\\3C /style\\3E "'


def test_mkdocs_build_without_a_cjk_font_stops_with_the_same_message(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, no_cjk_font: None
) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    root = write_club(tmp_path / "club", ZH_CLUB)
    config = load_config(config_file=str(root / "mkdocs.yml"))
    with caplog.at_level("ERROR"), pytest.raises(Abort):
        mkdocs_build(config)
    assert "install a CJK font, e.g. Debian's fonts-noto-cjk" in caplog.text
    assert not (root / "private").exists()
