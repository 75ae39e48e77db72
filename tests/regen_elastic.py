"""The golden DSL of the Elasticsearch engine: what translate.py makes of every query shape the
CLI tests ask (tests/fixtures/elastic/cases.json, each naming the tests it comes from), kept in
tests/fixtures/elastic/queries.json and compared by tests/test_elastic_translate.py.

After a change to the translation, write the file again and read its diff by eye:

    python -m tests.regen_elastic
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from dateline.build import lookups
from dateline.engines.elastic import ElasticEngine
from dateline.engines.elastic.translate import search_body
from dateline.search.plan import Plan, build_query, make_filters
from dateline.search.query import QueryError

FIXTURES = Path(__file__).parent / "fixtures" / "elastic"
CASES = FIXTURES / "cases.json"
GOLDEN = FIXTURES / "queries.json"


def cases() -> list[dict[str, Any]]:
    return json.loads(CASES.read_text(encoding="utf-8"))


def plan_of(case: dict[str, Any]) -> Plan:
    """The plan the CLI makes of a case: its query, record kinds and filter options (the
    seed corpus defines no event types of its own)."""
    found = lookups(SimpleNamespace(events=()), ElasticEngine())
    filters = make_filters(case.get("kinds", []), found, **case.get("options", {}))
    return build_query(case["query"], filters, found, case.get("literal", False))


def translated(case: dict[str, Any]) -> dict[str, Any]:
    """The search body of a case; a query the plan refuses (no words left) is its error."""
    try:
        plan = plan_of(case)
    except QueryError as exc:
        return {"error": str(exc)}
    return search_body(plan, case.get("sort", "relevance"))


def main() -> None:
    golden = [{**case, "dsl": translated(case)} for case in cases()]
    text = json.dumps(golden, ensure_ascii=False, indent=1)
    GOLDEN.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {len(golden)} queries to {GOLDEN}")


if __name__ == "__main__":
    main()
