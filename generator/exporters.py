"""The output modules a build runs. Adding an output adds a line here, nothing else."""

from __future__ import annotations

from datetime import date

from .birthdays import PlannersBirthdays
from .calendars import BirthdayCalendar, PublicCalendars
from .diagnostics import Report
from .invitations import KeptInvitations
from .outputs import OutputFamily
from .pages import EventPages, Pages
from .roster import PlannersRoster
from .sheets import PlannersSheets, PublicSheets


def site_outputs(today: date) -> list[OutputFamily]:
    """Everything under site/: Markdown pages MkDocs renders, other files copied as they are."""
    return [
        Pages(today, issue_pdfs=True),
        EventPages(today, agenda_pdfs=True),
        PublicCalendars(),
        PublicSheets(today),
    ]


def private_outputs(today: date, report: Report | None = None) -> list[OutputFamily]:
    """The planners' pack, written into private/. `report`: this run's check, if at hand."""
    return [
        BirthdayCalendar(),
        PlannersSheets(today, report),
        PlannersBirthdays(today),
        PlannersRoster(),
        KeptInvitations(),
    ]
