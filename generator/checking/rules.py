"""The rules a club's files must follow beyond their shape: times, references, consistency."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from generator.diagnostics import Position, Report, did_you_mean
from generator.model import Club, Event, Kind, Member, Segment, Status
from generator.reading.timing import elapsed

BIRTHDAY_WINDOW_DAYS = 31


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _clock(moment: datetime, reference: datetime) -> str:
    """HH:MM in the reference's zone, with the day offset when not on its day (for messages)."""
    moment = moment.astimezone(reference.tzinfo)
    text = moment.strftime("%H:%M")
    days = (moment.date() - reference.date()).days
    return text if days == 0 else f"{text} (+{days}d)" if days > 0 else f"{text} ({days}d)"


def _where(event: Event, *loc: str | int) -> Position:
    return event.source.at(loc) if event.source else event.position


def check_members(club: Club, report: Report) -> None:
    tier_ids = [t.id for t in club.tiers]
    first_seen: dict[str, Position] = {}
    for member in club.members:
        if member.id in first_seen:
            report.error(
                member.position,
                f'member id "{member.id}" is used twice',
                f"the first is at line {first_seen[member.id].line}; ids must be unique",
            )
        first_seen.setdefault(member.id, member.position)
    document_positions = {m.id: m.position for m in club.members}
    for member in club.members:
        if member.tier not in club.tiers_by_id:
            report.error(
                _member_value(club, member, "tier"),
                f'member "{member.id}" has unknown tier "{member.tier}"',
                did_you_mean(member.tier, tier_ids) or "known tiers: " + ", ".join(tier_ids),
            )
        if member.referred_by:
            if member.referred_by == member.id:
                report.error(
                    _member_value(club, member, "referred_by"),
                    f'member "{member.id}" is recorded as introduced by themselves',
                )
            elif member.referred_by not in club.roster_ids:
                report.error(
                    _member_value(club, member, "referred_by"),
                    f'"referred_by" names "{member.referred_by}", who is not in the roster',
                    did_you_mean(member.referred_by, document_positions),
                )


def _member_value(club: Club, member: Member, key: str) -> Position:
    return club.roster.at(("members", member.index, key)) if club.roster else member.position


def _unknown_member(club: Club, report: Report, where: Position, what: str, member_id: str) -> None:
    report.error(
        where,
        f'{what} "{member_id}" is not a member',
        did_you_mean(member_id, club.roster_ids) or f"add them to {club.settings.members_file} first",
    )


_NIGHT = timedelta(hours=12)  # the longest evening an end on the next day is taken for


def check_event(club: Club, event: Event, report: Report, today: date) -> None:
    if elapsed(event.start, event.end).total_seconds() < 0:
        next_day = event.end + timedelta(days=1)
        # An evening that runs past midnight, written with the start's date: "23:00 to 01:00".
        past_midnight = event.end.date() == event.start.date() and elapsed(event.start, next_day) <= _NIGHT
        hint = (
            f'did you mean the next day? write "end: {next_day:%Y-%m-%d %H:%M}"'
            if past_midnight
            else 'write an "end" later than the "start"'
        )
        report.error(
            _where(event, "end"),
            f"the event ends ({event.end:%Y-%m-%d %H:%M}) before it starts ({event.start:%Y-%m-%d %H:%M})",
            hint,
        )
        return
    if event.date_prefix and event.date_prefix != event.start.date().isoformat():
        report.warning(
            Position(event.file),
            f"the file name's date {event.date_prefix} differs from the start date "
            f"{event.start.date().isoformat()}",
            f'rename the file to "{event.start.date().isoformat()}-{event.slug}.yaml"; '
            "the slug stays, so invitations update",
        )
    _check_references(club, event, report)
    _check_run_sheet(event, report)
    if event.status is Status.DRAFT and event.end.date() < today:
        report.warning(
            _where(event, "status"),
            "the event is over but still marked draft",
            'set "status: confirmed" or "cancelled"',
        )


def _check_references(club: Club, event: Event, report: Report) -> None:
    if event.kind is Kind.BIRTHDAY and not event.honorees:
        report.error(
            _where(event, "kind"),
            "a birthday event needs honorees",
            'add "honorees: [member-id]" naming whose birthday it celebrates',
        )
    for index, honoree in enumerate(event.honorees):
        if honoree not in club.roster_ids:
            _unknown_member(club, report, _where(event, "honorees", index), "honoree", honoree)
            continue
        member = club.members_by_id.get(honoree)
        if event.kind is Kind.BIRTHDAY and member and member.birthday:
            nearest = min(
                abs(
                    (
                        member.birthday.in_year(year, club.settings.leap_day_birthdays) - event.start.date()
                    ).days
                )
                for year in (event.start.year - 1, event.start.year, event.start.year + 1)
            )
            if nearest > BIRTHDAY_WINDOW_DAYS:
                report.warning(
                    _where(event, "honorees", index),
                    f'honoree "{honoree}" has a birthday on {member.birthday.month:02d}-'
                    f"{member.birthday.day:02d}, {nearest} days from the event",
                    f"check the date or the honoree (a birthday party is usually within "
                    f"{BIRTHDAY_WINDOW_DAYS} days of the birthday)",
                )
    tier_ids = [t.id for t in club.tiers]
    for index, tier in enumerate(event.audience.tiers):
        if tier not in club.tiers_by_id:
            report.error(
                _where(event, "audience", "tiers", index),
                f'audience tier "{tier}" is not a tier of the club',
                did_you_mean(tier, tier_ids) or "known tiers: " + ", ".join(tier_ids),
            )
    for index, member_id in enumerate(event.audience.members):
        if member_id not in club.roster_ids:
            _unknown_member(
                club, report, _where(event, "audience", "members", index), "audience member", member_id
            )
    from generator.checking.audience import check_audience

    check_audience(club, event, report)  # capacity against the resolved count; filters that match nobody


