"""Where the club's files may be, and which folders a build may replace.

A build replaces its two output folders (`site_dir`, `private_dir`) as a whole. So each
must be a folder of its own inside the club: not the club itself, not a folder the
editors' files are in, not inside the published `docs_dir`, and never a folder that
something other than a build made. The editors' own files (`events_dir`,
`members_file`) must be inside the club too, and not where MkDocs would publish them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.git import git
from generator.messages import t

# Written into every output folder a build makes: a build replaces only folders that carry
# it (or that an earlier version of the tool made, see `made_by_a_build`).
MARKER = ".made-by-club"
MARKER_TEXT = "This folder is written by `club build` and replaced by the next build.\n"
# The folder of the sent-logs, which editors commit (see `invitations`).
SENT_DIR = "sent"


@dataclass(frozen=True)
class Problem:
    key: str  # the setting the problem is about (in mkdocs.yml)
    message: str  # a `messages.Message`
    hint: str


def made_by_a_build(folder: Path) -> bool:
    """Whether `folder` may be replaced by a build: absent, empty, marked by a build, or
    the shape of what a build wrote before the marker existed; never a folder that holds a
    file committed to git (a marker can be committed too)."""
    if not folder.exists() and not folder.is_symlink():
        return True
    if folder.is_symlink() or not folder.is_dir() or holds_committed_files(folder):
        return False
    if (folder / MARKER).is_file():
        return True
    names = {entry.name for entry in folder.iterdir()}
    if not names:
        return True
    # What builds before this marker left: MkDocs' site, the planners' pack, and the
    # invitations' folders inside it; and a pack that only `club invites` or `club agenda`
    # has written into so far.
    shapes = ({"index.html", "sitemap.xml"}, {"roster.csv", "birthdays.ics"}, {"sms.csv"})
    return any(shape <= names for shape in shapes) or names <= {"invites", "events"}


def holds_committed_files(folder: Path) -> bool:
    """Whether git tracks a file inside `folder` (False outside git)."""
    return bool(git(folder.parent, "ls-files", "-z", "--", f":(literal){folder.name}", timeout=30))


def through_a_link(path: Path, root: Path) -> bool:
    """Whether `path`, or a folder between the club's folder `root` and it, is a symbolic
    link (or `path` is outside `root`): a build must not write, read or remove through one."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return True
    current = root
    for part in parts:
        current = current / part
        if current.is_symlink():
            return True
    return False


def mark(folder: Path) -> None:
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def _inside(path: Path, folder: Path) -> bool:
    return path.is_relative_to(folder)


def _overlap(a: Path, b: Path) -> bool:
    return _inside(a, b) or _inside(b, a)


