"""Statements: the quotes of a corpus that are one statement, reprinted, trimmed, re-worded or
credited to someone else across articles. `chains` finds them at index time and keeps them
beside the index; `match` compares and diffs wordings; `Statements` (below) reads them back."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline.statements.chains import FILE, earliest_first
from dateline.statements.match import COVER, key_words, matched_words, stored_words


@dataclass(frozen=True)
class Chain:
    """What a search shows of one statement's chain."""

    statement: str  # the record id of its earliest version
    versions: int  # how many quote records
    articles: int
    outlets: int
    flags: tuple[str, ...]


@dataclass(frozen=True)
class Version:
    """One quote record of a chain, as a trace shows it."""

    id: str
    doc_id: str
    published: str | None
    source: str | None
    title: str | None
    quote_kind: str
    text: str
    start: int
    speaker: dict[str, Any] | None
    speaker_key: str | None
    words: tuple[str, ...]


_VERSION = (
    "member.id, doc_id, published, source, title, quote_kind, text, start, speaker_json, "
    "member.speaker, words, position"
)


class Statements:
    """The chains of one generation of an index, for the length of a command: sqlite3.Error
    when its file cannot be read. (A generation without one, of a corpus indexed before
    statements were kept, has none: every quote is then a statement of its own.)"""

    def __init__(self, gen: Path | None):
        path = None if gen is None else gen / FILE
        self.db = None
        if path is not None and path.exists():
            # a generation's files never change once it is written: no locks to take
            uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
            self.db = sqlite3.connect(uri, uri=True)
            try:
                self.db.execute("SELECT count(*) FROM chain").fetchone()
            except sqlite3.Error:
                self.db.close()
                raise

    def close(self) -> None:
        if self.db is not None:
            self.db.close()

    def of(self, ids: Iterable[str]) -> dict[str, str]:
        """The statement of each quote record id (ids of other records are not in it)."""
        return dict(self._where_in("SELECT id, statement FROM member WHERE id IN", ids))

    def chains(self, statements: Iterable[str]) -> dict[str, Chain]:
        rows = self._where_in("SELECT * FROM chain WHERE statement IN", statements)
        return {
            statement: Chain(statement, n, articles, outlets, _flags(flags))
            for statement, n, articles, outlets, flags in rows
        }

    def versions(self, statement: str) -> list[Version]:
        """A statement's versions, earliest first."""
        if self.db is None:
            return []
        query = (
            f"SELECT {_VERSION} FROM member JOIN node ON node.key = member.node WHERE statement = ?"
        )
        rows = sorted(
            self.db.execute(query, (statement,)),
            key=lambda r: earliest_first(r[2], r[1], r[-1]),
        )
        return [
            Version(*row[:8], json.loads(row[8]), row[9], stored_words(row[10])) for row in rows
        ]

    def repeated(self, flags: Iterable[str] = ()) -> tuple[list[dict[str, Any]], Counter]:
        """The statements carried by more than one article (most versions first, then most
        articles), each with its earliest version's words and speaker; only those with all of
        `flags`. And the counts over all of them: `statements` and each flag's."""
        if self.db is None:
            return [], Counter()
        wanted = set(flags)
        rows, counts = [], Counter()
        query = (
            "SELECT chain.*, member.text, member.speaker_json, member.source, member.published "
            "FROM chain JOIN member ON member.id = chain.statement WHERE articles > 1 "
            "ORDER BY versions DESC, articles DESC, statement"
        )
        for (
            statement,
            versions,
            articles,
            outlets,
            flagged,
            text,
            speaker,
            source,
            day,
        ) in self.db.execute(query):
            have = _flags(flagged)
            counts.update(("statements", *have))
            if wanted <= set(have):
                said = json.loads(speaker) or {}
                rows.append(
                    {
                        "statement": statement, "versions": versions, "articles": articles,
                        "outlets": outlets, "flags": list(have), "speaker": said.get("name"),
                        "first_source": source, "first_published": day, "text": text,
                    }
                )  # fmt: skip
        return rows, counts

    def holding(self, text: str) -> list[tuple[str, float]]:
        """The statements whose wording holds the words of `text` (most of them, in order, not
        necessarily side by side), best first — the most of the words, then the most versions:
        (statement, the share of the words found)."""
        wanted = key_words(text)
        if self.db is None or not wanted or max(map(len, wanted)) > _LONGEST_WORD:
            return []
        # the wordings holding its two longest words, aligned; then their statements
        rare = sorted(dict.fromkeys(wanted), key=lambda w: (-len(w), w))[:2]
        where = " AND ".join("(' ' || words || ' ') LIKE ? ESCAPE '!'" for _ in rare)
        shares = {}
        for key, said in self.db.execute(
            f"SELECT key, words FROM node WHERE {where}", [f"% {_like(w)} %" for w in rare]
        ):
            share = matched_words(wanted, stored_words(said), run=1) / len(wanted)
            if share >= COVER:
                shares[key] = share
        found: dict[str, float] = {}
        for key, statement in self._where_in(
            "SELECT DISTINCT node, statement FROM member WHERE node IN", shares
        ):
            found[statement] = max(shares[key], found.get(statement, 0.0))
        versions = {c.statement: c.versions for c in self.chains(found).values()}
        return sorted(found.items(), key=lambda s: (-s[1], -versions.get(s[0], 1), s[0]))

    def _where_in(self, query: str, values: Iterable[str]) -> Iterator[tuple]:
        """The rows of `query ... IN (values)`, asked 500 values at a time."""
        wanted = list(dict.fromkeys(values))
        if self.db is None:
            return
        for i in range(0, len(wanted), 500):
            part = wanted[i : i + 500]
            yield from self.db.execute(f"{query} ({','.join('?' * len(part))})", part)


_LONGEST_WORD = 200  # longer is no word a quote holds (and too long a LIKE pattern for SQLite)


def _like(word: str) -> str:
    """A word as a LIKE pattern matches it: its `_` (a word character) taken as it is."""
    return word.replace("!", "!!").replace("_", "!_").replace("%", "!%")


def _flags(stored: str) -> tuple[str, ...]:
    """A chain's flags as the chains file keeps them (joined by commas)."""
    return tuple(filter(None, stored.split(",")))
