"""The list of output modules a build runs. Adding an output adds a line here, nothing else."""

from __future__ import annotations

from datetime import date

from .outputs import Exporter
from .pages import Pages


def site_pages(today: date) -> Exporter:
    """Markdown pages MkDocs renders."""
    return Pages(today)


def site_files(today: date) -> list[Exporter]:
    """Files copied into site/ as they are (calendars, PDFs)."""
    return []


def private_files(today: date) -> list[Exporter]:
    """The planners' pack, written into private/."""
    return []
