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


def test_the_schema_file_is_written_from_the_table_of_fields():
    """record.schema.json is `python -m dateline.schema`'s output: edit FIELDS, then run it."""
    from dateline.schema import SCHEMA_FILE, schema_text

    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text()


def test_every_field_of_the_table_is_on_a_record_of_its_kinds(run_json):
    """A field declared for a kind of record that never carries it would be a lie in the
    schema: each required one is on every record of its kinds."""
    from dateline.schema import FIELDS

    records = run_json("export")
    for field in FIELDS:
        if field.required:
            holders = [r for r in records if r["kind"] in field.on]
            assert holders and all(field.name in r for r in holders), field.name


def test_the_default_csv_columns_come_from_the_table(run):
    from dateline.schema import CSV_COLUMNS

    result = run("export", "--format", "csv")
    assert result.stdout.splitlines()[0] == ",".join(CSV_COLUMNS)
    assert CSV_COLUMNS[:3] == ("id", "kind", "doc_id") and "speaker.name" in CSV_COLUMNS


def test_an_article_record_counts_its_words_as_wc_does(run, tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text("Harbour\n\nThe ferry  left\tat noon, on time.\n", encoding="utf-8")
    result = run("export", "--corpus", str(news), "--kind", "article", "--format", "json")
    (article,) = json.loads(result.stdout)
    assert article["words"] == 8
