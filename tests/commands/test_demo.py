"""`club demo` writes a realistic club that checks clean, the same one for the same seed."""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.checking.session import check_root
from generator.cli import main
from tests.support import TODAY


def digest(folder: Path) -> str:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()


def test_a_demo_club_checks_clean_and_is_realistic(tmp_path: Path) -> None:
    target = tmp_path / "demo"
    args = [
        "demo",
        str(target),
        "--members",
        "1200",
        "--events",
        "60",
        "--articles",
        "12",
        "--today",
        TODAY.isoformat(),
    ]
    assert main(args) == 0
    checked = check_root(target, TODAY)
    assert [d.text() for d in checked.report.items] == []
    club = checked.club
    assert len(club.members) == 1200 and len(club.events) == 60 and len(club.articles) == 12
    assert any(m.birthday and (m.birthday.month, m.birthday.day) == (2, 29) for m in club.members)
    assert any(m.name.isascii() for m in club.members) and any(not m.name.isascii() for m in club.members)
    assert {len(e.run_sheet) - 1 for e in club.events} <= set(range(5, 31))
    assert {e.kind for e in club.events} == {"birthday", "briefing", "other"}
    assert len(club.issues) >= 2
    assert len({t.id for t in club.tiers}) == 4


def test_the_same_seed_writes_the_same_club(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert (
            main(
                [
                    "demo",
                    str(tmp_path / name),
                    "--members",
                    "50",
                    "--events",
                    "5",
                    "--articles",
                    "3",
                    "--today",
                    "2026-11-23",
                ]
            )
            == 0
        )
    assert digest(tmp_path / "a") == digest(tmp_path / "b")


def test_a_demo_never_overwrites_a_club(tmp_path: Path, capsys) -> None:
    assert main(["demo", str(tmp_path), "--members", "5", "--events", "1", "--articles", "1"]) == 0
    assert main(["demo", str(tmp_path), "--members", "5"]) == 1
    assert "already holds a club" in capsys.readouterr().err
