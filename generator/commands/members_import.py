"""`club members import FILE.csv`: a spreadsheet export becomes members.yaml entries.

- Columns are recognised by their header, in Chinese or English (姓名/name, 手机/phone,
  邮箱/email, 生日/birthday, 等级/tier, 城市/city, 入会日期/joined, …); `--map
  COLUMN=FIELD` names any other column, and `--map COLUMN=-` leaves one out.
- The file may be UTF-8 (with or without a byte-order mark), GBK/GB18030 (what Excel
  writes on a Chinese Windows) or UTF-16 ("Unicode text"); commas, tabs or semicolons.
- Cells are read the ways spreadsheets write them: dates as 1962-12-22, 1962/12/22,
  1962年12月22日 or 19621222; a birthday without its year as 12-22 or 12月22日; tiers by
  id or by name (钻石会员, 钻石, Diamond); consent as 是/否, yes/no, 1/0.
- New members get an id from their name in pinyin (he-jian-guo), made unique.
- A row that matches a member already on the roster (same id, e-mail or phone; or same
  name and birthday) is skipped, so importing the same file twice adds nobody twice.
- members.yaml is edited with ruamel.yaml's round-trip mode: its comments, key order and
  quoting stay as they were; the new members are appended to the list.
- A row that cannot be read is reported as `FILE:ROW:COL: error: …` and left out; the
  other rows are imported, and the command exits 1 so that scripts notice.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, Position, Report, Severity, did_you_mean
from generator.messages import Message, language_for, say, shown, t
from generator.model import Tier

FIELDS = (
    "id",
    "name",
    "display_name",
    "tier",
    "joined",
    "birthday",
    "email",
    "phone",
    "city",
    "interests",
    "referred_by",
    "consent.directory",
    "consent.birthday",
    "notes",
)
IGNORE = "-"

HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "编号", "会员编号", "会员id", "member id"),
    "name": ("name", "姓名", "名字", "会员姓名", "full name"),
    "display_name": ("display_name", "display name", "称呼", "昵称", "尊称", "called"),
    "tier": ("tier", "level", "等级", "会员等级", "级别", "会员级别"),
    "joined": ("joined", "join date", "joined on", "入会日期", "入会时间", "加入日期", "入会"),
    "birthday": ("birthday", "date of birth", "birth date", "dob", "生日", "出生日期", "出生年月日"),
    "email": ("email", "e-mail", "mail", "邮箱", "电子邮箱", "电子邮件", "邮件"),
    "phone": ("phone", "mobile", "tel", "telephone", "手机", "手机号", "手机号码", "电话", "联系电话"),
    "city": ("city", "城市", "所在城市", "所在地"),
    "interests": ("interests", "hobbies", "兴趣", "爱好", "兴趣爱好"),
    "referred_by": ("referred_by", "referred by", "introduced by", "推荐人", "介绍人"),
    "consent.directory": ("consent.directory", "directory", "公开姓名", "同意公开姓名"),
    "consent.birthday": ("consent.birthday", "公开生日", "同意公开生日"),
    "notes": ("notes", "remarks", "备注", "说明"),
}

_YES = {"是", "yes", "y", "true", "1", "同意", "✓", "√", "对", "x"}
_NO = {"否", "no", "n", "false", "0", "不同意", "", "✗", "×"}
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"\+?[0-9][0-9 ()-]{4,24}")
_SCIENTIFIC = re.compile(r"\d(\.\d+)?[eE]\+\d+")
_FULL_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MONTH_DAY = re.compile(r"(?:--)?(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_LIST_SEPARATORS = re.compile(r"[、,，;；/|]+")


def header_key(text: str) -> str:
    """A header as compared: width, case, spaces and punctuation do not matter."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s_\-.·:：()（）*]+", "", text)


_KNOWN_HEADERS = {header_key(alias): name for name, aliases in HEADER_NAMES.items() for alias in aliases}


class UsageError(Exception):
    pass


