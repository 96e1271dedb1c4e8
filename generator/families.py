"""The output modules a build runs. Adding an output adds a line here, nothing else."""

from __future__ import annotations

from datetime import date

from generator.calendars.calendars import BirthdayCalendar, PublicCalendars
from generator.diagnostics import Report
from generator.invitations.invitations import PlannersInvitations
from generator.pack.birthdays import PlannersBirthdays
from generator.pack.roster import PlannersRoster
from generator.pages.generated import EventPages, Pages
from generator.sheets.sheets import PlannersSheets, PublicSheets
from generator.writing.outputs import OutputFamily


def site_outputs(today: date, printable: bool = True) -> list[OutputFamily]:
    """Everything under site/: Markdown pages MkDocs renders, other files copied as they are.
    Without `printable` (the preview of `club serve`) no PDF is made, nor linked to."""
    return [
        Pages(today, issue_pdfs=printable),
        EventPages(today, agenda_pdfs=printable),
        PublicCalendars(),
        *([PublicSheets(today)] if printable else []),
    ]


def private_outputs(today: date, report: Report | None = None) -> list[OutputFamily]:
    """The planners' pack, written into private/. `report`: this run's check, if at hand."""
    return [
        BirthdayCalendar(),
        PlannersSheets(today, report),
        PlannersBirthdays(today),
        PlannersRoster(),
        PlannersInvitations(),
    ]
