"""Read one YAML file into plain Python data, keeping where every key and value stands.

YAML is read as 1.2 (core schema) from the event stream of ruamel.yaml.clib's C parser.
Building the data from events, rather than through ruamel's round-trip loader, keeps
every position at a fraction of the cost (10,000 members: about a second instead of most
of a minute) and needs no recursion, so no nesting depth can crash it. Timestamps are
left as text so that the schema can say, in plain words, why "2026-02-30" is not a date.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.cyaml import CParser
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from generator.diagnostics import Diagnostic, Position, Severity
from generator.messages import t

MAX_FILE_BYTES = 32 * 1024 * 1024
# An alias stands for a full copy of what it names; nested aliases grow exponentially.
MAX_ALIASED_VALUES = 100_000
MAX_DEPTH = 100

Loc = tuple[str | int, ...]

_YAML = "tag:yaml.org,2002:"
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+")
_OCTAL = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INFINITY = re.compile(r"([-+]?)\.(inf|Inf|INF)")
_NAN = re.compile(r"\.(nan|NaN|NAN)")


# Every non-text value of the core schema starts with one of these: most scalars, names and
# titles, are told to be text by their first character alone, and words such as "name" or
# "title" (keys are resolved too) by a look-up, without the numbers' patterns.
_STARTS_NUMBER = frozenset("0123456789+-.")
_STARTS_WORD = frozenset("~nNtTfF")


def _resolve(text: str) -> Any:
    """A plain scalar under the YAML 1.2 core schema; anything else stays text."""
    first = text[:1]
    if first in _STARTS_WORD or not first:
        if text in _NULL:
            return None
        if text in _TRUE:
            return True
        return False if text in _FALSE else text
    if first not in _STARTS_NUMBER:
        return text
    if _INT.fullmatch(text):
        return int(text)
    if _OCTAL.fullmatch(text):
        return int(text[2:], 8)
    if _HEX.fullmatch(text):
        return int(text[2:], 16)
    if _FLOAT.fullmatch(text):
        return float(text)
    infinity = _INFINITY.fullmatch(text)
    if infinity:
        return -math.inf if infinity.group(1) == "-" else math.inf
    if _NAN.fullmatch(text):
        return math.nan
    return text


def _scalar(event: ScalarEvent) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        plain = bool(event.implicit and event.implicit[0]) and event.style in (None, "")
        return _resolve(event.value) if plain and tag is None else event.value
    if str(tag).startswith(_YAML):
        kind = str(tag)[len(_YAML) :]
        if kind in ("int", "float", "bool", "null"):
            resolved = _resolve(event.value)
            return resolved if not isinstance(resolved, str) else event.value
    # !!str, !!timestamp and tags of other tools (mkdocs.yml's !!python/name:…) are text.
    return event.value


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


class _Problem(Exception):
    def __init__(self, mark: Any, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


_MERGE = object()  # the `<<` key of a merge


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    loc: Loc
    anchor: str | None
    size: int = 1
    key: Any = None  # the pending key of a mapping, or None between entries
    key_mark: Any = None
    merges: list[Any] = field(default_factory=list)


class _Builder:
    """Plain data and positions from a stream of parser events."""

    def __init__(self) -> None:
        self.values: dict[Loc, tuple[int, int]] = {}
        self.keys: dict[Loc, tuple[int, int]] = {}
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.aliased = 0
        self.documents = 0

    def handlers(self) -> dict[type, Callable[[Any], None]]:
        """What to do with each kind of parser event, by the event's class: the parse calls
        these hundreds of thousands of times for a large roster."""
        return {
            ScalarEvent: self._scalar,
            MappingStartEvent: self._open,
            SequenceStartEvent: self._open,
            MappingEndEvent: self._close,
            SequenceEndEvent: self._close,
            AliasEvent: self._alias,
            DocumentStartEvent: self._document,
        }

    def _document(self, event: DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents > 1:
            raise _Problem(
                event.start_mark,
                t('the file holds a second YAML document (a second "---" line)'),
                t("keep one document per file"),
            )

    def _scalar(self, event: ScalarEvent) -> None:
        if event.ctag is None:  # by far the most common: untagged
            style = event.style
            plain = (style is None or style == "") and event.implicit[0]
            value = _resolve(event.value) if plain else event.value
        else:
            value = _scalar(event)
        frame = self.stack[-1] if self.stack else None
        if frame is not None and frame.key is None and type(frame.container) is dict:
            is_merge = value == "<<" and event.style in (None, "") and event.tag is None
            self._key(frame, _MERGE if is_merge else ("" if value is None else str(value)), event)
            return
        self._attach_scalar(value, event.start_mark)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)

    def _attach_scalar(self, value: Any, mark: Any) -> None:
        self._attach(value, mark, 1)

    def _key(self, frame: _Frame, key: Any, event: Any) -> None:
        if key is not _MERGE and isinstance(frame.container, dict) and key in frame.container:
            raise _Problem(
                event.start_mark,
                t('key "{key}" appears twice in the same mapping', key=key),
                t("keep only one of them"),
            )
        frame.key, frame.key_mark = key, event.start_mark

    def _attach(self, value: Any, mark: Any, size: int) -> Loc | None:
        if not self.stack:
            self.root = value
            self.values[()] = (mark.line, mark.column)
            return ()
        frame = self.stack[-1]
        frame.size += size
        if isinstance(frame.container, list):
            loc = (*frame.loc, len(frame.container))
            frame.container.append(value)
        else:
            key = frame.key
            frame.key = None
            if key is _MERGE:
                frame.merges.append((value, mark))
                return None
            loc = (*frame.loc, key)
            frame.container[key] = value
            self.keys[loc] = (frame.key_mark.line, frame.key_mark.column)
        self.values[loc] = (mark.line, mark.column)
        return loc

    def _open(self, event: Any) -> None:
        if self.stack and isinstance(self.stack[-1].container, dict) and self.stack[-1].key is None:
            raise _Problem(event.start_mark, t("a key must be plain text, not a list or mapping"))
        if len(self.stack) >= MAX_DEPTH:
            raise _TooLarge
        container: dict[str, Any] | list[Any] = {} if isinstance(event, MappingStartEvent) else []
        loc = self._attach(container, event.start_mark, 0)
        if loc is None:  # the value of a merge key; merged when its mapping closes
            loc = (*self.stack[-1].loc, "<<")
        self.stack.append(_Frame(container, loc, event.anchor))

    def _close(self, _event: Any) -> None:
        frame = self.stack.pop()
        if isinstance(frame.container, dict):
            for merged, mark in frame.merges:
                self._merge(frame.container, merged, mark)
        if self.stack:
            self.stack[-1].size += frame.size
        if frame.anchor:
            self.anchors[frame.anchor] = (frame.container, frame.size)

    @staticmethod
    def _merge(target: dict[str, Any], merged: Any, mark: Any) -> None:
        sources = merged if isinstance(merged, list) else [merged]
        for source in sources:
            if not isinstance(source, dict):
                raise _Problem(mark, t('a merge ("<<") needs a mapping or a list of mappings'))
            for key, value in source.items():
                target.setdefault(key, value)

    def _alias(self, event: AliasEvent) -> None:
        if event.anchor not in self.anchors:
            raise _Problem(
                event.start_mark, t("an alias (*name) refers to an anchor (&name) that is not defined")
            )
        value, size = self.anchors[event.anchor]
        self.aliased += size
        if self.aliased > MAX_ALIASED_VALUES:
            raise _TooLarge
        frame = self.stack[-1] if self.stack else None
        if frame is not None and isinstance(frame.container, dict) and frame.key is None:
            self._key(frame, "" if value is None else str(value), event)
            return
        self._attach(value, event.start_mark, size)


def _events(text: str) -> Iterator[Any]:
    # libyaml's parser straight from ruamel.yaml.clib: through `YAML().parse` every file
    # would also build a loader class and its resolver (0.84 ms instead of 0.51 ms for the
    # events of one of the demo club's event files).
    parser = CParser(text)
    try:
        while parser.check_event():
            yield parser.get_event()
    finally:
        parser.dispose()


def _character_at(text: str, mark: Any) -> str:
    lines = text.split("\n")
    if mark is None or mark.line >= len(lines):
        return ""
    line = lines[mark.line]
    return line[mark.column] if mark.column < len(line) else ""


def _syntax_message(error: MarkedYAMLError, first_line: int, text: str) -> tuple[str, str]:
    """Plain words for the parser's complaint (libyaml's and ruamel's wordings both)."""
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    char = _character_at(text, error.problem_mark)
    opened = error.context_mark
    where = (
        t(
            " (it opens at line {line}, column {column})",
            line=opened.line + 1 + first_line,
            column=opened.column + 1,
        )
        if opened
        else ""
    )
    at_end = error.problem_mark is not None and not text[error.problem_mark.index :].strip()
    if char == "\t" or "tab" in problem:
        return (t("a tab character is used for indentation"), t("YAML needs spaces; replace the tab"))
    if "mapping values are not allowed" in problem:
        return (
            t('a ":" where YAML does not expect one'),
            t('put text that contains ": " in quotes, or check the indentation above'),
        )
    if "could not find expected ':'" in problem:
        return (t('a line is missing the ":" after its key'), t("write it as `key: value`"))
    for closing, opening in (("]", "["), ("}", "{")):
        if f"'{closing}'" in problem:
            if at_end:
                return (
                    t('a "{opening}" is never closed{where}', opening=opening, where=where),
                    t('close it with "{closing}"', closing=closing),
                )
            return (
                t(
                    'the items between "{opening}" and "{closing}" must be separated by commas{where}',
                    opening=opening,
                    closing=closing,
                    where=where,
                ),
                t('put text that contains "," or ": " in quotes'),
            )
    if "unexpected end of stream" in problem and "quoted" in context:
        return (
            t("a quotation mark is never closed{where}", where=where),
            t("close the quoted text on the line it starts"),
        )
    if "cannot start any token" in problem:
        return (t('text cannot start with "{char}"', char=char or "?"), t("put the whole value in quotes"))
    if "expected <block end>" in problem or "did not find expected" in problem:
        return (
            t("the indentation does not line up with the lines above"),
            t("indent items of the same list or mapping by the same number of spaces"),
        )
    if "unacceptable character" in problem or "control characters are not allowed" in problem:
        return (t("the file contains a control character that YAML does not allow"), "")
    # The parser's own words (English) when none of the above says it plainly.
    words = problem or context or t("the file is not valid YAML")
    return (t("not valid YAML: {words}", words=words), "")


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
            t("the file is not UTF-8 text"),
            t("save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)"),
        )


