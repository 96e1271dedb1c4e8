"""No event or roster an editor can write makes the reader or checker crash."""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from generator.checking.rules import check_club
from generator.diagnostics import Report
from generator.model import Club
from generator.reading.read import read_event, read_roster
from generator.reading.schema import EventIn, MemberIn, SegmentIn
from tests.support import MEMBERS_YML, MKDOCS_YML

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "20:00",
            "23:45",
            "00:15",
            "24:00",
            "2026-12-22 20:00",
            "2026-02-30 20:00",
            "2026-12-22",
            "20m",
            "1h30m",
            "PT2H",
            "P1D",
            "x",
            "",
            "he-zong",
            "nobody",
            "diamond",
            "birthday",
            "cancelled",
            "Asia/Shanghai",
            "Mars/Olympus",
            "--02-29",
            "12-22",
            "yes",
            "😀, ; \\ 中文",
        ]
    ),
    st.text(max_size=12),
)


def values(keys: list[str]) -> st.SearchStrategy[dict]:
    leaf = st.one_of(SCALARS, st.lists(SCALARS, max_size=3))
    return st.dictionaries(st.sampled_from([*keys, "unknown"]), leaf, max_size=len(keys) + 1)


SEGMENTS = st.lists(values(list(SegmentIn.model_fields)), max_size=5)
EVENTS = st.tuples(values(list(EventIn.model_fields)), SEGMENTS).map(
    lambda pair: {**pair[0], "run_sheet": pair[1]} if pair[1] else pair[0]
)


def dump(data: object) -> str:
    out = io.StringIO()
    YAML().dump(data, out)
    return out.getvalue()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(event=EVENTS)
def test_any_event_file_reads_and_checks_without_crashing(tmp_path: Path, event: dict) -> None:
    root = tmp_path
    (root / "events").mkdir(exist_ok=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(language="zh"), encoding="utf-8")
    (root / "members.yaml").write_text(MEMBERS_YML, encoding="utf-8")
    path = root / "events/2026-12-22-fuzz.yaml"
    path.write_text(dump(event), encoding="utf-8")
    report = Report()
    from generator.reading.read import read_settings

    settings_ = read_settings(root, report)
    tiers, members, ids, roster = read_roster(root, settings_, report)
    parsed = read_event(root, path, settings_, report)
    club = Club(settings_, tiers, members, [parsed] if parsed else [], [], ids, None, roster)
    from datetime import date

    check_club(club, report, date(2026, 11, 23))
    for item in report.items:
        assert item.position.line >= 1 and item.position.col >= 1
        assert all(said and "\n" not in said for said in item.said()[:1])
        assert "\n" not in item.text("zh")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(members=st.lists(values(list(MemberIn.model_fields)), max_size=4))
def test_any_roster_reads_without_crashing(tmp_path: Path, members: list[dict]) -> None:
    (tmp_path / "members.yaml").write_text(dump({"members": members}), encoding="utf-8")
    from generator.model import Settings

    report = Report()
    read_roster(tmp_path, Settings(), report)
    assert all(item.position.file == "members.yaml" for item in report.items)
