"""Parsed YAML files kept between builds, keyed by their bytes.

Keeping the position of every key and value makes parsing cost about 2 s for a
10,000-member roster; loading the parsed result back costs a fifth of that. An entry is
used only for the exact bytes it was parsed from, by the same reader code and Python, so
it can never disagree with the file. Each source file has at most one entry: a new
version replaces the old, so the cache stays the size of the club's YAML.

Entries are `marshal` data (plain dicts, lists, tuples and scalars): loading one cannot
run code, unlike pickle. Every failure to read or write the cache falls back to parsing.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from functools import cache
from pathlib import Path
from typing import Any

from .atomic import write_atomically

# Bump when what a parse produces changes in a way the reader's source does not show.
FORMAT = "1"


@cache
def _reader_version() -> bytes:
    # The reader's own source: changing how YAML is read invalidates every entry.
    from . import yamlread

    source = Path(yamlread.__file__).read_bytes()
    return hashlib.sha256(FORMAT.encode() + sys.version.encode() + source).digest()


class ParseCache:
    """Entries under `folder`: `<file's name hash>/<content hash>.marshal`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @staticmethod
    def _name_part(name: str) -> str:
        return hashlib.sha256(name.encode()).hexdigest()[:16]

    def key(self, raw: bytes) -> str:
        return hashlib.sha256(_reader_version() + raw).hexdigest()

    def _path(self, name: str, key: str) -> Path:
        # A folder per source file, so that replacing its entry looks at that file's alone.
        return self.folder / self._name_part(name) / f"{key}.marshal"

    def get(self, name: str, key: str) -> tuple[Any, dict[Any, Any], dict[Any, Any]] | None:
        """The data, value positions and key positions parsed from these bytes, if kept."""
        try:
            entry = marshal.loads(self._path(name, key).read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return None
        if not (isinstance(entry, tuple) and len(entry) == 3):
            return None
        data, values, keys = entry
        if not (isinstance(values, dict) and isinstance(keys, dict)):
            return None
        return data, values, keys

    def put(self, name: str, key: str, data: Any, values: dict[Any, Any], keys: dict[Any, Any]) -> None:
        try:
            blob = marshal.dumps((data, values, keys))
        except ValueError:  # a value marshal cannot write: keep parsing this file
            return
        target = self._path(name, key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            for older in target.parent.glob("*.marshal"):
                if older != target:
                    older.unlink(missing_ok=True)
            write_atomically(target, blob)
        except OSError:
            return
