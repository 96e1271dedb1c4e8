"""What the tests share: the repository, small clubs written on the fly, and running a build."""

from __future__ import annotations

import hashlib
import textwrap
from datetime import date
from pathlib import Path

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
CLUBS = REPO / "tests" / "clubs"
TODAY = date(2026, 11, 23)

MKDOCS_YML = """\
site_name: Test club
site_url: https://club.test/
docs_dir: content
theme:
  name: material
  language: {language}
plugins:
  - club:
      timezone: Asia/Shanghai
"""

MEMBERS_YML = """\
members:
  - id: he-zong
    name: 何建国
    display_name: 何总
    tier: diamond
    birthday: 1962-12-22
    email: he@example.org
    consent: {directory: true, birthday: true}
  - id: li-na
    name: 李娜
    tier: gold
    birthday: "--03-15"
"""


class Club:
    """A small club in a temporary folder, with helpers to write files and run `club`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def event(self, name: str, text: str) -> Path:
        return self.write(f"events/{name}", text)

    def run(self, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
        code = main(["--root", str(self.root), *args])
        out = capsys.readouterr().out
        return code, [line for line in out.splitlines() if line]


EVENT = """\
title: 冬至联谊会 <b>大家</b>
kind: other
start: 2026-12-20 18:00
end: 2026-12-20 20:00
venue: {name: 丽泽汇馆, address: 宜宾市翠屏区}
summary: 一起**包饺子**。
notes: 私密备注-PLANNER-ONLY
run_sheet:
  - at: "17:30"
    until: "18:00"
    title: 布置场地-CREW-ONLY
    crew_only: true
  - at: "18:00"
    until: "20:00"
    title: 包饺子
    notes: 备注-CREW-NOTE
"""


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def staging_leftovers(root: Path) -> list[str]:
    return [p.name for p in root.iterdir() if p.name.startswith((".site.", ".private."))]


def build(club, capsys) -> tuple[int, str]:
    from generator.cli import main

    code = main(["--root", str(club.root), "build", "--today", TODAY.isoformat()])
    return code, capsys.readouterr().err