def parse_maps(maps: list[str]) -> dict[str, str]:
    """`--map COLUMN=FIELD` options, by the column's compared header."""
    result: dict[str, str] = {}
    for item in maps:
        column, sep, target = item.partition("=")
        column, target = column.strip(), target.strip()
        if not sep or not column:
            raise UsageError(t('--map "{item}" should be COLUMN=FIELD, e.g. --map "会员卡号=id"', item=item))
        if target != IGNORE and target not in FIELDS:
            hint = did_you_mean(target, FIELDS) or t("fields: {fields}", fields=", ".join(FIELDS))
            raise UsageError(
                t(
                    '--map "{item}": "{field}" is not a member field; {hint} (or "-" to leave it out)',
                    item=item,
                    field=target,
                    hint=hint,
                )
            )
        result[header_key(column)] = target
    return result


# Reading the file ---------------------------------------------------------------------------


def decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def _dialect(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {sep: first.count(sep) for sep in (",", "\t", ";")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


@dataclass
class Row:
    line: int  # where the row starts in the file
    cells: dict[str, tuple[str, int]]  # field -> (text, 1-based column)


def read_rows(text: str, name: str, maps: dict[str, str], report: Report) -> tuple[list[Row], list[str]]:
    """The rows with their cells by field, and the fields the header supplies."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text))
    try:
        header = next(reader)
    except StopIteration:
        report.error(Position(name), t("the file is empty"), t("export the sheet with its header row"))
        return [], []
    except csv.Error as exc:
        report.error(Position(name), t("the header row cannot be read: {error}", error=str(exc)))
        return [], []
    columns: dict[int, str] = {}
    seen: dict[str, int] = {}
    for index, title in enumerate(header):
        key = header_key(title)
        if not key:
            continue
        target = maps.get(key) or _KNOWN_HEADERS.get(key)
        where = Position(name, 1, index + 1)
        if target is None:
            report.warning(
                where,
                t('column "{title}" is not imported', title=title.strip()),
                t(
                    'to import it, add --map "{title}=FIELD" (fields: {fields})',
                    title=title.strip(),
                    fields=", ".join(FIELDS),
                ),
            )
            continue
        if target == IGNORE:
            continue
        if target in seen:
            report.error(
                where,
                t(
                    'columns {first} and {second} both hold "{field}"',
                    first=seen[target] + 1,
                    second=index + 1,
                    field=target,
                ),
                t('leave one out with --map "{title}=-"', title=title.strip()),
            )
            continue
        seen[target] = index
        columns[index] = target
    for key in maps:
        if key not in {header_key(title) for title in header}:
            report.error(
                Position(name, 1, 1),
                t('--map names a column the header does not have: "{column}"', column=key),
            )
    if "name" not in seen:
        report.error(
            Position(name, 1, 1),
            t("no column holds the members' names"),
            t('name it "姓名" or "name", or add --map "COLUMN=name"'),
        )
        return [], list(seen)
    rows: list[Row] = []
    line = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            report.error(Position(name, line, 1), t("the row cannot be read: {error}", error=str(exc)))
            break
        if any(cell.strip() for cell in record):
            cells = {target: (record[i].strip(), i + 1) for i, target in columns.items() if i < len(record)}
            rows.append(Row(line, cells))
        line = reader.line_num + 1
    return rows, list(seen)


# Reading one cell -----------------------------------------------------------------------------


class CellError(ValueError):
    def __init__(self, message: Message, hint: Message | str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def _real(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(t('"{text}" is not a real date', text=text)) from None


def parse_full_date(text: str) -> date:
    cleaned = unicodedata.normalize("NFKC", text).strip()
    match = _FULL_DATE.fullmatch(cleaned) or _COMPACT_DATE.fullmatch(cleaned)
    if not match:
        raise CellError(
            t('"{text}" is not a date', text=text), t("write it as 2010-03-01, 2010/3/1 or 2010年3月1日")
        )
    year, month, day = (int(g) for g in match.groups())
    return _real(year, month, day, text)


def parse_birthday(text: str) -> date | str:
    """A full date, or "--MM-DD" when the year is not known."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if _FULL_DATE.fullmatch(cleaned) or _COMPACT_DATE.fullmatch(cleaned):
        return parse_full_date(text)
    match = _MONTH_DAY.fullmatch(cleaned)
    if not match:
        raise CellError(
            t('"{text}" is not a birthday', text=text),
            t("write it as 1962-12-22, 1962/12/22, or 12-22 when the year is unknown"),
        )
    month, day = int(match.group(1)), int(match.group(2))
    _real(2000, month, day, text)  # a leap year, so that 29 February is a birthday
    return f"--{month:02d}-{day:02d}"


def parse_consent(text: str) -> bool:
    value = unicodedata.normalize("NFKC", text).strip().casefold()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise CellError(t('"{text}" is neither yes nor no', text=text), t("write 是 or 否 (yes or no)"))


def parse_phone(text: str) -> str:
    value = unicodedata.normalize("NFKC", text).strip()
    if _SCIENTIFIC.fullmatch(value):
        raise CellError(
            t('"{text}" is a phone number the spreadsheet turned into a rounded number', text=text),
            t("format the phone column as text in the spreadsheet, then export again"),
        )
    if not _PHONE.fullmatch(value):
        raise CellError(
            t('"{text}" is not a phone number', text=text),
            t('write digits, spaces and an optional leading "+"'),
        )
    return value


def parse_email(text: str) -> str:
    value = unicodedata.normalize("NFKC", text).strip()
    if not _EMAIL.fullmatch(value):
        raise CellError(t('"{text}" is not an e-mail address', text=text))
    return value


def tier_lookup(tiers: list[Tier]) -> dict[str, str]:
    """Every way a spreadsheet may write a tier, to its id: diamond, 钻石会员, 钻石, Diamond."""
    lookup: dict[str, str] = {}
    for tier in tiers:
        names = [tier.id, *tier.names.values()]
        for name in names:
            key = header_key(name)
            lookup.setdefault(key, tier.id)
            for suffix in ("会员", "卡会员", "卡", "member", "members"):
                if key.endswith(suffix) and len(key) > len(suffix):
                    lookup.setdefault(key[: -len(suffix)], tier.id)
    return lookup


# The import ---------------------------------------------------------------------------------


@dataclass
class Imported:
    added: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[tuple[int, str, Message]] = field(default_factory=list)  # line, name, why
    default_tier: list[str] = field(default_factory=list)  # names given the lowest tier
    failed_rows: set[int] = field(default_factory=set)


def _digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return digits[2:] if digits.startswith("86") and len(digits) == 13 else digits


def convert(
    rows: list[Row],
    name: str,
    existing: list[dict[str, Any]],
    tiers: list[Tier],
    report: Report,
) -> Imported:
    """Rows as new member entries (plain dicts in the roster's key order)."""
    from generator.slugs import slugify

    result = Imported()
    tiers_by_key = tier_lookup(tiers)
    tier_names = [f"{tier.name('zh')} ({tier.id})" for tier in tiers]
    lowest = tiers[-1].id if tiers else "member"
    taken_ids = {str(m.get("id")) for m in existing if m.get("id")}
    emails = {str(m["email"]).casefold(): str(m.get("id")) for m in existing if m.get("email")}
    phones = {_digits(str(m["phone"])): str(m.get("id")) for m in existing if m.get("phone")}
    people = {(str(m.get("name")), _birthday_key(m.get("birthday"))): str(m.get("id")) for m in existing}
    # referred_by may name a member by id, by name or by display name
    by_name: dict[str, set[str]] = {}
    for m in existing:
        for key in ("name", "display_name"):
            if m.get(key):
                by_name.setdefault(str(m[key]), set()).add(str(m.get("id")))
    pending_referrals: list[tuple[dict[str, Any], str, Position]] = []

    for row in rows:
        problems: list[Diagnostic] = []
        entry: dict[str, Any] = {}

        def cell(key: str, row: Row = row) -> tuple[str, Position] | None:
            found = row.cells.get(key)
            if not found or not found[0]:
                return None
            return found[0], Position(name, row.line, found[1])

        def problem(where: Position, exc: CellError, problems: list[Diagnostic] = problems) -> None:
            problems.append(Diagnostic(where, Severity.ERROR, exc.message, exc.hint))

        name_cell = cell("name")
        if name_cell is None:
            column = row.cells.get("name", ("", 1))[1]
            problems.append(
                Diagnostic(Position(name, row.line, column), Severity.ERROR, t("the name is empty"))
            )
        member_name = " ".join(name_cell[0].split()) if name_cell else ""
        given_id = cell("id")
        if given_id:
            from generator.reading.values import SLUG

            if not SLUG.fullmatch(given_id[0]):
                problem(
                    given_id[1],
                    CellError(t('"{text}" is not a valid id', text=given_id[0]), t("use a-z, 0-9 and -")),
                )
        tier_cell = cell("tier")
        tier_id = lowest
        if tier_cell:
            found_tier = tiers_by_key.get(header_key(tier_cell[0]))
            if found_tier is None:
                hint = did_you_mean(
                    tier_cell[0], [n for tier in tiers for n in (tier.id, *tier.names.values())]
                )
                problem(
                    tier_cell[1],
                    CellError(
                        t('"{text}" is not a tier', text=tier_cell[0]),
                        hint or t("tiers: {tiers}", tiers=", ".join(tier_names)),
                    ),
                )
            else:
                tier_id = found_tier
        values: dict[str, Any] = {}
        for key, parse in (
            ("joined", parse_full_date),
            ("birthday", parse_birthday),
            ("email", parse_email),
            ("phone", parse_phone),
            ("consent.directory", parse_consent),
            ("consent.birthday", parse_consent),
        ):
            found = cell(key)
            if found is None:
                continue
            try:
                values[key] = parse(found[0])
            except CellError as exc:
                problem(found[1], exc)
        if problems:
            report.extend(problems)
            result.failed_rows.add(row.line)
            continue
        # already on the roster (or earlier in this file)?
        duplicate = None
        if given_id and given_id[0] in taken_ids:
            duplicate = (given_id[0], t("same id"))
        elif values.get("email") and values["email"].casefold() in emails:
            duplicate = (emails[values["email"].casefold()], t("same e-mail"))
        elif values.get("phone") and _digits(values["phone"]) in phones:
            duplicate = (phones[_digits(values["phone"])], t("same phone"))
        elif not values.get("email") and not values.get("phone"):
            birthday_key = _birthday_key(values.get("birthday"))
            if (member_name, birthday_key) in people:
                duplicate = (people[(member_name, birthday_key)], t("same name and birthday"))
        if duplicate:
            why = t("already on the roster as {member} ({reason})", member=duplicate[0], reason=duplicate[1])
            result.skipped.append((row.line, member_name, why))
            continue
        member_id = (
            given_id[0] if given_id else _unique(slugify(member_name, limit=56, fallback="member"), taken_ids)
        )
        taken_ids.add(member_id)
        entry["id"] = member_id
        entry["name"] = member_name
        display = cell("display_name")
        if display:
            entry["display_name"] = " ".join(display[0].split())
        entry["tier"] = tier_id
        if not tier_cell:
            result.default_tier.append(member_name)
        for key in ("joined", "birthday", "email", "phone"):
            if key in values:
                entry[key] = values[key]
        city = cell("city")
        if city:
            entry["city"] = city[0]
        interests = cell("interests")
        if interests:
            entry["interests"] = [i.strip() for i in _LIST_SEPARATORS.split(interests[0]) if i.strip()]
        referrer = cell("referred_by")
        if referrer:
            pending_referrals.append((entry, referrer[0], referrer[1]))
        consent = {
            k.split(".")[1]: values[k] for k in ("consent.directory", "consent.birthday") if values.get(k)
        }
        if consent:
            entry["consent"] = consent
        notes = cell("notes")
        if notes:
            entry["notes"] = notes[0]
        if values.get("email"):
            emails[values["email"].casefold()] = member_id
        if values.get("phone"):
            phones[_digits(values["phone"])] = member_id
        people[(member_name, _birthday_key(values.get("birthday")))] = member_id
        for key in ("name", "display_name"):
            if entry.get(key):
                by_name.setdefault(entry[key], set()).add(member_id)
        result.added.append(entry)

    for entry, written, where in pending_referrals:
        if written in taken_ids:
            referred = written
        else:
            candidates = by_name.get(written, set())
            if len(candidates) != 1:
                message = (
                    t(
                        '"{written}" names more than one member: {members}',
                        written=written,
                        members=", ".join(sorted(candidates)),
                    )
                    if candidates
                    else t('no member is called "{written}"', written=written)
                )
                report.error(where, message, t("write the introducer's id instead"))
                result.failed_rows.add(where.line)
                result.added.remove(entry)
                continue
            referred = next(iter(candidates))
        if referred == entry["id"]:
            report.error(where, t('"{written}" is the member themselves', written=written))
            result.failed_rows.add(where.line)
            result.added.remove(entry)
            continue
        entry["referred_by"] = referred
    result.added = [_ordered(e) for e in result.added]
    return result


def _birthday_key(value: Any) -> str:
    return str(value or "").strip().removeprefix("--")


def _unique(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _ordered(entry: dict[str, Any]) -> dict[str, Any]:
    order = ["id", "name", "display_name", "tier", "joined", "birthday", "email", "phone", "city"]
    order += ["interests", "referred_by", "consent", "notes"]
    return {key: entry[key] for key in order if key in entry}


# Writing members.yaml ---------------------------------------------------------------------


def _yaml(sequence: int = 4, offset: int = 2, mapping: int = 2) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip, YAML 1.2
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap long notes
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: Any, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _layout(text: str) -> Any:
    """The YAML emitter whose output of the unchanged file is the file itself, if any."""
    match = re.search(r"^( *)-( +)\S", text, re.MULTILINE)
    candidates = []
    if match:
        offset = len(match.group(1))
        candidates.append((offset + 1 + len(match.group(2)), offset, 2))
        candidates.append((offset + 1 + len(match.group(2)), offset, 4))
    candidates += [(4, 2, 2), (2, 0, 2), (4, 2, 4), (3, 1, 2)]
    for sequence, offset, mapping in candidates:
        if sequence < offset + 2:
            continue
        yaml = _yaml(sequence, offset, mapping)
        if _dump(yaml, yaml.load(text)) == text:
            return yaml, True
    return _yaml(), False


def _node(entry: dict[str, Any]) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    node = CommentedMap()
    for key, value in entry.items():
        if key == "interests":
            seq = CommentedSeq(value)
            seq.fa.set_flow_style()
            node[key] = seq
        elif key == "consent":
            consent = CommentedMap(value)
            consent.fa.set_flow_style()
            node[key] = consent
        elif key in ("phone", "birthday") and isinstance(value, str):
            node[key] = DoubleQuotedScalarString(value)  # keep phone numbers and --MM-DD as text
        elif key == "notes" and "\n" in value:
            node[key] = LiteralScalarString(value.rstrip("\n") + "\n")
        else:
            node[key] = value
    return node


def updated_roster(text: str, entries: list[dict[str, Any]]) -> tuple[str, bool]:
    """members.yaml with the entries appended; whether its existing layout was kept exactly."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml, exact = _layout(text) if text.strip() else (_yaml(), True)
    data = yaml.load(text) if text.strip() else None
    kept = ""
    if data is None:  # empty, or only comments: they stay at the top
        kept = text if not text or text.endswith("\n") else text + "\n"
        data = CommentedMap()
    members = data.get("members")
    if members is None:
        members = CommentedSeq()
        data["members"] = members
    for entry in entries:
        members.append(_node(entry))
        if len(members) > 1:
            members.yaml_set_comment_before_after_key(len(members) - 1, before="\n")
    return kept + _dump(yaml, data), exact


def _existing(text: str, path: str, report: Report) -> tuple[list[dict[str, Any]], list[Tier]] | None:
    from generator.model import DEFAULT_TIERS
    from generator.reading.yamlread import parse

    default = [Tier(i, {"zh": zh, "en": en}, rank) for rank, (i, zh, en) in enumerate(DEFAULT_TIERS)]
    if not text.strip():
        return [], default
    document, problem = parse(text, path)
    if problem:
        report.extend([problem])
        return None
    data = document.data if document else None
    if data is None:  # only comments so far
        return [], default
    if not isinstance(data, dict) or not isinstance(data.get("members", []) or [], list):
        report.error(Position(path), t('the roster must be a mapping with a "members" list'))
        return None
    members = [m for m in data.get("members") or [] if isinstance(m, dict)]
    tiers = default
    raw_tiers = data.get("tiers")
    if isinstance(raw_tiers, list) and raw_tiers:
        tiers = []
        for rank, raw in enumerate(raw_tiers):
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                names = raw.get("name")
                names = names if isinstance(names, dict) else {"zh": str(names or raw["id"])}
                tiers.append(Tier(raw["id"], {k: str(v) for k, v in names.items()}, rank))
    return members, tiers


def _members(count: int) -> Message:
    return t("1 member") if count == 1 else t("{count} members", count=count)


def run_import(root: Path, file: Path, maps: list[str], dry_run: bool = False) -> int:
    """The command; returns its exit code."""
    from generator.reading.read import read_roster, read_settings

    settings = read_settings(root, Report())
    language = language_for(settings.language)
    try:
        mapping = parse_maps(maps)
    except UsageError as exc:
        say(exc.args[0], language)
        return 2
    file_name = str(file)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        say(t("cannot read {file}: {reason}", file=file_name, reason=exc.strerror or str(exc)), language)
        return 1
    report = Report()
    roster_path = root / settings.members_file
    before = roster_path.read_text(encoding="utf-8") if roster_path.exists() else ""
    existing = _existing(before, settings.members_file, report)
    rows, _fields = read_rows(decode(raw), file_name, mapping, report)
    imported = Imported()
    if existing is not None:
        imported = convert(rows, file_name, existing[0], existing[1], report)
    for item in report.sorted():
        print(item.text(language))
    for line, who, why in imported.skipped:
        print(
            f"{file_name}:{line}: " + shown(t("skipped {member}: {reason}", member=who, reason=why), language)
        )
    if imported.default_tier:
        lowest = existing[1][-1].id if existing and existing[1] else "member"
        members = "、".join(imported.default_tier)
        print(shown(t('no tier given, so "{tier}" for: {members}', tier=lowest, members=members), language))
    if existing is None:
        say(t("fix the roster first; nothing was imported"), language)
        return 1
    header_failed = any(d.is_error and d.position.line <= 1 for d in report.items)
    if header_failed:
        say(t("the file's header needs fixing first; nothing was imported"), language)
        return 1
    failed = len(imported.failed_rows)
    if not imported.added:
        nothing = (
            t(
                "nothing to add to {file}; {failed} rows could not be read",
                file=settings.members_file,
                failed=failed,
            )
            if failed
            else t("nothing to add to {file}", file=settings.members_file)
        )
        print(shown(nothing, language))
        return 1 if failed else 0
    text, exact = updated_roster(before, imported.added)
    added = _members(len(imported.added))
    if dry_run:
        print(text[len(before) :] if exact and text.startswith(before) else text, end="")
        would = t(
            "would add {members} to {file} (dry run: nothing written)",
            members=added,
            file=settings.members_file,
        )
        print(shown(would, language))
        return 1 if failed else 0
    # Check the result as `club check` will read it before it replaces the roster.
    trial = roster_path.with_name(f".{roster_path.name}.import")
    trial.write_text(text, encoding="utf-8")
    check = Report()
    trial_settings = read_settings(root, Report())
    trial_settings.members_file = trial.relative_to(root).as_posix()
    try:
        read_roster(root, trial_settings, check)
        if check.errors:
            for item in check.errors:
                print(item.text(language).replace(trial.name, roster_path.name))
            say(t("the imported roster would not read cleanly; nothing was written"), language)
            return 1
        os.replace(trial, roster_path)
    finally:
        trial.unlink(missing_ok=True)
    ids = ", ".join(e["id"] for e in imported.added)
    print(
        shown(
            t("added {members} to {file}: {ids}", members=added, file=settings.members_file, ids=ids),
            language,
        )
    )
    if not exact:
        note = t("note: {file} was re-indented; its comments and order are kept", file=settings.members_file)
        print(shown(note, language))
    if failed:
        say(
            t(
                "{failed} rows could not be read (above); fix them and import the file again "
                "(rows already imported are recognised and skipped)",
                failed=failed,
            ),
            language,
        )
        return 1
    return 0
