"""Chinese text in HTML: a line break between two Chinese characters is not a space.

Editors wrap long Chinese paragraphs in their Markdown; HTML turns each line break into a
space, which Chinese typesetting never has ("十六年过去了， 他从…"). Only breaks with a CJK
character (or full-width punctuation) on both sides are removed, and never inside <pre>,
<code>, <script>, <style> or <textarea>.
"""

from __future__ import annotations

import re

_CJK = r"[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
_BREAK = re.compile(rf"(?<={_CJK})[ \t]*\r?\n[ \t]*(?={_CJK})")
_VERBATIM = re.compile(r"(<(pre|code|script|style|textarea)\b.*?</\2\s*>)", re.DOTALL | re.IGNORECASE)


def join_cjk_lines(html: str) -> str:
    parts = _VERBATIM.split(html)
    # split() with two groups yields: text, verbatim block, tag name, text, …
    return "".join(
        part if index % 3 else _BREAK.sub("", part) for index, part in enumerate(parts) if index % 3 != 2
    )
