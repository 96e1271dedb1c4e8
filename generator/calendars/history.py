"""SEQUENCE and LAST-MODIFIED of every event, read from the git history of its file.

Calendar clients replace an event they already hold only when the new copy has a higher
SEQUENCE, so the number must grow whenever the time, the place or the status changes, with
no step for editors to remember. It is counted from git:

- An event is its slug. Every file `EVENTS_DIR/YYYY-MM-DD-SLUG.yaml` the mainline ever held
  is a version of the same event, so moving an event to another date (which renames the
  file) continues its count. This is decided from the file names, not by git's rename
  similarity guess, which a rename together with a large edit defeats.
- The mainline is the first-parent history of HEAD: what the published site showed over
  time. A merge counts once, as the change it brought to the mainline.
- Each version is read for its start, end, time zone, venue and status ("the facts"); the
  SEQUENCE is the number of versions whose facts differ from the version before, plus one
  when the working tree differs from the last commit. LAST-MODIFIED is the commit time of
  the latest such change (the build's time for an uncommitted one).
- Reading a version's facts is cached under the build's cache folder by blob hash, so a
  rebuild reads only the versions it has never seen.

Limits: a shallow clone only holds part of the history (CI must fetch all of it; a warning
says so); a change of the club's default time zone is not in any event file's history; a
history rewritten by a force-push counts as what it now says.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from generator.atomic import write_atomically
from generator.git import git
from generator.messages import language_for, shown, t
from generator.model import Club, Event
from generator.writing.outputs import BuildInfo

# A logger below "mkdocs" (named as MkDocs names plugin loggers) so that a build prints the
# warning with MkDocs' others and counts it for --strict, without importing MkDocs here.
log = logging.getLogger("mkdocs.plugins.generator.history")

EVENT_NAME = re.compile(r"\d{4}-\d{2}-\d{2}-([a-z0-9-]{1,64})\.ya?ml")
CACHE_FILE = "calendar-history.json"
CACHE_VERSION = 1
# The top-level keys the facts come from; reading only their lines is ~30 times faster
# than parsing a whole event with its run-sheet.
_FACT_KEYS = ("start", "end", "timezone", "venue", "status")
_TOP_LEVEL_KEY = re.compile(r"([A-Za-z_][\w-]*)\s*:(?:\s|$)")


@dataclass(frozen=True)
class Facts:
    """What decides whether calendars must treat a version as a change."""

    start: str
    end: str
    timezone: str | None  # None: the club's default
    venue: tuple[str, str] | None  # name, address
    status: str

    def key(self, default_zone: str) -> tuple[Any, ...]:
        return (self.start, self.end, self.timezone or default_zone, self.venue, self.status)

    def as_list(self) -> list[Any]:
        return [self.start, self.end, self.timezone, list(self.venue) if self.venue else None, self.status]

    @classmethod
    def from_list(cls, raw: list[Any]) -> Facts:
        start, end, zone, venue, status = raw
        return cls(start, end, zone, (venue[0], venue[1]) if venue else None, status)


@dataclass(frozen=True)
class Revision:
    sequence: int
    last_modified: datetime | None  # UTC
    created: datetime | None  # UTC; the first commit of the event, None if never committed


def _moment(raw: Any) -> str:
    from generator.reading.values import Hinted, parse_datetime

    text = str(raw).strip() if raw is not None else ""
    try:
        return parse_datetime(text).isoformat()
    except Hinted:
        return text


def _text(raw: Any) -> str:
    return "" if raw is None else str(raw).strip()


def facts_of(data: Any) -> Facts | None:
    """The facts of one version of an event file, as parsed YAML; None if it is no event."""
    if not isinstance(data, dict) or "start" not in data or "end" not in data:
        return None
    venue = data.get("venue")
    place: tuple[str, str] | None = None
    if isinstance(venue, dict):
        place = (_text(venue.get("name")), _text(venue.get("address")))
    elif venue is not None:
        place = (_text(venue), "")
    zone = data.get("timezone")
    return Facts(
        start=_moment(data.get("start")),
        end=_moment(data.get("end")),
        timezone=_text(zone) or None,
        venue=place,
        status=_text(data.get("status")) or "confirmed",
    )


def _fact_lines(text: str) -> str:
    """The lines of the top-level keys the facts come from, in file order."""
    kept: list[str] = []
    keeping = False
    for line in text.splitlines():
        if line[:1] not in ("", " ", "\t", "#"):
            match = _TOP_LEVEL_KEY.match(line)
            keeping = bool(match) and match.group(1) in _FACT_KEYS  # type: ignore[union-attr]
        if keeping:
            kept.append(line)
    return "\n".join(kept) + "\n"


def _parsed_facts(text: str) -> Facts | None:
    from generator.reading.yamlread import parse

    try:
        document, problem = parse(text, "history")
    except Exception:  # an old version that trips the reader must not stop today's build
        return None
    return facts_of(document.data) if document is not None and problem is None else None


def facts_of_text(text: str) -> Facts | None:
    """The facts of one version of an event file; None if it is not a readable event."""
    # Flow style, anchors defined elsewhere, quoted keys: the lines alone do not parse, so
    # the whole file is read.
    return _parsed_facts(_fact_lines(text)) or _parsed_facts(text)


# git ---------------------------------------------------------------------------------


@dataclass
class _Log:
    """The committed versions of every event: slug -> [(commit time, blob hash)], oldest first."""

    versions: dict[str, list[tuple[int, str]]]
    in_git: bool
    shallow: bool


_LOGS: dict[tuple[str, str, str], _Log] = {}


def shallow_clone(root: Path, events_dir: str) -> bool:
    """Whether the club is a shallow git clone, whose SEQUENCE numbers would be too low."""
    return _committed(root, events_dir).shallow


def _committed(root: Path, events_dir: str) -> _Log:
    head = git(root, "rev-parse", "--verify", "-q", "HEAD")
    if head is None:
        inside = git(root, "rev-parse", "--is-inside-work-tree")
        return _Log({}, in_git=inside is not None and inside.strip() == b"true", shallow=False)
    key = (str(root.resolve()), events_dir, head.decode().strip())
    if key not in _LOGS:
        if len(_LOGS) > 16:
            _LOGS.clear()
        shallow = (git(root, "rev-parse", "--is-shallow-repository") or b"").strip() == b"true"
        _LOGS[key] = _Log(_read_log(root, events_dir), in_git=True, shallow=shallow)
    return _LOGS[key]


def _read_log(root: Path, events_dir: str) -> dict[str, list[tuple[int, str]]]:
    out = git(
        root,
        "-c",
        "core.quotePath=false",
        "log",
        "--first-parent",
        "--diff-merges=first-parent",
        "--no-renames",
        "--raw",
        "--no-abbrev",
        "--no-color",
        "--reverse",
        "--relative",
        "--format=%x00%ct",
        "--",
        events_dir,
    )
    if out is None:
        return {}
    folder = PurePosixPath(events_dir).as_posix().strip("/") + "/"
    present: dict[str, dict[str, str]] = {}  # slug -> path -> blob, as of the commit read
    versions: dict[str, list[tuple[int, str]]] = {}
    for record in out.decode("utf-8", "replace").split("\x00")[1:]:
        lines = record.split("\n")
        when = int(lines[0])
        touched: dict[str, str] = {}  # slug -> the path this commit added or changed
        affected: set[str] = set()
        for line in lines[1:]:
            if not line.startswith(":") or "\t" not in line:
                continue
            meta, path = line.split("\t", 1)
            fields = meta.split()
            if not path.startswith(folder) or "/" in path[len(folder) :]:
                continue
            match = EVENT_NAME.fullmatch(path[len(folder) :])
            if not match:
                continue
            slug, blob, status = match.group(1), fields[3], fields[4]
            files = present.setdefault(slug, {})
            affected.add(slug)
            if status.startswith("D"):
                files.pop(path, None)
            else:
                files[path] = blob
                touched[slug] = path
        for slug in sorted(affected):
            files = present[slug]
            if not files:
                continue  # deleted: not a version; a file with the slug added later continues
            # Two files with one slug at once (the checker reports it): the one just written.
            blob = files[touched.get(slug) or max(files)]
            history = versions.setdefault(slug, [])
            if not history or history[-1][1] != blob:
                history.append((when, blob))
    return versions


def _read_blobs(root: Path, blobs: Iterable[str]) -> dict[str, bytes]:
    wanted = list(blobs)
    if not wanted:
        return {}
    out = git(root, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in wanted).encode())
    contents: dict[str, bytes] = {}
    if out is None:
        return contents
    at = 0
    while at < len(out):
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) != 3:
            continue  # "<hash> missing"
        size = int(header[2])
        contents[header[0].decode()] = out[at : at + size]
        at += size + 1
    return contents


# the cache ---------------------------------------------------------------------------


def _load_cache(path: Path) -> dict[str, list[Any] | None]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if (
        not isinstance(raw, dict)
        or raw.get("version") != CACHE_VERSION
        or not isinstance(raw.get("facts"), dict)
    ):
        return {}
    return raw["facts"]


def _save_cache(path: Path, facts: dict[str, list[Any] | None]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"version": CACHE_VERSION, "facts": facts}, sort_keys=True)
        write_atomically(path, text.encode("utf-8"))
    except OSError:
        pass  # a read-only checkout builds correctly, only slower next time


def _facts_by_blob(root: Path, blobs: set[str], cache_dir: Path) -> dict[str, Facts | None]:
    path = cache_dir / CACHE_FILE
    # A cache reached through a link (a committed `.cache`) is neither read nor written.
    usable = not any(p.is_symlink() for p in (cache_dir, path))
    cached = _load_cache(path) if usable else {}
    missing = blobs - cached.keys()
    if missing:
        for blob, content in _read_blobs(root, sorted(missing)).items():
            text = content.decode("utf-8", "replace").removeprefix("\ufeff")
            facts = facts_of_text(text)
            cached[blob] = facts.as_list() if facts else None
        if usable:
            _save_cache(path, cached)
    return {blob: Facts.from_list(cached[blob]) if cached.get(blob) else None for blob in blobs}


# revisions ---------------------------------------------------------------------------


def _utc(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _warn(log_state: _Log, root: Path, events_dir: str, language: str) -> None:
    if not log_state.in_git:
        message = t(
            "{folder} is not in a git repository, so calendars cannot tell which events changed: "
            "every SEQUENCE stays 0 and members' calendars will not pick up moved events",
            folder=str(root),
        )
    elif log_state.shallow:
        message = t(
            "this is a shallow git clone, so calendars see only part of the history of {folder}/ "
            "and SEQUENCE numbers can go down; clone the whole history (GitHub Actions: "
            "actions/checkout with fetch-depth: 0)",
            folder=events_dir,
        )
    else:
        return
    log.warning("club: %s", shown(message, language))


_WARNED: set[tuple[str, bool, bool]] = set()


def revisions(club: Club, build: BuildInfo) -> dict[str, Revision]:
    """The revision of every event of the club, by slug (worked out once per build)."""
    return build.once(_revisions, club)


def read_log(club: Club, build: BuildInfo) -> _Log:
    """The events' git history; warns, once per club, when it cannot tell what changed.
    Called by the build itself before calendars are made in a second process, whose
    warnings would not count (`mkdocs build --strict`)."""
    state = _committed(build.root, club.settings.events_dir)
    warned = (str(build.root.resolve()), state.in_git, state.shallow)
    if (not state.in_git or state.shallow) and warned not in _WARNED:
        _WARNED.add(warned)
        _warn(state, build.root, club.settings.events_dir, language_for(club.settings.language))
    return state


def _revisions(club: Club, build: BuildInfo) -> dict[str, Revision]:
    settings = club.settings
    state = read_log(club, build)
    wanted = {slug: state.versions.get(slug, []) for slug in (e.slug for e in club.events)}
    facts = _facts_by_blob(
        build.root, {blob for history in wanted.values() for _, blob in history}, build.cache_dir
    )
    built = build.built_at.astimezone(UTC)
    return {
        event.slug: _revision(event, wanted[event.slug], facts, settings.timezone, built, build.root)
        for event in club.events
    }


def _blob_id(path: Path) -> str | None:
    """The id git gives the file's bytes as a blob."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw, usedforsecurity=False).hexdigest()


def _revision(
    event: Event,
    history: list[tuple[int, str]],
    facts: dict[str, Facts | None],
    default_zone: str,
    built: datetime,
    root: Path,
) -> Revision:
    sequence = 0
    created: datetime | None = None
    changed: datetime | None = None
    previous: tuple[Any, ...] | None = None
    for when, blob in history:
        version = facts.get(blob)
        if version is None:
            continue  # a version that was not a readable event does not count
        key = version.key(default_zone)
        if previous is None:
            created = changed = _utc(when)
        elif key != previous:
            sequence += 1
            changed = _utc(when)
        previous = key
    # A file as committed is the last version already counted: reading it again (its parse
    # may not even be loaded) is needed only for an uncommitted edit of a committed event.
    as_committed = not history or _blob_id(root / event.file) == history[-1][1]
    current = facts_of(event.source.data) if event.source is not None and not as_committed else None
    if current is not None and previous is not None and current.key(default_zone) != previous:
        sequence += 1
        changed = max(built, changed) if changed else built
    return Revision(sequence, changed or built, created)


def revision(club: Club, event: Event, build: BuildInfo) -> Revision:
    return revisions(club, build)[event.slug]
