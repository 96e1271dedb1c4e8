"""Read the club's files into the model, collecting every problem on the way."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from generator.diagnostics import Position, Report
from generator.messages import t
from generator.model import (
    DEFAULT_TIERS,
    Article,
    Audience,
    Birthday,
    Club,
    Consent,
    Event,
    Kind,
    Material,
    Member,
    Organizer,
    Segment,
    Settings,
    Status,
    Tier,
    Venue,
)
from generator.reading import folders, parsed_store, timing, values
from generator.reading.front_matter import FRONT_MATTER
from generator.reading.parsed_store import ParsedStore
from generator.reading.schema import (
    MAX_EVENTS,
    ArticleIn,
    ClubOptionsIn,
    EventIn,
    MemberIn,
    RosterIn,
    describe,
)
from generator.reading.validation import validate
from generator.reading.yamlread import Document, decode, parse, parse_bytes, read, read_bytes

EVENT_FILE = re.compile(r"(\d{4}-\d{2}-\d{2})-([a-z0-9-]{1,64})\.ya?ml")
CONFIG_FILE = "mkdocs.yml"


def _document(
    root: Path,
    relative: str,
    report: Report,
    want: type,
    raw: bytes | None = None,
    store: ParsedStore | None = None,
) -> Document | None:
    """The file parsed with the position of every value, or None with its problem reported."""
    if raw is None:
        document, problem = read(root / relative, relative, root)
    elif store is not None:
        document, problem = store.parse(raw, relative)
    else:
        document, problem = parse_bytes(raw, relative)
    if problem:
        report.extend([problem])
        return None
    assert document is not None
    if document.data is None:
        if want is dict:
            empty = t("the file is empty; it should hold a mapping of keys and values")
        else:
            empty = t("the file is empty; it should hold a list")
        report.error(Position(relative), empty)
        return None
    return document


# mkdocs.yml -------------------------------------------------------------------------


def read_settings(root: Path, report: Report) -> Settings:
    settings = Settings()
    document = _document(root, CONFIG_FILE, report, dict)
    if document is None:
        return settings
    config = document.data
    if not isinstance(config, dict):
        report.error(
            document.at(()),
            t(
                "{file} must be a mapping of settings, found {found}",
                file=CONFIG_FILE,
                found=describe(config),
            ),
        )
        return settings
    settings.site_name = str(config.get("site_name") or settings.site_name)
    settings.site_url = str(config["site_url"]) if config.get("site_url") else None
    if "INHERIT" in config:
        report.error(
            document.key_at(("INHERIT",)),
            t(
                "INHERIT is not supported: the club's folders must be readable in {file} itself",
                file=CONFIG_FILE,
            ),
            t("copy the settings of the inherited file into {file} and remove INHERIT", file=CONFIG_FILE),
        )
    settings.docs_dir = _folder(document, report, ("docs_dir",), "content") or "docs"
    settings.site_dir = _folder(document, report, ("site_dir",), "site") or "site"
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("language"):
        settings.language = str(theme["language"])
    plugins = config.get("plugins") or []
    options: dict[str, Any] | None = None
    prefix: tuple[str | int, ...] = ()
    for index, entry in enumerate(plugins if isinstance(plugins, list) else []):
        if entry == "club":
            options, prefix = {}, ("plugins", index)
        elif isinstance(entry, dict) and "club" in entry:
            options, prefix = entry["club"] or {}, ("plugins", index, "club")
        else:
            name = next((n for n in ("blog", "material/blog") if entry == n or _lists(entry, n)), None)
            if name is not None:
                blog_dir = _folder(document, report, ("plugins", index, name, "blog_dir"), "journal")
                settings.blog_dir = (blog_dir or "blog").strip("/")
    if options is None:
        report.error(
            document.at(("plugins",)),
            t('the "club" plugin is not listed under "plugins"'),
            t('add "- club" to the plugins list'),
        )
        return settings
    parsed, problems = validate(ClubOptionsIn, document, options, prefix)
    report.extend(problems)
    if parsed is not None:
        for name in ClubOptionsIn.model_fields:
            value = getattr(parsed, name)
            setattr(settings, name, list(value) if isinstance(value, list) else value)
    settings.custom_dir = _folder(document, report, ("theme", "custom_dir"), "theme")
    for problem in folders.problems(
        root,
        docs_dir=settings.docs_dir,
        site_dir=settings.site_dir,
        events_dir=settings.events_dir,
        members_file=settings.members_file,
        private_dir=settings.private_dir,
        custom_dir=settings.custom_dir,
    ):
        key = (problem.key,) if problem.key in ("docs_dir", "site_dir") else (*prefix, problem.key)
        if problem.key == "custom_dir":
            key = ("theme", "custom_dir")
        report.error(document.at(key), problem.message, problem.hint)
    published = [settings.docs_dir, *([settings.custom_dir] if settings.custom_dir else [])]
    for name in published:
        folder = root / name
        if not folder.resolve().is_relative_to(root.resolve()) or not folder.is_dir():
            continue
        for link in folders.links_out_of(folder):
            report.error(
                Position(link.relative_to(root).as_posix()),
                t(
                    "this is a link to a folder or to a place outside {folder}/, and MkDocs would "
                    "publish what it points to",
                    folder=name,
                ),
                t("put the file itself in {folder}/, or remove the link", folder=name),
            )
    _check_snippets(root, config, settings, document, report)
    # What a build writes into, reads its cache from or removes old entries of, and the
    # sent-logs `club invites` appends to: a link there would take the build elsewhere.
    for name in (
        ".cache",
        folders.SENT_DIR,
        f"{folders.SENT_DIR}/invites",
        settings.site_dir,
        settings.private_dir,
    ):
        if (root / name).is_symlink():
            report.error(
                Position(name),
                t(
                    "{name} is a link to another place, where the build or club invites would write",
                    name=name,
                ),
                t("remove the link (git rm {name}); the tool makes the folder itself", name=name),
            )
    return settings


def _lists(entry: Any, name: str) -> bool:
    """Whether a `plugins` or `markdown_extensions` entry is `name` with options."""
    return isinstance(entry, dict) and name in entry


def _folder(document: Document, report: Report, loc: tuple[str | int, ...], example: str) -> str | None:
    """The folder set at `loc`, if any. It must be plain text: a value MkDocs works out
    (`!ENV`) is one the folder rules could not judge as MkDocs will use it."""
    value: Any = document.data
    for step in loc:
        if isinstance(value, dict):
            value = value.get(step)
        elif isinstance(value, list) and isinstance(step, int) and step < len(value):
            value = value[step]
        else:
            value = None
    if value is None or isinstance(value, str):
        return value or None
    name = ".".join(str(step) for step in loc) if loc[0] == "theme" else str(loc[-1])
    report.error(
        document.at(loc),
        t("{name} must be a folder's name written as it is, found {found}", name=name, found=describe(value)),
        t('write e.g. "{key}: {example}"', key=loc[-1], example=example),
    )
    return None


def _check_snippets(
    root: Path, config: dict[str, Any], settings: Settings, document: Document, report: Report
) -> None:
    """pymdownx.snippets pastes files into pages (`--8<-- "members.yaml"`) from its
    base_path, the club's own folder by default: only the published folder may be one."""
    extensions = config.get("markdown_extensions") or []
    for index, entry in enumerate(extensions if isinstance(extensions, list) else []):
        if entry != "pymdownx.snippets" and not _lists(entry, "pymdownx.snippets"):
            continue
        options = entry["pymdownx.snippets"] if isinstance(entry, dict) else {}
        options = options if isinstance(options, dict) else {}
        if options.get("restrict_base_path", True) is not True:
            report.error(
                document.at(("markdown_extensions", index)),
                t(
                    "pymdownx.snippets with restrict_base_path: false may paste any file of the "
                    "machine into a page, the roster among them"
                ),
                t("remove restrict_base_path"),
            )
            return
        appended = options.get("auto_append", [])
        appended = [appended] if isinstance(appended, str) else appended if isinstance(appended, list) else []
        for path in appended:
            if not isinstance(path, str) or Path(path).is_absolute() or ".." in Path(path).parts:
                report.error(
                    document.at(("markdown_extensions", index)),
                    t(
                        'pymdownx.snippets appends "{path}" to every page; it must be a file of base_path',
                        path=path,
                    ),
                    t("name a file inside base_path, without .. or a leading /"),
                )
                return
        paths = options.get("base_path", ["."])
        paths = [paths] if isinstance(paths, str) else paths if isinstance(paths, list) else [paths]
        docs = (root / settings.docs_dir).resolve()
        for path in paths:
            if not isinstance(path, str) or not (root / path).resolve().is_relative_to(docs):
                report.error(
                    document.at(("markdown_extensions", index)),
                    t(
                        'pymdownx.snippets may paste any file under "{path}" into a page, the roster '
                        "and the events among them",
                        path=path,
                    ),
                    t(
                        'give it a folder inside {docs}/, e.g. "base_path: [{docs}/parts]"',
                        docs=settings.docs_dir,
                    ),
                )
                return


