"""Readable ASCII slugs for Chinese and mixed titles (pinyin through pypinyin)."""

from __future__ import annotations

import re
import unicodedata

from pypinyin import lazy_pinyin


def slugify(title: str, limit: int = 48, fallback: str = "event") -> str:
    words = lazy_pinyin(title)
    text = "-".join(w.strip() for w in words if w.strip())
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(text) > limit:
        text = text[:limit].rsplit("-", 1)[0] or text[:limit]
    return text or fallback


def post_slug(title: str, separator: str = "-") -> str:
    """Material blog's `post_slugify`: a readable ASCII slug for a Chinese or mixed title.

    The blog plugin's default keeps the Chinese characters, which turn into long
    percent-encoded addresses when a link is shared (%E5%86%AC…), and gives one address to
    two titles that differ only in punctuation; pinyin is readable wherever it is pasted.
    """
    return slugify(title, limit=64, fallback="post").replace("-", separator)
