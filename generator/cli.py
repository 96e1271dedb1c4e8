"""The `club` command."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from generator.messages import ENVIRONMENT, exception_message, language_for, say, shown, t


def _today(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a date; write YYYY-MM-DD') from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="club",
        description="Build a members' club's journal site, calendars and planners' sheets from YAML.",
    )
    parser.add_argument("--root", type=Path, default=Path("."), help="the club's folder (default: here)")
    parser.add_argument(
        "--lang",
        choices=["zh", "en"],
        help="the language of messages (default: the club's theme.language, or CLUB_LANG)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate members, events, articles and settings")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--format", choices=["text", "github"], default="text", help="output format")
    check.add_argument("--today", type=_today, help="the date to check against (default: today)")

    build = commands.add_parser("build", help="check, then build site/ and private/")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--today", type=_today, help="the date the site is built for (default: today)")
    build.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress")

    agenda = commands.add_parser(
        "agenda", help="one event's printable sheets, written into private/events/SLUG/"
    )
    agenda.add_argument("slug", help="the event's id (its file name without the date)")
    agenda.add_argument("--pdf", action="store_true", help="render the PDFs too, not only the HTML")
    agenda.add_argument("--today", type=_today, help="the date to check against (default: today)")

    serve = commands.add_parser("serve", help="live preview that reloads when files change")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="address to serve on")

    new = commands.add_parser("new", help="write a ready-to-edit file from a template")
    new_kinds = new.add_subparsers(dest="what", required=True, metavar="WHAT")
    event = new_kinds.add_parser("event", help="a new event file")
    event.add_argument("--kind", choices=["birthday", "briefing", "other"], required=True)
    event.add_argument("--date", type=_today, required=True, help="YYYY-MM-DD")
    event.add_argument("--title", required=True)
    event.add_argument("--slug", help="the event's id (default: from the title, in pinyin)")
    event.add_argument("--honoree", action="append", default=[], help="member id (birthday; repeatable)")
    article = new_kinds.add_parser("article", help="a new journal article")
    article.add_argument("--title", required=True)
    article.add_argument("--issue", help="the issue it belongs to, YYYY-MM (default: this month's)")
    article.add_argument("--date", type=_today, help="YYYY-MM-DD (default: today, or the issue's first day)")
    article.add_argument("--slug", help="its address (default: from the title, in pinyin)")
    article.add_argument("--author", action="append", default=[], help="an author (repeatable)")
    article.add_argument("--category", action="append", default=[], help="a category (repeatable)")
    article.add_argument("--today", type=_today, help="the day it is written (default: today)")

    invites = commands.add_parser(
        "invites", help="personal invitations for an event, written into private/invites/SLUG/"
    )
    invites.add_argument("slug", help="the event's id (its file name without the date)")
    invites.add_argument(
        "--send",
        action="store_true",
        help="send them through SMTP (CLUB_SMTP_HOST, _PORT, _USER, _PASSWORD); a re-run never sends twice",
    )
    invites.add_argument(
        "--resend",
        action="append",
        default=[],
        metavar="MEMBER_ID",
        help='with --send: send again to a member reported as "may have been delivered" '
        "(check their mailbox first); repeatable",
    )
    invites.add_argument("--today", type=_today, help="the date to check against (default: today)")

    members = commands.add_parser("members", help="work on the roster (members.yaml)")
    member_actions = members.add_subparsers(dest="action", required=True, metavar="ACTION")
    member_import = member_actions.add_parser(
        "import", help="add the rows of a spreadsheet export (CSV) to members.yaml"
    )
    member_import.add_argument("file", type=Path, help="the CSV file (UTF-8 or GBK; first row: headers)")
    member_import.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help='read COLUMN as FIELD (e.g. --map "会员卡号=id"; FIELD "-" ignores the column); repeatable',
    )
    member_import.add_argument(
        "--dry-run", action="store_true", help="show what would be added; write nothing"
    )

    demo = commands.add_parser("demo", help="write a synthetic club for trying the tool and benchmarks")
    demo.add_argument("directory", type=Path, help="an empty or new folder")
    demo.add_argument("--members", type=_count, default=1000)
    demo.add_argument("--events", type=_count, default=100)
    demo.add_argument("--articles", type=_count, default=30)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--today", type=_today, help="the day the club's calendar centres on (default: today)")
    return parser


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f'"{text}" is not a whole number')
    return int(text)


def _demo(args: argparse.Namespace) -> int:
    from generator.commands.demo import write_demo

    template = Path(__file__).resolve().parent.parent
    language = language_for()
    if not (template / "mkdocs.yml").is_file():
        say(t("the example club (the site shell the demo copies) is not beside the package"), language)
        return 2
    try:
        write_demo(
            args.directory,
            args.members,
            args.events,
            args.articles,
            args.seed,
            template,
            args.today or datetime.now(UTC).date(),
        )
    except FileExistsError as exc:
        say(exception_message(exc), language)
        return 1
    wrote = t(
        "wrote a club of {members} members, {events} events and {articles} articles to {folder}",
        members=args.members,
        events=args.events,
        articles=args.articles,
        folder=args.directory,
    )
    print(shown(wrote, language), file=sys.stderr)
    return 0


NOTHING_WRITTEN = t("nothing was written; site/ and private/ are as they were")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.lang:  # for this run and what it starts (the preview's rebuilds)
        os.environ[ENVIRONMENT] = args.lang
    try:
        return _run(args)
    except KeyboardInterrupt:
        say(t("stopped (Ctrl-C)"), language_for())
        if args.command == "build":
            say(NOTHING_WRITTEN, language_for())
        return 130
    except Exception as exc:
        # A fault of club itself, not of the club's files: one line, not a traceback.
        if os.environ.get("CLUB_DEBUG"):
            raise
        say(
            t(
                "an internal error stopped the command ({error}); "
                "run it again with CLUB_DEBUG=1 to see where, and report it",
                error=type(exc).__name__ + ": " + str(exc),
            ),
            language_for(),
        )
        if args.command == "build":
            say(NOTHING_WRITTEN, language_for())
        return 70


def _run(args: argparse.Namespace) -> int:
    root: Path = args.root
    if args.command == "demo":
        return _demo(args)
    if not (root / "mkdocs.yml").is_file():
        say(
            t("no mkdocs.yml in {folder}; run club in the club's folder", folder=root.resolve()),
            language_for(),
        )
        return 2
    if args.command == "check":
        return _check(root, args)
    if args.command == "build":
        return _build(root, args)
    if args.command == "serve":
        return _serve(root, args)
    if args.command == "agenda":
        return _agenda(root, args)
    if args.command == "invites":
        from generator.invitations.invitations import run

        return run(root, args.slug, args.send, args.today, resend=args.resend)
    if args.command == "members":
        from generator.commands.members_import import run_import

        return run_import(root, args.file, args.map, args.dry_run)
    if args.command == "new" and args.what == "article":
        from generator.commands.new_article import ArticleAsked, new_article

        asked = ArticleAsked(args.title, args.issue, args.date, args.slug, args.author, args.category)
        return new_article(root, asked, args.today)
    if args.command == "new":
        from generator.commands.new_event import new_event

        return new_event(root, args.kind, args.date, args.title, args.slug, args.honoree)
    return 2


def _print_report(checked: object, output_format: str = "text") -> None:
    from generator.checking.session import Checked

    assert isinstance(checked, Checked)
    language = language_for(checked.club.settings.language)
    items = checked.report.sorted()
    for item in items:
        print(item.github(language) if output_format == "github" else item.text(language))
    errors, warnings = len(checked.report.errors), len(checked.report.warnings)
    counted = t(
        "{errors}, {warnings}",
        errors=t("1 error") if errors == 1 else t("{n} errors", n=errors),
        warnings=t("1 warning") if warnings == 1 else t("{n} warnings", n=warnings),
    )
    print(shown(counted, language), file=sys.stderr)


def _check(root: Path, args: argparse.Namespace) -> int:
    from generator.checking.session import check_root

    checked = check_root(root, args.today)
    _print_report(checked, args.format)
    if args.format == "text":
        from generator.checking.audience import count_lines

        language = language_for(checked.club.settings.language)
        for line in count_lines(checked.club, checked.today):
            print(shown(line, language), file=sys.stderr)
    return 1 if checked.report.failed(args.strict) else 0


def _build(root: Path, args: argparse.Namespace) -> int:
    from generator.checking.session import check_root
    from generator.plugin.build import BuildFailed, build_site

    checked = check_root(root, args.today)
    language = language_for(checked.club.settings.language)
    _print_report(checked)
    if checked.report.failed(args.strict):
        say(NOTHING_WRITTEN, language)
        return 1
    _show_sheet_counts()
    try:
        site, private = build_site(checked, verbose=args.verbose)
    except BuildFailed as exc:
        say(t("the build failed: {reason}", reason=exception_message(exc)), language)
        say(NOTHING_WRITTEN, language)
        return 1
    built = t(
        "built {site}/ and {private}/",
        site=site.relative_to(root.resolve()),
        private=private.relative_to(root.resolve()),
    )
    print(shown(built, language), file=sys.stderr)
    return 0


def _show_sheet_counts() -> None:
    """Print the sheets' "N rendered, M from cache" lines, so a slow build explains itself."""
    import logging

    from generator.plugin.build import StderrHandler

    logger = logging.getLogger("generator.sheets.sheets")
    if not logger.handlers:
        # Writes to sys.stderr as it is at each line, not as it was at the first build.
        handler = StderrHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def _agenda(root: Path, args: argparse.Namespace) -> int:
    from generator.checking.session import check_root
    from generator.diagnostics import no_such_event
    from generator.sheets.fonts import MissingFont
    from generator.sheets.sheets import write_event_sheets

    checked = check_root(root, args.today)
    club = checked.club
    event, starting = club.event_written_as(args.slug)
    file_name = args.slug if args.slug.endswith((".yaml", ".yml")) else f"-{args.slug}.yaml"
    own = [
        d
        for d in checked.report.sorted()
        # The settings too: they say where the sheets go.
        if d.position.file == "mkdocs.yml"
        or (d.position.file == event.file if event else d.position.file.endswith(file_name))
    ]
    language = language_for(club.settings.language)
    for item in own:
        print(item.text(language))
    if event is None and not own:
        say(no_such_event(args.slug, starting, club.events_by_slug), language)
        return 1
    if event is None or any(d.is_error for d in own):
        say(t("fix the errors above first; no sheet was written"), language)
        return 1
    _show_sheet_counts()
    try:
        written = write_event_sheets(checked, event, pdf=args.pdf)
    except MissingFont as exc:
        say(exception_message(exc), language)
        return 1
    for path in written:
        print(path.relative_to(root.resolve()) if path.is_relative_to(root.resolve()) else path)
    return 0


def _serve(root: Path, args: argparse.Namespace) -> int:
    from generator.plugin.serve import serve_site

    return serve_site(root, args.dev_addr)


if __name__ == "__main__":
    sys.exit(main())
