"""The chains of one index: which quote records are one statement, kept in a small SQLite file
beside the engine's records (`statements.sqlite` in each generation) and brought up to date as
documents come and go.

Each distinct wording of a quote is a node (a short quote's wording together with its speaker);
MinHash LSH (datasketch) over word windows finds the nodes a new node may match, difflib's
alignment (`match.same_statement`) decides, and the pairs it accepts are the edges. A chain is a
connected set of nodes; its statement id is the record id of its earliest version (by
publication date, then document id and place in the document: what the corpus says, not the
order it was indexed in), so it changes only when the chain's earliest version does: the chain
gains an earlier version (or meets a chain that has one) or loses its first."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline.statements.match import (
    SHORT,
    chain_flags,
    folded,
    key_words,
    same_speaker,
    same_statement,
    stored_words,
    windows,
)  # fmt: skip

FILE = "statements.sqlite"
NUM_PERM = 32
LSH_THRESHOLD = 0.4  # Jaccard of two windows' word pairs above which they are likely to meet
_SCHEMA = """
CREATE TABLE node (key TEXT PRIMARY KEY, words TEXT NOT NULL, speaker TEXT, sigs BLOB NOT NULL);
CREATE TABLE edge (a TEXT NOT NULL, b TEXT NOT NULL, PRIMARY KEY (a, b));
CREATE INDEX edge_b ON edge (b);
CREATE TABLE member (
    id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, node TEXT NOT NULL, position INTEGER NOT NULL,
    published TEXT, source TEXT, quote_kind TEXT, speaker TEXT, statement TEXT,
    title TEXT, text TEXT NOT NULL, start INTEGER NOT NULL, speaker_json TEXT
);
CREATE INDEX member_doc ON member (doc_id);
CREATE INDEX member_node ON member (node);
CREATE INDEX member_statement ON member (statement);
CREATE TABLE chain (
    statement TEXT PRIMARY KEY, versions INTEGER, articles INTEGER, outlets INTEGER, flags TEXT
);
"""


@dataclass(frozen=True)
class Member:
    """What a chain needs of one quote record."""

    id: str
    doc_id: str
    index: int  # its record's place among its document's records
    published: str | None
    source: str | None
    quote_kind: str
    speaker: str | None  # see `speaker_key`
    words: tuple[str, ...]
    # what a trace shows of it, without the index: its article's title, its words and where
    # they are, its speaker as the article gives it (JSON)
    title: str | None
    text: str
    start: int
    speaker_json: str

    @functools.cached_property
    def node(self) -> str:
        """Its node: its wording and its speaker, so that what decides whether two nodes are
        one statement is the same whichever of their members came first; a short quote with
        no speaker is alone (it is one statement with nothing)."""
        alone = self.speaker is None and len(self.words) < SHORT
        said = f"{' '.join(self.words)}\0{self.id if alone else self.speaker or ''}"
        return hashlib.sha1(said.encode()).hexdigest()[:20]


def members(records: Iterable[Any]) -> list[Member]:
    """The chain members of a document's records (model.Record): its quotes."""
    out = []
    for i, r in enumerate(records):
        if r.kind != "quote":
            continue
        d = r.data
        out.append(
            Member(
                r.id, r.doc_id, i, d.get("published"), d.get("source") or None, d["quote_kind"],
                speaker_key(d.get("speaker")), key_words(d["text"]), d.get("title"), d["text"],
                d["start"], json.dumps(d.get("speaker"), ensure_ascii=False),
            )
        )  # fmt: skip
    return out


def speaker_key(speaker: dict[str, Any] | None) -> str | None:
    """Who a quote is credited to, as chains compare it (see `match.same_speaker`): the name
    lowercased, without accents (Calderón, Calderon) or stops; None for no one."""
    if not speaker or speaker.get("kind") in (None, "unknown") or not speaker.get("name"):
        return None
    return " ".join(folded(speaker["name"]).replace(".", " ").split())


