"""The SQLite engine (`--engine sqlite`): a generation is one SQLite file, `records.sqlite`,
whose FTS5 table holds each record's terms as the Whoosh engine's analysis makes them
(stop words left out, stems, accents folded), so that both engines find the same records
for a query. Nothing to install: SQLite is in Python's standard library.

Each term is written as the hex of its UTF-8, so that FTS5's tokenizer keeps it whole
(`1,400`, `u.s`, a place name with spaces); phrases, AND, OR and NOT are FTS5's own, and
ranking is BM25 over the same fields, weighted as the Whoosh schema weighs them."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dateline.engines.sqlite.searching import SqliteReader
from dateline.engines.sqlite.writing import DB_NAME, SqliteWriter, encode
from dateline.engines.whoosh.schema import record_fields, tokens
from dateline.facets import FACETS
from dateline.model import Record
from dateline.search.plan import index_field

# The fields written as terms, in the FTS5 table's column order (a new facet is a new
# INDEX_FORMAT: the columns move).
COLUMNS = (
    "text", "title", *(f.index_field for f in FACETS if f.index_field != "doc_id"),
    "kind", "doc_id", "id",
)  # fmt: skip


class SqliteEngine:
    name = "sqlite"
    remote = False

    def document(self, record: Record) -> dict[str, Any]:
        fields = record_fields(record)
        terms = {name: [t for t in tokens(name, fields.get(name) or "") if t] for name in COLUMNS}
        return {
            "id": fields["id"],
            "kind": fields["kind"],
            "doc_id": fields["doc_id"],
            "day_begin": fields.get("day_begin"),
            "day_end": fields.get("day_end"),
            "record": fields["record"],
            "sentences": json.dumps(fields.get("sentences") or []),
            "facets": fields["facets"].decode("utf-8"),
            "lengths": json.dumps([len(terms[name]) for name in COLUMNS]),
            "terms": [" ".join(map(encode, terms[name])) for name in COLUMNS],
        }

    def terms(self, fieldname: str, text: str) -> list[str]:
        return tokens(index_field(fieldname), text)

    def writer(self, gen: Path, base: Path | None, procs: int) -> SqliteWriter:
        return SqliteWriter(gen, base, COLUMNS)

    @contextlib.contextmanager
    def reader(self, gen: Path) -> Iterator[SqliteReader]:
        con = sqlite3.connect(f"file:{gen / DB_NAME}?mode=ro", uri=True)
        try:
            con.execute("SELECT count(*) FROM records").fetchone()  # a file that is one
            yield SqliteReader(con, COLUMNS)
        finally:
            con.close()
