"""Records as Parquet: the Arrow schema, derived from the table of record fields (`schema`), and
the writing and reading of one partition.

Every partition has the same schema, whatever its records hold, so `pandas.read_parquet(DIR)`,
DuckDB and Spark read a folder of them as one table: a record's field is its column (null on
the kinds of record that do not carry it), an object a struct, a list a list. Besides the
record's own fields, an article row has `sentences` [[start, end], ...], which the index keeps
for choosing a hit's snippet. Reading gives back each record's JSON as `dateline export` prints
it: the fields of its kind, the optional keys of an object only when they hold a value.

pyarrow comes with the `dask` extra; this module imports it on first use.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateline.extras import need
from dateline.kinds import RECORD_KINDS
from dateline.model import Record
from dateline.schema import STORED, resolve

if TYPE_CHECKING:
    import pyarrow as pa

SENTENCES = "sentences"  # the article rows' sentence offsets, beside the record's fields


def _pa() -> Any:
    return need("pyarrow", "Parquet records")


def _arrow_type(node: dict[str, Any]) -> pa.DataType:
    pa = _pa()
    node = resolve(node)
    if "enum" in node:
        return pa.string()
    kind = node.get("type")
    if isinstance(kind, list):
        (kind,) = [k for k in kind if k != "null"]
    if kind == "object":
        return pa.struct(
            [pa.field(name, _arrow_type(sub)) for name, sub in node["properties"].items()]
        )
    if kind == "array":
        return pa.list_(_arrow_type(node["items"]))
    simple = {
        "string": pa.string(), "integer": pa.int64(), "number": pa.float64(),
        "boolean": pa.bool_(),
    }  # fmt: skip
    return simple[kind]


def arrow_schema() -> pa.Schema:
    pa = _pa()
    fields = [pa.field(f.name, _arrow_type(f.type)) for f in STORED]
    fields.append(pa.field(SENTENCES, pa.list_(pa.list_(pa.int64()))))
    return pa.schema(fields)


def write_partition(rows: list[dict[str, Any]], path: Path) -> None:
    """Rows (a record's JSON, and `sentences` on an article's) as one Parquet file, written
    beside and renamed: a killed writer leaves no part of a file under `path`'s name."""
    pa = _pa()
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(rows, schema=arrow_schema())
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def doc_ids(path: Path) -> list[str]:
    """The documents of a partition, in order, each once: only their column is read."""
    _pa()
    import pyarrow.parquet as pq

    column = pq.read_table(path, columns=["doc_id", "kind"])
    ids = column.column("doc_id").to_pylist()
    kinds = column.column("kind").to_pylist()
    return [doc_id for doc_id, kind in zip(ids, kinds, strict=True) if kind == "article"]


def read_rows(path: Path) -> Iterator[dict[str, Any]]:
    """Each row of a partition, as written: the record's JSON and, on an article, `sentences`."""
    _pa()
    import pyarrow.parquet as pq

    by_kind = {kind: [f for f in STORED if kind in f.on] for kind in RECORD_KINDS}
    for batch in pq.ParquetFile(path).iter_batches(batch_size=2048):
        for row in batch.to_pylist():
            record = {f.name: _json(row[f.name], f.type) for f in by_kind[row["kind"]]}
            if row["kind"] == "article":
                record[SENTENCES] = row[SENTENCES] or []
            yield record


def as_record(row: dict[str, Any]) -> Record:
    """A row as `read_rows` gives it back, as the Record it was written from."""
    data = {k: v for k, v in row.items() if k not in ("id", "kind", "doc_id", SENTENCES)}
    sentences = tuple(tuple(pair) for pair in row.get(SENTENCES) or ())
    return Record(row["id"], row["kind"], row["doc_id"], data, sentences)


def _json(value: Any, node: dict[str, Any]) -> Any:
    """A value read from Arrow as the record's JSON holds it: an object keeps its optional keys
    only where they hold a value, as the annotators write them."""
    if value is None:
        return None
    node = resolve(node)
    if isinstance(value, dict):
        required = set(node.get("required", ()))
        props = node["properties"]
        return {
            key: _json(sub, props[key])
            for key, sub in value.items()
            if sub is not None or key in required
        }
    if isinstance(value, list) and node.get("type") == "array":
        return [_json(item, node["items"]) for item in value]
    return value
