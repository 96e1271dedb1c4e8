"""What every output module produces, and the writer that puts outputs on disk.

An output family says whether it is public (goes under site/) or private (the planners'
pack), and yields `Output`s. The writer refuses to write the same
path twice, and directory writes go to a fresh folder swapped in only at the end.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from generator.git import git
from generator.messages import t
from generator.model import Club
from generator.reading.folders import MARKER, made_by_a_build, mark

T = TypeVar("T")


@dataclass(frozen=True)
class Output:
    path: str  # relative, with "/" separators
    content: bytes | str


@dataclass(frozen=True)
class BuildInfo:
    """Facts about this build that outputs print or embed, fixed once per build."""

    root: Path
    built_at: datetime  # from the commit's date, so two builds of one commit match
    commit: str  # short hash, or "" outside git
    cache_dir: Path = field(default_factory=lambda: Path(".cache"))
    # What one build works out once and several outputs use (see `once`).
    _made: dict[Any, tuple[Any, Any]] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def once(self, make: Callable[[Any, BuildInfo], T], club: Any) -> T:
        """`make(club, self)`, worked out once in this build for this club."""
        key = (make, id(club))
        known = self._made.get(key)
        if known is None or known[0] is not club:
            known = self._made[key] = (club, make(club, self))
        return known[1]

    @classmethod
    def for_root(cls, root: Path) -> BuildInfo:
        commit, stamp = _git_head(root)
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch and epoch.isdigit():
            stamp = datetime.fromtimestamp(int(epoch), UTC)
        return cls(root, stamp or datetime.now(UTC).replace(microsecond=0), commit, root / ".cache")


def _git_head(root: Path) -> tuple[str, datetime | None]:
    out = (git(root, "log", "-1", "--format=%h %ct", timeout=10) or b"").decode().split()
    if len(out) != 2:
        return "", None
    changed = (git(root, "status", "--porcelain", "--untracked-files=no", timeout=10) or b"").strip()
    # An untracked file of the club may be an input too (a new article, a new event).
    others = ("--others", "--exclude-standard", "--directory", "--no-empty-directory")
    untracked = git(root, "ls-files", "-z", *others, timeout=10)
    names = (untracked or b"").decode("utf-8", "replace").split("\0")
    new = any(not _made_by_club(root, name) for name in names if name)
    commit = out[0] + ("+" if changed or new else "")
    return commit, datetime.fromtimestamp(int(out[1]), UTC)


def _made_by_club(root: Path, name: str) -> bool:
    """Whether an untracked path (relative to the club) is what club itself writes: the
    output folders, staged or in place, and .cache; not an input of the build."""
    top = name.split("/", 1)[0]
    if (root / top).is_symlink():
        return False
    return top == ".cache" or bool(_LEFTOVER.fullmatch(top)) or (root / top / MARKER).is_file()


class OutputFamily:
    """One family of outputs (the pages, the calendars, the sheets, a part of the planners'
    pack). A build calls `prepare` in its own process, then `outputs`."""

    name: str = ""
    public: bool = True  # under site/, else in the planners' pack (private/)
    # A family whose outputs depend on the club alone and that logs nothing may be made in
    # a second process while MkDocs renders the site (see `second_process`); a public one
    # then says beforehand which files it makes (`paths`).
    in_second_process: bool = False
    # Generated pages that take the place of a hand-written file of the same path (whose
    # text the family has read and kept, as the home page keeps the club's own words).
    replaces: frozenset[str] = frozenset()

    def listed(self, path: str) -> bool:
        """Whether a page belongs in a navigation: an index does, one event or issue does not."""
        return True

    def prepare(self, club: Club, build: BuildInfo) -> None:
        """What must run in the build's own process before `outputs`, such as its warnings."""

    def outputs(self, club: Club, build: BuildInfo) -> Iterable[Output]:
        raise NotImplementedError

    def paths(self, club: Club) -> list[str]:
        """The paths `outputs` will have, for a public family made in the second process:
        MkDocs must know every file of the site before it renders the pages that link to
        them, and the files' contents arrive once it has."""
        raise NotImplementedError


class DuplicateOutput(Exception):
    pass


def write_outputs(target: Path, outputs: Iterable[Output]) -> list[str]:
    """Write outputs below `target`; returns the paths written."""
    written: set[str] = set()
    for output in outputs:
        if output.path in written:
            raise DuplicateOutput(t("two outputs want to write {path}", path=output.path))
        written.add(output.path)
        path = target / output.path
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(output.content, str):
            path.write_text(output.content, encoding="utf-8", newline="")
        else:
            path.write_bytes(output.content)
    return sorted(written)


class NotMadeByABuild(Exception):
    """An output folder holds files that no build wrote: it is never replaced."""


def staging_dir(target: Path) -> Path:
    """A fresh empty folder beside `target`, on the same file system so the swap is a rename.

    Its name carries this process's id, so that a later build can tell the folders of a
    build that was killed (`remove_leftovers`) from those of one still running."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.new-{os.getpid()}-", dir=target.parent))


def swap_in(*pairs: tuple[Path, Path]) -> None:
    """Replace each target folder by its staged one: every one, or (on any error) none.

    A target is replaced only if a build made it (`folders.made_by_a_build`). The old
    folders are moved aside first and removed only once every new one is in place."""
    for staged, target in pairs:
        if not made_by_a_build(target):
            raise NotMadeByABuild(
                t("{folder}/ holds files that club build did not write", folder=target.name)
            )
        mark(staged)
    moved: list[tuple[Path, Path, Path | None, bool]] = []  # staged, target, old holder, swapped
    try:
        for staged, target in pairs:
            holder = None
            if target.exists():
                prefix = f".{target.name}.old-{os.getpid()}-"
                holder = Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))
                moved.append((staged, target, holder, False))
                os.rename(target, holder / target.name)
            else:
                moved.append((staged, target, None, False))
            os.rename(staged, target)
            moved[-1] = (staged, target, holder, True)
    except BaseException:
        for staged, target, holder, swapped in reversed(moved):
            if swapped:
                os.rename(target, staged)
            if holder is not None:
                if (holder / target.name).exists():
                    os.rename(holder / target.name, target)
                holder.rmdir()
        raise
    for _staged, _target, holder, _swapped in moved:
        if holder is not None:
            shutil.rmtree(holder, ignore_errors=True)


def discard(staged: Path) -> None:
    shutil.rmtree(staged, ignore_errors=True)


_LEFTOVER = re.compile(r"\.(?P<name>.+)\.(?:new|old)-(?:(?P<pid>\d+)-)?[a-z0-9_]{8}")


def remove_leftovers(*targets: Path) -> list[Path]:
    """Remove the staged and old folders that builds which were killed left beside
    `targets` (they may hold the roster); those of a build still running stay."""
    removed = []
    for target in targets:
        if not target.parent.is_dir():
            continue
        for entry in target.parent.iterdir():
            match = _LEFTOVER.fullmatch(entry.name)
            if not match or match["name"] != target.name or not entry.is_dir() or entry.is_symlink():
                continue
            if match["pid"] and _running(int(match["pid"])):
                continue
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