class Chains:
    """The chains of a generation being written: started from the live generation's file (or
    from nothing), changed by documents removed and documents (re)written, then saved."""

    def __init__(self, gen: Path, base: Path | None):
        self.path = gen / FILE
        self._tmp = gen / (FILE + ".tmp")
        self._tmp.unlink(missing_ok=True)
        if base is not None and (base / FILE).exists():
            shutil.copyfile(base / FILE, self._tmp)  # never the live file itself: it is read
        try:
            self.db = _writable(self._tmp)
        except OSError:
            self._tmp.unlink(missing_ok=True)
            raise
        self._removed_docs: set[str] = set()
        self._new: list[Member] = []
        self._sigs: dict[str, list[Any]] = {}  # the window MinHashes of the nodes made now

    def remove(self, doc_id: str) -> None:
        self._removed_docs.add(doc_id)

    def add(self, member: Member) -> None:
        self._new.append(member)

    def save(self) -> None:
        """Apply what changed, work out the chains, and put the file in place (atomically: a
        link to the live generation's file is replaced, never written through); an OSError
        when it cannot be written (a full disk)."""
        try:
            with self.db:
                self._drop(self._removed_docs)
                fresh = self._insert(self._new)
                self._link(fresh)
                self._name_chains()
            self.db.close()
        except sqlite3.Error as exc:
            raise OSError(f"{self.path.name}: {exc}") from None
        with open(self._tmp, "rb") as handle:
            os.fsync(handle.fileno())  # whole on disk before the generation can go live
        os.replace(self._tmp, self.path)

    def discard(self) -> None:
        self.db.close()
        self._tmp.unlink(missing_ok=True)

    def _drop(self, doc_ids: set[str]) -> None:
        db = self.db
        db.executemany("DELETE FROM member WHERE doc_id = ?", ((d,) for d in doc_ids))
        orphans = [
            key
            for (key,) in db.execute(
                "SELECT key FROM node WHERE NOT EXISTS (SELECT 1 FROM member WHERE node = key)"
            )
        ]
        db.executemany("DELETE FROM node WHERE key = ?", ((k,) for k in orphans))
        db.executemany("DELETE FROM edge WHERE a = ? OR b = ?", ((k, k) for k in orphans))

    def _insert(self, new: list[Member]) -> dict[str, Member]:
        """The new members written; the nodes that are new, each with one of its members."""
        db = self.db
        known = {key for (key,) in db.execute("SELECT key FROM node")}
        fresh: dict[str, Member] = {}
        for m in new:
            if m.node not in known:
                fresh.setdefault(m.node, m)
        db.executemany(
            "INSERT OR REPLACE INTO member VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)",
            (
                (
                    m.id,
                    m.doc_id,
                    m.node,
                    m.index,
                    m.published,
                    m.source,
                    m.quote_kind,
                    m.speaker,
                    m.title,
                    m.text,
                    m.start,
                    m.speaker_json,
                )
                for m in new
            ),  # fmt: skip
        )
        self._sigs = dict(zip(fresh, _signatures([m.words for m in fresh.values()]), strict=True))
        db.executemany(
            "INSERT INTO node VALUES (?, ?, ?, ?)",
            (
                (key, " ".join(m.words), m.speaker, _serialized(self._sigs[key]))
                for key, m in fresh.items()
            ),
        )
        return fresh

    def _link(self, fresh: dict[str, Member]) -> None:
        """Edges from each new node to the nodes it is one statement with. LSH proposes the
        pairs: on a build every node is in the index and asks it; on an update only the new
        nodes are in it, and every node asks (the pairs are the same: a band either node's
        window shares with the other's; asking costs less than indexing every window)."""
        if not fresh:
            return
        from datasketch import LeanMinHash, MinHashLSH

        nodes: dict[str, tuple[tuple[str, ...], str | None]] = {}
        sigs = dict(self._sigs)  # the new nodes': made just now
        for key, said, speaker, blob in self.db.execute("SELECT * FROM node"):
            nodes[key] = (stored_words(said), speaker)
            if key not in sigs:
                sigs[key] = [LeanMinHash.deserialize(part) for part in _split(blob)]
        lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        indexed = fresh if 4 * len(fresh) < len(nodes) else nodes
        with lsh.insertion_session() as session:
            for key in indexed:
                for i, sig in enumerate(sigs[key]):
                    session.insert((key, i), sig)
        asking = nodes if indexed is fresh else fresh
        edges = set()
        for key in asking:
            found = {other for sig in sigs[key] for other, _ in lsh.query(sig)}
            for other in found - {key}:
                if _one_statement(nodes[key], nodes[other]):
                    edges.add(tuple(sorted((key, other))))
        self.db.executemany("INSERT OR IGNORE INTO edge VALUES (?, ?)", sorted(edges))

    def _name_chains(self) -> None:
        """Each member's statement: the id of the earliest member of its chain; and each
        chain's counts and flags."""
        db = self.db
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            while parent.get(x, x) != x:
                parent[x] = parent.get(parent[x], parent[x])
                x = parent[x]
            return x

        for a, b in db.execute("SELECT a, b FROM edge"):
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[ra] = rb
        chains: dict[str, list[tuple]] = defaultdict(list)
        for row in db.execute(f"SELECT {_ROW} FROM member JOIN node ON node.key = member.node"):
            chains[find(row[2])].append(row)
        named, summaries = [], []
        for versions in chains.values():
            versions.sort(key=lambda row: earliest_first(row[4], row[1], row[3]))
            statement = versions[0][0]
            named.extend((statement, row[0]) for row in versions if row[9] != statement)
            summaries.append((statement, *_summary(versions)))
        db.executemany("UPDATE member SET statement = ? WHERE id = ?", named)
        db.execute("DELETE FROM chain")
        db.executemany("INSERT INTO chain VALUES (?, ?, ?, ?, ?)", summaries)


