"""The search engines dateline can write its records to and search them in, each a package of
its own that alone imports its library. `get(name)` gives one (see `search.Engine`): a name
(whoosh, sqlite) for a local index, or the http(s) URL of an Elasticsearch index or alias."""

from __future__ import annotations

import importlib
import os

from dateline.search import Engine

# name -> module and class; imported only when asked for
ENGINES = {
    "whoosh": ("dateline.engines.whoosh", "WhooshEngine"),
    "sqlite": ("dateline.engines.sqlite", "SqliteEngine"),
}
DEFAULT = "whoosh"
# An engine given as a URL is a server's: Elasticsearch, with the index or alias its path names.
REMOTE = ("dateline.engines.elastic", "ElasticEngine")
URL_SCHEMES = ("http://", "https://")
URL_HINT = "or the URL of an Elasticsearch index, http://localhost:9200/dateline"


class EngineError(ValueError):
    """No such engine, its library is not installed, or its server cannot be used."""


def is_url(value: str) -> bool:
    return value.strip().lower().startswith(URL_SCHEMES)


def get(name: str | None = None, manifest: str | None = None, where: str = "") -> Engine:
    """The engine named (--engine), else $DATELINE_ENGINE, else the manifest's `engine:` (read
    at `where`), else Whoosh."""
    choices = (
        (name, "--engine"), (os.environ.get("DATELINE_ENGINE"), "DATELINE_ENGINE"),
        (manifest, f"{where}: engine"), (DEFAULT, "engine"),
    )  # fmt: skip
    given, said = next((value, source) for value, source in choices if value)
    if is_url(given):
        module, cls = REMOTE
        return getattr(importlib.import_module(module), cls)(given.strip(), said)
    chosen = given.strip().lower()
    if chosen not in ENGINES:
        raise EngineError(
            f"{said} {given!r}: no such engine; use one of {', '.join(ENGINES)}, {URL_HINT}"
        )
    module, cls = ENGINES[chosen]
    return getattr(importlib.import_module(module), cls)()
