"""Scoring the quote annotator on PolNeAR-style brat standoff (Source, Cue and Content spans).

One annotator file per article: where several people annotated an article, the first `.ann` file
in sorted order is the gold. A predicted quote matches a gold attribution when their spans share
at least half of the shorter one's characters (a discontinuous gold span counts as the union of
its fragments); of the quotes matching one, the quote with the gold's cue is its pair, else the
one sharing most; the pair's speaker is right when the speaker mention overlaps the gold Source
at all.
"""

from __future__ import annotations

import csv
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from dateline.annotate import annotate
from dateline.annotate.lexicons import load
from dateline.annotate.text import sentence_at
from dateline.model import Document, Quote, Span

Fragments = tuple[tuple[int, int], ...]

# Content holding one of these is a direct quote (`''` is how the NYT writes a double mark).
# Single marks are left out: ’ is an apostrophe far more often than a closing quote.
_DOUBLE_MARKS = ('"', "“", "”", "„", "«", "»", "''")
_SPAN_LINE = re.compile(r"^(T\d+)\t(\w[\w-]*) ([\d ;]+)\t")


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    content: Fragments
    cue: Fragments
    source: Fragments
    content_text: str
    cue_text: str
    source_text: str

    @property
    def direct(self) -> bool:
        return any(mark in self.content_text for mark in _DOUBLE_MARKS)


@dataclass(frozen=True, slots=True)
class Article:
    name: str
    text: str
    published: str | None
    annotator: str
    gold: list[GoldAttribution]


# ---------------------------------------------------------------------------------------------
# Reading the corpus


def read_articles(folder: Path, limit: int | None = None) -> list[Article]:
    """`folder/text/NAME.txt` with the first `folder/attributions/NAME_ANNOTATOR.ann`, by name."""
    folder = Path(folder)
    published = _publication_dates(folder)
    annotations: dict[str, list[Path]] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        name, _, _annotator = ann.stem.rpartition("_")
        annotations.setdefault(name, []).append(ann)
    articles = []
    for path in sorted((folder / "text").glob("*.txt")):
        if limit is not None and len(articles) >= limit:
            break
        anns = annotations.get(path.stem)
        if not anns:
            continue
        # newline="" keeps "\r\n" as two characters, as the standoff offsets count them
        with path.open(encoding="utf-8", newline="") as f:
            text = f.read()
        annotator = anns[0].stem.rpartition("_")[2]
        gold = read_standoff(anns[0].read_text(encoding="utf-8"), text)
        articles.append(Article(path.stem, text, published.get(path.stem), annotator, gold))
    return articles


def _publication_dates(folder: Path) -> dict[str, str]:
    for candidate in (folder / "metadata.tsv", folder.parent / "metadata.tsv"):
        if candidate.exists():
            with candidate.open(encoding="utf-8", newline="") as f:
                rows = csv.DictReader(f, delimiter="\t")
                return {r["filename"]: r["publication_date"] for r in rows if r.get("filename")}
    return {}


def read_standoff(ann: str, text: str) -> list[GoldAttribution]:
    """The attributions (E lines) of one brat file, each with its Content, Cue and Source."""
    spans: dict[str, Fragments] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        m = _SPAN_LINE.match(line)
        if m:
            fragments = []
            for part in m.group(3).split(";"):
                start, end = part.split()
                fragments.append((int(start), int(end)))
            spans[m.group(1)] = tuple(fragments)
        elif line.startswith("E"):
            fields = line.split("\t")[1].split()
            events.append(dict(f.split(":", 1) for f in fields if ":" in f))
    gold = []
    for event in events:
        content = spans.get(event.get("Content", ""), ())
        if not content:
            continue
        cue = spans.get(event.get("Cue", ""), ())
        source = spans.get(event.get("Source", ""), ())
        gold.append(
            GoldAttribution(
                content, cue, source, _join(text, content), _join(text, cue), _join(text, source)
            )
        )
    return gold


def _join(text: str, fragments: Fragments) -> str:
    return " ".join(text[s:e] for s, e in fragments)


# ---------------------------------------------------------------------------------------------
# Matching


@cache
def speech_cues() -> frozenset[str]:
    """Every form of the lemmas listed under `speech` in the reporting-verb lexicon."""
    lex = load("reporting_verbs")
    wanted = set(lex["speech"])
    forms = {p.lower() for p in lex["source_first"] if p in wanted}
    for role in ("clause", "object"):
        for lemma, lemma_forms in lex[role].items():
            if lemma in wanted:
                forms.update(f.lower() for f in lemma_forms)
    return frozenset(forms)


def is_speech_cue(cue_text: str) -> bool:
    """`said`, `has said`, `told reporters`, `according to`: a cue holding a speech-verb form."""
    padded = " " + " ".join(re.findall(r"[\w’']+", cue_text.lower())) + " "
    return any(f" {form} " in padded for form in speech_cues())


def _overlap(span: Span, fragments: Fragments) -> int:
    return sum(max(0, min(span.end, e) - max(span.start, s)) for s, e in fragments)


def matches(span: Span, fragments: Fragments) -> bool:
    """At least half of the shorter span's characters shared."""
    shared = _overlap(span, fragments)
    shorter = min(span.end - span.start, sum(e - s for s, e in fragments))
    return shared > 0 and 2 * shared >= shorter


