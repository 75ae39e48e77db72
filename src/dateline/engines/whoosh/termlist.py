"""The words of the index, field by field, with their numbers of documents: read fast from a
segment's own term list, and kept as one text file beside the index, so that a pattern
(`*e*`, `refug*`) is matched against all of them with one regular expression, in a few
milliseconds, where walking the term lists of every segment takes a tenth of a second or more.

The file names the segments it was made from; when the index holds others (a writer committed
since), it is not used, and the term lists are walked instead. Both count a deleted document
until its segment is merged away, as Whoosh's own term lists do.
"""

from __future__ import annotations

import json
import os
import re
import struct
from collections.abc import Callable
from pathlib import Path

from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.filedb.filetables import OrderedHashReader
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from dateline.search.patterns import pattern_regex, prefix

FILE_NAME = "terms.txt"
# The fields a pattern may search (a pattern in another field is walked in the term lists).
FIELDS = ("text", "title", "speaker", "source", "place", "doc_id", "id")


def matching(readers: list[IndexReader], fieldname: str, pattern: str) -> dict[bytes, int]:
    """The terms of a field that match a pattern, with their numbers of documents over all the
    segments, from each segment's term list from the pattern's fixed beginning on."""
    start = prefix(pattern).encode("utf-8")
    regex = re.compile(pattern_regex(pattern) + r"\Z", re.DOTALL)

    def match(btext: bytes) -> bool:
        return regex.match(btext.decode("utf-8")) is not None

    found: dict[bytes, int] = {}
    for reader in readers:
        for btext, n in segment_terms(reader, fieldname, start, match).items():
            found[btext] = found.get(btext, 0) + n
    return found


_ENTRY = struct.Struct("!ii")  # a term file entry: the lengths of its key and of its value
_SCAN_BYTES = 1 << 20
_TERM_INFO = W3TermInfo._struct


def segment_terms(
    reader: IndexReader, fieldname: str, prefix: bytes, match: Callable[[bytes], bool]
) -> dict[bytes, int]:
    """The terms of a field in one segment that start with `prefix` and that `match` accepts,
    each with its number of documents. A W3 segment's term list is read as bytes, a megabyte
    at a time, and walked entry by entry: ten times faster than Whoosh's cursor, which a
    pattern with no fixed beginning (`*e*`) would walk over every word of the index."""
    terms = getattr(reader, "_terms", None)
    index = getattr(terms, "_tindex", None)
    if type(index) is not OrderedHashReader or not hasattr(terms, "_keycoder"):
        found = {}
        for btext in reader.expand_prefix(fieldname, prefix):
            if match(btext):
                found[btext] = reader.doc_frequency(fieldname, btext)
        return found
    if fieldname not in reader.schema:
        return {}
    start = terms._keycoder(fieldname, prefix)
    field_key = start[: len(start) - len(prefix)]
    pos = index.closest_key_pos(start)
    found: dict[bytes, int] = {}
    if pos is None:
        return found
    end, dbfile = index.endofdata, index.dbfile
    buf, base = b"", pos  # buf holds the file from `base` on
    while pos < end:
        at = pos - base
        if at + _ENTRY.size > len(buf):
            buf, base, at = dbfile.get(pos, min(_SCAN_BYTES, end - pos)), pos, 0
        keylen, datalen = _ENTRY.unpack_from(buf, at)
        size = _ENTRY.size + keylen + datalen
        if at + size > len(buf):  # an entry across the end of what was read
            buf, base, at = dbfile.get(pos, max(size, min(_SCAN_BYTES, end - pos))), pos, 0
        key = buf[at + _ENTRY.size : at + _ENTRY.size + keylen]
        if not key.startswith(start):  # the terms are in order: past the last one
            break
        if match(key[len(field_key) :]):
            # the value is a W3TermInfo; its third number is the document frequency
            found[key[len(field_key) :]] = _TERM_INFO.unpack_from(buf, at + _ENTRY.size + keylen)[2]
        pos += size
    return found


def segment_ids(searcher: Searcher) -> list[str]:
    segments = (sub.reader().segment() for sub, _ in searcher.leaf_searchers())
    return sorted(segment.segment_id() for segment in segments if segment is not None)


def write(folder: Path, searcher: Searcher) -> None:
    """The term list of the index the searcher reads, written atomically into `folder`. Terms
    holding a tab or a line break (none of our analyzers makes one) are left out."""
    lines = [json.dumps({"segments": segment_ids(searcher)})]
    readers = [sub.reader() for sub, _ in searcher.leaf_searchers()]
    for fieldname in FIELDS:
        counts = matching(readers, fieldname, "*")
        lines.append(f"\x00{fieldname}")
        for btext in sorted(counts):
            term = btext.decode("utf-8")
            if "\t" not in term and "\n" not in term and "\x00" not in term:
                lines.append(f"{term}\t{counts[btext]}")
    tmp = folder / f".{FILE_NAME}.{os.getpid()}.tmp"
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, folder / FILE_NAME)


class TermList:
    """The term list file of one index, read once for a search; None where it is missing or
    was made from other segments."""

    def __init__(self, fields: dict[str, str]):
        self.fields = fields  # field -> its lines "term\tcount\n", in order

    @classmethod
    def of(cls, searcher: Searcher) -> TermList | None:
        folder = getattr(getattr(searcher, "_ix", None), "storage", None)
        folder = getattr(folder, "folder", None)
        if folder is None:
            return None
        try:
            text = (Path(folder) / FILE_NAME).read_text(encoding="utf-8")
            head, _, body = text.partition("\n")
            if json.loads(head).get("segments") != segment_ids(searcher):
                return None
        except (OSError, ValueError, AttributeError):
            return None
        fields = {}
        for block in body.split("\x00")[1:]:
            name, _, lines = block.partition("\n")
            fields[name] = lines
        return cls(fields)

    def matching(self, fieldname: str, pattern: str) -> dict[bytes, int] | None:
        """The terms of a field matching a pattern, with their counts; None for a field the
        file does not hold."""
        lines = self.fields.get(fieldname)
        if lines is None:
            return None
        regex = pattern_regex(pattern, r"[^\t\n]")
        found = re.finditer(rf"^({regex})\t(\d+)$", lines, re.MULTILINE)
        return {m.group(1).encode("utf-8"): int(m.group(2)) for m in found}
