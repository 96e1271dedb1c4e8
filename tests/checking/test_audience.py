"""Audiences: who an event invites, by tier, by id, birthday month, interests, city, joining date."""

from __future__ import annotations

import shutil

import pytest

from generator.checking.audience import resolve
from generator.checking.session import check_root
from tests.support import REPO, TODAY

ROSTER = """\
tiers:
  - id: diamond
    name: {zh: 钻石会员, en: Diamond}
  - id: gold
    name: {zh: 金卡会员, en: Gold}
  - id: member
    name: {zh: 普通会员, en: Member}
members:
  - id: dec-diamond
    name: 十二月钻石
    tier: diamond
    joined: 2010-01-01
    birthday: 1960-12-01
    city: 宜宾市
    interests: [Golf, 茶艺]
  - id: dec-member
    name: 十二月普通
    tier: member
    joined: 2020-01-01
    birthday: "--12-31"
    city: 宜宾
    interests: [登山]
  - id: leap
    name: 闰日
    tier: gold
    joined: 2020-01-02
    birthday: 1964-02-29
    city: 成都
    interests: [ＧＯＬＦ]
  - id: no-dates
    name: 没日期
    tier: gold
    city: " 成都 "
  - id: jan-gold
    name: 一月金卡
    tier: gold
    joined: 2019-12-31
    birthday: 1980-01-15
"""

EVENT = """\
title: 测试活动
kind: other
start: {start} 20:00
end: {start} 22:00
audience:
{audience}
"""


def selected(club, audience: str, start: str = "2026-12-22", leap: str = "feb28") -> list[str]:
    club.write(
        "mkdocs.yml",
        f"site_name: T\ndocs_dir: content\nplugins:\n  - club:\n      leap_day_birthdays: {leap}\n",
    )
    club.write("members.yaml", ROSTER)
    club.event(f"{start}-gala.yaml", EVENT.format(start=start, audience=audience))
    checked = check_root(club.root, TODAY)
    assert checked.report.errors == []
    event = checked.club.events_by_slug["gala"]
    return [m.id for m in resolve(checked.club, event).members]


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        pytest.param(
            "  tiers: [gold]\n  members: [dec-member]",
            ["dec-member", "leap", "no-dates", "jan-gold"],
            id="tier-or-id",
        ),
        pytest.param(
            "  members: [jan-gold, dec-diamond]", ["dec-diamond", "jan-gold"], id="ids-only-in-roster-order"
        ),
        pytest.param("  birthday_months: [12]", ["dec-diamond", "dec-member"], id="birthday-month-any-tier"),
        pytest.param(
            "  birthday_months: 12\n  tiers: [member]", ["dec-member"], id="month-and-tier-both-apply"
        ),
        pytest.param(
            "  birthday_months: [12, 1]", ["dec-diamond", "dec-member", "jan-gold"], id="two-months"
        ),
        pytest.param("  interests: [golf]", ["dec-diamond", "leap"], id="interest-ignores-case-and-width"),
        pytest.param("  cities: [宜宾]", ["dec-diamond", "dec-member"], id="city-with-or-without-shi"),
        pytest.param("  cities: [成都市]", ["leap", "no-dates"], id="city-spaces-ignored"),
        pytest.param(
            "  joined_before: 2020-01-01", ["dec-diamond", "jan-gold"], id="joined-before-is-strict"
        ),
        pytest.param("  joined_after: 2020-01-01", ["leap"], id="joined-after-is-strict"),
        pytest.param(
            "  joined_after: 2010-01-01\n  joined_before: 2020-01-02",
            ["dec-member", "jan-gold"],
            id="joined-between",
        ),
        pytest.param("  capacity: 10", [], id="no-selector-selects-nobody"),
        pytest.param(
            "  cities: [成都]\n  members: [dec-diamond, leap]",
            ["dec-diamond", "leap", "no-dates"],
            id="each-once",
        ),
    ],
)
def test_selectors(club, audience: str, expected: list[str]) -> None:
    assert selected(club, audience) == expected


