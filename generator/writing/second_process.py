"""The planners' pack and the public calendars, made by a forked copy of the build while
MkDocs renders the site.

A build runs on one core, and the machines clubs build on have two or more. The planners'
pack (the birthdays, the roster, the invitations) and the calendars depend on the club
alone, so a forked copy of the build makes them on another core meanwhile: at 1× a large
club that is a fifth of the whole build (README → Performance). Where a fork is not available or not safe (no
`fork` start method; other threads running, as under `club serve`, whose locks a child
would inherit held), the work runs at once, in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

from generator.messages import Message, t
from generator.writing.lifetime import end_with_parent

# The second process stands back (its niceness) so that the build's own process, which
# MkDocs runs in, gets its core whenever it wants one: on two cores three processes would
# otherwise share them equally.
STAND_BACK = 15
Made = TypeVar("Made")


class SecondProcessFailed(Exception):
    """The work failed in the other process; the message says with what exception."""


def _child(work: Callable[[], Any], send: Connection, parent: int) -> None:
    end_with_parent(parent)
    os.nice(STAND_BACK)
    try:
        made = work()
        send.send((None, made))
    except BaseException as exc:  # reported to the waiting build, which fails with it
        send.send((_failure(exc), None))
    send.close()


def _failure(exc: BaseException) -> str:
    """The exception as `traceback` says it; one raised with a message keeps it whole, so
    that the build shows it in the user's language."""
    said = "".join(traceback.format_exception_only(exc)).strip()
    if len(exc.args) == 1 and isinstance(exc.args[0], Message):
        return t("{kind}: {message}", kind=said.split(": ", 1)[0], message=exc.args[0])
    return said


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


class SecondProcess(Generic[Made]):
    """`work()` started in a forked process, or run now; `wait()` returns what it returned
    once it is done, and raises `SecondProcessFailed` if it failed."""

    def __init__(self, work: Callable[[], Made]) -> None:
        self._process: Any = None
        self._receive: Connection | None = None
        self._made: Any = None
        if not _can_fork():
            self._made = work()  # its exceptions reach the caller as they are
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(work, send, os.getpid()), daemon=True)
        self._process.start()
        send.close()

    def wait(self) -> Made:
        if self._receive is None:
            made, self._made = self._made, None
            return made  # type: ignore[no-any-return]
        try:
            failure, made = self._receive.recv()
        except EOFError:  # killed (out of memory, a signal) before it could say
            failure, made = t("ended without finishing"), None
        self._receive.close()
        self._receive = None
        self._process.join()
        code, self._process = self._process.exitcode, None
        if failure:
            raise SecondProcessFailed(
                t("{failure} (exit code {code})", failure=failure, code=code) if code else failure
            )
        return made  # type: ignore[no-any-return]

    def cancel(self) -> None:
        """Stop the work (the build failed); what it wrote is the caller's to discard."""
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._process = None
        if self._receive is not None:
            self._receive.close()
            self._receive = None
