"""Personal invitations: one e-mail per invited member, a text-message list, and sending them.

`club invites SLUG` writes into `private/invites/SLUG/`:

- `MEMBER.eml` for every selected member with an e-mail address: text and HTML that greet
  the member by the name they go by, say their tier, the time in the event's time zone,
  the venue, the public agenda and the event page's address, with the event attached as
  an iTIP invitation addressed to that member (`METHOD:REQUEST`, or `METHOD:CANCEL` when
  the event is cancelled; the MIME part's `method=` says the same);
- `sms.csv` (phone, message) for every selected member with a phone, each message within
  one SMS segment;
- `sent.json`, the log `--send` keeps: one entry per member, written after each message
  the server accepted, so a run that stopped half-way is resumed by running it again and
  nobody gets the same invitation twice. A changed invitation (new time, place, status,
  agenda…) is a new message and goes out again.

A cancellation goes to the people the event selects and to everyone the log says was
invited before, so a member dropped from the audience in the meantime still hears of it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import ipaddress
import json
import os
import shutil
import smtplib
import ssl
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path
from typing import Any, TextIO

from .audience import resolve
from .model import Club, Event, Member, Status
from .outputs import BuildInfo, Output
from .sms import fit, one_line
from .texts import Texts

INVITES_DIR = "invites"
SENT_LOG = "sent.json"
SMS_FILE = "sms.csv"
ATTACHMENT = "invite.ics"

STRINGS: dict[str, dict[str, str]] = {
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


def _say(texts: Texts, key: str, **fields: object) -> str:
    return STRINGS[key][texts.language].format(**fields)


# What goes into each message ------------------------------------------------------------


@dataclass(frozen=True)
class AgendaRow:
    time: str
    title: str
    location: str | None


@dataclass(frozen=True)
class Letter:
    """The words of one invitation, before they become text, HTML and MIME."""

    subject: str
    greeting: str
    opening: str
    facts: tuple[tuple[str, str], ...]
    summary: tuple[tuple[str, ...], ...]  # paragraphs of lines
    agenda: tuple[AgendaRow, ...]
    agenda_title: str
    url: str | None
    link_text: str
    link_line: str
    closing: str
    signature: str
    lang: str

    def text(self) -> str:
        lines = [self.greeting, "", self.opening, ""]
        lines += [
            f"{label}：{value}" if self.lang == "zh" else f"{label}: {value}" for label, value in self.facts
        ]
        for paragraph in self.summary:
            lines += ["", *paragraph]
        if self.agenda:
            lines += ["", f"{self.agenda_title}{'：' if self.lang == 'zh' else ':'}"]
            for row in self.agenda:
                where = f" · {row.location}" if row.location else ""
                lines.append(f"  {row.time}  {row.title}{where}")
        if self.url:
            lines += ["", self.link_line]
        lines += ["", self.closing, "", self.signature]
        return "\n".join(lines) + "\n"

    def html(self) -> str:
        from .private_pages import render

        return render("invitation.html.j2", **self.__dict__)


def when_text(event: Event, texts: Texts) -> str:
    """The event's date and time in its own time zone: 2026年12月22日星期二 20:00–23:00（中国标准时间）."""
    start = event.start.astimezone(event.zone)
    end = event.end.astimezone(event.zone)
    span = f"{texts.long_date(start)} {texts.clock(start)}–"
    span += texts.clock(end) if end.date() == start.date() else f"{texts.long_date(end)} {texts.clock(end)}"
    zone = texts.zone_name(start)
    return f"{span}（{zone}）" if texts.language == "zh" else f"{span} ({zone})"


def _agenda(club: Club, event: Event, texts: Texts) -> tuple[AgendaRow, ...]:
    view = club.public_event(event)
    first_day = event.start.astimezone(event.zone).date()
    rows = []
    for segment in view.agenda:
        start, end = segment.start.astimezone(event.zone), segment.end.astimezone(event.zone)
        later = _say(texts, "next_day") if start.date() > first_day else ""
        rows.append(
            AgendaRow(
                f"{texts.clock(start)}–{texts.clock(end)}{later}",
                one_line(segment.title),
                one_line(segment.location) if segment.location else None,
            )
        )
    return tuple(rows)


