"""The planners' roster: every member with contact fields and who introduced whom.

Written to `private/roster.html` (to read or print) and `private/roster.csv` (for a
spreadsheet), ordered by tier, highest first, then as in members.yaml. "Introduced by"
comes from `referred_by`; "introduced" lists the members each one brought in.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from generator.model import Club, Member
from generator.pack.csvcells import cells
from generator.texts import ROSTER_STRINGS, Texts, in_brackets
from generator.writing.outputs import BuildInfo, Output, OutputFamily

COLUMNS: dict[str, tuple[str, ...]] = {
    "zh": (
        "会员", "称呼", "编号", "入会日期", "城市", "电话", "邮箱",
        "介绍人", "介绍入会", "兴趣", "公开姓名", "公开生日", "备注",
    ),
    "en": (
        "Member", "Called", "Id", "Joined", "City", "Phone", "Email",
        "Introduced by", "Introduced", "Interests", "Name shown", "Birthday shown", "Notes",
    ),
}  # fmt: skip
CSV_COLUMNS = (
    "id", "name", "display_name", "tier", "joined", "birthday", "city", "phone", "email",
    "referred_by", "referred_by_name", "introduced", "interests", "consent_directory",
    "consent_birthday", "notes",
)  # fmt: skip


@dataclass(frozen=True)
class RosterRow:
    member: Member
    tier_name: str
    referrer: Member | None  # who introduced them (None: nobody, or not on the roster)
    introduced: tuple[Member, ...]  # whom they introduced


def label(member: Member, language: str = "zh") -> str:
    """A member as planners name them: 何建国（何总）."""
    return in_brackets(language, member.name, member.display_name) if member.display_name else member.name


def rows(club: Club) -> list[RosterRow]:
    texts = Texts(club.settings.language)
    brought: dict[str, list[Member]] = defaultdict(list)
    for member in club.members:
        if member.referred_by:
            brought[member.referred_by].append(member)
    ranks = {t.id: t.rank for t in club.tiers}
    ordered = sorted(club.members, key=lambda m: (ranks.get(m.tier, len(ranks)), m.index))
    result = []
    for member in ordered:
        tier = club.tiers_by_id.get(member.tier)
        result.append(
            RosterRow(
                member=member,
                tier_name=tier.name(texts.language) if tier else member.tier,
                referrer=club.members_by_id.get(member.referred_by) if member.referred_by else None,
                introduced=tuple(brought.get(member.id, ())),
            )
        )
    return result


def _referrer_text(row: RosterRow, language: str) -> str:
    if row.referrer:
        return label(row.referrer, language)
    return row.member.referred_by or ""


def _birthday_text(member: Member) -> str:
    b = member.birthday
    if b is None:
        return ""
    return f"{b.year:04d}-{b.month:02d}-{b.day:02d}" if b.year else f"--{b.month:02d}-{b.day:02d}"


def roster_csv(table: Iterable[RosterRow]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(cells(CSV_COLUMNS))
    for row in table:
        m = row.member
        writer.writerow(
            cells(
                [
                    m.id,
                    m.name,
                    m.display_name or "",
                    m.tier,
                    m.joined.isoformat() if m.joined else "",
                    _birthday_text(m),
                    m.city or "",
                    m.phone or "",
                    m.email or "",
                    m.referred_by or "",
                    label(row.referrer) if row.referrer else "",
                    " ".join(i.id for i in row.introduced),
                    "、".join(m.interests),
                    "yes" if m.consent.directory else "no",
                    "yes" if m.consent.birthday else "no",
                    " ".join((m.notes or "").split()),
                ]
            )
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def roster_html(club: Club, table: list[RosterRow]) -> str:
    from generator.pack.tables import render

    texts = Texts(club.settings.language)
    say = {key: value[texts.language] for key, value in ROSTER_STRINGS.items()}
    comma = texts("list_separator")
    sections = []
    for tier in [*club.tiers, None]:
        in_tier = [
            r for r in table if (r.member.tier == tier.id if tier else r.member.tier not in club.tiers_by_id)
        ]
        if tier is None and not in_tier:
            continue
        name = tier.name(texts.language) if tier else "?"
        sections.append(
            {
                "heading": say["tier"].format(tier=name, count=len(in_tier)),
                "rows": [
                    (
                        r.member.name,
                        r.member.display_name or "",
                        r.member.id,
                        texts.long_date(r.member.joined) if r.member.joined else "",
                        r.member.city or "",
                        r.member.phone or "",
                        r.member.email or "",
                        _referrer_text(r, texts.language),
                        comma.join(label(m, texts.language) for m in r.introduced),
                        comma.join(r.member.interests),
                        say["yes"] if r.member.consent.directory else say["no"],
                        say["yes"] if r.member.consent.birthday else say["no"],
                        r.member.notes or "",
                    )
                    for r in in_tier
                ],
            }
        )
    return render(
        "table.html.j2",
        lang=texts.language,
        title=say["title"],
        notes=[say["note"].format(count=len(table))],
        columns=COLUMNS[texts.language],
        sections=sections,
        empty=say["none"],
    )


class PlannersRoster(OutputFamily):
    name = "roster (planners)"
    public = False
    in_second_process = True

    def outputs(self, club: Club, build: BuildInfo) -> Iterable[Output]:
        table = rows(club)
        yield Output("roster.html", roster_html(club, table))
        yield Output("roster.csv", roster_csv(table))