def speaker_right(quote: Quote, gold: GoldAttribution) -> bool:
    mention = quote.speaker.mention
    return mention is not None and _overlap(mention, gold.source) > 0


@dataclass(slots=True)
class _Scored:
    article: Article
    quotes: list[Quote]
    sentences: list[Span]
    # for each gold attribution, the index of the predicted quote that is it, or None
    best: list[int | None]
    matched_quotes: set[int]


def _score(article: Article) -> tuple[_Scored, float]:
    doc = Document(id=article.name, text=article.text, published=article.published)
    t0 = time.perf_counter()
    ann = annotate(doc)
    seconds = time.perf_counter() - t0
    quotes = ann.quotes
    best: list[int | None] = []
    matched_quotes: set[int] = set()
    for g in article.gold:
        # the quote that is this attribution: one with its cue first (`Trump blasted the rule,
        # which he said ...`: the quote cued by `said` is the inner attribution, however much
        # it shares with the outer one), then the one sharing most of its content
        candidates = [
            (q.cue is not None and _overlap(q.cue, g.cue) > 0, _overlap(q.span, g.content), i)
            for i, q in enumerate(quotes)
            if matches(q.span, g.content)
        ]
        matched_quotes.update(i for *_, i in candidates)
        best.append(max(candidates)[-1] if candidates else None)
    return _Scored(article, quotes, ann.sentences, best, matched_quotes), seconds


# ---------------------------------------------------------------------------------------------
# Figures and errors


def evaluate_brat(folder: Path, limit: int | None = None) -> dict[str, Any]:
    """Precision, recall (direct, speech-verb, all), speaker accuracy, counts and speed."""
    articles = read_articles(folder, limit)
    predicted = matched_predicted = 0
    counts = {"all": [0, 0], "direct": [0, 0], "speech_verb": [0, 0]}  # [found, gold]
    pairs = speaker_ok = 0
    seconds = 0.0
    chars = 0
    for article in articles:
        scored, took = _score(article)
        seconds += took
        chars += len(article.text)
        predicted += len(scored.quotes)
        matched_predicted += len(scored.matched_quotes)
        for g, best in zip(article.gold, scored.best, strict=True):
            groups = ["all"]
            if g.direct:
                groups.append("direct")
            if is_speech_cue(g.cue_text):
                groups.append("speech_verb")
            for group in groups:
                counts[group][1] += 1
                counts[group][0] += best is not None
            if best is not None and g.source:
                pairs += 1
                speaker_ok += speaker_right(scored.quotes[best], g)
    return {
        "articles": len(articles),
        "gold_attributions": counts["all"][1],
        "gold_direct": counts["direct"][1],
        "gold_speech_verb": counts["speech_verb"][1],
        "predicted": predicted,
        "precision": _ratio(matched_predicted, predicted),
        "recall_direct": _ratio(*counts["direct"]),
        "recall_speech_verb": _ratio(*counts["speech_verb"]),
        "recall_all": _ratio(*counts["all"]),
        "speaker_pairs": pairs,
        "speaker_accuracy": _ratio(speaker_ok, pairs),
        "articles_per_second": round(len(articles) / seconds, 1) if seconds else None,
        "ms_per_3kb": round(1000 * seconds / (chars / 3000), 2) if chars else None,
        "gold": f"first annotator file per article (sorted), of {folder}",
        "speech_verbs": "forms of the `speech` lemmas in lexicons/reporting_verbs.yaml",
        "match": (
            "span overlap of at least half the shorter span, a quote with the gold cue first; "
            "speaker: mention overlaps Source"
        ),
    }


def _ratio(found: int, total: int) -> float | None:
    return round(found / total, 4) if total else None


def attribution_errors(folder: Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Missed gold attributions, spurious predicted quotes and wrong speakers, with the sentence."""
    for article in read_articles(folder, limit):
        scored, _ = _score(article)
        text = article.text

        def context(start: int, end: int, scored: _Scored = scored, text: str = text) -> str:
            first = sentence_at(scored.sentences, start)
            last = sentence_at(scored.sentences, max(start, end - 1))
            lo = first.start if first else start
            hi = last.end if last else end
            return text[lo:hi]

        for g, best in zip(article.gold, scored.best, strict=True):
            start, end = g.content[0][0], g.content[-1][1]
            gold = {
                "content": g.content_text,
                "cue": g.cue_text,
                "source": g.source_text,
                "direct": g.direct,
                "speech_verb": is_speech_cue(g.cue_text),
            }
            if best is None:
                yield {
                    "error": "missed",
                    "article": article.name,
                    "sentence": context(start, end),
                    "gold": gold,
                }
            elif g.source and not speaker_right(scored.quotes[best], g):
                q = scored.quotes[best]
                yield {
                    "error": "wrong_speaker",
                    "article": article.name,
                    "sentence": context(min(start, q.span.start), max(end, q.span.end)),
                    "gold": gold,
                    "predicted": _predicted(q),
                }
        for i, q in enumerate(scored.quotes):
            if i not in scored.matched_quotes:
                yield {
                    "error": "spurious",
                    "article": article.name,
                    "sentence": context(q.span.start, q.span.end),
                    "predicted": _predicted(q),
                }


def _predicted(q: Quote) -> dict[str, Any]:
    return {
        "content": q.span.text,
        "kind": q.kind,
        "cue": q.cue.text if q.cue else None,
        "mention": q.speaker.mention.text if q.speaker.mention else None,
        "speaker": q.speaker.name,
    }
