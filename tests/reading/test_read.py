"""Errors in the roster, the settings and the journal's front matter, pinned by position."""

from __future__ import annotations

import pytest

from tests.support import MKDOCS_YML

MEMBER = """\
members:
  - id: he-zong
    name: 何建国
    tier: diamond
"""


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        pytest.param(
            "    tier: diamnd\n",
            'members.yaml:4:11: error: member "he-zong" has unknown tier "diamnd"; did you mean "diamond"?',
            id="unknown-tier",
        ),
        pytest.param(
            "    tier: diamond\n    birthday: 1962-02-30\n",
            'members.yaml:5:15: error: "1962-02-30" is not a real date: 1962-02 has 28 days',
            id="impossible-birthday",
        ),
        pytest.param(
            "    tier: diamond\n    birthday: 13-01\n",
            'members.yaml:5:15: error: "13-01" is not a real date: there is no month 13',
            id="impossible-month",
        ),
        pytest.param(
            "    tier: diamond\n    consent: {directory: yes}\n",
            'members.yaml:5:26: error: "directory" must be true or false, found "yes"',
            id="consent-yes",
        ),
        pytest.param(
            "    tier: diamond\n    emial: he@example.org\n",
            'members.yaml:5:5: error: unknown key "emial"; did you mean "email"?',
            id="unknown-member-key",
        ),
        pytest.param(
            "    tier: diamond\n    email: he at example.org\n",
            'members.yaml:5:12: error: "he at example.org" is not an email address',
            id="bad-email",
        ),
        pytest.param(
            "    tier: diamond\n    referred_by: li-nna\n",
            'members.yaml:5:18: error: "referred_by" names "li-nna", who is not in the roster',
            id="unknown-referrer",
        ),
        pytest.param(
            "    tier: diamond\n    referred_by: he-zong\n",
            'members.yaml:5:18: error: member "he-zong" is recorded as introduced by themselves',
            id="self-referral",
        ),
        pytest.param(
            "    tier: diamond\n    interests: 交际舞\n",
            'members.yaml:5:16: error: "interests" must be a list, found "交际舞"; '
            'write each item on its own line starting with "- ", or as [a, b]',
            id="interests-not-a-list",
        ),
    ],
)
def test_member_errors(club, check, extra: str, expected: str) -> None:
    club.write("members.yaml", MEMBER.replace("    tier: diamond\n", extra))
    code, lines = check()
    assert (code, lines) == (1, [expected])


def test_duplicate_member_ids(club, check) -> None:
    club.write("members.yaml", MEMBER + "  - id: he-zong\n    name: 何二\n    tier: gold\n")
    assert check() == (
        1,
        [
            'members.yaml:5:5: error: member id "he-zong" is used twice; '
            "the first is at line 2; ids must be unique"
        ],
    )


def test_custom_tiers_replace_the_defaults(club, check) -> None:
    club.write(
        "members.yaml",
        "tiers:\n  - id: vip\n    name: {zh: 贵宾, en: VIP}\n" + MEMBER,
    )
    assert check() == (
        1,
        ['members.yaml:7:11: error: member "he-zong" has unknown tier "diamond"; known tiers: vip'],
    )


def test_an_invalid_member_does_not_make_references_to_it_errors(club, check) -> None:
    club.write(
        "members.yaml", MEMBER.replace("    tier: diamond\n", "    tier: diamond\n    phone: call me\n")
    )
    club.event(
        "2026-12-22-gala.yaml",
        "title: x\nkind: other\nstart: 2026-12-22 20:00\nend: 2026-12-22 22:00\n"
        "audience: {members: [he-zong]}\n",
    )
    code, lines = check()
    assert code == 1
    assert lines == [
        'members.yaml:5:12: error: "call me" is not a phone number; '
        'write digits, spaces and an optional leading "+", e.g. "+86 139 0000 0001"'
    ]


def test_a_missing_roster_is_reported(club, check) -> None:
    (club.root / "members.yaml").unlink()
    assert check() == (
        1,
        ["members.yaml:1:1: error: the members file does not exist; create members.yaml, even if empty"],
    )


