"""Worker processes end when the process that started them does.

A build killed from outside (Ctrl-C twice, `kill -9`, an out-of-memory kill) cannot stop
its workers itself; left alone, they would go on rendering into folders nobody reads.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def end_with_parent(parent: int | None = None) -> None:
    """Have the kernel stop this process when its parent ends (Linux; elsewhere nothing).

    `parent`: the parent's process id as the parent saw it, to catch a parent that ended
    before this was asked for.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if parent is not None and os.getppid() != parent:
        os._exit(1)
