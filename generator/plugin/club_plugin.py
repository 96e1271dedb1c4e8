"""The MkDocs plugin `club`: a thin adapter from MkDocs' build events to the core."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from generator import families
from generator.checking.session import Checked, check_root
from generator.diagnostics import Diagnostic
from generator.markup import anchored_snippets, front_matter_text
from generator.messages import exception_message, language_for, shown, t
from generator.pages.cjk import join_cjk_lines
from generator.pages.generated import MARKDOWN_EXTENSIONS
from generator.pages.problems import problems_page
from generator.reading.front_matter import escape_meta, escaped_source
from generator.reading.schema import ClubOptionsIn
from generator.writing.outputs import (
    BuildInfo,
    Output,
    OutputFamily,
    discard,
    staging_dir,
    swap_in,
    write_outputs,
)
from generator.writing.second_process import SecondProcess, SecondProcessFailed

log = get_plugin_logger(__name__)
Made = TypeVar("Made")


# MkDocs must know the options to accept them; they are declared once, with their types
# and defaults, by the core's schema (`ClubOptionsIn`), which reports file:line:col.
ClubPluginConfig = type(
    "ClubPluginConfig",
    (base.Config,),
    {name: c.Optional(c.Type(object)) for name in ClubOptionsIn.model_fields},
)


class ClubPlugin(BasePlugin[ClubPluginConfig]):
    def __init__(self) -> None:
        super().__init__()
        # Set by `club build`, which has checked the club already and stages private/.
        self.preloaded: Checked | None = None
        self.checked: Checked | None = None
        self.private_target: Path | None = None
        self.today: date | None = None
        self._build: BuildInfo | None = None
        self._lit: Any = None  # the navigation entry lit for the page being rendered
        self._private_stage: Path | None = None
        self._private_after: list[Any] = []
        self._second: SecondProcess[list[Output]] | None = None  # see `_start_second_process`
        self._announced: set[str] = set()  # the site's files the second process makes
        self._epoch_set = False  # whether this plugin set SOURCE_DATE_EPOCH (see `on_config`)
        self._escaped_posts: Path | None = None  # see `_escape_posts`
        self._serving = False  # a preview (`club serve`): see `on_startup`
        self._problems: list[Diagnostic] = []  # the club's errors, shown as every page in a preview
        self._pages_made: dict[str, InclusionLevel] = {}  # the last good preview's generated pages

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # A preview shows the site and nothing else: no PDFs (thousands on a large club,
        # `club agenda` makes one event's), no planners' pack (`club build` writes it), and
        # the club's errors as a page instead of a build that fails and a browser that waits.
        self._serving = command == "serve"

    @property
    def root(self) -> Path:
        return Path(self._config_file).parent

    # Before the other plugins' (the RSS feed reads the build's time in its on_config).
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._config_file = config.config_file_path
        if self._epoch_set:  # the last build's commit, not the caller's: `serve` may be past it
            self.on_shutdown()
        self._build = BuildInfo.for_root(self.root)
        _use_the_club_theme(config)
        _anchor_snippets(config, self.root)
        # The feeds' and the sitemap's dates come from MkDocs' build time, which follows
        # SOURCE_DATE_EPOCH: the commit's time, unless the caller set it, so that two builds
        # of one commit give the same bytes.
        if "SOURCE_DATE_EPOCH" not in os.environ:
            os.environ["SOURCE_DATE_EPOCH"] = str(int(self._build.built_at.timestamp()))
            self._epoch_set = True
        # Material's search segments Chinese with jieba, which logs "Building prefix dict…"
        # at DEBUG level straight to stderr on every build.
        logging.getLogger("jieba").setLevel(logging.WARNING)
        # Every build re-reads the club (serve rebuilds too), unless `club build` just did.
        checked, self.preloaded = self.preloaded, None
        self._problems = []
        if checked is None:
            checked = check_root(self.root, self.today)
            language = language_for(checked.club.settings.language)
            for warning in checked.report.warnings:
                log.warning(warning.text(language))
            if checked.report.errors and self._serving:
                for error in checked.report.errors:
                    log.error(error.text(language))
                self._problems = [d for d in checked.report.sorted() if d.is_error]
            elif checked.report.errors:
                listed = "\n".join(d.text(language) for d in checked.report.errors)
                heading = shown(t("the club's files have errors:"), language)
                raise PluginError(f"{heading}\n{listed}")
        self.checked = checked
        _enable_page_extensions(config)
        return config

    @event_priority(50)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        # Calendars and PDFs are handed to MkDocs as files too, so that `mkdocs serve`
        # serves them and MkDocs' link validation sees them.
        assert self.checked and self._build
        if self._problems:
            return self._problem_pages(files, config)
        club, build = self.checked.club, self._build
        language = language_for(club.settings.language)
        made_apart: list[OutputFamily] = []
        self._announced = set()
        self._pages_made = {}
        for family in families.site_outputs(self.checked.today, printable=not self._serving):
            family.prepare(club, build)
            if family.in_second_process:
                # Empty until `on_post_build` writes what the second process made.
                made_apart.append(family)
                for path in family.paths(club):
                    _add_file(files, config, family, path, b"", language)
                    self._announced.add(path)
                continue
            for output in _plain_errors(_outputs(family, club, build), language):
                added = _add_file(files, config, family, output.path, output.content, language)
                if output.path.endswith(".md"):
                    self._pages_made[output.path] = added.inclusion
        self._start_second_process(made_apart)
        self._escape_posts(files, club)
        return files

    def _problem_pages(self, files: Files, config: MkDocsConfig) -> Files:
        """A preview of a club whose files have errors: every page, the generated ones of
        the last good preview included (the browser may be on one), says what to fix;
        MkDocs' live reload shows the site again once the files are saved without errors."""
        for path, inclusion in self._pages_made.items():
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, content="", inclusion=inclusion))
        if self.checked:  # the blog still prints its posts' titles: escaped as in a build
            self._escape_posts(files, self.checked.club)
        return files

    def _escape_posts(self, files: Files, club: Any) -> None:
        """Point the blog at a copy of each article whose title or categories hold markup,
        with them escaped: Material reads its posts' front matter from disk, now, and
        prints those values as HTML (and the RSS feed prints the categories as XML)."""
        for article in club.articles:
            if all(front_matter_text(value) == value for value in (article.title, *article.categories)):
                continue  # nothing to escape: the common case reads no file again
            file = files.get_file_from_path(article.file)
            if file is None or file.abs_src_path is None:
                continue
            escaped = escaped_source(Path(file.abs_src_path).read_text(encoding="utf-8-sig"))
            if escaped is None:
                continue
            if self._escaped_posts is None:
                self._escaped_posts = Path(tempfile.mkdtemp(prefix="club-front-matter-"))
            copy = self._escaped_posts / article.file
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(escaped, encoding="utf-8")
            file.abs_src_path = str(copy)

    def on_page_markdown(self, markdown: str, /, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        # Every other page's front matter, read just now (escaping twice changes nothing).
        escape_meta(page.meta)
        if self._problems and self.checked:
            return problems_page(self._problems, language_for(self.checked.club.settings.language))
        return markdown

    def _start_second_process(self, site_families: list[OutputFamily]) -> None:
        """Stage private/ and start the second process (see `second_process`): it writes
        its part of private/ there and makes `site_families`' files, which `on_post_build`
        writes into the site; the rest of private/ is written after MkDocs is done."""
        if self._serving:  # a preview writes no planners' pack: the site's files, now
            self._second = SecondProcess(partial(_make_apart, None, [], site_families, *self._made_from()))
            return
        assert self.checked and self._build
        club, build = self.checked.club, self._build
        own_stage = self.private_target is None
        self._private_stage = (
            staging_dir(self.root / club.settings.private_dir) if own_stage else self.private_target
        )
        everything = families.private_outputs(self.checked.today, self.checked.report)
        self._private_after = [f for f in everything if not f.in_second_process]
        for family in everything:
            family.prepare(club, build)
        apart = [f for f in everything if f.in_second_process]
        self._second = SecondProcess(
            partial(_make_apart, self._private_stage, apart, site_families, club, build)
        )

    # Chinese paragraphs wrapped in the Markdown must not show a space at each line break:
    # in the page's content (which the search index and the feed read) and in the blog's
    # index, archive, category and author pages, whose excerpts it renders apart.
    def on_page_content(self, html: str, /, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        # A title taken from the page's first heading (a category's page is headed by its
        # name) is HTML, entities and all, which the theme's <title> unescapes
        # (`striptags`) and prints: "&lt;/title&gt;" would end the element. As the page's
        # own title, it is printed as it is.
        title = page.title
        if "title" not in page.meta and isinstance(title, str) and "&" in front_matter_text(title):
            page.meta["title"] = front_matter_text(title)
        return join_cjk_lines(html)

    @event_priority(-50)
    def on_page_context(self, context: Any, /, *, page: Any, config: MkDocsConfig, nav: Any) -> Any:
        # A page kept out of the navigation (one event, one issue) belongs to the section
        # whose page its address extends: that section's tab and menu entry show as current.
        self._lit = _owner_in_nav(page, nav)
        if self._lit is not None:
            self._lit.active = True
        return context

    def on_post_page(self, output: str, /, *, page: Any, config: MkDocsConfig) -> str:
        lit, self._lit = self._lit, None
        if lit is not None:
            lit.active = False
        return join_cjk_lines(output) if _is_blog_view(page) else output

    def _made_from(self) -> tuple[Any, BuildInfo]:
        assert self.checked and self._build
        return self.checked.club, self._build

    def _write_private(self, site_dir: Path) -> None:
        if self._second is None:  # the preview of a club with errors makes nothing
            return
        if self._private_stage is None:  # a preview: the site's files only
            write_outputs(site_dir, self._second.wait())
            self._second = None
            return
        assert self.checked and self._build and self._second and self._private_stage
        try:
            _write_all(self._private_stage, self._private_after, self.checked.club, self._build)
            site_made = self._second.wait()
            unannounced = {o.path for o in site_made} ^ self._announced
            if unannounced:  # a family's `paths` and `outputs` disagree: a bug, never published
                raise SecondProcessFailed(
                    t("made or announced alone: {paths}", paths=", ".join(sorted(unannounced)))
                )
            write_outputs(site_dir, site_made)
        except SecondProcessFailed as exc:
            self._discard_private()
            settings = self.checked.club.settings
            why = exception_message(exc)
            failed = t("writing {folder}/ failed:\n{reason}", folder=settings.private_dir, reason=why)
            raise PluginError(shown(failed, language_for(settings.language))) from None
        except BaseException:
            self._discard_private()
            raise
        if self.private_target is None:
            swap_in((self._private_stage, self.root / self.checked.club.settings.private_dir))
        self._second = self._private_stage = None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            self._write_private(Path(config.site_dir))
        finally:
            self._forget_escaped_posts()

    def _forget_escaped_posts(self) -> None:
        if self._escaped_posts is not None:
            shutil.rmtree(self._escaped_posts, ignore_errors=True)
            self._escaped_posts = None

    def on_shutdown(self) -> None:
        if self._epoch_set:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
            self._epoch_set = False

    def on_build_error(self, *, error: Exception) -> None:
        self._discard_private()
        self._forget_escaped_posts()

    def _discard_private(self) -> None:
        if self._second is not None:
            self._second.cancel()
        if self.private_target is None and self._private_stage is not None:
            discard(self._private_stage)
        self._second = self._private_stage = None

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        settings = self.checked.club.settings if self.checked else None
        if settings:
            for watched in (settings.events_dir, settings.members_file):
                path = self.root / watched
                if path.exists():
                    server.watch(str(path))
        return server


def _add_file(
    files: Files, config: MkDocsConfig, family: OutputFamily, path: str, content: str | bytes, language: str
) -> File:
    """`content` as a file at `path` of the site."""
    written = files.get_file_from_path(path)
    # A page such as the home is generated around its hand-written text, which the
    # family has read: the generated file takes the hand-written one's place.
    if written is not None and path in family.replaces:
        files.remove(written)
    elif written is not None:
        twice = t(
            "{file} is written by hand, but the club plugin generates that file; "
            "rename or remove the hand-written one",
            file=config.docs_dir + "/" + path,
        )
        raise PluginError(shown(twice, language))
    # Pages of one event or one issue stay out of the navigation, also of an automatic
    # one (a club without `nav:`): Material renders the whole nav into every page.
    inclusion = InclusionLevel.UNDEFINED
    if path.endswith(".md") and not family.listed(path):
        inclusion = InclusionLevel.NOT_IN_NAV
    added = File.generated(config, path, content=content, inclusion=inclusion)
    files.append(added)
    return added


def _write_all(target: Path, chosen: Iterable[OutputFamily], club: Any, build: BuildInfo) -> None:
    for family in chosen:
        write_outputs(
            target, _plain_errors(_outputs(family, club, build), language_for(club.settings.language))
        )


def _make_apart(
    private_stage: Path | None,
    private_families: Iterable[OutputFamily],
    site_families: Iterable[OutputFamily],
    club: Any,
    build: BuildInfo,
) -> list[Output]:
    """The second process's work: its part of private/ written, the site's files returned."""
    if private_stage is not None:
        _write_all(private_stage, private_families, club, build)
    language = language_for(club.settings.language)
    return [o for family in site_families for o in _plain_errors(_outputs(family, club, build), language)]


def _outputs(family: OutputFamily, club: Any, build: BuildInfo) -> Iterator[Output]:
    # A generator, so that an exception raised by calling `outputs` passes `_plain_errors`.
    yield from family.outputs(club, build)


def _is_blog_view(page: Any) -> bool:
    try:
        from material.plugins.blog.structure import View
    except ImportError:  # another blog, or none: every page's content went through on_page_content
        return False
    return isinstance(page, View)


def _owner_in_nav(page: Any, nav: Any) -> Any:
    """The page of the navigation whose address is the longest start of `page`'s, for a
    page that is not in the navigation itself; the home owns nothing."""
    if page is None or nav is None or page in nav.pages:
        return None
    owners = [p for p in nav.pages if p.url and page.url.startswith(p.url)]
    return max(owners, key=lambda p: len(p.url), default=None)


THEME = Path(__file__).resolve().parent.parent / "theme"


def _use_the_club_theme(config: MkDocsConfig) -> None:
    """The club look (colours, the footer, the reader's local time, print styles) under
    the club's own `custom_dir`, over Material: a club copies nothing to have it."""
    dirs = config.theme.dirs
    if str(THEME) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))


def _anchor_snippets(config: MkDocsConfig, root: Path) -> None:
    if "pymdownx.snippets" in config.mdx_configs:
        config.mdx_configs["pymdownx.snippets"] = anchored_snippets(
            config.mdx_configs["pymdownx.snippets"], root
        )


def _enable_page_extensions(config: MkDocsConfig) -> None:
    """Turn on the Markdown extensions the generated pages are written for, if the club's
    mkdocs.yml does not list them already (the data format's minimal mkdocs.yml does not)."""
    for name in MARKDOWN_EXTENSIONS:
        if name in config.markdown_extensions:
            continue
        config.markdown_extensions.append(name)
        if name == "pymdownx.emoji":
            from material.extensions import emoji

            config.mdx_configs[name] = {"emoji_index": emoji.twemoji, "emoji_generator": emoji.to_svg}


def _plain_errors(made: Iterable[Made], language: str) -> Iterator[Made]:
    """`made`, with a missing CJK font, or a failure in the second process,
    reported as MkDocs reports a user's mistake: no traceback."""
    from generator.sheets.fonts import MissingFont

    try:
        yield from made
    except (MissingFont, SecondProcessFailed) as exc:
        raise PluginError(shown(exception_message(exc), language)) from None
