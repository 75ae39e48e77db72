"""`dateline push`: records into Elasticsearch. No server runs here, so: every record of the
seeds (and of BBC) is checked against the mapping; the checker is shown to refuse what
Elasticsearch refuses; the push runs through the client's own transport, on a node that answers
from a recorded sequence of responses; and a real server is used when DATELINE_ES_URL names one."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import shutil
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dateline.cli import cli
from dateline.corpus import documents, load_corpus
from dateline.engines.elastic import mapping
from dateline.engines.elastic.mapping import MappingError, check

from .conftest import REPO, corpus_or_skip

pytest.importorskip("pyarrow")
pytest.importorskip("distributed")
pytest.importorskip("elasticsearch")  # the extra; its absence is played by the test that needs it

SEED_RECORDS = 91


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Path:
    """The seed corpus's records folder, as `dateline records` writes it."""
    from dateline.partitions import write_records_folder

    root = tmp_path_factory.mktemp("seeds")
    shutil.copy(REPO / "corpus.yaml", root / "corpus.yaml")
    shutil.copytree(REPO / "seeds", root / "seeds")
    out = root / "records"
    written = write_records_folder(load_corpus(root / "corpus.yaml"), out, workers=1)
    assert written.records == SEED_RECORDS
    return out


def _seed_rows(folder: Path) -> list[dict[str, Any]]:
    from dateline.parquet import read_rows

    return [row for path in sorted(folder.glob("part-*.parquet")) for row in read_rows(path)]


# --- the documents and the mapping ---------------------------------------------------------


def test_every_seed_record_is_a_document_the_mapping_takes(seeds):
    from dateline.parquet import SENTENCES, as_record

    rows = _seed_rows(seeds)
    assert len(rows) == SEED_RECORDS
    for seq, row in enumerate(rows):
        doc = mapping.document(as_record(row), seq)
        check(doc)
        # a hit's _source gives the record back as `dateline export` prints it
        assert mapping.record_of(doc) == {k: v for k, v in row.items() if k != SENTENCES}
    assert any(p.get("location") for r in rows for p in mapping.document(as_record(r))["places"])


def _refused(doc: Any) -> tuple[int, list[str]]:
    """A document's records, checked against the mapping: how many, and those refused."""
    from dateline.build import prepared, records_for

    ready, _note = prepared(doc, False)
    if ready is None:
        return 0, []
    records = records_for(ready)
    refused = []
    for record in records:
        try:
            check(mapping.document(record))
        except MappingError as exc:
            refused.append(f"{record.id}: {exc}")
    return len(records), refused


@pytest.mark.corpus
def test_every_bbc_record_is_a_document_the_mapping_takes():
    corpus = load_corpus(corpus_or_skip("bbc"))
    docs = documents(corpus, warn=lambda _m: None)
    with multiprocessing.get_context("fork").Pool(2) as pool:
        results = list(pool.imap(_refused, docs, chunksize=16))
    assert len(results) == 2225
    assert sum(n for n, _ in results) > 20_000
    assert [r for _, refused in results for r in refused] == []


def test_the_mapping_is_within_an_index_s_limits():
    mapping.check_mapping()
    many = {"properties": {f"f{n}": {"type": "keyword"} for n in range(1001)}}
    with pytest.raises(MappingError, match="1,001 fields"):
        mapping.check_mapping(many)
    deep: dict[str, Any] = {"type": "keyword"}
    for _ in range(21):
        deep = {"properties": {"x": deep}}
    with pytest.raises(MappingError, match="levels"):
        mapping.check_mapping(deep)


@pytest.fixture(scope="module")
def quote(seeds) -> dict[str, Any]:
    """A seed quote's document, with places: the checker's cases change a copy of it."""
    from dateline.parquet import as_record

    row = next(r for r in _seed_rows(seeds) if r["kind"] == "quote" and r.get("places"))
    return mapping.document(as_record(row), 7)


