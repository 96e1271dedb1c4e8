"""The club's model is read once and lives to the end of the build.

It is millions of small objects for a large club (every value with its position). Python's
cyclic garbage collector would scan them in vain while they are made, and then again at
every full collection while MkDocs renders the site: at 1× a large club that made the
whole `club build` about 40% slower (README → Performance). So the collector is off while
the club is read, and what was read is then moved out of its sight (`gc.freeze`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Whether this process froze a club it read: only the first read does.
_froze_a_club = False


@contextmanager
def out_of_the_collectors_sight() -> Iterator[None]:
    """Read the club inside: the collector is off meanwhile, and what was made is frozen.

    A process that reads the club again (`club serve`) gives what the first read froze
    back to the collector and freezes no more: what a build left in cycles would stay
    frozen for the life of the server.
    """
    global _froze_a_club
    freeze = not _froze_a_club
    if _froze_a_club and gc.get_freeze_count():
        gc.unfreeze()
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:  # before the collector is back, whose first run would scan it all
            gc.freeze()
            _froze_a_club = True
        if collecting:
            gc.enable()
