"""Jinja environment shared by the page and sheet templates, with escaping for plain text."""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

# Characters Python-Markdown treats as markup when escaped with a backslash.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:])")


def markdown_text(value: object) -> str:
    """Plain text made safe to place in Markdown: no HTML, no emphasis, no links."""
    text = html.escape(str(value), quote=True)
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return " ".join(text.splitlines())


_TEMPLATE_MARKUP = str.maketrans({"<": "&lt;", ">": "&gt;", '"': "&quot;"})


def front_matter_text(value: str) -> str:
    """A front matter value (a page's title, a category) made safe for the theme's
    templates, which print it as HTML: no tags, no way out of an attribute. `&` stays, so
    the value is the same escaped twice, and the RSS feed, which escapes titles itself,
    shows "Q&A" as written."""
    return value.translate(_TEMPLATE_MARKUP)


def attribute_text(value: object) -> str:
    return html.escape(str(value), quote=True)


@cache
def environment(folder: str) -> Environment:
    env = Environment(
        loader=PackageLoader("generator", f"templates/{folder}"),
        undefined=StrictUndefined,
        autoescape=folder.endswith("html"),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["text"] = markdown_text
    env.filters["attr"] = attribute_text
    return env


def anchored_snippets(options: dict[str, Any], root: Path) -> dict[str, Any]:
    """pymdownx.snippets' options with its base_path taken from the club's folder `root`
    (the extension takes it from the current folder, which `club --root` need not be: the
    check judged it from the club's) and kept to it."""
    paths = options.get("base_path", ["."])
    paths = [paths] if isinstance(paths, str) else paths
    return {
        **options,
        "base_path": [str((root / path).resolve()) for path in paths],
        "restrict_base_path": True,
    }
