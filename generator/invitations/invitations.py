"""Personal invitations: one e-mail per invited member, a text-message list, and sending them.

`club invites SLUG` writes into `private/invites/SLUG/`:

- `MEMBER.eml` for every selected member with an e-mail address: text and HTML that greet
  the member by the name they go by, say their tier, the time in the event's time zone,
  the venue, the public agenda and the event page's address, with the event attached as
  an iTIP invitation addressed to that member (`METHOD:REQUEST`, or `METHOD:CANCEL` when
  the event is cancelled; the MIME part's `method=` says the same);
- `sms.csv` (phone, message) for every selected member with a phone, each message within
  one SMS segment.

`--send` keeps its log in `sent/invites/SLUG.jsonl` at the club's root, a file the editors
commit, so that another copy of the club (a fresh clone) does not send anything again. It is
JSON Lines, only ever appended to: one line before each message is handed to the server
(`handing`), one when the server accepted it (`accepted`) or refused it (`refused`). A line
names the member by id and the invitation by its digest (which covers the address, so a new
address is a new invitation), never an address or a phone number. A member whose latest
line is `handing` may have got the message (the connection broke before the server
answered): they are not sent it again unless `--resend MEMBER_ID` says so. One `--send` per
event at a time: the log file is locked (`flock`) while it runs. A changed invitation (new
time, place, status, agenda…) is a new message and goes out again. The log of earlier
versions, `private/invites/SLUG/sent.json`, is still read (its entries count as delivered)
but no longer written.

A cancellation goes to the people the event selects and to everyone the log says was
invited before, so a member dropped from the audience in the meantime still hears of it.
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import io
import ipaddress
import json
import os
import shutil
import smtplib
import ssl
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from generator.checking.audience import resolve
from generator.messages import Message, exception_message, language_for, say, shown, t
from generator.model import Club, Event, Member, Status
from generator.pack.csvcells import cells
from generator.reading.folders import SENT_DIR, through_a_link
from generator.sms import fit, one_line
from generator.texts import INVITATION_STRINGS, Texts
from generator.writing.outputs import BuildInfo, NotMadeByABuild, Output, OutputFamily

INVITES_DIR = "invites"
LEGACY_LOG = "sent.json"  # in private/invites/SLUG/, read only
SMS_FILE = "sms.csv"
ATTACHMENT = "invite.ics"


def _say(texts: Texts, key: str, **fields: object) -> str:
    return INVITATION_STRINGS[key][texts.language].format(**fields)


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
        from generator.pack.tables import render

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
    from generator.calendars.calendars import event_url, plain_text

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
    # The digest versions before 2026-12-02 wrote into `sent.json` (it covered SEQUENCE and
    # the address as written): an invitation sent by them still counts as sent.
    earlier_digest: str = ""

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
    from generator.calendars import calendars

    assert member.email
    words = letter(club, event, member)
    ics = calendars.invitation(club, event, member, build)
    sequence = calendars.stamp(club, event, build).sequence
    method = "CANCEL" if event.status is Status.CANCELLED else "REQUEST"
    text = words.text()
    # The digest covers the address, so a new address is a new invitation, while the
    # sent-log, which stores the digest, never holds the address itself. It covers what the
    # member reads, not SEQUENCE, which counts commits: a merge or another clone's history
    # must not make the same invitation a new one.
    address = member.email.strip().lower()
    digest = hashlib.sha256(f"{method}\n{address}\n{text}".encode()).hexdigest()[:16]
    earlier = hashlib.sha256(f"{method}\n{sequence}\n{member.email}\n{text}".encode()).hexdigest()[:16]
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
    return Invitation(member, mail, digest, method, sequence, earlier)


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
    writer.writerow(cells(["phone", "message"]))
    for _member, phone, text in rows:
        writer.writerow(cells([phone, text]))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def plan_outputs(plan: Plan, prefix: str = "") -> Iterator[Output]:
    for invitation in plan.invitations:
        yield Output(f"{prefix}{invitation.file}", invitation.message.as_bytes())
    yield Output(f"{prefix}{SMS_FILE}", sms_csv(plan.sms))


def _who(member: Member) -> str:
    return f"{one_line(member.name)} ({member.id})"


def summary_lines(plan: Plan) -> list[Message]:
    lines = []
    for members, reason in (
        (plan.no_email, t("no e-mail address, so no invitation e-mail")),
        (plan.bad_email, t("an e-mail address that cannot be used in a message")),
        (plan.no_phone, t("no phone number, so not in sms.csv")),
    ):
        if members:
            who = ", ".join(_who(m) for m in members)
            lines.append(
                t("skipped {count}, {reason}: {members}", count=len(members), reason=reason, members=who)
            )
    unreachable = [m for m in plan.no_email if m in plan.no_phone]
    if unreachable:
        who = ", ".join(_who(m) for m in unreachable)
        lines.append(t("cannot be reached at all: {members}", members=who))
    return lines


# The folder and the sent-log ----------------------------------------------------------------

HANDING = "handing"  # about to be handed to the server: it may have got it
ACCEPTED = "accepted"  # the server accepted it
REFUSED = "refused"  # the server refused it: not delivered
STATES = frozenset({HANDING, ACCEPTED, REFUSED})
CONFLICT_MARKERS = (b"<<<<<<<", b"=======", b">>>>>>>", b"|||||||")


class LogUnreadable(Exception):
    pass


class LogUnwritable(Exception):
    pass


class AlreadySending(Exception):
    pass


def invites_folder(root: Path, club: Club, slug: str) -> Path:
    return root / club.settings.private_dir / INVITES_DIR / slug


def log_path(root: Path, slug: str) -> Path:
    """The event's sent-log, `sent/invites/SLUG.jsonl` at the club's root (committed)."""
    return root / SENT_DIR / INVITES_DIR / f"{slug}.jsonl"


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


@dataclass(frozen=True)
class Entry:
    """One line of the sent-log: what became of one member's invitation. The digest covers
    the address, so the line needs neither the address nor a phone number."""

    member: str
    digest: str
    state: str
    message_id: str = ""
    at: str = ""  # UTC, 2026-11-23T09:30:00Z
    method: str = ""
    sequence: int | None = None

    def line(self) -> bytes:
        fields = {
            "member": self.member,
            "digest": self.digest,
            "method": self.method,
            "sequence": self.sequence,
            "message_id": self.message_id,
            "state": self.state,
            "at": self.at,
        }
        return (json.dumps(fields, ensure_ascii=False) + "\n").encode("utf-8")


@dataclass
class SentLog:
    entries: list[Entry] = field(default_factory=list)

    def latest(self, member: str, digest: str) -> Entry | None:
        """What became of this very invitation: accepted once any line says so, else what
        its last line says (None: never sent)."""
        found = None
        for entry in self.entries:
            if entry.member == member and entry.digest == digest:
                if entry.state == ACCEPTED:
                    return entry
                found = entry
        return found

    def invited(self) -> set[str]:
        """Everyone who got, or may have got, an invitation to the event."""
        return {entry.member for entry in self.entries if entry.state != REFUSED}


def _entry(line: bytes) -> Entry | None:
    try:
        data = json.loads(line.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError and JSONDecodeError alike
        return None
    if not isinstance(data, dict):
        return None
    member, digest, state = data.get("member"), data.get("digest"), data.get("state")
    if not (isinstance(member, str) and isinstance(digest, str) and state in STATES):
        return None
    sequence = data.get("sequence")
    return Entry(
        member,
        digest,
        state,
        str(data.get("message_id") or ""),
        str(data.get("at") or ""),
        str(data.get("method") or ""),
        sequence if isinstance(sequence, int) else None,
    )


def _last_line(data: bytes) -> tuple[int, bytes] | None:
    """Where the last line that is not blank starts, and the line."""
    end = len(data.rstrip())
    if end == 0:
        return None
    start = data.rfind(b"\n", 0, end) + 1
    return start, data[start:end]


def _read_lines(path: Path, shown: str) -> list[Entry]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise LogUnreadable(
            t("{file} cannot be read ({reason})", file=shown, reason=exc.strerror or str(exc))
        ) from None
    lines = [(number, line) for number, line in enumerate(data.split(b"\n"), 1) if line.strip()]
    entries = []
    for index, (number, line) in enumerate(lines):
        entry = _entry(line)
        if entry is not None:
            entries.append(entry)
        elif index < len(lines) - 1:
            raise LogUnreadable(_not_an_entry(shown, number, line))
        # else a torn last line, from a run that stopped while writing it: left out
    return entries


def _not_an_entry(shown: str, number: int, line: bytes) -> Message:
    if line.startswith(CONFLICT_MARKERS):
        return t(
            "{file}:{line}: a merge left its conflict markers in the sent-log; keep the lines "
            "of both sides, delete the <<<<<<<, ======= and >>>>>>> lines, then run again",
            file=shown,
            line=number,
        )
    return t(
        "{file}:{line}: this line of the sent-log is not an entry (one JSON object per line); "
        "mend it from the log's history (git log -p), then run again",
        file=shown,
        line=number,
    )


def _read_legacy(path: Path, shown: str) -> list[Entry]:
    """The log of earlier versions, private/invites/SLUG/sent.json: every entry was accepted."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as exc:
        raise LogUnreadable(
            t(
                "{file} cannot be read ({reason}); move it aside only if nothing was sent",
                file=shown,
                reason=str(exc),
            )
        ) from None
    sent = data.get("sent") if isinstance(data, dict) else None
    if not isinstance(sent, dict):
        return []
    return [
        Entry(
            str(member),
            str(entry.get("digest") or ""),
            ACCEPTED,
            str(entry.get("message_id") or ""),
            str(entry.get("sent_at") or ""),
        )
        for member, entry in sorted(sent.items())
        if isinstance(entry, dict)
    ]


