"""`club members import FILE.csv`: spreadsheet rows become members.yaml entries."""

from __future__ import annotations

import pytest

from generator.checking.session import check_root
from generator.cli import main
from tests.support import TODAY

ROSTER = """\
# 名册（注释要保留）
tiers:
  - id: diamond
    name: {zh: 钻石会员, en: Diamond}
  - id: gold
    name: {zh: 金卡会员, en: Gold}
  - id: member
    name: {zh: 普通会员, en: Member}

members:
  # 老会员
  - id: zhang-wei
    name: 张伟
    tier: gold
    phone: "+86 139 0000 0003"   # 手机
    email: zhang.wei@example.org

  - id: he-zong
    name: 何建国
    display_name: 何总
    tier: diamond
    birthday: 1962-12-22
    notes: |
      喜欢八十年代音乐。
      第二行。
"""

CHINESE = """\
姓名,称呼,手机,邮箱,生日,等级,城市,入会日期,兴趣,推荐人,公开姓名,公开生日,备注
张伟,,13800001111,zw2@example.org,1970/5/6,金卡,成都,2026年11月1日,登山、摄影,何总,是,否,新会员
李娜,李姐,+86 139 0000 0002,,12-08,钻石会员,宜宾,2011-06-18,茶艺;插花,zhang-wei,yes,yes,
"""

ADDED = """\

  - id: zhang-wei-2
    name: 张伟
    tier: gold
    joined: 2026-11-01
    birthday: 1970-05-06
    email: zw2@example.org
    phone: "13800001111"
    city: 成都
    interests: [登山, 摄影]
    referred_by: he-zong
    consent: {directory: true}
    notes: 新会员

  - id: li-na
    name: 李娜
    display_name: 李姐
    tier: diamond
    joined: 2011-06-18
    birthday: "--12-08"
    phone: "+86 139 0000 0002"
    city: 宜宾
    interests: [茶艺, 插花]
    referred_by: zhang-wei
    consent: {directory: true, birthday: true}
"""


@pytest.fixture
def roster(club, monkeypatch):
    club.write("members.yaml", ROSTER)
    monkeypatch.chdir(club.root)
    return club


def run(club, capsys, csv_text: str | bytes, *extra: str) -> tuple[int, list[str], str]:
    path = club.root / "people.csv"
    if isinstance(csv_text, str):
        path.write_text(csv_text, encoding="utf-8")
    else:
        path.write_bytes(csv_text)
    code = main(["--root", str(club.root), "members", "import", "people.csv", *extra])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def members_text(club) -> str:
    return (club.root / "members.yaml").read_text(encoding="utf-8")


def test_rows_are_appended_and_everything_before_stays_as_written(roster, capsys) -> None:
    code, out, err = run(roster, capsys, CHINESE)
    assert code == 0, (out, err)
    assert members_text(roster) == ROSTER + ADDED
    assert out[-1] == "added 2 members to members.yaml: zhang-wei-2, li-na"
    checked = check_root(roster.root, TODAY)
    assert checked.report.items == []
    assert [m.id for m in checked.club.members] == ["zhang-wei", "he-zong", "zhang-wei-2", "li-na"]
    assert checked.club.members_by_id["he-zong"].notes == "喜欢八十年代音乐。\n第二行。\n"


def test_importing_the_same_file_again_adds_nobody(roster, capsys) -> None:
    assert run(roster, capsys, CHINESE)[0] == 0
    before = members_text(roster)
    code, out, _ = run(roster, capsys, CHINESE)
    assert code == 0
    assert out == [
        "people.csv:2: skipped 张伟: already on the roster as zhang-wei-2 (same e-mail)",
        "people.csv:3: skipped 李娜: already on the roster as li-na (same phone)",
        "nothing to add to members.yaml",
    ]
    assert members_text(roster) == before


def test_rows_that_cannot_be_read_are_reported_and_the_others_imported(roster, capsys) -> None:
    text = """\
姓名,手机,邮箱,生日,等级
王五,1.38E+10,,,
,13900000009,,,
赵六,,not-an-email,1980-02-30,黑金
孙七,13900000010,,--02-29,
"""
    code, out, err = run(roster, capsys, text)
    assert code == 1
    assert out == [
        'people.csv:2:2: error: "1.38E+10" is a phone number the spreadsheet turned into a rounded number; '
        "format the phone column as text in the spreadsheet, then export again",
        "people.csv:3:1: error: the name is empty",
        'people.csv:4:3: error: "not-an-email" is not an e-mail address',
        'people.csv:4:4: error: "1980-02-30" is not a real date',
        'people.csv:4:5: error: "黑金" is not a tier; tiers: 钻石会员 (diamond), 金卡会员 (gold), 普通会员 (member)',
        'no tier given, so "member" for: 孙七',
        "added 1 member to members.yaml: sun-qi",
    ]
    assert "3 rows could not be read" in err
    assert members_text(roster).endswith(
        '  - id: sun-qi\n    name: 孙七\n    tier: member\n    birthday: "--02-29"\n    phone: "13900000010"\n'
    )


