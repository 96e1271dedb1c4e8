"""Parsers for the scalar values editors write: ids, dates, times, durations, time zones.

Each raises ValueError with a sentence an editor can act on; the schema turns it into a
diagnostic at the value's position.
"""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from datetime import date, datetime, time, timedelta
from functools import cache, reduce

from generator.diagnostics import did_you_mean
from generator.messages import t

SLUG = re.compile(r"[a-z0-9-]{1,64}")
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DATETIME = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?")
_TIME = re.compile(r"(\d{1,2}):(\d{2})")
_MONTH_DAY = re.compile(r"(?:--)?(\d{1,2})-(\d{1,2})")
_SHORT_DURATION = re.compile(r"(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?", re.IGNORECASE)
_ISO_DURATION = re.compile(r"P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?", re.IGNORECASE)


class Hinted(ValueError):
    """A ValueError that carries what to write instead."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def slug(text: str) -> str:
    if not SLUG.fullmatch(text):
        suggestion = re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-")[:64]
        hint = (
            t('for example "{suggestion}"', suggestion=suggestion)
            if suggestion and SLUG.fullmatch(suggestion)
            else ""
        )
        raise Hinted(
            t(
                '"{text}" is not a valid id: use lowercase letters a-z, digits and "-" (1-64 characters)',
                text=text,
            ),
            hint,
        )
    return text


def _real_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        if 1 <= month <= 12:
            from calendar import monthrange

            days = monthrange(year, month)[1]
            raise Hinted(
                t(
                    '"{text}" is not a real date: {year}-{month:02d} has {days} days',
                    text=text,
                    year=year,
                    month=month,
                    days=days,
                )
            ) from None
        raise Hinted(
            t('"{text}" is not a real date: there is no month {month}', text=text, month=month)
        ) from None


def parse_date(text: str) -> date:
    match = _DATE.fullmatch(text.strip())
    if not match:
        raise Hinted(t('"{text}" is not a date', text=text), t('write it as YYYY-MM-DD, e.g. "2026-12-22"'))
    year, month, day = (int(g) for g in match.groups())
    return _real_date(year, month, day, text)


def parse_datetime(text: str) -> datetime:
    """A local wall-clock date and time; the caller attaches the event's time zone."""
    match = _DATETIME.fullmatch(text.strip())
    if not match:
        if _DATE.fullmatch(text.strip()):
            raise Hinted(
                t('"{text}" has a date but no time', text=text),
                t('write e.g. "{date} 20:00"', date=text.strip()),
            )
        day, _, clock = text.strip().partition(" ")
        if _DATE.fullmatch(unicodedata.normalize("NFKC", day)) and (_full_width(text) or meant_clock(clock)):
            raise _not_a_clock(text.strip() if _full_width(text) else clock, text.strip(), "20:00")
        raise Hinted(
            t('"{text}" is not a date and time', text=text),
            t('write it as YYYY-MM-DD HH:MM, e.g. "2026-12-22 20:00"'),
        )
    year, month, day, hour, minute = (int(g) for g in match.groups()[:5])
    second = int(match.group(6) or 0)
    day_value = _real_date(year, month, day, text)
    return datetime.combine(day_value, _real_time(hour, minute, second, text))


def _real_time(hour: int, minute: int, second: int, text: str) -> time:
    if hour == 24 and minute == 0 and second == 0:
        raise Hinted(
            t('"{text}" is not a time of day', text=text), t('write "00:00" of the next day, or "23:59"')
        )
    if hour > 23 or minute > 59 or second > 59:
        raise Hinted(
            t('"{text}" is not a time of day', text=text), t("hours go from 00 to 23, minutes from 00 to 59")
        )
    return time(hour, minute, second)


_OTHER_SEPARATOR = re.compile(r"(\d{1,2})\s*[.,h]\s*(\d{2})", re.IGNORECASE)
_AM_PM = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s*m\.?", re.IGNORECASE)
_CHINESE_CLOCK = re.compile(
    r"(凌晨|早上|上午|中午|下午|傍晚|晚上)?\s*(\d{1,2})\s*[点點时時](?:\s*(\d{1,2})\s*分?|(半))?"
)
_AFTERNOON = ("下午", "傍晚", "晚上")


def _clock(hour: int, minute: int) -> str | None:
    return f"{hour:02d}:{minute:02d}" if 0 <= hour <= 23 and 0 <= minute <= 59 else None


def meant_clock(text: str) -> str | None:
    """The HH:MM an editor most likely meant by a time written another way: "19.00",
    "7pm", "晚上7点半" (full-width characters already made half-width)."""
    stripped = text.strip()
    if match := _OTHER_SEPARATOR.fullmatch(stripped):
        return _clock(int(match.group(1)), int(match.group(2)))
    if match := _AM_PM.fullmatch(stripped):
        hour, minute = int(match.group(1)) % 12, int(match.group(2) or 0)
        return _clock(hour + (12 if match.group(3).lower() == "p" else 0), minute)
    if match := _CHINESE_CLOCK.fullmatch(stripped):
        hour = int(match.group(2))
        minute = 30 if match.group(4) else int(match.group(3) or 0)
        # 中午1点 is one in the afternoon, 凌晨12点 midnight.
        if (match.group(1) in _AFTERNOON and hour < 12) or (match.group(1) == "中午" and hour < 11):
            hour += 12
        elif match.group(1) == "凌晨" and hour == 12:
            hour = 0
        return _clock(hour, minute)
    return None


