"""Run one phase of a build in this process and print its time and memory as JSON.

Each phase runs in a fresh process (see run.py) so that its peak memory is its own; the
phases it depends on run first, untimed.
"""

from __future__ import annotations

import cProfile
import json
import os
import pstats
import resource
import shutil
import sys
import time
from datetime import date
from pathlib import Path


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    """Processor time of this process and of the children it has waited for (the second
    processes a build forks): less sensitive than wall time to other work on the machine."""
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )


def main(phase: str, root: Path, today: date) -> dict[str, object]:
    from generator import families
    from generator.calendars import history
    from generator.checking.rules import check_club
    from generator.diagnostics import Report
    from generator.reading import parsed_store
    from generator.reading.read import read_club
    from generator.writing.outputs import BuildInfo

    if COUNTING:  # the work of second processes is counted here too
        from generator.writing import second_process

        second_process._can_fork = lambda: False

    extra: dict[str, object] = {}
    # A cold build or read starts without what .cache/ keeps (but the sheets, which have
    # phases of their own); "build-warm" and "read" run after one, as a rebuild does.
    if phase in ("build-cold", "read-cold"):
        (root / ".cache" / history.CACHE_FILE).unlink(missing_ok=True)
        (root / ".cache" / parsed_store.FILE).unlink(missing_ok=True)
    if phase.startswith("build"):
        return _club_build(root, today)
    if phase in ("roster-ours", "roster-pyyaml"):
        return _roster(root, phase)
    started_rss, started, started_cpu = _start()
    report = Report()
    club = read_club(root, report)
    if phase in ("read", "read-cold"):
        return _result(started, started_rss, started_cpu, extra)
    started_rss, started, started_cpu = _start()
    check_club(club, report, today)
    if phase == "check":
        extra["errors"] = len(report.errors)
        return _result(started, started_rss, started_cpu, extra)
    build = BuildInfo.for_root(root)
    made_by = {
        "pages": ("pages", "event pages"),
        "calendars": ("calendars",),
        "birthdays": ("birthdays",),
    }
    if phase in made_by:
        wanted = made_by[phase]
        chosen = [
            e
            for e in (*families.site_outputs(today), *families.private_outputs(today, report))
            if e.name in wanted
        ]
        started_rss, started, started_cpu = _start()
        outputs = [o for e in chosen for o in e.outputs(club, build)]
        extra["files"] = len(outputs)
        extra["mb"] = round(sum(len(o.content) for o in outputs) / 2**20, 1)
        return _result(started, started_rss, started_cpu, extra)
    if phase in ("sheets-cold", "sheets-warm"):
        from generator.model import Club
        from generator.sheets.sheets import PlannersSheets, PublicSheets

        # Rendering every sheet of a large club takes minutes; a fixed sample of events
        # gives the time per sheet, and the warm run shows what one edit costs.
        sample = club.events[:SHEET_SAMPLE]
        small = Club(club.settings, club.tiers, club.members, sample, [], club.roster_ids, None, club.roster)
        cache = root / ".cache" / "sheets"
        if phase == "sheets-cold":
            shutil.rmtree(cache, ignore_errors=True)
        else:
            edited = root / sample[0].file
            edited.write_text(
                edited.read_text(encoding="utf-8").replace("title: ", "title: 改期·", 1), encoding="utf-8"
            )
            small.events[0].title = "改期·" + small.events[0].title
        exporters_ = [PublicSheets(today), PlannersSheets(today, report)]
        started_rss, started, started_cpu = _start()
        for exporter in exporters_:
            list(exporter.outputs(small, build))
        extra["events"] = len(sample)
        extra["rendered"] = sum(e.stats.rendered for e in exporters_)
        extra["from_cache"] = sum(e.stats.from_cache for e in exporters_)
        result = _result(started, started_rss, started_cpu, extra)
        del result["cpu_seconds"]  # the sheets' worker processes are not waited for: not counted
        return result
    if phase == "plain-mkdocs":
        return _plain_mkdocs(root, club, build, today, report)
    raise SystemExit(f"unknown phase {phase}")


