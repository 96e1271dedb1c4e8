"""Work done in a second process while MkDocs renders the site.

MkDocs renders on one core. The planners' pack (birthday calendar, roster, invitations)
depends on the club alone and only writes files, so a forked copy of the build writes it
on another core meanwhile, and the build waits for it at the end. Where a fork is not
available or not safe (no `fork` start method; other threads running, as under
`club serve`, whose locks a child would inherit held), the work runs at once, in this
process.
"""

from __future__ import annotations

import multiprocessing
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any


class AlongsideFailed(Exception):
    """The work failed in the other process; the message says with what exception."""


def _run(work: Callable[[], None]) -> str | None:
    try:
        work()
    except BaseException as exc:  # reported to the waiting build, which fails with it
        return "".join(traceback.format_exception_only(exc)).strip()
    return None


def _child(work: Callable[[], None], send: Connection) -> None:
    send.send(_run(work))
    send.close()


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


class Alongside:
    """`work` started in a forked process, or run now; `wait()` returns when it is done
    and raises if it failed."""

    def __init__(self, work: Callable[[], None]) -> None:
        self._process: Any = None
        self._receive: Connection | None = None
        if not _can_fork():
            work()  # its exceptions reach the caller as they are
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(work, send), daemon=True)
        self._process.start()
        send.close()

    def wait(self) -> None:
        if self._process is None or self._receive is None:
            return
        try:
            failure = self._receive.recv()
        except EOFError:  # killed (out of memory, a signal) before it could say
            failure = "ended without finishing"
        self._receive.close()
        self._process.join()
        code, self._process = self._process.exitcode, None
        if failure:
            raise AlongsideFailed(f"{failure} (exit code {code})" if code else failure)

    def cancel(self) -> None:
        """Stop the work (the build failed); what it wrote is the caller's to discard."""
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._process = None
        if self._receive is not None:
            self._receive.close()