def read_log(root: Path, club: Club, slug: str) -> SentLog:
    """Who was sent what for the event: the legacy log's entries, then the sent-log's lines.
    Raises LogUnreadable, with the file and the line, when a line before the last is not
    an entry (a torn last line is left out)."""
    legacy = invites_folder(root, club, slug) / LEGACY_LOG
    path = log_path(root, slug)
    return SentLog(_read_legacy(legacy, _shown(legacy, root)) + _read_lines(path, _shown(path, root)))


GITATTRIBUTES = (
    "# Written by club invites: two copies of the club that both sent invitations merge\n"
    "# their sent-logs by keeping every line of both, never with conflict markers.\n"
    "*.jsonl merge=union\n"
)


def _merge_by_union(folder: Path) -> None:
    """Tell git to merge the append-only sent-logs line by line (a club's file, written once)."""
    attributes = folder / ".gitattributes"
    if not attributes.exists() and not attributes.is_symlink():
        attributes.write_text(GITATTRIBUTES, encoding="utf-8")


class LogWriter:
    """The event's sent-log, open for appending and locked: one `--send` per event at a time.

    The lock (`flock`) is on the log file itself, which is only ever appended to, never
    replaced, so every run locks the same file; it goes with the file's closing, also when
    the process dies. Each line is written in one `write`, flushed and synced before the
    message goes on, so a crash leaves at most a torn last line."""

    def __init__(self, path: Path, shown: str | None = None) -> None:
        self.path = path
        self.shown = shown or str(path)
        self.handed = 0  # messages handed to the server by this run
        self.last: Entry | None = None  # the line written last
        self._mended = False
        root = path.parents[2]  # the club's: sent/invites/SLUG.jsonl
        if through_a_link(path, root):
            raise LogUnwritable(
                t("{file} is reached through a link, so it is not written; remove the link", file=self.shown)
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        _merge_by_union(root / SENT_DIR)
        # O_NOFOLLOW: a link put in its place since is refused, not followed.
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o644)
        self._file = os.fdopen(descriptor, "a+b", buffering=0)
        try:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BaseException as exc:
            self._file.close()
            if isinstance(exc, BlockingIOError):
                raise AlreadySending from None
            raise

    def append(self, entry: Entry) -> None:
        try:
            if not self._mended:
                self._mend()
            self._write(entry.line())
            os.fsync(self._file.fileno())
        except OSError as exc:
            raise LogUnwritable(
                t("cannot write to {file} ({reason})", file=self.shown, reason=exc.strerror or str(exc))
            ) from None
        self.last = entry
        if entry.state == HANDING:
            self.handed += 1

    def _write(self, data: bytes) -> None:
        written = self._file.write(data)  # one write(2) with O_APPEND: at the end, in one piece
        while written is not None and written < len(data):
            written += self._file.write(data[written:]) or 0
        self._file.flush()

    def _mend(self) -> None:
        """Before this run's first line: cut off a torn last line (read as never sent), and
        end a last line that lost its line break, so that the new line starts a line."""
        self._file.seek(0)
        data = self._file.readall()
        last = _last_line(data)
        if last is not None and _entry(last[1]) is None:
            os.ftruncate(self._file.fileno(), last[0])
        elif data and not data.endswith(b"\n"):
            self._write(b"\n")
        self._mended = True

    def close(self) -> None:
        self._file.close()


