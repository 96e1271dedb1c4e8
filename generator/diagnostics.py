"""Problems found in the club's files, each tied to a file, line and column."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Position:
    """Where a value stands: 1-based line and column, file relative to the club's root."""

    file: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    position: Position
    severity: Severity
    message: str
    hint: str = ""

    def __post_init__(self) -> None:
        # Messages quote what the editor wrote; a quoted value may hold line breaks or
        # control characters, and one problem must stay one line.
        for name in ("message", "hint"):
            value = getattr(self, name)
            if any(ord(c) < 32 or c in "\u2028\u2029\x7f" for c in value):
                object.__setattr__(self, name, _one_line(value))

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def text(self) -> str:
        tail = f"; {self.hint}" if self.hint else ""
        return f"{self.position}: {self.severity}: {self.message}{tail}"

    def github(self) -> str:
        # GitHub Actions workflow commands: ',' ':' and newlines must be percent-encoded.
        def encode(value: str, in_property: bool = False) -> str:
            value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            if in_property:
                value = value.replace(":", "%3A").replace(",", "%2C")
            return value

        pos = self.position
        props = f"file={encode(pos.file, True)},line={pos.line},col={pos.col}"
        tail = f"; {self.hint}" if self.hint else ""
        return f"::{self.severity} {props}::{encode(self.message + tail)}"


def _one_line(text: str) -> str:
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return "".join(
        named.get(c, f"\\x{ord(c):02x}" if ord(c) < 32 or c == "\x7f" else f"\\u{ord(c):04x}")
        if ord(c) < 32 or c in "\u2028\u2029\x7f"
        else c
        for c in text
    )


class Report:
    """Collects diagnostics from every stage of one run."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def error(self, position: Position, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic(position, Severity.ERROR, message, hint))

    def warning(self, position: Position, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic(position, Severity.WARNING, message, hint))

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if not d.is_error]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.position, d.severity != Severity.ERROR))

    def failed(self, strict: bool = False) -> bool:
        return any(d.is_error or strict for d in self.items)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the nearest known word, or an empty string when none is near."""
    options = list(choices)
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        lowered = {o.lower(): o for o in options}
        close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
        close = [lowered[c] for c in close]
    return f'did you mean "{close[0]}"?' if close else ""


def no_such_event(written: str, starting: list[str], slugs: Iterable[str]) -> str:
    """`club agenda`/`club invites`' one line for an event name that names none, or several."""
    if starting:
        shown = ", ".join(f'"{slug}"' for slug in starting[:5]) + (", …" if len(starting) > 5 else "")
        return f'club: "{written}" starts {len(starting)} events\' slugs ({shown}); write more of one'
    hint = did_you_mean(written, list(slugs))
    return f'club: there is no event "{written}"; ' + (
        hint or "write its slug, the start of its slug, or its file's name"
    )
