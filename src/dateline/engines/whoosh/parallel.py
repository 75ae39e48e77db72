"""Whoosh's multiprocessing writer (one segment per process), made to fail clearly: a writer
process that cannot write (a full disk) tells its parent why, in words, instead of printing a
traceback, and the parent stops at the next batch instead of after the whole corpus. Imported
only by a parallel rebuild (multiprocessing costs a search's start-up a tenth of a second).
"""

from __future__ import annotations

import errno
import multiprocessing
from typing import Any

from whoosh.index import Index
from whoosh.multiproc import MpWriter, SubWriterTask

from dateline.index import os_error_text


class WriterTask(SubWriterTask):
    """Whoosh's segment-writer process, which sends a failure to write (a full disk) to its
    parent in words instead of printing a traceback, and after one skips its remaining jobs
    (still taking them off the queue, so that the parent is not kept waiting on it)."""

    def __init__(self, *args: Any, errors: Any):
        super().__init__(*args)
        self.errors = errors
        self.failed = False

    def _process_file(self, filename: str, doc_count: int) -> None:
        if self.failed:
            return
        try:
            super()._process_file(filename, doc_count)
        except OSError as exc:
            self.failed = True
            self.errors.put(os_error_text(exc))

    def run(self) -> None:
        try:
            super().run()
        except OSError as exc:  # finishing its segment
            if not self.failed:
                self.errors.put(os_error_text(exc))


class ParallelWriter(MpWriter):
    """Whoosh's multiprocessing writer (one segment per process) with `WriterTask`s."""

    def __init__(self, ix: Index, **options: Any):
        super().__init__(ix, multisegment=True, **options)
        # a SimpleQueue writes at once, with no thread to flush it when a process ends
        self.errors = multiprocessing.get_context().SimpleQueue()

    def _new_task(self) -> WriterTask:
        args = (self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs)
        task = WriterTask(*args, self.multisegment, errors=self.errors)
        self.tasks.append(task)
        task.start()
        return task

    def _enqueue(self) -> None:
        self.check()  # fail at the first failure, not after the whole corpus
        super()._enqueue()

    def check(self) -> None:
        if not self.errors.empty():
            raise OSError(errno.EIO, self.errors.get())
