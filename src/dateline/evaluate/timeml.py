"""Scoring the date annotator on TimeML gold (TempEval-3 style: spans, types and values)."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline.annotate.dates.mentions import find_dates
from dateline.annotate.text import sentence_at, sentences
from dateline.model import DateMention, Span


@dataclass(frozen=True, slots=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None


@dataclass(frozen=True, slots=True)
class Article:
    name: str
    text: str
    published: str | None
    gold: list[GoldTimex]


def read_articles(folders: list[Path]) -> list[Article]:
    """Every `NAME.txt` with its `NAME.timex.json` in the folders, sorted by name."""
    articles = []
    for folder in folders:
        for gold_path in sorted(Path(folder).glob("*.timex.json")):
            name = gold_path.name.removesuffix(".timex.json")
            data = json.loads(gold_path.read_text(encoding="utf-8"))
            text = (gold_path.parent / f"{name}.txt").read_text(encoding="utf-8")
            gold = [
                GoldTimex(
                    t["start"],
                    t["end"],
                    t["text"],
                    t["type"],
                    _as_compared(t["value"]),
                    t.get("mod"),
                )
                for t in data["timexes"]
            ]
            # The creation time may carry a clock time ("1998-02-13T14:26:00"): keep the day.
            dct = (data.get("dct") or "")[:10] or None
            articles.append(Article(name, text, dct, gold))
    return articles


_SHORT_WEEK = re.compile(r"-W(\d)(?!\d)")
_MASKED_DECADE = re.compile(r"^(\d{2,3})X{1,2}$")
_HOUR_ONLY = re.compile(r"(T\d{2})$")


def _as_compared(value: str) -> str:
    """A gold value in the one notation of each meaning that the gold writes two ways:
    weeks with one digit ("2000-W7", AQUAINT) as ISO 8601, TimeBank and the annotator write
    them ("2000-W07"); decades and centuries masked as TIMEX2 wrote them ("199X", "19XX") as
    TimeML does ("199", "19"); a time on the hour without its minutes ("T17", 2 of 16) as
    the rest are ("T17:00")."""
    masked = _MASKED_DECADE.fullmatch(value)
    if masked and len(value) == 4:
        value = masked.group(1)
    value = _HOUR_ONLY.sub(r"\1:00", value)
    return _SHORT_WEEK.sub(r"-W0\1", value)


def _pairs(
    gold: list[GoldTimex], found: list[DateMention]
) -> tuple[list[tuple[GoldTimex, DateMention]], list[GoldTimex], list[DateMention]]:
    """Relaxed one-to-one matching: each gold timex pairs with the first found one it overlaps."""
    used: set[int] = set()
    pairs, missed = [], []
    for g in gold:
        match = next(
            (
                i
                for i, f in enumerate(found)
                if i not in used and f.span.start < g.end and g.start < f.span.end
            ),
            None,
        )
        if match is None:
            missed.append(g)
        else:
            used.add(match)
            pairs.append((g, found[match]))
    spurious = [f for i, f in enumerate(found) if i not in used]
    return pairs, missed, spurious


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _annotate(articles: list[Article]) -> tuple[list[list[DateMention]], float]:
    t0 = time.perf_counter()
    found = [find_dates(a.text, a.published, sentences(a.text)) for a in articles]
    return found, time.perf_counter() - t0


def evaluate_timeml(folders: list[Path], limit: int | None = None) -> dict[str, Any]:
    """Relaxed and strict span scores, type and value accuracy, value F1 and speed."""
    articles = read_articles(folders)[:limit]
    found_all, seconds = _annotate(articles)
    # Time find_dates alone too (the sentence splitter is another stage's cost).
    splits = [sentences(a.text) for a in articles]
    t0 = time.perf_counter()
    for a, s in zip(articles, splits, strict=True):
        find_dates(a.text, a.published, s)
    dates_seconds = time.perf_counter() - t0
    n_gold = n_found = n_pairs = n_strict = n_type = n_value = 0
    for article, found in zip(articles, found_all, strict=True):
        pairs, _, _ = _pairs(article.gold, found)
        n_gold += len(article.gold)
        n_found += len(found)
        n_pairs += len(pairs)
        gold_spans = {(g.start, g.end) for g in article.gold}
        n_strict += sum((f.span.start, f.span.end) in gold_spans for f in found)
        n_type += sum(g.type == f.type for g, f in pairs)
        n_value += sum(g.value == f.value for g, f in pairs)
    precision = n_pairs / n_found if n_found else 0.0
    recall = n_pairs / n_gold if n_gold else 0.0
    strict_p = n_strict / n_found if n_found else 0.0
    strict_r = n_strict / n_gold if n_gold else 0.0
    relaxed_f1 = _f1(precision, recall)
    value_accuracy = n_value / n_pairs if n_pairs else 0.0
    return {
        "articles": len(articles),
        "gold": n_gold,
        "found": n_found,
        "matched": n_pairs,
        "relaxed_precision": precision,
        "relaxed_recall": recall,
        "relaxed_f1": relaxed_f1,
        "strict_precision": strict_p,
        "strict_recall": strict_r,
        "strict_f1": _f1(strict_p, strict_r),
        "type_accuracy": n_type / n_pairs if n_pairs else 0.0,
        "value_accuracy": value_accuracy,
        "value_f1": relaxed_f1 * value_accuracy,
        "articles_per_second": len(articles) / seconds if seconds else 0.0,
        "dates_articles_per_second": len(articles) / dates_seconds if dates_seconds else 0.0,
    }


def timeml_errors(folders: list[Path], limit: int | None = None) -> list[dict[str, Any]]:
    """Every missed, spurious and wrongly valued expression, with its sentence, for study."""
    errors: list[dict[str, Any]] = []
    for article in read_articles(folders)[:limit]:
        split = sentences(article.text)
        found = find_dates(article.text, article.published, split)
        pairs, missed, spurious = _pairs(article.gold, found)

        def context(start: int, split: list[Span] = split, text: str = article.text) -> str:
            s = sentence_at(split, start)
            return s.text if s else text[max(0, start - 80) : start + 80]

        base = {"doc": article.name, "published": article.published}
        for g in missed:
            errors.append(
                base
                | {"kind": "missed", "text": g.text, "gold": f"{g.type} {g.value}"}
                | {"sentence": context(g.start)}
            )
        for f in spurious:
            errors.append(
                base
                | {"kind": "spurious", "text": f.span.text, "found": f"{f.type} {f.value}"}
                | {"sentence": context(f.span.start)}
            )
        for g, f in pairs:
            if g.value != f.value:
                errors.append(
                    base
                    | {"kind": "value", "text": f.span.text, "gold_text": g.text}
                    | {"gold": f"{g.type} {g.value}", "found": f"{f.type} {f.value}"}
                    | {"sentence": context(g.start)}
                )
    return errors
