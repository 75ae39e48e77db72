"""Scoring statements against pairs of quotes judged by hand: same statement or not.

A JSON Lines file, one pair per line: `a` and `b` (each a quote: `path` relative to the corpora
folder, `start`, `end`, `text`) and `same` (true or false); see tests/fixtures/statements. Every
article in the folders the pairs come from is annotated and its quotes chained exactly as
`dateline index` chains them, so a chain is found among all the quotes those folders hold;
then each gold quote is the annotated quote that overlaps it most, and a pair is predicted the
same statement when both have one `statement`.

- precision: of the pairs predicted the same, those judged the same;
- recall: of the pairs judged the same, those predicted the same;
- by class: how many of each class (as the file names them) were predicted right.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline.corpus import CorpusError, documents, load_corpus
from dateline.statements import Statements
from dateline.statements.chains import Chains, members


@dataclass(frozen=True)
class Quote:
    path: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Pair:
    line: int
    a: Quote
    b: Quote
    same: bool
    kind: str  # the file's class of the pair: trimmed, shared_words ...


def read_pairs(path: Path) -> list[Pair]:
    pairs = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: cannot be read ({exc})") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            quotes = [
                Quote(str(q["path"]), int(q["start"]), int(q["end"]), str(q["text"]))
                for q in (row["a"], row["b"])
            ]
            pairs.append(Pair(n, *quotes, bool(row["same"]), str(row.get("class") or "")))
        except (ValueError, KeyError, TypeError) as exc:
            raise CorpusError(
                f"{path}: line {n}: a pair needs a and b (path, start, end, text) and same "
                f"({type(exc).__name__}: {exc})"
            ) from None
    if not pairs:
        raise CorpusError(f"{path}: no pairs")
    return pairs


def is_pairs_file(path: Path) -> bool:
    """Whether `path` is a file of judged pairs: a .jsonl file (its errors are then said by
    `read_pairs`), or one whose first line has a, b and same."""
    if not path.is_file():
        return False
    if path.suffix.lower() == ".jsonl":
        return True
    try:
        with open(path, encoding="utf-8") as handle:
            first = json.loads(handle.readline())
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(first, dict) and {"a", "b", "same"} <= set(first)


def predicted(pairs: list[Pair], corpora: Path) -> tuple[dict[Quote, str | None], int]:
    """The statement of each gold quote (None: no annotated quote overlaps it), and how many
    articles were read."""
    folders = sorted({Path(q.path).parent for p in pairs for q in (p.a, p.b)})
    wanted: dict[str, list[Quote]] = {}
    for p in pairs:
        for q in (p.a, p.b):
            wanted.setdefault(q.path, []).append(q)
    spans: dict[str, list[tuple[int, int, str]]] = {}
    with tempfile.TemporaryDirectory(prefix="dateline-eval-") as tmp:
        chains = Chains(Path(tmp), None)
        read = 0
        for folder in folders:
            where = corpora / folder
            if not where.is_dir():
                raise CorpusError(f"{where}: no such folder (the pairs' paths are relative to "
                                  "the corpora folder given)")  # fmt: skip
            for doc, records in _annotated(where):
                read += 1
                key = (folder / doc.path).as_posix()  # as the pairs give it
                for member in members(records):
                    chains.add(member)
                if key in wanted:
                    spans[key] = [(r.data["start"], r.data["end"], r.id) for r in records
                                  if r.kind == "quote"]  # fmt: skip
        chains.save()
        statements = Statements(Path(tmp))
        try:
            out = {}
            for path, quotes in wanted.items():
                for q in quotes:
                    best = _overlapping(q, spans.get(path, []))
                    out[q] = None if best is None else statements.of([best]).get(best)
        finally:
            statements.close()
    return out, read


def _annotated(folder: Path) -> Iterator[tuple[Any, list[Any]]]:
    from dateline.annotate import annotate
    from dateline.records import document_records

    corpus = load_corpus(folder)
    for doc in documents(corpus, skip=lambda _message: None):
        doc = dataclasses.replace(doc, id=f"{folder.as_posix()}/{doc.id}")  # one id space
        yield doc, document_records(doc, annotate(doc))


def _overlapping(q: Quote, spans: list[tuple[int, int, str]]) -> str | None:
    best, most = None, 0
    for start, end, record_id in spans:
        shared = min(end, q.end) - max(start, q.start)
        if shared > most:
            best, most = record_id, shared
    return best


def evaluate_statements(pairs_file: Path, corpora: Path, limit: int | None = None):
    """The figures, and the pairs predicted wrong (for --errors)."""
    pairs = read_pairs(pairs_file)[:limit]
    found, read = predicted(pairs, corpora)
    tp = fp = fn = 0
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    wrong = []
    for p in pairs:
        same = _predicted_same(p, found)
        total[p.kind] += 1
        if same == p.same:
            right[p.kind] += 1
        else:
            wrong.append(p)
        tp += same and p.same
        fp += same and not p.same
        fn += p.same and not same
    unmatched = sum(found[q] is None for p in pairs for q in (p.a, p.b))
    figures = {
        "pairs": len(pairs),
        "judged same": tp + fn,
        "articles read": read,
        "gold quotes not found": unmatched,
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        # a paraphrase shares the meaning, not the words: what word alignment cannot see
        "recall, paraphrases aside": _recall([p for p in pairs if p.kind != "paraphrase"], found),
        "right by class": {k: f"{right[k]}/{n}" for k, n in sorted(total.items())},
    }
    return figures, _errors(wrong, found)


def _predicted_same(p: Pair, found: dict[Quote, str | None]) -> bool:
    return found[p.a] is not None and found[p.a] == found[p.b]


def _recall(pairs: list[Pair], found: dict[Quote, str | None]) -> float:
    judged = [p for p in pairs if p.same]
    return sum(_predicted_same(p, found) for p in judged) / len(judged) if judged else 0.0


def _errors(wrong: list[Pair], found: dict[Quote, str | None]) -> Iterator[dict[str, Any]]:
    for p in wrong:
        yield {
            "line": p.line,
            "judged": "same" if p.same else "not same",
            "class": p.kind,
            "a": {"path": p.a.path, "text": p.a.text, "statement": found[p.a]},
            "b": {"path": p.b.path, "text": p.b.text, "statement": found[p.b]},
        }
