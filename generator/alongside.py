"""Work done in a second process while the build goes on.

A build runs on one core, and the machines clubs build on have two or more. Work that
depends on what the build has read already, and on nothing the build does next, runs in
a forked copy of the build on another core meanwhile: reading the event files while the
roster is read, the site's pages and calendars while MkDocs starts and renders, and the
planners' pack while MkDocs renders. Where a fork is not available or not safe (no `fork`
start method; other threads running, as under `club serve`, whose locks a child would
inherit held), the work runs at once, in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

from .lifetime import end_with_parent

Result = TypeVar("Result")


class AlongsideFailed(Exception):
    """The work failed in the other process; the message says with what exception."""


# How far a second process stands back (its `niceness`) when the build's own process
# does not wait for it at once: that process gets its core whenever it wants one, and on
# two cores three processes would otherwise share them equally. Work the build needs soon
# (the pages, which MkDocs reads a second or two after they are started) stands back less
# than work it needs only at its end (the planners' pack).
NEEDED_SOON = 5
NEEDED_AT_THE_END = 15


def _child(works: Sequence[Callable[[], Any]], send: Connection, niceness: int, parent: int) -> None:
    end_with_parent(parent)
    if niceness:
        os.nice(niceness)
    try:
        for work in works:
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

    def __init__(self, work: Callable[[], Result], niceness: int = 0) -> None:
        self._works = InTurn([work], niceness)

    def wait(self) -> Result:
        return self._works.wait(0)  # type: ignore[no-any-return]

    def cancel(self) -> None:
        """Stop the work (the build failed); what it wrote is the caller's to discard."""
        self._works.cancel()


class InTurn:
    """`works` done one after the other in one forked process, or now, in this one;
    `wait(i)` returns what the i-th returned as soon as it is done, and raises if it or
    one before it failed."""

    def __init__(self, works: Sequence[Callable[[], Any]], niceness: int = 0) -> None:
        self._process: Any = None
        self._receive: Connection | None = None
        self._results: list[Any] = []
        self._failure: str | None = None
        self._count = len(works)
        if not _can_fork():
            self._results = [work() for work in works]  # their exceptions reach the caller as they are
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(works, send, niceness, os.getpid()), daemon=True)
        self._process.start()
        send.close()

    def wait(self, index: int) -> Any:
        while index >= len(self._results) and self._failure is None and self._receive is not None:
            try:
                failure, result = self._receive.recv()
            except EOFError:  # killed (out of memory, a signal) before it could say
                failure, result = "ended without finishing", None
            if failure:
                self._failure = failure
            else:
                self._results.append(result)
            if self._failure or len(self._results) == self._count:
                self._end()
        if index < len(self._results):
            return self._results[index]
        raise AlongsideFailed(self._failure or "ended without finishing")

    @property
    def done(self) -> int:
        """How many of the works are done: the next one is the one that failed, if one did."""
        return len(self._results)

    def _end(self) -> None:
        assert self._receive is not None and self._process is not None
        self._receive.close()
        self._receive = None
        self._process.join()
        code, self._process = self._process.exitcode, None
        if self._failure and code:
            self._failure = f"{self._failure} (exit code {code})"

    def cancel(self) -> None:
        """Stop the works (the build failed); what they wrote is the caller's to discard."""
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._process = None
        if self._receive is not None:
            self._receive.close()
            self._receive = None
