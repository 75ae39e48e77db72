"""A records folder (`dateline records`) loaded into Elasticsearch: `dateline push`.

Each push writes a new index, `<name>-<UTC time>`, made by the composable index template
`<name>` (installed or refreshed first), never the index searches read: every record goes in by
the bulk helper, with `_id` its record id, documents refused with a 429 retried after a wait,
each other failure counted and named. Only when the new index holds every record sent is the
alias `<name>` switched to it, in one atomic call, and the index it pointed at deleted; a push
that fails or is stopped deletes what it wrote and leaves the alias where it was. So pushing
again is idempotent, and the server keeps one live index per name.

Each document is checked against the mapping (`mapping.check`) before it is sent: one that
Elasticsearch would refuse is a failure named here, not a whole bulk request refused there (as
one `_id` over 512 bytes would make it).

The official client comes with the `elasticsearch` extra and is imported on first use. It speaks
only to Elasticsearch: OpenSearch would need opensearch-py, which is not done here.
"""

from __future__ import annotations

import contextlib
import datetime
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateline.corpus import RECORDS_MANIFEST, load_corpus, path_text
from dateline.engines import EngineError
from dateline.engines.elastic import mapping
from dateline.extras import need
from dateline.parquet import as_record, read_rows
from dateline.workers import interrupted_leaves

EXTRA = "elasticsearch"
COMMAND = "dateline push"
CHUNK = 500  # documents per bulk request
CHUNK_BYTES = 10 * 1024 * 1024  # and at most this much: well under http.max_content_length
RETRIES = 6  # of a document refused with 429 (too many requests), after 2, 4, ... 64 s
BACKOFF = 2.0
TIMEOUT = 120.0  # seconds a request may take: a bulk request of large articles is slow
SHOWN = 20  # failures named one by one; the rest are counted
_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]{0,199}")
_ERRNO = re.compile(r"\[Errno -?\d+\] ([^)>\]'\"]+)")


class PushError(EngineError):
    """A push that could not be done, or did not load every record: one line."""


@dataclass(frozen=True)
class Failure:
    """A record that did not go in, and why."""

    id: str
    reason: str


@dataclass
class Pushed:
    """What a push did: the records loaded, the index the alias now names, those it replaced."""

    url: str
    alias: str
    index: str
    records: int = 0
    replaced: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """`pushed 91 records to http://host:9200: dateline is dateline-20240501-... (was ...)`"""
        was = f" (was {', '.join(self.replaced)})" if self.replaced else ""
        return f"pushed {self.records:,} records to {self.url}: {self.alias} is {self.index}{was}"


class PushFailed(PushError):
    """Records failed to load: all of them are in `failures`; the new index was deleted."""

    def __init__(self, message: str, failures: list[Failure]) -> None:
        super().__init__(message)
        self.failures = failures