def parse(text: str, name: str, first_line: int = 0) -> tuple[Document | None, Diagnostic | None]:
    """Parse YAML text; on failure, one diagnostic saying where and why.

    `first_line` is how many lines of the file come before `text` (front matter's "---").
    """
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1 + first_line
        return None, _problem(name, line, 1, t("the file contains a NUL byte; it is not a text file"))
    builder = _Builder()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            handlers = builder.handlers()
            for event in _events(text):
                handler = handlers.get(type(event))
                if handler is not None:
                    handler(event)
    except _Problem as exc:
        line, col = exc.mark.line + 1 + first_line, exc.mark.column + 1
        return None, _problem(name, line, col, exc.message, exc.hint)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message, hint = _syntax_message(exc, first_line, text)
        return None, _problem(name, line + first_line, col, message, hint)
    except _TooLarge:
        if len(builder.stack) >= MAX_DEPTH:
            return None, _problem(
                name, 1, 1, t("the file is nested more than {depth} levels deep", depth=MAX_DEPTH)
            )
        return None, _problem(
            name,
            1,
            1,
            t("the file's aliases (*name) expand to too many values"),
            t("aliases copy what they refer to; use fewer of them"),
        )
    except (YAMLError, ValueError, TypeError) as exc:
        return None, _problem(name, 1 + first_line, 1, t("not valid YAML: {words}", words=str(exc)))
    values, keys = builder.values, builder.keys
    if first_line:
        values = {loc: (line + first_line, col) for loc, (line, col) in values.items()}
        keys = {loc: (line + first_line, col) for loc, (line, col) in keys.items()}
    return Document(name, builder.root, values, keys), None