def letter(club: Club, event: Event, member: Member) -> Letter:
    from .calendars import event_url, plain_text

    settings = club.settings
    texts = Texts(settings.language)
    view = club.public_event(event)
    title = one_line(view.title)
    name = one_line(member.greeting_name)
    cancelled = event.status is Status.CANCELLED
    tier = club.tiers_by_id.get(member.tier)
    host = one_line(view.organizer.name) if view.organizer else settings.site_name
    if cancelled:
        opening = _say(texts, "opening_cancelled", title=title)
    elif tier is not None:
        opening = _say(texts, "opening", club=host, tier=tier.name(texts.language), title=title)
    else:
        opening = _say(texts, "opening_no_tier", club=host, title=title)
    facts = [(_say(texts, "when"), when_text(event, texts))]
    if view.venue:
        comma = "，" if texts.language == "zh" else ", "
        place = comma.join(p for p in (view.venue.name, view.venue.address) if p)
        facts.append((_say(texts, "where"), one_line(place)))
    if view.theme and not cancelled:
        facts.append((_say(texts, "theme"), one_line(view.theme)))
    summary = tuple(
        tuple(line for line in paragraph.splitlines() if line.strip())
        for paragraph in plain_text(view.summary).split("\n\n")
        if paragraph.strip() and not cancelled
    )
    url = event_url(event.slug, settings)
    subject_key = "subject_cancelled" if cancelled else "subject"
    return Letter(
        subject=_say(texts, subject_key, title=title),
        greeting=_say(texts, "greeting", name=name),
        opening=opening,
        facts=tuple(facts),
        summary=summary,
        agenda=() if cancelled else _agenda(club, event, texts),
        agenda_title=_say(texts, "agenda"),
        url=url,
        link_text=_say(texts, "link_text"),
        link_line=_say(texts, "link_line", url=url),
        closing=_say(texts, "closing_cancelled" if cancelled else "closing"),
        signature=host,
        lang=texts.language,
    )


def sms_text(club: Club, event: Event, member: Member) -> str:
    """One segment (70 characters when any is Chinese) inviting the member, or telling of
    the cancellation. The title gives way first, then the venue, then the name."""
    from babel.dates import format_skeleton

    texts = Texts(club.settings.language)
    start = event.start.astimezone(event.zone)
    when = f"{format_skeleton('MMMdEEE', start, locale=texts.locale)} {texts.clock(start)}"
    key = "sms_cancelled" if event.status is Status.CANCELLED else "sms" if event.venue else "sms_no_venue"
    fields = {
        "name": member.greeting_name,
        "title": event.title,
        "venue": event.venue.name if event.venue else "",
        "when": when,
    }
    return fit(lambda f: _say(texts, key, **f), fields, ("title", "venue", "name"))


# The messages ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitation:
    member: Member
    message: EmailMessage
    digest: str  # what the sent-log compares: same digest, same invitation
    method: str
    sequence: int

    @property
    def file(self) -> str:
        return f"{self.member.id}.eml"

    @property
    def to(self) -> str:
        assert self.member.email
        return self.member.email


@dataclass
class Plan:
    """Everything `club invites` writes for one event, and who was left out and why."""

    event: Event
    invitations: list[Invitation] = field(default_factory=list)
    sms: list[tuple[Member, str, str]] = field(default_factory=list)  # member, phone, message
    no_email: list[Member] = field(default_factory=list)
    bad_email: list[Member] = field(default_factory=list)
    no_phone: list[Member] = field(default_factory=list)
    selected: int = 0


def _address(name: str, email: str) -> Address:
    local, _, domain = email.rpartition("@")
    return Address(display_name=one_line(name), username=local, domain=domain)


