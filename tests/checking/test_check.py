"""Every rule of the data-format page, pinned to its file, line, column and wording."""

from __future__ import annotations

import pytest

GALA = "events/2026-12-22-gala.yaml"

BASE = """\
title: 怀旧主题生日晚会
kind: birthday
start: 2026-12-22 20:00
end: 2026-12-22 23:00
honorees: [he-zong]
run_sheet:
  - at: "19:40"
    until: "20:00"
    title: 服务人员准备就绪
    crew_only: true
  - at: "20:00"
    until: "21:00"
    title: 迎接会员及嘉宾到场
  - at: "21:00"
    until: "23:00"
    title: 交际舞互动
"""


def test_a_clean_event_checks_clean(club, check) -> None:
    club.event("2026-12-22-gala.yaml", BASE)
    assert check() == (0, [])


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        pytest.param(
            "kind: birthday",
            "kind: birthdy",
            f'{GALA}:2:7: error: "birthdy" is not a valid kind; did you mean "birthday"?',
            id="enum-typo",
        ),
        pytest.param(
            "title: 怀旧主题生日晚会\n",
            "title: 怀旧主题生日晚会\nvenu: 丽泽汇馆\n",
            f'{GALA}:2:1: error: unknown key "venu"; did you mean "venue"?',
            id="unknown-key",
        ),
        pytest.param(
            "    title: 交际舞互动\n",
            '    title: 交际舞互动\n    untill: "23:00"\n',
            f'{GALA}:17:5: error: unknown key "untill"; did you mean "until"?',
            id="unknown-segment-key",
        ),
        pytest.param(
            "end: 2026-12-22 23:00",
            "end: 2026-02-30 23:00",
            f'{GALA}:4:6: error: "2026-02-30 23:00" is not a real date: 2026-02 has 28 days',
            id="impossible-date",
        ),
        pytest.param(
            "end: 2026-12-22 23:00",
            "end: 2026-12-22 23:00\ntimezone: Asia/Shangai",
            f'{GALA}:5:11: error: "Asia/Shangai" is not a known time zone; did you mean "Asia/Shanghai"?',
            id="unknown-time-zone",
        ),
        pytest.param(
            "start: 2026-12-22 20:00",
            "start: 2026-12-22",
            f'{GALA}:3:8: error: "2026-12-22" has a date but no time; write e.g. "2026-12-22 20:00"',
            id="date-without-time",
        ),
        pytest.param(
            "title: 怀旧主题生日晚会\n",
            "",
            f'{GALA}:1:1: error: missing required key "title"; add a line "title: …"',
            id="missing-title",
        ),
        pytest.param(
            "honorees: [he-zong]",
            "honorees: he-zong",
            f'{GALA}:5:11: error: "honorees" must be a list, found "he-zong"; '
            'write each item on its own line starting with "- ", or as [a, b]',
            id="list-expected",
        ),
        pytest.param(
            "    crew_only: true",
            "    crew_only: yes",
            f'{GALA}:10:16: error: "crew_only" must be true or false, found "yes"',
            id="yes-is-not-a-boolean",
        ),
        pytest.param(
            "honorees: [he-zong]",
            "honorees: [He Zong]",
            f'{GALA}:5:12: error: "He Zong" is not a valid id: use lowercase letters a-z, digits and "-" '
            '(1-64 characters); for example "he-zong"',
            id="bad-id",
        ),
        pytest.param(
            "title: 怀旧主题生日晚会",
            "title: 怀旧: 生日晚会",
            f'{GALA}:1:10: error: a ":" where YAML does not expect one; '
            'put text that contains ": " in quotes, or check the indentation above',
            id="unquoted-colon",
        ),
    ],
)
def test_shape_errors(club, check, replace: str, by: str, expected: str) -> None:
    assert replace in BASE
    club.event("2026-12-22-gala.yaml", BASE.replace(replace, by, 1))
    code, lines = check()
    assert code == 1
    assert lines == [expected]


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        pytest.param(
            "end: 2026-12-22 23:00",
            "end: 2026-12-22 19:00",
            f"{GALA}:4:6: error: the event ends (2026-12-22 19:00) before it starts (2026-12-22 20:00); "
            'write an "end" later than the "start"',
            id="ends-before-start",
        ),
        pytest.param(
            "end: 2026-12-22 23:00",
            "end: 2026-12-22 01:00",
            f"{GALA}:4:6: error: the event ends (2026-12-22 01:00) before it starts (2026-12-22 20:00); "
            'did you mean the next day? write "end: 2026-12-23 01:00"',
            id="ends-after-midnight-on-the-start-date",
        ),
        pytest.param(
            '  - at: "21:00"\n    until: "23:00"',
            '  - at: "20:40"\n    until: "23:00"',
            f'{GALA}:14:5: error: segment "交际舞互动" (20:40–23:00) overlaps "迎接会员及嘉宾到场" (20:00–21:00); '
            "move one of them, or end the earlier one sooner",
            id="overlap",
        ),
        pytest.param(
            '  - at: "21:00"\n    until: "23:00"',
            '  - at: "21:00"\n    until: "20:30"',
            f'{GALA}:14:5: error: segment "交际舞互动" (21:00–20:30 (+1d)) is longer than the whole event; '
            'check that "until" comes after "at"; a time earlier than the one before it is read as the next day',
            id="until-before-at",
        ),
        pytest.param(
            "honorees: [he-zong]",
            "honorees: [he-zongg]",
            f'{GALA}:5:12: error: honoree "he-zongg" is not a member; did you mean "he-zong"?',
            id="unknown-honoree",
        ),
        pytest.param(
            "honorees: [he-zong]",
            "honorees: [he-zong]\naudience: {members: [li-nna]}",
            f'{GALA}:6:22: error: audience member "li-nna" is not a member; did you mean "li-na"?',
            id="unknown-audience-member",
        ),
        pytest.param(
            "honorees: [he-zong]",
            "honorees: [he-zong]\naudience: {tiers: [diamon]}",
            f'{GALA}:6:20: error: audience tier "diamon" is not a tier of the club; did you mean "diamond"?',
            id="unknown-audience-tier",
        ),
        pytest.param(
            "kind: birthday",
            "kind: birthday\nstatus: draft",
            "",
            id="future-draft-is-fine",
        ),
    ],
)
def test_rule_errors(club, check, replace: str, by: str, expected: str) -> None:
    assert replace in BASE
    club.event("2026-12-22-gala.yaml", BASE.replace(replace, by, 1))
    code, lines = check()
    assert lines == ([expected] if expected else [])
    assert code == (1 if expected else 0)


