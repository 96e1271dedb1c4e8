"""Privacy as a property: nothing private reaches site/, whatever page, feed or file it is.

Two clubs are built with `club build`: the example club, and a generated club whose every
private value is a unique marker (PRIVMARK-EMAIL-0042@example.org, PRIVMARK-NOTES-0042,
birth years from 1901 to 1951 that nothing else in the club mentions). Every file under
site/ is then read as text (PDFs through pdftotext, with their metadata and the bytes of
any file embedded in them, the gzipped sitemap unzipped, calendars unfolded, HTML also
with its entities decoded, URLs also decoded, and each of them also with all white space
removed, so a value wrapped across lines is still found) and searched for every private
value: members' e-mail, phone, notes, birth year and the names of members who did not
agree to the directory; crew notes, crew-only segments and event notes.

A third club plants links to the roster and to /etc/hostname in an article and an event's
summary, as raw HTML that would make WeasyPrint embed those files in a PDF.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest

from generator.checking.session import check_root
from tests.support import REPO, TODAY

XSS = "<img src=x onerror=alert(1)>"
MEMBERS = 50
BUILD_SECONDS = 420

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="pdftotext (Debian package poppler-utils) is needed to read the PDFs under site/",
)


# The generated club --------------------------------------------------------------------------


def birth_year(index: int) -> int:
    return 1901 + index


def generated_roster() -> str:
    lines = [
        "tiers:",
        "  - {id: diamond, name: {zh: 钻石会员, en: Diamond}}",
        "  - {id: gold, name: {zh: 金卡会员, en: Gold}}",
        "members:",
        "  - id: xss",
        f"    name: '{XSS}'",
        "    tier: gold",
        f"    birthday: {birth_year(MEMBERS)}-12-03",
        "    email: PRIVMARK-EMAIL-XSS@example.org",
        '    phone: "+86 190 4242 9999"',
        "    notes: PRIVMARK-NOTES-XSS",
        "    consent: {directory: true, birthday: true}",
    ]
    for i in range(MEMBERS):
        shown = i % 2 == 0
        month = (12, 11, 1)[i % 3]
        lines += [
            f"  - id: m{i:04d}",
            f"    name: {'公开会员' if shown else 'PRIVMARK-NAME-'}{i:04d}",
            *([] if shown else [f"    display_name: PRIVMARK-DISPLAY-{i:04d}"]),
            f"    tier: {'diamond' if i % 5 == 0 else 'gold'}",
            f"    joined: 20{10 + i % 15:02d}-0{1 + i % 9}-15",
            f"    birthday: {birth_year(i)}-{month:02d}-{1 + i % 28:02d}",
            f"    email: PRIVMARK-EMAIL-{i:04d}@example.org",
            f'    phone: "+86 190 4242 {i:04d}"',
            f"    city: {'宜宾' if i % 2 else '成都'}",
            "    interests: [唱歌, 登山]",
            *([f"    referred_by: m{i - 1:04d}"] if i else []),
            f"    consent: {{directory: {str(shown).lower()}, birthday: {str(i % 4 in (0, 1)).lower()}}}",
            f"    notes: PRIVMARK-NOTES-{i:04d} 喜欢唱歌",
        ]
    return "\n".join(lines) + "\n"


def generated_event(slug: str, status: str, day: str, kind: str = "other", honorees: str = "[]") -> str:
    mark = slug.upper()
    return f"""\
title: 活动{slug}
kind: {kind}
status: {status}
start: {day} 19:00
end: {day} 22:00
venue: {{name: 会所大厅, address: 示例路 1 号}}
organizer: {{name: 示例会所, email: events@example.org}}
honorees: {honorees}
audience:
  birthday_months: [12]
  cities: [宜宾, 成都]
  members: [m0002]
  capacity: 100
