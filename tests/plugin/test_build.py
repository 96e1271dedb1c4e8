"""`club build`: the whole site, or nothing at all."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.support import CLUBS, EVENT, REPO, TODAY, build, staging_leftovers, tree_digest


def test_a_build_writes_the_events_pages(club, capsys) -> None:
    club.event("2026-12-20-dongzhi.yaml", EVENT)
    code, err = build(club, capsys)
    assert code == 0, err
    page = (club.root / "site/events/dongzhi/index.html").read_text(encoding="utf-8")
    assert "冬至联谊会 &lt;b&gt;大家&lt;/b&gt;" in page  # plain text is escaped
    assert "<strong>包饺子</strong>" in page  # the summary is Markdown
    assert "宜宾市翠屏区" in page
    assert "CREW-ONLY" not in page and "CREW-NOTE" not in page and "PLANNER-ONLY" not in page
    index = (club.root / "site/events/index.html").read_text(encoding="utf-8")
    assert 'href="dongzhi/"' in index
    assert (club.root / "private").is_dir()
    assert staging_leftovers(club.root) == [], "staging folders are cleaned up"


def test_a_failed_check_leaves_the_previous_output_untouched(club, capsys) -> None:
    club.event("2026-12-20-dongzhi.yaml", EVENT)
    assert build(club, capsys)[0] == 0
    (club.root / "private/keep.txt").write_text("planner's file", encoding="utf-8")
    before = tree_digest(club.root / "site"), tree_digest(club.root / "private")
    club.event("2026-12-20-dongzhi.yaml", EVENT.replace("kind: other", "kind: party"))
    code, err = build(club, capsys)
    assert code == 1
    assert "nothing was written" in err
    assert (tree_digest(club.root / "site"), tree_digest(club.root / "private")) == before


def test_a_failed_mkdocs_build_leaves_the_previous_output_untouched(club, capsys) -> None:
    club.event("2026-12-20-dongzhi.yaml", EVENT)
    assert build(club, capsys)[0] == 0
    before = tree_digest(club.root / "site"), tree_digest(club.root / "private")
    # A hand-written page where the plugin generates one: MkDocs fails half-way.
    club.write("content/events/index.md", "# 活动\n")
    code, err = build(club, capsys)
    assert code == 1
    assert "content/events/index.md is written by hand" in err
    assert "Traceback" not in err
    assert (tree_digest(club.root / "site"), tree_digest(club.root / "private")) == before
    assert staging_leftovers(club.root) == []


def test_mkdocs_build_runs_the_plugin_too(club) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    club.event("2026-12-20-dongzhi.yaml", EVENT)
    config = load_config(config_file=str(club.root / "mkdocs.yml"))
    mkdocs_build(config)
    assert (club.root / "site/events/dongzhi/index.html").exists()
    assert (club.root / "private").is_dir()


def test_mkdocs_build_stops_on_the_clubs_errors(club, caplog) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    club.event("2026-12-20-dongzhi.yaml", EVENT.replace("kind: other", "kind: party"))
    config = load_config(config_file=str(club.root / "mkdocs.yml"))
    with caplog.at_level("ERROR"), pytest.raises(Abort):
        mkdocs_build(config)
    assert 'events/2026-12-20-dongzhi.yaml:2:7: error: "party" is not a valid kind' in caplog.text


# The planners' pack written by a second process while MkDocs renders -----------------------


def _record_who_makes(monkeypatch, log: Path) -> None:
    """Append "<family> <pid>" to `log` whenever the roster, the events' pages or the
    site's calendars are made."""
    from generator.calendars.calendars import PublicCalendars
    from generator.pack.roster import PlannersRoster
    from generator.pages.generated import EventPages

    for family in (PlannersRoster, EventPages, PublicCalendars):
        made_by = family.outputs

        def outputs(self, club, build, made_by=made_by):  # type: ignore[no-untyped-def]
            with log.open("a") as out:
                out.write(f"{type(self).__name__} {os.getpid()}\n")
            return made_by(self, club, build)

        monkeypatch.setattr(family, "outputs", outputs)


