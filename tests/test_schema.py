"""The documented record schema holds for real output of every record kind."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema


def test_every_exported_record_matches_the_schema(run_json):
    schema = json.loads(
        resources.files("dateline").joinpath("schema/record.schema.json").read_text("utf-8")
    )
    validator = jsonschema.Draft202012Validator(schema)
    records = run_json("export")
    assert {r["kind"] for r in records} == {"article", "quote", "event"}
    for record in records:
        errors = sorted(validator.iter_errors(record), key=str)
        assert not errors, (record["id"], [e.message for e in errors[:3]])


def test_search_hits_match_the_schema_too(run_json):
    schema = json.loads(
        resources.files("dateline").joinpath("schema/record.schema.json").read_text("utf-8")
    )
    for hit in run_json("search", "refugees"):
        jsonschema.validate(hit, schema)
