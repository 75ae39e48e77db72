"""Lexicons are data: YAML files beside this module, loaded once and cached; data derived by a
tool from a bigger source (place_points.json) is JSON, quicker to read than YAML."""

from __future__ import annotations

import json
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
def load_json(name: str) -> Any:
    """The parsed contents of `<name>.json` in this folder."""
    text = resources.files(__package__).joinpath(f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def words(name: str, key: str | None = None) -> frozenset[str]:
    """A lexicon (or one key of it) as a set of lower-cased entries."""
    data = load(name)
    if key is not None:
        data = data[key]
    return frozenset(str(w).lower() for w in data)


@cache
def words_of(name: str, *keys: str) -> frozenset[str]:
    """Several keys of a lexicon as one set: `words_of("speakers", "honorifics", "role_nouns")`."""
    return frozenset().union(*(words(name, key) for key in keys))
