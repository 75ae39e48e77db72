"""The Whoosh engine (the default): a generation is one Whoosh index; queries are translated
from our tree (searching.py) and run from whole posting blocks (postings.py). Whoosh is
imported when the engine first writes or reads, not when it is chosen: a command that only
reads the statements beside the index (`dateline trace`) starts without it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateline.model import Record

if TYPE_CHECKING:
    from whoosh.searching import Searcher

    from dateline.engines.whoosh.writing import WhooshWriter
    from dateline.search.hits import DocumentHits, Result
    from dateline.search.plan import Plan


class WhooshEngine:
    name = "whoosh"
    remote = False

    def document(self, record: Record) -> dict[str, Any]:
        from dateline.engines.whoosh.schema import record_fields

        return record_fields(record)

    def terms(self, fieldname: str, text: str) -> list[str]:
        from dateline.engines.whoosh.schema import tokens
        from dateline.search.plan import index_field

        return tokens(index_field(fieldname), text)

    def writer(self, gen: Path, base: Path | None, procs: int) -> WhooshWriter:
        from dateline.engines.whoosh.writing import WhooshWriter

        return WhooshWriter(gen, base, procs)

    @contextlib.contextmanager
    def reader(self, gen: Path) -> Iterator[WhooshReader]:
        from whoosh import index as windex

        with windex.open_dir(str(gen)).searcher() as searcher:
            yield WhooshReader(searcher)


class WhooshReader:
    """A Whoosh searcher of one generation; `searcher` is there for the engine's own tests."""

    def __init__(self, searcher: Searcher):
        from dateline.engines.whoosh import searching

        self.searcher, self._searching = searcher, searching

    def run(
        self, plan: Plan, limit: int | None, sort: str = "relevance", detail: bool = False
    ) -> Result:
        return self._searching.run(self.searcher, plan, limit, sort, detail)

    def count(self, plan: Plan) -> tuple[dict[str, int], list[str]]:
        return self._searching.count(self.searcher, plan)

    def by_document(
        self, plan: Plan, limit: int | None, sort: str = "relevance"
    ) -> tuple[list[DocumentHits], int, list[str]]:
        return self._searching.by_document(self.searcher, plan, limit, sort)

    def iter_all(self, plan: Plan) -> Iterator[dict]:
        return self._searching.iter_all(self.searcher, plan)

    def doc_count(self) -> int:
        return self.searcher.doc_count()
