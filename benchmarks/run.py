"""`make bench`: time and peak memory of each build phase, at 1×, 2× and 4× a large club.

The base size is the scale issue's: 10,000 members, 1,000 events, 300 articles. Each
phase runs in its own process (benchmarks/phase.py). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PHASES = ["read", "check", "pages", "calendars", "mkdocs", "plain-mkdocs", "sheets-cold", "sheets-warm"]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 2, 4])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=1_000)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--phases", nargs="+", default=PHASES, choices=PHASES)
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
            results = {phase: run_phase(phase, root) for phase in args.phases}
            rows.append((scale, sizes, results))
            print(f"{scale:g}x: " + json.dumps(results, ensure_ascii=False), file=sys.stderr, flush=True)
            shutil.rmtree(root, ignore_errors=True)
    print("| scale | members / events / articles | " + " | ".join(args.phases) + " |")
    print("| --- | --- | " + " | ".join("---" for _ in args.phases) + " |")
    for scale, sizes, results in rows:
        cells = []
        for phase in args.phases:
            r = results[phase]
            cell = f"{r['seconds']} s, {r['peak_mb']} MB"
            if "rendered" in r:
                cell += f" ({r['rendered']} rendered, {r['from_cache']} cached)"
            if "site_mb" in r:
                cell += f", site {r['site_mb']} MB"
            cells.append(cell)
        print(f"| {scale:g}× | {' / '.join(f'{n:,}' for n in sizes)} | " + " | ".join(cells) + " |")
    if len(rows) >= 1:
        scale, _, results = rows[0]
        ours = sum(
            float(results[p]["seconds"]) for p in ("read", "check", "pages", "calendars") if p in results
        )
        if "plain-mkdocs" in results:
            plain = float(results["plain-mkdocs"]["seconds"])
            print(
                f"\nAt {scale:g}×: read+check+pages+calendars = {ours:.1f} s, "
                f"{100 * ours / plain:.0f}% of a plain MkDocs build ({plain:.1f} s)."
            )


if __name__ == "__main__":
    main()