def test_a_birthday_event_needs_honorees(club, check) -> None:
    club.event("2026-12-22-gala.yaml", BASE.replace("honorees: [he-zong]\n", ""))
    assert check() == (
        1,
        [
            f"{GALA}:2:7: error: a birthday event needs honorees; "
            'add "honorees: [member-id]" naming whose birthday it celebrates'
        ],
    )


WARNINGS = [
    pytest.param(
        '    until: "23:00"\n',
        '    until: "22:40"\n',
        f"{GALA}:14:5: warning: nothing is scheduled from 22:40 until the event ends at 23:00; "
        "extend the last segment or end the event earlier",
        id="gap-at-end",
    ),
    pytest.param(
        '  - at: "21:00"\n',
        '  - at: "21:10"\n',
        f'{GALA}:14:5: warning: nothing is scheduled from 21:00 to 21:10, before "交际舞互动"; '
        "add a segment for the gap, or start this one earlier",
        id="gap-inside",
    ),
    pytest.param(
        '    until: "23:00"\n',
        '    until: "23:30"\n',
        f'{GALA}:14:5: warning: segment "交际舞互动" (21:00–23:30) lies outside the event (20:00–23:00); '
        'mark it "crew_only: true" if guests do not attend it, or change the times',
        id="outside-window",
    ),
    pytest.param(
        "start: 2026-12-22 20:00\nend: 2026-12-22 23:00",
        "start: 2026-12-22 20:00\nend: 2026-12-22 23:00",
        "",
        id="crew-segment-before-start-is-fine",
    ),
    pytest.param(
        "honorees: [he-zong]",
        "honorees: [li-na]",
        f'{GALA}:5:12: warning: honoree "li-na" has a birthday on 03-15, 83 days from the event; '
        "check the date or the honoree (a birthday party is usually within 31 days of the birthday)",
        id="birthday-far-from-event",
    ),
    pytest.param(
        "honorees: [he-zong]",
        "honorees: [he-zong]\naudience: {tiers: [diamond, gold], capacity: 1}",
        f"{GALA}:6:46: warning: the audience selects 2 members but capacity is 1; "
        "raise the capacity or narrow the audience",
        id="over-capacity",
    ),
]