summary: 一起庆祝。
highlights: [蛋糕]
run_sheet:
  - at: "18:30"
    until: "19:00"
    title: PRIVMARK-CREWSEG-{mark}
    crew_only: true
    notes: PRIVMARK-CREWNOTE-{mark}-A
  - at: "19:00"
    until: "20:30"
    title: 开场
    notes: |
      PRIVMARK-CREWNOTE-{mark}-B
      第二行
    script: 各位来宾好
  - at: "20:30"
    until: "22:00"
    title: 切蛋糕
    location: 大厅
materials:
  - {{item: 蛋糕, qty: 1, owner: 礼品组}}
notes: PRIVMARK-EVENTNOTES-{mark}
"""


def write_generated(root: Path) -> None:
    root.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "content", root / "content")
    (root / "members.yaml").write_text(generated_roster(), encoding="utf-8")
    events = root / "events"
    events.mkdir()
    honorees = "[xss, m0000, m0001, m0003]"
    files = {
        "2026-12-20-party.yaml": generated_event("party", "confirmed", "2026-12-20", "birthday", honorees),
        "2026-12-05-talk.yaml": generated_event("talk", "cancelled", "2026-12-05", "briefing"),
        "2026-10-10-trip.yaml": generated_event("trip", "confirmed", "2026-10-10"),
        "2027-01-09-draft.yaml": generated_event("draft", "draft", "2027-01-09"),
    }
    for name, text in files.items():
        (events / name).write_text(text, encoding="utf-8")


def copy_example(root: Path) -> None:
    root.mkdir(parents=True)
    for name in ("mkdocs.yml", "members.yaml"):
        shutil.copy(REPO / name, root / name)
    for name in ("events", "content"):
        shutil.copytree(REPO / name, root / name)


@dataclass
class Built:
    example: Path
    generated: Path


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    base = tmp_path_factory.mktemp("privacy")
    roots = Built(base / "example", base / "generated")
    copy_example(roots.example)
    write_generated(roots.generated)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    # The two builds run side by side: most of their time is WeasyPrint's.
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "build", "--today", TODAY.isoformat()],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for root in (roots.example, roots.generated)
    ]
    for root, run in zip((roots.example, roots.generated), runs, strict=True):
        try:
            out, err = run.communicate(timeout=BUILD_SECONDS)
        except subprocess.TimeoutExpired:
            for other in runs:
                other.kill()
            raise
        assert run.returncode == 0, f"club build of {root.name} failed:\n{out}\n{err}"
    return roots


def write_planted(root: Path) -> None:
    """The generated club's roster, one published event and the example journal, with raw HTML
    that asks WeasyPrint to attach the roster and to show /etc/hostname in an issue's print
    edition and in the event's public agenda."""
    root.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "content", root / "content")
    (root / "members.yaml").write_text(generated_roster(), encoding="utf-8")
    roster = (root / "members.yaml").resolve().as_uri()
    (root / "content/journal/posts/2026-11-21-planted.md").write_text(
        "---\ndate: 2026-11-21\nauthors: [editor-wang]\nissue: 2026-11\nslug: planted\n---\n\n"
        f'# 会员名册附件\n\n本文附有名册。\n\n<link rel="attachment" href="{roster}">\n',
        encoding="utf-8",
    )
    event = generated_event("party", "confirmed", "2026-12-20", "birthday", "[m0000]").replace(
        "summary: 一起庆祝。",
        f'summary: |\n  一起庆祝。<a rel="attachment" href="{roster}">x</a><img src="file:///etc/hostname">',
    )
    (root / "events").mkdir()
    (root / "events/2026-12-20-party.yaml").write_text(event, encoding="utf-8")


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("planted") / "club"
    write_planted(root)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "--today", TODAY.isoformat()],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_SECONDS,
    )
    assert run.returncode == 0, f"club build of the planted club failed:\n{run.stdout}\n{run.stderr}"
    return root


# Reading site/ --------------------------------------------------------------------------------


