"""Text messages that fit one SMS segment.

A segment holds 160 characters of the GSM 7-bit alphabet, or 70 characters of anything else
(UCS-2): one Chinese character makes the whole message a 70-character one. A message that
is too long is billed as several and arrives split or garbled on older phones, so the
fields that can give way (a long title, a venue) are shortened with an ellipsis instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

UCS2_LIMIT = 70
GSM_LIMIT = 160
# The GSM 03.38 basic character set (the escape-table characters such as [ ] { } € count
# twice, so they are treated as needing UCS-2 here).
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
MIN_KEPT = 2  # characters a shortened field keeps before its ellipsis


def is_gsm(text: str) -> bool:
    return all(c in GSM_BASIC for c in text)


def limit_of(text: str) -> int:
    return GSM_LIMIT if is_gsm(text) else UCS2_LIMIT


def one_line(text: str) -> str:
    """Whitespace (line breaks included) as single spaces: an SMS field is one line."""
    return " ".join(text.split())


def fit(render: Callable[[dict[str, str]], str], fields: dict[str, str], give_way: Sequence[str]) -> str:
    """`render(fields)`, with the fields named in `give_way` (in that order) shortened until
    the message fits one segment; as a last resort the message itself is cut."""
    values = {key: one_line(value) for key, value in fields.items()}
    text = render(values)
    limit = limit_of(text)
    # Shortening only removes characters, so the limit chosen here holds for the result.
    mark = "..." if limit == GSM_LIMIT else "…"
    for key in give_way:
        over = len(text) - limit
        if over <= 0:
            return text
        value = values[key]
        keep = max(MIN_KEPT, len(value) - over - len(mark))
        if keep < len(value):
            values[key] = value[:keep] + mark
            text = render(values)
    if len(text) > limit:
        text = text[: limit - len(mark)] + mark
    return text
