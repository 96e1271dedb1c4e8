"""The planners' roster in private/: every member, by tier, with who introduced whom."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import UTC, datetime

import pytest

from generator.checking.session import check_root
from generator.pack.csvcells import cell
from generator.pack.roster import PlannersRoster
from generator.writing.outputs import BuildInfo
from tests.support import REPO, TODAY


def outputs(root) -> dict[str, str | bytes]:
    club = check_root(root, TODAY).club
    build = BuildInfo(root, datetime(2026, 11, 23, tzinfo=UTC), "")
    return {o.path: o.content for o in PlannersRoster().outputs(club, build)}


def test_the_example_rosters_referrals(tmp_path) -> None:
    for name in ("mkdocs.yml", "members.yaml"):
        shutil.copy(REPO / name, tmp_path / name)
    made = outputs(tmp_path)
    raw = made["roster.csv"]
    assert isinstance(raw, bytes)
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))}
    # members.yaml: zhang-wei and zhou-lan were introduced by he-zong (何建国, called 何总)
    assert rows["zhang-wei"]["referred_by"] == "he-zong"
    assert rows["zhang-wei"]["referred_by_name"] == "何建国（何总）"
    assert rows["he-zong"]["introduced"] == "zhang-wei zhou-lan"
    assert rows["li-na"]["introduced"] == "wang-fang liu-yang"
    assert rows["he-zong"]["referred_by"] == ""
    # ordered by tier, highest first: the two diamond members, then platinum
    assert list(rows)[:3] == ["he-zong", "li-na", "zhang-wei"]
    html = made["roster.html"]
    assert isinstance(html, str)
    assert "介绍人" in html and "何建国（何总）" in html
    assert "喜欢八十年代音乐" in html  # planners' notes belong here, in private/


def test_names_are_escaped_in_the_roster(club) -> None:
    club.write(
        "members.yaml",
        "members:\n"
        "  - {id: a, name: '<img src=x onerror=alert(1)>', tier: gold}\n"
        "  - {id: b, name: 乙, tier: gold, referred_by: a}\n",
    )
    html = outputs(club.root)["roster.html"]
    assert isinstance(html, str)
    assert "<img" not in html
    assert html.count("&lt;img src=x onerror=alert(1)&gt;") == 2  # the member, and as b's introducer


def test_the_roster_csv_is_safe_in_a_spreadsheet(club) -> None:
    club.write(
        "members.yaml",
        "members:\n"
        "  - id: formula\n"
        '    name: \'=HYPERLINK("http://evil.example","点我")\'\n'
        "    display_name: '+cmd|'' /C calc''!A0'\n"
        "    city: '@SUM(A1:A9)'\n"
        "    notes: '-1+HYPERLINK(\"http://evil.example\")'\n"
        "    tier: gold\n"
        '    phone: "+86 138-0000-1111"\n'
        "    email: formula@example.org\n",
    )
    raw = outputs(club.root)["roster.csv"]
    assert isinstance(raw, bytes)
    (row,) = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
    assert row["name"] == '\'=HYPERLINK("http://evil.example","点我")'
    assert row["display_name"] == "'+cmd|' /C calc'!A0"
    assert row["city"] == "'@SUM(A1:A9)"
    assert row["notes"] == '\'-1+HYPERLINK("http://evil.example")'
    assert row["phone"] == "+86 138-0000-1111"  # stays dialable
    assert row["email"] == "formula@example.org"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+SUM(1)", "'+SUM(1)"),
        ("-cmd", "'-cmd"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("+86 138-0000-1111", "+86 138-0000-1111"),
        ("(010) 8888-0000", "(010) 8888-0000"),
        ("--12-22", "--12-22"),  # a birthday without its year: digits and dashes only
        ("+", "'+"),  # no digit: not a phone number
        ("何总 =1", "何总 =1"),
        ("", ""),
        (7, 7),
    ],
)
def test_one_rule_for_every_cell(value, written) -> None:
    assert cell(value) == written
