"""Cells of the CSV files the tool writes, made safe to open in a spreadsheet.

Excel, LibreOffice and Google Sheets run a cell that starts with `=`, `+`, `-` or `@` as a
formula (and some also after a tab or a carriage return), so a member's name such as
`=HYPERLINK("http://…","点我")` in `sms.csv`, `private/roster.csv` or
`private/birthdays.csv` would become a live link or worse in the planner's spreadsheet
(CSV or formula injection). Such a cell is written with a leading `'`, which spreadsheets
show as plain text.

A phone number stays as it is when it holds only `+`, digits, spaces, `-`, `(` and `)`
(`+86 138-0000-1111`): it must stay dialable, and without letters it cannot call a function
or refer to another cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PHONE = re.compile(r"[+0-9 ()\-]*[0-9][+0-9 ()\-]*")


def cell(value: object) -> object:
    """The value to write for one cell: text a spreadsheet could run gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not PHONE.fullmatch(value):
        return "'" + value
    return value


def cells(values: Iterable[object]) -> list[object]:
    """One row's cells, each through `cell`."""
    return [cell(value) for value in values]
