"""HTML for the planners' pack and for invitation e-mails: Jinja with HTML escaping on.

Every value these templates print is plain text from the roster or an event (a name such
as `<img src=x onerror=alert(1)>` must show as written), so escaping is always on.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("generator", "templates/private"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template: str, **values: Any) -> str:
    return _environment().get_template(template).render(**values)
