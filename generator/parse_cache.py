"""What reading a file produced, kept between builds and keyed by the file's bytes.

Keeping the position of every key and value makes parsing cost about 2 s for a
10,000-member roster; loading the parsed result back costs a fifth of that. An entry is
used only for the exact bytes it was made from, by the same code and Python, so it can
never disagree with the file. Each source file has at most one entry per kind: a new
version replaces the old, so the cache stays the size of the club's files.

Entries are `marshal` data (plain dicts, lists, tuples and scalars): loading one cannot
run code, unlike pickle. Every failure to read or write the cache falls back to reading
the file.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from .atomic import write_atomically

# Bump when what a parse produces changes in a way the reader's source does not show.
FORMAT = "1"


def code_version(*modules: ModuleType, extra: Iterable[str] = ()) -> bytes:
    """A digest of these modules' source, Python's version and `extra`: an entry made by
    other code is never used."""
    digest = hashlib.sha256(sys.version.encode())
    for text in extra:
        digest.update(text.encode())
    for module in modules:
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.digest()


@contextmanager
def no_cyclic_collection() -> Iterator[None]:
    """Records loaded from a cache are many small objects that hold no cycles: the cyclic
    garbage collector, run every few hundred new objects, would only scan them in vain
    (it cost 40% of loading a 20,000-member roster and its events)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@cache
def _reader_version() -> bytes:
    from . import yamlread

    return code_version(yamlread, extra=[FORMAT])


class FileEntries:
    """One marshal entry per source file under `folder`: `<name hash>/<key>.marshal`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, name: str, key: str) -> Path:
        # A folder per source file, so that replacing its entry looks at that file's alone.
        return self.folder / hashlib.sha256(name.encode()).hexdigest()[:16] / f"{key}.marshal"

    def get(self, name: str, key: str) -> Any:
        """The entry kept for `name` under `key`, or None."""
        try:
            return marshal.loads(self._path(name, key).read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return None

    def put(self, name: str, key: str, entry: Any) -> None:
        try:
            blob = marshal.dumps(entry)
        except ValueError:  # a value marshal cannot write: keep reading this file
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

    def put(self, name: str, key: str, data: Any, values: dict[Any, Any], keys: dict[Any, Any]) -> None:
        self.entries.put(name, key, (data, values, keys))