def test_a_row_spanning_lines_is_reported_where_it_starts(roster, capsys) -> None:
    text = '姓名,备注,邮箱\n王五,"第一行\n第二行",wang@example.org\n赵六,,bad\n'
    code, out, _ = run(roster, capsys, text)
    assert code == 1
    assert out[0] == 'people.csv:4:3: error: "bad" is not an e-mail address'
    assert "    notes: |\n      第一行\n      第二行\n" in members_text(roster)


def test_english_headers_and_map(roster, capsys) -> None:
    text = "Full Name,Nickname,Mobile,Card No,Level\nAnna Li,Anna,13900000020,A-001,Diamond\n"
    code, out, _ = run(roster, capsys, text, "--map", "Nickname=display_name", "--map", "Card No=-")
    assert code == 0
    assert out == ["added 1 member to members.yaml: anna-li"]
    assert members_text(roster).endswith(
        '  - id: anna-li\n    name: Anna Li\n    display_name: Anna\n    tier: diamond\n    phone: "13900000020"\n'
    )


def test_an_unknown_column_is_named_with_the_map_to_import_it(roster, capsys) -> None:
    code, out, _ = run(roster, capsys, "姓名,会员卡号\n王五,A001\n")
    assert code == 0
    assert out[0] == (
        'people.csv:1:2: warning: column "会员卡号" is not imported; to import it, add --map "会员卡号=FIELD" '
        "(fields: id, name, display_name, tier, joined, birthday, email, phone, city, interests, referred_by, "
        "consent.directory, consent.birthday, notes)"
    )


def test_a_map_to_an_unknown_field_is_a_usage_error(roster, capsys) -> None:
    code, _, err = run(roster, capsys, "姓名\n王五\n", "--map", "姓名=nmae")
    assert code == 2
    assert (
        err.strip()
        == 'club: --map "姓名=nmae": "nmae" is not a member field; did you mean "name"? (or "-" to leave it out)'
    )
    assert members_text(roster) == ROSTER


def test_without_a_name_column_nothing_is_imported(roster, capsys) -> None:
    code, out, _ = run(roster, capsys, "手机\n13900000001\n")
    assert code == 1
    assert out == [
        'people.csv:1:1: error: no column holds the members\' names; name it "姓名" or "name", or add --map "COLUMN=name"'
    ]
    assert members_text(roster) == ROSTER


def test_excel_exports_in_gbk_and_utf16(roster, capsys) -> None:
    assert run(roster, capsys, "姓名,城市\n王五,宜宾\n".encode("gbk"))[0] == 0
    assert "    name: 王五\n    tier: member\n    city: 宜宾\n" in members_text(roster)
    assert run(roster, capsys, "姓名\t城市\n赵六\t成都\n".encode("utf-16"))[0] == 0
    assert "    name: 赵六\n    tier: member\n    city: 成都\n" in members_text(roster)


def test_a_referrer_that_is_no_member_is_an_error(roster, capsys) -> None:
    code, out, _ = run(roster, capsys, "姓名,推荐人\n王五,不认识\n")
    assert code == 1
    assert out[0] == 'people.csv:2:2: error: no member is called "不认识"; write the introducer\'s id instead'
    assert members_text(roster) == ROSTER


def test_dry_run_writes_nothing(roster, capsys) -> None:
    code, out, _ = run(roster, capsys, CHINESE, "--dry-run")
    assert code == 0
    assert "\n".join(out[:-1]) + "\n" == ADDED
    assert out[-1] == "would add 2 members to members.yaml (dry run: nothing written)"
    assert members_text(roster) == ROSTER


def test_a_roster_without_members_yet(club, capsys, monkeypatch) -> None:
    club.write("members.yaml", "# 还没有会员\n")
    monkeypatch.chdir(club.root)
    assert run(club, capsys, "姓名,等级\n王五,gold\n")[0] == 0
    assert members_text(club) == "# 还没有会员\nmembers:\n  - id: wang-wu\n    name: 王五\n    tier: gold\n"
    assert check_root(club.root, TODAY).report.items == []
