"""The roster as read and validated, kept between builds for a members file whose bytes
have not changed.

Even with its parse cached, validating 10,000 members and building their records takes
most of a second on every build; loading the finished records takes a tenth of that.
Only a roster that read without a single diagnostic is kept, so a build from the cache
reports exactly what a build from the file would: nothing. The key covers every module
that turns the file into records, so changed code never meets an old entry.
"""

from __future__ import annotations

import hashlib
import sys
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from .diagnostics import Position
from .kept import FileEntries, code_version, no_cyclic_collection
from .model import Birthday, Consent, Member, Tier

FORMAT = "1"

# The order of a member's row; a test keeps it equal to the Member record's fields.
MEMBER_FIELDS = (
    "id",
    "name",
    "tier",
    "position",
    "index",
    "display_name",
    "joined",
    "birthday",
    "email",
    "phone",
    "city",
    "interests",
    "referred_by",
    "consent",
    "notes",
)


@cache
def _code_version() -> bytes:
    import pydantic

    from . import model, read, schema, validation, values, yamlread

    # This module too: it decides what a row holds and in what order.
    modules = (model, read, schema, validation, values, yamlread, sys.modules[__name__])
    return code_version(*modules, extra=[FORMAT, pydantic.VERSION])


Roster = tuple[list[Tier], list[Member], set[str]]


class RosterCache:
    """Tiers, members and every id written, per members file, keyed by its bytes."""

    def __init__(self, folder: Path) -> None:
        self.entries = FileEntries(folder)

    def key(self, raw: bytes) -> str:
        return hashlib.sha256(_code_version() + raw).hexdigest()

    def get(self, name: str, key: str) -> Roster | None:
        with no_cyclic_collection():
            entry = self.entries.get(name, key)
            try:
                tier_rows, member_rows, written_ids = entry
                tiers = [Tier(tier_id, dict(names), rank) for tier_id, names, rank in tier_rows]
                members = [_member(name, row) for row in member_rows]
                return tiers, members, set(written_ids)
            except (TypeError, ValueError):  # no entry, or one of another shape
                return None

    def put(self, name: str, key: str, roster: Roster) -> None:
        tiers, members, written_ids = roster
        tier_rows = [(t.id, t.names, t.rank) for t in tiers]
        self.entries.put(name, key, (tier_rows, [_row(m) for m in members], sorted(written_ids)))


def _row(member: Member) -> tuple[Any, ...]:
    b, c = member.birthday, member.consent
    return (
        member.id,
        member.name,
        member.tier,
        (member.position.line, member.position.col),
        member.index,
        member.display_name,
        member.joined.toordinal() if member.joined else None,
        (b.month, b.day, b.year) if b else None,
        member.email,
        member.phone,
        member.city,
        member.interests,
        member.referred_by,
        (c.directory, c.birthday),
        member.notes,
    )


def _member(file: str, row: tuple[Any, ...]) -> Member:
    (id_, name, tier, (line, col), index, display_name, joined, birthday, email, phone, city, interests,
     referred_by, consent, notes) = row  # fmt: skip
    return Member(
        id_,
        name,
        tier,
        Position(file, line, col),
        index,
        display_name,
        date.fromordinal(joined) if joined is not None else None,
        Birthday(*birthday) if birthday else None,
        email,
        phone,
        city,
        list(interests),
        referred_by,
        Consent(*consent),
        notes,
    )
