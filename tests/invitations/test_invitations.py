"""`club invites SLUG`: personal e-mails with the iTIP invite, the SMS list, and sending them."""

from __future__ import annotations

import asyncio
import csv
import email
import fcntl
import hashlib
import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.sms import UCS2_LIMIT, fit, limit_of
from tests.support import REPO, TODAY

ROSTER = """\
# 名册：注释要保留
members:
  - id: he-zong
    name: 何建国
    display_name: 何总
    tier: diamond
    email: he@example.org
    phone: "+86 139 0000 0001"
  - id: li-na
    name: 李娜
    tier: gold
    email: li.na@example.org
    phone: "13900000002"
  - id: xss
    name: <img src=x onerror=alert(1)>
    tier: gold
    email: xss@example.org
    consent: {directory: true}
  - id: phone-only
    name: 王五
    tier: gold
    phone: "13900000004"
  - id: unreachable
    name: 赵六
    tier: gold
  - id: left-out
    name: 钱七
    tier: silver
    email: qian@example.org
"""

GALA = """\
title: 冬至联谊晚会
kind: other
status: {status}
start: 2026-12-22 20:00
end: 2026-12-22 23:00
{zone}venue: {{name: 丽泽汇馆, address: 宜宾市翠屏区丽泽路 88 号}}
organizer: {{name: 泽丝泰会所, email: events@example.org}}
audience:
  tiers: [diamond, gold]
summary: 一起**包饺子**，共度冬至。
notes: PLANNER-ONLY-NOTE
run_sheet:
  - at: "19:30"
    until: "20:00"
    title: CREW-ONLY-SETUP
    crew_only: true
  - at: "20:00"
    until: "21:00"
    title: 包饺子
    location: 大厅
    notes: CREW-NOTE
  - at: "21:00"
    until: "23:00"
    title: 联欢
"""

INVITED = ["he-zong", "li-na", "xss"]  # diamond and gold, with an e-mail address


def gala(status: str = "confirmed", zone: str = "") -> str:
    return GALA.format(status=status, zone=f"timezone: {zone}\n" if zone else "")


@pytest.fixture
def party(club):
    club.write("members.yaml", ROSTER)
    club.event("2026-12-22-gala.yaml", gala())
    return club