def test_a_roster_that_is_a_list(club, check) -> None:
    club.write("members.yaml", "- id: he-zong\n")
    assert check() == (
        1,
        ['members.yaml:1:1: error: members.yaml must be a mapping with a "members" list, found a list'],
    )


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        pytest.param(
            "      timezone: Asia/Shangai\n",
            'mkdocs.yml:9:17: error: "Asia/Shangai" is not a known time zone; did you mean "Asia/Shanghai"?',
            id="time-zone",
        ),
        pytest.param(
            "      timezone: Asia/Shanghai\n      leap_day_birthday: mar1\n",
            'mkdocs.yml:10:7: error: unknown key "leap_day_birthday"; did you mean "leap_day_birthdays"?',
            id="unknown-option",
        ),
        pytest.param(
            "      timezone: Asia/Shanghai\n      leap_day_birthdays: march1\n",
            'mkdocs.yml:10:27: error: "march1" is not a valid leap_day_birthdays; did you mean "mar1"?',
            id="bad-enum",
        ),
        pytest.param(
            "      timezone: Asia/Shanghai\n      reminders: [1 day]\n",
            'mkdocs.yml:10:19: error: "1 day" is not a duration; write e.g. "20m", "1h30m" or "PT1H30M"',
            id="bad-reminder",
        ),
        pytest.param(
            "      timezone: Asia/Shanghai\n      private_dir: site/private\n",
            "mkdocs.yml:10:20: error: private_dir lies inside site_dir, so the planners' pack would be "
            'published; use a folder outside the site, e.g. "private"',
            id="private-inside-site",
        ),
    ],
)
def test_plugin_option_errors(club, check, option: str, expected: str) -> None:
    club.write(
        "mkdocs.yml", MKDOCS_YML.format(language="zh").replace("      timezone: Asia/Shanghai\n", option)
    )
    assert check() == (1, [expected])


def test_the_club_plugin_must_be_listed(club, check) -> None:
    club.write("mkdocs.yml", "site_name: x\nplugins:\n  - search\n")
    assert check() == (
        1,
        [
            'mkdocs.yml:3:3: error: the "club" plugin is not listed under "plugins"; add "- club" to the plugins list'
        ],
    )


POST = "content/journal/posts/2026-11-20-visit.md"


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        pytest.param(
            "date: 2026-11-31\n",
            f'{POST}:2:7: error: "2026-11-31" is not a real date: 2026-11 has 30 days',
            id="impossible-date",
        ),
        pytest.param(
            "date: 2026-11-20\nissue: 2026-13\n",
            f'{POST}:3:8: error: "2026-13" is not a journal issue; write the year and month, e.g. "2026-11"',
            id="bad-issue",
        ),
        pytest.param(
            "issue: 2026-11\n",
            f'{POST}:2:1: error: missing required key "date"; add a line "date: …"',
            id="missing-date",
        ),
        pytest.param(
            "date: 2026-11-20\nauthors: [editor-wnag]\n",
            f'{POST}:1:1: error: author "editor-wnag" is not listed in content/journal/.authors.yml; '
            'did you mean "editor-wang"?',
            id="unknown-author",
        ),
        pytest.param(
            "date: 2026-11-20\ntitle: [x\n",
            f'{POST}:4:1: error: a "[" is never closed (it opens at line 3, column 8); close it with "]"',
            id="broken-yaml",
        ),
    ],
)
def test_article_front_matter_errors(club, check, front_matter: str, expected: str) -> None:
    club.write("mkdocs.yml", MKDOCS_YML.format(language="zh") + "  - blog:\n      blog_dir: journal\n")
    club.write("content/journal/.authors.yml", "authors:\n  editor-wang:\n    name: 王编辑\n")
    club.write(POST, f"---\n{front_matter}---\n\n# 探访\n")
    assert check() == (1, [expected])


def test_an_article_without_front_matter(club, check) -> None:
    club.write(POST, "# 探访\n")
    assert check() == (
        1,
        [
            f"{POST}:1:1: error: the article has no front matter; "
            'start it with "---", the date, authors, categories and issue, then "---"'
        ],
    )


# Limits that keep a build's work bounded ---------------------------------------------------------

LIMITED_EVENT = """\
title: {title}
kind: other
start: 2026-12-20 18:00
end: 2026-12-20 22:00
run_sheet:
{segments}"""


def test_a_run_sheet_over_the_limit_is_an_error(club, check) -> None:
    segments = "".join(f"  - title: 第{n}项\n    duration: 1m\n" for n in range(201))
    club.event("2026-12-20-long.yaml", LIMITED_EVENT.format(title="长流程", segments=segments))
    assert check() == (
        1,
        [
            'events/2026-12-20-long.yaml:6:3: error: "run_sheet" has 201 segments; the limit is 200; '
            "split it into several events"
        ],
    )


def test_a_text_over_the_limit_is_an_error(club, check) -> None:
    segments = "  - title: 开场\n"
    club.event("2026-12-20-long.yaml", LIMITED_EVENT.format(title="长" * 1001, segments=segments))
    assert check() == (
        1,
        [
            'events/2026-12-20-long.yaml:1:8: error: "title" is 1,001 characters long; the limit is 1,000; '
            "shorten it: a long text belongs in an article under the journal"
        ],
    )


def test_more_event_files_than_one_build_reads_is_an_error(club, check, monkeypatch) -> None:
    from generator.reading import read

    monkeypatch.setattr(read, "MAX_EVENTS", 3)
    for day in range(10, 14):
        club.event(
            f"2026-12-{day}-e{day}.yaml", LIMITED_EVENT.format(title="活动", segments="  - title: 开场\n")
        )
    assert check() == (
        1,
        [
            "events/:1:1: error: the events folder holds 4 event files; one build reads at most 3; "
            "move past years' events into a folder outside it"
        ],
    )