# members.yaml -----------------------------------------------------------------------


def read_roster(
    root: Path, settings: Settings, report: Report, store: ParsedStore | None = None
) -> tuple[list[Tier], list[Member], set[str], Document | None]:
    """Tiers, the members that read cleanly, every id written (for cross-checks), the file."""
    name = settings.members_file
    if not (root / name).exists():
        report.error(
            Position(name), t("the members file does not exist"), t("create {file}, even if empty", file=name)
        )
        return _default_tiers(), [], set(), None
    raw, problem = read_bytes(root / name, name, root)
    if raw is None:
        report.extend([problem] if problem else [])
        return _default_tiers(), [], set(), None
    return _validated_roster(root, name, raw, report, store)


def _default_tiers() -> list[Tier]:
    return [Tier(i, {"zh": zh, "en": en}, rank) for rank, (i, zh, en) in enumerate(DEFAULT_TIERS)]


def _validated_roster(
    root: Path, name: str, raw: bytes, report: Report, store: ParsedStore | None
) -> tuple[list[Tier], list[Member], set[str], Document | None]:
    default = _default_tiers()
    document = _document(root, name, report, dict, raw, store)
    if document is None:
        return default, [], set(), None
    data = document.data
    if not isinstance(data, dict):
        report.error(
            document.at(()),
            t(
                '{file} must be a mapping with a "members" list, found {found}',
                file=name,
                found=describe(data),
            ),
        )
        return default, [], set(), None
    top = {k: (v if k != "members" or not isinstance(v, list) else []) for k, v in data.items()}
    roster, problems = validate(RosterIn, document, top)
    report.extend(problems)
    tiers = default
    if roster is not None and roster.tiers:
        tiers = [Tier(t.id, dict(t.name), rank) for rank, t in enumerate(roster.tiers)]
        seen: dict[str, int] = {}
        for index, tier in enumerate(roster.tiers):
            if tier.id in seen:
                report.error(
                    document.at(("tiers", index, "id")),
                    t('tier id "{id}" is used twice', id=tier.id),
                    t("the first is tier number {number}", number=seen[tier.id] + 1),
                )
            seen.setdefault(tier.id, index)
    raw_members = data.get("members") or []
    members: list[Member] = []
    written_ids: set[str] = set()
    for index, raw in enumerate(raw_members if isinstance(raw_members, list) else []):
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            written_ids.add(raw["id"])
        parsed, problems = validate(MemberIn, document, raw, ("members", index))
        report.extend(problems)
        if parsed is None:
            continue
        birthday = None
        if parsed.birthday:
            year, month, day = parsed.birthday
            birthday = Birthday(month, day, year)
        members.append(
            Member(
                id=parsed.id,
                name=parsed.name,
                tier=parsed.tier,
                position=document.at(("members", index)),
                index=index,
                display_name=parsed.display_name,
                joined=parsed.joined,
                birthday=birthday,
                email=parsed.email,
                phone=parsed.phone,
                city=parsed.city,
                interests=list(parsed.interests),
                referred_by=parsed.referred_by,
                consent=Consent(parsed.consent.directory, parsed.consent.birthday),
                notes=parsed.notes,
            )
        )
    return tiers, members, written_ids, document


