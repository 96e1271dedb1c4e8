"""The rules a club's files must follow beyond their shape: times, references, consistency."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from generator.diagnostics import Position, Report, did_you_mean
from generator.messages import Message, t
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
    if days == 0:
        return text
    if days > 0:
        return t("{time} (+{days}d)", time=text, days=days)
    return t("{time} ({days}d)", time=text, days=days)


def _where(event: Event, *loc: str | int) -> Position:
    return event.source.at(loc) if event.source else event.position


def check_members(club: Club, report: Report) -> None:
    tier_ids = [tier.id for tier in club.tiers]
    first_seen: dict[str, Position] = {}
    for member in club.members:
        if member.id in first_seen:
            report.error(
                member.position,
                t('member id "{id}" is used twice', id=member.id),
                t("the first is at line {line}; ids must be unique", line=first_seen[member.id].line),
            )
        first_seen.setdefault(member.id, member.position)
    document_positions = {m.id: m.position for m in club.members}
    for member in club.members:
        if member.tier not in club.tiers_by_id:
            report.error(
                _member_value(club, member, "tier"),
                t('member "{id}" has unknown tier "{tier}"', id=member.id, tier=member.tier),
                did_you_mean(member.tier, tier_ids) or t("known tiers: {tiers}", tiers=", ".join(tier_ids)),
            )
        if member.referred_by:
            if member.referred_by == member.id:
                report.error(
                    _member_value(club, member, "referred_by"),
                    t('member "{id}" is recorded as introduced by themselves', id=member.id),
                )
            elif member.referred_by not in club.roster_ids:
                report.error(
                    _member_value(club, member, "referred_by"),
                    t('"referred_by" names "{id}", who is not in the roster', id=member.referred_by),
                    did_you_mean(member.referred_by, document_positions),
                )


def _member_value(club: Club, member: Member, key: str) -> Position:
    return club.roster.at(("members", member.index, key)) if club.roster else member.position


def _unknown_member(club: Club, report: Report, where: Position, what: str, member_id: str) -> None:
    report.error(
        where,
        t('{what} "{id}" is not a member', what=what, id=member_id),
        did_you_mean(member_id, club.roster_ids)
        or t("add them to {file} first", file=club.settings.members_file),
    )


_NIGHT = timedelta(hours=12)  # the longest evening an end on the next day is taken for


def check_event(club: Club, event: Event, report: Report, today: date) -> None:
    if elapsed(event.start, event.end).total_seconds() < 0:
        next_day = event.end + timedelta(days=1)
        # An evening that runs past midnight, written with the start's date: "23:00 to 01:00".
        past_midnight = event.end.date() == event.start.date() and elapsed(event.start, next_day) <= _NIGHT
        hint = (
            t('did you mean the next day? write "end: {end:%Y-%m-%d %H:%M}"', end=next_day)
            if past_midnight
            else t('write an "end" later than the "start"')
        )
        report.error(
            _where(event, "end"),
            t(
                "the event ends ({end:%Y-%m-%d %H:%M}) before it starts ({start:%Y-%m-%d %H:%M})",
                end=event.end,
                start=event.start,
            ),
            hint,
        )
        return
    if event.date_prefix and event.date_prefix != event.start.date().isoformat():
        report.warning(
            Position(event.file),
            t(
                "the file name's date {written} differs from the start date {start}",
                written=event.date_prefix,
                start=event.start.date().isoformat(),
            ),
            t(
                'rename the file to "{name}"; the slug stays, so invitations update',
                name=event.start.date().isoformat() + "-" + event.slug + ".yaml",
            ),
        )
    _check_references(club, event, report)
    _check_run_sheet(event, report)
    if event.status is Status.DRAFT and event.end.date() < today:
        report.warning(
            _where(event, "status"),
            t("the event is over but still marked draft"),
            t('set "status: confirmed" or "cancelled"'),
        )


def _check_references(club: Club, event: Event, report: Report) -> None:
    if event.kind is Kind.BIRTHDAY and not event.honorees:
        report.error(
            _where(event, "kind"),
            t("a birthday event needs honorees"),
            t('add "honorees: [member-id]" naming whose birthday it celebrates'),
        )
    for index, honoree in enumerate(event.honorees):
        if honoree not in club.roster_ids:
            _unknown_member(club, report, _where(event, "honorees", index), t("honoree"), honoree)
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
                    t(
                        'honoree "{id}" has a birthday on {month:02d}-{day:02d}, {days} days from the event',
                        id=honoree,
                        month=member.birthday.month,
                        day=member.birthday.day,
                        days=nearest,
                    ),
                    t(
                        "check the date or the honoree (a birthday party is usually within "
                        "{window} days of the birthday)",
                        window=BIRTHDAY_WINDOW_DAYS,
                    ),
                )
    tier_ids = [tier.id for tier in club.tiers]
    for index, tier in enumerate(event.audience.tiers):
        if tier not in club.tiers_by_id:
            report.error(
                _where(event, "audience", "tiers", index),
                t('audience tier "{tier}" is not a tier of the club', tier=tier),
                did_you_mean(tier, tier_ids) or t("known tiers: {tiers}", tiers=", ".join(tier_ids)),
            )
    for index, member_id in enumerate(event.audience.members):
        if member_id not in club.roster_ids:
            _unknown_member(
                club, report, _where(event, "audience", "members", index), t("audience member"), member_id
            )
    from generator.checking.audience import check_audience

    check_audience(club, event, report)  # capacity against the resolved count; filters that match nobody


def _span(segment: Segment, event: Event) -> str:
    """A segment's "HH:MM–HH:MM", for messages only: formatting every segment's times took
    a third of a check that found nothing."""
    return t("{start}–{end}", start=_clock(segment.start, event.start), end=_clock(segment.end, event.start))


def _evening_meant(segment: Segment, event: Event) -> Message | None:
    """A morning time that lands outside the event but whose evening twelve hours earlier
    lies inside it ("11:30" written for 23:30): the hint names the evening time."""
    meant = segment.start - timedelta(hours=12)
    if segment.start.hour < 12 and event.start <= meant < event.end:
        evening = meant.strftime("%H:%M")
        return t('did you mean "{time}"? times are written on the 24-hour clock', time=evening)
    return None


def _check_run_sheet(event: Event, report: Report) -> None:
    segments = event.run_sheet
    event_length = elapsed(event.start, event.end)
    # After one wrong time every later time is read from it (a time earlier than the one
    # before is the next day): their warnings would only repeat that one mistake.
    misread = False
    for index, segment in enumerate(segments):
        if elapsed(segment.start, segment.end) > event_length:
            report.error(
                segment.position,
                t(
                    'segment "{title}" ({span}) is longer than the whole event',
                    title=segment.title,
                    span=_span(segment, event),
                ),
                _evening_meant(segment, event)
                or t(
                    'check that "until" comes after "at"; a time earlier than the one before it '
                    "is read as the next day"
                ),
            )
            misread = True
            continue
        if index:
            before = segments[index - 1]
            if elapsed(segment.start, before.end).total_seconds() > 0:
                report.error(
                    segment.position,
                    t(
                        'segment "{title}" ({span}) overlaps "{other}" ({other_span})',
                        title=segment.title,
                        span=_span(segment, event),
                        other=before.title,
                        other_span=_span(before, event),
                    ),
                    _evening_meant(segment, event) or t("move one of them, or end the earlier one sooner"),
                )
                misread = True
                continue
        if misread:
            continue
        if not segment.crew_only and (
            elapsed(event.start, segment.start).total_seconds() < 0
            or elapsed(segment.end, event.end).total_seconds() < 0
        ):
            report.warning(
                segment.position,
                t(
                    'segment "{title}" ({span}) lies outside the event ({event_span})',
                    title=segment.title,
                    span=_span(segment, event),
                    event_span=t(
                        "{start}–{end}",
                        start=_clock(event.start, event.start),
                        end=_clock(event.end, event.start),
                    ),
                ),
                _evening_meant(segment, event)
                or t('mark it "crew_only: true" if guests do not attend it, or change the times'),
            )
            misread = True
    if not misread:
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
                t(
                    'nothing is scheduled from {start} to {end}, before "{title}"',
                    start=_clock(cursor, event.start),
                    end=_clock(gap_end, event.start),
                    title=segment.title,
                ),
                t("add a segment for the gap, or start this one earlier"),
            )
        cursor = max(cursor, utc(segment.end))
    if end > cursor:
        report.warning(
            event.run_sheet[-1].position,
            t(
                "nothing is scheduled from {start} until the event ends at {end}",
                start=_clock(cursor, event.start),
                end=_clock(end, event.start),
            ),
            t("extend the last segment or end the event earlier"),
        )


def check_slugs(club: Club, report: Report) -> None:
    by_slug: dict[str, list[Event]] = defaultdict(list)
    for event in club.events:
        by_slug[event.slug].append(event)
    for slug, events in by_slug.items():
        for duplicate in events[1:]:
            report.error(
                Position(duplicate.file),
                t('the event slug "{slug}" is already used by {file}', slug=slug, file=events[0].file),
                t(
                    "slugs must be unique across the club: the slug is the event's web address and "
                    "calendar identity"
                ),
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
                    t(
                        'author "{author}" is not listed in {file}',
                        author=author,
                        file="/".join((docs, club.settings.blog_dir, ".authors.yml")),
                    ),
                    did_you_mean(author, known) or t("add them to .authors.yml"),
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
                t(
                    "the article would get the same web address as {file} ({address})",
                    file=docs + "/" + first,
                    address=article.date.strftime("%Y/%m/%d/") + slug + "/",
                ),
                t('give one of them its own "slug:" in the front matter'),
            )


def check_club(club: Club, report: Report, today: date) -> None:
    """Every rule that needs more than one value, over everything that read cleanly."""
    check_members(club, report)
    check_slugs(club, report)
    for event in club.events:
        check_event(club, event, report, today)
    check_articles(club, report)