@pytest.mark.parametrize(("replace", "by", "expected"), WARNINGS)
def test_warnings(club, check, replace: str, by: str, expected: str) -> None:
    assert replace in BASE
    club.event("2026-12-22-gala.yaml", BASE.replace(replace, by, 1))
    code, lines = check()
    assert lines == ([expected] if expected else [])
    assert code == 0
    if expected:
        assert check("--strict")[0] == 1


def test_a_past_event_still_draft(club, check) -> None:
    club.event(
        "2026-03-01-spring.yaml",
        """\
        title: 春季茶话会
        kind: other
        status: draft
        start: 2026-03-01 10:00
        end: 2026-03-01 11:00
        """,
    )
    assert check() == (
        0,
        [
            "events/2026-03-01-spring.yaml:3:9: warning: the event is over but still marked draft; "
            'set "status: confirmed" or "cancelled"'
        ],
    )


def test_file_date_that_disagrees_with_start(club, check) -> None:
    club.event("2026-12-21-gala.yaml", BASE)
    assert check() == (
        0,
        [
            "events/2026-12-21-gala.yaml:1:1: warning: the file name's date 2026-12-21 differs from the "
            'start date 2026-12-22; rename the file to "2026-12-22-gala.yaml"; the slug stays, so '
            "invitations update"
        ],
    )


def test_duplicate_slugs(club, check) -> None:
    club.event("2026-12-22-gala.yaml", BASE)
    club.event(
        "2027-12-22-gala.yaml", BASE.replace("2026-", "2027-").replace("honorees", "status: draft\nhonorees")
    )
    code, lines = check()
    assert code == 1
    assert lines == [
        'events/2027-12-22-gala.yaml:1:1: error: the event slug "gala" is already used by '
        "events/2026-12-22-gala.yaml; slugs must be unique across the club: the slug is the event's "
        "web address and calendar identity"
    ]


def test_a_badly_named_event_file(club, check) -> None:
    club.event("Gala Night.yaml", BASE)
    assert check() == (
        1,
        [
            'events/Gala Night.yaml:1:1: error: the file name "Gala Night.yaml" does not follow '
            'YYYY-MM-DD-slug.yaml; rename it, e.g. "2026-12-22-gala-night.yaml" (lowercase a-z, digits and "-")'
        ],
    )


def test_all_problems_in_one_run(club, check) -> None:
    club.event("2026-12-22-gala.yaml", BASE.replace("kind: birthday", "kind: party"))
    club.event("2026-12-23-other.yaml", "title: [x\n")
    club.write("members.yaml", "members:\n  - id: a\n    name: A\n    tier: gld\n")
    code, lines = check()
    assert code == 1
    assert [line.split(": error: ")[0] for line in lines] == [
        "events/2026-12-22-gala.yaml:2:7",
        "events/2026-12-23-other.yaml:2:1",
        "members.yaml:4:11",
    ]