def invites(club, capsys, *extra: str) -> tuple[int, str, str]:
    code = main(["--root", str(club.root), "invites", "gala", "--today", TODAY.isoformat(), *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def folder(club) -> Path:
    return club.root / "private/invites/gala"


def sent_log(club) -> Path:
    return club.root / "sent/invites/gala.jsonl"


def log_entries(club) -> list[dict]:
    return [json.loads(line) for line in sent_log(club).read_text(encoding="utf-8").splitlines()]


def read_mail(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def part(message: EmailMessage, content_type: str) -> EmailMessage:
    found = [p for p in message.walk() if p.get_content_type() == content_type]
    assert len(found) == 1, f"{content_type}: {len(found)} parts"
    return found[0]


def text_of(message: EmailMessage) -> str:
    return part(message, "text/plain").get_content().replace("\r\n", "\n")


def calendar_of(message: EmailMessage) -> str:
    content = part(message, "text/calendar").get_content()
    return content if isinstance(content, str) else content.decode("utf-8")


def unfolded(ics: str) -> str:
    return ics.replace("\r\n ", "").replace("\r\n", "\n")


# What is written ------------------------------------------------------------------------


def test_one_message_per_invited_member_with_an_address(party, capsys) -> None:
    code, out, _ = invites(party, capsys)
    assert code == 0
    assert sorted(p.name for p in folder(party).glob("*.eml")) == sorted(f"{i}.eml" for i in INVITED)
    assert (
        "private/invites/gala/: 5 selected; 3 invitations by e-mail (.eml), 3 text messages (sms.csv)" in out
    )


def test_the_message_greets_the_member_and_gives_the_event(party, capsys) -> None:
    invites(party, capsys)
    message = read_mail(folder(party) / "he-zong.eml")
    assert message["To"].addresses[0].addr_spec == "he@example.org"
    assert message["To"].addresses[0].display_name == "何总"
    assert message["From"].addresses[0].addr_spec == "events@example.org"
    assert message["Subject"] == "邀请函：冬至联谊晚会"
    text = text_of(message)
    assert text.startswith("何总，您好！\n")  # the display name, not "尊敬的客户"
    assert "尊敬的客户" not in text
    assert "钻石会员" in text  # the tier's words
    assert "时间：2026年12月22日星期二 20:00–23:00（中国标准时间）" in text
    assert "地点：丽泽汇馆，宜宾市翠屏区丽泽路 88 号" in text
    assert "一起包饺子，共度冬至。" in text  # the summary, as plain text
    assert "20:00–21:00  包饺子 · 大厅" in text
    assert "21:00–23:00  联欢" in text
    assert "https://club.test/events/gala/" in text
    for secret in ("CREW-ONLY-SETUP", "CREW-NOTE", "PLANNER-ONLY-NOTE", "+86 139"):
        assert secret not in message.as_string()
        assert secret not in text
    html = part(message, "text/html").get_content()
    assert "何总，您好！" in html and 'href="https://club.test/events/gala/"' in html


def test_without_a_display_name_the_name_is_used(party, capsys) -> None:
    invites(party, capsys)
    text = text_of(read_mail(folder(party) / "li-na.eml"))
    assert text.startswith("李娜，您好！\n")
    assert "金卡会员" in text


def test_the_calendar_part_is_a_request_for_that_member_only(party, capsys) -> None:
    from icalendar import Calendar

    invites(party, capsys)
    message = read_mail(folder(party) / "li-na.eml")
    assert message.get_content_type() == "multipart/mixed"
    alternative = part(message, "multipart/alternative")
    assert [p.get_content_type() for p in alternative.iter_parts()] == [
        "text/plain",
        "text/html",
        "text/calendar",
    ]
    assert part(message, "text/calendar").get_param("method") == "REQUEST"
    attachment = part(message, "application/ics")
    assert attachment.get_filename() == "invite.ics"
    ics = calendar_of(message)
    assert attachment.get_content() == ics.encode("utf-8")
    calendar = Calendar.from_ical(ics)
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    attendees = event.get("ATTENDEE")
    assert not isinstance(attendees, list), "one attendee only"
    assert str(attendees) == "mailto:li.na@example.org"
    assert "CREW-ONLY-SETUP" not in ics and "CREW-NOTE" not in ics


def test_the_time_is_the_events_own_time_zone(party, capsys) -> None:
    party.event("2026-12-22-gala.yaml", gala(zone="Europe/London"))
    invites(party, capsys)
    text = text_of(read_mail(folder(party) / "he-zong.eml"))
    assert "时间：2026年12月22日星期二 20:00–23:00（格林尼治标准时间）" in text


def test_member_text_is_escaped_in_the_html_and_kept_in_the_calendar(party, capsys) -> None:
    invites(party, capsys)
    message = read_mail(folder(party) / "xss.eml")
    html = part(message, "text/html").get_content()
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert text_of(message).startswith("<img src=x onerror=alert(1)>，您好！")
    assert message["To"].addresses[0].display_name == "<img src=x onerror=alert(1)>"


def test_the_text_message_list(party, capsys) -> None:
    invites(party, capsys)
    raw = (folder(party) / "sms.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())  # so that Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["phone", "message"]
    assert [r[0] for r in rows[1:]] == ["+8613900000001", "13900000002", "13900000004"]
    assert rows[1][1] == "何总您好！诚邀您12月22日周二 20:00到丽泽汇馆参加「冬至联谊晚会」，期待您的光临。"
    assert all(len(r[1]) <= 70 for r in rows[1:])


def test_a_long_title_is_shortened_to_fit_one_segment(party, capsys) -> None:
    long_title = "那些年我们曾走过的青春 · 怀旧主题生日晚会暨二〇二六年度会员答谢酒会与年代服饰评选"
    party.event("2026-12-22-gala.yaml", gala().replace("冬至联谊晚会", long_title))
    invites(party, capsys)
    rows = list(csv.reader(io.StringIO((folder(party) / "sms.csv").read_text(encoding="utf-8-sig"))))
    message = rows[1][1]
    assert len(message) == 70
    assert message.startswith("何总您好！诚邀您12月22日周二 20:00到丽泽汇馆参加「那些年")
    assert message.endswith("…」，期待您的光临。")


@settings(max_examples=200, deadline=None)
@given(
    name=st.text(min_size=1, max_size=40),
    title=st.text(min_size=1, max_size=200),
    venue=st.text(max_size=80),
)
def test_any_message_fits_one_segment(name: str, title: str, venue: str) -> None:
    text = fit(
        lambda f: (
            f"{f['name']}您好！诚邀您12月22日周二 20:00到{f['venue']}参加「{f['title']}」，期待您的光临。"
        ),
        {"name": name, "title": title, "venue": venue},
        ("title", "venue", "name"),
    )
    assert len(text) <= UCS2_LIMIT


def test_plain_ascii_messages_may_use_160_characters() -> None:
    assert limit_of("Dear Li, you are invited") == 160
    assert limit_of("Dear 李娜") == 70
    text = fit(
        lambda f: f"Dear {f['name']}, you are invited to {f['title']}.",
        {"name": "Li", "title": "x" * 300},
        ("title",),
    )
    assert len(text) == 160 and text.endswith("....")


def test_the_summary_says_who_was_skipped_and_why(party, capsys) -> None:
    _, out, _ = invites(party, capsys)
    assert (
        "skipped 2, no e-mail address, so no invitation e-mail: 王五 (phone-only), 赵六 (unreachable)" in out
    )
    assert (
        "skipped 2, no phone number, so not in sms.csv: <img src=x onerror=alert(1)> (xss), 赵六 (unreachable)"
        in out
    )
    assert "cannot be reached at all: 赵六 (unreachable)" in out


@pytest.mark.parametrize("log", ["sent-log", "legacy sent.json"])
def test_a_cancelled_event_sends_cancellations_to_everyone_invited_before(party, capsys, log) -> None:
    invites(party, capsys)
    # left-out was invited earlier (the audience then included silver)
    if log == "sent-log":
        line = {"member": "left-out", "digest": "x", "state": "accepted", "message_id": "<m@x>"}
        sent_log(party).parent.mkdir(parents=True)
        sent_log(party).write_text(json.dumps(line) + "\n", encoding="utf-8")
    legacy = {"event": "gala", "sent": {"left-out": {"to": "qian@example.org", "digest": "x"}}}
    if log == "legacy sent.json":
        (folder(party) / "sent.json").write_text(json.dumps(legacy), encoding="utf-8")
    party.event("2026-12-22-gala.yaml", gala(status="cancelled"))
    assert invites(party, capsys)[0] == 0
    assert sorted(p.stem for p in folder(party).glob("*.eml")) == sorted([*INVITED, "left-out"])
    message = read_mail(folder(party) / "li-na.eml")
    assert message["Subject"] == "活动取消：冬至联谊晚会"
    assert part(message, "text/calendar").get_param("method") == "CANCEL"
    ics = unfolded(calendar_of(message))
    assert "METHOD:CANCEL" in ics and "STATUS:CANCELLED" in ics
    assert "ATTENDEE" in ics and "mailto:li.na@example.org" in ics
    assert "已取消" in text_of(message)
    if log == "legacy sent.json":
        assert json.loads((folder(party) / "sent.json").read_text(encoding="utf-8")) == legacy  # untouched
    rows = list(csv.reader(io.StringIO((folder(party) / "sms.csv").read_text(encoding="utf-8-sig"))))
    assert rows[1][1] == "何总您好！原定12月22日周二 20:00的「冬至联谊晚会」已取消，敬请谅解。"


def test_an_unknown_event_is_named_with_a_suggestion(party, capsys) -> None:
    code = main(["--root", str(party.root), "invites", "gaal", "--today", TODAY.isoformat()])
    assert code == 1
    assert 'club: there is no event "gaal"; did you mean "gala"?' in capsys.readouterr().err


def test_sending_needs_the_whole_slug(party, capsys) -> None:
    code = main(["--root", str(party.root), "invites", "gal", "--send", "--today", TODAY.isoformat()])
    assert code == 1
    assert 'club: "gal" is the start of "gala"; to send, write the whole slug; nothing was sent' in (
        capsys.readouterr().err
    )
    assert not (party.root / "sent").exists()


@pytest.mark.parametrize("written", ["gal", "events/2026-12-22-gala.yaml", "2026-12-22-gala.yaml"])
def test_an_event_is_named_by_the_start_of_its_slug_or_its_file(party, capsys, written: str) -> None:
    code = main(["--root", str(party.root), "invites", written, "--today", TODAY.isoformat()])
    assert code == 0
    assert (party.root / "private/invites/gala").is_dir()


def test_an_event_with_errors_writes_nothing(party, capsys) -> None:
    party.event(
        "2026-12-22-gala.yaml",
        gala().replace("tiers: [diamond, gold]", "tiers: [diamond, gold]\n  birthday_months: [13]"),
    )
    code, out, err = invites(party, capsys)
    assert code == 1
    assert "events/2026-12-22-gala.yaml:10:21: error: the number 13 is not a month" in out
    assert "no invitation was written" in err
    assert not folder(party).exists()


# Sending ------------------------------------------------------------------------------------


class Recorder:
    """An aiosmtpd handler that keeps what it receives and can refuse a recipient once."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []
        self.refuse_once: set[str] = set()
        self.logins: list[tuple[bytes, bytes]] = []
        # recipients whose message is stored, then the connection dropped before the reply
        self.drop_after_storing: set[str] = set()
        self.in_data = threading.Event()  # set while the first DATA waits for `go_on`
        self.go_on: threading.Event | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse_once:
            self.refuse_once.discard(address)
            return "451 4.3.0 mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        if self.go_on is not None:
            gate, self.go_on = self.go_on, None
            self.in_data.set()
            await asyncio.get_running_loop().run_in_executor(None, gate.wait, 60)
        dropped = self.drop_after_storing & set(envelope.rcpt_tos)
        if dropped:
            self.drop_after_storing -= dropped
            server.transport.abort()  # stored, but the client never hears so
        return "250 Message accepted for delivery"

    def copies(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for address in self.recipients():
            counts[address] = counts.get(address, 0) + 1
        return counts

    def recipients(self) -> list[str]:
        return sorted(r for _, rcpts, _ in self.received for r in rcpts)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(monkeypatch):
    """A real SMTP server on loopback, on a random port; the CLUB_SMTP_* settings point at it."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    recorder = Recorder()

    def authenticate(server, session, envelope, mechanism, data):
        recorder.logins.append((data.login, data.password))
        # handled=False: aiosmtpd answers a refusal with 535 itself
        return AuthResult(success=data.password == b"secret", handled=False)

    controller = Controller(
        recorder,
        hostname="127.0.0.1",
        port=_free_port(),
        authenticator=authenticate,
        auth_require_tls=False,
        ready_timeout=5,
    )
    controller.start()
    for name in (
        "CLUB_SMTP_USER",
        "CLUB_SMTP_PASSWORD",
        "CLUB_SMTP_STARTTLS",
        "CLUB_SMTP_SSL",
        "CLUB_SMTP_FROM",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CLUB_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CLUB_SMTP_PORT", str(controller.port))
    monkeypatch.setenv("CLUB_SMTP_TIMEOUT", "10")
    try:
        yield recorder
    finally:
        controller.stop()


def test_send_delivers_each_invitation_once(party, capsys, smtp) -> None:
    code, out, err = invites(party, capsys, "--send")
    assert code == 0, err
    assert "sent 3, sent before 0, failed 0" in out
    assert smtp.recipients() == sorted(["he@example.org", "li.na@example.org", "xss@example.org"])
    for sender, rcpts, content in smtp.received:
        assert sender == "events@example.org"
        message = email.message_from_bytes(content, policy=policy.default)
        assert [a.addr_spec for a in message["To"].addresses] == rcpts  # each addressed to one member
    assert sorted(e["member"] for e in log_entries(party) if e["state"] == "accepted") == INVITED
    assert (
        "commit sent/ (sent/invites/gala.jsonl and sent/.gitattributes) so that no other copy of the club "
        "sends these again" in out
    )
    assert not (folder(party) / "sent.json").exists()  # the old log is no longer written
    # A second run finds everything in the log and sends nothing.
    code, out, _ = invites(party, capsys, "--send")
    assert code == 0
    assert "sent 0, sent before 3, failed 0" in out
    assert len(smtp.received) == 3


def test_a_rerun_after_a_failure_sends_only_the_rest(party, capsys, smtp) -> None:
    smtp.refuse_once.add("li.na@example.org")
    code, out, err = invites(party, capsys, "--send")
    assert code == 1
    assert "sent 2, sent before 0, failed 1" in out
    assert "not sent: 李娜 (li-na) <li.na@example.org>: 451 4.3.0 mailbox busy, try again later" in out
    assert "run the same command again" in err
    code, out, _ = invites(party, capsys, "--send")
    assert code == 0
    assert "sent 1, sent before 2, failed 0" in out
    assert smtp.recipients() == sorted(["he@example.org", "li.na@example.org", "xss@example.org"])


def test_a_changed_event_is_sent_again(party, capsys, smtp) -> None:
    assert invites(party, capsys, "--send")[0] == 0
    party.event(
        "2026-12-22-gala.yaml",
        gala()
        .replace('until: "23:00"', 'until: "22:30"')
        .replace("end: 2026-12-22 23:00", "end: 2026-12-22 22:30"),
    )
    code, out, _ = invites(party, capsys, "--send")
    assert code == 0
    assert "sent 3, sent before 0, failed 0" in out
    assert len(smtp.received) == 6


def test_a_build_keeps_the_sent_log(party, capsys, smtp) -> None:
    assert invites(party, capsys, "--send")[0] == 0
    log = sent_log(party).read_bytes()
    legacy = b'{"event": "gala", "sent": {}}\n'
    (folder(party) / "sent.json").write_bytes(legacy)  # an earlier version's log stays
    assert main(["--root", str(party.root), "build", "--today", TODAY.isoformat()]) == 0
    capsys.readouterr()
    assert sent_log(party).read_bytes() == log
    assert (folder(party) / "sent.json").read_bytes() == legacy
    assert sorted(p.stem for p in folder(party).glob("*.eml")) == INVITED
    _, out, _ = invites(party, capsys, "--send")
    assert "sent 0, sent before 3, failed 0" in out


def test_login_with_the_configured_user(party, capsys, smtp, monkeypatch) -> None:
    monkeypatch.setenv("CLUB_SMTP_USER", "planner")
    monkeypatch.setenv("CLUB_SMTP_PASSWORD", "secret")
    assert invites(party, capsys, "--send")[0] == 0
    assert smtp.logins == [(b"planner", b"secret")]


def test_a_wrong_password_sends_nothing(party, capsys, smtp, monkeypatch) -> None:
    monkeypatch.setenv("CLUB_SMTP_USER", "planner")
    monkeypatch.setenv("CLUB_SMTP_PASSWORD", "wrong")
    code, _, err = invites(party, capsys, "--send")
    assert code == 1
    assert f"club: nothing was sent: 127.0.0.1:{smtp_port()} refused the user name or password: 535" in err
    assert smtp.received == []
    assert sent_log(party).read_bytes() == b""  # nothing handed to the server
    assert "commit" not in capsys.readouterr().out


def smtp_port() -> str:
    import os

    return os.environ["CLUB_SMTP_PORT"]


def test_starttls_required_but_not_offered_sends_nothing(party, capsys, smtp, monkeypatch) -> None:
    monkeypatch.setenv("CLUB_SMTP_STARTTLS", "1")
    code, _, err = invites(party, capsys, "--send")
    assert code == 1
    assert f"127.0.0.1:{smtp_port()} does not offer STARTTLS, and CLUB_SMTP_STARTTLS=1 asks for it" in err
    assert smtp.received == []


def test_no_server_is_a_message_not_a_traceback(party, capsys, monkeypatch) -> None:
    monkeypatch.setenv("CLUB_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CLUB_SMTP_PORT", str(_free_port()))
    code, _, err = invites(party, capsys, "--send")
    assert code == 1
    assert "club: nothing was sent: cannot reach the mail server 127.0.0.1:" in err
    assert "Traceback" not in err


def test_missing_settings_are_named(party, capsys, monkeypatch) -> None:
    monkeypatch.delenv("CLUB_SMTP_HOST", raising=False)
    code, _, err = invites(party, capsys, "--send")
    assert code == 1
    assert "club: nothing was sent: set CLUB_SMTP_HOST" in err


def test_drafts_and_past_events_are_not_sent(party, capsys, smtp) -> None:
    party.event("2026-12-22-gala.yaml", gala(status="draft"))
    code, _, err = invites(party, capsys, "--send")
    assert code == 1 and "the event is still a draft" in err
    party.event("2026-12-22-gala.yaml", gala())
    code = main(["--root", str(party.root), "invites", "gala", "--send", "--today", "2027-01-05"])
    assert code == 1 and "the event is over" in capsys.readouterr().err
    assert smtp.received == []


# The sent-log: committed, locked, written before each hand-over -----------------------------


def test_the_sent_log_names_no_address_and_no_phone(party, capsys, smtp) -> None:
    assert invites(party, capsys, "--send")[0] == 0
    text = sent_log(party).read_text(encoding="utf-8")
    assert text.endswith("\n")
    for secret in ("@example.org", "139", "0000", "何建国"):
        assert secret not in text.replace("@club.test>", ">")  # Message-IDs are of the club's domain
    entries = log_entries(party)
    for member in INVITED:  # handed over, then accepted, in that order
        mine = [e for e in entries if e["member"] == member]
        assert [e["state"] for e in mine] == ["handing", "accepted"]
        assert mine[0]["message_id"] == mine[1]["message_id"]
        assert mine[0]["method"] == "REQUEST" and mine[0]["sequence"] == 0
        assert mine[0]["at"].endswith("Z") and len(mine[0]["digest"]) == 16
    # the Message-ID each line names is the one the member received
    received = {rcpts[0]: email.message_from_bytes(c, policy=policy.default) for _, rcpts, c in smtp.received}
    he = next(e for e in entries if e["member"] == "he-zong")
    assert received["he@example.org"]["Message-ID"] == he["message_id"]


def test_a_new_address_is_a_new_invitation(party, capsys, smtp) -> None:
    assert invites(party, capsys, "--send")[0] == 0
    party.write("members.yaml", ROSTER.replace("li.na@example.org", "lina@example.net"))
    code, out, _ = invites(party, capsys, "--send")
    assert code == 0
    assert "sent 1, sent before 2, failed 0" in out
    assert smtp.recipients().count("lina@example.net") == 1
    assert "example.net" not in sent_log(party).read_text(encoding="utf-8")


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    command = ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args]
    subprocess.run(command, cwd=root, env=env, capture_output=True, check=True)


def test_a_fresh_clone_sends_nobody_again(party, capsys, smtp, tmp_path) -> None:
    party.write(".gitignore", "/private/\n/site/\n")
    git(party.root, "init", "-q")
    git(party.root, "add", "-A")
    git(party.root, "commit", "-q", "-m", "the club")
    code, out, _ = invites(party, capsys, "--send")
    assert code == 0 and "sent 3, sent before 0, failed 0" in out
    git(party.root, "add", "sent")
    git(party.root, "commit", "-q", "-m", "who was sent the invitations")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(party.root), str(clone))
    assert not (clone / "private").exists() and (clone / "sent/invites/gala.jsonl").is_file()
    code = main(["--root", str(clone), "invites", "gala", "--send", "--today", TODAY.isoformat()])
    out = capsys.readouterr().out
    assert code == 0
    assert "sent 0, sent before 3, failed 0" in out
    assert "commit" not in out  # nothing new to commit
    assert len(smtp.received) == 3


def test_an_earlier_versions_sent_json_counts_as_delivered(party, capsys, smtp) -> None:
    invites(party, capsys)
    sent = {}
    for member in INVITED:  # what the earlier version wrote after each accepted message
        message = read_mail(folder(party) / f"{member}.eml")
        message_id = message["Message-ID"]
        sequence = message_id.split("@")[0].split(".")[-2]
        address = message["To"].addresses[0].addr_spec
        # The letter as written (the message's part has SMTP line ends).
        text = part(message, "text/plain").get_content().replace("\r\n", "\n")
        # The earlier version's digest: method, SEQUENCE, address and the letter's text.
        digest = hashlib.sha256(f"REQUEST\n{sequence}\n{address}\n{text}".encode()).hexdigest()[:16]
        assert digest not in message_id, "the digest has changed since"
        sent[member] = {"to": address, "digest": digest, "message_id": message_id}
    legacy = json.dumps({"event": "gala", "sent": sent})
    (folder(party) / "sent.json").write_text(legacy, encoding="utf-8")
    code, out, _ = invites(party, capsys, "--send")
    assert code == 0
    assert "sent 0, sent before 3, failed 0" in out
    assert smtp.received == []
    assert (folder(party) / "sent.json").read_text(encoding="utf-8") == legacy  # kept, not rewritten


def test_a_second_send_of_the_same_event_stops_at_once(party, capsys, smtp) -> None:
    party.event("2026-12-24-tea.yaml", gala().replace("冬至联谊晚会", "平安夜茶叙").replace("12-22", "12-24"))
    sent_log(party).parent.mkdir(parents=True)
    with open(sent_log(party), "ab") as held:  # another run is sending this event
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        code, _, err = invites(party, capsys, "--send")
        assert code == 1
        assert err.strip() == (
            'club: another "club invites gala --send" is sending; nothing was sent by this one'
        )
        assert smtp.received == []
        # another event is not held up
        code = main(["--root", str(party.root), "invites", "tea", "--send", "--today", TODAY.isoformat()])
        assert code == 0, capsys.readouterr().err
        assert len(smtp.received) == 3
    assert invites(party, capsys, "--send")[0] == 0
    assert len(smtp.received) == 6


def test_two_sends_at_once_give_each_member_one_copy(party, smtp) -> None:
    """Two processes: the second starts while the first waits for the server's answer."""
    gate = threading.Event()
    smtp.go_on = gate
    command = [sys.executable, "-m", "generator.cli", "--root", str(party.root), "invites", "gala"]
    command += ["--send", "--today", TODAY.isoformat()]
    options = {"cwd": REPO, "capture_output": True, "text": True, "timeout": 120}
    first: list[subprocess.CompletedProcess[str]] = []
    thread = threading.Thread(target=lambda: first.append(subprocess.run(command, **options)))
    thread.start()
    try:
        assert smtp.in_data.wait(60), "the first run never reached the server"
        second = subprocess.run(command, **options)
    finally:
        gate.set()  # the server answers the first run
        thread.join(120)
    assert second.returncode == 1, second.stderr
    assert (
        second.stderr == 'club: another "club invites gala --send" is sending; nothing was sent by this one\n'
    )
    assert first[0].returncode == 0, first[0].stderr
    assert "sent 3, sent before 0, failed 0" in first[0].stdout
    assert smtp.copies() == {"he@example.org": 1, "li.na@example.org": 1, "xss@example.org": 1}


def test_a_message_the_server_may_have_stored_is_not_sent_again(party, capsys, smtp) -> None:
    smtp.drop_after_storing.add("li.na@example.org")
    code, out, err = invites(party, capsys, "--send")
    assert code == 1
    assert "sent 1, sent before 0, failed 1, may have been delivered 1" in out
    li_na = [e for e in log_entries(party) if e["member"] == "li-na"]
    assert [e["state"] for e in li_na] == ["handing"]
    message_id, at = li_na[0]["message_id"], li_na[0]["at"]
    doubt = (
        f"may have been delivered: 李娜 (Message-ID {message_id}, handed to the server at {at}); "
        "check the mailbox or the server's log, then run again with --resend li-na to send it anyway"
    )
    assert doubt in out
    assert "not sent: <img src=x onerror=alert(1)> (xss) <xss@example.org>: not tried" in out
    assert "commit sent/ (sent/invites/gala.jsonl" in out
    assert smtp.copies() == {"he@example.org": 1, "li.na@example.org": 1}  # stored all the same
    # The rerun sends the rest, and not li-na's again.
    code, out, _ = invites(party, capsys, "--send")
    assert code == 1
    assert "sent 1, sent before 1, failed 0, may have been delivered 1" in out
    assert doubt in out
    assert smtp.copies() == {"he@example.org": 1, "li.na@example.org": 1, "xss@example.org": 1}
    # --resend only for a member in doubt
    code, _, err = invites(party, capsys, "--send", "--resend", "he-zong")
    assert code == 1
    assert 'club: nothing was sent: --resend he-zong: only a member reported as "may have been' in err
    assert len(smtp.received) == 3
    code, _, err = invites(party, capsys, "--resend", "li-na")  # without --send
    assert code == 1 and "club: --resend goes with --send" in err
    # --resend li-na sends it anyway, once.
    code, out, _ = invites(party, capsys, "--send", "--resend", "li-na")
    assert code == 0
    assert "sent 1, sent before 2, failed 0" in out
    assert smtp.copies()["li.na@example.org"] == 2
    assert [e["state"] for e in log_entries(party) if e["member"] == "li-na"] == [
        "handing",
        "handing",
        "accepted",
    ]
    code, out, _ = invites(party, capsys, "--send")
    assert code == 0 and "sent 0, sent before 3, failed 0" in out


def test_a_refused_message_is_logged_and_sent_again(party, capsys, smtp) -> None:
    smtp.refuse_once.add("li.na@example.org")
    assert invites(party, capsys, "--send")[0] == 1
    # refused at RCPT, before the message went: no "handing" line, so no doubt
    assert [e["state"] for e in log_entries(party) if e["member"] == "li-na"] == ["refused"]
    code, out, _ = invites(party, capsys, "--send")
    assert code == 0 and "sent 1, sent before 2, failed 0" in out


def test_a_torn_last_line_is_left_out(party, capsys, smtp) -> None:
    assert invites(party, capsys, "--send")[0] == 0
    lines = sent_log(party).read_text(encoding="utf-8").splitlines(keepends=True)
    accepted = next(i for i, line in enumerate(lines) if '"li-na"' in line and '"accepted"' in line)
    torn = lines.pop(accepted)[:40]  # the run died while writing li-na's "accepted"
    sent_log(party).write_text("".join(lines) + torn, encoding="utf-8")
    code, out, err = invites(party, capsys, "--send")
    assert code == 1, err
    assert "sent 0, sent before 2, failed 0, may have been delivered 1" in out
    assert "may have been delivered: 李娜" in out
    # The next line written replaces the torn one, so the log stays readable.
    code, out, _ = invites(party, capsys, "--send", "--resend", "li-na")
    assert code == 0
    text = sent_log(party).read_text(encoding="utf-8")
    assert torn not in text.splitlines()
    assert all(isinstance(json.loads(line), dict) for line in text.splitlines())


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        ("not json at all", "this line of the sent-log is not an entry (one JSON object per line)"),
        ("<<<<<<< HEAD", "a merge left its conflict markers in the sent-log"),
    ],
)
def test_a_damaged_line_in_the_middle_stops_everything(party, capsys, smtp, bad, says) -> None:
    assert invites(party, capsys, "--send")[0] == 0
    lines = sent_log(party).read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(1, bad + "\n")
    sent_log(party).write_text("".join(lines), encoding="utf-8")
    party.write("members.yaml", ROSTER.replace("li.na@example.org", "lina@example.net"))  # one is due
    code, _, err = invites(party, capsys, "--send")
    assert code == 1
    assert err.startswith(f"club: sent/invites/gala.jsonl:2: {says}")
    assert err.strip().endswith("nothing was sent")
    assert "Traceback" not in err
    assert len(smtp.received) == 3


def test_the_text_message_list_is_safe_in_a_spreadsheet(party, capsys) -> None:
    formula = '=HYPERLINK("http://evil.example","点我")'
    party.write(
        "members.yaml",
        ROSTER.replace("display_name: 何总", f"display_name: '{formula}'").replace(
            '"+86 139 0000 0001"', '"+86 138-0000-1111"'
        ),
    )
    assert invites(party, capsys)[0] == 0
    rows = list(csv.reader(io.StringIO((folder(party) / "sms.csv").read_text(encoding="utf-8-sig"))))
    assert rows[1][0] == "+86138-0000-1111"  # a phone number stays dialable
    assert rows[1][1].startswith("'=HYPERLINK(")  # the name, shortened to fit, starts the message


def test_a_lower_sequence_after_a_merge_sends_nobody_again(party, capsys, smtp, monkeypatch) -> None:
    from generator.calendars import calendars

    code, out, _ = invites(party, capsys, "--send")
    assert code == 0 and "sent 3, sent before 0, failed 0" in out
    # Another branch's history counts the event's moves differently: the same invitation.
    stamp = calendars.stamp

    def other_history(club, event, build):  # type: ignore[no-untyped-def]
        from dataclasses import replace

        return replace(stamp(club, event, build), sequence=stamp(club, event, build).sequence + 5)

    monkeypatch.setattr(calendars, "stamp", other_history)
    code, out, _ = invites(party, capsys, "--send")
    assert code == 0 and "sent 0, sent before 3, failed 0" in out
    assert len(smtp.received) == 3


def test_a_shallow_clone_sends_nothing(party, capsys, smtp, tmp_path) -> None:
    party.write(".gitignore", "/private/\n/site/\n")
    git(party.root, "init", "-q")
    git(party.root, "add", "-A")
    git(party.root, "commit", "-q", "-m", "the club")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{party.root}", str(clone))
    code = main(["--root", str(clone), "invites", "gala", "--send", "--today", TODAY.isoformat()])
    err = capsys.readouterr().err
    assert code == 1
    assert "club: nothing was sent: this is a shallow git clone" in err
    assert smtp.received == []


def test_a_sent_log_reached_through_a_link_is_never_written(party, capsys, smtp, tmp_path) -> None:
    victim = tmp_path / "authorized_keys"
    victim.write_text("ssh-ed25519 AAAA victim@host\n")
    (party.root / "sent/invites").mkdir(parents=True)
    os.symlink(victim, party.root / "sent/invites/gala.jsonl")
    code, _, err = invites(party, capsys, "--send")
    assert code == 1
    assert "club: nothing was sent: sent/invites/gala.jsonl is reached through a link" in err
    assert victim.read_text() == "ssh-ed25519 AAAA victim@host\n"
    assert smtp.received == []


def test_two_copies_that_both_sent_merge_their_logs_without_conflict(party, capsys, smtp, tmp_path) -> None:
    party.write(".gitignore", "/private/\n/site/\n")
    git(party.root, "init", "-q", "-b", "main")
    git(party.root, "add", "-A")
    git(party.root, "commit", "-q", "-m", "the club")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(party.root), str(clone))
    assert invites(party, capsys, "--send")[0] == 0
    git(party.root, "add", "sent")
    git(party.root, "commit", "-q", "-m", "sent here")
    # The other copy sends too (nothing it knows of was sent), a second later, and commits its lines.
    time.sleep(1.1)
    assert main(["--root", str(clone), "invites", "gala", "--send", "--today", TODAY.isoformat()]) == 0
    capsys.readouterr()
    git(clone, "add", "sent")
    git(clone, "commit", "-q", "-m", "sent there")
    git(clone, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    lines = (clone / "sent/invites/gala.jsonl").read_text(encoding="utf-8").splitlines()
    assert not any(line.startswith(("<<<<<<<", "=======", ">>>>>>>")) for line in lines)
    assert len(lines) == 12, "both copies' handing and accepted lines"
    assert main(["--root", str(clone), "invites", "gala", "--send", "--today", TODAY.isoformat()]) == 0
    assert "sent 0, sent before 3, failed 0" in capsys.readouterr().out
    assert (clone / "sent/.gitattributes").read_text(encoding="utf-8").endswith("*.jsonl merge=union\n")
