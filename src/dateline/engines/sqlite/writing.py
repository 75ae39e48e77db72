"""Writing a generation of the SQLite engine: a new file, or a copy of the live one updated."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

DB_NAME = "records.sqlite"


def encode(term: str) -> str:
    """A term as FTS5 keeps it whole: the hex of its UTF-8."""
    return term.encode("utf-8").hex()


def decode(token: str) -> str:
    return bytes.fromhex(token).decode("utf-8")


class SqliteWriter:
    def __init__(self, gen: Path, base: Path | None, columns: tuple[str, ...]):
        self.path = gen / DB_NAME
        self.columns = columns
        if base is not None:
            shutil.copy2(base / DB_NAME, self.path)
        self.con = sqlite3.connect(self.path)
        # a generation that fails is removed whole: no journal to fall back on is needed
        self.con.execute("PRAGMA journal_mode=OFF")
        self.con.execute("PRAGMA synchronous=OFF")
        if base is None:
            self._create()
        self.count = self.con.execute("SELECT count(*) FROM records").fetchone()[0]

    def _create(self) -> None:
        self.con.executescript(
            """
            CREATE TABLE records (
                docnum INTEGER PRIMARY KEY, id TEXT, kind TEXT, doc_id TEXT, seq INTEGER,
                day_begin INTEGER, day_end INTEGER, record TEXT, sentences TEXT,
                facets TEXT, lengths TEXT
            );
            CREATE INDEX records_doc ON records (doc_id);
            CREATE TABLE lengths (total TEXT);
            """
        )
        names = ", ".join(self.columns)
        self.con.execute(f"CREATE VIRTUAL TABLE terms USING fts5({names}, tokenize='ascii')")
        self.con.execute("CREATE VIRTUAL TABLE vocab USING fts5vocab(terms, 'col')")
        self.con.execute("CREATE VIRTUAL TABLE instances USING fts5vocab(terms, 'instance')")

    def add(self, fields: dict[str, Any], seq: int) -> None:
        cursor = self.con.execute(
            "INSERT INTO records (id, kind, doc_id, seq, day_begin, day_end, record, sentences, "
            "facets, lengths) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                fields["id"], fields["kind"], fields["doc_id"], seq, fields["day_begin"],
                fields["day_end"], fields["record"], fields["sentences"], fields["facets"],
                fields["lengths"],
            ),
        )  # fmt: skip
        names = ", ".join(("rowid", *self.columns))
        marks = ", ".join("?" * (len(self.columns) + 1))
        values = (cursor.lastrowid, *fields["terms"])
        self.con.execute(f"INSERT INTO terms ({names}) VALUES ({marks})", values)

    def delete(self, doc_id: str) -> int:
        mine = "SELECT docnum FROM records WHERE doc_id = ?"
        self.con.execute(f"DELETE FROM terms WHERE rowid IN ({mine})", (doc_id,))
        return self.con.execute("DELETE FROM records WHERE doc_id = ?", (doc_id,)).rowcount

    def commit(self, expected: int) -> int:
        """Write it out, with the total length of each field (BM25's average needs it)."""
        total = [0] * len(self.columns)
        for (lengths,) in self.con.execute("SELECT lengths FROM records"):
            for i, n in enumerate(json.loads(lengths)):
                total[i] += n
        self.con.execute("DELETE FROM lengths")
        self.con.execute("INSERT INTO lengths VALUES (?)", (json.dumps(total),))
        self.con.execute("INSERT INTO terms (terms) VALUES ('optimize')")
        self.con.commit()
        written = self.con.execute("SELECT count(*) FROM records").fetchone()[0]
        self.con.close()
        return written

    def cancel(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.con.close()
