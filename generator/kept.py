"""Stores of what earlier builds made, kept in `.cache/` between builds.

Every entry is found under a hash of what it was made from and of the code that made it
(`code_version`), so it can never disagree with its inputs. Entries are `marshal` data
(plain dicts, lists, tuples, bytes and scalars): loading one cannot run code, unlike
pickle. Every failure to read or write a store falls back to making the entry anew.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from .atomic import write_atomically


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


# Whether this process froze a club it read: only the first read does (see `long_lived`).
_froze_a_club = False


@contextmanager
def long_lived() -> Iterator[None]:
    """What is made inside lives to the end of the build: the club's model, half a million
    objects for a 40,000-member club read from `.cache/` (millions, with every position, on
    a first build). The cyclic collector is kept from scanning them in vain while they are
    made, and then for the rest of the build (`gc.freeze`): it took a third of reading and
    a sixth of making the pages, and grew faster than the club.

    A process that reads the club again (`club serve`) gives what the first read froze
    back to the collector, and freezes no more: what a build left in cycles would stay
    frozen for the life of the server, and freeing it at every read (a full collection)
    would cost more than the freezing saves.
    """
    global _froze_a_club
    freeze = not _froze_a_club
    if _froze_a_club and gc.get_freeze_count():
        gc.unfreeze()
    with no_cyclic_collection():
        try:
            yield
        finally:
            if freeze:  # before the collector is back, whose first run would scan it all
                gc.freeze()
                _froze_a_club = True


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


class KeptValues:
    """Bytes in the file `path`, each under a hash of `version` and the inputs it was made
    from. Saving keeps only the entries this run used."""

    def __init__(self, path: Path, version: bytes) -> None:
        self.path = path
        self._version = version
        self._kept = self._load()
        self._used: dict[bytes, bytes] = {}
        self.written = 0

    def _load(self) -> dict[bytes, bytes]:
        try:
            kept = marshal.loads(self.path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        return kept if isinstance(kept, dict) else {}

    def _key(self, inputs: str | bytes) -> bytes:
        return hashlib.sha256(
            self._version + (inputs.encode() if isinstance(inputs, str) else inputs)
        ).digest()

    def count(self) -> int:
        return len(self._kept)

    def entries(self) -> dict[bytes, bytes]:
        return dict(self._used)

    def adopt(self, entries: dict[bytes, bytes]) -> None:
        self._kept.update(entries)
        self.written += len(entries)

    def get(self, inputs: str | bytes) -> bytes | None:
        """What an earlier run kept for these inputs; kept again by this run's save."""
        key = self._key(inputs)
        data = self._kept.get(key)
        if not isinstance(data, bytes):
            return None
        self._used[key] = data
        return data

    def put(self, inputs: str | bytes, data: bytes) -> None:
        self._used[self._key(inputs)] = data
        self.written += 1

    def save(self) -> None:
        if self.written == 0 and len(self._used) == len(self._kept):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, marshal.dumps(self._used))
        except OSError:
            return
