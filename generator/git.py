"""The one way the tool asks git about the club's repository."""

from __future__ import annotations

import subprocess
from pathlib import Path


def git(root: Path, *args: str, stdin: bytes | None = None, timeout: float = 300) -> bytes | None:
    """git's output for `args` run in `root`, or None where git is missing, fails or the
    folder is not in a repository."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], input=stdin, capture_output=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None
