"""Reading corpus.yaml (or a bare folder of articles) and yielding validated `Document`s.

Every problem with the user's input becomes a `CorpusError` whose message names the file (and the
line, for YAML and JSON Lines), so the CLI can print it on one line and exit 2.
"""

from __future__ import annotations

import datetime as dt
import difflib
import fnmatch
import glob as globlib
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateline.model import Document

if TYPE_CHECKING:
    import yaml

MANIFEST_NAME = "corpus.yaml"
DEFAULT_MAX_BYTES = 10_000_000
TEXT_SUFFIXES = (".txt", ".text", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson")

METADATA_KEYS = ("id", "title", "source", "published", "dateline", "url")
ENTRY_KEYS = ("path", "glob", "jsonl", *METADATA_KEYS)
MANIFEST_KEYS = ("name", "description", "documents", "index_dir", "event_types")
_PUBLISHED = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")

Warn = Callable[[str], None]
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class CorpusError(Exception):
    """Bad input: the message names the file and, where known, the line."""


@dataclass(frozen=True)
class Source:
    """One document source from the manifest: a file, a glob or a JSON Lines file."""

    kind: str  # path | glob | jsonl
    pattern: str
    metadata: dict[str, Any]
    where: str  # "corpus.yaml:7", for messages


@dataclass(frozen=True)
class Corpus:
    name: str
    root: Path  # the folder paths are relative to
    manifest: Path | None  # None for a bare folder
    sources: tuple[Source, ...]
    index_dir: Path | None = None
    events: tuple[dict[str, Any], ...] = ()  # the user's event types, added to the taxonomy

    def files(self) -> Iterator[tuple[Source, Path]]:
        """Every file the sources name, in a stable order; a glob matching nothing is an error."""
        for source in self.sources:
            if source.kind == "glob":
                # strings, not Paths, until the end: a freshness check lists every file
                matches = sorted(_glob_files(str(self.root), source.pattern), key=_path_order)
                if not matches:
                    raise CorpusError(f"{source.where}: glob {source.pattern!r} matches no file")
                for path in matches:
                    yield source, Path(path)
            else:
                path = self.root / source.pattern
                if not path.is_file():
                    raise CorpusError(f"{source.where}: {source.pattern}: no such file")
                yield source, path


def _glob_files(root: str, pattern: str) -> list[str]:
    """The files below `root` that `pattern` matches (`*`, `?`, `[...]` within a name, `**` for
    any depth of folders), hidden files and folders left out, in no order. Unlike glob.glob,
    a folder is listed once however many links lead to it: a link to a folder above it would
    send `**` round the loop forever. (A folder reached again with other parts of the pattern
    still to match is listed again for them; that ends too, as the parts are finite.)"""
    root = os.path.abspath(root)  # `.` would lose its folder to normpath: `./**` is `**`
    parts = os.path.normpath(os.path.join(root, pattern)).split(os.sep)
    fixed = next((i for i, part in enumerate(parts) if globlib.has_magic(part)), len(parts))
    base, rest = os.sep.join(parts[:fixed]) or os.sep, parts[fixed:]
    if _hidden(base, root):
        return []
    if not rest:
        return [base] if os.path.isfile(base) else []
    matchers = [_name_matcher(part) for part in rest]
    last = len(rest) - 1
    found: list[str] = []
    listed: set[tuple[int, int, frozenset[int]]] = set()
    stack = [(base, _past_any_depth(rest, {0}))]
    while stack:
        folder, states = stack.pop()
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino, states) in listed:
                continue
            listed.add((st.st_dev, st.st_ino, states))
            with os.scandir(folder) as entries:
                names = sorted(entries, key=lambda e: e.name)
        except OSError:  # a folder that cannot be listed matches nothing, as in glob.glob
            continue
        below = []
        for entry in names:
            if entry.name.startswith("."):
                continue
            # `**` goes on down; any other part, once matched, passes to the next
            inner = {i for i in states if i <= last and rest[i] == "**"}
            inner.update(i + 1 for i in states if i < last and matchers[i](entry.name))
            try:
                if entry.is_dir():
                    if inner:
                        below.append((entry.path, _past_any_depth(rest, inner)))
                elif entry.is_file() and last in states and matchers[last](entry.name):
                    found.append(entry.path)
            except OSError:
                continue
        stack.extend(reversed(below))  # depth first, by name: the first link to a folder wins
    return found


def _name_matcher(part: str) -> Callable[[str], Any]:
    if part == "**":
        return lambda _name: True
    return re.compile(fnmatch.translate(part)).match


