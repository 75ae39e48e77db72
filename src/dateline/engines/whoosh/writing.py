"""Writing a generation of the Whoosh index: a new index, or an update that starts from links
to the live generation's files (Whoosh never changes a file once written)."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.codec.whoosh3 import W3Codec

from dateline.engines.whoosh import termlist
from dateline.engines.whoosh.schema import schema
from dateline.index import STATE_FILE

# Whoosh's buffer before it spills a sorted run to disk; its Python objects take several times
# this in memory. Uncompressed posting blocks are a third faster to write and as fast to search;
# segments stay separate files, since Whoosh copies a compound file's parts into memory to open
# them (0.3 s of every search at 279,000 records).
WRITER_MB = 128
LOCK_FILE = "MAIN_WRITELOCK"  # Whoosh's, while a writer is open
# What each generation has of its own, never linked from the live one.
OWN_FILES = (STATE_FILE, LOCK_FILE)


class WhooshWriter:
    """One generation's writer: `count` records are there when it starts."""

    def __init__(self, gen: Path, base: Path | None, procs: int):
        self.gen, self.rebuild = gen, base is None
        if base is None:
            ix = windex.create_in(str(gen), schema())
            self.count = 0
        else:
            _link_files(base, gen)
            ix = windex.open_dir(str(gen))
            self.count = ix.doc_count()
        options: dict[str, Any] = {"limitmb": WRITER_MB, "codec": W3Codec(compression=0)}
        self.parallel = self.rebuild and procs > 1
        if self.parallel:
            # the writer is the slowest step: 2,225 BBC articles take 12 s instead of 21 s
            from dateline.engines.whoosh.parallel import ParallelWriter  # a search never needs it

            self.writer = ParallelWriter(ix, procs=procs, compound=False, **options)
        else:
            self.writer = ix.writer(compound=False, **options)

    def add(self, fields: dict[str, Any], seq: int) -> None:
        self.writer.add_document(**fields, seq=seq)

    def delete(self, doc_id: str) -> int:
        """Delete a document's records; how many there were."""
        return self.writer.delete_by_term("doc_id", doc_id)

    def commit(self, expected: int) -> int:
        """Write it out; how many records the written index holds. When that is not the
        `expected` number, a parallel writer whose process failed says why, as an OSError."""
        self.writer.commit(optimize=self.rebuild and not self.parallel)
        (self.gen / LOCK_FILE).unlink(missing_ok=True)  # released: not part of the generation
        with windex.open_dir(str(self.gen)).searcher() as searcher:
            written = searcher.doc_count()
            if written != expected and hasattr(self.writer, "check"):
                self.writer.check()  # a ParallelWriter says why, when it knows
            if termlist.TermList.of(searcher) is None:  # the segments changed
                termlist.write(self.gen, searcher)
        return written

    def cancel(self) -> None:
        """Stop the writer and its processes."""
        # first its processes, which Whoosh's cancel leaves running: then none of them is
        # caught reading what the cancel removes
        for task in getattr(self.writer, "tasks", ()):
            task.kill()
            task.join()
        with contextlib.suppress(Exception):
            self.writer.cancel()


def _link_files(live: Path, gen: Path) -> None:
    """The live generation's files, linked into the new one (copied where links fail)."""
    for entry in live.iterdir():
        if entry.name in OWN_FILES or entry.name.startswith(".") or not entry.is_file():
            continue
        try:
            os.link(entry, gen / entry.name)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
                raise
            shutil.copy2(entry, gen / entry.name)
