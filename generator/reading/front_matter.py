"""Front matter values that the theme prints as HTML, made plain text (see `markup`)."""

from __future__ import annotations

import re
from typing import Any

import yaml

from generator.markup import front_matter_text

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# What the theme and the feed print without escaping: the title, and the categories (as
# names, as headings of their pages, as <category> in the RSS feed).
PRINTED = ("title", "categories")


def escape_meta(meta: dict[str, Any]) -> bool:
    """Escape `meta`'s printed values in place; whether any changed."""
    changed = False
    for key in PRINTED:
        value = meta.get(key)
        if isinstance(value, str):
            escaped: Any = front_matter_text(value)
        elif isinstance(value, list):
            escaped = [front_matter_text(v) if isinstance(v, str) else v for v in value]
        else:
            continue
        if escaped != value:
            meta[key] = escaped
            changed = True
    return changed


def escaped_source(text: str) -> str | None:
    """`text` (a Markdown file) with its printed front matter values escaped, or None when
    none needed it. The front matter is written anew (its comments go: only the blog reads
    this copy)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None
    try:
        meta = yaml.safe_load(match.group(1) or "")
    except yaml.YAMLError:
        return None  # `club check` reports it
    if not isinstance(meta, dict) or not escape_meta(meta):
        return None
    header = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{header}---\n{text[match.end() :]}"
