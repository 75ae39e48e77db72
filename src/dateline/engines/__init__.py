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


def get(name: str | None = None, manifest: str | None = None, where: str = "") -> Engine:
    """The engine named (--engine), else $DATELINE_ENGINE, else the manifest's `engine:` (read
    at `where`), else Whoosh."""
    choices = (
        (name, "--engine"), (os.environ.get("DATELINE_ENGINE"), "DATELINE_ENGINE"),
        (manifest, f"{where}: engine"), (DEFAULT, "engine"),
    )  # fmt: skip
    given, said = next((value, source) for value, source in choices if value)
    chosen = given.strip().lower()
    if chosen not in ENGINES:
        raise EngineError(f"{said} {given!r}: no such engine; use one of {', '.join(ENGINES)}")
    module, cls = ENGINES[chosen]
    return getattr(importlib.import_module(module), cls)()