# events/*.yaml ----------------------------------------------------------------------


def event_files(root: Path, settings: Settings) -> list[Path]:
    folder = root / settings.events_dir
    if not folder.is_dir() or not folder.resolve().is_relative_to(root.resolve()):
        return []  # reported with the settings
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def read_event(
    root: Path,
    path: Path,
    settings: Settings,
    report: Report,
    store: ParsedStore | None = None,
    names: dict[str, str] | None = None,
) -> Event | None:
    """The event in `path`, or None with its problems reported."""
    relative = path.relative_to(root).as_posix()
    match = EVENT_FILE.fullmatch(path.name)
    if not match:
        dated = re.fullmatch(r"(\d{4}-\d{2}-\d{2})-?(.*)", path.stem)
        day, rest = dated.groups() if dated else ("2026-12-22", path.stem)
        stem = re.sub(r"[^a-z0-9-]+", "-", rest.lower()).strip("-") or "event"
        report.error(
            Position(relative),
            t('the file name "{name}" does not follow YYYY-MM-DD-slug.yaml', name=path.name),
            t('rename it, e.g. "{day}-{stem}.yaml" (lowercase a-z, digits and "-")', day=day, stem=stem),
        )
        return None
    raw, problem = read_bytes(path, relative, root)
    if raw is None:
        report.extend([problem] if problem else [])
        return None
    return _validated_event(root, relative, raw, match, settings, report, store, names)


