"""The whole BBC corpus (2,225 files, one of them cp1252) indexed and searched end to end."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dateline.cli import cli

from .conftest import corpus_or_skip

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def bbc(tmp_path_factory):
    corpus = corpus_or_skip("bbc")
    index_dir = tmp_path_factory.mktemp("bbc-index")
    runner = CliRunner()
    result = runner.invoke(
        cli, ["index", "--corpus", str(corpus), "--index-dir", str(index_dir), "--jobs", "2"]
    )
    return runner, corpus, index_dir, result


def test_every_file_is_indexed_and_the_cp1252_one_is_named(bbc):
    _runner, _corpus, _index_dir, result = bbc
    assert result.exit_code == 0, result.output
    assert "2,225 added" in result.stderr
    assert "sport/199.txt: not valid UTF-8" in result.stderr


def test_search_quotes_and_speakers_on_bbc(bbc):
    runner, corpus, index_dir, _ = bbc
    where = ["--corpus", str(corpus), "--index-dir", str(index_dir)]
    hits = json.loads(runner.invoke(cli, ["search", "election", *where, "--format", "json"]).stdout)
    assert len(hits) == 20
    blair = json.loads(
        runner.invoke(cli, ["quotes", "--speaker", "blair", *where, "--format", "json"]).stdout
    )
    # the filter matches the canonical name or the words naming the speaker in the text
    assert blair and all(
        "Blair" in h["speaker"]["name"] or "Blair" in h["speaker"]["mention"]["text"] for h in blair
    )
    rows = json.loads(runner.invoke(cli, ["speakers", *where, "--format", "json"]).stdout)
    assert any(r["name"] == "Tony Blair" for r in rows)
