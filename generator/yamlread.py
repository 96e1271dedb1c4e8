"""Read one YAML file into plain Python data, keeping where every key and value stands.

YAML is read as 1.2 (ruamel.yaml round-trip). Timestamps are left as text so that the
schema can say, in plain words, why "2026-02-30" is not a date instead of the loader
failing without a position.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .diagnostics import Diagnostic, Position, Severity

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_VALUES = 5_000_000
# An alias expands to a full copy of what it names; nested aliases grow exponentially.
MAX_ALIASED_VALUES = 100_000
MAX_DEPTH = 100

Loc = tuple[str | int, ...]


class _TextTimestamps(RoundTripConstructor):
    """Round-trip constructor that leaves dates and datetimes as the text the editor wrote."""


def _timestamp_as_text(constructor: RoundTripConstructor, node: Any) -> str:
    return str(node.value)


_TextTimestamps.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def _loader() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _TextTimestamps
    yaml.version = (1, 2)
    return yaml


@dataclass
class Document:
    """A YAML file as plain data, with the position of every key and value in it."""

    name: str
    data: Any
    value_positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def at(self, loc: Loc) -> Position:
        """Where the value at `loc` stands, or its nearest enclosing value."""
        return self._nearest(loc, self.value_positions)

    def key_at(self, loc: Loc) -> Position:
        """Where the key of `loc` stands (for unknown or misspelt keys)."""
        if loc in self.key_positions:
            line, col = self.key_positions[loc]
            return Position(self.name, line + 1, col + 1)
        return self.at(loc)

    def _nearest(self, loc: Loc, table: dict[Loc, tuple[int, int]]) -> Position:
        probe = tuple(loc)
        while probe not in table and probe:
            probe = probe[:-1]
        line, col = table.get(probe, (0, 0))
        return Position(self.name, line + 1, col + 1)


class _TooLarge(Exception):
    pass


class _Walker:
    def __init__(self) -> None:
        self.values: dict[Loc, tuple[int, int]] = {}
        self.keys: dict[Loc, tuple[int, int]] = {}
        self.count = 0
        self.aliased = 0
        self.seen: set[int] = set()

    def plain(self, node: Any, loc: Loc, depth: int = 0, copy: bool = False) -> Any:
        self.count += 1
        if isinstance(node, CommentedMap | CommentedSeq):
            copy = copy or id(node) in self.seen
            self.seen.add(id(node))
        if copy:
            self.aliased += 1
        if self.count > MAX_VALUES or self.aliased > MAX_ALIASED_VALUES or depth > MAX_DEPTH:
            raise _TooLarge
        if isinstance(node, CommentedMap):
            out: dict[str, Any] = {}
            for key, value in node.items():
                name = "" if key is None else str(key)
                child = (*loc, name)
                # Keys merged in with `<<: *anchor` have no position of their own.
                if key in node.lc.data:
                    self._mark(self.keys, child, node.lc.key(key))
                    self._mark(self.values, child, node.lc.value(key))
                out[name] = self.plain(value, child, depth + 1, copy)
            return out
        if isinstance(node, CommentedSeq):
            items = []
            for index, value in enumerate(node):
                child = (*loc, index)
                if index in node.lc.data:
                    self._mark(self.values, child, node.lc.item(index))
                items.append(self.plain(value, child, depth + 1, copy))
            return items
        if isinstance(node, TaggedScalar):
            return str(node.value)
        if isinstance(node, Mapping):
            return {str(k): self.plain(v, (*loc, str(k)), depth + 1) for k, v in node.items()}
        if isinstance(node, Sequence) and not isinstance(node, str):
            return [self.plain(v, (*loc, i), depth + 1) for i, v in enumerate(node)]
        if isinstance(node, bool) or node is None:
            return node
        if isinstance(node, int):
            return int(node)
        if isinstance(node, float):
            return float(node)
        return str(node)

    @staticmethod
    def _mark(table: dict[Loc, tuple[int, int]], loc: Loc, where: Any) -> None:
        if where is not None and loc not in table:
            table[loc] = (int(where[0]), int(where[1]))


def _syntax_message(error: MarkedYAMLError, first_line: int) -> tuple[str, str]:
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    if "'\\t'" in problem or "\t" in problem:
        return ("a tab character is used for indentation", "YAML needs spaces; replace the tab")
    if isinstance(error, DuplicateKeyError) or "duplicate key" in problem:
        key = problem.split('"')[1] if '"' in problem else ""
        return (f'key "{key}" appears twice in the same mapping', "keep only one of them")
    if "mapping values are not allowed" in problem:
        return (
            'a ":" where YAML does not expect one',
            'put text that contains ": " in quotes, or check the indentation above',
        )
    if "could not find expected ':'" in problem:
        return ('a line is missing the ":" after its key', "write it as `key: value`")
    if "found undefined alias" in problem:
        return ("an alias (*name) refers to an anchor (&name) that is not defined", "")
    if "expected <block end>" in problem or "did not find expected" in problem:
        return (
            "the indentation does not line up with the lines above",
            "indent items of the same list or mapping by the same number of spaces",
        )
    opened = error.context_mark
    where = (
        f" (it opens at line {opened.line + 1 + first_line}, column {opened.column + 1})" if opened else ""
    )
    if "but got '<stream end>'" in problem and ("']'" in problem or "'}'" in problem):
        bracket = "[" if "']'" in problem else "{"
        return (f'a "{bracket}" is never closed{where}', f'close it with "{"]" if bracket == "[" else "}"}"')
    if "unexpected end of stream" in problem and "quoted" in context:
        return (f"a quotation mark is never closed{where}", "close the quoted text on the line it starts")
    if "cannot start any token" in problem:
        char = problem.split("'")[1] if "'" in problem else "?"
        return (f'text cannot start with "{char}"', "put the whole value in quotes")
    if "unacceptable character" in problem or "special characters are not allowed" in problem:
        return ("the file contains a control character that YAML does not allow", "")
    words = problem or context or "the file is not valid YAML"
    return (f"not valid YAML: {words}", "")


def _problem(name: str, line: int, col: int, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(Position(name, line, col), Severity.ERROR, message, hint)


def decode(raw: bytes, name: str) -> tuple[str | None, Diagnostic | None]:
    """UTF-8 text of a file (a BOM is allowed), or a diagnostic naming the first bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, _problem(
            name,
            line,
            col,
            "the file is not UTF-8 text",
            "save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
        )


