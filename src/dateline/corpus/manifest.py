"""corpus.yaml (or a bare folder of articles, or one file): which files the corpus is, in what
format, with what metadata. Every problem is a `CorpusError` naming the file and the line."""

from __future__ import annotations

import difflib
import glob as globlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateline.corpus.fields import METADATA_KEYS, check_field_map, metadata_value
from dateline.corpus.files import (
    SURROGATE,
    CorpusError,
    escaped,
    glob_files,
    path_order,
    path_text,
    reason,
)

if TYPE_CHECKING:
    import yaml

MANIFEST_NAME = "corpus.yaml"
# a folder of Parquet records (`dateline records`) says so in this file; Parquet readers skip it
RECORDS_MANIFEST = "_manifest.json"
# a file's format by the end of its name; anything else a glob or path names is text
FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
    ".warc": "warc",
    ".warc.gz": "warc",
}
ENTRY_KEYS = ("path", "glob", "jsonl", "fields", *METADATA_KEYS)
MANIFEST_KEYS = (
    "name", "description", "documents", "index_dir", "engine", "event_types", "fields",
)  # fmt: skip


def file_format(path: str | os.PathLike[str]) -> str:
    name = os.fspath(path).lower()
    if name.endswith(".warc.gz"):
        return "warc"
    return FORMATS.get(os.path.splitext(name)[1], "text")


@dataclass(frozen=True)
class Source:
    """One document source from the manifest: a file, a glob, or a JSON Lines file."""

    kind: str  # path | glob | jsonl
    pattern: str
    metadata: dict[str, Any]
    where: str  # "corpus.yaml:7", for messages
    fields: dict[str, str] | None = None  # our field names to a JSON or CSV source's own
    # a bare folder's: a JSON or CSV file in it that holds no article text is passed over (a
    # sidecar of metadata, a table of figures), where one a manifest names is an error
    found: bool = False

    def format_of(self, path: Path) -> str:
        return "jsonl" if self.kind == "jsonl" else file_format(path)


@dataclass(frozen=True)
class Corpus:
    name: str
    root: Path  # the folder paths are relative to
    manifest: Path | None  # None for a bare folder
    sources: tuple[Source, ...]
    index_dir: Path | None = None
    events: tuple[dict[str, Any], ...] = ()  # the user's event types, added to the taxonomy
    engine: str | None = None  # the manifest's search engine, checked by `engines.get`
    engine_where: str = ""  # "corpus.yaml:4", for that check's message
    records: bool = False  # a folder of Parquet records, already annotated

    def files(self) -> Iterator[tuple[Source, Path]]:
        """Every file the sources name, in a stable order; a glob matching nothing is an error."""
        for source in self.sources:
            if source.kind == "glob":
                # strings, not Paths, until the end: a freshness check lists every file
                matches = sorted(glob_files(str(self.root), source.pattern), key=path_order)
                if not matches:
                    raise CorpusError(f"{source.where}: glob {source.pattern!r} matches no file")
                for path in matches:
                    yield source, Path(path)
            else:
                path = self.root / source.pattern
                if path.is_dir():
                    raise CorpusError(
                        f"{source.where}: {source.pattern}: is a folder; name its files with "
                        f"a glob (glob: {source.pattern.rstrip('/')}/*.txt)"
                    )
                if not path.is_file():
                    raise CorpusError(f"{source.where}: {source.pattern}: no such file")
                yield source, path


def load_corpus(location: str | os.PathLike[str]) -> Corpus:
    """A corpus from a manifest file, a folder holding corpus.yaml, a bare folder of articles,
    or one file of them (JSON Lines, CSV, a WARC, a page, an article)."""
    path = Path(location)
    if path.is_dir():
        manifest = path / MANIFEST_NAME
        if manifest.is_file():
            return _load_manifest(manifest)
        if (path / RECORDS_MANIFEST).is_file():
            return _records_corpus(path)
        return _folder_corpus(path)
    if not path.exists():
        raise CorpusError(f"{path}: no such file or folder (pass --corpus, or set DATELINE_CORPUS)")
    if path.suffix.lower() in (".yaml", ".yml"):
        return _load_manifest(path)
    kind = "jsonl" if file_format(path) == "jsonl" else "path"
    source = Source(kind, path.name, {}, path_text(path))
    return Corpus(path_text(file_stem(path)), path.parent.resolve(), None, (source,))


def _records_corpus(folder: Path) -> Corpus:
    """A folder of Parquet records that `dateline records` wrote: searched as they are, never
    annotated again."""
    import json

    manifest = folder / RECORDS_MANIFEST
    where = path_text(manifest)
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CorpusError(f"{where}: cannot be read as a records manifest ({exc})") from None
    if not isinstance(data, dict) or data.get("dateline") != "records":
        raise CorpusError(f"{where}: not a manifest of `dateline records`")
    if not data.get("complete"):
        raise CorpusError(
            f"{path_text(folder)}: its records are not complete (a `dateline records` run "
            "stopped before the end); run it again to finish them"
        )
    source = Source("glob", "part-*.parquet", {}, where, found=True)
    name = str(data.get("corpus") or folder.resolve().name)
    return Corpus(name, folder.resolve(), manifest.resolve(), (source,), records=True)


