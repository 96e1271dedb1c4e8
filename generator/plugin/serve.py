"""`club serve`: MkDocs' live preview with the plugin."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

from generator.plugin.build import quiet_mkdocs


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve_site(root: Path, dev_addr: str) -> int:
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    quiet_mkdocs(verbose=True)
    # Stopped by a service manager (SIGTERM) as by Ctrl-C: MkDocs shuts its server down and
    # the sheets' worker processes are stopped at exit instead of being left running.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        serve(config_file=str(root / "mkdocs.yml"), dev_addr=dev_addr)
    except OSError as exc:
        print(f"club: cannot serve on {dev_addr}: {exc.strerror or exc}", file=sys.stderr)
        print("club: choose another address with --dev-addr 127.0.0.1:PORT", file=sys.stderr)
        return 1
    except MkDocsException as exc:
        print(f"club: the preview stopped: {exc}", file=sys.stderr)
        return 1
    return 0