def test_the_calendars_and_planners_pack_are_made_by_a_second_process_as_by_this_one(
    club, capsys, monkeypatch, tmp_path
) -> None:
    from generator.writing import second_process

    club.event("2026-12-20-dongzhi.yaml", EVENT)
    # Committed, so that two builds of it are byte-identical (calendars' DTSTAMP: the commit's time).
    who = ["-c", "user.name=t", "-c", "user.email=t@example.org"]
    for args in (["init", "-q"], ["add", "-A"], [*who, "commit", "-qm", "club"]):
        subprocess.run(["git", *args], cwd=club.root, check=True)
    log = tmp_path / "makers.txt"
    _record_who_makes(monkeypatch, log)
    monkeypatch.setattr(second_process, "_can_fork", lambda: True)
    assert build(club, capsys)[0] == 0
    forked = tree_digest(club.root / "site"), tree_digest(club.root / "private")
    monkeypatch.setattr(second_process, "_can_fork", lambda: False)
    assert build(club, capsys)[0] == 0
    assert (tree_digest(club.root / "site"), tree_digest(club.root / "private")) == forked
    assert "roster.html" in forked[1] and "birthdays.ics" in forked[1]
    assert "calendar.ics" in forked[0] and "events/dongzhi/dongzhi.ics" in forked[0]
    for made_apart in ("calendar.ics", "events/dongzhi/dongzhi.ics"):
        assert (club.root / "site" / made_apart).read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    here = str(os.getpid())
    first_build = dict(line.split() for line in log.read_text().splitlines()[:3])
    assert first_build["EventPages"] == here, "the pages, which MkDocs renders: this process"
    assert first_build["PublicCalendars"] != here, "the calendars: a second process"
    assert first_build["PlannersRoster"] != here, "the planners' pack: a second process"


def test_a_failure_in_the_second_process_fails_the_build_and_writes_nothing(
    club, capsys, monkeypatch
) -> None:
    from generator.pack.roster import PlannersRoster
    from generator.writing import second_process

    club.event("2026-12-20-dongzhi.yaml", EVENT)
    assert build(club, capsys)[0] == 0
    before = tree_digest(club.root / "site"), tree_digest(club.root / "private")

    def broken(self, club, build):  # type: ignore[no-untyped-def]
        raise RuntimeError("the roster template is missing")

    monkeypatch.setattr(PlannersRoster, "outputs", broken)
    monkeypatch.setattr(second_process, "_can_fork", lambda: True)
    club.event("2026-12-20-dongzhi.yaml", EVENT.replace("包饺子", "包汤圆"))
    code, err = build(club, capsys)
    assert code == 1
    assert "RuntimeError: the roster" in err and "nothing was written" in err, err
    assert "Traceback" not in err
    assert (tree_digest(club.root / "site"), tree_digest(club.root / "private")) == before
    assert staging_leftovers(club.root) == []


def test_the_second_process_leaves_the_builds_own_process_its_core(monkeypatch) -> None:
    from generator.writing import second_process
    from generator.writing.second_process import STAND_BACK, SecondProcess

    monkeypatch.setattr(second_process, "_can_fork", lambda: True)  # other tests' threads may run

    own = os.nice(0)
    read_from, write_to = os.pipe()
    SecondProcess(lambda: os.write(write_to, str(os.nice(0)).encode())).wait()
    assert int(os.read(read_from, 10)) == min(own + STAND_BACK, 19)  # 19: where Linux stops
    assert os.nice(0) == own


def test_a_warning_about_the_history_counts_in_a_strict_mkdocs_build(club, caplog) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    club.event("2026-12-20-dongzhi.yaml", EVENT)  # the club is not in git: no revisions
    config = load_config(config_file=str(club.root / "mkdocs.yml"), strict=True)
    with caplog.at_level("WARNING"), pytest.raises(Abort):
        mkdocs_build(config)
    warned = [r for r in caplog.records if "is not in a git repository" in r.getMessage()]
    assert len(warned) == 1, "logged once"


# Failures from outside: permissions, a full disk, a killed build ---------------------------------


def _immutable(path: Path, on: bool) -> bool:
    """Make `path` immutable (even for root, as a read-only mount would be); False if the
    file system cannot."""
    done = subprocess.run(["chattr", "+i" if on else "-i", str(path)], capture_output=True, check=False)
    return done.returncode == 0


