"""Searching with statements: the records a search finds, each quote with its `statement`; and
a search that gives each statement once (`--distinct`)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from dateline.statements import Chain, Statements


@contextlib.contextmanager
def reading(store: Any) -> Iterator[Any]:
    """The store's index open for searching, its quote records marked with their statements
    (an index a server holds keeps none: its records are as they are)."""
    if not hasattr(store, "opened"):
        with store.reader() as reader:
            yield reader
        return
    with store.opened() as (reader, statements):
        yield Marked(reader, statements)


class Marked:
    """An engine's reader (`search.Reader`) whose quote records carry their `statement`; and
    a search that gives each statement once (`distinct`)."""

    def __init__(self, reader: Any, statements: Statements):  # reader: a search.Reader
        self.reader, self.statements = reader, statements

    def __getattr__(self, name: str) -> Any:
        return getattr(self.reader, name)

    def run(self, plan: Any, limit: int | None, sort: str = "relevance", detail: bool = False):
        result = self.reader.run(plan, limit, sort, detail)
        self.mark([hit.record for hit in result.hits])
        return result

    def by_document(self, plan: Any, limit: int | None, sort: str = "relevance"):
        found, total, notes = self.reader.by_document(plan, limit, sort)
        self.mark([d.best.record for d in found])
        return found, total, notes

    def iter_all(self, plan: Any) -> Iterator[dict]:
        batch: list[dict] = []
        for record in self.reader.iter_all(plan):
            batch.append(record)
            if len(batch) == 500:
                yield from self.mark(batch)
                batch = []
        yield from self.mark(batch)

    def mark(self, records: list[dict]) -> list[dict]:
        """The records, each quote with its statement (a quote in no chain is its own)."""
        quotes = [r for r in records if r.get("kind") == "quote"]
        of = self.statements.of(r["id"] for r in quotes)
        for r in quotes:
            r["statement"] = of.get(r["id"], r["id"])
        return records

    def distinct(self, plan: Any, limit: int | None, sort: str = "relevance", detail: bool = False):
        """A search's hits with each statement once (its best-ranked version, the earliest of
        equally good ones), each quote with the number of `versions`, `articles` and
        `outlets` that carry its statement; other records as they are."""
        ask = None if limit is None else limit * 4
        while True:
            result = self.run(plan, ask, sort, detail)
            kept: list[Any] = []
            seen: dict[str, int] = {}  # statement -> its place in `kept`
            for hit in result.hits:
                statement = hit.record.get("statement")
                if statement is None:
                    kept.append(hit)
                elif statement not in seen:
                    seen[statement] = len(kept)
                    kept.append(hit)
                elif hit.record["id"] == statement and hit.score == kept[seen[statement]].score:
                    kept[seen[statement]] = hit  # as good a hit: the earliest version shows
            if ask is None or limit is None or len(kept) >= limit or len(result.hits) < ask:
                break
            ask *= 4
        result.hits = kept[:limit]
        chains = self.statements.chains(seen)
        for hit in result.hits:
            statement = hit.record.get("statement")
            if statement is not None:
                chain = chains.get(statement) or Chain(statement, 1, 1, 1, ())
                hit.record.update(
                    versions=chain.versions, articles=chain.articles, outlets=chain.outlets
                )
        return result
