"""Every UI string the generator writes, in each language it supports, and date formatting.

Strings with `{name}` fields are filled by `Texts.format`; dates always go through Babel so
that the English site says "Tuesday, 22 December 2026" and the Chinese one "2026年12月22日星期二".
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache

from babel.dates import format_date, format_datetime, format_skeleton, format_time

STRINGS: dict[str, dict[str, str]] = {
    # events
    "events": {"zh": "活动", "en": "Events"},
    "events_intro": {
        "zh": "会员活动日程：即将举行的活动在前，往期活动按月份排列。",
        "en": "The club's events: what is coming first, then past events by month.",
    },
    "upcoming": {"zh": "即将举行", "en": "Upcoming"},
    "past": {"zh": "往期活动", "en": "Past events"},
    "no_upcoming": {"zh": "暂无即将举行的活动。", "en": "No upcoming events."},
    "no_past": {"zh": "暂无往期活动。", "en": "No past events yet."},
    "subscribe": {"zh": "订阅活动日历", "en": "Subscribe to the calendar"},
    "subscribe_help": {
        "zh": "在手机或电脑日历中订阅，活动变更会自动同步。",
        "en": "Subscribe in your phone or desktop calendar; changes arrive by themselves.",
    },
    "subscribe_link": {
        "zh": "若日历应用要求填写网址，请使用：",
        "en": "If your calendar app asks for an address, use:",
    },
    "subscribe_kind": {"zh": "只订阅一类活动：", "en": "Only one kind of event: "},
    "download_ics": {"zh": "下载日历文件", "en": "Download the calendar file"},
    "when": {"zh": "时间", "en": "When"},
    "where": {"zh": "地点", "en": "Where"},
    "agenda": {"zh": "活动流程", "en": "Agenda"},
    "honorees": {"zh": "寿星", "en": "Celebrating"},
    "highlights": {"zh": "活动亮点", "en": "Highlights"},
    "about_event": {"zh": "活动介绍", "en": "About the event"},
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
    "local_time_note": {"zh": "您所在时区：", "en": "Your time: "},
    "kind_birthday": {"zh": "生日会", "en": "Birthday party"},
    "kind_briefing": {"zh": "说明会", "en": "Briefing"},
    "kind_other": {"zh": "活动", "en": "Event"},
    "feed_birthday": {"zh": "生日会", "en": "birthday parties"},
    "feed_briefing": {"zh": "说明会", "en": "briefings"},
    "feed_other": {"zh": "其他活动", "en": "other events"},
    "time": {"zh": "时间", "en": "Time"},
    "item": {"zh": "内容", "en": "Item"},
    "location": {"zh": "地点", "en": "Location"},
    "next_day_clock": {"zh": "次日 {clock}", "en": "{clock} (next day)"},
    "list_separator": {"zh": "、", "en": ", "},
    "all_events": {"zh": "全部活动", "en": "All events"},
    "next_events": {"zh": "近期活动", "en": "Coming up"},
    # birthdays
    "birthdays": {"zh": "会员生日", "en": "Birthdays"},
    "birthdays_intro": {
        "zh": "祝以下会员生日快乐！这里只列出同意公开生日的会员，只显示月和日。",
        "en": "Happy birthday to these members! Only members who agreed are listed, "
        "with the month and day only.",
    },
    "birthdays_in": {"zh": "{month}生日的会员", "en": "Birthdays in {month}"},
    "this_month_birthdays": {"zh": "本月寿星", "en": "Birthdays this month"},
    "all_birthdays": {"zh": "本月和下月的生日", "en": "This month's and next month's birthdays"},
    "no_birthdays": {"zh": "暂无。", "en": "None."},
    # journal
    "journal": {"zh": "会刊", "en": "Journal"},
    "issue_name": {"zh": "{month}号", "en": "{month} issue"},
    "issues": {"zh": "往期会刊", "en": "Past issues"},
    "issues_intro": {
        "zh": "会刊每月一期。点击期号查看本期目录和印刷版。",
        "en": "One issue a month. Open an issue for its contents and its printable edition.",
    },
    "no_issues": {"zh": "暂无会刊。", "en": "No issues yet."},
    "latest_issue": {"zh": "最新一期会刊", "en": "Latest issue"},
    "contents": {"zh": "本期目录", "en": "Contents"},
    "article_count": {"zh": "共 {count} 篇文章", "en": "{count} articles"},
    "print_edition": {"zh": "印刷版（PDF）", "en": "Printable edition (PDF)"},
    "all_issues": {"zh": "全部往期", "en": "All issues"},
    # calendars (generator/calendars.py)
    "cancelled_prefix": {"zh": "已取消：", "en": "Cancelled: "},
    "colon": {"zh": "：", "en": ": "},
    "birthday_summary": {"zh": "{name}生日 · {tier}", "en": "{name}'s birthday · {tier}"},
    "member": {"zh": "会员", "en": "Member"},
    "display_name": {"zh": "称呼", "en": "Called"},
    "tier": {"zh": "等级", "en": "Tier"},
    "born": {"zh": "出生年份", "en": "Born"},
    "phone": {"zh": "电话", "en": "Phone"},
    "leap_day_feb28": {
        "zh": "2月29日出生：平年在2月28日庆祝。",
        "en": "Born on 29 February: celebrated on 28 February in common years.",
    },
    "leap_day_mar1": {
        "zh": "2月29日出生：平年在3月1日庆祝。",
        "en": "Born on 29 February: celebrated on 1 March in common years.",
    },
}


# A large club's pages and sheets show the same few hundred times and dates tens of
# thousands of times; Babel takes tens of microseconds for each.
@lru_cache(maxsize=2048)
def _clock(hour: int, minute: int, locale: str) -> str:
    return format_time(time(hour, minute), "HH:mm", locale=locale)


@lru_cache(maxsize=8192)
def _long_date(day: date, locale: str) -> str:
    return format_date(day, "full", locale=locale)


def in_brackets(language: str, main: str, extra: str) -> str:
    """ "main (extra)", with full-width brackets in Chinese: 何建国（何总）, Alice Moreton (Alice)."""
    return f"{main}（{extra}）" if language_of(language) == "zh" else f"{main} ({extra})"


def language_of(language: str) -> str:
    """The language the generator writes in: Chinese for zh*, English otherwise."""
    return "zh" if language.lower().startswith("zh") else "en"


class Texts:
    def __init__(self, language: str) -> None:
        self.language = language_of(language)
        self.locale = "zh_Hans_CN" if self.language == "zh" else "en_GB"

    def __call__(self, key: str) -> str:
        return STRINGS[key][self.language]

    def format(self, key: str, **fields: object) -> str:
        return self(key).format(**fields)

    def long_date(self, value: date | datetime) -> str:
        day = value.date() if isinstance(value, datetime) else value
        return _long_date(day, self.locale)

    def short_date(self, value: date | datetime) -> str:
        """Month, day and weekday: for lists already grouped by month."""
        return format_skeleton("MMMEd", value, locale=self.locale)

    def clock(self, value: datetime) -> str:
        return _clock(value.hour, value.minute, self.locale)

    def clock_from(self, moment: datetime, start: datetime) -> str:
        """A run-sheet time, marked when it falls on a later day than the event's start."""
        days = (moment.date() - start.date()).days
        if days == 0:
            return self.clock(moment)
        if days == 1:
            return self.format("next_day_clock", clock=self.clock(moment))
        return f"{self.short_date(moment)} {self.clock(moment)}"

    def month(self, value: date | datetime) -> str:
        return format_skeleton("yMMMM", value, locale=self.locale)

    def month_day(self, month: int, day: int) -> str:
        return format_skeleton("MMMMd", date(2000, month, day), locale=self.locale)

    def zone_name(self, value: datetime) -> str:
        return format_datetime(value, "zzzz", locale=self.locale)

    def kind(self, kind: str) -> str:
        return self(f"kind_{kind}")

    def issue_name(self, issue_id: str) -> str:
        """ "2026-11" as the issue's printed name: 2026年11月号, November 2026 issue."""
        year, month = (int(part) for part in issue_id.split("-"))
        return self.format("issue_name", month=self.month(date(year, month, 1)))
