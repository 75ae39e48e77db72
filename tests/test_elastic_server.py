"""Against a real Elasticsearch server, when DATELINE_ES_URL names one (http://localhost:9200):
the records of the query tests' corpus (tests/fixtures/queries and the seeds) pushed into a new
index with the mapping's settings — mapping.document and the client's bulk helper, as `dateline
push` writes them — then each query shape of the CLI tests (tests/fixtures/elastic/cases.json)
run through `dateline search` on it and on the Whoosh index of the same corpus: the same
records must come back, in the same order where the order is corpus or date order (scores are
not Whoosh's: ranked hits are compared as sets). The index is removed afterwards.

The cases where the server's analysis cannot give Whoosh's answer (see translate.py) are
expected to differ and are marked so; any other difference fails."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from dateline.cli import cli
from dateline.engines.elastic.translate import ranks
from dateline.facets import BY_NAME

from .conftest import REPO
from .elastic_support import corpus_documents
from .regen_elastic import cases, plan_of

SERVER = os.environ.get("DATELINE_ES_URL", "")
pytestmark = pytest.mark.skipif(
    not SERVER,
    reason="no Elasticsearch server: set DATELINE_ES_URL=http://localhost:9200 to run these",
)

# What the server's analysis finds otherwise than Whoosh's, on this corpus (translate.py)
DIFFERENT = {
    "£1,400": "the standard tokenizer drops the currency sign: any 1,400 matches",
    "15%": "the standard tokenizer drops the % sign: any 15 matches",
    "2.5%": "the standard tokenizer drops the % sign: any 2.5 matches",
    "s*": "Whoosh searches a pattern's 50 most frequent words; the server every word",
    "*ing": "Whoosh searches a pattern's 50 most frequent words; the server every word",
    "Blair": "the standard tokenizer keeps Blair's whole, which blair does not find",
}


@pytest.fixture(scope="module")
def indexes(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """The corpus's manifest (with its Whoosh index built) and the URL of its pushed index."""
    from elasticsearch import Elasticsearch, helpers

    from dateline.engines.elastic.mapping import SETTINGS, check, mapping

    folder = tmp_path_factory.mktemp("elastic")
    for entry in (REPO / "tests" / "fixtures" / "queries").iterdir():
        shutil.copy(entry, folder / entry.name)
    shutil.copytree(REPO / "seeds", folder / "seeds")
    manifest = folder / "corpus.yaml"
    built = CliRunner().invoke(
        cli, ["index", "--corpus", str(manifest)], env={"DATELINE_ENGINE": "whoosh"}
    )
    assert built.exit_code == 0, built.output
    client = Elasticsearch(SERVER)
    index = f"dateline-test-{uuid.uuid4().hex[:12]}"
    client.indices.create(index=index, settings=SETTINGS, mappings=mapping())
    try:
        documents = corpus_documents(manifest)
        for doc in documents:
            check(doc)
        actions = ({"_index": index, "_id": d["id"], "_source": d} for d in documents)
        helpers.bulk(client, actions, refresh="wait_for")
        yield str(manifest), f"{SERVER.rstrip('/')}/{index}"
    finally:
        client.indices.delete(index=index, ignore_unavailable=True)
        client.close()


def args_of(case: dict) -> list[str]:
    """The command line of a case: `timeline` for dated records only, else `search`."""
    options = dict(case.get("options", {}))
    if options.pop("dated", False):
        args = ["timeline"]
    else:
        args = ["search", *(f"--kind={kind}" for kind in case.get("kinds", []))]
        if case.get("sort"):
            args += ["--sort", case["sort"]]
    if case["query"]:
        args.append(case["query"])
    for name, value in options.items():
        flag = BY_NAME[name].option if name in BY_NAME else f"--{name}"
        for one in [value] if isinstance(value, str) else value:
            args += [flag, one]
    if case.get("literal"):
        args.append("--literal")
    return [*args, "--format", "json", "--limit", "100000"]


def _ids(manifest: str, engine: str, args: list[str]) -> tuple[int, list[str], str]:
    env = {"DATELINE_CORPUS": manifest, "DATELINE_ENGINE": engine, "DATELINE_INDEX": ""}
    result = CliRunner().invoke(cli, args, env=env)
    printed = json.loads(result.stdout) if result.stdout.strip() else []
    return result.exit_code, [r["id"] for r in printed], result.stderr


CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[f"{n}:{c['query'][:40]}" for n, c in enumerate(CASES)])
def test_the_server_finds_what_whoosh_finds(indexes, case):
    manifest, url = indexes
    args = args_of(case)
    whoosh_code, whoosh, _err = _ids(manifest, "whoosh", args)
    code, found, err = _ids(manifest, url, args)
    ranked = whoosh_code != 2 and ranks(plan_of(case)) and case.get("sort") != "date"
    same = (code, set(found) if ranked else found) == (
        whoosh_code,
        set(whoosh) if ranked else whoosh,
    )
    if not same and case["query"] in DIFFERENT:
        pytest.xfail(DIFFERENT[case["query"]])
    assert code == whoosh_code, err
    if ranked:
        assert set(found) == set(whoosh)
    else:
        assert found == whoosh