def sender(club: Club, event: Event) -> Address:
    """Who the invitation is from: the event's organizer, else the club (no-reply)."""
    organizer = event.organizer
    if organizer and organizer.email:
        return _address(organizer.name, organizer.email)
    name = organizer.name if organizer else club.settings.site_name
    return _address(name, f"noreply@{club.settings.domain}")


def message(club: Club, event: Event, member: Member, build: BuildInfo) -> Invitation:
    """The member's invitation e-mail; raises ValueError when the address cannot be used."""
    from . import calendars

    assert member.email
    words = letter(club, event, member)
    ics = calendars.invitation(club, event, member, build)
    sequence = calendars.stamp(club, event, build).sequence
    method = "CANCEL" if event.status is Status.CANCELLED else "REQUEST"
    text = words.text()
    digest = hashlib.sha256(f"{method}\n{sequence}\n{member.email}\n{text}".encode()).hexdigest()[:16]
    mail = EmailMessage(policy=SMTP)
    mail["Subject"] = words.subject
    mail["From"] = sender(club, event)
    mail["To"] = _address(member.greeting_name, member.email)
    mail["Date"] = format_datetime(build.built_at.astimezone(UTC))
    mail["Message-ID"] = f"<invite.{event.slug}.{member.id}.{sequence}.{digest}@{club.settings.domain}>"
    mail.set_content(text, subtype="plain", charset="utf-8")
    mail.add_alternative(words.html(), subtype="html", charset="utf-8")
    # Mail clients show their accept/decline buttons for the text/calendar alternative whose
    # `method` matches the calendar's METHOD; the attachment is for clients that only save files.
    mail.add_alternative(
        ics, maintype="text", subtype="calendar", params={"method": method, "charset": "utf-8"}
    )
    mail.add_attachment(ics, maintype="application", subtype="ics", filename=ATTACHMENT)
    mail["Content-Language"] = "zh-CN" if words.lang == "zh" else "en"
    return Invitation(member, mail, digest, method, sequence)


def recipients(club: Club, event: Event, invited_before: Iterable[str] = ()) -> list[Member]:
    """The selected members; for a cancellation also everyone invited before who is still
    on the roster."""
    chosen = resolve(club, event).members
    if event.status is not Status.CANCELLED:
        return chosen
    ids = {m.id for m in chosen}
    earlier = set(invited_before) - ids
    return chosen + [m for m in club.members if m.id in earlier]


def prepare(club: Club, event: Event, build: BuildInfo, invited_before: Iterable[str] = ()) -> Plan:
    plan = Plan(event)
    members = recipients(club, event, invited_before)
    plan.selected = len(members)
    for member in members:
        if member.email:
            try:
                plan.invitations.append(message(club, event, member, build))
            except (ValueError, TypeError):
                plan.bad_email.append(member)
        else:
            plan.no_email.append(member)
        if member.phone:
            plan.sms.append((member, "".join(member.phone.split()), sms_text(club, event, member)))
        else:
            plan.no_phone.append(member)
    return plan


