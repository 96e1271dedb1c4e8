"""What reading a file produced, kept between builds and keyed by the file's bytes.

Keeping the position of every key and value makes parsing cost about 2 s for a
10,000-member roster; loading the parsed result back costs a fifth of that. An entry is
used only for the exact bytes it was made from, by the same code and Python, so it can
never disagree with the file. Each source file has at most one entry per kind: a new
version replaces the old, so the cache stays the size of the club's files.

Entries are `marshal` data (see `kept`); every failure to read or write the cache falls
back to reading the file.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .yamlread import Document

from .kept import FileEntries, code_version

# Bump when what a parse produces changes in a way the reader's source does not show.
FORMAT = "1"


@cache
def _reader_version() -> bytes:
    from . import yamlread

    return code_version(yamlread, extra=[FORMAT])


class ParseCache:
    """Each YAML file's data with the positions of its values and keys."""

    def __init__(self, folder: Path) -> None:
        self.entries = FileEntries(folder)

    def key(self, raw: bytes) -> str:
        return hashlib.sha256(_reader_version() + raw).hexdigest()

    def get(self, name: str, key: str) -> tuple[Any, dict[Any, Any], dict[Any, Any]] | None:
        """The data, value positions and key positions parsed from these bytes, if kept."""
        entry = self.entries.get(name, key)
        if not (isinstance(entry, tuple) and len(entry) == 3):
            return None
        data, values, keys = entry
        if not (isinstance(values, dict) and isinstance(keys, dict)):
            return None
        return data, values, keys

    def keep(self, document: Document, raw: bytes) -> None:
        """Keep `document`, parsed from `raw`."""
        entry = (document.data, document.value_positions, document.key_positions)
        self.entries.put(document.name, self.key(raw), entry)
