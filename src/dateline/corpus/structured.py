"""Articles as records of fields: JSON Lines (a line each), JSON files (news-please writes one
object per article; a list of them is read too) and CSV exports (a row each, with a header).
Field names are ours, news-please's (recognised by shape), or mapped by corpus.yaml's `fields:`.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dateline.corpus.fields import field_map, object_document
from dateline.corpus.files import (
    UTF16_BOMS,
    CorpusError,
    NoArticleText,
    NotAnArticle,
    Warn,
    bad,
    decode,
    escaped,
    lone_surrogate,
    path_text,
    read_bytes,
    reason,
    relative,
)
from dateline.corpus.manifest import Corpus, Source, file_stem
from dateline.model import Document


def jsonl_documents(
    corpus: Corpus, source: Source, path: Path, warn: Warn, max_bytes: int, skip: Warn | None
) -> Iterator[Document]:
    rel = relative(path, corpus.root)
    try:
        handle = path.open("rb")
    except OSError as exc:
        bad(CorpusError(f"{rel}: cannot read: {reason(exc)}"), skip, "files")
        return
    stem = path_text(file_stem(path))
    unseen = dict(source.fields or {})  # the mapped keys no line has held yet
    with handle:
        for number, raw in enumerate(handle, 1):
            where = f"{rel}:{number}"
            if not raw.strip():
                continue
            try:
                if len(raw) > max_bytes:
                    raise CorpusError(
                        f"{where}: line of {len(raw):,} bytes is over the limit (--max-bytes)"
                    )
                notes: list[str] = []
                obj = _json(raw, where, notes)
                if not isinstance(obj, dict):
                    raise CorpusError(f"{where}: each line must be a JSON object")
                for ours in [ours for ours, theirs in unseen.items() if theirs in obj]:
                    del unseen[ours]
                doc = _document(obj, raw, source, where, f"{stem}-{number}", notes)
            except NoArticleText as exc:
                warn(f"{exc}; skipped")
                continue
            except CorpusError as exc:
                bad(exc, skip, "lines")
                continue
            yield doc
    _say_unseen(unseen, rel, "line", warn)


def json_documents(
    corpus: Corpus, source: Source, path: Path, warn: Warn, max_bytes: int, skip: Warn | None
) -> Iterator[Document]:
    """The article of a JSON file (news-please's layout, or ours), or each of a list of them."""
    from dateline.corpus.read import default_id

    rel = relative(path, corpus.root)
    try:
        raw = read_bytes(path, rel, max_bytes)
        notes: list[str] = []
        obj = _json(raw, rel, notes)
        items = obj if isinstance(obj, list) else [obj]
        if source.found and not any(_has_text(item) for item in items):
            raise NotAnArticle(rel)
        if not all(isinstance(item, dict) for item in items):
            raise CorpusError(f"{rel}: expected a JSON object (an article) or a list of them")
        ident = default_id(source, path, corpus.root)
        docs = []
        for n, item in enumerate(items, 1):
            try:
                if len(items) == 1:
                    docs.append(_document(item, raw, source, rel, ident, notes))
                else:  # one fingerprint per article, so an update redoes only what changed
                    where, one = f"{rel}[{n}]", _canonical(item)
                    docs.append(_document(item, one, source, where, f"{ident}-{n}", notes))
            except NoArticleText as exc:
                warn(f"{exc}; skipped")
    except NotAnArticle:
        raise
    except CorpusError as exc:
        bad(exc, skip, "files")
        return
    keys = {key for item in items for key in item}
    unseen = {ours: theirs for ours, theirs in (source.fields or {}).items() if theirs not in keys}
    _say_unseen(unseen, rel, "article" if len(items) > 1 else "object", warn)
    yield from docs


def _say_unseen(unseen: dict[str, str], rel: str, what: str, warn: Warn) -> None:
    """A field map's key that no object of the file holds: a misspelt name, say, that would
    leave every article without its date, unsaid."""
    for ours, theirs in unseen.items():
        warn(f"{rel}: no {what} has `{theirs}` (`fields: {{{ours}: {theirs}}}`)")


def csv_documents(
    corpus: Corpus, source: Source, path: Path, warn: Warn, max_bytes: int, skip: Warn | None
) -> Iterator[Document]:
    """A document per row of a CSV file with a header; read as it goes, in UTF-8 (else cp1252,
    with a warning, as for text files), its cells parted by what parts the header's: `,`, `;`
    (a spreadsheet's export where the comma is the decimal mark), a tab or `|`."""
    rel = relative(path, corpus.root)
    try:
        encoding = _csv_encoding(path, rel, warn)
        handle = path.open(encoding=encoding, newline="")
    except OSError as exc:
        bad(CorpusError(f"{rel}: cannot read: {reason(exc)}"), skip, "files")
        return
    csv.field_size_limit(max(max_bytes, csv.field_size_limit()))
    stem = path_text(file_stem(path))
    with handle:
        try:
            delimiter = _csv_delimiter(handle)
            # strict: a quote never closed is an error, not the rest of the file in one cell
            reader = csv.reader(handle, delimiter=delimiter, strict=True)
            header = _csv_header(reader, rel, source)
        except NotAnArticle:
            raise
        except UnicodeDecodeError:
            bad(CorpusError(f"{rel}:1: {_NOT_TEXT}"), skip, "files")
            return
        except (CorpusError, csv.Error) as exc:
            bad(_csv_problem(exc, rel, 1), skip, "files")
            return
        names = field_map(dict.fromkeys(header), source.fields)
        rows = 0
        for number in itertools.count(1):
            line = reader.line_num + 1  # where the row starts: a cell may hold line breaks
            where = f"{rel}:{line}"
            try:
                row = next(reader, None)
                if row is None:
                    break
                rows += any(cell.strip() for cell in row)
                ident = f"{stem}-{number}"
                doc = _csv_document(row, header, names, source, where, ident, max_bytes)
            except UnicodeDecodeError:  # the rest of the file cannot be read either
                bad(CorpusError(f"{where}: {_NOT_TEXT}"), skip, "files")
                return
            except (CorpusError, csv.Error) as exc:
                bad(_csv_problem(exc, rel, line), skip, "lines")
                continue
            if doc is not None:
                yield doc
        if not rows:
            warn(f"{rel}: a header and no rows under it; nothing to index")


_NOT_TEXT = "neither UTF-8 nor cp1252 text (save the CSV as UTF-8)"
_DELIMITERS = (",", ";", "\t", "|")


def _csv_encoding(path: Path, rel: str, warn: Warn) -> str:
    """UTF-8, UTF-16 with its BOM, or cp1252 with a warning naming the first line that is not
    UTF-8 (a spreadsheet saved on Windows). A pass over the bytes, a line at a time: no
    multi-byte character of UTF-8 holds a line break."""
    with path.open("rb") as handle:
        if handle.read(2).startswith(UTF16_BOMS):  # a spreadsheet's "Unicode text"
            return "utf-16"
        handle.seek(0)
        for number, raw in enumerate(handle, 1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                warn(f"{rel}:{number}: not valid UTF-8; read as cp1252")
                return "cp1252"
    return "utf-8-sig"


def _csv_delimiter(handle: Any) -> str:
    """What parts the cells of the header line (the first that is not blank): the most
    frequent of `,`, `;`, tab and `|` in it, a comma when none is there."""
    first = ""
    while not first.strip():
        first = handle.readline()
        if not first:
            break
    handle.seek(0)
    counts = {d: first.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_document(
    row: list[str],
    header: list[str],
    names: dict[str, str],
    source: Source,
    where: str,
    ident: str,
    max_bytes: int,
) -> Document | None:
    if not any(cell.strip() for cell in row):
        return None
    if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
        # empty cells past the header (`a,b,,`, as spreadsheets pad rows) hold nothing to lose
        raise CorpusError(f"{where}: {len(row)} cells under a header of {len(header)} columns")
    raw = "\x1f".join(row).encode("utf-8", "surrogatepass")
    if len(raw) > max_bytes:
        raise CorpusError(f"{where}: row of {len(raw):,} bytes is over the limit (--max-bytes)")
    obj = dict(zip(header, row, strict=False))
    return object_document(obj, names, where, source.metadata, ident, hashlib.sha1(raw).hexdigest())


def _csv_header(reader: Any, rel: str, source: Source) -> list[str]:
    fields = source.fields
    header = next(reader, None)
    while header == []:  # blank lines above the header
        header = next(reader, None)
    if not header:
        raise CorpusError(f"{rel}: empty; a CSV source needs a header line naming its columns")
    header = [name.strip() for name in header]
    names = field_map(dict.fromkeys(header), fields)
    for ours, theirs in (fields or {}).items():
        if theirs not in header:
            raise CorpusError(
                f"{rel}: no column {theirs!r} for `fields: {ours}:` (columns: {', '.join(header)})"
            )
    if names["text"] not in header:
        if source.found:
            raise NotAnArticle(rel)
        raise CorpusError(
            f"{rel}: no `text` column (columns: {', '.join(header)}); "
            "map one in corpus.yaml: `fields: {text: COLUMN}`"
        )
    for ours, theirs in names.items():
        if header.count(theirs) > 1:
            raise CorpusError(
                f"{rel}: the header names column {theirs!r} twice, so which holds `{ours}` is "
                "unclear; rename one"
            )
    return header


def _csv_problem(exc: Exception, rel: str, line: int) -> CorpusError:
    if isinstance(exc, CorpusError):
        return exc
    if "unexpected end of data" in str(exc):
        return CorpusError(f"{rel}:{line}: a quote opened in this row is never closed")
    return CorpusError(f"{rel}:{line}: not valid CSV ({exc})")


def _json(raw: bytes, where: str, notes: list[str]) -> Any:
    try:
        obj = json.loads(decode(raw, where, notes.append))
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{where}: not valid JSON ({exc.msg}, column {exc.colno})") from None
    except RecursionError:
        raise CorpusError(f"{where}: JSON nested too deeply") from None
    # only a \uD8xx-\uDFxx escape makes a lone surrogate: other texts need no look
    if (b"\\ud" in raw or b"\\uD" in raw) and isinstance(obj, dict | list):
        for key, value in obj.items() if isinstance(obj, dict) else enumerate(obj):
            if found := lone_surrogate(key) or lone_surrogate(value):
                raise CorpusError(
                    f"{where}: `{escaped(str(key))}` holds {escaped(found)}, which is not text "
                    "(a lone surrogate)"
                )
    return obj


def _document(
    obj: dict[str, Any], raw: bytes, source: Source, where: str, ident: str, notes: list[str]
) -> Document:
    names = field_map(obj, source.fields)
    digest = hashlib.sha1(raw).hexdigest()
    return object_document(obj, names, where, source.metadata, ident, digest, tuple(notes))


def _has_text(item: Any) -> bool:
    return isinstance(item, dict) and field_map(item, None)["text"] in item


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass")