def parse(text: str, name: str, first_line: int = 0) -> tuple[Document | None, Diagnostic | None]:
    """Parse YAML text; on failure, one diagnostic saying where and why.

    `first_line` is how many lines of the file come before `text` (front matter's "---").
    """
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, _problem(name, line, 1, "the file contains a NUL byte; it is not a text file")
    try:
        with warnings.catch_warnings():
            # ruamel warns (rather than fails) on a reused anchor, which YAML 1.2 allows.
            warnings.simplefilter("ignore")
            tree = _loader().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        line += first_line
        message, hint = _syntax_message(exc, first_line)
        return None, _problem(name, line, col, message, hint)
    except RecursionError:
        return None, _problem(name, 1, 1, f"the file is nested more than {MAX_DEPTH} levels deep")
    except (YAMLError, ValueError, TypeError) as exc:
        return None, _problem(name, 1, 1, f"not valid YAML: {exc}")
    walker = _Walker()
    try:
        data = walker.plain(tree, ())
    except (_TooLarge, RecursionError):
        return None, _problem(
            name,
            1,
            1,
            "the file's aliases (*name) expand to too many values, or it nests too deeply",
            "aliases copy what they refer to; use fewer of them",
        )
    if isinstance(tree, CommentedMap | CommentedSeq):
        walker.values.setdefault((), (tree.lc.line, tree.lc.col))
    if first_line:
        for table in (walker.values, walker.keys):
            for loc, (line, col) in table.items():
                table[loc] = (line + first_line, col)
    return Document(name, data, walker.values, walker.keys), None


def read(path: Path, name: str) -> tuple[Document | None, Diagnostic | None]:
    """Read and parse one YAML file from disk."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, _problem(
                name,
                1,
                1,
                f"the file is {size / 2**20:.0f} MiB; the limit is {MAX_FILE_BYTES // 2**20} MiB",
                "split it into smaller files",
            )
        raw = path.read_bytes()
    except OSError as exc:
        return None, _problem(name, 1, 1, f"cannot read the file: {exc.strerror or exc}")
    text, problem = decode(raw, name)
    if text is None:
        return None, problem
    return parse(text, name)