def _with(doc: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of `doc` with `path` (dotted; a number picks a list item) set to value."""
    changed = json.loads(json.dumps(doc))
    *parents, last = path.split(".")
    node = changed
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return changed


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("colour", "red", "colour: not in the mapping"),
        ("speaker.shoe_size", 44, "speaker.shoe_size: not in the mapping"),
        ("places.0.elevation", 3, "places.elevation: not in the mapping"),
        ("search.seq", "7", "search.seq: a long field"),
        ("search.seq", True, "search.seq: a long field"),
        ("search.seq", 1.5, "search.seq: a long field"),
        ("search.seq", 2**63, "out of the range of a long"),
        ("quote_kind", 3, "quote_kind: a keyword field"),
        ("crawl_date", "no", "crawl_date: a boolean field"),
        ("speaker", "Philip Reeker", "speaker: an object is mapped"),
        ("places.0.lat", float("nan"), "a double is finite"),
        ("places.0.location", {"lat": 95.0, "lon": 10.0}, "places.location: a geo_point's lat"),
        ("places.0.location", {"lat": 10.0, "lon": -181.0}, "places.location: a geo_point's"),
        ("places.0.location", {"lat": 10.0}, "places.location: a geo_point is {lat, lon}"),
        ("places.0.location", "10,20", "places.location: a geo_point is"),
        ("places.0.location", {"lat": "10", "lon": 20}, "places.location: a geo_point's"),
        ("search.days", {"gte": "2002-06-13", "lte": "2002-06-01"}, "from 2002-06-13 back to"),
        ("search.days", {"gte": "2002-06", "lte": "2002-06-30"}, "search.days.gte: a day"),
        ("search.days", {"gte": "2002-02-30"}, "search.days.gte: a day as yyyy-MM-dd"),
        ("search.days", {"from": "2002-06-01"}, "search.days: a date_range is {gte, lte}"),
        ("id", "x" * 513, "id: 513 bytes; an _id is at most 512"),
        ("id", "", "id: the document's _id"),
        ("title", "bad \udcff name", "title: not UTF-8 (a lone surrogate)"),
        ("doc_id", "é" * 16_384, "doc_id: a keyword of 32,768 bytes"),
        ("speaker.name", "é" * 16_384, "speaker.name.raw: a keyword of 32,768 bytes"),
    ],
)
def test_the_checker_refuses_what_elasticsearch_refuses(quote, path, value, message):
    check(quote)  # as it is, it passes
    with pytest.raises(MappingError, match=re.escape(message)):
        check(_with(quote, path, value))


def test_the_checker_takes_a_long_text_where_it_is_not_a_term(quote):
    check(_with(quote, "text", "é" * 20_000))  # analysed text, not one term
    check(
        _with(quote, "sentence.text", "é" * 20_000)
    )  # stored only: neither indexed nor a doc value
    check(_with(quote, "search.days", {"gte": "2002-06-01", "lte": "2002-06-01"}))


def test_the_checker_counts_nested_objects(quote):
    place = quote["places"][0]
    check(_with(quote, "places", [place] * 9_999))  # and the speaker makes 10,000
    with pytest.raises(MappingError, match="10,001 nested objects"):
        check(_with(quote, "places", [place] * 10_000))


def test_the_template_is_for_the_versioned_indices_and_above_the_built_in_ones():
    template = mapping.index_template("news-*")
    assert template["index_patterns"] == ["news-*"]
    assert template["priority"] > 500
    assert template["template"]["mappings"]["dynamic"] == "strict"


# --- the push, through the client's own transport --------------------------------------------


@dataclass
class Request:
    method: str
    target: str
    body: bytes | None

    @property
    def path(self) -> str:
        return self.target.split("?")[0]

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def lines(self) -> list[dict[str, Any]]:
        """A bulk request's body, line by line."""
        return [json.loads(line) for line in (self.body or b"").splitlines()]


ELASTIC = {"content-type": "application/json", "x-elastic-product": "Elasticsearch"}


class Server:
    """What a recorded server answers, in order, and the requests it was sent. An answer is
    (status, body) or a function of the request that gives one."""

    def __init__(self, *answers: Any, headers: dict[str, str] | None = None) -> None:
        self.answers = list(answers)
        self.requests: list[Request] = []
        self.headers = ELASTIC if headers is None else headers

    def node_class(self) -> type:
        from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
        from elastic_transport._node import NodeApiResponse

        server = self

        class Recorded(BaseNode):
            def perform_request(self, method, target, body=None, headers=None, **_kw):
                request = Request(method, target, body)
                server.requests.append(request)
                assert server.answers, f"no answer left for {method} {target}"
                answer = server.answers.pop(0)
                status, payload = answer(request) if callable(answer) else answer
                meta = ApiResponseMeta(
                    status=status, http_version="1.1", headers=HttpHeaders(server.headers),
                    duration=0.0, node=self.config,
                )  # fmt: skip
                return NodeApiResponse(meta, json.dumps(payload).encode())

        return Recorded

    def calls(self) -> list[tuple[str, str]]:
        """(method, path) of each request, the new index's name as NEW."""
        new = next((r.path.strip("/") for r in self.requests if r.method == "PUT"
                    and not r.path.startswith("/_")), "NEW")  # fmt: skip
        return [(r.method, r.path.replace(new, "NEW")) for r in self.requests]


OK = (200, {"acknowledged": True})
REFRESHED = (200, {"_shards": {"total": 1, "successful": 1, "failed": 0}})
NO_ALIAS = (404, {"error": "alias [dateline] missing", "status": 404})
OLD = "dateline-20240101-000000-000000"
ALIASED = (200, {OLD: {"aliases": {"dateline": {}}}})


def created(request: Request) -> tuple[int, dict]:
    """A bulk request all of whose documents are taken."""
    return 200, _items(request, {})


def _items(request: Request, errors: dict[str, tuple[int, dict]]) -> dict[str, Any]:
    items = []
    index = request.path.strip("/").split("/")[0]
    for line in request.lines()[::2]:
        (op, action), = line.items()  # fmt: skip
        status, error = errors.get(action["_id"], (201, None))
        item = {"_index": index, "_id": action["_id"], "status": status}
        item.update({"error": error} if error else {"result": "created"})
        items.append({op: item})
    return {"took": 1, "errors": bool(errors), "items": items}


def refusing(errors: dict[int, tuple[int, dict]]):
    """A bulk answer refusing the documents at these places, the others taken."""

    def answer(request: Request) -> tuple[int, dict]:
        ids = [line["create"]["_id"] for line in request.lines()[::2]]
        return 200, _items(request, {ids[n]: error for n, error in errors.items()})

    return answer


TOO_MANY = (429, {"type": "es_rejected_execution_exception", "reason": "rejected execution"})
UNPARSED = (400, {
    "type": "document_parsing_exception",
    "reason": "[1:62] failed to parse field [search.seq] of type [long]",
    "caused_by": {"type": "illegal_argument_exception", "reason": 'For input string: "x"'},
})  # fmt: skip


def count(n: int) -> tuple[int, dict]:
    return 200, {"count": n, "_shards": {"total": 1, "successful": 1}}


@pytest.fixture
def sleeps(monkeypatch) -> list[float]:
    """The bulk helper's waits before a retry, recorded instead of slept."""
    from elasticsearch.helpers import actions

    waited: list[float] = []
    monkeypatch.setattr(actions.time, "sleep", waited.append)
    return waited


def _push(seeds: Path, server: Server, warned: list[str] | None = None, **kwargs: Any):
    from dateline.engines.elastic.push import push

    note = warned.append if warned is not None else (lambda _m: None)
    options = {"node_class": server.node_class(), "max_retries": 0}
    return push(seeds, "http://es.test:9200", warn=note, client_options=options, **kwargs)


def test_a_clean_push_retries_a_429_and_switches_the_alias_in_one_call(seeds, sleeps):
    from dateline.engines.elastic.push import BACKOFF

    server = Server(OK, OK, refusing({4: TOO_MANY}), created, REFRESHED, count(SEED_RECORDS),
                    ALIASED, OK, OK)  # fmt: skip
    progressed: list[int] = []
    pushed = _push(seeds, server, progress=progressed.append)
    assert server.calls() == [
        ("PUT", "/_index_template/dateline"),
        ("PUT", "/NEW"),
        ("PUT", "/NEW/_bulk"),
        ("PUT", "/NEW/_bulk"),
        ("POST", "/NEW/_refresh"),
        ("POST", "/NEW/_count"),
        ("GET", "/_alias/dateline"),
        ("POST", "/_aliases"),
        ("DELETE", f"/{OLD}"),
    ]
    template, create, bulk, retry, *_, switch, _delete = server.requests
    assert template.json()["index_patterns"] == ["dateline-*"]
    assert template.json()["template"]["mappings"] == mapping.mapping()
    assert create.json()["mappings"] == mapping.mapping()
    new = create.path.strip("/")
    assert re.fullmatch(r"dateline-\d{8}-\d{6}-\d{6}", new)
    # every record, in corpus order, created under its record id; the retry holds the 429'd one
    lines = bulk.lines()
    actions, docs = lines[::2], lines[1::2]
    ids = [row["id"] for row in _seed_rows(seeds)]
    assert [a["create"]["_id"] for a in actions] == ids == [d["id"] for d in docs]
    assert [d["search"]["seq"] for d in docs] == list(range(SEED_RECORDS))
    assert retry.lines() == lines[8:10]
    assert sleeps == [BACKOFF]
    assert switch.json() == {"actions": [
        {"remove": {"index": OLD, "alias": "dateline"}},
        {"add": {"index": new, "alias": "dateline"}},
    ]}  # fmt: skip
    assert (pushed.index, pushed.records, pushed.replaced) == (new, SEED_RECORDS, [OLD])
    assert sum(progressed) == SEED_RECORDS
    assert pushed.summary() == (
        f"pushed 91 records to http://es.test:9200: dateline is {new} (was {OLD})"
    )


def test_a_first_push_only_adds_the_alias(seeds):
    server = Server(OK, OK, created, REFRESHED, count(SEED_RECORDS), NO_ALIAS, OK)
    pushed = _push(seeds, server)
    assert server.calls()[-2:] == [("GET", "/_alias/dateline"), ("POST", "/_aliases")]
    assert server.requests[-1].json() == {
        "actions": [{"add": {"index": pushed.index, "alias": "dateline"}}]
    }
    assert pushed.replaced == [] and "(was" not in pushed.summary()


def test_a_failed_document_is_counted_and_named_and_the_alias_stays(seeds, sleeps):
    from dateline.engines.elastic.push import PushFailed

    server = Server(OK, OK, refusing({2: UNPARSED, 5: TOO_MANY}), created, REFRESHED,
                    count(SEED_RECORDS - 1), OK)  # fmt: skip
    warned: list[str] = []
    with pytest.raises(PushFailed) as failed:
        _push(seeds, server, warned)
    assert server.calls()[-3:] == [
        ("POST", "/NEW/_refresh"), ("POST", "/NEW/_count"), ("DELETE", "/NEW"),
    ]  # fmt: skip
    assert not any(path == "/_aliases" for _, path in server.calls())
    third = _seed_rows(seeds)[2]["id"]
    reason = (
        "400 document_parsing_exception: [1:62] failed to parse field [search.seq] of type "
        '[long] (For input string: "x")'
    )
    assert [(f.id, f.reason) for f in failed.value.failures] == [(third, reason)]
    assert str(failed.value) == (
        f"http://es.test:9200: 1 of 91 records failed to load (the first, {third}: {reason}); "
        "dateline is as it was"
    )
    assert warned == [f"{third}: {reason}"]
    assert len(server.requests[3].lines()) == 2  # the 429'd one was retried, and taken


def test_a_bulk_request_refused_whole_fails_each_of_its_documents(seeds):
    from dateline.engines.elastic.push import PushFailed

    whole = (413, {"error": {"type": "content_too_long", "reason": "too long"}, "status": 413})
    server = Server(OK, OK, whole, REFRESHED, count(0), OK)
    warned: list[str] = []
    with pytest.raises(PushFailed, match="91 of 91 records failed") as failed:
        _push(seeds, server, warned)
    assert len(failed.value.failures) == SEED_RECORDS
    assert failed.value.failures[0].reason.startswith("413 ")
    assert len(warned) == 21 and warned[-1] == "... and 71 more records failed"
    assert server.calls()[-1] == ("DELETE", "/NEW")


def test_an_index_short_of_the_records_sent_is_not_switched_to(seeds):
    from dateline.engines.elastic.push import PushFailed

    server = Server(OK, OK, created, REFRESHED, count(90), OK)
    with pytest.raises(PushFailed, match="holds 90 documents, not the 91 records sent"):
        _push(seeds, server)
    assert server.calls()[-1] == ("DELETE", "/NEW")


def test_a_document_the_mapping_refuses_is_not_sent_and_fails_the_push(seeds, monkeypatch):
    from dateline.engines.elastic import push as pushing

    document = mapping.document

    def one_bad(record, seq):
        doc = document(record, seq)
        return {**doc, "colour": "red"} if seq == 3 else doc

    monkeypatch.setattr(pushing.mapping, "document", one_bad)
    server = Server(OK, OK, created, REFRESHED, count(SEED_RECORDS - 1), OK)
    with pytest.raises(pushing.PushFailed, match="refused before sending: colour: not in the"):
        _push(seeds, server)
    assert len(server.requests[2].lines()) == 2 * (SEED_RECORDS - 1)


def test_a_server_that_is_not_elasticsearch_is_named(seeds):
    from dateline.engines.elastic.push import PushError

    server = Server(OK, headers={"content-type": "application/json"})  # as OpenSearch answers
    with pytest.raises(PushError, match=r"es.test:9200: not Elasticsearch \(.*opensearch-py"):
        _push(seeds, server)


def test_an_elasticsearch_8_server_says_which_client_to_install(seeds):
    from dateline.engines.elastic.push import PushError

    refused = (400, {"error": {"type": "media_type_header_exception", "reason": "Invalid media-type"
                               " value on headers [Accept]"}, "status": 400})  # fmt: skip
    with pytest.raises(PushError, match=re.escape("pip install 'elasticsearch>=8,<9'")):
        _push(seeds, Server(refused))


def test_the_server_s_errors_are_one_line(seeds):
    from dateline.engines.elastic.push import PushError

    with pytest.raises(PushError, match=r"credentials: give them in the URL"):
        _push(seeds, Server((401, {"error": {"type": "security_exception"}, "status": 401})))
    exists = (400, {"error": {"type": "invalid_alias_name_exception", "reason": "Invalid alias "
              "name [dateline]: an index or data stream exists with the same name as the alias"},
              "status": 400})  # fmt: skip
    server = Server(OK, OK, created, REFRESHED, count(SEED_RECORDS), NO_ALIAS, exists, OK)
    with pytest.raises(PushError, match="400 invalid_alias_name_exception: Invalid alias name"):
        _push(seeds, server)
    assert server.calls()[-1] == ("DELETE", "/NEW")


# --- the command -----------------------------------------------------------------------------


def _invoke(*args: str):
    return CliRunner().invoke(cli, ["push", *args])


def test_push_prints_one_line_on_stderr_and_nothing_on_stdout(seeds, monkeypatch):
    from dateline.engines.elastic import push as pushing

    server = Server(OK, OK, created, REFRESHED, count(SEED_RECORDS), NO_ALIAS, OK)
    push = pushing.push

    def recorded(*args, **kwargs):
        return push(*args, **kwargs, client_options={"node_class": server.node_class()})

    monkeypatch.setattr(pushing, "push", recorded)
    result = _invoke("--records", str(seeds), "--to", "http://es.test:9200", "--index", "news")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert re.fullmatch(r"pushed 91 records to http://es.test:9200: news is news-[\d-]+\n",
                        result.stderr)  # fmt: skip
    assert server.calls()[0] == ("PUT", "/_index_template/news")


def test_push_without_the_extra_says_what_to_install(seeds, monkeypatch):
    monkeypatch.setitem(sys.modules, "elasticsearch", None)  # as if not installed
    monkeypatch.setitem(sys.modules, "elasticsearch.helpers", None)
    result = _invoke("--records", str(seeds), "--to", "http://127.0.0.1:9")
    assert result.exit_code == 2
    assert result.stderr == (
        "dateline: error: dateline push needs elasticsearch: "
        "pip install 'dateline[elasticsearch]'\n"
    )


def test_push_to_a_port_nobody_listens_on_fails_in_one_line(seeds):
    result = _invoke("--records", str(seeds), "--to", "http://127.0.0.1:9")
    assert result.exit_code == 2
    assert result.stderr == (
        "dateline: error: http://127.0.0.1:9: cannot reach Elasticsearch (Connection refused)\n"
    )


def test_push_needs_a_complete_records_folder(tmp_path, seeds):
    missing = _invoke("--records", str(tmp_path / "nothing"), "--to", "http://127.0.0.1:9")
    assert missing.exit_code == 2 and "nothing: no such folder" in missing.stderr
    empty = _invoke("--records", str(tmp_path), "--to", "http://127.0.0.1:9")
    assert empty.exit_code == 2 and "no _manifest.json in it" in empty.stderr
    half = tmp_path / "half"
    shutil.copytree(seeds, half)
    manifest = json.loads((half / "_manifest.json").read_text())
    (half / "_manifest.json").write_text(json.dumps({**manifest, "complete": False}))
    unfinished = _invoke("--records", str(half), "--to", "http://127.0.0.1:9")
    assert unfinished.exit_code == 2 and "its records are not complete" in unfinished.stderr
    for result in (missing, empty, unfinished):
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_push_refuses_an_index_name_elasticsearch_would(seeds):
    for name in ("News", "_news", "news*", "a b", "x" * 201):
        result = _invoke("--records", str(seeds), "--to", "http://127.0.0.1:9", "--index", name)
        assert result.exit_code == 2 and "an index name is lowercase" in result.stderr, name


def test_a_password_in_the_url_is_not_printed(seeds):
    result = _invoke("--records", str(seeds), "--to", "http://pushy:s3cret@127.0.0.1:9")
    assert result.exit_code == 2
    assert "s3cret" not in result.stderr and "http://pushy:***@127.0.0.1:9" in result.stderr


# --- a real server ---------------------------------------------------------------------------

REAL = os.environ.get("DATELINE_ES_URL")


@pytest.mark.skipif(not REAL, reason="no Elasticsearch server: set DATELINE_ES_URL to push to one")
def test_the_seeds_pushed_twice_to_a_real_server(seeds):
    import elasticsearch

    from dateline.engines.elastic.push import push
    from dateline.parquet import SENTENCES

    name = f"dateline-test-{uuid.uuid4().hex[:8]}"
    client = elasticsearch.Elasticsearch(REAL)
    made: list[str] = []
    try:
        first = push(seeds, REAL, name)
        made.append(first.index)
        second = push(seeds, REAL, name)
        made.append(second.index)
        assert second.replaced == [first.index]
        assert sorted(client.indices.get_alias(name=name).body) == [second.index]
        assert not client.indices.exists(index=first.index)
        assert client.count(index=name)["count"] == SEED_RECORDS
        row = _seed_rows(seeds)[1]
        source = client.get(index=name, id=row["id"])["_source"]
        assert mapping.record_of(source) == {k: v for k, v in row.items() if k != SENTENCES}
        assert client.indices.get_mapping(index=name)[second.index]["mappings"]["dynamic"] == (
            "strict"
        )
    finally:  # by name: a server may refuse to delete by wildcard
        gone = client.options(ignore_status=404)
        for index in made:
            gone.indices.delete(index=index)
        gone.indices.delete_index_template(name=name)