def _span(segment: Segment, event: Event) -> str:
    """A segment's "HH:MM–HH:MM", for messages only: formatting every segment's times took
    a third of a check that found nothing."""
    return f"{_clock(segment.start, event.start)}–{_clock(segment.end, event.start)}"


def _check_run_sheet(event: Event, report: Report) -> None:
    segments = event.run_sheet
    event_length = elapsed(event.start, event.end)
    for index, segment in enumerate(segments):
        if elapsed(segment.start, segment.end) > event_length:
            report.error(
                segment.position,
                f'segment "{segment.title}" ({_span(segment, event)}) is longer than the whole event',
                'check that "until" comes after "at"; a time earlier than the one before it '
                "is read as the next day",
            )
            continue
        if index:
            before = segments[index - 1]
            if elapsed(segment.start, before.end).total_seconds() > 0:
                report.error(
                    segment.position,
                    f'segment "{segment.title}" ({_span(segment, event)}) overlaps "{before.title}" '
                    f"({_span(before, event)})",
                    "move one of them, or end the earlier one sooner",
                )
        if not segment.crew_only and (
            elapsed(event.start, segment.start).total_seconds() < 0
            or elapsed(segment.end, event.end).total_seconds() < 0
        ):
            report.warning(
                segment.position,
                f'segment "{segment.title}" ({_span(segment, event)}) lies outside the event '
                f"({_clock(event.start, event.start)}–{_clock(event.end, event.start)})",
                'mark it "crew_only: true" if guests do not attend it, or change the times',
            )
    _check_gaps(event, report)


def _check_gaps(event: Event, report: Report) -> None:
    if not event.run_sheet:
        return
    start, end = utc(event.start), utc(event.end)
    cursor = start
    for segment in event.run_sheet:
        gap_end = min(utc(segment.start), end)
        if gap_end > cursor:
            report.warning(
                segment.position,
                f"nothing is scheduled from {_clock(cursor, event.start)} to "
                f'{_clock(gap_end, event.start)}, before "{segment.title}"',
                "add a segment for the gap, or start this one earlier",
            )
        cursor = max(cursor, utc(segment.end))
    if end > cursor:
        report.warning(
            event.run_sheet[-1].position,
            f"nothing is scheduled from {_clock(cursor, event.start)} until the event ends at "
            f"{_clock(end, event.start)}",
            "extend the last segment or end the event earlier",
        )


def check_slugs(club: Club, report: Report) -> None:
    by_slug: dict[str, list[Event]] = defaultdict(list)
    for event in club.events:
        by_slug[event.slug].append(event)
    for slug, events in by_slug.items():
        for duplicate in events[1:]:
            report.error(
                Position(duplicate.file),
                f'the event slug "{slug}" is already used by {events[0].file}',
                "slugs must be unique across the club: the slug is the event's web address and "
                "calendar identity",
            )


def check_articles(club: Club, report: Report) -> None:
    _check_article_urls(club, report)
    known = club.authors
    if known is None:
        return
    docs = club.settings.docs_dir
    for article in club.articles:
        for author in article.authors:
            if author not in known:
                report.error(
                    Position(f"{docs}/{article.file}"),
                    f'author "{author}" is not listed in {docs}/{club.settings.blog_dir}/.authors.yml',
                    did_you_mean(author, known) or "add them to .authors.yml",
                )


def _check_article_urls(club: Club, report: Report) -> None:
    """Two articles of one day whose slugs agree would get one URL (the blog's {date}/{slug})."""
    docs = club.settings.docs_dir
    seen: dict[tuple[date, str], str] = {}
    for article in sorted(club.articles, key=lambda a: a.file):
        if article.slug:
            slug = article.slug
        else:
            from generator.slugs import post_slug  # pypinyin's dictionaries take a while to load

            slug = post_slug(article.title)
        first = seen.setdefault((article.date, slug), article.file)
        if first != article.file:
            report.error(
                Position(f"{docs}/{article.file}"),
                f"the article would get the same web address as {docs}/{first} "
                f"({article.date:%Y/%m/%d}/{slug}/)",
                'give one of them its own "slug:" in the front matter',
            )


def check_club(club: Club, report: Report, today: date) -> None:
    """Every rule that needs more than one value, over everything that read cleanly."""
    check_members(club, report)
    check_slugs(club, report)
    for event in club.events:
        check_event(club, event, report, today)
    check_articles(club, report)
