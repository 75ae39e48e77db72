"""A corpus's records as Parquet partitions, annotated on a Dask cluster: `dateline records`.

The documents are read here, in corpus order, and cut into chunks of `chunk` documents; chunk N
becomes `part-0000N.parquet`, written by whichever worker annotates it (so the folder must be
one the workers can write: a local folder for a local cluster, a shared one for a remote
cluster), through the same per-document steps the index uses (`build.prepared`,
`build.records_for`). A partition is written beside and renamed, and `_manifest.json` lists
the ones that are complete, with the fingerprint of the corpus, the annotators and the
settings they were made with: a run that is stopped or fails resumes where it was, and a change
of any of those writes the folder anew. Only part files and the manifest are ever written or
removed in the folder.

Dask and pyarrow come with the `dask` extra.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from dateline.build import prepared, records_for, snapshot
from dateline.corpus import RECORDS_MANIFEST, Corpus, CorpusError, Warn, documents, path_text
from dateline.corpus.files import bad
from dateline.extras import need
from dateline.model import Document
from dateline.parquet import SENTENCES, write_partition

FORMAT = 1
PART = "part-{:05d}.parquet"
DEFAULT_CHUNK = 500  # documents per partition: a few MB of Parquet, a few seconds of work


@dataclass
class Written:
    """The folder's articles, records and partitions when a run ends, how many partitions an
    earlier run had written, and the documents this run left out, by why."""

    docs: int = 0
    records: int = 0
    parts: int = 0
    kept: int = 0
    empty: Counter = field(default_factory=Counter)  # file -> pages with no article
    languages: Counter = field(default_factory=Counter)  # language -> articles left out

    def summary(self, out: str) -> str:
        """`records out/: 2,225 articles, 43,120 records in 5 partitions (2 written before)`:
        the folder's totals."""
        noun = "partition" if self.parts == 1 else "partitions"
        kept = f" ({self.kept:,} written before)" if self.kept else ""
        left = sum(self.empty.values()) + sum(self.languages.values())
        skipped = f"; {left:,} documents left out (no article, or not English)" if left else ""
        return (
            f"records {out}: {self.docs:,} articles, {self.records:,} records in "
            f"{self.parts:,} {noun}{kept}{skipped}"
        )


def write_chunk(
    docs: list[Document], events: tuple[dict, ...], all_languages: bool, path: str
) -> dict[str, Any]:
    """Annotate a chunk of documents and write their records as one partition: the task a Dask
    worker runs. Returns the partition's entry in the manifest."""
    rows: list[dict[str, Any]] = []
    notes: list[tuple[str, str]] = []
    for doc in docs:
        ready, note = prepared(doc, all_languages)
        if ready is None:
            notes.append(note)  # type: ignore[arg-type]
            continue
        for record in records_for(ready, events):
            row = record.to_dict()
            if record.kind == "article":
                row[SENTENCES] = [list(pair) for pair in record.sentences]
            rows.append(row)
    write_partition(rows, Path(path))
    articles = sum(1 for r in rows if r["kind"] == "article")
    return {"docs": articles, "records": len(rows), "notes": notes}


def fingerprint(corpus: Corpus, chunk: int, all_languages: bool) -> str:
    """What the partitions are made from: the corpus's files, the annotators, the settings."""
    made_of = dict(snapshot(corpus), chunk=chunk, all_languages=all_languages, format=FORMAT)
    return hashlib.sha1(json.dumps(made_of, sort_keys=True).encode()).hexdigest()[:16]


