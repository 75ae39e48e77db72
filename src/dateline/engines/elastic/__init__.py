"""The Elasticsearch engine (`--engine http://localhost:9200/news`): the index lives on a
server, is written by `dateline push` (mapping.py says what a document is) and read here
(searching.py, which translate.py's DSL drives). It holds no local generations, so the search
commands read the index or alias as it is, and `dateline index` does not write it.

The official `elasticsearch` client (the `elasticsearch` extra) is imported only when a
command talks to the server."""

from __future__ import annotations

import contextlib
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dateline.engines import EngineError
from dateline.engines.whoosh.schema import tokens
from dateline.model import Record
from dateline.search.plan import index_field

DEFAULT_INDEX = "dateline"
# what Elasticsearch takes as the name of an index or alias, as `dateline push` checks it
_INDEX_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]{0,199}")
INSTALL = "pip install 'dateline[elasticsearch]'"


class Location:
    """Where an index is: the server's URL (credentials and a path prefix kept, for the
    client) and the index or alias, which is the URL's last path segment."""

    def __init__(self, url: str, said: str = "--engine"):
        parts = urllib.parse.urlsplit(url)
        try:
            port = parts.port
        except ValueError:  # not a number
            port, parts = None, parts._replace(netloc="")
        if parts.query or parts.fragment or not parts.hostname:
            raise EngineError(
                f"{said} {url!r}: give the URL of an Elasticsearch index as "
                "http://host:9200/INDEX (no query, no fragment)"
            )
        prefix, _, name = parts.path.rstrip("/").rpartition("/")
        self.index = name or DEFAULT_INDEX
        if not _INDEX_NAME.fullmatch(self.index):
            raise EngineError(
                f"{said} {url!r}: {self.index!r} is not the name of an index or alias "
                "(lower-case letters, digits, and . _ -)"
            )
        self.server = urllib.parse.urlunsplit((parts.scheme, parts.netloc, prefix, "", ""))
        host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
        port = f":{port}" if port else ""
        # what messages name: the URL without its credentials
        self.url = f"{parts.scheme}://{host}{port}{prefix}/{self.index}"

    def __str__(self) -> str:
        return self.url


def connect(server: str) -> Any:
    """The official client for a server URL; an EngineError when it is not installed."""
    try:
        from elasticsearch import Elasticsearch
    except ImportError:
        raise EngineError(f"searching Elasticsearch needs its client: {INSTALL}") from None
    return Elasticsearch(server, request_timeout=30, max_retries=2, retry_on_timeout=False)


class ElasticEngine:
    name = "elastic"
    remote = True  # no generations here: the server holds the index (search.RemoteIndex)

    def __init__(self, url: str = f"http://localhost:9200/{DEFAULT_INDEX}", said: str = ""):
        self.location = Location(url, said or "--engine")

    @property
    def path(self) -> str:
        """What messages name the index by."""
        return self.location.url

    def document(self, record: Record) -> dict[str, Any]:
        from dateline.engines.elastic.mapping import document

        return document(record)

    def terms(self, fieldname: str, text: str) -> list[str]:
        """What the query's words become, as the Whoosh analysis makes them: the plan leaves
        out what indexes to nothing by these; the server analyses what is sent (see
        translate.py for where the two analyses differ)."""
        return tokens(index_field(fieldname), text)

    def writer(self, gen: Path, base: Path | None, procs: int) -> Any:
        raise EngineError(
            f"{self.location}: an Elasticsearch index is not written by `dateline index`; "
            "write the records with `dateline records`, then `dateline push` them"
        )

    @contextlib.contextmanager
    def reader(self, gen: Path | None = None) -> Iterator[Any]:
        from dateline.engines.elastic.searching import ElasticReader

        client = connect(self.location.server)
        try:
            yield ElasticReader(client, self.location)
        finally:
            client.close()
