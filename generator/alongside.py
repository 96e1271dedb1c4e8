"""Work done in a second process while the build goes on.

A build runs on one core, and the machines clubs build on have two or more. Work that
depends on what the build has read already, and on nothing the build does next, runs in
a forked copy of the build on another core meanwhile: reading the event files while the
roster is read, the site's calendars while its pages are made and MkDocs renders them,
and the planners' pack while MkDocs renders. Where a fork is not available or not safe
(no `fork` start method; other threads running, as under `club serve`, whose locks a
child would inherit held), the work runs at once, in this process.
"""

from __future__ import annotations

import multiprocessing
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

Result = TypeVar("Result")


class AlongsideFailed(Exception):
    """The work failed in the other process; the message says with what exception."""


def _child(work: Callable[[], Any], send: Connection) -> None:
    try:
        send.send((None, work()))
    except BaseException as exc:  # reported to the waiting build, which fails with it
        send.send(("".join(traceback.format_exception_only(exc)).strip(), None))
    send.close()


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def in_another_process() -> bool:
    """Whether an `Alongside` started now would run in another process (not at once)."""
    return _can_fork()


class Alongside(Generic[Result]):
    """`work` started in a forked process, or run now; `wait()` returns what it returned
    (sent back pickled) when it is done, and raises if it failed."""

    def __init__(self, work: Callable[[], Result]) -> None:
        self._process: Any = None
        self._receive: Connection | None = None
        self._result: Result | None = None
        if not _can_fork():
            self._result = work()  # its exceptions reach the caller as they are
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(work, send), daemon=True)
        self._process.start()
        send.close()

    def wait(self) -> Result:
        if self._process is None or self._receive is None:
            return self._result  # type: ignore[return-value]
        try:
            failure, self._result = self._receive.recv()
        except EOFError:  # killed (out of memory, a signal) before it could say
            failure = "ended without finishing"
        self._receive.close()
        self._process.join()
        code, self._process = self._process.exitcode, None
        if failure:
            raise AlongsideFailed(f"{failure} (exit code {code})" if code else failure)
        return self._result  # type: ignore[return-value]

    def cancel(self) -> None:
        """Stop the work (the build failed); what it wrote is the caller's to discard."""
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._process = None
        if self._receive is not None:
            self._receive.close()
