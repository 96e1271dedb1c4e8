"""Readable ASCII slugs for Chinese and mixed titles (pinyin through pypinyin)."""

from __future__ import annotations

import re
import unicodedata

from pypinyin import lazy_pinyin


def slugify(title: str, limit: int = 48) -> str:
    words = lazy_pinyin(title)
    text = "-".join(w.strip() for w in words if w.strip())
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(text) > limit:
        text = text[:limit].rsplit("-", 1)[0] or text[:limit]
    return text or "event"
