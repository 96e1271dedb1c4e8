"""The `club` command."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path


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
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate members, events, articles and settings")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--format", choices=["text", "github"], default="text", help="output format")
    check.add_argument("--today", type=_today, help="the date to check against (default: today)")

    build = commands.add_parser("build", help="check, then build site/ and private/")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--today", type=_today, help="the date the site is built for (default: today)")
    build.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress")

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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root: Path = args.root
    if not (root / "mkdocs.yml").is_file():
        print(f"club: no mkdocs.yml in {root.resolve()}; run club in the club's folder", file=sys.stderr)
        return 2
    if args.command == "check":
        return _check(root, args)
    if args.command == "build":
        return _build(root, args)
    if args.command == "serve":
        return _serve(root, args)
    if args.command == "new":
        from .new import new_event

        return new_event(root, args.kind, args.date, args.title, args.slug, args.honoree)
    return 2


def _print_report(checked: object, output_format: str = "text") -> None:
    from .session import Checked

    assert isinstance(checked, Checked)
    items = checked.report.sorted()
    for item in items:
        print(item.github() if output_format == "github" else item.text())
    errors, warnings = len(checked.report.errors), len(checked.report.warnings)
    print(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}", file=sys.stderr)


def _check(root: Path, args: argparse.Namespace) -> int:
    from .session import check_root

    checked = check_root(root, args.today)
    _print_report(checked, args.format)
    return 1 if checked.report.failed(args.strict) else 0


def _build(root: Path, args: argparse.Namespace) -> int:
    from .build import BuildFailed, build_site
    from .session import check_root

    checked = check_root(root, args.today)
    _print_report(checked)
    if checked.report.failed(args.strict):
        print("club: nothing was written; site/ and private/ are as they were", file=sys.stderr)
        return 1
    try:
        site, private = build_site(checked, verbose=args.verbose)
    except BuildFailed as exc:
        print(f"club: the build failed: {exc}", file=sys.stderr)
        print("club: nothing was written; site/ and private/ are as they were", file=sys.stderr)
        return 1
    print(
        f"built {site.relative_to(root.resolve())}/ and {private.relative_to(root.resolve())}/",
        file=sys.stderr,
    )
    return 0


def _serve(root: Path, args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve

    from .build import _quiet_mkdocs

    _quiet_mkdocs(verbose=True)
    serve(config_file=str(root / "mkdocs.yml"), dev_addr=args.dev_addr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
