"""`club serve`: MkDocs' live preview with the plugin."""

from __future__ import annotations

import signal
from pathlib import Path

from generator.messages import language_for, say, t
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
        language = _language(root)
        say(
            t("cannot serve on {address}: {reason}", address=dev_addr, reason=exc.strerror or str(exc)),
            language,
        )
        say(t("choose another address with --dev-addr 127.0.0.1:PORT"), language)
        return 1
    except MkDocsException as exc:
        say(t("the preview stopped: {reason}", reason=str(exc)), _language(root))
        return 1
    return 0


def _language(root: Path) -> str:
    """The language of the command's own lines: the club's (its settings read again)."""
    from generator.diagnostics import Report
    from generator.reading.read import read_settings

    return language_for(read_settings(root, Report()).language)
