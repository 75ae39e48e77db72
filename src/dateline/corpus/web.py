"""Articles as the web holds them: saved pages (`.html`) and crawls (`.warc`, `.warc.gz`).

The article's text and metadata come from trafilatura, which removes navigation, comments and
related links and finds the title, byline, date and site; records of a crawl come from warcio,
one at a time, so a crawl of any size is read in the memory of one page. The document's text is
the headline, a blank line and the extracted paragraphs, each after a blank line: the text the
index stores, `show` displays and every offset points into. Both libraries come with the `web`
extra; without it, a corpus of pages says what to install.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dateline.corpus.fields import authors, language_code, normalize_published
from dateline.corpus.files import (
    CorpusError,
    Warn,
    bad,
    read_bytes,
    reason,
    relative,
)
from dateline.corpus.manifest import Corpus, Source
from dateline.model import Document

INSTALL = "pip install 'dateline[web]'"
# Less extracted text than this is no article: a menu, a cookie notice, a gallery's captions.
MIN_ARTICLE_CHARS = 100
# The date from the page's markup (meta elements, JSON-LD, <time>, the byline, the address),
# never a guess from any date in its text: a copyright year is no publication date, and every
# relative date of the article is read against this one. A crawl's own date stands instead.
DATE_SEARCH = {"extensive_search": False, "original_date": True}
_MIN_WORDS_TO_GUESS = 20  # fewer words say too little of their language


def html_documents(
    corpus: Corpus, source: Source, path: Path, warn: Warn, max_bytes: int, skip: Warn | None
) -> Iterator[Document]:
    """A saved page, its article still to be extracted (see `extract`)."""
    from dateline.corpus.read import default_id

    rel = relative(path, corpus.root)
    _Extractor.get(rel)  # a missing trafilatura is said before any page is read
    try:
        raw = read_bytes(path, rel, max_bytes)
    except CorpusError as exc:
        bad(exc, skip, "files")
        return
    yield _pending(default_id(source, path, corpus.root), rel, raw, source.metadata)


def _pending(
    ident: str,
    where: str,
    raw: bytes,
    given: dict[str, Any],
    uri: str | None = None,
    crawled: str | None = None,
) -> Document:
    """A page whose article is extracted later, where the work is spread (a build's worker
    processes): its fingerprint is the page's bytes, trafilatura's version and what the
    manifest says, so an update finds an unchanged page without extracting it."""
    version = _Extractor.get(where).version
    digest = hashlib.sha1(raw + b"\0" + version + b"\0" + (crawled or "").encode()).hexdigest()
    extra: dict[str, Any] = {"sha1": digest, "page": raw, "given": dict(given)}
    if uri:
        extra["uri"] = uri
    if crawled:
        extra["crawled"] = crawled
    return Document(
        id=ident,
        text="",
        title=given.get("title") or "",
        source=given.get("source") or "",
        published=given.get("published"),
        dateline=given.get("dateline"),
        url=given.get("url"),
        path=where,
        extra=extra,
        authors=tuple(given.get("authors") or ()),
        language=given.get("language"),
    )


def is_pending(doc: Document) -> bool:
    """Whether the document is a page whose article is still to be extracted."""
    return "page" in doc.extra


def extract(doc: Document) -> Document | None:
    """The document of a page `html_documents` or `warc_documents` gave: its article's text and
    metadata (the manifest's own win); None when the page holds no article. A page
    trafilatura cannot read at all is a CorpusError naming it."""
    extra = doc.extra
    where = doc.path or doc.id
    try:
        page = _Extractor.get(where).extract(extra["page"], where, extra.get("uri"))
    except CorpusError:
        if "uri" in extra:  # one page of a crawl that is no HTML: as good as no article
            return None
        raise
    if page is None:
        return None
    return page.document(
        doc.id, doc.path or "", extra["given"], extra.get("crawled"), extra["sha1"]
    )


def warc_documents(
    corpus: Corpus, source: Source, path: Path, warn: Warn, max_bytes: int, skip: Warn | None
) -> Iterator[Document]:
    """A document per `response` record of an HTML page with status 200, its id the page's
    address; the other records are counted and said in one line."""
    rel = relative(path, corpus.root)
    _Extractor.get(rel)
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:
        raise CorpusError(f"{rel}: reading WARC files needs warcio: {INSTALL}") from None
    try:
        handle = path.open("rb")
    except OSError as exc:
        bad(CorpusError(f"{rel}: cannot read: {reason(exc)}"), skip, "files")
        return
    skipped: Counter[str] = Counter()
    pages = 0
    with handle:
        records = ArchiveIterator(handle)
        number = 0
        try:
            for record in records:
                number += 1
                where = f"{rel}, record {number}"
                why, page = _warc_page(record, where, max_bytes)
                if page is None:
                    skipped[why] += 1
                    continue
                pages += 1
                yield page
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
            problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            at = f"{rel}, record {number + 1}"
            bad(CorpusError(f"{at}: not a readable WARC record: {problem}"), skip, "files")
        except CorpusError as exc:  # a record cut short: the file is, from there on
            bad(exc, skip, "files")
    if skipped:
        kinds = ", ".join(f"{n:,} {why}" for why, n in skipped.most_common())
        warn(f"{rel}: {pages:,} pages read, {sum(skipped.values()):,} records skipped ({kinds})")


def _warc_page(record: Any, where: str, max_bytes: int) -> tuple[str, Document | None]:
    """(why it is skipped, or "" ; the document of the record, or None)."""
    if record.format != "warc":  # warcio reads what is no WARC as an old ARC file
        raise CorpusError(f"{where}: not a readable WARC record (no WARC header)")
    if record.rec_type != "response":
        return record.rec_type, None
    status = record.http_headers.get_statuscode() if record.http_headers else None
    if status != "200":
        return f"status {status}", None
    kind = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if kind not in ("text/html", "application/xhtml+xml"):
        return "not HTML", None
    raw = record.content_stream().read(max_bytes + 1)
    if len(raw) > max_bytes:
        return "over --max-bytes", None
    if getattr(record.raw_stream, "limit", 0) > 0:  # read to its end, and bytes still owed
        raise CorpusError(f"{where}: the record is cut short (a truncated file?)")
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    uri = uri.split("#", 1)[0]
    if not uri:
        return "without an address", None
    crawled = record.rec_headers.get_header("WARC-Date")
    return "", _pending(uri, where, raw, {}, uri=uri, crawled=crawled or "")


class _Page:
    """What trafilatura found in one page."""

    def __init__(self, text: str, meta: dict[str, Any], where: str) -> None:
        self.text = text
        self.meta = meta
        self.where = where

    def document(
        self, ident: str, path: str, given: dict[str, Any], crawled: str | None, digest: str
    ) -> Document:
        meta = {**{k: v for k, v in self.meta.items() if v}, **given}
        crawl_date = False
        if not meta.get("published") and crawled:
            try:
                meta["published"] = normalize_published(crawled, self.where)
                crawl_date = True
            except CorpusError:
                pass
        extra: dict[str, Any] = {"sha1": digest}
        if crawled:
            extra["crawled"] = crawled
        return Document(
            id=ident,
            text=self.text,
            title=meta.get("title") or "",
            source=meta.get("source") or "",
            published=meta.get("published"),
            dateline=meta.get("dateline"),
            url=meta.get("url"),
            path=path,
            extra=extra,
            authors=tuple(meta.get("authors") or ()),
            language=meta.get("language"),
            crawl_date=crawl_date,
        )


class _Extractor:
    """trafilatura, loaded once per process and kept quiet: its own log lines (a page with no
    date, a tree too small) are no message for the user."""

    _one: _Extractor | None = None

    @classmethod
    def get(cls, where: str) -> _Extractor:
        if cls._one is None:
            try:
                import trafilatura
            except ImportError:
                raise CorpusError(f"{where}: reading HTML needs trafilatura: {INSTALL}") from None
            for name in ("trafilatura", "htmldate", "courlan", "justext"):
                logging.getLogger(name).addHandler(logging.NullHandler())
                logging.getLogger(name).propagate = False
            cls._one = cls(trafilatura)
        return cls._one

    def __init__(self, trafilatura: Any) -> None:
        from trafilatura.settings import use_config

        self._trafilatura = trafilatura
        self._config = use_config()
        self._config.set("DEFAULT", "MIN_OUTPUT_SIZE", str(MIN_ARTICLE_CHARS))
        self.version = trafilatura.__version__.encode()
        self._guess: Any = None

    def extract(self, raw: bytes, where: str, url: str | None = None) -> _Page | None:
        """The page's article and metadata; None when it holds no article text."""
        t = self._trafilatura
        tree = t.load_html(raw)
        if tree is None:
            raise CorpusError(f"{where}: not an HTML page")
        declared = _declared_language(tree)
        found = t.bare_extraction(
            tree, url=url, with_metadata=True, include_comments=False,
            date_extraction_params=DATE_SEARCH, config=self._config,
        )  # fmt: skip
        if found is None:
            return None
        body = [line.strip() for line in (found.text or "").split("\n") if line.strip()]
        if not body:
            return None
        title = (found.title or "").strip()
        if title and body[0] != title:
            body.insert(0, title)
        text = "\n\n".join(body)
        meta = {
            "title": title or body[0][:200],
            "source": found.sitename or found.hostname or "",
            "published": _date(found.date, where),
            "url": found.url or url,
            "authors": authors(found.author, where) if found.author else (),
            "language": declared or self._guess_language(text),
        }
        return _Page(text, meta, where)

    def _guess_language(self, text: str) -> str | None:
        """py3langid's guess (trafilatura's own language identifier), when it is installed
        and the text is long enough to tell."""
        if len(text.split()) < _MIN_WORDS_TO_GUESS:
            return None
        if self._guess is None:
            try:
                import py3langid
            except ImportError:
                self._guess = False
            else:
                self._guess = py3langid.classify
        if not self._guess:
            return None
        code, _score = self._guess(text[:5000])
        return code


def _declared_language(tree: Any) -> str | None:
    """The language the page says it is in: `<html lang>`, else its content-language or
    og:locale meta element."""
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not lang:
        for xpath in (
            '//meta[@http-equiv="content-language"]/@content',
            '//meta[@property="og:locale"]/@content',
        ):
            values = tree.xpath(xpath)
            if values:
                lang = values[0]
                break
    return language_code(str(lang).split(",")[0]) if lang else None


def _date(value: str | None, where: str) -> str | None:
    if not value:
        return None
    try:
        return normalize_published(value, where)
    except CorpusError:
        return None
