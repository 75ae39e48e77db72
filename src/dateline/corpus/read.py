"""Every document of a corpus, read lazily, whatever format each file is in."""

from __future__ import annotations

import glob as globlib
import hashlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from dateline.corpus.fields import headline, meta_document
from dateline.corpus.files import (
    DEFAULT_MAX_BYTES,
    RAISE,
    CorpusError,
    NotAnArticle,
    Warn,
    bad,
    decode,
    path_text,
    read_bytes,
    relative,
)
from dateline.corpus.manifest import Corpus, Source, file_format, file_stem, load_corpus
from dateline.model import Document


def documents(
    corpus: Corpus,
    warn: Warn = lambda _msg: None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    skip: Warn | None = None,
    deferred: bool = False,
) -> Iterator[Document]:
    """Every document of the corpus, read lazily; duplicate ids are an error (but for pages of
    crawls, where a page crawled twice is kept once). A file or record that cannot be read
    is an error too, unless there is `skip` (--skip-bad) to tell: then the rest is read.
    What reading a document found worth a warning (cp1252) is in its `notes`, for the caller
    to say when it indexes the document; what a file held that is no article is `warn`ed.
    `deferred`: pages come with their article still to be extracted (corpus.web.extract), by
    the caller, where it spreads the work."""
    from dateline.corpus import structured, web

    readers = {
        "text": _text_documents,
        "jsonl": structured.jsonl_documents,
        "json": structured.json_documents,
        "csv": structured.csv_documents,
        "html": web.html_documents,
        "warc": web.warc_documents,
    }
    seen: dict[str, str] = {}
    passed: Counter[str] = Counter()
    # a crawl's thousand empty pages, or pages crawled again, in a few lines
    say, empty = _few(warn, "no article text")
    say, again = _few(say, "; kept the first")
    for source, path in corpus.files():
        read = readers[source.format_of(path)]
        try:
            docs = _unique(read(corpus, source, path, say, max_bytes, skip), seen, say, skip)
            yield from docs if deferred else _extracted(docs, say, skip)
        except NotAnArticle:
            passed[source.format_of(path)] += 1
    for kind, n in sorted(passed.items()):
        files = f"{n:,} .{kind} files in the folder hold" if n > 1 else f"1 .{kind} file holds"
        warn(f"{files} no article text (no `text` field); passed over")
    if empty():
        warn(f"{empty():,} more pages or records with no article text; skipped")
    if again():
        warn(f"{again():,} more pages crawled again; kept the first of each")


def _extracted(docs: Iterator[Document], warn: Warn, skip: Warn | None) -> Iterator[Document]:
    """The documents, each page's article extracted; a page with none is said and left out."""
    from dateline.corpus import web

    for doc in docs:
        if not web.is_pending(doc):
            yield doc
            continue
        try:
            found = web.extract(doc)
        except CorpusError as exc:
            bad(exc, skip, "files")
            continue
        if found is None:
            warn(f"{doc.path}: no article text found in the page, skipped")
        else:
            yield found


SAID_IN_FULL = 5  # warnings of one kind said each; past that, counted


def _few(warn: Warn, kind: str) -> tuple[Warn, Callable[[], int]]:
    """`warn`, saying the first few messages with `kind` in them, and counting the others (the
    count: the second function)."""
    count = 0

    def say(message: str) -> None:
        nonlocal count
        if kind in message:
            count += 1
            if count > SAID_IN_FULL:
                return
        warn(message)

    return say, lambda: max(0, count - SAID_IN_FULL)


def _unique(
    docs: Iterator[Document], seen: dict[str, str], warn: Warn, skip: Warn | None
) -> Iterator[Document]:
    """The documents, each id once: a page crawled again is passed over, any other id given
    twice is an error (with --skip-bad, the second is skipped with a warning)."""
    for doc in docs:
        where = doc.path or ""
        if "#" in doc.id:  # a record's id is the document's, `#`, and its part: `a#q1`
            raise CorpusError(f"{where}: a document id may not hold `#`: {doc.id!r}")
        if doc.id in seen:
            if "uri" in doc.extra:  # a page of a crawl
                warn(f"{where}: {doc.id} again (also {seen[doc.id]}); kept the first")
                continue
            twice = CorpusError(f"{where}: duplicate document id {doc.id!r} (also {seen[doc.id]})")
            bad(twice, skip, "documents")
            continue
        seen[doc.id] = where
        yield doc


def _text_documents(
    corpus: Corpus, source: Source, path: Path, warn: Warn, max_bytes: int, skip: Warn | None
) -> Iterator[Document]:
    """The document of a text file: none when it is empty."""
    rel = relative(path, corpus.root)
    notes: list[str] = []
    try:
        raw = read_bytes(path, rel, max_bytes)
        text = decode(raw, rel, notes.append)
    except CorpusError as exc:
        bad(exc, skip, "files")
        return
    if not text.strip():
        warn(f"{rel}: empty file, skipped")
        return
    meta = source.metadata
    ident = meta.get("id") or default_id(source, path, corpus.root)
    extra = {"sha1": hashlib.sha1(raw).hexdigest()}
    yield meta_document(ident, text, meta, rel, extra, tuple(notes))


def read_documents(
    path: str, warn: Warn, published: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Document]:
    """The articles of one file outside any manifest, read and checked like a corpus file: a
    text file or page is one; a CSV export, JSON Lines, a JSON list or a crawl is each article
    it holds. A bad file or record is an error (there is no --skip-bad to pass it over)."""
    if file_format(path) == "text":
        raw = read_bytes(Path(path), path, max_bytes)
        text = decode(raw, path, warn)
        yield Document(id=Path(path).stem, text=text, title=headline(text), published=published,
                       path=path)  # fmt: skip
        return

    def as_given(message: str) -> str:
        return as_named(path, message)

    given = path_text(path)
    held: list[str] = []  # said once the file gave an article; else the last is the error
    found = False
    try:
        for doc in documents(load_corpus(path), held.append, max_bytes, skip=RAISE):
            found = True
            for message in held:
                warn(as_given(message))
            held.clear()
            yield replace(doc, published=published) if published else doc
    except CorpusError as exc:
        raise CorpusError(as_given(str(exc))) from None
    for message in held if found else held[:-1]:
        warn(as_given(message))
    if not found:
        why = held[-1].removesuffix(", skipped").removesuffix("; skipped") if held else None
        raise CorpusError(as_given(why) if why else f"{given}: no article in it")


def as_named(path: str, text: str) -> str:
    """A message or a document's `path` that starts with the name of the file at `path`, with
    the file named as the user named it (`../x/news.warc.gz, record 6`)."""
    name = Path(path).name
    return path_text(path) + text[len(name) :] if text.startswith(name) else text


def default_id(source: Source, path: Path, root: Path) -> str:
    """A file's document id: its name for a `path:` entry; below a glob, its path under the
    glob's fixed folders without the ending, so that business/001 and sport/001 stay apart."""
    if source.kind == "path":
        return path_text(file_stem(path))
    prefix = []
    for part in Path(source.pattern).parts:
        if globlib.has_magic(part):
            break
        prefix.append(part)
    base = root.joinpath(*prefix)
    rel = path.relative_to(base) if path.is_relative_to(base) else path.relative_to(root)
    return path_text(rel.with_name(file_stem(rel)).as_posix())