def _theme_files() -> dict[str, bytes]:
    """Files MkDocs copies unchanged from Material, MkDocs' search and the club's theme/."""
    import material
    from mkdocs.contrib import search

    found: dict[str, bytes] = {}
    for base in (
        Path(material.__file__).parent / "templates",
        Path(search.__file__).parent / "templates",
        REPO / "generator/theme",
    ):
        for path in base.rglob("*"):
            if path.is_file():
                found[path.relative_to(base).as_posix()] = path.read_bytes()
    return found


def _poppler(*args: str) -> str:
    done = subprocess.run(list(args), capture_output=True, timeout=60)
    assert done.returncode == 0, f"{args[0]}: " + done.stderr.decode(errors="replace")
    return done.stdout.decode("utf-8", errors="replace")


def pdf_text(path: Path) -> str:
    return _poppler("pdftotext", "-enc", "UTF-8", str(path), "-")


def pdf_attachments(path: Path) -> dict[str, bytes]:
    """Every file embedded in the PDF (as the document's or a page's attachment), by name."""
    listed = _poppler("pdfdetach", "-list", "-enc", "UTF-8", str(path))
    if not re.match(r"\s*0 embedded files", listed):
        assert re.match(r"\s*\d+ embedded files", listed), listed
    with tempfile.TemporaryDirectory() as folder:
        _poppler("pdfdetach", "-saveall", "-o", folder, str(path))
        saved = {p.name: p.read_bytes() for p in Path(folder).iterdir() if p.is_file()}
    count = int(listed.split()[0])
    assert len(saved) >= min(count, 1), f"{path}: {count} files listed, none saved"
    return saved or ({"(listed)": listed.encode()} if count else {})


def pdf_reading(path: Path) -> str:
    """What a PDF tells a reader: its text, its metadata (document information and XMP), and
    the bytes of every file embedded in it."""
    info = _poppler("pdfinfo", "-isodates", "-enc", "UTF-8", str(path))
    # The file's size is a number that says nothing about the club (and could read as a year).
    info = "\n".join(line for line in info.splitlines() if not line.startswith("File size:"))
    parts = [pdf_text(path), info, _poppler("pdfinfo", "-meta", str(path))]
    for name, content in sorted(pdf_attachments(path).items()):
        parts += [name, content.decode("utf-8", errors="replace")]
    return "\n".join(parts)


@dataclass
class SiteFile:
    path: str
    text: str  # as the file reads
    readings: tuple[str, ...]  # the text, decoded in every way a reader might, each also without spaces
    from_theme: bool  # copied unchanged from the theme: cannot hold club data


def read_site(site: Path) -> list[SiteFile]:
    theme = _theme_files()
    files = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        relative = path.relative_to(site).as_posix()
        raw = path.read_bytes()
        if path.suffix == ".pdf":
            text = pdf_reading(path)
        elif path.suffix == ".gz":
            text = gzip.decompress(raw).decode("utf-8", errors="replace")
        elif path.suffix in (".png", ".jpg", ".jpeg", ".gif", ".ico", ".woff", ".woff2", ".ttf"):
            continue  # images and fonts (all from the theme) hold no text
        else:
            text = raw.decode("utf-8", errors="replace")
        if path.suffix == ".ics":
            text = re.sub(r"\r?\n[ \t]", "", text)
        if path.suffix == ".json":  # the search index: \uXXXX escapes written out
            text = json.dumps(json.loads(text), ensure_ascii=False)
        forms = {text, html.unescape(text), unquote(text), text.replace("\\", "")}
        # Material's search splits Chinese into words with zero-width spaces.
        readings = tuple(forms | {re.sub(r"[\s\u200b\u00ad]+", "", f) for f in forms})
        files.append(SiteFile(relative, text, readings, theme.get(relative) == raw))
    return files


@dataclass(frozen=True)
class Secret:
    what: str
    value: str