class RecordsFolder:
    """The output folder and its manifest."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.manifest = path / RECORDS_MANIFEST

    def open(self, fp: str, corpus: Corpus, say: Callable[[str], None]) -> dict[str, Any]:
        """The manifest to go on from: the complete partitions of an earlier run with the same
        fingerprint, else a new one (and the old partitions removed)."""
        old = self._read()
        for debris in self.path.glob(".*.tmp") if old is not None else ():
            debris.unlink()  # a partition or manifest being written when a run was killed
        if old is not None and old.get("fingerprint") == fp:
            kept = {n: p for n, p in old.get("partitions", {}).items() if (self.path / n).is_file()}
            if kept:
                say(f"resuming {path_text(self.path)}: {len(kept):,} partitions already written")
            return {**old, "partitions": kept, "complete": False}
        if old is not None:
            say(f"the corpus or dateline changed since {path_text(self.path)} was written; "
                "writing it anew")  # fmt: skip
            for part in self.path.glob("part-*.parquet"):
                part.unlink()
        self.path.mkdir(parents=True, exist_ok=True)
        return {
            "dateline": "records", "format": FORMAT, "corpus": corpus.name,
            "source": path_text(corpus.manifest or corpus.root), "fingerprint": fp,
            "complete": False, "partitions": {},
        }  # fmt: skip

    def check(self) -> None:
        """Refuse, before writing anything, a file, or a folder of other things."""
        if self.path.exists() and not self.path.is_dir():
            raise CorpusError(f"--out {path_text(self.path)}: is a file; give a folder")
        ours = {RECORDS_MANIFEST, ".lock"}
        foreign = self.path.is_dir() and not self.manifest.is_file()
        if foreign and any(p.name not in ours for p in self.path.iterdir()):
            raise CorpusError(
                f"--out {path_text(self.path)}: the folder holds other files and no records "
                f"manifest ({RECORDS_MANIFEST}); give a new or empty folder"
            )
        self._read()

    def remove(self) -> None:
        """The folder this run made, when it wrote no partition: a failed first run leaves
        nothing behind."""
        if any(self.path.glob("part-*.parquet")):
            return
        for entry in self.path.iterdir():
            entry.unlink()
        self.path.rmdir()

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """One run at a time writes the folder."""
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / ".lock", "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise CorpusError(
                    f"--out {path_text(self.path)}: another `dateline records` run is writing it"
                ) from None
            yield

    def _read(self) -> dict[str, Any] | None:
        if not self.manifest.is_file():
            return None
        try:
            data = json.loads(self.manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if not isinstance(data, dict) or data.get("dateline") != "records":
            raise CorpusError(f"{path_text(self.manifest)}: not a manifest of `dateline records`")
        return data

    def save(self, manifest: dict[str, Any]) -> None:
        """The manifest, replaced whole: never half-written."""
        tmp = self.manifest.with_name(f".{RECORDS_MANIFEST}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, self.manifest)


def _chunks(docs: Iterator[Document], size: int) -> Iterator[list[Document]]:
    while chunk := list(islice(docs, size)):
        yield chunk


def cluster_client(workers: int, scheduler: str | None) -> tuple[Any, Callable[[], None]]:
    """A Dask client of the cluster at `scheduler` (else $DASK_SCHEDULER_ADDRESS), or of a
    local cluster of `workers` processes, one thread each; and what closes it."""
    distributed = need("distributed", "dateline records")
    address = scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS")
    if address:
        try:
            client = distributed.Client(address, timeout="10s")
        except OSError as exc:
            raise CorpusError(f"--scheduler {address}: cannot reach it ({exc})") from None
        return client, client.close
    import logging

    cluster = distributed.LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
        silence_logs=logging.ERROR,
    )  # fmt: skip
    client = distributed.Client(cluster)

    def close() -> None:
        client.close()
        cluster.close()

    return client, close


def write_records_folder(
    corpus: Corpus,
    out: Path,
    workers: int = 0,
    scheduler: str | None = None,
    chunk: int = DEFAULT_CHUNK,
    all_languages: bool = False,
    skip_bad: bool = False,
    warn: Warn = lambda _m: None,
    say: Callable[[str], None] = lambda _m: None,
    progress: Callable[[int], None] = lambda _n: None,
) -> Written:
    """Write the corpus's records into `out` as Parquet partitions on a Dask cluster."""
    need("pyarrow", "dateline records")
    need("distributed", "dateline records")
    folder = RecordsFolder(out)
    folder.check()
    made = not out.exists()
    fp = fingerprint(corpus, chunk, all_languages)
    try:
        with folder.lock():
            manifest = folder.open(fp, corpus, say)
            written = Written(kept=len(manifest["partitions"]))
            skip = warn if skip_bad else None
            docs = documents(corpus, warn=warn, skip=skip, deferred=True)
            client, close = cluster_client(workers or os.cpu_count() or 1, scheduler)
            try:
                _run(client, _chunks(docs, chunk), corpus, all_languages, folder, manifest,
                     written, skip, progress)  # fmt: skip
            finally:
                close()
            manifest["complete"] = True
            parts = manifest["partitions"].values()
            manifest["docs"] = written.docs = sum(p["docs"] for p in parts)
            manifest["records"] = written.records = sum(p["records"] for p in parts)
            written.parts = len(parts)
            folder.save(manifest)
    except BaseException:
        if made and folder.path.is_dir():
            folder.remove()
        raise
    return written


def _run(
    client: Any,
    chunks: Iterator[list[Document]],
    corpus: Corpus,
    all_languages: bool,
    folder: RecordsFolder,
    manifest: dict[str, Any],
    written: Written,
    skip: Warn | None,
    progress: Callable[[int], None],
) -> None:
    """Submit each chunk not yet written, a few at a time (so that the documents read ahead
    stay few), and record each partition in the manifest as it completes."""
    distributed = need("distributed", "dateline records")
    window = 2 * max(1, len(client.scheduler_info().get("workers", {})))
    pending = distributed.as_completed()
    submitted: dict[str, tuple[str, int]] = {}  # task -> its partition and documents

    def finish(future: Any) -> None:
        name, size = submitted.pop(future.key)
        entry = future.result()
        for kind, what in entry.pop("notes"):
            _note(kind, what, written, skip)
        manifest["partitions"][name] = entry
        folder.save(manifest)
        progress(size)

    events = tuple(corpus.events)
    for n, docs in enumerate(chunks):
        name = PART.format(n)
        if name in manifest["partitions"]:
            progress(len(docs))
            continue
        path = str(folder.path / name)
        future = client.submit(write_chunk, docs, events, all_languages, path, pure=False)
        submitted[future.key] = (name, len(docs))
        pending.add(future)
        while pending.count() >= window:
            finish(next(pending))
    for future in pending:
        finish(future)


def _note(kind: str, what: str, written: Written, skip: Warn | None) -> None:
    if kind == "language":
        written.languages[what] += 1
    elif kind == "empty":
        written.empty[what] += 1
    else:
        bad(CorpusError(what), skip, "files")


__all__ = ["Written", "write_chunk", "write_records_folder"]
