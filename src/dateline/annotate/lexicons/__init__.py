"""Lexicons are data: YAML files beside this module, loaded once and cached."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load(name: str) -> Any:
    """The parsed contents of `<name>.yaml` in this folder."""
    text = resources.files(__package__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def words(name: str, key: str | None = None) -> frozenset[str]:
    """A lexicon (or one key of it) as a set of lower-cased entries."""
    data = load(name)
    if key is not None:
        data = data[key]
    return frozenset(str(w).lower() for w in data)