def _full_width(text: str) -> list[str]:
    return sorted({c for c in text if unicodedata.normalize("NFKC", c) != c and not c.isspace()})


def _not_a_clock(text: str, whole: str, example: str) -> Hinted:
    """What is wrong with `text` written as a time (`whole`: the value it stands in)."""
    wide = _full_width(text)
    if wide:
        narrow = unicodedata.normalize("NFKC", whole).strip()
        typed = unicodedata.normalize("NFKC", text).strip()
        meant = meant_clock(typed)
        if meant:  # "７pm": half-width alone would not do
            narrow = narrow.replace(typed, meant)
        marks = reduce(
            lambda before, after: t("{before}、{after}", before=before, after=after),
            [t('"{text}"', text=c) for c in wide],
        )
        return Hinted(
            t(
                '"{whole}" is typed with the full-width {marks} of a Chinese input method',
                whole=whole,
                marks=marks,
            ),
            t(
                'write "{narrow}" with half-width characters (switch the input method to English)',
                narrow=narrow,
            ),
        )
    meant = meant_clock(text)
    if meant:
        return Hinted(
            t('"{whole}" is not written as HH:MM', whole=whole),
            t('write "{text}"', text=whole.replace(text.strip(), meant)),
        )
    return Hinted(
        t('"{whole}" is not a time', whole=whole),
        t('write it as HH:MM in quotes, e.g. "{example}"', example=example),
    )


def clock_from_number(value: float) -> Hinted:
    """A time written `at: 19.00` reads as the number 19.0: say which time it was."""
    hour = int(value)
    minute = round((value - hour) * 100)
    meant = _clock(hour, minute)
    hint = (
        t('write "{meant}" in quotes, with ":"', meant=meant)
        if meant
        else t('write it as HH:MM in quotes, e.g. "{example}"', example="20:00")
    )
    return Hinted(t('the time is read as the number {value:g}: it needs a ":", not a "."', value=value), hint)


def parse_clock(text: str) -> time | datetime:
    """A run-sheet time: "HH:MM", or a full "YYYY-MM-DD HH:MM"."""
    stripped = text.strip()
    match = _TIME.fullmatch(stripped)
    if match:
        return _real_time(int(match.group(1)), int(match.group(2)), 0, text)
    if _DATETIME.fullmatch(stripped):
        return parse_datetime(stripped)
    raise _not_a_clock(stripped, stripped, "20:00")


def parse_month_day(text: str) -> tuple[int | None, int, int]:
    """A birthday: "YYYY-MM-DD", or "MM-DD" / "--MM-DD" when the year is unknown."""
    stripped = text.strip()
    if _DATE.fullmatch(stripped):
        value = parse_date(stripped)
        return value.year, value.month, value.day
    match = _MONTH_DAY.fullmatch(stripped)
    if not match:
        raise Hinted(
            t('"{text}" is not a birthday', text=text),
            t('write YYYY-MM-DD, or "MM-DD" when the year is unknown'),
        )
    month, day = int(match.group(1)), int(match.group(2))
    _real_date(2000, month, day, text)  # 2000 is a leap year, so 02-29 is allowed
    return None, month, day


def parse_duration(text: str) -> timedelta:
    """A length of time: "20m", "1h30m", "90 min" or ISO 8601 "PT1H30M"."""
    stripped = text.strip()
    iso = _ISO_DURATION.fullmatch(stripped)
    if iso and any(iso.groups()):
        weeks, days, hours, minutes, seconds = (int(g or 0) for g in iso.groups())
        return timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    short = _SHORT_DURATION.fullmatch(stripped)
    if short and any(short.groups()):
        return timedelta(hours=int(short.group(1) or 0), minutes=int(short.group(2) or 0))
    raise Hinted(t('"{text}" is not a duration', text=text), t('write e.g. "20m", "1h30m" or "PT1H30M"'))


@cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def time_zone(text: str) -> str:
    if text in _zones():
        return text
    by_lower = {z.lower(): z for z in _zones()}
    if text.lower() in by_lower:
        raise Hinted(
            t('"{text}" is not a known time zone', text=text),
            t('did you mean "{word}"?', word=by_lower[text.lower()]),
        )
    hint = did_you_mean(text, sorted(_zones()))
    if not hint:
        city = text.rsplit("/", 1)[-1].lower().replace(" ", "_")
        by_city = [z for z in _zones() if z.lower().endswith("/" + city)]
        hint = (
            t('did you mean "{word}"?', word=by_city[0])
            if by_city
            else t('use an IANA name such as "Asia/Shanghai"')
        )
    raise Hinted(t('"{text}" is not a known time zone', text=text), hint)
