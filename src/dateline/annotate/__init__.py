"""Annotate: every annotator over a document (`annotate`), and the fingerprint of their rules.

The annotators live in one sub-package each (`dates`, `places`, `quotes`, `events`) with the
shared text tools (`text`, `inflect`) and the lexicons (`lexicons/`) beside them. `annotate` is
imported on first use, so that reading the fingerprint does not load every annotator.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateline import __version__

if TYPE_CHECKING:
    from dateline.annotate.pipeline import annotate

__all__ = ["annotate", "annotator_version"]

_ROOT = Path(__file__).parent


def annotator_version() -> str:
    """A fingerprint of the annotators' code and lexicons: when it changes, records are redone."""
    digest = hashlib.sha1(__version__.encode())
    for entry in sorted(_walk(_ROOT)):
        digest.update(entry.relative_to(_ROOT).as_posix().encode())
        digest.update(entry.read_bytes())
    return digest.hexdigest()[:16]


def _walk(folder: Path) -> Iterator[Path]:
    for entry in folder.iterdir():
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _walk(entry)
        elif entry.name.endswith((".py", ".yaml", ".json")):
            yield entry


def __getattr__(name: str) -> Any:
    if name == "annotate":
        from dateline.annotate.pipeline import annotate

        return annotate
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
