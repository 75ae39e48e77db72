"""Searching, whichever engine holds the index: the query language parsed into our own tree
(query.py), the options and the tree made into a plan (plan.py), what a search returns
(hits.py), and the protocol every engine meets (below). Engines live in `dateline.engines`;
only an engine's own package imports its library."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from dateline.model import Record
from dateline.search.hits import DocumentHits, Result
from dateline.search.plan import Plan


class Reader(Protocol):
    """One open generation of an index, for the length of a command."""

    def run(
        self, plan: Plan, limit: int | None, sort: str = "relevance", detail: bool = False
    ) -> Result:
        """Ranked (or date-ordered) hits with snippets; with `detail`, the exact total,
        highlights and facet counts too."""

    def count(self, plan: Plan) -> tuple[dict[str, int], list[str]]:
        """How many records match, by kind; and the notes for the user."""

    def by_document(
        self, plan: Plan, limit: int | None, sort: str = "relevance"
    ) -> tuple[list[DocumentHits], int, list[str]]:
        """The articles holding matches, each with its count and best hit; how many articles
        in all; the notes for the user."""

    def iter_all(self, plan: Plan) -> Iterator[dict]:
        """Every matching record, in corpus order."""

    def doc_count(self) -> int:
        """How many records the index holds."""


class Writer(Protocol):
    """What writes one new generation: `count` records are in it when it starts (an update
    starts from the live generation's)."""

    count: int

    def add(self, fields: Any, seq: int) -> None:
        """Add one record, as `Engine.document` made it; `seq` is its place in corpus order."""

    def delete(self, doc_id: str) -> int:
        """Delete an article's records; how many there were."""

    def commit(self, expected: int) -> int:
        """Write everything out; how many records the generation holds (an OSError when it
        cannot, in words)."""

    def cancel(self) -> None:
        """Stop writing, and any processes the writer started."""


class Engine(Protocol):
    """A search engine behind dateline: it writes generations of records into folders that
    `index.IndexStore` manages, and reads them back; or, `remote`, it reads an index that a
    server holds (written otherwise: `dateline push`), which a RemoteIndex stands for."""

    name: str
    remote: bool

    def document(self, record: Record) -> Any:
        """What the engine writes for one record (made in a build's worker processes, so
        it pickles)."""

    def terms(self, fieldname: str, text: str) -> list[str]:
        """The terms a field makes of `text`, in order: what a query's words become, and
        whether a word is searched at all (`the` is not)."""

    def writer(self, gen: Path, base: Path | None, procs: int) -> Writer:
        """A writer of the new generation `gen`: a new index, or (with `base`, the live
        generation) an update of that one's records."""

    def reader(self, gen: Path | None) -> AbstractContextManager[Reader]:
        """The generation `gen`, open for searching (a remote engine's index: None); an
        exception when it cannot be read."""


class RemoteIndex:
    """What the search commands read when the engine's server holds the index: no folder, no
    generations and no freshness to check; `path` names it in messages (its URL)."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.path = str(getattr(engine, "path", engine.name))

    def reader(self) -> AbstractContextManager[Reader]:
        return self.engine.reader(None)
