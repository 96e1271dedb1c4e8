"""The page a preview shows while the club's files have errors."""

from __future__ import annotations

import html

from generator.diagnostics import Diagnostic
from generator.markup import markdown_text
from generator.texts import Texts


def problems_page(problems: list[Diagnostic], language: str) -> str:
    """Markdown naming each error where it is, what is wrong and what to write instead."""
    texts = Texts(language)
    lines = [
        f"# {texts('problems_title')}",
        "",
        texts.format("problems_intro", count=len(problems)),
        "",
    ]
    for problem in problems:
        where = html.escape(str(problem.position))
        message, hint = problem.said(texts.language)
        tail = f"{texts('semicolon')}{markdown_text(hint)}" if hint else ""
        lines.append(f"- <code>{where}</code> {markdown_text(message)}{tail}")
    return "\n".join(lines) + "\n"