def leaks(files: list[SiteFile], secrets: list[Secret]) -> list[str]:
    found = []
    for secret in secrets:
        needles = {secret.value, re.sub(r"\s+", "", secret.value)}
        for file in files:
            if any(n and n in reading for n in needles for reading in file.readings):
                found.append(f"site/{file.path}: {secret.what} {secret.value!r}")
    return found


def _note_lines(markdown: str | None) -> list[str]:
    lines = []
    for line in (markdown or "").splitlines():
        line = re.sub(r"^\s*([-*+]|\d+[.)])\s+", "", line).strip()
        if len(line) >= 6:
            lines.append(line)
    return lines


def private_values(root: Path) -> list[Secret]:
    checked = check_root(root, TODAY)
    assert checked.report.errors == [], [d.text() for d in checked.report.errors]
    club = checked.club
    secrets = []
    for m in club.members:
        if m.email:
            secrets.append(Secret(f"e-mail of {m.id}", m.email))
        if m.phone:
            secrets.append(Secret(f"phone of {m.id}", m.phone))
            secrets.append(Secret(f"phone of {m.id}", re.sub(r"\D", "", m.phone)[-11:]))
        secrets += [Secret(f"notes of {m.id}", line) for line in _note_lines(m.notes)]
        if not m.consent.directory:
            secrets.append(Secret(f"name of {m.id} (no directory consent)", m.name))
            if m.display_name:
                secrets.append(Secret(f"display name of {m.id} (no directory consent)", m.display_name))
    for event in club.events:
        public = club.public_event(event)
        shown = {s.title for s in public.agenda} | set(public.highlights) | {public.summary, public.title}
        for segment in event.run_sheet:
            secrets += [Secret(f"crew notes in {event.file}", line) for line in _note_lines(segment.notes)]
            if segment.crew_only and segment.title not in shown:
                secrets.append(Secret(f"crew-only segment of {event.file}", segment.title))
        secrets += [Secret(f"event notes of {event.file}", line) for line in _note_lines(event.notes)]
    return secrets


# The tests ------------------------------------------------------------------------------------


def test_the_generated_club_has_the_markers_it_claims(built) -> None:
    """The markers exist in the input, so a clean scan means something."""
    secrets = private_values(built.generated)
    kinds = {s.what.split(" of ")[0].split(" in ")[0] for s in secrets}
    assert kinds >= {
        "e-mail",
        "phone",
        "notes",
        "name",
        "display name",
        "crew notes",
        "crew-only segment",
        "event notes",
    }
    assert sum(s.what.startswith("name of") for s in secrets) == MEMBERS // 2
    members = (built.generated / "members.yaml").read_text(encoding="utf-8")
    assert all(str(birth_year(i)) in members for i in range(MEMBERS + 1))


def test_the_generated_site_has_pages_calendars_pdfs_and_search(built) -> None:
    files = {f.path for f in read_site(built.generated / "site")}
    for expected in (
        "events/party/index.html",
        "events/party/party.ics",
        "events/party/agenda.pdf",
        "calendar.ics",
        "birthdays/index.html",
        "search/search_index.json",
        "sitemap.xml",
        "sitemap.xml.gz",
        "feed_rss_created.xml",
    ):
        assert expected in files
    assert any(f.endswith(".pdf") and f.startswith("journal/issues/") for f in files)


@pytest.mark.parametrize("which", ["example", "generated"])
def test_no_private_value_reaches_the_site(built, which: str) -> None:
    root = getattr(built, which)
    secrets = private_values(root)
    assert len(secrets) > 40
    found = leaks(read_site(root / "site"), secrets)
    assert found == [], "private values under site/:\n" + "\n".join(found)