def file_stem(path: Path) -> str:
    """A file's name without its format's ending: `cc-news` for cc-news.warc.gz."""
    name = path.name
    return name[: -len(".warc.gz")] if name.lower().endswith(".warc.gz") else path.stem


def _folder_corpus(folder: Path) -> Corpus:
    """A glob per file ending the folder holds, and each JSON Lines file; hidden files and
    folders (an index, say) are not the corpus."""
    endings: set[str] = set()
    jsonl: list[str] = []
    for path in glob_files(str(folder), "**"):
        # endings in lower case only: a README.TXT beside the articles is none of them
        ending = next((e for e in FORMATS if path.endswith(e)), None)
        if ending is None or os.path.basename(path) == RECORDS_MANIFEST:
            continue  # a records folder written inside the corpus is not part of it
        if FORMATS[ending] == "jsonl":
            jsonl.append(os.path.relpath(path, folder))
        else:
            endings.add(ending)
    where = path_text(folder)
    sources = [Source("glob", f"**/*{e}", {}, where, found=True) for e in sorted(endings)]
    for rel in sorted(jsonl, key=path_order):
        sources.append(Source("jsonl", rel, {}, path_text(folder / rel)))
    if not sources:
        known = ", ".join(FORMATS)
        raise CorpusError(f"{path_text(folder)}: no corpus.yaml and no articles ({known}) in it")
    return Corpus(path_text(folder.resolve().name), folder.resolve(), None, tuple(sources))


def _load_manifest(path: Path) -> Corpus:
    data, lines = _read_yaml(path)
    if not isinstance(data, dict):
        raise CorpusError(f"{path}: expected a mapping with a `documents:` list")
    _check_keys(data, MANIFEST_KEYS, lines, ())
    docs = data.get("documents")
    if not isinstance(docs, list) or not docs:
        raise CorpusError(f"{lines.at(())}: `documents:` must be a non-empty list")
    fields = None  # a top-level `fields:` maps every JSON and CSV source's names
    if data.get("fields") is not None:
        fields = check_field_map(data["fields"], lines.at(("fields",)))
    index_dir = data.get("index_dir")
    return Corpus(
        name=str(data.get("name") or path.parent.resolve().name),
        root=path.parent.resolve(),
        manifest=path.resolve(),
        sources=tuple(_source(entry, i, lines, fields) for i, entry in enumerate(docs)),
        index_dir=(path.parent / index_dir).resolve() if index_dir else None,
        events=_event_types(data.get("event_types") or [], lines),
        engine=_engine(data.get("engine"), lines.at(("engine",))),
        engine_where=lines.at(("engine",)),
    )


