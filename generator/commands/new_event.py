"""`club new event`: a commented, ready-to-edit event file that passes `club check` as written."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from generator.checking.rules import BIRTHDAY_WINDOW_DAYS
from generator.diagnostics import Report
from generator.markup import environment
from generator.messages import language_for, say, t
from generator.reading.read import read_club, read_settings
from generator.reading.values import SLUG
from generator.slugs import slugify
from generator.texts import language_of


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
    club_language = read_settings(root, Report()).language
    language = language_for(club_language)
    slug = slug or slugify(title)
    if not SLUG.fullmatch(slug):
        say(t('"{slug}" is not a valid slug: use lowercase a-z, digits and "-"', slug=slug), language)
        return 2
    club_settings = read_club(root, Report()).settings
    folder = root / club_settings.events_dir
    taken = sorted(folder.glob(f"*-{slug}.yaml")) if folder.is_dir() else []
    taken = [p for p in taken if p.name[11:-5] == slug]
    if taken:
        say(t('an event with the slug "{slug}" exists already: {file}', slug=slug, file=taken[0]), language)
        say(t("choose another with --slug"), language)
        return 1
    if kind == "birthday" and not honorees:
        honorees = _honorees_near(root, day)[:3]
        if not honorees:
            say(
                t(
                    "no member has a birthday within {days} days of {day}; "
                    "name the honoree with --honoree MEMBER-ID",
                    days=BIRTHDAY_WINDOW_DAYS,
                    day=day,
                ),
                language,
            )
            return 1
    text = (
        environment("new")
        # The club's language: the file is the club's, whoever runs the command.
        .get_template(f"{kind}.{language_of(club_language)}.yaml.j2")
        .render(title=_yaml_text(title), day=day.isoformat(), honorees=honorees)
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{day.isoformat()}-{slug}.yaml"
    path.write_text(text, encoding="utf-8")
    print(path.relative_to(root))
    return 0