def push(
    records_dir: str | Path,
    url: str,
    index_name: str = "dateline",
    progress: Callable[[int], None] = lambda _n: None,
    warn: Callable[[str], None] = lambda _m: None,
    client_options: dict[str, Any] | None = None,
) -> Pushed:
    """Load every record of `records_dir` into a new index at `url` and switch the alias
    `index_name` to it. `client_options` go to the client (a node_class, in tests)."""
    es = need("elasticsearch", COMMAND, EXTRA)
    need("elasticsearch.helpers", COMMAND, EXTRA)
    folder = _records_folder(Path(records_dir))
    _check_name(index_name)
    shown = _shown(url)
    try:
        client = es.Elasticsearch(
            url, request_timeout=TIMEOUT, retry_on_timeout=False, **(client_options or {})
        )
    except ValueError as exc:  # not a URL: no scheme, or no host
        raise PushError(f"--to {shown}: {exc}") from None
    with _said(shown, es, warn):
        client.indices.put_index_template(
            name=index_name, **mapping.index_template(f"{index_name}-*")
        )
        new = f"{index_name}-{datetime.datetime.now(datetime.UTC):%Y%m%d-%H%M%S-%f}"
        # the template gives it these too; given here as well, so that another template
        # matching the name, of a higher priority, cannot leave it without them
        client.indices.create(index=new, settings=mapping.SETTINGS, mappings=mapping.mapping())
        interrupted_leaves(f"{index_name} is as it was")
        try:
            records, failures = _load(client, es, new, folder, progress)
            client.indices.refresh(index=new)
            held = client.count(index=new)["count"]
            _check_loaded(shown, index_name, records, failures, held, warn)
            old = _aliased(client, es, index_name)
            client.indices.update_aliases(
                actions=[
                    *({"remove": {"index": index, "alias": index_name}} for index in old),
                    {"add": {"index": new, "alias": index_name}},
                ]
            )
        except BaseException:
            try:
                client.indices.delete(index=new)
            except Exception:
                warn(f"{shown}: {new} could not be deleted; delete it by hand")
            raise
        interrupted_leaves(f"{index_name} is {new}")
        pushed = Pushed(shown, index_name, new, records)
        for index in old:
            if not index.startswith(f"{index_name}-"):  # not one a push made: left as it is
                warn(f"{shown}: {index} no longer has the alias {index_name}; it is left as it is")
                continue
            try:
                client.indices.delete(index=index)
                pushed.replaced.append(index)
            except es.ApiError as exc:  # the push is done: what is left is said, not undone
                warn(f"{shown}: {index}, which {index_name} named, could not be deleted ({exc})")
    return pushed


def _records_folder(path: Path) -> Any:
    """The records folder, complete (see corpus.load_corpus), or a one-line error."""
    where = path_text(path)
    if not path.is_dir():
        raise PushError(f"{where}: no such folder; give the folder `dateline records` wrote")
    if not (path / RECORDS_MANIFEST).is_file():
        raise PushError(
            f"{where}: no {RECORDS_MANIFEST} in it; give the folder `dateline records --out` wrote"
        )
    corpus = load_corpus(path)  # refuses one whose run did not finish
    if not corpus.records:
        raise PushError(f"{where}: not a folder of records")
    return corpus


def _check_name(name: str) -> None:
    if not _NAME.fullmatch(name):
        raise PushError(
            f"--index {name!r}: an index name is lowercase letters, digits, '-', '_' and '.', "
            "starting with a letter or digit, at most 200 of them"
        )


def _documents(corpus: Any, refused: list[Failure]) -> Iterator[dict[str, Any]]:
    """The bulk actions of every record, in corpus order; a record the mapping would refuse is
    put in `refused` instead."""
    seq = 0
    for _source, path in corpus.files():
        for row in read_rows(path):
            doc = mapping.document(as_record(row), seq)
            seq += 1
            try:
                mapping.check(doc)
            except mapping.MappingError as exc:
                refused.append(Failure(str(row.get("id")), f"refused before sending: {exc}"))
                continue
            yield {"_op_type": "create", "_id": doc["id"], "_source": doc}


def _load(
    client: Any, es: Any, index: str, corpus: Any, progress: Callable[[int], None]
) -> tuple[int, list[Failure]]:
    """Every record bulk-loaded into `index`: how many were read, and those that failed (the
    refused first, then each the server did not take, in order)."""
    refused: list[Failure] = []
    failed: list[Failure] = []
    done = 0
    results = es.helpers.streaming_bulk(
        client, _documents(corpus, refused), index=index, chunk_size=CHUNK,
        max_chunk_bytes=CHUNK_BYTES, max_retries=RETRIES, initial_backoff=BACKOFF,
        raise_on_error=False, raise_on_exception=False,
    )  # fmt: skip
    for ok, item in results:
        if not ok:
            failed.append(_failure(item))
        done += 1
        progress(1)
    progress(len(refused))
    return done + len(refused), refused + failed