def problems(
    root: Path,
    *,
    docs_dir: str,
    site_dir: str,
    events_dir: str,
    members_file: str,
    private_dir: str,
    custom_dir: str | None,
) -> list[Problem]:
    """Every way the settings put a file where it must not be, one problem per setting."""
    club = root.resolve()
    where = {
        "docs_dir": docs_dir,
        "site_dir": site_dir,
        "events_dir": events_dir,
        "members_file": members_file,
        "private_dir": private_dir,
    }
    resolved = {key: (club / value).resolve() for key, value in where.items()}
    found: list[Problem] = []
    reported: set[str] = set()

    def problem(key: str, message: str, hint: str) -> None:
        if key not in reported:
            reported.add(key)
            found.append(Problem(key, message, hint))

    defaults = {"site_dir": "site", "private_dir": "private", "events_dir": "events", "docs_dir": "content"}
    for key, path in resolved.items():
        shown = where[key]
        if key == "members_file":
            # A file linked from outside is refused where it is read (`yamlread.read_bytes`).
            path = Path(os.path.normpath(club / shown))
        if not path.is_relative_to(club) or path == club:
            if path == club:
                message = t('{key} "{folder}" is the club\'s own folder', key=key, folder=shown)
            else:
                message = t('{key} "{folder}" lies outside the club\'s folder', key=key, folder=shown)
            hint = t('name a file inside the club, e.g. "members.yaml"')
            if key != "members_file":
                hint = t('name a folder inside the club, e.g. "{example}"', example=defaults[key])
            problem(key, message, hint)

    # The editors' files, which a build must never replace and MkDocs must never publish.
    sources = {
        t("the events folder (events_dir)"): resolved["events_dir"],
        t("the members file (members_file)"): resolved["members_file"],
        t("the pages folder (docs_dir)"): resolved["docs_dir"],
        "mkdocs.yml": club / "mkdocs.yml",
        t("git's folder .git"): club / ".git",
        t("the sent-logs folder {folder}/", folder=SENT_DIR): club / SENT_DIR,
        t("the build cache .cache"): club / ".cache",
    }
    if custom_dir:
        sources[t("the theme folder (theme.custom_dir)")] = (club / custom_dir).resolve()
    for key in ("site_dir", "private_dir"):
        output = resolved[key]
        if key in reported:
            continue
        for label, source in sources.items():
            if key == "site_dir" and label.startswith("the pages folder"):
                continue  # MkDocs says this one itself, in its own words
            if output != source and _inside(output, source) and source == resolved["docs_dir"]:
                problem(
                    key,
                    t(
                        '{key} "{folder}" lies inside docs_dir "{docs}", so MkDocs would '
                        "publish the planners' pack",
                        key=key,
                        folder=where[key],
                        docs=docs_dir,
                    ),
                    t('use a folder beside mkdocs.yml, e.g. "{example}"', example=defaults[key]),
                )
                break
            if _overlap(output, source):
                problem(
                    key,
                    t(
                        '{key} "{folder}" takes in {label}: every build replaces {key} '
                        "as a whole and would delete it",
                        key=key,
                        folder=where[key],
                        label=label,
                    ),
                    t('give {key} a folder of its own, e.g. "{example}"', key=key, example=defaults[key]),
                )
                break
    if custom_dir:
        theme = (club / custom_dir).resolve()
        if not theme.is_relative_to(club) or theme == club:
            if theme == club:
                message = t('theme.custom_dir "{folder}" is the club\'s own folder', folder=custom_dir)
            else:
                message = t('theme.custom_dir "{folder}" lies outside the club\'s folder', folder=custom_dir)
            problem(
                "custom_dir", message, t('name a folder inside the club, e.g. "{example}"', example="theme")
            )
        else:
            private = {
                t("the events folder (events_dir)"): resolved["events_dir"],
                t("the members file (members_file)"): resolved["members_file"],
                t("the planners' folder (private_dir)"): resolved["private_dir"],
                t("the sent-logs folder {folder}/", folder=SENT_DIR): club / SENT_DIR,
                t("git's folder .git"): club / ".git",
                t("the build cache .cache"): club / ".cache",
            }
            for label, source in private.items():
                if _overlap(theme, source):
                    problem(
                        "custom_dir",
                        t(
                            'theme.custom_dir "{folder}" takes in {label}: MkDocs publishes every '
                            "file of the theme folder that is not a template",
                            folder=custom_dir,
                            label=label,
                        ),
                        t('give the theme a folder of its own, e.g. "theme"'),
                    )
                    break
    both = {"site_dir", "private_dir"}
    if not reported & both and _inside(resolved["private_dir"], resolved["site_dir"]):
        problem(
            "private_dir",
            t("private_dir lies inside site_dir, so the planners' pack would be published"),
            t('use a folder outside the site, e.g. "private"'),
        )
    elif not reported & both and _inside(resolved["site_dir"], resolved["private_dir"]):
        problem(
            "site_dir",
            t("site_dir lies inside private_dir, so each build would delete the other's folder"),
            t('use a folder of its own, e.g. "site"'),
        )
    for key in ("events_dir", "members_file"):
        if key not in reported and _inside(resolved[key], resolved["docs_dir"]):
            problem(
                key,
                t(
                    '{key} "{folder}" lies inside docs_dir "{docs}", so MkDocs would publish it',
                    key=key,
                    folder=where[key],
                    docs=docs_dir,
                ),
                t('keep it beside mkdocs.yml, e.g. "{example}"', example=defaults.get(key, "members.yaml")),
            )
    site, docs = resolved["site_dir"], resolved["docs_dir"]
    if not {"site_dir", "docs_dir"} & reported and site != docs and _inside(site, docs):
        problem(
            "site_dir",
            t(
                'site_dir "{folder}" lies inside docs_dir "{docs}", so each build would publish the last one',
                folder=where["site_dir"],
                docs=docs_dir,
            ),
            t('use a folder beside mkdocs.yml, e.g. "{example}"', example="site"),
        )
    for key in ("site_dir", "private_dir"):
        folder = resolved[key]
        if key in reported or made_by_a_build(folder):
            continue
        if folder.is_dir() and (folder / MARKER).is_file():
            # Marked, yet refused: a build's own output committed by mistake. Any other
            # committed folder is the club's, which the message below protects.
            problem(
                key,
                t(
                    '{key} "{folder}" holds files committed to git; a build replaces it as a whole, '
                    "and what it writes must not be committed",
                    key=key,
                    folder=where[key],
                ),
                t("run git rm -r --cached {folder} and add /{folder}/ to .gitignore", folder=where[key]),
            )
        else:
            problem(
                key,
                t(
                    '{key} "{folder}" is a folder that club build did not make; a build replaces '
                    "its output folders as a whole",
                    key=key,
                    folder=where[key],
                ),
                t("name a new folder, or move {folder} away if it is not needed", folder=where[key]),
            )
    events = resolved["events_dir"]
    if "events_dir" not in reported and not events.is_dir():
        problem(
            "events_dir",
            t('the events folder "{folder}" does not exist', folder=events_dir),
            t('create it with "club new event …", or correct events_dir'),
        )
    return found


def links_out_of(folder: Path) -> list[Path]:
    """Links under `folder` that MkDocs must not follow: to a place outside it (MkDocs would
    publish what they point to), and to a folder (a link to a folder above it never ends)."""
    base = folder.resolve()
    found = []
    for top, dirs, files in os.walk(folder):
        for name in [*dirs, *files]:
            path = Path(top) / name
            if path.is_symlink() and (path.is_dir() or not path.resolve().is_relative_to(base)):
                found.append(path)
    return sorted(found)
