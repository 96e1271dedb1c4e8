"""Find a font that has Chinese characters, or refuse to print.

WeasyPrint takes its fonts from fontconfig. When no installed font covers Chinese, it
draws empty boxes where the characters should be, and a planner notices only on the
night. So the sheets ask fontconfig first and stop with the package to install.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from functools import cache

from generator.messages import shown, t

PACKAGE = "fonts-noto-cjk"

# Simplified Chinese faces first: the same character is drawn differently in the
# Japanese, Korean and traditional faces of one family.
PREFERRED = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "AR PL UMing CN",
)

# CJK punctuation, ideographs (with extension A and compatibility) and full-width forms.
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


class MissingFont(Exception):
    """No installed font can typeset Chinese; the message (a `messages.Message`, its first
    argument) says what to install."""

    def text(self, language: str = "en") -> str:
        """The message in `language`."""
        return shown(self.args[0], language)


@dataclass(frozen=True)
class Font:
    family: str
    file: str


def needs_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def missing_message(reason: str) -> str:
    """`reason` (a message) and what to install."""
    return t(
        "{reason}, so the printable sheets would show empty boxes instead of Chinese text; "
        "install a CJK font, e.g. Debian's {package} (apt-get install {package}), and build again",
        reason=reason,
        package=PACKAGE,
    )


def _installed() -> list[Font]:
    """Every font fontconfig lists as covering Chinese, as (first family name, file)."""
    try:
        listed = subprocess.run(
            ["fc-list", "--format", "%{family[0]}\t%{file}\n", ":lang=zh"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        ).stdout
    except FileNotFoundError:
        raise MissingFont(
            missing_message(t("fontconfig's fc-list is not installed (Debian package fontconfig)"))
        ) from None
    except (OSError, subprocess.SubprocessError) as exc:
        raise MissingFont(missing_message(t("fc-list failed ({error})", error=str(exc)))) from None
    fonts = []
    for line in listed.splitlines():
        family, _, file = line.partition("\t")
        if family and file:
            fonts.append(Font(family.strip(), file.strip()))
    return fonts


def choose(fonts: list[Font]) -> Font | None:
    """The best font for simplified Chinese among `fonts`, or None."""
    by_family: dict[str, Font] = {}
    for font in sorted(fonts, key=lambda f: (f.family, f.file)):
        by_family.setdefault(font.family, font)
    for family in PREFERRED:
        if family in by_family:
            return by_family[family]
    simplified = [f for name, f in by_family.items() if name.endswith((" SC", " CN", " GB"))]
    candidates = simplified or list(by_family.values())
    return candidates[0] if candidates else None


@cache
def cjk_font() -> Font:
    """The CJK font the sheets use; raises MissingFont when none is installed."""
    font = choose(_installed())
    if font is None:
        raise MissingFont(missing_message(t("no font with Chinese characters is installed")))
    return font
