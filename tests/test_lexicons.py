"""The lexicons are data: every entry a word or phrase as written, none a YAML boolean."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

LEXICONS = sorted((Path(__file__).parents[1] / "src/dateline/annotate/lexicons").glob("*.yaml"))


def _booleans(value, path=()):
    if isinstance(value, bool):
        yield "/".join(map(str, path))
    elif isinstance(value, dict):
        for key, inner in value.items():
            if isinstance(key, bool):
                yield "/".join(map(str, (*path, key)))
            yield from _booleans(inner, (*path, key))
    elif isinstance(value, list):
        for n, inner in enumerate(value):
            yield from _booleans(inner, (*path, n))


@pytest.mark.parametrize("lexicon", LEXICONS, ids=lambda p: p.name)
def test_no_lexicon_entry_loads_as_a_boolean(lexicon):
    # `on`, `no`, `off`, `yes` unquoted are true/false to YAML: the word is lost from its list
    assert not list(_booleans(yaml.safe_load(lexicon.read_text(encoding="utf-8"))))