def sms_csv(rows: Iterable[tuple[Member, str, str]]) -> bytes:
    """phone,message rows; UTF-8 with a byte-order mark so that Excel reads the Chinese."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["phone", "message"])
    for _member, phone, text in rows:
        writer.writerow([phone, text])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def plan_outputs(plan: Plan, prefix: str = "") -> Iterator[Output]:
    for invitation in plan.invitations:
        yield Output(f"{prefix}{invitation.file}", invitation.message.as_bytes())
    yield Output(f"{prefix}{SMS_FILE}", sms_csv(plan.sms))


def _who(member: Member) -> str:
    return f"{one_line(member.name)} ({member.id})"


def summary_lines(plan: Plan) -> list[str]:
    lines = []
    for members, reason in (
        (plan.no_email, "no e-mail address, so no invitation e-mail"),
        (plan.bad_email, "an e-mail address that cannot be used in a message"),
        (plan.no_phone, "no phone number, so not in sms.csv"),
    ):
        if members:
            lines.append(f"skipped {len(members)}, {reason}: " + ", ".join(_who(m) for m in members))
    unreachable = [m for m in plan.no_email if m in plan.no_phone]
    if unreachable:
        lines.append("cannot be reached at all: " + ", ".join(_who(m) for m in unreachable))
    return lines


# The folder and its sent-log -------------------------------------------------------------


class LogUnreadable(Exception):
    pass


def invites_folder(root: Path, club: Club, slug: str) -> Path:
    return root / club.settings.private_dir / INVITES_DIR / slug


def read_log(folder: Path) -> dict[str, dict[str, Any]]:
    path = folder / SENT_LOG
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise LogUnreadable(
            f"{path} cannot be read ({exc}); move it aside only if nothing was sent"
        ) from None
    sent = data.get("sent") if isinstance(data, dict) else None
    return {k: v for k, v in sent.items() if isinstance(v, dict)} if isinstance(sent, dict) else {}


def write_log(folder: Path, slug: str, sent: Mapping[str, dict[str, Any]]) -> None:
    """Replace the log in one rename, so a crash leaves the old or the new log, never half."""
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"event": slug, "sent": dict(sorted(sent.items()))}, ensure_ascii=False, indent=2)
    temporary = folder / f".{SENT_LOG}.tmp"
    temporary.write_text(text + "\n", encoding="utf-8")
    os.replace(temporary, folder / SENT_LOG)


def write_folder(folder: Path, plan: Plan) -> None:
    """Write the plan's files into a fresh folder swapped in at the end; the log stays."""
    from .outputs import staging_dir, swap_in, write_outputs

    stage = staging_dir(folder)
    try:
        write_outputs(stage, plan_outputs(plan))
        if (folder / SENT_LOG).exists():
            shutil.copy2(folder / SENT_LOG, stage / SENT_LOG)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    swap_in(stage, folder)


class KeptInvitations:
    """The build's part: private/ is rebuilt from scratch, so the invitation folders that
    `club invites` made are carried over, their sent-logs untouched, and the invitations
    of events that still exist are written afresh (an edited event's invitations update)."""

    name = "invitations"
    public = False
    alongside = True

    def outputs(self, club: Club, build: BuildInfo) -> Iterable[Output]:
        base = build.root / club.settings.private_dir / INVITES_DIR
        if not base.is_dir():
            return
        for folder in sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")):
            prefix = f"{INVITES_DIR}/{folder.name}/"
            event = club.events_by_slug.get(folder.name)
            try:
                log = read_log(folder)
            except LogUnreadable:
                event = None  # keep the folder exactly as it is; `club invites` will say why
            if event is None:
                for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                    yield Output(prefix + path.relative_to(folder).as_posix(), path.read_bytes())
                continue
            yield from plan_outputs(prepare(club, event, build, log), prefix)
            if (folder / SENT_LOG).exists():
                yield Output(prefix + SENT_LOG, (folder / SENT_LOG).read_bytes())


# Sending ----------------------------------------------------------------------------------


