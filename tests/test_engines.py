"""Choosing the search engine: --engine, DATELINE_ENGINE, and an index written by the other."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from dateline.cli import cli, corpus_options
from dateline.engines import ENGINES


def test_an_unknown_engine_in_the_environment_is_a_one_line_error(run, monkeypatch):
    monkeypatch.setenv("DATELINE_ENGINE", "lucene")
    result = run("search", "refugees")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "dateline: error: DATELINE_ENGINE 'lucene': no such engine; use one of whoosh, sqlite, "
        "or the URL of an Elasticsearch index, http://localhost:9200/dateline"
    ]


def test_an_unknown_engine_option_is_refused_by_name(run):
    result = run("search", "refugees", "--engine", "lucene")
    assert result.exit_code == 2 and "--engine" in result.stderr


def test_the_engine_option_offers_every_engine():
    @corpus_options
    def command(**_kwargs):  # pragma: no cover - only its options are read
        pass

    (option,) = [p for p in command.__click_params__ if p.name == "engine"]
    assert list(option.type.choices) == list(ENGINES)
    for name in ENGINES:  # each by name, in any case
        assert option.type.convert(name.upper(), option, None) == name
    # and a server's index by its URL, which the option keeps as written
    url = "https://User:pw@es.example:9200/news-2024"
    assert option.type.convert(url, option, None) == url
    with pytest.raises(click.BadParameter, match="'lucene' is not one of.*URL of an Elastic"):
        option.type.convert("lucene", option, None)


def test_the_sqlite_engine_writes_one_file_per_generation_and_updates_it(run, tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text('Port\n\n"The port is closed," said Jo Lind.', encoding="utf-8")
    sqlite = ("--corpus", str(news), "--engine", "sqlite")
    assert run("index", *sqlite).exit_code == 0
    (gen,) = (news / ".dateline").glob("gen-*")
    assert (gen / "records.sqlite").is_file()
    (news / "b.txt").write_text('Flood\n\n"The river rose," said Ines Varga.', encoding="utf-8")
    found = run("quotes", "--speaker", "varga", *sqlite, "--format", "json")
    assert "1 added" in found.stderr, found.stderr
    assert [q["speaker"]["name"] for q in json.loads(found.stdout)] == ["Ines Varga"]
    (news / "b.txt").unlink()
    gone = run("quotes", "--speaker", "varga", *sqlite, "--format", "json")
    assert gone.exit_code == 1 and "1 removed" in gone.stderr
    kept = run("quotes", "--speaker", "lind", *sqlite, "--format", "json")
    assert [q["speaker"]["name"] for q in json.loads(kept.stdout)] == ["Jo Lind"]


def test_an_index_written_by_one_engine_is_rebuilt_for_the_other(run):
    assert run("index").exit_code == 0
    result = run("search", "refugees", "--engine", "sqlite", "--format", "json")
    assert "written by the whoosh engine; rebuilding it for sqlite" in result.stderr
    assert result.exit_code == 0 and json.loads(result.stdout)
    again = run("search", "refugees", "--engine", "sqlite", "--format", "json")
    assert "rebuilding" not in again.stderr and "updating" not in again.stderr


def test_the_environment_chooses_the_engine_when_no_option_does(run, monkeypatch, seed_corpus):
    monkeypatch.setenv("DATELINE_ENGINE", "sqlite")
    assert run("index").exit_code == 0
    (gen,) = (seed_corpus.parent / ".dateline").glob("gen-*")
    assert (gen / "records.sqlite").is_file()
    runner = CliRunner()
    assert runner.invoke(cli, ["search", "refugees", "--format", "json"]).exit_code == 0


def _manifest_engine(seed_corpus, engine: str) -> None:
    text = seed_corpus.read_text(encoding="utf-8")
    seed_corpus.write_text(f"engine: {engine}\n{text}", encoding="utf-8")


def test_the_manifest_chooses_the_engine_below_the_environment(run, monkeypatch, seed_corpus):
    _manifest_engine(seed_corpus, "sqlite")
    monkeypatch.delenv("DATELINE_ENGINE", raising=False)
    assert run("index").exit_code == 0
    (gen,) = (seed_corpus.parent / ".dateline").glob("gen-*")
    assert (gen / "records.sqlite").is_file()
    monkeypatch.setenv("DATELINE_ENGINE", "whoosh")
    result = run("search", "refugees", "--format", "json")
    assert "written by the sqlite engine; rebuilding it for whoosh" in result.stderr
    assert result.exit_code == 0 and json.loads(result.stdout)


def test_an_unknown_engine_in_the_manifest_names_its_line(run, monkeypatch, seed_corpus):
    _manifest_engine(seed_corpus, "lucene")
    monkeypatch.delenv("DATELINE_ENGINE", raising=False)
    result = run("search", "refugees")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"dateline: error: {seed_corpus}:1: engine 'lucene': no such engine; "
        "use one of whoosh, sqlite, or the URL of an Elasticsearch index, "
        "http://localhost:9200/dateline"
    ]
    assert not (seed_corpus.parent / ".dateline").exists()