def test_a_private_folder_that_cannot_be_replaced_leaves_both_folders_as_they_were(club, capsys) -> None:
    club.event("2026-12-20-dongzhi.yaml", EVENT)
    assert build(club, capsys)[0] == 0
    before = tree_digest(club.root / "site"), tree_digest(club.root / "private")
    club.event("2026-12-20-dongzhi.yaml", EVENT.replace("包饺子", "包汤圆"))
    if not _immutable(club.root / "private", True):
        pytest.skip("chattr +i is not available on this file system, so private/ cannot be locked")
    try:
        code, err = build(club, capsys)
    finally:
        _immutable(club.root / "private", False)
    assert code == 1
    assert "club: the build failed: Operation not permitted: private" in err, err
    assert "nothing was written" in err
    assert "Traceback" not in err
    assert (tree_digest(club.root / "site"), tree_digest(club.root / "private")) == before
    assert staging_leftovers(club.root) == []


@pytest.fixture
def small_disk(tmp_path):
    """A 24 MB file system of its own (tmpfs), for filling up."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount)], capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_fails_the_build_plainly_and_leaves_both_folders_as_they_were(small_disk, capsys) -> None:
    import shutil

    from tests.support import MEMBERS_YML, MKDOCS_YML, Club

    club = Club(small_disk / "club")
    club.write("mkdocs.yml", MKDOCS_YML.format(language="zh"))
    club.write("members.yaml", MEMBERS_YML)
    club.write("content/index.md", "# Test club\n")
    club.event("2026-12-20-dongzhi.yaml", EVENT)
    assert build(club, capsys)[0] == 0
    before = tree_digest(club.root / "site"), tree_digest(club.root / "private")
    # Leave less room than a second site needs.
    free = shutil.disk_usage(small_disk).free
    (small_disk / "filler").write_bytes(b"\0" * max(free - 256 * 1024, 0))
    club.event("2026-12-20-dongzhi.yaml", EVENT.replace("包饺子", "包汤圆"))
    code, err = build(club, capsys)
    assert code == 1
    assert "club: the build failed: the disk is full" in err, err
    assert "Traceback" not in err
    assert (tree_digest(club.root / "site"), tree_digest(club.root / "private")) == before
    assert staging_leftovers(club.root) == []
    (small_disk / "filler").unlink()
    assert build(club, capsys)[0] == 0


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid or parent in found:
            found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_killed_build_leaves_no_workers_and_the_next_build_removes_its_folders(club, capsys) -> None:
    import signal
    import sys
    import time

    for day in range(10, 20):
        club.event(f"2026-12-{day}-dongzhi-{day}.yaml", EVENT.replace("2026-12-20", f"2026-12-{day}"))
    build_process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator.cli",
            "--root",
            str(club.root),
            "build",
            "--today",
            TODAY.isoformat(),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    # Wait until the sheets' workers run and the staged folders exist, then kill the build.
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and build_process.poll() is None:
        workers = _descendants(build_process.pid)
        if len(workers) >= 2 and staging_leftovers(club.root):
            break
        time.sleep(0.05)
    assert build_process.poll() is None and workers, "the build was caught while its workers ran"
    build_process.send_signal(signal.SIGKILL)
    build_process.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers), "every worker ended with the build"
    assert staging_leftovers(club.root), "the killed build left its staged folders"
    code, err = build(club, capsys)
    assert code == 0, err
    assert staging_leftovers(club.root) == []


# Same commit, same bytes ----------------------------------------------------------------------------


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@club.test", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


@pytest.mark.parametrize("epoch", [None, "1764000000"], ids=["commit-time", "source-date-epoch"])
def test_two_cold_builds_of_one_commit_write_the_same_bytes(tmp_path, monkeypatch, epoch) -> None:
    """Every file of site/ and private/: pages, feeds (RSS included), calendars, sheets."""
    import shutil
    import time

    from generator.cli import main

    root = tmp_path / "club"
    shutil.copytree(CLUBS / "english", root)
    (root / ".gitignore").write_text("/site/\n/private/\n.cache/\n", encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "the club")
    if epoch:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    else:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    trees = []
    for _ in range(2):
        for folder in ("site", "private", ".cache"):
            shutil.rmtree(root / folder, ignore_errors=True)
        assert main(["--root", str(root), "build", "--today", "2026-12-01"]) == 0
        trees.append((tree_digest(root / "site"), tree_digest(root / "private")))
        time.sleep(1.1)  # a clock read anywhere would now read another second
    assert any(path.endswith(".pdf") for path in trees[0][0])
    assert "feed_rss_created.xml" in trees[0][0]
    for first, second in zip(trees[0], trees[1], strict=True):
        differing = sorted(
            path for path in first.keys() | second.keys() if first.get(path) != second.get(path)
        )
        assert differing == []


def test_markup_in_an_articles_title_or_categories_is_shown_as_text(tmp_path) -> None:
    import shutil
    import xml.etree.ElementTree as ET

    from generator.cli import main

    root = tmp_path / "club"
    shutil.copytree(CLUBS / "english", root)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "json_feed_enabled: false", "json_feed_enabled: false\n      categories: [categories]"
    )
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "content/journal/posts/2026-12-03-q-and-a.md").write_text(
        "---\n"
        "date: 2026-12-03\n"
        'title: Q&A <script>alert("T1")</script>\n'
        "categories:\n"
        '  - <img src=x onerror=alert("C1")>\n'
        "---\n\nQuestions and answers.\n",
        encoding="utf-8",
    )
    source = (root / "content/journal/posts/2026-12-03-q-and-a.md").read_bytes()
    assert main(["--root", str(root), "build", "--today", "2026-12-01"]) == 0
    for path in (root / "site").rglob("*"):
        if path.suffix in (".html", ".xml", ".json"):
            text = path.read_text(encoding="utf-8")
            assert "<script>alert" not in text and "<img src=x" not in text, path
    post = next((root / "site/journal/2026/12/03").glob("*/index.html")).read_text(encoding="utf-8")
    assert "Q&A &lt;script&gt;alert(&quot;T1&quot;)&lt;/script&gt;" in post
    feed = ET.parse(root / "site/feed_rss_created.xml")  # still well-formed XML
    categories = [c.text for c in feed.iter("category")]
    assert '<img src=x onerror=alert("C1")>' in categories, "a feed reader shows the category as written"
    assert (root / "content/journal/posts/2026-12-03-q-and-a.md").read_bytes() == source


def test_a_club_without_a_theme_folder_gets_the_club_look(club, capsys) -> None:
    club.event("2026-12-20-dongzhi.yaml", EVENT)
    assert not (club.root / "theme").exists() and "custom_dir" not in (club.root / "mkdocs.yml").read_text()
    assert build(club, capsys)[0] == 0
    page = (club.root / "site/events/dongzhi/index.html").read_text(encoding="utf-8")
    for asset in ("stylesheets/club.css", "stylesheets/print.css", "javascripts/club.js"):
        assert f"assets/{asset}" in page, asset
        assert (club.root / "site/assets" / asset).is_file(), asset
    # The club's own custom_dir still overrides a file of it.
    club.write("theme/assets/stylesheets/club.css", "/* the club's own */\n")
    club.write(
        "mkdocs.yml",
        (club.root / "mkdocs.yml")
        .read_text()
        .replace("  name: material\n", "  name: material\n  custom_dir: theme\n"),
    )
    assert build(club, capsys)[0] == 0
    assert (club.root / "site/assets/stylesheets/club.css").read_text() == "/* the club's own */\n"


def test_snippets_paste_from_the_clubs_folder_and_nothing_outside_it(club, capsys) -> None:
    club.write(
        "mkdocs.yml",
        (club.root / "mkdocs.yml").read_text()
        + "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: [content/parts]\n",
    )
    club.write("content/parts/note.md", "A NOTE FROM THE PARTS FOLDER\n")
    club.write("content/index.md", '# Test club\n\n--8<-- "note.md"\n\n--8<-- "../../members.yaml"\n')
    # `club --root` from another folder (the tests run in the repository's): the same paste.
    code, err = build(club, capsys)
    assert code == 0, err
    home = (club.root / "site/index.html").read_text(encoding="utf-8")
    assert "A NOTE FROM THE PARTS FOLDER" in home
    assert "he@example.org" not in home