def _past_any_depth(parts: list[str], states: set[int]) -> frozenset[int]:
    """`states` (the indexes of the parts the next name may match) with, after each `**`, the
    part after it: `**` matches no folder too."""
    out = set(states)
    for i in sorted(states):
        while i < len(parts) and parts[i] == "**":
            i += 1
            out.add(i)
    return frozenset(out)


def _path_order(path: str) -> list[str]:
    """Sort key for path strings: the order of Path objects, folder by folder."""
    return path.split(os.sep)


def _hidden(path: str, root: str) -> bool:
    rel = os.path.relpath(path, root)
    return rel != os.curdir and any(part.startswith(".") for part in rel.split(os.sep))


def path_text(path: str | os.PathLike[str]) -> str:
    """A path as text that can go anywhere (JSON, the index, a terminal): the bytes of a name
    that are not UTF-8, which Python holds as lone surrogates, written `\\xff`."""
    text = os.fspath(path)
    if text.isascii():
        return text
    return os.fsencode(text).decode("utf-8", "backslashreplace")


def load_corpus(location: str | os.PathLike[str]) -> Corpus:
    """A corpus from a manifest file, a folder holding corpus.yaml, or a bare folder of articles."""
    path = Path(location)
    if path.is_dir():
        manifest = path / MANIFEST_NAME
        if manifest.is_file():
            return _load_manifest(manifest)
        return _folder_corpus(path)
    if not path.exists():
        raise CorpusError(f"{path}: no such file or folder (pass --corpus, or set DATELINE_CORPUS)")
    if path.suffix in JSONL_SUFFIXES:
        source = Source("jsonl", path.name, {}, path_text(path))
        return Corpus(path_text(path.stem), path.parent.resolve(), None, (source,))
    return _load_manifest(path)


def _folder_corpus(folder: Path) -> Corpus:
    """A glob per text suffix the folder holds, and each JSON Lines file; hidden files and
    folders (an index, say) are not the corpus."""
    text_suffixes: set[str] = set()
    jsonl: list[str] = []
    for path in _glob_files(str(folder), "**"):
        suffix = os.path.splitext(path)[1]
        if suffix in TEXT_SUFFIXES:
            text_suffixes.add(suffix)
        elif suffix in JSONL_SUFFIXES:
            jsonl.append(os.path.relpath(path, folder))
    sources = [
        Source("glob", f"**/*{suffix}", {}, path_text(folder))
        for suffix in TEXT_SUFFIXES
        if suffix in text_suffixes
    ]
    for rel in sorted(jsonl, key=_path_order):
        sources.append(Source("jsonl", rel, {}, path_text(folder / rel)))
    if not sources:
        raise CorpusError(
            f"{path_text(folder)}: no corpus.yaml and no .txt or .jsonl files in the folder"
        )
    return Corpus(path_text(folder.resolve().name), folder.resolve(), None, tuple(sources))


def _load_manifest(path: Path) -> Corpus:
    import yaml  # here: a folder or JSON Lines corpus never pays for it

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: cannot read: {_reason(exc)}") from None
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
    lines = _LineFinder(path, nodes)
    if not isinstance(data, dict):
        raise CorpusError(f"{path}: expected a mapping with a `documents:` list")
    _check_keys(data, MANIFEST_KEYS, lines, ())
    docs = data.get("documents")
    if not isinstance(docs, list) or not docs:
        raise CorpusError(f"{lines.at(())}: `documents:` must be a non-empty list")
    sources = []
    for i, entry in enumerate(docs):
        where = lines.at(("documents", i))
        if isinstance(entry, str):
            entry = {"glob" if globlib.has_magic(entry) else "path": entry}
        if not isinstance(entry, dict):
            raise CorpusError(f"{where}: a document entry must be a mapping with `path` or `glob`")
        _check_keys(entry, ENTRY_KEYS, lines, ("documents", i))
        kinds = [k for k in ("path", "glob", "jsonl") if k in entry]
        if len(kinds) != 1:
            raise CorpusError(f"{where}: a document entry needs exactly one of path, glob, jsonl")
        kind = kinds[0]
        pattern = entry[kind]
        if not isinstance(pattern, str) or not pattern.strip():
            raise CorpusError(f"{lines.at(('documents', i, kind))}: `{kind}` must be a string")
        if kind == "path" and Path(pattern).suffix in JSONL_SUFFIXES:
            kind = "jsonl"
        metadata = {}
        for key in METADATA_KEYS:
            if key in entry and entry[key] is not None:
                metadata[key] = _metadata_value(key, entry[key], lines.at(("documents", i, key)))
        if kind != "path" and "id" in metadata:
            raise CorpusError(f"{where}: `id` names one document; it cannot go on a {kind} entry")
        sources.append(Source(kind, pattern, metadata, where))
    index_dir = data.get("index_dir")
    events = data.get("event_types") or []
    if not isinstance(events, list):
        raise CorpusError(f"{lines.at(('event_types',))}: `event_types:` must be a list")
    for i, entry in enumerate(events):
        if not isinstance(entry, dict) or not isinstance(entry.get("code"), str | int):
            where = lines.at(("event_types", i))
            raise CorpusError(f"{where}: an event type needs a `code` (see lexicons/events.yaml)")
    return Corpus(
        name=str(data.get("name") or path.parent.resolve().name),
        root=path.parent.resolve(),
        manifest=path.resolve(),
        sources=tuple(sources),
        index_dir=(path.parent / index_dir).resolve() if index_dir else None,
        events=tuple(events),
    )


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
        if isinstance(token, yaml.ScalarToken) and (bad := _SURROGATE.search(token.value)):
            raise CorpusError(f"{where}: {_escaped(bad.group())} is not text (a lone surrogate)")


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


