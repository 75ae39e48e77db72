"""The Whoosh index: schema, building and updating it, freshness and locking.

Layout of the index folder (`.dateline/` beside corpus.yaml by default):
`CURRENT` names the live generation; `gen-*/` holds one Whoosh index and its `state.json`.
A full rebuild writes a new generation and switches `CURRENT` only when it is complete, so a
killed run never leaves searchers without an index. Updates run under a lock file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import functools
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.analysis import (
    STOP_WORDS,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.codec.whoosh3 import W3Codec
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

from dateline import __version__, termlist
from dateline.model import Record
from dateline.records import day_number

INDEX_DIR_NAME = ".dateline"
STATE_FILE = "state.json"
CURRENT_FILE = "CURRENT"
LOCK_FILE = "LOCK"
# Whoosh's buffer before it spills a sorted run to disk; its Python objects take several times
# this in memory. Uncompressed posting blocks are a third faster to write and as fast to search;
# segments stay separate files, since Whoosh copies a compound file's parts into memory to open
# them (0.3 s of every search at 279,000 records).
WRITER_MB = 128
# Bump when the schema or the fields written for a record change: older indexes are rebuilt.
INDEX_FORMAT = 5
NO_DAY = 2**31 - 1  # what a day column holds for a record with no date
WIDE = "wide"  # the year term of a record spanning more than MAX_YEARS years
MAX_YEARS = 500


# A token: a currency sign or % on its own, a number with its separators ("1,400", "2.5"),
# else letters and digits with inner dots ("U.S"): `£1,400` is searched as the two tokens it is.
TOKEN_PATTERN = r"[$£€¥₹₽₩¢%]|\d+(?:[.,]\d+)+|\w+(?:\.?\w+)*"
# Not indexed in text: common words, and single letters ("s" of "Blair's").
TEXT_STOP_WORDS = frozenset(STOP_WORDS) | frozenset("abcdefghijklmnopqrstuvwxyz")
VALUE_SEPARATOR = "\n"  # between the values of a keyword field (a place name may hold a comma)
FACET_SEPARATOR = "\x1e"


def fold(text: str) -> str:
    """Beyoncé, Beyonce: both `beyonce` (after lowercasing). Whoosh's accent map turns each
    character into one; ASCII text, nearly every word, passes untouched, and of a longer
    text only the characters beyond ASCII are looked up (translate() looks up every one)."""
    if text.isascii():
        return text
    return _BEYOND_ASCII.sub(lambda m: m.group().translate(accent_map), text)


_BEYOND_ASCII = re.compile(r"[^\x00-\x7f]+")


class FoldAccents(Filter):
    """Accents folded at index and query time; the stored text keeps them."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


def _words():
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | FoldAccents()


def _stems():
    stop = StopFilter(stoplist=TEXT_STOP_WORDS, minsize=1)
    return _words() | stop | StemFilter(cachesize=-1)


def _values():
    """One token per value of a keyword field, lowercased and without accents."""
    return RegexTokenizer(r"[^\n]+") | LowercaseFilter() | FoldAccents()


@functools.cache
def schema() -> Schema:
    """One declaration of every field; speaker and quote text weigh more than an article body."""
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True, sortable=True),  # a column: checked directly on candidates
        doc_id=ID(stored=True, sortable=True),  # a column too: hits grouped by article
        # The text is stored once, inside `record`; did-you-mean works from this field's terms.
        text=TEXT(analyzer=_stems()),
        title=TEXT(analyzer=_stems(), field_boost=1.5),
        speaker=TEXT(analyzer=_words(), field_boost=3.0),
        speaker_kind=ID,
        quote_kind=ID,
        place=KEYWORD(analyzer=_values(), scorable=True),
        country=KEYWORD(analyzer=_values()),
        event=KEYWORD(analyzer=_values(), scorable=True),
        source=TEXT(analyzer=_words()),
        # The days a record covers, as day ordinals in columns only: a date filter reads them
        # for its candidates, and sorting by date for the hits.
        day_begin=COLUMN(NumericColumn("i", default=NO_DAY)),
        day_end=COLUMN(NumericColumn("i", default=NO_DAY)),
        # The order records were written in, corpus order: listings without words follow it,
        # where document numbers do not (a parallel build interleaves its segments).
        seq=COLUMN(NumericColumn("i", default=NO_DAY)),
        # The years those days touch, as terms: a date filter's first cut, a few postings
        # lists where a numeric range over days would be a hundred.
        years=KEYWORD(commas=True),
        # What facet counts read for every match, without parsing its record: the speaker,
        # the places and the event type (FACET_SEPARATOR between the three, VALUE_SEPARATOR
        # between places).
        facets=COLUMN(VarBytesColumn()),
        record=STORED,
        sentences=STORED,  # an article's sentence offsets, for a hit's snippet
    )


class IndexProblem(Exception):
    """The index cannot be used as it is; the message says what to run."""


class IndexBusy(IndexProblem):
    """Another process holds the index lock."""


