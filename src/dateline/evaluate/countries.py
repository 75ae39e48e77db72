"""Scoring the countries a story is about against Reuters-21578's PLACES tags.

A folder of `NAME.txt` (headline, blank line, body) with `NAME.meta.json` holding `dct` (the
story's date) and `countries` (the indexers' ISO codes). The manifest's dateline is not given
to the annotator: finding it in the text is part of what is measured.

- recall: the tagged countries found among the story's `countries`, micro-averaged;
- focus: the story's first focus country is one of its tagged countries;
- states that no longer exist count as their successors on both sides (SU as RU, DD as DE,
  CS as CZ, YU as RS), as the tags of 1987 and today's names meet there.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline.annotate import annotate
from dateline.annotate.places.gazetteer import gazetteer
from dateline.corpus import CorpusError, headline
from dateline.model import Annotations, Document


@dataclass(frozen=True, slots=True)
class Story:
    name: str
    text: str
    published: str | None
    tagged: frozenset[str]


def read_stories(folder: Path, limit: int | None = None) -> list[Story]:
    stories = []
    for meta_path in sorted(Path(folder).glob("*.meta.json"), key=_natural):
        if limit is not None and len(stories) >= limit:
            break
        name = meta_path.name.removesuffix(".meta.json")
        meta = _meta(meta_path)
        text_path = meta_path.with_name(f"{name}.txt")
        if not text_path.is_file() or "countries" not in meta:
            continue
        codes = meta["countries"]
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise CorpusError(f"{meta_path}: `countries` must be a list of ISO codes")
        try:
            text = text_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CorpusError(f"{text_path}: cannot be read ({exc})") from None
        tagged = frozenset(successor(c) for c in codes)
        stories.append(Story(name, text, (meta.get("dct") or "")[:10] or None, tagged))
    if not stories:
        raise CorpusError(f"{folder}: no NAME.meta.json with `countries` beside a NAME.txt")
    return stories


def _meta(path: Path) -> dict[str, Any]:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: cannot be read ({exc})") from None
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{path}: line {exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(meta, dict):
        raise CorpusError(f"{path}: a JSON object with `countries` is expected")
    return meta


def _natural(path: Path) -> tuple:
    name = path.name.removesuffix(".meta.json")
    stem, _, number = name.rpartition("-")
    return (stem, int(number)) if number.isdigit() else (name, 0)


def successor(code: str) -> str:
    """Today's state for a state that no longer exists: SU -> RU; any other code as it is."""
    return gazetteer().successors.get(code, code)


def _annotated(story: Story) -> Annotations:
    doc = Document(story.name, story.text, headline(story.text), published=story.published)
    return annotate(doc)


@dataclass(frozen=True, slots=True)
class _Scored:
    story: Story
    found: frozenset[str]
    focus: str | None
    ann: Annotations


def _score(story: Story) -> _Scored:
    ann = _annotated(story)
    found = frozenset(successor(c.country) for c in ann.countries)
    focus = successor(ann.focus[0]) if ann.focus else None
    return _Scored(story, found, focus, ann)


def evaluate_countries(folder: Path, limit: int | None = None) -> dict[str, Any]:
    stories = read_stories(folder, limit)
    t0 = time.perf_counter()
    scored = [_score(s) for s in stories]
    seconds = time.perf_counter() - t0
    tagged = sum(len(s.story.tagged) for s in scored)
    found = sum(len(s.story.tagged & s.found) for s in scored)
    predicted = sum(len(s.found) for s in scored)
    focus_right = sum(s.focus in s.story.tagged for s in scored)
    via = Counter(p.via for s in scored for p in s.ann.places)
    evidence = Counter(kind for s in scored for c in s.ann.countries for kind in c.evidence)
    return {
        "stories": len(scored),
        "tagged_countries": tagged,
        "recall": found / tagged if tagged else 0.0,
        "found_not_tagged": predicted - found,
        "focus_accuracy": focus_right / len(scored),
        "no_focus": sum(s.focus is None for s in scored),
        "places_by_via": dict(sorted(via.items())),
        "countries_by_evidence": dict(sorted(evidence.items())),
        "articles_per_second": len(scored) / seconds if seconds else 0.0,
        "gold": f"{folder}: NAME.meta.json `countries` (successors for SU, DD, CS, YU)",
    }


def country_errors(folder: Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Per story with a miss: the tagged countries not found, and a wrong or missing focus."""
    for story in read_stories(folder, limit):
        s = _score(story)
        missed = sorted(story.tagged - s.found)
        if not missed and s.focus in story.tagged:
            continue
        yield {
            "doc": story.name,
            "tagged": sorted(story.tagged),
            "missed": missed,
            "focus": s.ann.focus,
            "focus_right": s.focus in story.tagged,
            "countries": [c.to_dict() for c in s.ann.countries],
            "headline": headline(story.text),
        }