def member_ids_by_name(members: list[Member]) -> dict[str, str]:
    """Each name and display name that only one member has, with that member's id."""
    ids: dict[str, set[str]] = {}
    for member in members:
        for name in (member.name, member.display_name):
            if name:
                ids.setdefault(name.strip(), set()).add(member.id)
    return {name: next(iter(found)) for name, found in ids.items() if len(found) == 1}


# Where an event names members, by id.
_MEMBER_LISTS: tuple[tuple[str, ...], ...] = (("honorees",), ("audience", "members"))


def _ids_for_names(document: Document, names: dict[str, str], report: Report) -> Any:
    """The event's data with each member written by name in place of their id, reported
    once as the error it is (and not again as "not a valid id")."""
    data = document.data
    for keys in _MEMBER_LISTS:
        holder: Any = data
        for key in keys[:-1]:
            holder = holder.get(key) if isinstance(holder, dict) else None
        written = holder.get(keys[-1]) if isinstance(holder, dict) else None
        if not isinstance(written, list):
            continue
        for index, item in enumerate(written):
            if not isinstance(item, str) or values.SLUG.fullmatch(item) or item.strip() not in names:
                continue
            member_id = names[item.strip()]
            report.error(
                document.at((*keys, index)),
                t('"{name}" is a member\'s name; an event names members by their id', name=item),
                t('write "{id}"', id=member_id),
            )
            if data is document.data:
                data = copy.deepcopy(document.data)
            replaced = data
            for key in keys:
                replaced = replaced[key]
            replaced[index] = member_id
    return data


def _validated_event(
    root: Path,
    relative: str,
    raw: bytes,
    match: re.Match[str],
    settings: Settings,
    report: Report,
    store: ParsedStore | None,
    names: dict[str, str] | None,
) -> Event | None:
    document = _document(root, relative, report, dict, raw, store)
    if document is None:
        return None
    if not isinstance(document.data, dict):
        report.error(
            document.at(()),
            t(
                "an event file must be a mapping of keys and values, found {found}",
                found=describe(document.data),
            ),
            t('start with lines such as "title: …" and "kind: …"'),
        )
        return None
    data = _ids_for_names(document, names or {}, report)
    parsed, problems = validate(EventIn, document, data)
    report.extend(problems)
    if parsed is None:
        return None
    zone_name = parsed.timezone or settings.timezone
    zone = timing.ZoneInfo(zone_name)
    slots = timing.schedule(parsed.run_sheet, parsed.start, parsed.end, zone)
    segments = []
    for index, (raw, slot) in enumerate(zip(parsed.run_sheet, slots, strict=True)):
        where = document.at(("run_sheet", index))
        if slot.problem:
            report.error(where, t('segment "{title}" {problem}', title=raw.title, problem=slot.problem))
        segments.append(
            Segment(
                title=raw.title,
                start=slot.start,
                end=slot.end,
                position=where,
                linked=raw.at is None,
                owner=raw.owner,
                location=raw.location,
                cues=list(raw.cues),
                crew_only=raw.crew_only,
                notes=raw.notes,
                script=raw.script,
            )
        )
    return Event(
        slug=match.group(2),
        file=relative,
        title=parsed.title,
        kind=Kind(parsed.kind),
        status=Status(parsed.status),
        start=timing.local(parsed.start, zone),
        end=timing.local(parsed.end, zone),
        timezone=zone_name,
        position=document.at(()),
        venue=Venue(parsed.venue.name, parsed.venue.address) if parsed.venue else None,
        organizer=Organizer(parsed.organizer.name, parsed.organizer.email) if parsed.organizer else None,
        honorees=list(parsed.honorees),
        audience=Audience(
            tiers=tuple(parsed.audience.tiers),
            members=tuple(parsed.audience.members),
            capacity=parsed.audience.capacity,
            birthday_months=tuple(parsed.audience.birthday_months),
            interests=tuple(parsed.audience.interests),
            cities=tuple(parsed.audience.cities),
            joined_before=parsed.audience.joined_before,
            joined_after=parsed.audience.joined_after,
        ),
        summary=parsed.summary,
        theme=parsed.theme,
        highlights=list(parsed.highlights),
        run_sheet=segments,
        materials=[Material(m.item, m.qty, m.owner, m.done) for m in parsed.materials],
        notes=parsed.notes,
        reminders=list(parsed.reminders) if parsed.reminders is not None else None,
        date_prefix=match.group(1),
        source=document,
    )


