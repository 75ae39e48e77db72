"""The optional extras (`dateline[dask]`, `dateline[elasticsearch]`): their libraries are
imported on first use, and a command that needs one that is not installed says in one line what
to install."""

from __future__ import annotations

import importlib
from typing import Any


class MissingExtra(RuntimeError):
    """A library of an extra (pyarrow, Dask, elasticsearch) is not installed: the message says
    what to install."""


def need(module: str, command: str, extra: str = "dask") -> Any:
    """`module` imported, or MissingExtra naming the extra that brings it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(
            f"{command} needs {module.split('.')[0]}: pip install 'dateline[{extra}]'"
        ) from None
