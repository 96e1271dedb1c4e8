"""`make bench`: time and peak memory of each build phase, at 1×, 2× and 4× a large club.

The base size is the scale issue's: 10,000 members, 1,000 events, 300 articles. Each
phase runs in its own process (benchmarks/phase.py). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# In this order: "build-warm" finds what "build-cold" kept in .cache/ (the sheets and the
# calendars' history; a whole build here leaves the sheets out, which have phases of their own).
PHASES = [
    "roster-pyyaml",
    "roster-ours",
    "read-cold",
    "read",
    "check",
    "pages",
    "calendars",
    "birthdays",
    "build-cold",
    "build-warm",
    "plain-mkdocs",
    "sheets-cold",
    "sheets-warm",
]
# Our phases as a build runs them before MkDocs goes on (the planners' pack, `birthdays`
# among it, is written by a second process while MkDocs renders).
OURS = {"cold": ("read-cold", "check", "pages", "calendars"), "warm": ("read", "check", "pages", "calendars")}
TODAY = "2026-11-23"
HERE = Path(__file__).resolve().parent


def run_phase(phase: str, root: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, str(HERE / "phase.py"), phase, str(root), TODAY],
        capture_output=True,
        text=True,
        check=False,
        cwd=HERE.parent,
    )
    if out.returncode != 0:
        raise SystemExit(f"phase {phase} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# Whole builds take minutes and the sheets phases change the cache they measure: run once.
ONCE = ("build-", "plain-", "sheets-")


def best_of(phase: str, root: Path, repeat: int) -> dict[str, object]:
    """The fastest of `repeat` runs: on a shared machine a single run of a few seconds varies
    by half of itself."""
    runs = 1 if phase.startswith(ONCE) else repeat
    return min((run_phase(phase, root) for _ in range(runs)), key=lambda r: float(r["seconds"]))  # type: ignore[arg-type]


# A whole build varies by a fifth from run to run on a shared machine: the whole builds and
# plain MkDocs run in turn, `repeat` times each, and the fastest of each counts. (A cold
# build empties `.cache/` first and leaves it filled, so the warm one after it is warm.)
PAIRED = ("build-cold", "build-warm", "plain-mkdocs")


def pair_up(results: dict[str, dict[str, object]], root: Path, repeat: int) -> None:
    paired = [phase for phase in PAIRED if phase in results]
    for phase in paired:
        results[phase]["runs"] = [results[phase]["seconds"]]
    for _ in range(repeat - 1):
        for phase in paired:
            again = run_phase(phase, root)
            runs = [*results[phase]["runs"], again["seconds"]]  # type: ignore[misc]
            if float(again["seconds"]) < float(results[phase]["seconds"]):  # type: ignore[arg-type]
                results[phase] = again
            results[phase]["runs"] = runs


def commit(root: Path) -> None:
    """A club lives in git: its calendars' SEQUENCE, LAST-MODIFIED and DTSTAMP come from the history."""
    who = ["-c", "user.name=bench", "-c", "user.email=bench@example.org"]
    for args in (["init", "-q"], ["add", "-A"], [*who, "commit", "-qm", "The demo club"]):
        subprocess.run(["git", *args], cwd=root, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 2, 4])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=1_000)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--phases", nargs="+", default=PHASES, choices=PHASES)
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each short phase and paired build; the fastest counts"
    )
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="club-bench-") as folder:
        for scale in args.scales:
            root = Path(folder) / f"club-{scale:g}x"
            sizes = [round(n * scale) for n in (args.members, args.events, args.articles)]
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "generator.cli",
                    "demo",
                    str(root),
                    "--members",
                    str(sizes[0]),
                    "--events",
                    str(sizes[1]),
                    "--articles",
                    str(sizes[2]),
                    "--seed",
                    "1",
                    "--today",
                    TODAY,
                ],
                check=True,
                cwd=HERE.parent,
            )
            commit(root)
            results = {phase: best_of(phase, root, args.repeat) for phase in args.phases}
            pair_up(results, root, args.repeat)
            rows.append((scale, sizes, results))
            print(f"{scale:g}x: " + json.dumps(results, ensure_ascii=False), file=sys.stderr, flush=True)
            shutil.rmtree(root, ignore_errors=True)
    # One row a phase, one column a size: time, peak memory, and what the phase made.
    heads = [f"{scale:g}× ({' / '.join(f'{n:,}' for n in sizes)})" for scale, sizes, _ in rows]
    print("| phase | " + " | ".join(heads) + " |")
    print("| --- |" + " --- |" * len(rows))
    for phase in args.phases:
        cells = []
        for _, _, results in rows:
            r = results[phase]
            cpu = f" ({r['cpu_seconds']} s CPU)" if "cpu_seconds" in r else ""
            cell = f"{r['seconds']} s{cpu}, {r['peak_mb']} MB"
            if "rendered" in r:
                cell += f" ({r['rendered']} rendered, {r['from_cache']} cached)"
            if "site_mb" in r:
                cell += f", site {r['site_mb']} MB"
            if "mb" in r:
                cell += f", {r['files']} files of {r['mb']} MB"
            cells.append(cell)
        print(f"| {phase} | " + " | ".join(cells) + " |")
    print()
    for line in summary(rows):
        print(line)


