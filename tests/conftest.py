"""Fixtures: the small club each test writes into, and `club check` on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import MEMBERS_YML, MKDOCS_YML, TODAY, Club


@pytest.fixture(autouse=True)
def _no_source_date_epoch(monkeypatch):
    """A build run without MkDocs' shutdown (`mkdocs.commands.build.build`) leaves the
    commit time it set in the environment; the next test must not build with it."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture(autouse=True)
def _messages_in_english(monkeypatch):
    """Tests pin the English wording of messages, which a Chinese club would otherwise print
    in Chinese (tests/test_messages.py checks the Chinese); `club --lang en` does the same."""
    monkeypatch.setenv("CLUB_LANG", "en")


@pytest.fixture
def club(tmp_path: Path) -> Club:
    made = Club(tmp_path / "club")
    made.write("mkdocs.yml", MKDOCS_YML.format(language="zh"))
    made.write("members.yaml", MEMBERS_YML)
    made.write("content/index.md", "# Test club\n")
    (made.root / "events").mkdir()
    return made


@pytest.fixture
def check(club: Club, capsys: pytest.CaptureFixture[str]):
    """Run `club check` on the fixture club; returns (exit code, output lines)."""

    def run(*extra: str) -> tuple[int, list[str]]:
        return club.run(capsys, "check", "--today", TODAY.isoformat(), *extra)

    return run