# content/: journal articles ---------------------------------------------------------

_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def read_article(root: Path, path: Path, settings: Settings, report: Report) -> Article | None:
    relative = path.relative_to(root).as_posix()
    raw, problem = read_bytes(path, relative, root)
    text, problem = decode(raw, relative) if raw is not None else (None, problem)
    if text is None:
        report.extend([problem] if problem else [])
        return None
    match = FRONT_MATTER.match(text)
    if not match:
        report.error(
            Position(relative),
            t("the article has no front matter"),
            t('start it with "---", the date, authors, categories and issue, then "---"'),
        )
        return None
    document, problem = parse(match.group(1) or "", relative, first_line=1)
    if problem:
        report.extend([problem])
        return None
    assert document is not None
    data = document.data
    if not isinstance(data, dict):
        report.error(
            Position(relative, 2, 1),
            t("the front matter must be a mapping of keys and values, found {found}", found=describe(data)),
        )
        return None
    parsed, problems = validate(ArticleIn, document, data)
    report.extend(problems)
    if parsed is None:
        return None
    heading = _HEADING.search(text, match.end())
    title = parsed.title or (heading.group(1) if heading else path.stem)
    return Article(
        file=path.relative_to(root / settings.docs_dir).as_posix(),
        title=title,
        date=parsed.date,
        issue=parsed.issue,
        authors=list(parsed.authors),
        categories=list(parsed.categories),
        slug=parsed.slug,
        draft=parsed.draft,
    )


def article_files(root: Path, settings: Settings) -> list[Path]:
    posts = root / settings.docs_dir / settings.blog_dir / "posts"
    if not posts.is_dir() or not posts.resolve().is_relative_to(root.resolve()):
        return []
    return sorted(posts.rglob("*.md"))


def read_authors(root: Path, settings: Settings, report: Report) -> dict[str, Any] | None:
    relative = f"{settings.docs_dir}/{settings.blog_dir}/.authors.yml"
    if not (root / relative).exists():
        return None
    document = _document(root, relative, report, dict)
    if document is None or not isinstance(document.data, dict):
        return None
    authors = document.data.get("authors")
    return authors if isinstance(authors, dict) else {}


# the whole club ---------------------------------------------------------------------


def read_events(
    root: Path,
    settings: Settings,
    report: Report,
    store: ParsedStore | None = None,
    names: dict[str, str] | None = None,
) -> list[Event]:
    paths = event_files(root, settings)
    if len(paths) > MAX_EVENTS:
        report.error(
            Position(f"{settings.events_dir}/"),
            t(
                "the events folder holds {count:,} event files; one build reads at most {most:,}",
                count=len(paths),
                most=MAX_EVENTS,
            ),
            t("move past years' events into a folder outside it"),
        )
        return []
    return [e for p in paths if (e := read_event(root, p, settings, report, store, names))]


def read_club(root: Path, report: Report) -> Club:
    """Everything that reads cleanly; every problem met on the way goes into `report`."""
    settings = read_settings(root, report)
    store = ParsedStore(root / ".cache" / parsed_store.FILE)
    tiers, members, written_ids, roster = read_roster(root, settings, report, store)
    events = read_events(root, settings, report, store, member_ids_by_name(members))
    store.save()
    articles = [a for p in article_files(root, settings) if (a := read_article(root, p, settings, report))]
    authors = read_authors(root, settings, report)
    return Club(settings, tiers, members, events, articles, written_ids, authors, roster)
