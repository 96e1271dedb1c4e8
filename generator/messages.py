"""What the tool says to a club's editors, in the club's language.

A message is written in English in the code, `t("the file {name} …", name=…)`, and is
English text wherever it is used as a string. Where it is shown to someone, it is put
into their language: the club's (`theme.language`), unless `--lang` or the environment's
`CLUB_LANG` says otherwise. The other languages live in gettext catalogs,
`generator/locale/LANG/LC_MESSAGES/club.po`, kept with Babel's tools: `make messages`
extracts every `t(...)` into `club.pot`, updates the catalogs and compiles them.
"""

from __future__ import annotations

import gettext
import os
import sys
from functools import cache
from pathlib import Path

LOCALE = Path(__file__).resolve().parent / "locale"
DOMAIN = "club"
ENVIRONMENT = "CLUB_LANG"


class Message(str):
    """English text that knows how it was made, so that it can be made in another language."""

    msgid: str
    fields: dict[str, object]

    def __new__(cls, msgid: str, fields: dict[str, object]) -> Message:
        made = super().__new__(cls, msgid.format(**fields) if fields else msgid)
        made.msgid, made.fields = msgid, fields
        return made

    def __reduce__(self) -> tuple[object, ...]:  # kept whole through the second process
        return (Message, (self.msgid, self.fields))

    def in_language(self, language: str) -> str:
        text = _catalog(language).gettext(self.msgid)
        if not self.fields:
            return text
        return text.format(**{name: in_language(value, language) for name, value in self.fields.items()})


def t(msgid: str, /, **fields: object) -> Message:
    """A message: `msgid` in English, with `{name}` fields (messages themselves, or values)."""
    return Message(msgid, fields)


def in_language(value: object, language: str) -> object:
    """`value` in `language` if it is a message; other values as they are."""
    return value.in_language(language) if isinstance(value, Message) else value


def shown(value: object, language: str) -> str:
    return str(in_language(value, language))


def exception_message(exc: BaseException) -> object:
    """An exception's message: the message itself (shown in the user's language) when it
    was raised with one, else its text."""
    return exc.args[0] if len(exc.args) == 1 else str(exc)


def say(message: object, language: str, stream: object = None) -> None:
    """One line of the `club` command to its user: "club: " and the message in `language`."""
    print(f"club: {shown(message, language)}", file=stream or sys.stderr)  # type: ignore[call-overload]


def language_for(settings_language: str = "") -> str:
    """The language messages are shown in: `--lang` / `CLUB_LANG`, else the club's
    (`theme.language`; English where the club's settings are not read yet)."""
    chosen = os.environ.get(ENVIRONMENT) or settings_language
    return "zh" if chosen.lower().startswith("zh") else "en"


@cache
def _catalog(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=LOCALE, languages=[language], fallback=True)
