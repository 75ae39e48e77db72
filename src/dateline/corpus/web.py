"""Articles as the web holds them: saved pages (`.html`) and crawls (`.warc`, `.warc.gz`).

The article's text and metadata come from trafilatura, which removes navigation, comments and
related links and finds the title, byline, date and site; records of a crawl come from warcio,
one at a time, so a crawl of any size is read in the memory of one page. The document's text is
the headline, a blank line and the extracted paragraphs, each after a blank line: the text the
index stores, `show` displays and every offset points into. Both libraries come with the `web`
extra; without it, a corpus of pages says what to install.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dateline.corpus.fields import authors, language_code, meta_document, normalize_published
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
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
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
        if not raw.strip():  # a download that failed: as an empty text file, no error
            warn(f"{rel}: empty file, skipped")
            return
    except CorpusError as exc:
        bad(exc, skip, "files")
        return
    yield _pending(default_id(source, path, corpus.root), rel, raw, source.metadata, rel)


def _pending(
    ident: str,
    where: str,
    raw: bytes,
    given: dict[str, Any],
    file: str,
    uri: str | None = None,
    crawled: str | None = None,
) -> Document:
    """A page whose article is extracted later, where the work is spread (a build's worker
    processes): its fingerprint is the page's bytes, trafilatura's version and what the
    manifest says, so an update finds an unchanged page without extracting it. `file`: the
    file it is in (a crawl's, for its pages), by which pages with no article are counted."""
    version = _Extractor.get(where).version
    digest = hashlib.sha1(raw + b"\0" + version + b"\0" + (crawled or "").encode()).hexdigest()
    extra: dict[str, Any] = {"sha1": digest, "page": raw, "given": dict(given), "file": file}
    if uri:
        extra["uri"] = uri
    if crawled:
        extra["crawled"] = crawled
    return meta_document(ident, "", given, where, extra)


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
    """A document per `response` record of an HTML page with status 200 (or `resource` record
    of one), its id the page's address; the other records are counted and said in one line."""
    rel = relative(path, corpus.root)
    _Extractor.get(rel)
    try:
        from warcio.archiveiterator import ArchiveIterator
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
        archive = _cut_aware(ArchiveIterator)(handle)
        records = iter(archive)
        number = 0
        try:
            while (
                record := _next_record(records, archive, f"{rel}, record {number}", warn)
            ) is not None:
                number += 1
                where = f"{rel}, record {number}"
                why, page = _warc_page(record, rel, where, max_bytes, source.metadata)
                _check_whole(record, where)  # a record skipped may be one cut short too
                if page is None:
                    skipped[why] += 1
                    continue
                pages += 1
                yield page
        except _Unreadable as exc:
            problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            problem = problem if len(problem) <= 120 else problem[:119] + "…"  # a page's line
            at = f"{rel}, record {number + 1}"
            bad(CorpusError(f"{at}: not a readable WARC record: {problem}"), skip, "files")
            return
        except CorpusError as exc:  # a record cut short: the file is, from there on
            bad(exc, skip, "files")
            return
    if number == 0 and not path.stat().st_size:
        warn(f"{rel}: empty file, skipped")
    elif archive.cut:  # warcio ends quietly where a .gz ends before its last member does
        at = f"after record {number:,}" if number else "in its first record"
        cut = f"{rel}: cut short {at} (a truncated file?)"
        bad(CorpusError(cut), skip, "files")
    elif number == 0:  # bytes, and not one record in them
        problem = CorpusError(f"{rel}: no WARC record could be read (a truncated or damaged file?)")
        bad(problem, skip, "files")
    elif skipped:
        kinds = ", ".join(f"{n:,} {why}" for why, n in skipped.most_common())
        read, passed = _count(pages, "page"), _count(sum(skipped.values()), "record")
        warn(f"{rel}: {read} read, {passed} skipped ({kinds})")


def _cut_aware(archive_iterator: type) -> type:
    """warcio's ArchiveIterator, telling whether the gzip member it read last was whole: at its
    end it only closes the decompressor, and a member cut short gives no error."""

    class Archive(archive_iterator):  # type: ignore[misc, valid-type]
        cut = False

        def close(self) -> None:
            decompressor = getattr(self.reader, "decompressor", None) if self.reader else None
            if decompressor is not None and not getattr(decompressor, "eof", True):
                self.cut = True
            super().close()

    return Archive


class _Unreadable(Exception):
    """What warcio raised reading the next record: the file cannot be read on from there."""


def _next_record(records: Iterator[Any], archive: Any, where: str, warn: Warn) -> Any:
    """The next record, or None at the end. What warcio raises on a damaged or cut file, an
    AttributeError among them (a header cut short), is _Unreadable; what it writes to stderr
    itself (the record before, `where`, not followed by its blank lines) is a warning that
    names the file."""
    from warcio.exceptions import ArchiveLoadFailed

    errors = getattr(archive, "err_count", 0)
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            record = next(records, None)
        if getattr(archive, "err_count", 0) > errors:
            warn(f"{where}: its Content-Length is not where it ends; read on from the next record")
        return record
    except AttributeError:  # warcio on a header that ends before its blank line
        raise _Unreadable("its header is cut short (a truncated file?)") from None
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        raise _Unreadable(str(exc) or type(exc).__name__) from None


def _check_whole(record: Any, where: str) -> None:
    """Read what is left of the record: bytes still owed at the file's end mean it is cut."""
    stream = record.raw_stream
    while stream.read(1 << 16):
        pass
    if getattr(stream, "limit", 0) > 0:
        raise CorpusError(f"{where}: the record is cut short (a truncated file?)")


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _warc_page(
    record: Any, rel: str, where: str, max_bytes: int, given: dict[str, Any]
) -> tuple[str, Document | None]:
    """(why it is skipped, or "" ; the document of the record, or None); what corpus.yaml's
    entry says (`source: Common Crawl`) stands over what the page says, as for a page."""
    if record.format != "warc":  # warcio reads what is no WARC as an old ARC file
        raise CorpusError(f"{where}: not a readable WARC record (no WARC header)")
    if record.rec_type is None:  # its header ends before the blank line that closes it
        raise CorpusError(f"{where}: the record is cut short (a truncated file?)")
    if record.rec_type == "resource":  # a page archived as it is, without HTTP around it
        kind = record.content_type or ""
    elif record.rec_type != "response":
        return record.rec_type, None
    else:
        http = record.http_headers  # warcio reads a page's first lines as headers if need be
        if http is None or not str(http.protocol).upper().startswith("HTTP/"):
            return "without HTTP headers", None
        status = http.get_statuscode()
        if status != "200":
            return f"status {status}", None
        kind = http.get_header("Content-Type") or ""
    kind = kind.split(";")[0].strip().lower()
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
    return "", _pending(uri, where, raw, given, rel, uri=uri, crawled=crawled or "")


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
        return meta_document(ident, self.text, meta, path, extra, crawl_date=crawl_date)


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
            for name in ("trafilatura", "htmldate", "courlan", "justext", "warcio"):
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
    code = language_code(str(lang).split(",")[0]) if lang else None
    # what is no language code (`{{ lang }}` left by a template) says nothing: guess instead
    return code if code and _LANGUAGE_CODE.match(code) else None


def _date(value: str | None, where: str) -> str | None:
    if not value:
        return None
    try:
        return normalize_published(value, where)
    except CorpusError:
        return None
