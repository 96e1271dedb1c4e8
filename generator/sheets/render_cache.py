"""HTML to PDF, once per distinct input: a content-addressed cache and parallel rendering.

WeasyPrint needs about half a second per sheet, so a club with many events cannot
re-render every sheet on every build. Each sheet comes with a key: a hash of everything
that shapes its PDF (its HTML, the templates, the paper size, WeasyPrint's version, the
font) except the footer stamp saying which commit printed it and when. A sheet whose key
is in the cache keeps the PDF, and so the stamp, of the build that first produced that
content; only new keys are rendered, in parallel worker processes.

A sheet reads no file but those it may show (`allowed_url`): an article's raw HTML can name
any URL, and a public PDF must not carry the roster. Nor does a PDF embed files
(`render_pdf`), and it carries no date but the build's and no random identifier, so two
builds of one commit give the same bytes.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from multiprocessing import get_context
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from generator.atomic import write_atomically
from generator.messages import t
from generator.writing.lifetime import end_with_parent

# Bump when the way sheets are made changes in a way the hashed inputs do not show.
KEY_VERSION = "2"  # 2: no attachments, only allowed files fetched, dates from the build
UNUSED_DAYS = 60  # entries no build has used for this long are removed


@dataclass(frozen=True)
class Request:
    key: str  # from `key()`: the sheet's inputs without its stamp
    html: str  # the document without its stamp
    base_url: str | None = None
    allowed: tuple[str, ...] = ()  # folders whose files the sheet may show (see `allowed_url`)


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    stamp: str  # the stamp this PDF carries: this build's, or the one that first rendered it
    from_cache: bool


def key(*parts: str | bytes) -> str:
    digest = hashlib.sha256(KEY_VERSION.encode())
    for part in (weasyprint_version(), *parts):
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


@cache
def weasyprint_version() -> str:
    # From the package metadata: importing WeasyPrint takes a second.
    return metadata.version("weasyprint")


class Cache:
    """PDFs and their stamps under `folder`, one pair of files per key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # A cache reached through a link (a committed `.cache` pointing elsewhere) is not
        # used: pruning it would remove files wherever the link points.
        self.usable = not any(p.is_symlink() for p in (folder, folder.parent))

    def _paths(self, key: str) -> tuple[Path, Path]:
        base = self.folder / key[:2] / key
        return base.with_suffix(".pdf"), base.with_suffix(".json")

    def get(self, key: str) -> tuple[bytes, str] | None:
        if not self.usable:
            return None
        pdf_path, meta_path = self._paths(key)
        try:
            pdf = pdf_path.read_bytes()
            stamp = json.loads(meta_path.read_text(encoding="utf-8"))["stamp"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        now = time.time()
        for path in (pdf_path, meta_path):
            # Marks the entry as used, so that pruning keeps it.
            os.utime(path, (now, now))
        return pdf, str(stamp)

    def put(self, key: str, pdf: bytes, stamp: str) -> None:
        if not self.usable:
            return
        pdf_path, meta_path = self._paths(key)
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        # The PDF first, then the stamp: `get` needs both, so a build stopped half-way
        # leaves an entry that is simply missed, never a wrong one.
        write_atomically(pdf_path, pdf)
        write_atomically(meta_path, json.dumps({"stamp": stamp}, ensure_ascii=False).encode())

    def prune(self, unused_days: int = UNUSED_DAYS) -> int:
        """Remove entries no build has used for `unused_days`; returns how many files went."""
        if not self.usable or not self.folder.is_dir():
            return 0
        limit = time.time() - unused_days * 86400
        removed = 0
        for shard in self.folder.iterdir():
            if shard.is_symlink() or not shard.is_dir():
                continue
            for entry in shard.iterdir():
                try:
                    if not entry.is_symlink() and entry.is_file() and entry.stat().st_mtime < limit:
                        entry.unlink()
                        removed += 1
                except OSError:
                    pass
        return removed


def allowed_url(url: str, folders: Sequence[str | Path]) -> str | None:
    """The URL to fetch for `url`, or None when a sheet must not read it.

    `data:` URLs are allowed, and `file:` URLs of this machine whose path, symbolic links
    resolved, lies inside one of `folders`; the file URL of that resolved path is what is
    read. Every other URL (another file, http, https, any other scheme) is refused."""
    scheme, colon, _ = url.partition(":")
    scheme = scheme.lower()
    if colon and scheme == "data":
        return url
    if not colon or scheme != "file":
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.netloc not in ("", "localhost"):
        return None
    path = Path(url2pathname(parts.path))
    if not path.is_absolute():
        return None
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError, ValueError):  # a symbolic link loop, a NUL in the path
        return None
    for folder in folders:
        if resolved.is_relative_to(Path(folder).resolve()):
            return resolved.as_uri()
    return None


