"""Every UI string the generator writes, in each language it supports, and date formatting."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_datetime, format_skeleton, format_time

STRINGS: dict[str, dict[str, str]] = {
    "events": {"zh": "活动", "en": "Events"},
    "upcoming": {"zh": "即将举行", "en": "Upcoming"},
    "past": {"zh": "往期活动", "en": "Past events"},
    "no_upcoming": {"zh": "暂无即将举行的活动。", "en": "No upcoming events."},
    "subscribe": {"zh": "订阅活动日历", "en": "Subscribe to the calendar"},
    "subscribe_help": {
        "zh": "在手机或电脑日历中订阅，活动变更会自动同步。",
        "en": "Subscribe in your phone or desktop calendar; changes arrive by themselves.",
    },
    "download_ics": {"zh": "下载日历文件", "en": "Download the calendar file"},
    "when": {"zh": "时间", "en": "When"},
    "where": {"zh": "地点", "en": "Where"},
    "agenda": {"zh": "活动流程", "en": "Agenda"},
    "honorees": {"zh": "寿星", "en": "Celebrating"},
    "highlights": {"zh": "活动亮点", "en": "Highlights"},
    "theme": {"zh": "主题", "en": "Theme"},
    "add_to_calendar": {"zh": "添加到日历", "en": "Add to calendar"},
    "printable_agenda": {"zh": "打印活动流程", "en": "Printable agenda"},
    "cancelled": {"zh": "已取消", "en": "Cancelled"},
    "cancelled_notice": {
        "zh": "很抱歉，本次活动已取消。",
        "en": "We are sorry: this event has been cancelled.",
    },
    "draft": {"zh": "筹备中", "en": "Draft"},
    "organizer": {"zh": "主办", "en": "Organizer"},
    "local_time_note": {"zh": "您所在时区", "en": "Your time"},
    "kind_birthday": {"zh": "生日会", "en": "Birthday party"},
    "kind_briefing": {"zh": "说明会", "en": "Briefing"},
    "kind_other": {"zh": "活动", "en": "Event"},
    "time": {"zh": "时间", "en": "Time"},
    "item": {"zh": "内容", "en": "Item"},
    "location": {"zh": "地点", "en": "Location"},
    "birthdays": {"zh": "会员生日", "en": "Birthdays"},
    "this_month": {"zh": "本月", "en": "This month"},
    "next_month": {"zh": "下月", "en": "Next month"},
    "no_birthdays": {"zh": "暂无。", "en": "None."},
    "journal": {"zh": "会刊", "en": "Journal"},
    "issue": {"zh": "期", "en": "Issue"},
}


def language_of(language: str) -> str:
    """The language the generator writes in: Chinese for zh*, English otherwise."""
    return "zh" if language.lower().startswith("zh") else "en"


class Texts:
    def __init__(self, language: str) -> None:
        self.language = language_of(language)
        self.locale = "zh_Hans_CN" if self.language == "zh" else "en_GB"

    def __call__(self, key: str) -> str:
        return STRINGS[key][self.language]

    def long_date(self, value: date | datetime) -> str:
        return format_date(value, "full", locale=self.locale)

    def clock(self, value: datetime) -> str:
        return format_time(value, "HH:mm", locale=self.locale)

    def month(self, value: date | datetime) -> str:
        return format_skeleton("yMMMM", value, locale=self.locale)

    def month_day(self, month: int, day: int) -> str:
        return format_skeleton("MMMMd", date(2000, month, day), locale=self.locale)

    def zone_name(self, value: datetime) -> str:
        return format_datetime(value, "zzzz", locale=self.locale)

    def kind(self, kind: str) -> str:
        return self(f"kind_{kind}")
