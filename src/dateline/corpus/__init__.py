"""The corpus stage: corpus.yaml, a folder or one file of articles in, validated `Document`s out.

`manifest` says which files the corpus is and in what format; `read` yields their documents,
through `structured` (JSON, JSON Lines, CSV) and `web` (HTML pages, WARC crawls); `fields`
checks metadata and maps a source's field names to ours; `files` finds and decodes files.
Every problem with the user's input is a `CorpusError` whose message names the file (and the
line or record), so the CLI can print it on one line and exit 2.
"""

from dateline.corpus.fields import headline, normalize_published
from dateline.corpus.files import DEFAULT_MAX_BYTES, CorpusError, Warn, decode, path_text
from dateline.corpus.manifest import (
    MANIFEST_NAME,
    RECORDS_MANIFEST,
    Corpus,
    Source,
    file_format,
    load_corpus,
)
from dateline.corpus.read import documents, read_documents

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MANIFEST_NAME",
    "RECORDS_MANIFEST",
    "Corpus",
    "CorpusError",
    "Source",
    "Warn",
    "decode",
    "documents",
    "file_format",
    "headline",
    "load_corpus",
    "normalize_published",
    "path_text",
    "read_documents",
]