def _fetcher(folders: Sequence[str]) -> Any:
    """WeasyPrint's URL fetcher, reading only what `allowed_url` allows."""
    from weasyprint.urls import URLFetcher

    class SheetFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            permitted = allowed_url(url, folders)
            if permitted is None:
                # WeasyPrint logs it and leaves the resource out; nothing has been read.
                raise ValueError(t("a sheet may not read {url}", url=url))
            return super().fetch(permitted, headers)

    # The build must not depend on the network either.
    return SheetFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)


def _refuse_embedded_files(document: Any, pdf: Any) -> None:
    """WeasyPrint's finisher: stops the sheet if any file was embedded after all."""
    for entry in pdf.objects:
        fields = getattr(entry, "extra", entry)
        if isinstance(fields, dict) and (
            fields.get("Type") in ("/EmbeddedFile", "/Filespec") or fields.get("Subtype") == "/FileAttachment"
        ):
            raise RuntimeError(t("a sheet's PDF would embed a file"))


def render_pdf(
    html: str, base_url: str | None = None, allowed: Sequence[str] = (), created: str | None = None
) -> bytes:
    """One document to PDF. Runs in a worker process.

    Only the files `allowed_url` allows under `allowed` are read. Nothing is attached to the
    PDF, whatever the HTML says: no <link rel="attachment"> (the document's embedded files),
    no <a rel="attachment"> (a page's file annotation). Its creation and modification dates
    are `created` (a W3C date such as 2026-11-23T01:00:00Z, or none), whatever the HTML's
    dcterms metadata says, and it has no /ID (pydyf's would hash the bytes, but WeasyPrint
    asks for none)."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=base_url, url_fetcher=_fetcher(allowed)).render()
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]
    document.metadata.created = document.metadata.modified = created
    pdf = document.write_pdf(
        attachments=None, pdf_identifier=None, xmp_metadata=None, finisher=_refuse_embedded_files
    )
    assert pdf is not None
    return pdf


_pool: ProcessPoolExecutor | None = None
_pruned: set[Path] = set()


def _executor() -> Executor:
    """Worker processes kept for the whole run, so a build's later sheets skip the start-up."""
    global _pool
    if _pool is None:
        # "spawn": forking a process that runs threads (MkDocs' live server) can deadlock.
        _pool = ProcessPoolExecutor(
            max_workers=os.cpu_count() or 1,
            mp_context=get_context("spawn"),
            initializer=end_with_parent,
            initargs=(os.getpid(),),
        )
        atexit.register(_shutdown)
    return _pool


def _shutdown() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None


def render(
    requests: Sequence[Request],
    stamp: str,
    with_stamp: Callable[[str, str], str],
    cache_dir: Path,
    created: str | None = None,
) -> list[Rendered]:
    """Every request's PDF, in order: from the cache where its key is known, else rendered
    (with `with_stamp(html, stamp)` as the document, dated `created`) and stored."""
    store = Cache(cache_dir)
    results: list[Rendered | None] = []
    missing: dict[str, list[int]] = {}
    for index, request in enumerate(requests):
        hit = store.get(request.key)
        results.append(Rendered(hit[0], hit[1], True) if hit else None)
        if hit is None:
            missing.setdefault(request.key, []).append(index)
    first = {k: requests[indexes[0]] for k, indexes in missing.items()}
    documents = {k: (with_stamp(r.html, stamp), r.base_url, r.allowed, created) for k, r in first.items()}
    for k, pdf in _render_all(documents).items():
        store.put(k, pdf, stamp)
        for index in missing[k]:
            results[index] = Rendered(pdf, stamp, False)
    if cache_dir not in _pruned:
        _pruned.add(cache_dir)
        store.prune()
    return [r for r in results if r is not None]


def _worth_a_pool(count: int) -> bool:
    """Whether `count` sheets render sooner in worker processes than here.

    Starting the workers costs about as much as importing WeasyPrint (a second or so), and
    each of them pays it; a few sheets are quicker here once WeasyPrint is loaded.
    """
    cores = os.cpu_count() or 1
    if _pool is not None or cores == 1 or count == 0:
        return _pool is not None and count > 0
    return count >= (2 * cores + 2 if "weasyprint" in sys.modules else 2)


# What `render_pdf` takes: the HTML, its base URL, the folders it may read, its date.
_Document = tuple[str, str | None, tuple[str, ...], str | None]


def _render_all(documents: dict[str, _Document]) -> dict[str, bytes]:
    """Each document's PDF, in the worker processes when that is quicker, else here."""
    global _pool
    if not _worth_a_pool(len(documents)):
        return {k: render_pdf(*document) for k, document in documents.items()}
    pool = _executor()
    try:
        futures = {k: pool.submit(render_pdf, *document) for k, document in documents.items()}
        return {k: future.result() for k, future in futures.items()}
    except BrokenProcessPool:
        # A worker died (killed, out of memory): the next build starts fresh workers.
        _pool = None
        raise
