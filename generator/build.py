"""`club build`: check, then MkDocs with the plugin into fresh folders swapped in at the end."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TextIO

from .outputs import discard, staging_dir, swap_in
from .session import Checked


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


def _quiet_mkdocs(verbose: bool) -> StderrHandler:
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
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    handler = _quiet_mkdocs(verbose)
    handler.errors = []
    root = checked.root
    settings = checked.club.settings
    site_target = (root / settings.site_dir).resolve()
    private_target = (root / settings.private_dir).resolve()
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
    except MkDocsException as exc:
        discard(site_stage)
        discard(private_stage)
        raise BuildFailed("\n".join(handler.errors) or str(exc)) from None
    except BaseException:
        discard(site_stage)
        discard(private_stage)
        raise
    finally:
        handler.errors = None
    swap_in(site_stage, site_target)
    swap_in(private_stage, private_target)
    return site_target, private_target
