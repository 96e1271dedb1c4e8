"""Calendar components written by an earlier build, keyed by what they were made from.

The `icalendar` library needs about half a millisecond to build and write one VEVENT, so a
10,000-member birthday calendar costs seconds on every build although members rarely
change. Each component is kept under a hash of its inputs, of the library's version and
of the code that writes it; a build writes again only the components whose inputs
changed. The whole store is one file, rewritten with just this build's components when
any of them was new, so members who left do not linger in it.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from collections.abc import Callable
from functools import cache
from importlib import metadata
from pathlib import Path

from .atomic import write_atomically


@cache
def _code_version(source_file: str) -> bytes:
    source = Path(source_file).read_bytes()
    return hashlib.sha256(sys.version.encode() + metadata.version("icalendar").encode() + source).digest()


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


class ComponentCache(KeptValues):
    """Serialized components in the file `path`, made by the code in `source_file`."""

    def __init__(self, path: Path, source_file: str) -> None:
        super().__init__(path, _code_version(source_file))

    def component(self, inputs: str, write: Callable[[], bytes]) -> bytes:
        """The bytes `write()` gives for these inputs, from an earlier build if one wrote them."""
        data = self.get(inputs)
        if data is None:
            data = write()
            self.put(inputs, data)
        return data