class SmtpProblem(Exception):
    """A setting or a server that stops the whole run; the message says what to do."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    user: str | None
    password: str | None
    starttls: bool | None  # None: when the server offers it
    implicit_tls: bool
    sender: str | None  # overrides the From address
    timeout: float = 30  # seconds a connection may stay silent

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> SmtpSettings:
        host = env.get("CLUB_SMTP_HOST", "").strip()
        if not host:
            raise SmtpProblem("set CLUB_SMTP_HOST (and CLUB_SMTP_PORT, CLUB_SMTP_USER, CLUB_SMTP_PASSWORD)")
        implicit = _flag(env, "CLUB_SMTP_SSL")
        port_text = env.get("CLUB_SMTP_PORT", "").strip()
        if port_text and not (port_text.isdigit() and 0 < int(port_text) < 65536):
            raise SmtpProblem(f'CLUB_SMTP_PORT "{port_text}" is not a port number (1-65535)')
        port = int(port_text) if port_text else (465 if implicit else 587)
        starttls = _flag(env, "CLUB_SMTP_STARTTLS")
        timeout_text = env.get("CLUB_SMTP_TIMEOUT", "").strip() or "30"
        if not timeout_text.isdigit() or int(timeout_text) == 0:
            raise SmtpProblem(f'CLUB_SMTP_TIMEOUT "{timeout_text}" is not a number of seconds')
        return cls(
            host=host,
            port=port,
            user=env.get("CLUB_SMTP_USER") or None,
            password=env.get("CLUB_SMTP_PASSWORD") or None,
            starttls=starttls,
            implicit_tls=bool(implicit) or port == 465,
            sender=env.get("CLUB_SMTP_FROM") or None,
            timeout=int(timeout_text),
        )


def _flag(env: Mapping[str, str], name: str) -> bool | None:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return None
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise SmtpProblem(f'{name} must be 1 or 0, found "{raw}"')


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def connect(settings: SmtpSettings) -> smtplib.SMTP:
    """A logged-in connection, encrypted whenever the server can; raises SmtpProblem."""
    where = f"{settings.host}:{settings.port}"
    context = ssl.create_default_context()
    try:
        if settings.implicit_tls:
            server: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout, context=context
            )
        else:
            server = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    except (smtplib.SMTPException, OSError) as exc:
        raise SmtpProblem(f"cannot reach the mail server {where}: {_reply(exc)}") from None
    try:
        _greet(server, settings, context, where)
    except BaseException as exc:
        server.close()
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            raise SmtpProblem(f"{where} refused the user name or password: {_reply(exc)}") from None
        if isinstance(exc, smtplib.SMTPException | OSError):
            raise SmtpProblem(f"the mail server {where} failed: {_reply(exc)}") from None
        raise
    return server


def _greet(server: smtplib.SMTP, settings: SmtpSettings, context: ssl.SSLContext, where: str) -> None:
    server.ehlo()
    encrypted = settings.implicit_tls
    if not encrypted and settings.starttls is not False and server.has_extn("starttls"):
        server.starttls(context=context)
        server.ehlo()
        encrypted = True
    if settings.starttls and not encrypted:
        raise SmtpProblem(f"{where} does not offer STARTTLS, and CLUB_SMTP_STARTTLS=1 asks for it")
    if settings.user:
        if not encrypted and not _loopback(settings.host):
            raise SmtpProblem(
                f"{where} offers no encryption, so the password would travel in clear text; "
                "use the server's submission port (587 with STARTTLS, or 465 with CLUB_SMTP_SSL=1)"
            )
        server.login(settings.user, settings.password or "")


def _reply(exc: BaseException) -> str:
    code = getattr(exc, "smtp_code", None)
    error = getattr(exc, "smtp_error", None)
    if isinstance(error, bytes):
        error = error.decode("utf-8", "replace")
    if code:
        return f"{code} {error}".strip()
    recipients = getattr(exc, "recipients", None)
    if isinstance(recipients, dict) and recipients:
        code, error = next(iter(recipients.values()))
        return f"{code} {error.decode('utf-8', 'replace') if isinstance(error, bytes) else error}"
    return str(exc) or type(exc).__name__


@dataclass
class Sent:
    delivered: list[Invitation] = field(default_factory=list)
    already: list[Invitation] = field(default_factory=list)
    failed: list[tuple[Invitation, str]] = field(default_factory=list)
    stopped: str | None = None  # why the run stopped before the end


def send(
    plan: Plan,
    folder: Path,
    settings: SmtpSettings,
    now: datetime | None = None,
) -> Sent:
    """Send every invitation the log does not list as sent in this very form."""
    result = Sent()
    log = read_log(folder)
    due = []
    for invitation in plan.invitations:
        entry = log.get(invitation.member.id)
        if entry and entry.get("digest") == invitation.digest and entry.get("to") == invitation.to:
            result.already.append(invitation)
        else:
            due.append(invitation)
    if not due:
        return result
    server = connect(settings)
    try:
        for index, invitation in enumerate(due):
            mail = invitation.message
            moment = now or datetime.now(UTC).replace(microsecond=0)
            del mail["Date"]
            mail["Date"] = format_datetime(moment)
            if settings.sender:
                del mail["From"]
                mail["From"] = settings.sender
            from_address = mail["From"].addresses[0].addr_spec
            try:
                server.send_message(mail, from_addr=from_address, to_addrs=[invitation.to])
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
                result.failed.append((invitation, _reply(exc)))
                continue
            except (smtplib.SMTPException, OSError) as exc:
                # The connection is gone: what was sent is in the log; the rest waits for a re-run.
                result.failed.append((invitation, _reply(exc)))
                result.stopped = f"the connection to {settings.host}:{settings.port} failed: {_reply(exc)}"
                result.failed.extend((rest, "not tried") for rest in due[index + 1 :])
                break
            log[invitation.member.id] = {
                "to": invitation.to,
                "digest": invitation.digest,
                "message_id": mail["Message-ID"],
                "method": invitation.method,
                "sequence": invitation.sequence,
                "sent_at": moment.astimezone(UTC).isoformat(),
            }
            write_log(folder, plan.event.slug, log)
            result.delivered.append(invitation)
    finally:
        try:
            server.quit()
        except (smtplib.SMTPException, OSError):
            server.close()
    return result


# The command ------------------------------------------------------------------------------


def run(root: Path, slug: str, deliver: bool, today: Any = None, out: TextIO | None = None) -> int:
    """`club invites SLUG [--send]`; returns the exit code."""
    from .diagnostics import did_you_mean
    from .session import check_root

    out = out or sys.stdout
    checked = check_root(root, today)
    club = checked.club
    event = club.events_by_slug.get(slug)
    files = {club.settings.members_file, event.file if event else ""}
    own = [
        d
        for d in checked.report.sorted()
        if d.position.file in files or d.position.file.endswith(f"-{slug}.yaml")
    ]
    for item in own:
        print(item.text(), file=out)
    if event is None and not any(d.is_error for d in own):
        hint = did_you_mean(slug, club.events_by_slug)
        print(f'club: there is no event "{slug}"' + (f"; {hint}" if hint else ""), file=sys.stderr)
        return 1
    if event is None or any(d.is_error for d in own):
        print("club: fix the errors above first; no invitation was written", file=sys.stderr)
        return 1
    folder = invites_folder(root, club, slug)
    try:
        log = read_log(folder)
    except LogUnreadable as exc:
        print(f"club: {exc}", file=sys.stderr)
        return 1
    build = BuildInfo.for_root(root)
    plan = prepare(club, event, build, log)
    write_folder(folder, plan)
    shown = folder.relative_to(root) if folder.is_relative_to(root) else folder
    kind = "cancellations" if event.status is Status.CANCELLED else "invitations"
    print(
        f"{shown}/: {plan.selected} selected; {len(plan.invitations)} {kind} by e-mail (.eml), "
        f"{len(plan.sms)} text messages ({SMS_FILE})",
        file=out,
    )
    for line in summary_lines(plan):
        print(line, file=out)
    if not deliver:
        return 0
    refusal = _refusal(event, checked.today)
    if refusal:
        print(f"club: nothing was sent: {refusal}", file=sys.stderr)
        return 1
    try:
        settings = SmtpSettings.from_env(os.environ)
        result = send(plan, folder, settings)
    except (SmtpProblem, LogUnreadable) as exc:
        print(f"club: nothing was sent: {exc}", file=sys.stderr)
        return 1
    print(
        f"sent {len(result.delivered)}, sent before {len(result.already)}, failed {len(result.failed)}",
        file=out,
    )
    for invitation, reason in result.failed:
        print(f"not sent: {_who(invitation.member)} <{invitation.to}>: {reason}", file=out)
    if result.stopped:
        print(f"club: {result.stopped}", file=sys.stderr)
    if result.failed:
        print(
            "club: run the same command again to send the rest; nobody gets a message twice", file=sys.stderr
        )
        return 1
    return 0


def _refusal(event: Event, today: Any) -> str | None:
    if event.status is Status.DRAFT:
        return 'the event is still a draft; set "status: confirmed" first'
    if event.end.date() < today:
        return "the event is over"
    return None