def _metadata_value(key: str, value: Any, where: str) -> str:
    if key == "published":
        return normalize_published(value, where)
    if isinstance(value, list | dict):
        raise CorpusError(f"{where}: `{key}` must be a string, not a {type(value).__name__}")
    return str(value)


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


def normalize_published(value: Any, where: str) -> str:
    """`YYYY-MM-DD` or `YYYY-MM`; YAML's own dates and full timestamps are accepted too."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}[T ]", text):
        text = text[:10]
    if _PUBLISHED.match(text):
        if len(text) == 10:
            try:
                dt.date.fromisoformat(text)
            except ValueError:
                raise CorpusError(f"{where}: `published` {text!r} is not a real date") from None
        return text
    raise CorpusError(f"{where}: `published` must be YYYY-MM-DD or YYYY-MM, not {value!r}")


def documents(
    corpus: Corpus,
    warn: Warn = lambda _msg: None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    skip: Warn | None = None,
) -> Iterator[Document]:
    """Every document of the corpus, read lazily; duplicate ids are an error. A file or JSON
    Lines record that cannot be read is an error too, unless there is `skip` (--skip-bad) to
    tell: then the rest is read. What reading a document found worth a warning (cp1252) is
    in its `notes`, for the caller to say when it indexes the document."""
    seen: dict[str, str] = {}
    for source, path in corpus.files():
        if source.kind == "jsonl":
            docs = _jsonl_documents(corpus, source, path, max_bytes, skip)
        else:
            docs = _text_documents(corpus, source, path, warn, max_bytes, skip)
        for doc in docs:
            where = doc.path or source.where
            if "#" in doc.id:  # a record's id is the document's, `#`, and its part: `a#q1`
                raise CorpusError(f"{where}: a document id may not hold `#`: {doc.id!r}")
            if doc.id in seen:
                raise CorpusError(
                    f"{where}: duplicate document id {doc.id!r} (also {seen[doc.id]})"
                )
            seen[doc.id] = where
            yield doc


def _text_documents(
    corpus: Corpus, source: Source, path: Path, warn: Warn, max_bytes: int, skip: Warn | None
) -> Iterator[Document]:
    """The document of a text file: none when it is empty."""
    rel = _relative(path, corpus.root)
    notes: list[str] = []
    try:
        raw = _read_bytes(path, rel, max_bytes)
        text = decode(raw, rel, notes.append)
    except CorpusError as exc:
        _bad(exc, skip, "files")
        return
    if not text.strip():
        warn(f"{rel}: empty file, skipped")
        return
    meta = dict(source.metadata)
    doc_id = meta.pop("id", None) or _default_id(source, path, corpus.root)
    title = meta.pop("title", None) or headline(text)
    yield Document(
        id=doc_id,
        text=text,
        title=title,
        source=meta.pop("source", ""),
        published=meta.pop("published", None),
        dateline=meta.pop("dateline", None),
        url=meta.pop("url", None),
        path=rel,
        extra={"sha1": hashlib.sha1(raw).hexdigest()},
        notes=tuple(notes),
    )


def read_document(
    path: str, warn: Warn, published: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """One file outside any manifest, read and checked like a corpus file."""
    raw = _read_bytes(Path(path), path, max_bytes)
    text = decode(raw, path, warn)
    return Document(id=Path(path).stem, text=text, title=headline(text), published=published,
                    path=path)  # fmt: skip


def _read_bytes(path: Path, rel: str, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise CorpusError(
                f"{rel}: {size:,} bytes is over the limit of {max_bytes:,} (--max-bytes)"
            )
        return path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{rel}: cannot read: {_reason(exc)}") from None


def decode(raw: bytes, where: str, warn: Warn) -> str:
    """UTF-8 (a leading BOM dropped), else cp1252 with a warning; binary data is an error."""
    if b"\x00" in raw:  # all of it: text with a binary tail is no article either
        raise CorpusError(f"{where}: looks like a binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise CorpusError(
                f"{where}: neither UTF-8 nor cp1252 text (byte {exc.start})"
            ) from None
        warn(f"{where}: not valid UTF-8 (byte {exc.start}); read as cp1252")
        return text


def headline(text: str) -> str:
    """The first line, when it stands alone as a headline (short, followed by a blank line)."""
    first, _, rest = text.lstrip().partition("\n")
    first = first.strip()
    if first and len(first) <= 200 and (not rest.strip() or rest.lstrip(" \t\r").startswith("\n")):
        return first
    words = first.split()
    return " ".join(words[:12]) + (" …" if len(words) > 12 else "")


def _default_id(source: Source, path: Path, root: Path) -> str:
    if source.kind == "path":
        return path_text(path.stem)
    # A glob's ids are paths below its fixed prefix, so business/001 and sport/001 stay apart.
    prefix = []
    for part in Path(source.pattern).parts:
        if globlib.has_magic(part):
            break
        prefix.append(part)
    base = root.joinpath(*prefix)
    rel = path.relative_to(base) if path.is_relative_to(base) else path.relative_to(root)
    return path_text(rel.with_suffix("").as_posix())


def _jsonl_documents(
    corpus: Corpus, source: Source, path: Path, max_bytes: int, skip: Warn | None
) -> Iterator[Document]:
    rel = _relative(path, corpus.root)
    try:
        handle = path.open("rb")
    except OSError as exc:
        _bad(CorpusError(f"{rel}: cannot read: {_reason(exc)}"), skip, "files")
        return
    with handle:
        for number, raw in enumerate(handle, 1):
            where = f"{rel}:{number}"
            if not raw.strip():
                continue
            try:
                doc = _jsonl_document(source, raw, where, number, path, max_bytes)
            except CorpusError as exc:
                _bad(exc, skip, "lines")
                continue
            yield doc


def _bad(exc: CorpusError, skip: Warn | None, others: str) -> None:
    """A file or record that cannot be read: an error that says how to index the `others`,
    or, with --skip-bad, a warning."""
    if skip is None:
        raise CorpusError(
            f"{exc}; `dateline index --skip-bad` indexes the other {others}"
        ) from None
    skip(f"{exc}; skipped")


def _jsonl_document(
    source: Source, raw: bytes, where: str, number: int, path: Path, max_bytes: int
) -> Document:
    if len(raw) > max_bytes:
        raise CorpusError(f"{where}: line of {len(raw):,} bytes is over the limit (--max-bytes)")
    notes: list[str] = []
    try:
        obj = json.loads(decode(raw, where, notes.append))
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{where}: not valid JSON ({exc.msg}, column {exc.colno})") from None
    except RecursionError:
        raise CorpusError(f"{where}: JSON nested too deeply") from None
    if not isinstance(obj, dict):
        raise CorpusError(f"{where}: each line must be a JSON object")
    # only a \uD8xx-\uDFxx escape makes a lone surrogate: other lines need no look
    if b"\\ud" in raw or b"\\uD" in raw:
        for key, value in obj.items():
            if bad := _lone_surrogate(key) or _lone_surrogate(value):
                raise CorpusError(
                    f"{where}: `{_escaped(key)}` holds {_escaped(bad)}, which is not text "
                    "(a lone surrogate)"
                )
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise CorpusError(f"{where}: missing or empty `text`")
    meta = dict(source.metadata)
    for key in METADATA_KEYS:
        value = obj.get(key, obj.get("date") if key == "published" else None)
        if value is not None:
            meta[key] = _metadata_value(key, value, where)
    extra = {k: v for k, v in obj.items() if k not in (*METADATA_KEYS, "text", "date")}
    extra["sha1"] = hashlib.sha1(raw).hexdigest()
    return Document(
        id=meta.get("id") or f"{path_text(path.stem)}-{number}",
        text=text,
        title=meta.get("title") or headline(text),
        source=meta.get("source", ""),
        published=meta.get("published"),
        dateline=meta.get("dateline"),
        url=meta.get("url"),
        path=where,
        extra=extra,
        notes=tuple(notes),
    )


def _lone_surrogate(value: Any) -> str | None:
    """A lone surrogate in the strings of a JSON value, its keys too; None if there is none."""
    stack = [value]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if found := _SURROGATE.search(value):
                return found.group()
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return None


def _relative(path: Path, root: Path) -> str:
    """The path as messages and records name it."""
    try:
        return path_text(path.relative_to(root))
    except ValueError:
        return path_text(path)


def _escaped(text: str) -> str:
    """Text with its lone surrogates written as escapes (`\\ud800`), fit for a message."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc)
