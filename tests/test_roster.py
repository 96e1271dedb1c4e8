"""The planners' roster in private/: every member, by tier, with who introduced whom."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import UTC, datetime

from generator.outputs import BuildInfo
from generator.roster import PlannersRoster
from generator.session import check_root
from tests.conftest import REPO, TODAY


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