# a member as chains read it: (id, doc_id, node, position, published, source, quote_kind,
# speaker, words, its statement as it was)
_ROW = "id, doc_id, node, position, published, source, quote_kind, member.speaker, words, statement"


def earliest_first(published: str | None, doc_id: str, position: int) -> tuple:
    """A member's place in its chain: dated before undated, then by date, then by document id
    and place in the document."""
    return (published is None, published or "", doc_id, position)


def _writable(path: Path) -> sqlite3.Connection:
    """The chains file being written: a copy of the live one, or new (an OSError when the
    copy cannot be read as one)."""
    new = not path.exists()
    db = sqlite3.connect(path)
    try:
        if new:
            db.executescript(_SCHEMA)
        else:
            db.execute("SELECT count(*) FROM member").fetchone()
    except sqlite3.Error as exc:
        db.close()
        raise OSError(f"{FILE}: {exc}") from None
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    return db


def _summary(versions: list[tuple]) -> tuple[int, int, int, str]:
    """(versions, articles, outlets, flags) of a chain's members, earliest first; the flags
    joined with commas."""
    articles = len({row[1] for row in versions})
    outlets = len({row[5] for row in versions if row[5]})
    flags = chain_flags([(stored_words(row[8]), row[6], row[7]) for row in versions])
    return len(versions), articles, outlets, ",".join(flags)


def _one_statement(a: tuple[tuple[str, ...], str | None], b: tuple[tuple[str, ...], str | None]):
    (words_a, speaker_a), (words_b, speaker_b) = a, b
    return same_statement(words_a, words_b, same_speaker(speaker_a, speaker_b))


def _signatures(texts: list[tuple[str, ...]]) -> list[list[Any]]:
    """Each wording's window MinHashes (datasketch LeanMinHash)."""
    from datasketch import LeanMinHash, MinHash

    shingles = [windows(t) for t in texts]
    flat = [w for ws in shingles for w in ws]
    hashes = iter(MinHash.bulk(flat, num_perm=NUM_PERM)) if flat else iter(())
    return [[LeanMinHash(next(hashes)) for _ in ws] for ws in shingles]


def _serialized(sigs: list[Any]) -> bytes:
    """A wording's window MinHashes, serialized one after another (see `_split`)."""
    parts = []
    for lean in sigs:
        buf = bytearray(lean.bytesize())
        lean.serialize(buf)
        parts.append(bytes(buf))
    return b"".join(parts)


def _split(blob: bytes) -> Iterator[bytes]:
    size = _sig_size()
    for i in range(0, len(blob), size):
        yield blob[i : i + size]


@functools.cache
def _sig_size() -> int:
    from datasketch import LeanMinHash, MinHash

    return LeanMinHash(MinHash(num_perm=NUM_PERM)).bytesize()
