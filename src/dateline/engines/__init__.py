"""The search engines dateline can write its records to and search them in, each a package of
its own that alone imports its library. `get(name)` gives one (see `search.Engine`)."""

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


class EngineError(ValueError):
    """No such engine, or its library is not installed."""


def get(name: str | None = None) -> Engine:
    """The engine named (default: $DATELINE_ENGINE, else Whoosh)."""
    where = "--engine" if name else "DATELINE_ENGINE"
    given = name or os.environ.get("DATELINE_ENGINE") or DEFAULT
    name = given.strip().lower()
    if name not in ENGINES:
        raise EngineError(f"{where} {given!r}: no such engine; use one of {', '.join(ENGINES)}")
    module, cls = ENGINES[name]
    return getattr(importlib.import_module(module), cls)()
