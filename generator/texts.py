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
    # the preview of a club whose files have errors (generator/pages/problems.py)
    "problems_title": {"zh": "俱乐部的文件有错误", "en": "The club's files have errors"},
    "problems_intro": {
        "zh": "预览暂停更新：共 {count} 处错误。改好并保存文件后，本页会自动刷新。",
        "en": "The preview waits: {count} errors. Fix and save the files: this page then reloads.",
    },
    "semicolon": {"zh": "；", "en": "; "},
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


# The personal invitations (e-mail and text message).
INVITATION_STRINGS: dict[str, dict[str, str]] = {
    "subject": {"zh": "邀请函：{title}", "en": "Invitation: {title}"},
    "subject_cancelled": {"zh": "活动取消：{title}", "en": "Cancelled: {title}"},
    "greeting": {"zh": "{name}，您好！", "en": "Dear {name},"},
    "opening": {
        "zh": "作为我们尊贵的{tier}，{club}诚挚邀请您参加「{title}」。",
        "en": "As one of our {tier} members, you are warmly invited by {club} to {title}.",
    },
    "opening_no_tier": {
        "zh": "诚挚邀请您参加{club}的「{title}」。",
        "en": "{club} warmly invites you to {title}.",
    },
    "opening_cancelled": {
        "zh": "很抱歉地通知您：原定举行的「{title}」已取消，给您带来不便，敬请谅解。",
        "en": "We are sorry to tell you that {title} has been cancelled.",
    },
    "when": {"zh": "时间", "en": "When"},
    "where": {"zh": "地点", "en": "Where"},
    "theme": {"zh": "主题", "en": "Theme"},
    "agenda": {"zh": "活动流程", "en": "Agenda"},
    "next_day": {"zh": "（次日）", "en": " (next day)"},
    "link_text": {"zh": "查看活动详情", "en": "See the event page"},
    "link_line": {"zh": "活动详情：{url}", "en": "The event page: {url}"},
    "closing": {
        "zh": "随信附上日历邀请，在邮箱或日历中点击“接受”即可加入您的日历。期待您的光临！",
        "en": "The calendar invitation is attached: accept it to add the event to your calendar. "
        "We look forward to seeing you!",
    },
    "closing_cancelled": {
        "zh": "附件中的日历取消通知会把这项活动从您的日历中移除。",
        "en": "The attached calendar cancellation removes the event from your calendar.",
    },
    "sms": {
        "zh": "{name}您好！诚邀您{when}到{venue}参加「{title}」，期待您的光临。",
        "en": "Dear {name}, you are invited to {title} on {when} at {venue}.",
    },
    "sms_no_venue": {
        "zh": "{name}您好！诚邀您{when}参加「{title}」，期待您的光临。",
        "en": "Dear {name}, you are invited to {title} on {when}.",
    },
    "sms_cancelled": {
        "zh": "{name}您好！原定{when}的「{title}」已取消，敬请谅解。",
        "en": "Dear {name}, {title} on {when} has been cancelled. We are sorry.",
    },
}


