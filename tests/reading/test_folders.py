"""Where the club's files and outputs may be: a setting can never delete or publish the club."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support import EVENT, MKDOCS_YML, build, tree_digest


def with_options(club, options: str, top: str = "") -> None:
    club.write(
        "mkdocs.yml",
        top + MKDOCS_YML.format(language="zh").replace("      timezone: Asia/Shanghai\n", options),
    )


def sources(root: Path) -> dict[str, str]:
    """Every file the editors wrote (what a build must never remove)."""
    return {
        key: value
        for key, value in tree_digest(root).items()
        if not key.startswith(("site/", "private/", ".cache/"))
    }


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        pytest.param(
            "      private_dir: .\n",
            'mkdocs.yml:10:20: error: private_dir "." is the club\'s own folder; name a folder inside the '
            'club, e.g. "private"',
            id="the-club",
        ),
        pytest.param(
            "      private_dir: events\n",
            'mkdocs.yml:10:20: error: private_dir "events" takes in the events folder (events_dir): every '
            "build replaces private_dir as a whole and would delete it; give private_dir a folder of its "
            'own, e.g. "private"',
            id="the-events",
        ),
        pytest.param(
            "      private_dir: content/private\n",
            'mkdocs.yml:10:20: error: private_dir "content/private" lies inside docs_dir "content", so '
            'MkDocs would publish the planners\' pack; use a folder beside mkdocs.yml, e.g. "private"',
            id="under-docs",
        ),
        pytest.param(
            "      private_dir: content\n",
            'mkdocs.yml:10:20: error: private_dir "content" takes in the pages folder (docs_dir): '
            "every build replaces private_dir as a whole and would delete it; give private_dir a folder "
            'of its own, e.g. "private"',
            id="the-pages",
        ),
        pytest.param(
            "      private_dir: /tmp/planners\n",
            'mkdocs.yml:10:20: error: private_dir "/tmp/planners" lies outside the club\'s folder; name a '
            'folder inside the club, e.g. "private"',
            id="absolute",
        ),
        pytest.param(
            "      private_dir: ../planners\n",
            'mkdocs.yml:10:20: error: private_dir "../planners" lies outside the club\'s folder; name a '
            'folder inside the club, e.g. "private"',
            id="above",
        ),
        pytest.param(
            "      private_dir: .git\n",
            'mkdocs.yml:10:20: error: private_dir ".git" takes in git\'s folder .git: every build replaces '
            'private_dir as a whole and would delete it; give private_dir a folder of its own, e.g. "private"',
            id="git",
        ),
        pytest.param(
            "      members_file: content/members.yaml\n",
            'mkdocs.yml:10:21: error: members_file "content/members.yaml" lies inside docs_dir "content", '
            'so MkDocs would publish it; keep it beside mkdocs.yml, e.g. "members.yaml"',
            id="roster-published",
        ),
        pytest.param(
            "      events_dir: content/events\n",
            'mkdocs.yml:10:19: error: events_dir "content/events" lies inside docs_dir "content", so MkDocs '
            'would publish it; keep it beside mkdocs.yml, e.g. "events"',
            id="events-published",
        ),
        pytest.param(
            "      events_dir: evnets\n",
            'mkdocs.yml:10:19: error: the events folder "evnets" does not exist; create it with "club new '
            'event …", or correct events_dir',
            id="events-misspelt",
        ),
    ],
)
def test_settings_that_would_delete_or_publish_the_club_are_errors(club, check, option, expected) -> None:
    with_options(club, "      timezone: Asia/Shanghai\n" + option)
    code, lines = check()
    assert code == 1
    assert expected in lines


def test_site_dir_is_held_to_the_same_rules(club, check) -> None:
    with_options(club, "      timezone: Asia/Shanghai\n", top="site_dir: .\n")
    code, lines = check()
    assert code == 1
    assert lines == [
        'mkdocs.yml:1:11: error: site_dir "." is the club\'s own folder; name a folder inside the club, '
        'e.g. "site"'
    ]


@pytest.mark.parametrize("folder", [".", "events", "content"])
def test_a_build_never_removes_the_clubs_files(club, capsys, folder) -> None:
    club.event("2026-12-20-dongzhi.yaml", EVENT)
    (club.root / ".git").mkdir()
    (club.root / ".git/HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    with_options(club, f"      timezone: Asia/Shanghai\n      private_dir: {folder}\n")
    before = sources(club.root)
    code, err = build(club, capsys)
    assert code == 1
    assert "nothing was written" in err
    assert sources(club.root) == before
    assert not (club.root / "site").exists()


def test_a_folder_the_build_did_not_make_is_never_replaced(club, check, capsys) -> None:
    club.write("planning/budget.xlsx", "the planners' own file")
    with_options(club, "      timezone: Asia/Shanghai\n      private_dir: planning\n")
    assert check() == (
        1,
        [
            'mkdocs.yml:10:20: error: private_dir "planning" is a folder that club build did not make; a '
            "build replaces its output folders as a whole; name a new folder, or move planning away if it "
            "is not needed"
        ],
    )
    assert build(club, capsys)[0] == 1
    assert (club.root / "planning/budget.xlsx").read_text(encoding="utf-8") == "the planners' own file"


def test_output_folders_of_earlier_versions_are_still_replaced(club, capsys) -> None:
    """Folders built before the marker existed are recognised by what a build writes."""
    club.write("private/roster.csv", "id\n")
    club.write("private/birthdays.ics", "BEGIN:VCALENDAR\n")
    club.write("site/index.html", "<html>")
    club.write("site/sitemap.xml", "<urlset/>")
    code, err = build(club, capsys)
    assert code == 0, err
    assert (club.root / "site/.made-by-club").is_file()
    assert (club.root / "private/.made-by-club").is_file()
    assert build(club, capsys)[0] == 0


def test_a_roster_linked_from_outside_the_club_is_not_read(club, check, tmp_path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("SECRET-FIRST-BYTES: [\n", encoding="utf-8")
    (club.root / "members.yaml").unlink()
    (club.root / "members.yaml").symlink_to(outside)
    code, lines = check()
    assert code == 1
    assert lines == [
        "members.yaml:1:1: error: the file is a link to a place outside the club's folder, so it is not "
        "read; put the file itself in the club's folder instead of a link"
    ]


def test_an_event_linked_from_outside_the_club_is_not_read(club, check, tmp_path) -> None:
    outside = tmp_path / "2026-12-20-dongzhi.yaml"
    outside.write_text("notes: SECRET-FIRST-BYTES\n", encoding="utf-8")
    (club.root / "events/2026-12-20-dongzhi.yaml").symlink_to(outside)
    code, lines = check()
    assert code == 1
    assert "SECRET" not in "\n".join(lines)
    assert lines[0].startswith("events/2026-12-20-dongzhi.yaml:1:1: error: the file is a link to a place")


def test_a_link_in_the_pages_to_the_roster_is_an_error(club, check, capsys) -> None:
    os.symlink("../members.yaml", club.root / "content/roster.yaml")
    assert check() == (
        1,
        [
            "content/roster.yaml:1:1: error: this is a link to a folder or to a place outside content/, "
            "and MkDocs would publish what it points to; put the file itself in content/, or remove the link"
        ],
    )
    assert build(club, capsys)[0] == 1
    assert not (club.root / "site").exists()


def test_check_passes_the_default_folders(club, check) -> None:
    assert check()[0] == 0


@pytest.mark.parametrize("command", [["agenda", "dongzhi"], ["invites", "dongzhi"]])
def test_the_planners_commands_stop_on_a_bad_folder_setting(club, capsys, command) -> None:
    from generator.cli import main

    club.event("2026-12-20-dongzhi.yaml", EVENT)
    with_options(club, "      timezone: Asia/Shanghai\n      private_dir: .\n")
    before = sources(club.root)
    code = main(["--root", str(club.root), *command, "--today", "2026-11-23"])
    out = capsys.readouterr()
    assert code == 1
    assert 'private_dir "." is the club\'s own folder' in out.out
    assert sources(club.root) == before


# What an attacker's pull request tried (each once reached the club's files or the roster) ------


def _git(root: Path, *args: str) -> None:
    import subprocess

    who = ["-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", *who, *args], cwd=root, check=True, capture_output=True)


def test_a_cache_that_links_elsewhere_is_an_error_and_never_pruned(club, check, capsys) -> None:
    club.event("2026-12-20-dongzhi.yaml", EVENT)
    (club.root / "x").mkdir()
    os.symlink("..", club.root / "x/sheets")  # .cache/sheets would be the club's folder
    os.symlink("x", club.root / ".cache")
    old = 1_700_000_000  # as a long-lived checkout's files are: older than the cache keeps entries
    for path in [*(club.root / "events").iterdir(), club.root / "members.yaml"]:
        os.utime(path, (old, old))
    before = sources(club.root)
    code, lines = check()
    assert code == 1
    assert lines[0] == (
        ".cache:1:1: error: .cache is a link to another place, where the build or club invites would "
        "write; remove the link (git rm .cache); the tool makes the folder itself"
    )
    from generator.sheets.render_cache import Cache

    assert Cache(club.root / ".cache/sheets").prune() == 0
    assert build(club, capsys)[0] == 1
    assert sources(club.root) == before


def test_a_theme_folder_may_not_take_in_private_files(club, check) -> None:
    with_options(club, "      timezone: Asia/Shanghai\n")
    config = (club.root / "mkdocs.yml").read_text(encoding="utf-8")
    (club.root / "mkdocs.yml").write_text(
        config.replace("  name: material\n", "  name: material\n  custom_dir: events\n")
    )
    code, lines = check()
    assert code == 1
    assert lines[0].startswith('mkdocs.yml:6:15: error: theme.custom_dir "events" takes in the events folder')
    (club.root / "mkdocs.yml").write_text(
        config.replace("  name: material\n", "  name: material\n  custom_dir: /etc\n")
    )
    assert check()[1][0].startswith('mkdocs.yml:6:15: error: theme.custom_dir "/etc" lies outside the club')
    (club.root / "theme/assets").mkdir(parents=True)
    os.symlink("../../members.yaml", club.root / "theme/assets/members.txt")
    (club.root / "mkdocs.yml").write_text(
        config.replace("  name: material\n", "  name: material\n  custom_dir: theme\n")
    )
    assert check()[1][0].startswith(
        "theme/assets/members.txt:1:1: error: this is a link to a folder or to a place"
    )


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        ("INHERIT: base.yml\n", "mkdocs.yml:1:1: error: INHERIT is not supported"),
        ("docs_dir: !ENV [UNSET, content]\n", "mkdocs.yml:1:11: error: docs_dir must be a folder's name"),
    ],
)
def test_settings_the_check_cannot_read_as_mkdocs_does_are_errors(club, check, top, expected) -> None:
    club.write("base.yml", "docs_dir: content\n")
    config = (club.root / "mkdocs.yml").read_text(encoding="utf-8").replace("docs_dir: content\n", "")
    (club.root / "mkdocs.yml").write_text(top + config)
    code, lines = check()
    assert code == 1
    assert lines[0].startswith(expected), lines


def test_a_committed_folder_is_never_replaced_whatever_its_shape(club, check, capsys) -> None:
    club.write("archive/events/2019-old.yaml", "title: old\n")
    club.write("archive/invites/notes.txt", "notes\n")
    club.write("archive/.made-by-club", "a pull request's marker\n")
    _git(club.root, "init", "-q")
    _git(club.root, "add", "-A")
    _git(club.root, "commit", "-qm", "club")
    with_options(club, "      timezone: Asia/Shanghai\n", top="site_dir: archive\n")
    code, lines = check()
    assert code == 1
    # It carries a (committed) marker: the message says what committing a build's output means.
    assert lines[0].startswith('mkdocs.yml:1:11: error: site_dir "archive" holds files committed to git')
    assert build(club, capsys)[0] == 1
    assert (club.root / "archive/events/2019-old.yaml").exists()


def test_a_committed_folder_without_the_marker_is_the_clubs(club, check) -> None:
    club.write("archive/notes.md", "the club's own notes\n")
    _git(club.root, "init", "-q")
    _git(club.root, "add", "-A")
    _git(club.root, "commit", "-qm", "club")
    with_options(club, "      timezone: Asia/Shanghai\n      private_dir: archive\n")
    assert check()[1][0].startswith(
        'mkdocs.yml:10:20: error: private_dir "archive" is a folder that club build did not make'
    )


def test_a_site_folder_inside_the_pages_is_an_error(club, check) -> None:
    with_options(club, "      timezone: Asia/Shanghai\n", top="site_dir: content/out\n")
    assert check()[1][0].startswith(
        'mkdocs.yml:1:11: error: site_dir "content/out" lies inside docs_dir "content"'
    )


def test_a_link_to_a_folder_in_the_pages_is_an_error(club, check) -> None:
    os.symlink(".", club.root / "content/loop")
    code, lines = check()
    assert code == 1
    assert lines[0].startswith("content/loop:1:1: error: this is a link to a folder")


def test_snippets_may_paste_only_from_the_published_folder(club, check) -> None:
    config = (club.root / "mkdocs.yml").read_text(encoding="utf-8")
    (club.root / "mkdocs.yml").write_text(config + "markdown_extensions:\n  - pymdownx.snippets\n")
    code, lines = check()
    assert code == 1
    assert lines[0].startswith('mkdocs.yml:11:5: error: pymdownx.snippets may paste any file under "."')
    (club.root / "mkdocs.yml").write_text(
        config + "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: [content/parts]\n"
    )
    assert check()[0] == 0


def test_a_theme_folder_written_other_than_as_text_is_an_error(club, check) -> None:
    config = (club.root / "mkdocs.yml").read_text(encoding="utf-8")
    (club.root / "mkdocs.yml").write_text(
        config.replace("  name: material\n", '  name: material\n  custom_dir: !ENV [CLUBTHEME, "theme"]\n')
    )
    assert check()[1][0].startswith("mkdocs.yml:6:15: error: theme.custom_dir must be a folder's name")


def test_snippets_that_may_leave_their_folder_are_an_error(club, check) -> None:
    config = (club.root / "mkdocs.yml").read_text(encoding="utf-8")
    (club.root / "mkdocs.yml").write_text(
        config + "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: [content/parts]\n"
        "      restrict_base_path: false\n"
    )
    assert check()[1][0].startswith(
        "mkdocs.yml:11:5: error: pymdownx.snippets with restrict_base_path: false"
    )