def _seconds(results: dict[str, dict[str, object]], phase: str, measure: str = "seconds") -> float:
    return float(results[phase][measure])  # type: ignore[arg-type]


def summary(rows: list[tuple[float, list[int], dict[str, dict[str, object]]]]) -> list[str]:
    """The targets' numbers: our share of the MkDocs time, and growth with the club's size."""
    lines = []
    for scale, _, results in rows:
        if "plain-mkdocs" not in results:
            continue
        plain = _seconds(results, "plain-mkdocs")
        for state, phases in OURS.items():
            if all(p in results for p in phases):
                ours = sum(_seconds(results, p) for p in phases)
                lines.append(
                    f"At {scale:g}×, {state}: {'+'.join(phases)} = {ours:.1f} s, "
                    f"{100 * ours / plain:.0f}% of a plain MkDocs build of the same pages ({plain:.1f} s)."
                )
        if "roster-ours" in results and "roster-pyyaml" in results:
            ours, pyyaml = _seconds(results, "roster-ours"), _seconds(results, "roster-pyyaml")
            lines.append(
                f"At {scale:g}×, members.yaml with every position: {ours:.2f} s, "
                f"{ours / pyyaml:.2f}× PyYAML's C loader without positions ({pyyaml:.2f} s)."
            )
        for build in ("build-cold", "build-warm"):
            if build in results:
                whole = _seconds(results, build)
                more = 100 * (whole - plain) / plain
                lines.append(f"At {scale:g}×, {build}: {whole:.1f} s, {more:+.0f}% on plain MkDocs.")
        if all(len(results[p].get("runs", [])) > 1 for p in PAIRED if p in results):  # type: ignore[arg-type]
            turns = "; ".join(
                f"{p} {', '.join(str(s) for s in results[p]['runs'])} s"  # type: ignore[union-attr]
                for p in PAIRED
                if p in results
            )
            lines.append(f"At {scale:g}×, in turn: {turns} (the fastest of each counts above).")
    for (small, _, before), (large, _, after) in itertools.pairwise(rows):
        growth = []
        # The sheets phases render a fixed sample of events at every size.
        for phase in (p for p in before if not p.startswith("sheets")):
            if phase in after and _seconds(before, phase) > 0 and _seconds(before, phase, "cpu_seconds") > 0:
                ratio = _seconds(after, phase) / _seconds(before, phase)
                cpu = _seconds(after, phase, "cpu_seconds") / _seconds(before, phase, "cpu_seconds")
                growth.append(f"{phase} ×{ratio:.2f} (CPU ×{cpu:.2f})")
            size = "site_mb" if "site_mb" in before[phase] else "mb" if "mb" in before[phase] else None
            if size and phase in after and float(before[phase][size]) > 0:  # type: ignore[arg-type]
                growth.append(f"{phase} size ×{float(after[phase][size]) / float(before[phase][size]):.2f}")  # type: ignore[arg-type]
        lines.append(f"From {small:g}× to {large:g}× (×{large / small:g}): " + ", ".join(growth) + ".")
    return lines


if __name__ == "__main__":
    main()
