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


class ComponentCache:
    """Serialized components in the file `path`, made by the code in `source_file`."""

    def __init__(self, path: Path, source_file: str) -> None:
        self.path = path
        self._version = _code_version(source_file)
        self._kept = self._load()
        self._used: dict[bytes, bytes] = {}
        self.written = 0

    def _load(self) -> dict[bytes, bytes]:
        try:
            kept = marshal.loads(self.path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        return kept if isinstance(kept, dict) else {}

    def component(self, inputs: str, write: Callable[[], bytes]) -> bytes:
        """The bytes `write()` gives for these inputs, from an earlier build if one wrote them."""
        key = hashlib.sha256(self._version + inputs.encode()).digest()
        data = self._kept.get(key)
        if not isinstance(data, bytes):
            data = write()
            self.written += 1
        self._used[key] = data
        return data

    def save(self) -> None:
        if self.written == 0 and len(self._used) == len(self._kept):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, marshal.dumps(self._used))
        except OSError:
            return