def test_no_birth_year_appears_anywhere_in_the_generated_site(built) -> None:
    files = [f for f in read_site(built.generated / "site") if not f.from_theme]
    assert files
    # Icons are inline SVG, whose path data is numbers; a year is never written inside one.
    # (Spaces are kept here: with them removed, "M19 19H5" would read as 1919.)
    texts = [(f.path, re.sub(r"<svg\b.*?</svg>", "", f.text, flags=re.DOTALL)) for f in files]
    texts += [(path, html.unescape(text)) for path, text in texts]
    found = set()
    for i in range(MEMBERS + 1):
        year = re.compile(rf"(?<!\d){birth_year(i)}(?!\d)")
        found |= {f"site/{path}: birth year {birth_year(i)}" for path, text in texts if year.search(text)}
    assert sorted(found) == [], "\n".join(sorted(found))


def test_birth_years_do_not_stand_next_to_members_in_the_example_site(built) -> None:
    club = check_root(built.example, TODAY).club
    files = read_site(built.example / "site")
    texts = [(f.path, re.sub(r"<[^>]+>", " ", html.unescape(f.text))) for f in files if not f.from_theme]
    found = []
    for member in club.members:
        if not (member.birthday and member.birthday.year and member.consent.directory):
            continue
        year = str(member.birthday.year)
        for name in {member.name, member.display_name} - {None}:
            assert name
            for path, text in texts:
                for match in re.finditer(re.escape(name), text):
                    window = text[max(0, match.start() - 80) : match.end() + 80]
                    if year in window:
                        found.append(f"site/{path}: {year} next to {name}")
    assert found == [], "\n".join(sorted(set(found)))


def test_a_member_name_that_looks_like_html_is_shown_as_text(built) -> None:
    site = built.generated / "site"
    files = {f.path: f for f in read_site(site)}
    escaped = html.escape(XSS, quote=False)
    raw_in = [p for p, f in files.items() if XSS in f.text and (p.endswith((".html", ".json", ".xml")))]
    assert raw_in == [], f"the name is markup in: {raw_in}"
    for page in ("events/party/index.html", "birthdays/index.html"):
        assert escaped in files[page].text, page
    # In a calendar it is plain text (RFC 5545 has no markup), and it reads as written.
    from icalendar import Calendar

    calendar = Calendar.from_ical((site / "events/party/party.ics").read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert XSS in str(event["DESCRIPTION"])
    # In a PDF it is printed as the characters, not taken for an image.
    assert XSS in files["events/party/agenda.pdf"].text


def test_the_scan_finds_what_is_public(built) -> None:
    """The same scan does find public values, in pages, calendars, PDFs and the search index."""
    files = read_site(built.generated / "site")
    found = leaks(files, [Secret("public name", "公开会员0000"), Secret("segment", "切蛋糕")])
    paths = {line.split(":")[0] for line in found}
    assert {"site/events/party/index.html", "site/events/party/party.ics"} <= paths
    assert {"site/events/party/agenda.pdf", "site/search/search_index.json"} <= paths


def test_files_planted_in_articles_and_summaries_are_not_embedded_in_any_pdf(planted) -> None:
    """<link rel=attachment> in an article, <a rel=attachment> and <img src=file:…> in an event's
    summary: no PDF, public or private, embeds a file, and no private value is in site/."""
    site = planted / "site"
    issue = site / "journal/issues/2026-11/2026-11.pdf"
    agenda = site / "events/party/agenda.pdf"
    # The planted article and summary were printed: the scan reads the PDFs they are in.
    assert "本文附有名册。" in pdf_text(issue)
    assert "一起庆祝" in pdf_text(agenda)
    pdfs = sorted(site.rglob("*.pdf")) + sorted((planted / "private").rglob("*.pdf"))
    assert len(pdfs) >= 5
    embedded = {str(p.relative_to(planted)): sorted(pdf_attachments(p)) for p in pdfs}
    assert embedded == {str(p.relative_to(planted)): [] for p in pdfs}
    found = leaks(read_site(site), private_values(planted))
    assert found == [], "private values under site/:\n" + "\n".join(found)
