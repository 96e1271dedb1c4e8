"""What every output module produces, and the writer that puts outputs on disk.

An output module is an exporter: it says whether it is public (goes under site/) or
private (the planners' pack), and yields `Output`s. The writer refuses to write the same
path twice, and directory writes go to a fresh folder swapped in only at the end.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Protocol

from .alongside import NEEDED_SOON, AlongsideFailed, InTurn
from .folders import made_by_a_build, mark
from .model import Club


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

    @property
    def printed_at(self) -> datetime:
        """The time printed sheets name (and their PDFs' dates): `built_at`, i.e.
        SOURCE_DATE_EPOCH when set, else the commit's time (the build's outside git), never
        the wall clock of a build in git, so two builds of one commit print the same bytes."""
        return self.built_at

    @classmethod
    def for_root(cls, root: Path) -> BuildInfo:
        commit, stamp = _git_head(root)
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch and epoch.isdigit():
            stamp = datetime.fromtimestamp(int(epoch), UTC)
        return cls(root, stamp or datetime.now(UTC).replace(microsecond=0), commit, root / ".cache")


def _git_head(root: Path) -> tuple[str, datetime | None]:
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%h %ct"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return "", None
    if len(out) != 2:
        return "", None
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    ).stdout.strip()
    commit = out[0] + ("+" if dirty else "")
    return commit, datetime.fromtimestamp(int(out[1]), UTC)


class Exporter(Protocol):
    name: str
    public: bool
    # Optional `alongside = True`: an exporter whose outputs depend on the club alone and
    # that logs nothing, so a forked process may make them (see `alongside`): a site
    # exporter's while MkDocs starts and renders (it then has `paths(club)`, the paths of
    # its outputs before they are made: see `MadeMeanwhile`), a private one's while MkDocs
    # renders. Optional `prepare(club, build)`: what must run
    # in the build's own process first, such as its warnings.

    def outputs(self, club: Club, build: BuildInfo) -> Iterable[Output]: ...


def made_meanwhile(exporter: Exporter) -> bool:
    """Whether the site's `exporter` is made in another process (its files MkDocs copies as
    they are, their paths said before they are made)."""
    return bool(getattr(exporter, "alongside", False))


class MadeMeanwhile:
    """The outputs of exporters that `made_meanwhile`, made one after the other in another
    process from now on (while MkDocs starts and renders), collected with
    `outputs_of(name)` or `wait()`. MkDocs needs only their paths at first, to check links
    to them; it needs a page's contents when it renders the page's Markdown, and other
    files' when it copies them, after rendering every page's Markdown."""

    def __init__(self, chosen: Sequence[Exporter], club: Club, build: BuildInfo) -> None:
        self.paths = {exporter.name: list(exporter.paths(club)) for exporter in chosen}  # type: ignore[attr-defined]
        self._names = [exporter.name for exporter in chosen]
        self._made: dict[str, list[Output]] = {}
        for exporter in chosen:
            if prepare := getattr(exporter, "prepare", None):
                prepare(club, build)
        # One process for them all, in turn (the pages first, which MkDocs needs first):
        # the planners' pack is written in another at the same time.
        self._apart = InTurn([partial(_listed, exporter, club, build) for exporter in chosen], NEEDED_SOON)

    def outputs_of(self, name: str) -> list[Output]:
        """What exporter `name` made, once it is done (AlongsideFailed if it, or one made
        before it, failed, or if it made other paths than it said)."""
        if name not in self._made:
            try:
                outputs = self._apart.wait(self._names.index(name))
            except AlongsideFailed as exc:
                failed = self._names[self._apart.done]
                raise AlongsideFailed(f"making the {failed} failed: {exc}") from None
            if [o.path for o in outputs] != self.paths[name]:
                raise AlongsideFailed(f"making the {name} failed: it made other files than it said")
            self._made[name] = outputs
        return self._made[name]

    def wait(self) -> Iterator[tuple[str, list[Output]]]:
        """Each exporter's name and outputs, as `outputs_of` gives them."""
        for name in self._names:
            yield name, self.outputs_of(name)

    def cancel(self) -> None:
        self._apart.cancel()


def _listed(exporter: Exporter, club: Club, build: BuildInfo) -> list[Output]:
    return list(exporter.outputs(club, build))


class DuplicateOutput(Exception):
    pass


def write_outputs(target: Path, outputs: Iterable[Output]) -> list[str]:
    """Write outputs below `target`; returns the paths written."""
    written: set[str] = set()
    for output in outputs:
        if output.path in written:
            raise DuplicateOutput(f"two outputs want to write {output.path}")
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
            raise NotMadeByABuild(f"{target.name}/ holds files that club build did not write")
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