def _failure(item: dict[str, Any]) -> Failure:
    """A failed bulk item ({"create": {"_id", "status", "error"}}) as id and reason."""
    (info,) = item.values()
    error = info.get("error")
    if isinstance(error, dict):
        reason = f"{error.get('type', 'error')}: {error.get('reason', '')}"
        caused = error.get("caused_by") or {}
        if caused.get("reason"):
            reason += f" ({caused['reason']})"
    else:  # the whole bulk request failed, and with it this document
        reason = str(error)
    return Failure(str(info.get("_id")), f"{info.get('status', '?')} {reason}")


def _check_loaded(
    url: str, alias: str, records: int, failures: list[Failure], held: int, warn: Callable
) -> None:
    """Every failure said (the first SHOWN of them), and a one-line error when any record is
    missing from the new index."""
    for failure in failures[:SHOWN]:
        warn(f"{failure.id}: {failure.reason}")
    if len(failures) > SHOWN:
        warn(f"... and {len(failures) - SHOWN:,} more records failed")
    if failures:
        first = failures[0]
        raise PushFailed(
            f"{url}: {len(failures):,} of {records:,} records failed to load (the first, "
            f"{first.id}: {first.reason}); {alias} is as it was",
            failures,
        )
    if held != records:
        raise PushFailed(
            f"{url}: the new index holds {held:,} documents, not the {records:,} records sent; "
            f"{alias} is as it was",
            [],
        )


def _aliased(client: Any, es: Any, alias: str) -> list[str]:
    """The indices the alias names now (none on a first push)."""
    try:
        return sorted(client.indices.get_alias(name=alias).body)
    except es.NotFoundError:
        return []


@contextlib.contextmanager
def _said(url: str, es: Any, warn: Callable[[str], None]) -> Iterator[None]:
    """The client's errors as one line naming the server; its warnings (deprecations, a server
    without security) said once each."""
    seen: set[str] = set()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", es.ElasticsearchWarning)
        try:
            yield
        except es.UnsupportedProductError:
            raise PushError(
                f"{url}: not Elasticsearch (an OpenSearch server would need opensearch-py, "
                "which dateline does not use)"
            ) from None
        except es.ApiError as exc:
            raise PushError(f"{url}: {_api_error(exc, es)}") from None
        except es.SerializationError as exc:  # what the checker lets through, and JSON cannot
            raise PushError(f"{url}: a document could not be sent as JSON ({exc})") from None
        except es.TransportError as exc:  # no answer: refused, unknown host, TLS, timeout
            raise PushError(f"{url}: cannot reach Elasticsearch ({_why(exc)})") from None
        finally:
            for w in caught:
                if not issubclass(w.category, es.ElasticsearchWarning):
                    warnings.showwarning(w.message, w.category, w.filename, w.lineno)
                elif str(w.message) not in seen:
                    seen.add(str(w.message))
                    warn(f"{url}: {w.message}")


def _api_error(exc: Any, es: Any) -> str:
    """What the server said, in a line, with what to do for the errors a user can fix."""
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error")
    reason = error.get("reason", "") if isinstance(error, dict) else str(error or exc.message)
    if exc.status_code == 401:
        return "the server wants credentials: give them in the URL (https://user:password@host)"
    if exc.status_code == 403:
        return f"the user may not do this ({reason})"
    if exc.message == "media_type_header_exception":
        return (
            "the server is older than this client (it speaks only to Elasticsearch "
            f"{es.__versionstr__.split('.')[0]}): pip install 'elasticsearch>=8,<9' ({reason})"
        )
    return f"{exc.status_code} {exc.message}: {reason}"


def _why(exc: Exception) -> str:
    """The reason under the transport's layers of wrapping: `Connection refused`."""
    text = str(exc)
    found = _ERRNO.search(text)
    if found:
        return found.group(1).strip()
    if "timed out" in text.lower() or "timeout" in type(exc).__name__.lower():
        return f"no answer within {TIMEOUT:.0f} s"
    return text.split(" caused by: ")[-1].strip() or type(exc).__name__


def _shown(url: str) -> str:
    """The URL as messages name it: a password in it left out."""
    return re.sub(r"(//[^/:@]*):[^/@]*@", r"\1:***@", url)
