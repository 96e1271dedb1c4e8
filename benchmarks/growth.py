"""Growth with the club's size, measured in turn: `python benchmarks/growth.py ROUNDS DIR...`.

`make bench` runs each size's phases one size after the other, so a shared machine's speed
drifting between sizes shows as growth. Here every phase runs at every size (clubs written
by `club demo` and committed to git, smallest first) in turn, ROUNDS times; the least
processor time of each counts. Prints each phase's times and its growth from one size to
the next. `python benchmarks/growth.py --calls DIR...` counts each phase's function calls
at each size instead: the same on every run to within half a per cent here, so growth in
work shows where time cannot.
"""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path

from run import run_phase

# The phases a build runs before MkDocs goes on, and PyYAML's loader as a yardstick.
PHASES = ["roster-pyyaml", "roster-ours", "read", "check", "pages", "calendars"]


# Counted once each (`--calls`): every phase a build runs, and the birthdays.
COUNTED = ["read", "check", "pages", "calendars", "birthdays"]


def count_calls(clubs: list[Path]) -> None:
    """Function calls of each phase at each size, second processes' work included."""
    os.environ["CLUB_BENCH_CALLS"] = "1"
    for phase in COUNTED:
        calls = [int(run_phase(phase, club)["calls"]) for club in clubs]  # type: ignore[call-overload]
        growth = ", ".join(f"×{after / before:.3f}" for before, after in itertools.pairwise(calls))
        print(f"{phase}: {', '.join(f'{c:,}' for c in calls)} calls; growth {growth}", flush=True)


def main(rounds: int, clubs: list[Path]) -> None:
    for club in clubs:
        run_phase("produce-warm", club)  # fills .cache/ for this code
    least: dict[tuple[str, Path], float] = {}
    for _ in range(rounds):
        for phase, club in itertools.product(PHASES, clubs):
            cpu = float(run_phase(phase, club)["cpu_seconds"])  # type: ignore[arg-type]
            least[phase, club] = min(least.get((phase, club), cpu), cpu)
    for phase in PHASES:
        times = [least[phase, club] for club in clubs]
        growth = ", ".join(f"×{after / before:.2f}" for before, after in itertools.pairwise(times))
        print(f"{phase}: {', '.join(f'{t:.2f}' for t in times)} s CPU; growth {growth}")


if __name__ == "__main__":
    if sys.argv[1] == "--calls":
        count_calls([Path(a).resolve() for a in sys.argv[2:]])
    else:
        main(int(sys.argv[1]), [Path(a).resolve() for a in sys.argv[2:]])