@dataclass
class Report:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: int = 0  # bad files and JSON Lines records left out (--skip-bad)
    records: int = 0
    rebuilt: bool = False

    def summary(self) -> str:
        parts = [f"{self.added:,} added", f"{self.changed:,} changed", f"{self.removed:,} removed"]
        parts.append(f"{self.unchanged:,} unchanged")
        parts.append(f"{self.skipped:,} skipped")
        rebuilt = ", index rebuilt" if self.rebuilt else ""
        return ", ".join(parts) + f" ({self.records:,} records written{rebuilt})"


def annotator_version() -> str:
    """A fingerprint of the annotators' code and lexicons and of the index format: when it
    changes, records are redone."""
    digest = hashlib.sha1(f"{__version__} {INDEX_FORMAT}".encode())
    # a path, not resources.files("dateline.annotate"): that would import every annotator
    root = Path(__file__).parent / "annotate"
    for entry in sorted(_walk(root), key=lambda p: str(p)):
        digest.update(str(entry.name).encode())
        digest.update(entry.read_bytes())
    return digest.hexdigest()[:16]


def _walk(folder: Path) -> Iterator[Path]:
    for entry in folder.iterdir():
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _walk(entry)
        elif entry.name.endswith((".py", ".yaml")):
            yield entry


# ---------------------------------------------------------------------------------------------
# Location, generations, lock


