"""Birthdays this month and next: the public list (consented, no year) and the planners' one."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import UTC, date, datetime

import pytest

from generator.checking.session import check_root
from generator.pack.birthdays import PlannersBirthdays, upcoming_birthdays
from generator.writing.outputs import BuildInfo
from tests.support import REPO, TODAY

ROSTER = """\
members:
  - id: leap
    name: 闰日
    display_name: 闰姐
    tier: gold
    birthday: 1964-02-29
    phone: "13900000001"
    consent: {directory: true, birthday: true}
  - id: round
    name: 六十整
    tier: diamond
    birthday: 1967-01-09
    consent: {directory: true, birthday: true}
  - id: private
    name: 不公开
    tier: gold
    birthday: 1980-01-20
  - id: name-only
    name: 只公开姓名
    tier: gold
    birthday: "--01-05"
    consent: {directory: true}
  - id: xss
    name: <img src=x onerror=alert(1)>
    tier: member
    birthday: 1990-12-31
    consent: {directory: true, birthday: true}
"""


def club_with(club, leap: str = "feb28"):
    club.write(
        "mkdocs.yml",
        f"site_name: 泽丝泰会员会刊\ndocs_dir: content\nplugins:\n  - club:\n      leap_day_birthdays: {leap}\n",
    )
    club.write("members.yaml", ROSTER)
    checked = check_root(club.root, TODAY)
    assert checked.report.errors == []
    return checked.club


def test_the_example_clubs_public_birthdays_in_november_and_december(tmp_path) -> None:
    root = tmp_path / "example"
    root.mkdir()
    for name in ("mkdocs.yml", "members.yaml"):
        shutil.copy(REPO / name, root / name)
    club = check_root(root, TODAY).club
    public = upcoming_birthdays(club, TODAY)
    # November: 赵敏 11-18, 马德山 11-30; December: 张伟 12-05, 何建国 12-22. 孙浩 (12-30) did not consent.
    assert [(b.member.name, b.day) for b in public] == [
        ("赵姐", date(2026, 11, 18)),
        ("马老", date(2026, 11, 30)),
        ("张总", date(2026, 12, 5)),
        ("何总", date(2026, 12, 22)),
    ]
    assert all(b.member.birthday == (b.day.month, b.day.day) for b in public)
    planners = upcoming_birthdays(club, TODAY, public=False)
    assert [(b.member.id, b.age) for b in planners] == [
        ("zhao-min", 2026 - 1972),
        ("ma-deshan", 2026 - 1951),
        ("zhang-wei", 2026 - 1975),
        ("he-zong", 2026 - 1962),
        ("sun-hao", 2026 - 1985),
    ]
    assert [b.public for b in planners] == [True, True, True, True, False]


def test_public_entries_need_both_consents_and_carry_no_year(club) -> None:
    made = club_with(club)
    public = upcoming_birthdays(made, date(2026, 12, 10))  # December and January
    assert [b.member.id for b in public] == ["xss", "round"]
    for entry in public:
        assert "1967" not in repr(entry) and "1990" not in repr(entry)


def test_planners_see_everyone_with_age_and_tier_across_the_new_year(club) -> None:
    made = club_with(club)
    planners = upcoming_birthdays(made, date(2026, 12, 10), public=False)
    assert [(b.member.id, b.day, b.age, b.tier.id if b.tier else None) for b in planners] == [
        ("xss", date(2026, 12, 31), 36, "member"),
        ("name-only", date(2027, 1, 5), None, "gold"),
        ("round", date(2027, 1, 9), 60, "diamond"),
        ("private", date(2027, 1, 20), 47, "gold"),
    ]


@pytest.mark.parametrize(
    ("leap", "today", "expected"),
    [
        pytest.param("feb28", date(2027, 2, 1), date(2027, 2, 28), id="common-year-feb28"),
        pytest.param("mar1", date(2027, 2, 1), date(2027, 3, 1), id="common-year-mar1-in-next-month"),
        pytest.param("mar1", date(2027, 3, 1), date(2027, 3, 1), id="common-year-mar1-this-month"),
        pytest.param("mar1", date(2028, 2, 1), date(2028, 2, 29), id="leap-year"),
        pytest.param("mar1", date(2027, 1, 1), None, id="mar1-not-in-january-or-february"),
    ],
)
def test_29_february_follows_the_clubs_setting(club, leap, today, expected) -> None:
    made = club_with(club, leap)
    days = [b.day for b in upcoming_birthdays(made, today) if b.member.id == "leap"]
    assert days == ([expected] if expected else [])


def test_greetings_fit_one_text_message_and_use_the_name_members_go_by(club) -> None:
    made = club_with(club)
    planners = {b.member.id: b for b in upcoming_birthdays(made, date(2026, 12, 10), public=False)}
    assert (
        planners["round"].greeting == "六十整，恭祝您60岁生日快乐！愿您福寿安康、万事如意。——泽丝泰会员会刊"
    )
    assert (
        planners["private"].greeting == "不公开，祝您生日快乐！愿新的一岁身体健康、万事如意。——泽丝泰会员会刊"
    )
    leap = upcoming_birthdays(made, date(2027, 2, 1), public=False)[0]
    assert leap.greeting.startswith("闰姐，")
    long_name = ROSTER.replace("name: 六十整", "name: " + "很长的名字" * 20)
    club.write("members.yaml", long_name)
    entry = next(
        b
        for b in upcoming_birthdays(check_root(club.root, TODAY).club, date(2027, 1, 1), public=False)
        if b.member.id == "round"
    )
    assert len(entry.greeting) <= 70


def test_the_planners_files(club) -> None:
    made = club_with(club)
    build = BuildInfo(club.root, datetime(2026, 12, 1, tzinfo=UTC), "")
    outputs = {o.path: o.content for o in PlannersBirthdays(date(2026, 12, 10)).outputs(made, build)}
    assert set(outputs) == {"birthdays.html", "birthdays.csv"}
    html = outputs["birthdays.html"]
    assert isinstance(html, str)
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img" not in html
    assert "60 ★" in html  # a round birthday stands out
    assert "2026年12月" in html and "2027年1月" in html
    raw = outputs["birthdays.csv"]
    assert isinstance(raw, bytes)
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [(r["date"], r["id"], r["age"], r["tier"], r["public"]) for r in rows] == [
        ("2026-12-31", "xss", "36", "会员", "yes"),
        ("2027-01-05", "name-only", "", "金卡会员", "no"),
        ("2027-01-09", "round", "60", "钻石会员", "yes"),
        ("2027-01-20", "private", "47", "金卡会员", "no"),
    ]


def test_the_planners_csv_is_safe_in_a_spreadsheet(club) -> None:
    club.write(
        "mkdocs.yml",
        "site_name: 泽丝泰会员会刊\ndocs_dir: content\nplugins:\n  - club:\n      timezone: Asia/Shanghai\n",
    )
    club.write(
        "members.yaml",
        "members:\n"
        "  - id: formula\n"
        '    name: \'=HYPERLINK("http://evil.example","点我")\'\n'
        "    display_name: '@SUM(1+1)*cmd'\n"
        "    city: '-2+3+cmd|'' /C calc''!A0'\n"
        "    tier: gold\n"
        "    birthday: 1990-12-31\n"
        '    phone: "+86 138-0000-1111"\n',
    )
    checked = check_root(club.root, TODAY)
    assert checked.report.errors == []
    build = BuildInfo(club.root, datetime(2026, 12, 1, tzinfo=UTC), "")
    made = {o.path: o.content for o in PlannersBirthdays(date(2026, 12, 10)).outputs(checked.club, build)}
    raw = made["birthdays.csv"]
    assert isinstance(raw, bytes)
    (row,) = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
    assert row["name"] == '\'=HYPERLINK("http://evil.example","点我")'
    assert row["display_name"] == "'@SUM(1+1)*cmd"
    assert row["city"] == "'-2+3+cmd|' /C calc'!A0"
    assert row["phone"] == "+86 138-0000-1111"  # stays dialable
    assert not row["greeting"].startswith(("=", "+", "-", "@"))
