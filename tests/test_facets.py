"""The facet table is the one declaration: each facet is a query field, a filter option of
every listing command and a field of each engine, and a facet added to the table is all three."""

from __future__ import annotations

import pytest

from dateline import facets
from dateline.facets import FACETS, Facet
from dateline.search.plan import Lookups, build_query, make_filters


def test_each_facet_is_a_query_field_an_option_and_an_engine_field():
    from dateline.cli import cli
    from dateline.engines.sqlite import COLUMNS
    from dateline.engines.whoosh.schema import schema
    from dateline.search.query import FIELD_NAMES

    options = {o for p in cli.commands["search"].params for o in getattr(p, "opts", ())}
    for facet in FACETS:
        assert FIELD_NAMES[facet.name] == facet.name
        assert all(FIELD_NAMES[alias] == facet.name for alias in facet.aliases)
        assert facet.option in options and set(facet.flags) <= options
        assert facet.index_field in schema().names()
        assert facet.index_field in COLUMNS


def test_an_option_value_becomes_a_clause_of_its_facet():
    filters = make_filters(["quote"], Lookups(), speaker=["Lane"], quote_kind=["direct"])
    assert filters.get("speaker") == ["Lane"] and filters.get("quote_kind") == ["direct"]
    plan = build_query("budget", filters)
    assert "speaker" in str(plan) and "quote_kind" in str(plan)


def test_an_empty_value_names_its_option():
    with pytest.raises(ValueError, match="--quote-kind: give a value"):
        make_filters([], Lookups(), quote_kind=[" "])


def test_a_new_facet_in_the_table_is_filtered_on(monkeypatch):
    """A language facet, added to the table alone, is a Filters key and a filter clause."""
    language = Facet("language", "code", lambda d: [d["language"]], "Language code.")
    monkeypatch.setattr(facets, "FACETS", (*FACETS, language))
    from dateline.search import plan

    monkeypatch.setattr(plan, "FACETS", facets.FACETS)
    filters = plan.make_filters([], Lookups(), language=["de"])
    assert filters.get("language") == ["de"]
    assert "language" in str(plan.build_query("budget", filters))
