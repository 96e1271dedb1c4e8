"""`club new event`: a commented, ready-to-edit event file that passes `club check` as written."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from generator.checking.rules import BIRTHDAY_WINDOW_DAYS
from generator.diagnostics import Report
from generator.markup import environment
from generator.reading.read import read_club
from generator.reading.values import SLUG
from generator.slugs import slugify


def _yaml_text(value: str) -> str:
    # A JSON string is a valid YAML 1.2 double-quoted scalar.
    return json.dumps(value, ensure_ascii=False)


def _honorees_near(root: Path, day: date) -> list[str]:
    club = read_club(root, Report())
    rule = club.settings.leap_day_birthdays
    near = []
    for member in club.members:
        if member.birthday:
            days = min(
                abs((member.birthday.in_year(y, rule) - day).days)
                for y in (day.year - 1, day.year, day.year + 1)
            )
            if days <= BIRTHDAY_WINDOW_DAYS:
                near.append((days, member.id))
    return [member_id for _, member_id in sorted(near)]


def new_event(root: Path, kind: str, day: date, title: str, slug: str | None, honorees: list[str]) -> int:
    slug = slug or slugify(title)
    if not SLUG.fullmatch(slug):
        print(f'club: "{slug}" is not a valid slug: use lowercase a-z, digits and "-"', file=sys.stderr)
        return 2
    club_settings = read_club(root, Report()).settings
    folder = root / club_settings.events_dir
    taken = sorted(folder.glob(f"*-{slug}.yaml")) if folder.is_dir() else []
    taken = [p for p in taken if p.name[11:-5] == slug]
    if taken:
        print(f'club: an event with the slug "{slug}" exists already: {taken[0]}', file=sys.stderr)
        print("club: choose another with --slug", file=sys.stderr)
        return 1
    if kind == "birthday" and not honorees:
        honorees = _honorees_near(root, day)[:3]
        if not honorees:
            print(
                f"club: no member has a birthday within {BIRTHDAY_WINDOW_DAYS} days of {day}; "
                "name the honoree with --honoree MEMBER-ID",
                file=sys.stderr,
            )
            return 1
    text = (
        environment("new")
        .get_template(f"{kind}.yaml.j2")
        .render(title=_yaml_text(title), day=day.isoformat(), honorees=honorees)
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{day.isoformat()}-{slug}.yaml"
    path.write_text(text, encoding="utf-8")
    print(path.relative_to(root))
    return 0