def test_past_midnight_segments_roll_to_the_next_day(club, check) -> None:
    club.event(
        "2026-12-31-countdown.yaml",
        """\
        title: 新年倒计时
        kind: other
        start: 2026-12-31 22:00
        end: 2027-01-01 00:30
        run_sheet:
          - at: "22:00"
            until: "23:45"
            title: 晚宴
          - at: "23:45"
            until: "00:15"
            title: 倒计时
          - until: "00:30"
            title: 散场
        """,
    )
    assert check() == (0, [])


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            b"",
            f"{GALA}:1:1: error: the file is empty; it should hold a mapping of keys and values",
            id="empty",
        ),
        pytest.param(
            b"# only a comment\n",
            f"{GALA}:1:1: error: the file is empty; it should hold a mapping of keys and values",
            id="comment-only",
        ),
        pytest.param(
            b"- title: x\n- kind: other\n",
            f"{GALA}:1:1: error: an event file must be a mapping of keys and values, found a list; "
            'start with lines such as "title: …" and "kind: …"',
            id="list",
        ),
        pytest.param(
            "怀旧主题生日晚会，十二月二十二日晚八点，丽泽汇馆。欢迎各位会员光临！\n".encode(),
            f'{GALA}:1:1: error: an event file must be a mapping of keys and values, found "怀旧主题生日晚会，十二月二十二日晚八点，丽泽汇馆。欢迎各位会员光临！"; '
            'start with lines such as "title: …" and "kind: …"',
            id="prose",
        ),
        pytest.param(
            "title: 晚会\nkind: other\n".encode("utf-16"),
            f"{GALA}:1:1: error: the file is not UTF-8 text; save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
            id="utf-16",
        ),
        pytest.param(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            f"{GALA}:1:1: error: the file is not UTF-8 text; save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
            id="binary",
        ),
    ],
)
def test_files_that_are_not_event_plans(club, check, content: bytes, expected: str) -> None:
    (club.root / "events").mkdir(exist_ok=True)
    (club.root / GALA).write_bytes(content)
    assert check() == (1, [expected])


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        pytest.param(
            'at: "20：00"',
            '"20：00" is typed with the full-width "：" of a Chinese input method; '
            'write "20:00" with half-width characters (switch the input method to English)',
            id="full-width-colon",
        ),
        pytest.param(
            "at: 20.00",
            'the time is read as the number 20: it needs a ":", not a "."; write "20:00" in quotes, with ":"',
            id="a-dot-for-the-colon",
        ),
        pytest.param(
            "at: 20.30",
            'the time is read as the number 20.3: it needs a ":", not a "."; write "20:30" in quotes, with ":"',
            id="a-dot-and-minutes",
        ),
        pytest.param('at: "8pm"', '"8pm" is not written as HH:MM; write "20:00"', id="pm"),
        pytest.param('at: "晚上8点"', '"晚上8点" is not written as HH:MM; write "20:00"', id="chinese-clock"),
    ],
)
def test_a_time_written_another_way_gets_the_time_it_meant(club, check, written: str, expected: str) -> None:
    club.event("2026-12-22-gala.yaml", BASE.replace('at: "20:00"', written, 1))
    code, lines = check()
    assert code == 1
    assert lines == [f"{GALA}:11:9: error: {expected}"]


def test_a_start_typed_with_a_full_width_colon(club, check) -> None:
    club.event("2026-12-22-gala.yaml", BASE.replace("start: 2026-12-22 20:00", "start: 2026-12-22 20：00"))
    code, lines = check()
    assert code == 1
    assert lines[0] == (
        f'{GALA}:3:8: error: "2026-12-22 20：00" is typed with the full-width "：" of a Chinese input '
        'method; write "2026-12-22 20:00" with half-width characters (switch the input method to English)'
    )


def test_a_member_named_by_name_gets_their_id(club, check) -> None:
    # tests/support's roster: 何建国 (display name 何总) has the id he-zong.
    club.event("2026-12-22-gala.yaml", BASE.replace("honorees: [he-zong]", "honorees: [何总]"))
    code, lines = check()
    assert code == 1
    assert lines == [
        f'{GALA}:5:12: error: "何总" is a member\'s name; an event names members by their id; write "he-zong"'
    ]


def test_a_file_name_with_capitals_keeps_its_date_in_the_suggestion(club, check) -> None:
    club.event("2027-01-05-Nostalgia.yaml", BASE)
    assert check() == (
        1,
        [
            'events/2027-01-05-Nostalgia.yaml:1:1: error: the file name "2027-01-05-Nostalgia.yaml" does not '
            'follow YYYY-MM-DD-slug.yaml; rename it, e.g. "2027-01-05-nostalgia.yaml" (lowercase a-z, digits '
            'and "-")'
        ],
    )


def test_one_wrong_until_is_one_message(club, check) -> None:
    # "until: 02:00" for 22:00: every later time is read from it, and would lie outside.
    club.event("2026-12-22-gala.yaml", BASE.replace('until: "21:00"', 'until: "02:00"', 1))
    code, lines = check()
    assert code == 1
    assert lines == [
        f'{GALA}:11:5: error: segment "迎接会员及嘉宾到场" (20:00–02:00 (+1d)) is longer than the whole event; '
        'check that "until" comes after "at"; a time earlier than the one before it is read as the next day'
    ]


def test_a_morning_time_meant_for_the_evening(club, check) -> None:
    club.event("2026-12-22-gala.yaml", BASE.replace('at: "21:00"', 'at: "09:00"', 1))
    code, lines = check()
    assert code == 1
    assert lines == [
        f'{GALA}:14:5: error: segment "交际舞互动" (09:00 (+1d)–23:00 (+1d)) is longer than the whole event; '
        'did you mean "21:00"? times are written on the 24-hour clock'
    ]
