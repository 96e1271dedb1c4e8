"""`club build`: check, then MkDocs with the plugin into fresh folders swapped in at the end."""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TextIO

from generator.checking.session import Checked
from generator.messages import Message, t
from generator.writing.outputs import NotMadeByABuild, discard, remove_leftovers, staging_dir, swap_in


class BuildFailed(Exception):
    pass


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is at the time (it is replaced under test capture)."""

    def __init__(self) -> None:
        super().__init__()
        # During `club build` MkDocs' errors are collected and reported once, at the end.
        self.errors: list[str] | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.errors is not None and record.levelno >= logging.ERROR:
            self.errors.append(record.getMessage())
            return
        super().emit(record)

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


def quiet_mkdocs(verbose: bool) -> StderrHandler:
    logger = logging.getLogger("mkdocs")
    handler = next((h for h in logger.handlers if isinstance(h, StderrHandler)), None)
    if handler is None:
        handler = StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False
    return handler


def build_site(checked: Checked, verbose: bool = False) -> tuple[Path, Path]:
    """Build site/ and private/; on any failure both stay exactly as they were."""
    root = checked.root
    settings = checked.club.settings
    site_target = (root / settings.site_dir).resolve()
    private_target = (root / settings.private_dir).resolve()
    with _one_build_at_a_time(root):
        remove_leftovers(site_target, private_target)
        try:
            _build_and_swap(checked, site_target, private_target, verbose)
        except OSError as exc:
            raise BuildFailed(_os_error(exc, root)) from None
        except NotMadeByABuild as exc:
            raise BuildFailed(exc.args[0]) from None
    return site_target, private_target


def _build_and_swap(checked: Checked, site_target: Path, private_target: Path, verbose: bool) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    handler = quiet_mkdocs(verbose)
    handler.errors = []
    root = checked.root
    site_stage = staging_dir(site_target)
    private_stage = staging_dir(private_target)
    try:
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site_stage))
        plugin = config.plugins["club"]
        plugin.preloaded = checked  # type: ignore[attr-defined]
        plugin.private_target = private_stage  # type: ignore[attr-defined]
        plugin.today = checked.today  # type: ignore[attr-defined]
        # As `mkdocs build` does: plugins such as the RSS feed set themselves up at startup.
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
            # MkDocs keeps plugin instances between loads of one config in a process: a later
            # `mkdocs build` must not write into this build's staged folder.
            plugin.preloaded = plugin.private_target = plugin.today = None  # type: ignore[attr-defined]
        swap_in((site_stage, site_target), (private_stage, private_target))
    except MkDocsException as exc:
        raise BuildFailed("\n".join(handler.errors) or str(exc)) from None
    finally:
        handler.errors = None
        discard(site_stage)
        discard(private_stage)


@contextmanager
def _one_build_at_a_time(root: Path) -> Iterator[None]:
    """Hold the club's build lock: two builds at once would swap each other's folders."""
    descriptor = os.open(root, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildFailed(t("another club build is running in this folder; wait for it to end")) from None
        yield
    finally:
        os.close(descriptor)


def _os_error(exc: OSError, root: Path) -> Message | str:
    """What the system refused, in one line, naming the club's folder rather than a staged one."""
    reason: Message | str = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        reason = t("the disk is full")
    name = str(exc.filename or "")
    shown = name
    if name:
        path = Path(name)
        with suppress(ValueError):
            shown = path.resolve().relative_to(root.resolve()).as_posix()
        shown = re.sub(r"^\.(.+?)\.(?:new|old)-[^/]*", r"\1", shown)
    return t("{reason}: {path}", reason=reason, path=shown) if shown else reason
