"""Every message in the club's language: the catalogs are complete and compiled, and a
Chinese club's editors read Chinese."""

from __future__ import annotations

import gettext
import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from generator.messages import LOCALE
from tests.support import REPO

CATALOG = LOCALE / "zh/LC_MESSAGES/club.po"


def _in_the_code() -> set[str]:
    found = extract_from_dir(
        str(REPO / "generator"), keywords={"t": None}, method_map=[("**.py", "python")], comment_tags=()
    )
    return {message for _file, _line, message, _comments, _context in found}


def _catalog():
    with CATALOG.open("rb") as po:
        return read_po(po)


def _fields(text: str) -> set[str]:
    return set(re.findall(r"\{(\w*)[^{}]*\}", text))


def test_every_message_has_its_chinese_translation() -> None:
    catalog = _catalog()
    missing = [m for m in sorted(_in_the_code()) if not (catalog.get(m) and catalog.get(m).string)]
    assert not missing, (
        f"{len(missing)} messages without Chinese; run `make messages` and translate: {missing[:5]}"
    )
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not fuzzy, f"translations marked fuzzy (check them, then remove the mark): {fuzzy[:5]}"


def test_every_translation_keeps_the_fields_of_its_message() -> None:
    for message in _catalog():
        if message.id and message.string:
            assert _fields(message.string) == _fields(message.id), message.id


def test_the_compiled_catalog_is_the_current_one() -> None:
    with CATALOG.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [m.id for m in _catalog() if m.id and compiled.gettext(m.id) != m.string]
    assert not stale, f"club.mo is older than club.po; run `make messages`: {stale[:5]}"


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        pytest.param(
            'at: "20:00"',
            'at: "20：00"',
            "events/2026-12-22-gala.yaml:11:9: 错误：“20：00”里有中文输入法打出的全角字符“：”；"
            "请用半角字符写成“20:00”（把输入法切换到英文）",
            id="full-width-colon",
        ),
        pytest.param(
            'at: "20:00"',
            "at: 20.30",
            "events/2026-12-22-gala.yaml:11:9: 错误：这个时间被读成了数字 20.3：时和分之间要用“:”，不能用“.”；"
            "请写成带引号、用“:”的“20:30”",
            id="a-dot-for-the-colon",
        ),
        pytest.param(
            'at: "20:00"',
            'at: "8pm"',
            "events/2026-12-22-gala.yaml:11:9: 错误：“8pm”没有写成 HH:MM；请写成“20:00”",
            id="pm",
        ),
        pytest.param(
            "honorees: [he-zong]",
            "honorees: [何总]",
            "events/2026-12-22-gala.yaml:5:12: 错误：“何总”是会员的姓名；活动中要用会员的 id；请写“he-zong”",
            id="a-members-name",
        ),
        pytest.param(
            "end: 2026-12-22 23:00",
            "end: 2026-12-22 01:00",
            "events/2026-12-22-gala.yaml:4:6: 错误：活动的结束时间（2026-12-22 01:00）早于开始时间（2026-12-22 20:00）；"
            "是指第二天吗？请写成“end: 2026-12-23 01:00”",
            id="ends-on-the-next-day",
        ),
    ],
)
def test_a_chinese_club_reads_its_problems_in_chinese(
    club, capsys, monkeypatch, replace: str, by: str, expected: str
) -> None:
    from tests.checking.test_check import BASE

    monkeypatch.delenv("CLUB_LANG")
    club.event("2026-12-22-gala.yaml", BASE.replace(replace, by, 1))
    code, lines = club.run(capsys, "check", "--today", "2026-11-23")
    assert code == 1
    assert lines == [expected]


def test_the_summary_and_the_command_line_in_chinese_and_english(club, capsys, monkeypatch) -> None:
    from generator.cli import main

    monkeypatch.delenv("CLUB_LANG")
    assert main(["--root", str(club.root), "agenda", "xyz"]) == 1
    assert "club: 没有名为“xyz”的活动" in capsys.readouterr().err
    assert main(["--root", str(club.root), "check", "--today", "2026-11-23"]) == 0
    assert "0 个错误，0 个警告" in capsys.readouterr().err
    assert main(["--root", str(club.root), "--lang", "en", "agenda", "xyz"]) == 1
    assert 'club: there is no event "xyz"' in capsys.readouterr().err


def test_no_message_a_chinese_club_reads_is_left_in_english(club, capsys, monkeypatch) -> None:
    """Every problem of a file full of mistakes is a catalog message, shown translated."""
    from generator.checking.session import check_root
    from generator.messages import Message
    from tests.checking.test_check import BASE
    from tests.support import TODAY

    broken = (
        BASE.replace('at: "20:00"', 'at: "20：00"', 1)
        .replace("honorees: [he-zong]", "honorees: [何总, nobody]")
        .replace("kind: birthday", "kind: party")
        + "colour: red\n"
    )
    club.event("2026-12-22-gala.yaml", broken)
    club.event("2026-12-23-Late.yaml", BASE)
    club.write(
        "members.yaml", "members:\n  - id: Li Na\n    name: 李娜\n    tier: gold\n    birthday: 1958-02-29\n"
    )
    report = check_root(club.root, TODAY).report
    assert len(report.items) >= 5
    for problem in report.items:
        for said in (problem.message, problem.hint):
            if said:
                assert isinstance(said, Message), said
                assert said.in_language("zh") != str(said) or not re.search("[a-z]{4}", said.msgid), said
