"""What each YAML file parsed to, kept in `.cache/parsed-yaml` from one run to the next.

Parsing with every position costs about two seconds of each `club check`, `club build` and
`club serve` rebuild on a club of 10,000 members and 1,000 events; loading what the same
bytes parsed to last time costs under half of that (README → Performance). An entry is
named by a hash of the file's bytes and of the parser's own code, so that an edited file,
or a parser changed by an upgrade, is simply not found and is parsed again. The entries
live in one file: creating a thousand small files took longer than parsing them.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from pathlib import Path

import ruamel.yaml

from generator.atomic import write_atomically
from generator.diagnostics import Diagnostic
from generator.reading import yamlread
from generator.reading.yamlread import Document, parse_bytes

FILE = "parsed-yaml"


def _parser_identity() -> bytes:
    """What a parse depends on besides the file: our reader's code, ruamel.yaml's parser and
    the Python that runs them."""
    try:
        code = Path(yamlread.__file__).read_bytes()
    except OSError:
        code = yamlread.__file__.encode()
    return b"\0".join((code, ruamel.yaml.__version__.encode(), sys.version.encode()))


class ParsedStore:
    """Parses through the store kept in the file `path`. A store reached through a link is
    neither read nor written, and one that cannot be written is only slower next time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.usable = not any(p.is_symlink() for p in (path, path.parent))
        self._salt = hashlib.blake2b(_parser_identity(), digest_size=16).digest()
        self._stored: dict[str, bytes] | None = None
        self._used: dict[str, bytes] = {}

    def _entries(self) -> dict[str, bytes]:
        if self._stored is None:
            self._stored = {}
            try:
                loaded = marshal.loads(self.path.read_bytes()) if self.usable else {}
            except (OSError, ValueError, EOFError, TypeError):
                loaded = {}
            if isinstance(loaded, dict):
                self._stored = loaded
        return self._stored

    def parse(self, raw: bytes, name: str) -> tuple[Document | None, Diagnostic | None]:
        key = hashlib.blake2b(raw, digest_size=20, key=self._salt).hexdigest()
        entry = self._entries().get(key)
        if isinstance(entry, bytes):
            try:
                data, values, keys = marshal.loads(entry)
                if isinstance(values, dict) and isinstance(keys, dict):
                    self._used[key] = entry
                    return Document(name, data, values, keys), None
            except (ValueError, EOFError, TypeError):
                pass  # a damaged entry: parsed again
        document, problem = parse_bytes(raw, name)
        if document is not None:
            stored = (document.data, document.value_positions, document.key_positions)
            self._used[key] = marshal.dumps(stored)
        return document, problem

    def save(self) -> None:
        """Keep what this run parsed, and only that: entries of files since edited or
        removed go."""
        if not self.usable or self._used.keys() == self._entries().keys():
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, marshal.dumps(self._used))
        except (OSError, ValueError):
            pass  # a read-only checkout reads correctly, only slower next time