class IndexStore:
    """The index folder of one corpus."""

    def __init__(self, path: Path):
        self.path = path

    @property
    def current(self) -> Path | None:
        marker = self.path / CURRENT_FILE
        try:
            name = marker.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise IndexProblem(f"{marker}: cannot read ({exc.strerror})") from None
        gen = self.path / name
        if not name.startswith("gen-") or not gen.is_dir():
            raise IndexProblem(
                f"{self.path}: the index is damaged ({CURRENT_FILE} names a missing generation); "
                "run `dateline index --rebuild`"
            )
        return gen

    def exists(self) -> bool:
        return (self.path / CURRENT_FILE).exists()

    def check_foreign(self) -> None:
        if self.path.exists() and not self.path.is_dir():
            raise IndexProblem(f"{self.path}: is a file, not an index folder; pass --index-dir")
        if self.path.is_dir() and not self.exists() and any(self.path.iterdir()):
            names = {p.name for p in self.path.iterdir()}
            if not all(n.startswith(("gen-", LOCK_FILE)) for n in names):
                raise IndexProblem(
                    f"{self.path}: holds files that are not a dateline index; "
                    "pass another --index-dir or remove the folder"
                )

    def state(self) -> dict[str, Any] | None:
        gen = self.current
        if gen is None:
            return None
        try:
            return json.loads((gen / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def open(self) -> windex.Index:
        gen = self.current
        if gen is None:
            raise IndexProblem(f"{self.path}: no index yet; run `dateline index`")
        try:
            return windex.open_dir(str(gen))
        except Exception as exc:  # Whoosh raises many kinds on a damaged folder
            raise IndexProblem(
                f"{gen}: the index cannot be opened ({type(exc).__name__}); "
                "run `dateline index --rebuild`"
            ) from None

    @contextlib.contextmanager
    def lock(self, wait: float) -> Iterator[None]:
        """Hold the update lock; give up after `wait` seconds with the holder's process id."""
        self.path.mkdir(parents=True, exist_ok=True)
        path = self.path / LOCK_FILE
        handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the whole block
        deadline = time.monotonic() + wait
        try:
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() >= deadline:
                        handle.seek(0)
                        holder = handle.read().strip() or "unknown"
                        raise IndexBusy(
                            f"{self.path}: the index is being updated by process {holder}; "
                            "try again when it finishes (or raise --wait)"
                        ) from None
                    time.sleep(0.1)
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            yield
        finally:
            handle.close()

    def new_generation(self) -> Path:
        gen = self.path / f"gen-{time.time_ns()}-{os.getpid()}"
        gen.mkdir(parents=True)
        return gen

    def switch_to(self, gen: Path) -> None:
        _write_atomic(self.path / CURRENT_FILE, gen.name)
        self.remove_stale(keep=gen)

    def remove_stale(self, keep: Path | None) -> None:
        """Generations that are not live: old ones, and half-built ones from killed runs."""
        for entry in self.path.glob("gen-*"):
            if entry != keep and entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


# ---------------------------------------------------------------------------------------------
# Writing


def record_fields(record: Record) -> dict[str, Any]:
    """The Whoosh document for one record."""
    d = record.to_dict()
    speaker = d.get("speaker") or {}
    speaker_words = [speaker.get("name") or ""]
    if speaker.get("mention") and speaker.get("kind") != "unknown":
        speaker_words.append(speaker["mention"]["text"])
    if record.kind == "article":
        speaker_words.extend(d.get("speakers", []))
    places = d.get("places") or []
    place_names: set[str] = set()
    countries: set[str] = set()
    for p in places:
        place_names.add(p["name"])
        place_names.update(p.get("within") or [])
        if p.get("country"):
            countries.add(p["country"])
    events = d.get("events") if record.kind != "event" else [d["type"]]
    fields = {
        "id": record.id,
        "kind": record.kind,
        "doc_id": record.doc_id,
        "text": d.get("text") or "",
        # the title goes on the article only: once per document
        "title": (d.get("title") or "") if record.kind == "article" else "",
        "speaker": " ".join(w for w in speaker_words if w),
        "speaker_kind": speaker.get("kind") or "",
        "quote_kind": d.get("quote_kind") or "",
        "place": VALUE_SEPARATOR.join(sorted(place_names)),
        "country": VALUE_SEPARATOR.join(sorted(countries)),
        "event": VALUE_SEPARATOR.join(events or []),
        "source": d.get("source") or "",
        "facets": facet_values(d).encode("utf-8"),
        "record": json.dumps(d, ensure_ascii=False),
    }
    if record.sentences:
        fields["sentences"] = [n for span in record.sentences for n in span]
    begin, end = day_number(d.get("date_begin")), day_number(d.get("date_end"))
    if begin is not None:
        fields["day_begin"] = begin
        fields["day_end"] = end
        fields["years"] = year_terms(begin, end)
    return fields


def facet_values(d: dict[str, Any]) -> str:
    """A record's speaker, distinct place names and event type, as the facets column holds
    them (`read_facets` reads them back)."""
    speaker = d.get("speaker") or {}
    name = (speaker.get("name") or "") if speaker.get("kind") != "unknown" else ""
    places = sorted({p["name"] for p in d.get("places") or []})
    event = f"{d['type']} {d['label']}" if d.get("kind") == "event" else ""
    clean = [_one_value(v) for v in (name, *places, event)]
    return FACET_SEPARATOR.join([clean[0], VALUE_SEPARATOR.join(clean[1:-1]), clean[-1]])


def read_facets(raw: bytes) -> tuple[str, list[str], str]:
    """The speaker, places and event type of a record's facets column ("" for none)."""
    if not raw:  # written without facets
        return "", [], ""
    speaker, places, event = raw.decode("utf-8").split(FACET_SEPARATOR)
    return speaker, places.split(VALUE_SEPARATOR) if places else [], event


def _one_value(text: str) -> str:
    """A value with no separator in it."""
    return text.replace(FACET_SEPARATOR, " ").replace(VALUE_SEPARATOR, " ")


def year_terms(begin: int, end: int) -> str:
    """The years from one day ordinal to another, as the `years` field holds them."""
    first, last = dt.date.fromordinal(begin).year, dt.date.fromordinal(end).year
    if last - first > MAX_YEARS:
        return WIDE
    return ",".join(f"{year:04d}" for year in range(first, last + 1))


Progress = Callable[[int], None]


def write_records(
    store: IndexStore,
    docs: Iterable[tuple[str, str, list[dict[str, Any]] | None]],
    state: dict[str, Any],
    known: dict[str, str],
    report: Report,
    progress: Progress = lambda _n: None,
    procs: int = 1,
) -> None:
    """Write (doc_id, fingerprint, record fields) into the index: a fresh generation when
    nothing is `known` (doc id -> fingerprint of what is indexed), else an update of the live
    one. The fields (from `record_fields`) are None for a document that did not change;
    `state` is saved with the index. A rebuild with `procs` > 1 writes that many segments
    in parallel processes (Whoosh's multiprocessing writer)."""
    rebuild = not known
    old_docs = known
    gen = store.new_generation() if rebuild else store.current
    assert gen is not None
    try:
        ix = windex.create_in(str(gen), schema()) if rebuild else store.open()
        options: dict[str, Any] = {"limitmb": WRITER_MB, "codec": W3Codec(compression=0)}
        if rebuild and procs > 1:
            # the writer is the slowest step: 2,225 BBC articles take 12 s instead of 21 s
            options.update(procs=procs, multisegment=True)
        writer = ix.writer(compound=False, **options)
        seen: dict[str, str] = {}
        seq = 0 if rebuild else (store.state() or {}).get("next_seq", 0)
        try:
            for doc_id, fingerprint, records in docs:
                seen[doc_id] = fingerprint
                if records is None:
                    report.unchanged += 1
                else:
                    if doc_id in old_docs:
                        writer.delete_by_term("doc_id", doc_id)
                        report.changed += 1
                    else:
                        report.added += 1
                    for fields in records:
                        writer.add_document(**fields, seq=seq)
                        seq += 1
                    report.records += len(records)
                progress(1)
            for doc_id in set(old_docs) - set(seen):
                writer.delete_by_term("doc_id", doc_id)
                report.removed += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit(optimize=rebuild and procs <= 1)
        with windex.open_dir(str(gen)).searcher() as searcher:
            if termlist.TermList.of(searcher) is None:  # the segments changed
                termlist.write(gen, searcher)
        new_state = dict(state, docs=seen, next_seq=seq)
        _write_atomic(gen / STATE_FILE, json.dumps(new_state))
    except BaseException:
        if rebuild:
            shutil.rmtree(gen, ignore_errors=True)
        raise
    if rebuild:
        store.switch_to(gen)
        report.rebuilt = True