def write_folder(folder: Path, plan: Plan) -> None:
    """Write the plan's files into a fresh folder swapped in at the end; an earlier
    version's sent.json stays."""
    from generator.writing.outputs import staging_dir, swap_in, write_outputs

    stage = staging_dir(folder)
    try:
        write_outputs(stage, plan_outputs(plan))
        if (folder / LEGACY_LOG).exists():
            shutil.copy2(folder / LEGACY_LOG, stage / LEGACY_LOG)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    swap_in((stage, folder))


class PlannersInvitations(OutputFamily):
    """The build's part: private/ is rebuilt from scratch, so the invitation folders that
    `club invites` made are carried over (an earlier version's sent.json untouched), and the
    invitations of events that still exist are written afresh (an edited event's
    invitations update). The sent-log itself is in sent/, outside private/."""

    name = "invitations"
    public = False
    in_second_process = True

    def outputs(self, club: Club, build: BuildInfo) -> Iterable[Output]:
        base = build.root / club.settings.private_dir / INVITES_DIR
        if not base.is_dir():
            return
        if through_a_link(base, build.root):
            return
        # Only what `club invites` wrote there: a link would carry its target into the pack.
        for folder in sorted(
            p for p in base.iterdir() if p.is_dir() and not p.is_symlink() and not p.name.startswith(".")
        ):
            prefix = f"{INVITES_DIR}/{folder.name}/"
            event = club.events_by_slug.get(folder.name)
            log = SentLog()
            if event is not None:
                try:
                    log = read_log(build.root, club, folder.name)
                except LogUnreadable:
                    event = None  # keep the folder exactly as it is; `club invites` will say why
            if event is None:
                for path in sorted(
                    p for p in folder.rglob("*") if p.is_file() and not through_a_link(p, folder)
                ):
                    yield Output(prefix + path.relative_to(folder).as_posix(), path.read_bytes())
                continue
            yield from plan_outputs(prepare(club, event, build, log.invited()), prefix)
            if (folder / LEGACY_LOG).exists():
                yield Output(prefix + LEGACY_LOG, (folder / LEGACY_LOG).read_bytes())


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
            raise SmtpProblem(
                t("set CLUB_SMTP_HOST (and CLUB_SMTP_PORT, CLUB_SMTP_USER, CLUB_SMTP_PASSWORD)")
            )
        implicit = _flag(env, "CLUB_SMTP_SSL")
        port_text = env.get("CLUB_SMTP_PORT", "").strip()
        if port_text and not (port_text.isdigit() and 0 < int(port_text) < 65536):
            raise SmtpProblem(t('CLUB_SMTP_PORT "{text}" is not a port number (1-65535)', text=port_text))
        port = int(port_text) if port_text else (465 if implicit else 587)
        starttls = _flag(env, "CLUB_SMTP_STARTTLS")
        timeout_text = env.get("CLUB_SMTP_TIMEOUT", "").strip() or "30"
        if not timeout_text.isdigit() or int(timeout_text) == 0:
            raise SmtpProblem(t('CLUB_SMTP_TIMEOUT "{text}" is not a number of seconds', text=timeout_text))
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
    raise SmtpProblem(t('{name} must be 1 or 0, found "{text}"', name=name, text=raw))


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
        raise SmtpProblem(
            t("cannot reach the mail server {server}: {reply}", server=where, reply=_reply(exc))
        ) from None
    try:
        _greet(server, settings, context, where)
    except BaseException as exc:
        server.close()
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            raise SmtpProblem(
                t("{server} refused the user name or password: {reply}", server=where, reply=_reply(exc))
            ) from None
        if isinstance(exc, smtplib.SMTPException | OSError):
            raise SmtpProblem(
                t("the mail server {server} failed: {reply}", server=where, reply=_reply(exc))
            ) from None
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
        raise SmtpProblem(
            t("{server} does not offer STARTTLS, and CLUB_SMTP_STARTTLS=1 asks for it", server=where)
        )
    if settings.user:
        if not encrypted and not _loopback(settings.host):
            raise SmtpProblem(
                t(
                    "{server} offers no encryption, so the password would travel in clear text; "
                    "use the server's submission port (587 with STARTTLS, or 465 with CLUB_SMTP_SSL=1)",
                    server=where,
                )
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
    failed: list[tuple[Invitation, str]] = field(default_factory=list)  # the server's reply, or NOT_TRIED
    uncertain: list[tuple[Invitation, Entry]] = field(default_factory=list)  # may have been delivered
    stopped: Message | None = None  # why the run stopped before the end


NOT_TRIED = t("not tried")


class NotInDoubt(Exception):
    """`--resend` named a member whose invitation is not one that may have been delivered."""


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _hand_over(
    server: smtplib.SMTP, mail: EmailMessage, from_address: str, to: str, handing: Callable[[], None]
) -> None:
    """`server.send_message`, calling `handing()` just before the DATA command: a failure up
    to there means the server has certainly not got the message; from there on it may have."""
    data = server.data

    def recorded_data(msg: bytes | str) -> tuple[int, bytes]:
        handing()
        return data(msg)

    server.data = recorded_data  # type: ignore[method-assign]
    try:
        server.send_message(mail, from_addr=from_address, to_addrs=[to])
    finally:
        del server.data


def send(
    plan: Plan,
    log: SentLog,
    writer: LogWriter,
    settings: SmtpSettings,
    now: datetime | None = None,
    resend: Iterable[str] = (),
) -> Sent:
    """Send every invitation the log does not list as sent in this very form, writing each
    step to the log (`writer`, locked) before the next one. An invitation the log leaves in
    doubt (handed to the server, no answer) goes again only when `resend` names its member;
    raises NotInDoubt, before sending anything, when it names anyone else."""

    def clock() -> datetime:
        return now or datetime.now(UTC).replace(microsecond=0)

    result = Sent()
    again = set(resend)
    due = []
    in_doubt = set()
    for invitation in plan.invitations:
        member = invitation.member.id
        last = log.latest(member, invitation.digest) or log.latest(member, invitation.earlier_digest)
        if last is not None and last.state == ACCEPTED:
            result.already.append(invitation)
        elif last is not None and last.state == HANDING:
            in_doubt.add(member)
            if member in again:
                due.append(invitation)
            else:
                result.uncertain.append((invitation, last))
        else:
            due.append(invitation)
    wrong = sorted(again - in_doubt)
    if wrong:
        raise NotInDoubt(
            t(
                '--resend {members}: only a member reported as "may have been delivered" '
                "is sent the same invitation again",
                members=", ".join(wrong),
            )
        )
    if not due:
        return result
    server = connect(settings)
    index = 0
    try:
        for index, invitation in enumerate(due):
            mail = invitation.message
            moment = clock()
            del mail["Date"]
            mail["Date"] = format_datetime(moment)
            if settings.sender:
                del mail["From"]
                mail["From"] = settings.sender
            from_address = mail["From"].addresses[0].addr_spec
            handing = Entry(
                invitation.member.id,
                invitation.digest,
                HANDING,
                str(mail["Message-ID"]),
                _utc(moment),
                invitation.method,
                invitation.sequence,
            )
            try:
                _hand_over(server, mail, from_address, invitation.to, partial(writer.append, handing))
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
                # The server answered no: it has not got the message.
                result.failed.append((invitation, _reply(exc)))
                writer.append(replace(handing, state=REFUSED, at=_utc(clock())))
                continue
            except (smtplib.SMTPException, OSError) as exc:
                # The connection is gone: what was sent is in the log; the rest waits for a re-run.
                if writer.last is handing:
                    result.uncertain.append((invitation, handing))
                else:
                    result.failed.append((invitation, _reply(exc)))
                result.stopped = t(
                    "the connection to {server} failed: {reply}",
                    server=settings.host + ":" + str(settings.port),
                    reply=_reply(exc),
                )
                result.failed.extend((rest, NOT_TRIED) for rest in due[index + 1 :])
                break
            result.delivered.append(invitation)
            writer.append(replace(handing, state=ACCEPTED, at=_utc(clock())))
    except LogUnwritable as exc:
        result.stopped = t("{reason}, so the run stopped", reason=exception_message(exc))
        done = {id(i) for i in result.delivered} | {id(i) for i, _ in result.failed}
        done |= {id(i) for i, _ in result.uncertain}
        result.failed.extend((rest, NOT_TRIED) for rest in due[index:] if id(rest) not in done)
    finally:
        try:
            server.quit()
        except (smtplib.SMTPException, OSError):
            server.close()
    return result


# The command ------------------------------------------------------------------------------


def run(
    root: Path,
    slug: str,
    deliver: bool,
    today: Any = None,
    out: TextIO | None = None,
    resend: Iterable[str] = (),
) -> int:
    """`club invites SLUG [--send [--resend MEMBER_ID]…]`; returns the exit code."""
    from generator.checking.session import check_root
    from generator.diagnostics import Report, no_such_event
    from generator.reading.read import read_settings

    out = out or sys.stdout
    resend = list(resend)
    if resend and not deliver:
        language = language_for(read_settings(root, Report()).language)
        say(t("--resend goes with --send; nothing was written or sent"), language)
        return 1
    checked = check_root(root, today)
    club = checked.club
    language = language_for(club.settings.language)
    event, starting = club.event_written_as(slug)
    # The settings too: they say where the invitations and the sent-log go.
    files = {"mkdocs.yml", club.settings.members_file, event.file if event else ""}
    file_name = slug if slug.endswith((".yaml", ".yml")) else f"-{slug}.yaml"
    own = [
        d for d in checked.report.sorted() if d.position.file in files or d.position.file.endswith(file_name)
    ]
    for item in own:
        print(item.text(language), file=out)
    if event is None and not any(d.is_error for d in own):
        say(no_such_event(slug, starting, club.events_by_slug), language)
        return 1
    if deliver and event is not None and slug.strip() != event.slug and not slug.endswith((".yaml", ".yml")):
        # Sending is not undone: it names its event in full, never by the start of a slug.
        say(
            t(
                '"{written}" is the start of "{slug}"; to send, write the whole slug; nothing was sent',
                written=slug,
                slug=event.slug,
            ),
            language,
        )
        return 1
    if event is None or any(d.is_error for d in own):
        say(t("fix the errors above first; no invitation was written"), language)
        return 1
    refusal = _refusal(event, checked.today) if deliver else None
    from generator.calendars.history import shallow_clone

    if deliver and refusal is None and shallow_clone(root, club.settings.events_dir):
        refusal = t(
            "this is a shallow git clone, so the invitations' SEQUENCE would be too low for "
            "calendars to take them; run git fetch --unshallow first"
        )
    writer = None
    if deliver and refusal is None:
        path = log_path(root, slug)
        try:
            writer = LogWriter(path, _shown(path, root))
        except AlreadySending:
            say(
                t('another "club invites {slug} --send" is sending; nothing was sent by this one', slug=slug),
                language,
            )
            return 1
        except LogUnwritable as exc:
            say(t("nothing was sent: {reason}", reason=exception_message(exc)), language)
            return 1
        except OSError as exc:
            failed = t("{file}: {reason}", file=_shown(path, root), reason=exc.strerror or str(exc))
            say(t("nothing was sent: {reason}", reason=failed), language)
            return 1
    try:
        return _run(root, club, event, refusal, writer, resend, out)
    finally:
        if writer is not None:
            writer.close()


def _run(
    root: Path,
    club: Club,
    event: Event,
    refusal: Message | None,
    writer: LogWriter | None,
    resend: list[str],
    out: TextIO,
) -> int:
    """The part of `run` that, with --send, holds the event's lock (`writer`)."""
    language = language_for(club.settings.language)
    folder = invites_folder(root, club, event.slug)
    try:
        log = read_log(root, club, event.slug)
    except LogUnreadable as exc:
        why = exception_message(exc)
        say(t("{reason}; nothing was sent", reason=why) if writer else why, language)
        return 1
    build = BuildInfo.for_root(root)
    plan = prepare(club, event, build, log.invited())
    try:
        write_folder(folder, plan)
    except NotMadeByABuild as exc:
        say(exception_message(exc), language)
        return 1
    place = folder.relative_to(root) if folder.is_relative_to(root) else folder
    written = t(
        "{folder}/: {selected} selected; {count} {kind} by e-mail (.eml), {texts} text messages ({file})",
        folder=place,
        selected=plan.selected,
        count=len(plan.invitations),
        kind=t("cancellations") if event.status is Status.CANCELLED else t("invitations"),
        texts=len(plan.sms),
        file=SMS_FILE,
    )
    print(shown(written, language), file=out)
    for line in summary_lines(plan):
        print(shown(line, language), file=out)
    if refusal:
        say(t("nothing was sent: {reason}", reason=refusal), language)
        return 1
    if writer is None:
        return 0
    try:
        settings = SmtpSettings.from_env(os.environ)
        result = send(plan, log, writer, settings, resend=resend)
    except (SmtpProblem, NotInDoubt) as exc:
        say(t("nothing was sent: {reason}", reason=exception_message(exc)), language)
        return 1
    sent, before, failed = len(result.delivered), len(result.already), len(result.failed)
    if result.uncertain:
        counts = t(
            "sent {sent}, sent before {before}, failed {failed}, may have been delivered {uncertain}",
            sent=sent,
            before=before,
            failed=failed,
            uncertain=len(result.uncertain),
        )
    else:
        counts = t(
            "sent {sent}, sent before {before}, failed {failed}", sent=sent, before=before, failed=failed
        )
    print(shown(counts, language), file=out)
    for invitation, reason in result.failed:
        not_sent = t(
            "not sent: {member} <{address}>: {reason}",
            member=_who(invitation.member),
            address=invitation.to,
            reason=reason,
        )
        print(shown(not_sent, language), file=out)
    for invitation, entry in result.uncertain:
        in_doubt = t(
            "may have been delivered: {name} (Message-ID {message_id}, handed to the server at {at}); "
            "check the mailbox or the server's log, then run again with --resend {member} to send it anyway",
            name=one_line(invitation.member.name),
            message_id=entry.message_id,
            at=entry.at,
            member=invitation.member.id,
        )
        print(shown(in_doubt, language), file=out)
    if result.stopped:
        say(result.stopped, language)
    if writer.handed:
        commit = t(
            "commit {folder}/ ({log} and {folder}/.gitattributes) so that no other copy "
            "of the club sends these again",
            folder=SENT_DIR,
            log=writer.shown,
        )
        print(shown(commit, language), file=out)
    if result.failed:
        say(t("run the same command again to send the rest; nobody gets a message twice"), language)
    return 1 if result.failed or result.uncertain else 0


def _refusal(event: Event, today: Any) -> Message | None:
    if event.status is Status.DRAFT:
        return t('the event is still a draft; set "status: confirmed" first')
    if event.end.date() < today:
        return t("the event is over")
    return None