def read_bytes(path: Path, name: str, root: Path | None = None) -> tuple[bytes | None, Diagnostic | None]:
    """The file's bytes, unless it cannot be read, is over the size limit, or is a link to
    a place outside the folder `root` (whose contents are not read, so never quoted)."""
    if root is not None and not path.resolve().is_relative_to(root.resolve()):
        return None, _problem(
            name,
            1,
            1,
            t("the file is a link to a place outside the club's folder, so it is not read"),
            t("put the file itself in the club's folder instead of a link"),
        )
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, _problem(
                name,
                1,
                1,
                t(
                    "the file is {size:.0f} MiB; the limit is {limit} MiB",
                    size=size / 2**20,
                    limit=MAX_FILE_BYTES // 2**20,
                ),
                t("split it into smaller files"),
            )
        return path.read_bytes(), None
    except OSError as exc:
        return None, _problem(
            name, 1, 1, t("cannot read the file: {reason}", reason=exc.strerror or str(exc))
        )


def parse_bytes(raw: bytes, name: str) -> tuple[Document | None, Diagnostic | None]:
    """Decode and parse a file's bytes."""
    text, problem = decode(raw, name)
    if text is None:
        return None, problem
    return parse(text, name)


def read(path: Path, name: str, root: Path | None = None) -> tuple[Document | None, Diagnostic | None]:
    """Read and parse one YAML file from disk (see `read_bytes`)."""
    raw, problem = read_bytes(path, name, root)
    if raw is None:
        return None, problem
    return parse_bytes(raw, name)
