"""One run over a club: read, check, and the facts every output of the run shares."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.checking.rules import check_club
from generator.diagnostics import Report
from generator.model import Club
from generator.reading.read import read_club


@dataclass
class Checked:
    root: Path
    club: Club
    report: Report
    today: date


def club_today(club: Club) -> date:
    return datetime.now(ZoneInfo(club.settings.timezone)).date()


def check_root(root: Path, today: date | None = None) -> Checked:
    report = Report()
    club = read_club(root, report)
    day = today or club_today(club)
    check_club(club, report, day)
    return Checked(root, club, report, day)