def _roster(root: Path, phase: str) -> dict[str, object]:
    """members.yaml alone: our reader (every position kept, no cache) against PyYAML's C loader."""
    raw = (root / "members.yaml").read_bytes()
    started_rss, started, started_cpu = _start()
    if phase == "roster-pyyaml":
        import yaml

        yaml.load(raw, Loader=yaml.CSafeLoader)
    else:
        from generator.reading.yamlread import decode, parse

        text, _ = decode(raw, "members.yaml")
        document, problem = parse(text or "", "members.yaml")
        assert document is not None and problem is None
    return _result(started, started_rss, started_cpu, {})


def _club_build(root: Path, today: date) -> dict[str, object]:
    """The whole `club build` (read, check, MkDocs with the plugin, private/) but the
    sheets, which have phases of their own."""
    from generator import families
    from generator.checking.session import check_root
    from generator.plugin.build import build_site

    site_outputs, private_outputs = families.site_outputs, families.private_outputs
    families.site_outputs = lambda day, **kw: [e for e in site_outputs(day, **kw) if "sheets" not in e.name]
    families.private_outputs = lambda day, rep=None: [
        e for e in private_outputs(day, rep) if "sheets" not in e.name
    ]
    started_rss, started, started_cpu = _start()
    site, _ = build_site(check_root(root, today))
    size = round(sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20, 1)
    return _result(started, started_rss, started_cpu, {"site_mb": size})


def _plain_mkdocs(root: Path, club: object, build: object, today: date, report: object) -> dict[str, object]:
    """MkDocs alone on the same Markdown pages (written out), without the club plugin,
    over the site of the last build."""
    import re

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from generator import families

    plain = root.parent / (root.name + "-plain")
    shutil.rmtree(plain, ignore_errors=True)
    shutil.copytree(root / "content", plain / "content")
    # The same look as a club's build, which the plugin takes from the generator's theme.
    shutil.copytree(Path(__file__).resolve().parent.parent / "generator" / "theme", plain / "theme")
    pages = [e for e in families.site_outputs(today) if e.name in ("pages", "event pages")]
    for output in (o for exporter in pages for o in exporter.outputs(club, build)):  # type: ignore[arg-type]
        target = plain / "content" / output.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(str(output.content), encoding="utf-8")
    config_text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config_text = re.sub(r"\n  - club:\n(?:      .*\n)*", "\n", config_text)
    config_text = config_text.replace("\n  name: material\n", "\n  name: material\n  custom_dir: theme\n", 1)
    (plain / "mkdocs.yml").write_text(config_text, encoding="utf-8")
    # A rebuild, as build-warm is: MkDocs first empties the site folder of the last build,
    # as `club build` removes the site it replaces.
    if (root / "site").is_dir():
        shutil.copytree(root / "site", plain / "site")
    started_rss, started, started_cpu = _start()
    config = load_config(config_file=str(plain / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    mkdocs_build(config)
    config.plugins.on_shutdown()
    site = plain / "site"
    size = round(sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20, 1)
    return _result(started, started_rss, started_cpu, {"site_mb": size})


SHEET_SAMPLE = 20


# With CLUB_BENCH_CALLS=1 (`growth.py --calls`) a phase also counts the function calls it
# makes, all in this process: a measure of work that, unlike time, a shared machine does
# not blur.
COUNTING = os.environ.get("CLUB_BENCH_CALLS") == "1"
_counter: cProfile.Profile | None = None


def _start() -> tuple[float, float, float]:
    global _counter
    if COUNTING:
        if _counter is not None:  # a phase that follows another: one profiler at a time
            _counter.disable()
        _counter = cProfile.Profile()
        _counter.enable()
    return _rss_mb(), time.perf_counter(), _cpu_seconds()


def _result(
    started: float, started_rss: float, started_cpu: float, extra: dict[str, object]
) -> dict[str, object]:
    result = {
        "seconds": round(time.perf_counter() - started, 2),
        "cpu_seconds": round(_cpu_seconds() - started_cpu, 2),
        "peak_mb": round(max(_peak_mb() - started_rss, 0), 1),
        **extra,
    }
    if _counter is not None:
        _counter.disable()
        result["calls"] = pstats.Stats(_counter).total_calls  # type: ignore[attr-defined]
    return result


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], Path(sys.argv[2]), date.fromisoformat(sys.argv[3]))))