def _engine(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise CorpusError(f"{where}: `engine:` must be the name of a search engine, such as whoosh")
    return value.strip()


def _read_yaml(path: Path) -> tuple[Any, _LineFinder]:
    """The manifest's data, and where each of its values is written."""
    import yaml  # here: a folder or JSON Lines corpus never pays for it

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: cannot read: {reason(exc)}") from None
    try:
        _check_tokens(path, text)
        nodes = yaml.compose(text, Loader=yaml.SafeLoader)  # only for line numbers in messages
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise CorpusError(f"{where}: YAML syntax error: {problem}") from None
    except ValueError:  # YAML reads 2005-02-30 as a date, and finds no such day
        raise CorpusError(_no_such_day(path, nodes)) from None
    return data, _LineFinder(path, nodes)


def _source(entry: Any, i: int, lines: _LineFinder, fields: dict[str, str] | None) -> Source:
    """The source of document entry `i`: a path, a glob or a JSON Lines file, with its
    metadata and field map."""
    where = lines.at(("documents", i))
    if isinstance(entry, str):
        entry = {"glob" if globlib.has_magic(entry) else "path": entry}
    if not isinstance(entry, dict):
        raise CorpusError(f"{where}: a document entry must be a mapping with `path` or `glob`")
    _check_keys(entry, ENTRY_KEYS, lines, ("documents", i))
    kind, pattern = _entry_kind(entry, i, lines)
    metadata = {
        key: metadata_value(key, entry[key], lines.at(("documents", i, key)))
        for key in METADATA_KEYS
        if entry.get(key) is not None
    }
    many = kind != "path" or file_format(pattern) in ("csv", "warc")
    if many and "id" in metadata:
        raise CorpusError(f"{where}: `id` names one document; it cannot go on an entry of many")
    if entry.get("fields") is not None:
        fields = _entry_fields(entry["fields"], kind, pattern, lines.at(("documents", i, "fields")))
    return Source(kind, pattern, metadata, where, fields)


def _entry_kind(entry: dict[str, Any], i: int, lines: _LineFinder) -> tuple[str, str]:
    """The kind of document entry `i` (path, glob or jsonl: exactly one of them, a path ending
    as JSON Lines is jsonl) and the path or glob it gives."""
    kinds = [k for k in ("path", "glob", "jsonl") if k in entry]
    if len(kinds) != 1:
        where = lines.at(("documents", i))
        raise CorpusError(f"{where}: a document entry needs exactly one of path, glob, jsonl")
    kind = kinds[0]
    pattern = entry[kind]
    if not isinstance(pattern, str) or not pattern.strip():
        raise CorpusError(f"{lines.at(('documents', i, kind))}: `{kind}` must be a string")
    if kind == "path" and file_format(pattern) == "jsonl":
        kind = "jsonl"
    return kind, pattern


def _entry_fields(value: Any, kind: str, pattern: str, where: str) -> dict[str, str]:
    """An entry's own `fields:`, checked: only JSON, JSON Lines and CSV sources have names to
    map; a page's fields are found in it, and a text file has none."""
    fields = check_field_map(value, where)
    if (
        kind != "jsonl"
        and file_format(pattern) in ("text", "html", "warc")
        and (kind == "path" or os.path.splitext(pattern)[1])
    ):
        raise CorpusError(
            f"{where}: `fields:` maps the names of JSON, JSON Lines and CSV sources, not of "
            f"{pattern}"
        )
    return fields


def _event_types(events: Any, lines: _LineFinder) -> tuple[dict[str, Any], ...]:
    if not isinstance(events, list):
        raise CorpusError(f"{lines.at(('event_types',))}: `event_types:` must be a list")
    for i, entry in enumerate(events):
        if not isinstance(entry, dict) or not isinstance(entry.get("code"), str | int):
            where = lines.at(("event_types", i))
            raise CorpusError(f"{where}: an event type needs a `code` (see lexicons/events.yaml)")
    return tuple(events)


_MAX_YAML_DEPTH = 50  # a manifest needs four or five


def _check_tokens(path: Path, text: str) -> None:
    """Refuse what safe_load would take and then choke on: deep nesting (it recurses once per
    level), an alias (a few lines of nested `*a` make billions of values, and a manifest has no
    need of them) and a `\\ud800` escape (a lone surrogate is no text: every write of it
    fails). Scanning is quick, loading is not."""
    import yaml

    opens = (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)
    opens += (yaml.BlockSequenceStartToken, yaml.BlockMappingStartToken)
    closes = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.BlockEndToken)
    depth = 0
    for token in yaml.scan(text, Loader=yaml.SafeLoader):
        where = f"{path}:{token.start_mark.line + 1}"
        depth += isinstance(token, opens) - isinstance(token, closes)
        if depth > _MAX_YAML_DEPTH:  # the loader recurses once per level: deep is a crash
            raise CorpusError(f"{where}: nested more than {_MAX_YAML_DEPTH} levels deep")
        if isinstance(token, yaml.AliasToken):
            raise CorpusError(
                f"{where}: YAML aliases (*{token.value}) are not allowed in a manifest; "
                "write the value out"
            )
        if isinstance(token, yaml.ScalarToken) and (bad := SURROGATE.search(token.value)):
            raise CorpusError(f"{where}: {escaped(bad.group())} is not text (a lone surrogate)")


class _LineFinder:
    """Turns a path of keys and indexes into `corpus.yaml:LINE` using the composed YAML nodes."""

    def __init__(self, path: Path, root: yaml.Node | None):
        self.path = path
        self.root = root

    def at(self, keys: tuple[Any, ...]) -> str:
        node = self.root
        for key in keys:
            child = self._child(node, key)
            if child is None:
                break
            node = child
        if node is None:
            return str(self.path)
        return f"{self.path}:{node.start_mark.line + 1}"

    def key_at(self, keys: tuple[Any, ...], name: str) -> str:
        import yaml

        node = self.root
        for key in keys:
            node = self._child(node, key)
        if isinstance(node, yaml.MappingNode):
            for k, _ in node.value:
                if k.value == name:
                    return f"{self.path}:{k.start_mark.line + 1}"
        return self.at(keys)

    @staticmethod
    def _child(node: Any, key: Any) -> Any:
        import yaml

        if isinstance(node, yaml.MappingNode):
            return next((v for k, v in node.value if k.value == key), None)
        if isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            return node.value[key] if key < len(node.value) else None
        return None


def _check_keys(data: dict, allowed: tuple[str, ...], lines: _LineFinder, keys: tuple) -> None:
    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f" (did you mean `{close[0]}`?)" if close else f" (known: {', '.join(allowed)})"
            raise CorpusError(f"{lines.key_at(keys, key)}: unknown key `{key}`{hint}")


def _no_such_day(path: Path, node: Any) -> str:
    """The message for the first date in the manifest (a YAML node) that names no real day."""
    import yaml

    stack = [node] if node is not None else []
    while stack:
        node = stack.pop(0)
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":timestamp"):
            try:
                yaml.safe_load(node.value)  # the one scalar alone: its own ValueError or none
            except ValueError:
                what = "date" if len(node.value) <= len("2005-01-01") else "date and time"
                return f"{path}:{node.start_mark.line + 1}: {node.value!r} is not a real {what}"
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(item for pair in node.value for item in pair)
    return f"{path}: a date in it is not a real day"
