"""For the Elasticsearch engine's tests: the documents of a corpus as `dateline push` writes
them (mapping.document, in corpus order), and a server that answers from recorded responses
through the official client's own transport (a node class in place of its HTTP one)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport._node import NodeApiResponse

from dateline.build import records_for
from dateline.corpus import documents, load_corpus
from dateline.engines.elastic.mapping import document
from dateline.model import Record


def corpus_records(manifest: Path) -> list[Record]:
    """Every record of a corpus, annotated as `dateline index` annotates it, in corpus order."""
    corpus = load_corpus(str(manifest))
    return [r for doc in documents(corpus) for r in records_for(doc, tuple(corpus.events))]


def corpus_documents(manifest: Path) -> list[dict[str, Any]]:
    """What is pushed for each record of a corpus: its document, `seq` its place."""
    return [document(r, seq) for seq, r in enumerate(corpus_records(manifest))]


def hit(doc: dict[str, Any], score: float | None = 1.0, sort: list | None = None) -> dict:
    """A search hit as the server returns it for a document."""
    return {
        "_index": "news",
        "_id": doc["id"],
        "_score": score,
        "_source": doc,
        "sort": sort if sort is not None else [doc["search"]["seq"], doc["id"]],
    }


def hits(found: list[dict], total: int | None = None, **extra: Any) -> dict[str, Any]:
    """A search response holding these hits (and `aggregations`, `suggest`, ... as given)."""
    body: dict[str, Any] = {"took": 1, "timed_out": False, "hits": {"hits": found}}
    if total is not None:
        body["hits"]["total"] = {"value": total, "relation": "eq"}
    return {**body, **extra}


def error(status: int, kind: str, reason: str) -> tuple[int, dict[str, Any]]:
    cause = {"type": kind, "reason": reason}
    return status, {"error": {"root_cause": [cause], **cause}, "status": status}


class Recorded:
    """A server of recorded answers, given in the order the requests come: a body (status
    200), or (status, body); it keeps each request as (method, path, body)."""

    def __init__(self, *answers: Any):
        self.answers = list(answers)
        self.requests: list[tuple[str, str, Any]] = []

    def answer(self, method: str, target: str, body: Any) -> tuple[int, Any]:
        self.requests.append((method, target.partition("?")[0], body))
        if not self.answers:
            raise AssertionError(f"no answer recorded for {method} {target} {body}")
        answer = self.answers.pop(0)
        return answer if isinstance(answer, tuple) else (200, answer)

    def node_class(self) -> type[BaseNode]:
        """A node of the client's transport that asks this server instead of the network."""
        server = self

        class RecordedNode(BaseNode):
            _CLIENT_META_HTTP_CLIENT = ("rec", "1")

            def perform_request(self, method, target, body=None, headers=None, **_kw):
                sent = json.loads(body) if body else None
                status, answer = server.answer(method, target, sent)
                meta = ApiResponseMeta(
                    status=status,
                    http_version="1.1",
                    headers=HttpHeaders(
                        {"x-elastic-product": "Elasticsearch", "content-type": "application/json"}
                    ),
                    duration=0.0,
                    node=self.config,
                )
                return NodeApiResponse(meta, json.dumps(answer).encode("utf-8"))

            def close(self) -> None:
                pass

        return RecordedNode

    def connect(self) -> Callable[[str], Any]:
        """What replaces `dateline.engines.elastic.connect` to reach this server."""
        from elasticsearch import Elasticsearch

        return lambda server: Elasticsearch(server, node_class=self.node_class())
