"""The MkDocs adapter: the only code that imports MkDocs or Material.

`club_plugin` is the MkDocs plugin `club` (clubs' mkdocs.yml and the entry point name it
`generator.plugin:ClubPlugin`); `build` runs MkDocs with it for `club build`, `serve` for
`club serve`.
"""

from typing import Any


def __getattr__(name: str) -> Any:
    # Imported on first use: `club check` needs no MkDocs.
    if name == "ClubPlugin":
        from generator.plugin.club_plugin import ClubPlugin

        return ClubPlugin
    raise AttributeError(name)
