"""Calendar components written by an earlier build, keyed by what they were made from.

The `icalendar` library needs about half a millisecond to build and write one VEVENT, so a
10,000-member birthday calendar costs seconds on every build although members rarely
change. Each component is kept under a hash of its inputs, of the library's version and
of the code that writes it; a build writes again only the components whose inputs
changed. The whole store is one file, rewritten with just this build's components when
any of them was new, so members who left do not linger in it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import metadata
from pathlib import Path

from .kept import KeptValues, code_version


@cache
def _code_version(source_file: str) -> bytes:
    return code_version(extra=[metadata.version("icalendar"), Path(source_file).read_text(encoding="utf-8")])


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