# The printable sheets.
SHEET_STRINGS: dict[str, dict[str, str]] = {
    "run_of_show": {"zh": "活动流程单", "en": "Run of show"},
    "host_script": {"zh": "主持词", "en": "Host script"},
    "agenda": {"zh": "活动流程", "en": "Agenda"},
    "page_before": {"zh": "第 ", "en": "page "},
    "page_between": {"zh": " 页 / 共 ", "en": " of "},
    "page_after": {"zh": " 页", "en": ""},
    "built_from": {"zh": "版本", "en": "built from"},
    "not_in_git": {"zh": "未提交", "en": "(not a commit)"},
    "committed": {"zh": "提交于", "en": "committed"},
    "built": {"zh": "生成于", "en": "built"},
    "date": {"zh": "日期", "en": "Date"},
    "time": {"zh": "时间", "en": "Time"},
    "duration": {"zh": "时长", "en": "Length"},
    "segment": {"zh": "环节", "en": "Segment"},
    "location": {"zh": "地点", "en": "Location"},
    "owner": {"zh": "负责", "en": "Owner"},
    "cues": {"zh": "提示", "en": "Cues"},
    "crew_notes": {"zh": "工作备注", "en": "Crew notes"},
    "crew_only": {"zh": "仅工作人员", "en": "Crew only"},
    "gap": {"zh": "未安排", "en": "Unscheduled"},
    "event_starts": {"zh": "活动开始", "en": "Event starts"},
    "event_ends": {"zh": "活动结束", "en": "Event ends"},
    "no_run_sheet": {"zh": "尚未安排流程。", "en": "No run sheet yet."},
    "materials": {"zh": "物料清单", "en": "Materials checklist"},
    "item": {"zh": "物品", "en": "Item"},
    "qty": {"zh": "数量", "en": "Qty"},
    "ready": {"zh": "（已备好）", "en": "(ready)"},
    "no_materials": {"zh": "无物料。", "en": "No materials listed."},
    "contacts": {"zh": "联系人", "en": "Contacts"},
    "organizer": {"zh": "主办", "en": "Organizer"},
    "honorees": {"zh": "寿星", "en": "Celebrating"},
    "owners": {"zh": "各环节负责人", "en": "Owners"},
    "warnings": {"zh": "检查提示：本活动仍有 {n} 个问题", "en": "Checker: {n} problem(s) remain"},
    "planner_notes": {"zh": "策划备注", "en": "Planner's notes"},
    "audience": {"zh": "邀请对象", "en": "Invited"},
    "members_count": {"zh": "共 {n} 位会员", "en": "{n} members"},
    "capacity": {"zh": "名额 {n}", "en": "capacity {n}"},
    "venue": {"zh": "场地", "en": "Venue"},
    "kind": {"zh": "类型", "en": "Kind"},
    "theme": {"zh": "主题", "en": "Theme"},
    "no_script": {"zh": "（本环节无主持词）", "en": "(no lines for this segment)"},
    "no_scripts": {"zh": "本活动尚无主持词。", "en": "This event has no host's lines yet."},
    "highlights": {"zh": "活动亮点", "en": "Highlights"},
    "contents": {"zh": "目录", "en": "Contents"},
    "articles_count": {"zh": "本期共 {n} 篇", "en": "{n} articles in this issue"},
    "draft": {"zh": "筹备中（草稿）", "en": "Draft"},
    "cancelled": {"zh": "已取消", "en": "Cancelled"},
    "cancelled_notice": {
        "zh": "很抱歉，本次活动已取消。",
        "en": "We are sorry: this event has been cancelled.",
    },
    "line": {"zh": "第 {n} 行", "en": "line {n}"},
    "colon": {"zh": "：", "en": ": "},
    "comma": {"zh": "、", "en": ", "},
    "semicolon": {"zh": "；", "en": "; "},
    "minutes": {"zh": "{m} 分钟", "en": "{m} min"},
    "hours": {"zh": "{h} 小时", "en": "{h} h"},
    "hours_minutes": {"zh": "{h} 小时 {m} 分", "en": "{h} h {m} min"},
}


# The planners' roster.
ROSTER_STRINGS: dict[str, dict[str, str]] = {
    "title": {"zh": "会员名册（策划用）", "en": "Members' roster (planners)"},
    "note": {
        "zh": "内部资料，含联系方式与备注，请勿外传。共 {count} 位会员。",
        "en": "Internal: holds contact details and notes. {count} members.",
    },
    "tier": {"zh": "{tier}（{count} 位）", "en": "{tier} ({count})"},
    "none": {"zh": "暂无。", "en": "None."},
    "yes": {"zh": "是", "en": "yes"},
    "no": {"zh": "否", "en": "no"},
}


# The planners' birthday list.
BIRTHDAY_STRINGS: dict[str, dict[str, str]] = {
    "title": {
        "zh": "本月和下月的会员生日（策划用）",
        "en": "This month's and next month's birthdays (planners)",
    },
    "note": {
        "zh": "内部资料，含电话与年龄，请勿外传。祝福短信每条不超过一条短信的长度。",
        "en": "Internal: holds phone numbers and ages. Each greeting fits one text message.",
    },
    "leap_feb28": {
        "zh": "2月29日出生的会员，平年在2月28日庆祝。",
        "en": "Members born on 29 February are celebrated on 28 February in common years.",
    },
    "leap_mar1": {
        "zh": "2月29日出生的会员，平年在3月1日庆祝。",
        "en": "Members born on 29 February are celebrated on 1 March in common years.",
    },
    "month": {"zh": "{month}（{count} 位）", "en": "{month} ({count})"},
    "none": {"zh": "本月没有会员过生日。", "en": "No birthdays this month."},
    "greeting": {
        "zh": "{name}，祝您生日快乐！愿新的一岁身体健康、万事如意。——{club}",
        "en": "Happy birthday, {name}! Wishing you health and joy in the year ahead. - {club}",
    },
    "greeting_round": {
        "zh": "{name}，恭祝您{age}岁生日快乐！愿您福寿安康、万事如意。——{club}",
        "en": "Happy {age}th birthday, {name}! Wishing you health and joy. - {club}",
    },
    "shown": {"zh": "网站公开", "en": "On the site"},
    "yes": {"zh": "是", "en": "yes"},
    "no": {"zh": "否", "en": "no"},
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