@pytest.mark.parametrize(
    ("start", "leap", "month", "chosen"),
    [
        pytest.param("2027-02-20", "feb28", 2, True, id="common-year-feb28-is-february"),
        pytest.param("2027-03-01", "mar1", 3, True, id="common-year-mar1-is-march"),
        pytest.param("2027-02-20", "mar1", 2, False, id="common-year-mar1-not-february"),
        pytest.param("2028-02-20", "mar1", 2, True, id="leap-year-is-february"),
    ],
)
def test_a_29_february_birthday_counts_in_the_month_it_is_celebrated(
    club, start, leap, month, chosen
) -> None:
    ids = selected(club, f"  birthday_months: [{month}]", start=start, leap=leap)
    assert ("leap" in ids) is chosen


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        pytest.param(
            "  birthday_months: [13]",
            "events/2026-12-22-gala.yaml:6:21: error: the number 13 is not a month; write a month number from 1 to 12",
            id="month-out-of-range",
        ),
        pytest.param(
            "  birthday_month: 12",
            'events/2026-12-22-gala.yaml:6:3: error: unknown key "birthday_month"; did you mean "birthday_months"?',
            id="misspelt-key",
        ),
        pytest.param(
            "  joined_after: 2020-01-01\n  joined_before: 2019-01-01",
            "events/2026-12-22-gala.yaml:6:3: error: no one can join after 2020-01-01 and before 2019-01-01; "
            '"joined_after" must be an earlier date than "joined_before"',
            id="empty-joining-range",
        ),
        pytest.param(
            "  joined_before: 2020-13-01",
            'events/2026-12-22-gala.yaml:6:18: error: "2020-13-01" is not a real date: there is no month 13',
            id="bad-date",
        ),
        pytest.param(
            "  interests: [glof]",
            'events/2026-12-22-gala.yaml:6:15: warning: no member lists the interest "glof"; did you mean "Golf"?',
            id="interest-nobody-has",
        ),
        pytest.param(
            "  cities: [宜兵]",
            'events/2026-12-22-gala.yaml:6:12: warning: no member lives in "宜兵"; check the spelling against the roster',
            id="city-nobody-lives-in",
        ),
        pytest.param(
            "  birthday_months: [12]\n  capacity: 1",
            "events/2026-12-22-gala.yaml:7:13: warning: the audience selects 2 members but capacity is 1; "
            "raise the capacity or narrow the audience",
            id="capacity-counts-the-resolved-audience",
        ),
    ],
)
def test_audience_problems(club, check, audience: str, expected: str) -> None:
    club.write("members.yaml", ROSTER)
    club.event("2026-12-22-gala.yaml", EVENT.format(start="2026-12-22", audience=audience))
    code, lines = check()
    assert lines == [expected]
    assert code == (1 if ": error: " in expected else 0)


def test_club_check_prints_each_coming_events_count_against_its_capacity(club, capsys) -> None:
    club.write("members.yaml", ROSTER)
    # Over before today: its audience is left out of the table.
    club.event("2026-01-10-past.yaml", EVENT.format(start="2026-01-10", audience="  tiers: [gold]"))
    club.event(
        "2026-12-22-gala.yaml",
        EVENT.format(start="2026-12-22", audience="  birthday_months: [12]\n  capacity: 1"),
    )
    club.event(
        "2027-01-10-tea.yaml", EVENT.format(start="2027-01-10", audience="  tiers: [gold]\n  capacity: 40")
    )
    club.event("2027-01-11-open.yaml", EVENT.format(start="2027-01-11", audience="  cities: [成都]"))
    from generator.cli import main

    main(["--root", str(club.root), "check", "--today", TODAY.isoformat()])
    err = capsys.readouterr().err.splitlines()
    assert err[err.index("audience (invited / capacity):") :] == [
        "audience (invited / capacity):",
        "  gala     2 / 1  1 over",
        "  tea      3 / 40",
        "  open     2 / -",
    ]


def test_the_example_clubs_audiences(tmp_path) -> None:
    """Worked out from members.yaml by hand: December birthdays, outdoor interests, Yibin."""
    root = tmp_path / "example"
    root.mkdir()
    for name in ("mkdocs.yml", "members.yaml"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "events", root / "events")
    checked = check_root(root, TODAY)
    club = checked.club

    def ids(slug: str) -> list[str]:
        return [m.id for m in resolve(club, club.events_by_slug[slug]).members]

    # born in December: he-zong 12-22, zhang-wei 12-05, sun-hao 12-30; named: zhou-lan, zhao-min, lin-qiaoyun
    assert ids("nostalgia-birthday-party") == [
        "he-zong",
        "zhang-wei",
        "zhao-min",
        "sun-hao",
        "zhou-lan",
        "lin-qiaoyun",
    ]
    # 太极 wang-fang; 旅行/摄影 chen-jing; 跑步/登山 liu-yang; 摄影 sun-hao
    assert ids("cuiping-autumn-hike") == ["wang-fang", "chen-jing", "liu-yang", "sun-hao"]
    # everyone but the members in 成都 (zhang-wei), 泸州 (chen-jing), 重庆 (sun-hao) and 自贡 (huang-lei)
    assert len(ids("lantern-festival")) == 14 - 4
    # diamond and platinum who joined before 2016: all but chen-jing (2016-11-20)
    assert ids("hong-kong-art-trip") == ["he-zong", "li-na", "zhang-wei", "wang-fang", "ma-deshan"]
