"""Every document of a corpus, read lazily, whatever format each file is in."""

from __future__ import annotations

import glob as globlib
import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from dateline.corpus.fields import headline
from dateline.corpus.files import (
    DEFAULT_MAX_BYTES,
    CorpusError,
    NotAnArticle,
    Warn,
    bad,
    decode,
    path_text,
    read_bytes,
    relative,
)
from dateline.corpus.manifest import Corpus, Source, file_format, file_stem
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
    for source, path in corpus.files():
        read = readers[source.format_of(path)]
        try:
            docs = _unique(read(corpus, source, path, warn, max_bytes, skip), seen, warn)
            yield from docs if deferred else _extracted(docs, warn, skip)
        except NotAnArticle:
            passed[source.format_of(path)] += 1
    for kind, n in sorted(passed.items()):
        files = f"{n:,} .{kind} files in the folder hold" if n > 1 else f"1 .{kind} file holds"
        warn(f"{files} no article text (no `text` field); passed over")


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


def _unique(docs: Iterator[Document], seen: dict[str, str], warn: Warn) -> Iterator[Document]:
    """The documents, each id once: a page crawled again is passed over, any other id given
    twice is an error."""
    for doc in docs:
        where = doc.path or ""
        if "#" in doc.id:  # a record's id is the document's, `#`, and its part: `a#q1`
            raise CorpusError(f"{where}: a document id may not hold `#`: {doc.id!r}")
        if doc.id in seen:
            if "uri" in doc.extra:  # a page of a crawl
                warn(f"{where}: {doc.id} again (also {seen[doc.id]}); kept the first")
                continue
            raise CorpusError(f"{where}: duplicate document id {doc.id!r} (also {seen[doc.id]})")
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
    meta = dict(source.metadata)
    yield Document(
        id=meta.pop("id", None) or default_id(source, path, corpus.root),
        text=text,
        title=meta.pop("title", None) or headline(text),
        source=meta.pop("source", ""),
        published=meta.pop("published", None),
        dateline=meta.pop("dateline", None),
        url=meta.pop("url", None),
        path=rel,
        extra={"sha1": hashlib.sha1(raw).hexdigest()},
        notes=tuple(notes),
        authors=meta.pop("authors", ()),
        language=meta.pop("language", None),
    )


def read_document(
    path: str, warn: Warn, published: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """One article outside any manifest, read and checked like a corpus file: a text file, or
    a single page or news-please file."""
    if file_format(path) in ("html", "json"):
        corpus = Corpus(path_text(Path(path).stem), Path(path).parent, None, ())
        source = Source("path", Path(path).name, {}, path)
        found = _first(corpus, source, Path(path), warn, max_bytes)
        return replace(found, published=published) if published else found
    raw = read_bytes(Path(path), path, max_bytes)
    text = decode(raw, path, warn)
    return Document(id=Path(path).stem, text=text, title=headline(text), published=published,
                    path=path)  # fmt: skip


def _first(corpus: Corpus, source: Source, path: Path, warn: Warn, max_bytes: int) -> Document:
    from dateline.corpus import structured, web

    read = web.html_documents if file_format(path) == "html" else structured.json_documents
    for doc in read(corpus, source, path, warn, max_bytes, None):
        return doc
    raise CorpusError(f"{path_text(path)}: no article in it")


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
