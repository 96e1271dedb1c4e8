"""The output modules a build runs. Adding an output adds a line here, nothing else."""

from __future__ import annotations

from datetime import date

from .outputs import Exporter
from .pages import Pages


def site_outputs(today: date) -> list[Exporter]:
    """Everything under site/: Markdown pages MkDocs renders, other files copied as they are."""
    return [Pages(today)]


def private_outputs(today: date) -> list[Exporter]:
    """The planners' pack, written into private/."""
    return []
