"""Problems found in the club's files, each tied to a file, line and column."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from generator.messages import Message, shown, t


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


_SEVERITY = {
    "en": {Severity.ERROR: "error", Severity.WARNING: "warning"},
    "zh": {Severity.ERROR: "错误", Severity.WARNING: "警告"},
}
_THEN = {"en": "; ", "zh": "；"}
_SAYS = {"en": ": ", "zh": "："}


@dataclass(frozen=True)
class Diagnostic:
    position: Position
    severity: Severity
    message: str  # a `messages.Message`, shown in the club's language
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def said(self, language: str = "en") -> tuple[str, str]:
        """The message and the hint in `language`, each one line: they quote what the
        editor wrote, which may hold line breaks or control characters."""
        return _one_line(shown(self.message, language)), _one_line(shown(self.hint, language))

    def text(self, language: str = "en") -> str:
        message, hint = self.said(language)
        tail = f"{_THEN[language]}{hint}" if hint else ""
        return f"{self.position}: {_SEVERITY[language][self.severity]}{_SAYS[language]}{message}{tail}"

    def github(self, language: str = "en") -> str:
        # GitHub Actions workflow commands: ',' ':' and newlines must be percent-encoded.
        def encode(value: str, in_property: bool = False) -> str:
            value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            if in_property:
                value = value.replace(":", "%3A").replace(",", "%2C")
            return value

        pos = self.position
        props = f"file={encode(pos.file, True)},line={pos.line},col={pos.col}"
        message, hint = self.said(language)
        tail = f"{_THEN[language]}{hint}" if hint else ""
        return f"::{self.severity} {props}::{encode(message + tail)}"


def _one_line(text: str) -> str:
    if not any(ord(c) < 32 or c in "\u2028\u2029\x7f" for c in text):
        return text
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


def did_you_mean(word: str, choices: Iterable[str]) -> Message | str:
    """A hint naming the nearest known word (a message), or an empty string when none is near."""
    options = list(choices)
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        lowered = {o.lower(): o for o in options}
        close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
        close = [lowered[c] for c in close]
    return t('did you mean "{word}"?', word=close[0]) if close else ""


def no_such_event(written: str, starting: list[str], slugs: Iterable[str]) -> Message:
    """`club agenda`/`club invites`' message for an event name that names none, or several
    (without the "club: " that `messages.say` puts before it)."""
    if starting:
        listed = ", ".join(f'"{slug}"' for slug in starting[:5]) + (", …" if len(starting) > 5 else "")
        return t(
            '"{written}" starts {count} events\' slugs ({slugs}); write more of one',
            written=written,
            count=len(starting),
            slugs=listed,
        )
    hint = did_you_mean(written, list(slugs)) or t(
        "write its slug, the start of its slug, or its file's name"
    )
    return t('there is no event "{written}"; {hint}', written=written, hint=hint)
