"""`club new article`: a journal article for an issue (会刊) that passes `club check --strict`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.diagnostics import Report
from generator.messages import Message, language_for, say, t
from generator.reading.read import read_authors, read_settings
from generator.reading.values import SLUG
from generator.slugs import post_slug

_BODY = {
    "zh": "这里写文章的开头一段，它会出现在会刊目录和文章列表里。\n\n<!-- more -->\n\n"
    "这里写正文（可用 Markdown）。\n",
    "en": "The opening paragraph, shown in the issue's contents and the article list.\n\n"
    "<!-- more -->\n\nThe rest of the article (Markdown allowed).\n",
}


@dataclass(frozen=True)
class ArticleAsked:
    title: str
    issue: str | None  # YYYY-MM; the month of `today` when not given
    day: date | None  # the article's date; today, or the issue's first day
    slug: str | None
    authors: list[str]
    categories: list[str]


def new_article(root: Path, asked: ArticleAsked, today: date | None = None) -> int:
    # The settings and the authors, not the whole club: the roster and events are not needed.
    settings = read_settings(root, Report())
    today = today or datetime.now(ZoneInfo(settings.timezone)).date()
    language = language_for(settings.language)
    issue = asked.issue or f"{today:%Y-%m}"
    problem = _refusal(asked, issue, read_authors(root, settings, Report()))
    if problem is not None:
        say(problem, language)
        return 2
    first_of_issue = date.fromisoformat(f"{issue}-01")
    day = asked.day or (today if f"{today:%Y-%m}" == issue else first_of_issue)
    slug = asked.slug or post_slug(asked.title)
    folder = root / settings.docs_dir / settings.blog_dir / "posts"
    path = folder / f"{day.isoformat()}-{slug}.md"
    if path.exists():
        say(t("{path} exists already; choose another title or --slug", path=path.relative_to(root)), language)
        return 1
    lines = ["---", f"date: {day.isoformat()}", f"issue: {json.dumps(issue)}", f"slug: {slug}"]
    if asked.authors:
        lines.append(f"authors: [{', '.join(json.dumps(a, ensure_ascii=False) for a in asked.authors)}]")
    if asked.categories:
        lines.append(
            f"categories: [{', '.join(json.dumps(c, ensure_ascii=False) for c in asked.categories)}]"
        )
    lines += ["---", "", f"# {asked.title}", "", _BODY[language]]
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    print(path.relative_to(root))
    return 0


def _refusal(asked: ArticleAsked, issue: str, authors: dict[str, object] | None) -> Message | None:
    try:
        date.fromisoformat(f"{issue}-01")
    except ValueError:
        return t('"{issue}" is not an issue; write the month as YYYY-MM, e.g. "2026-12"', issue=issue)
    if asked.slug and not SLUG.fullmatch(asked.slug):
        return t('"{slug}" is not a valid slug: use lowercase a-z, digits and "-"', slug=asked.slug)
    if not asked.title.strip():
        return t("the article needs a title: --title")
    if any(c in asked.title for c in "\r\n"):
        return t("the title must be one line")
    if any(not value.strip() for value in (*asked.authors, *asked.categories)):
        return t("an --author or --category is empty; leave it out or write it")
    for author in asked.authors:
        if authors is not None and author not in authors:
            known = ", ".join(sorted(authors)) or "-"
            return t(
                'the journal has no author "{author}"; name one of {known}, or add them to .authors.yml',
                author=author,
                known=known,
            )
    return None
