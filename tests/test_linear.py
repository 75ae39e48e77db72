"""Annotation does work in proportion to the text's length: four times the text, four times the
work. Work is counted, never timed (bench/run.py times it): Python lines run, and characters
sliced out of the text."""

from __future__ import annotations

import re
import sys

import pytest

from dateline.build import records_for
from dateline.model import Document

from .conftest import REPO

# Linear work grows 4 times for 4 times the text (3.95 to 4.05 here); before the annotators
# were made linear it grew 4.6 (characters sliced, one paragraph) to 15 times (no stops).
MOST_GROWTH = 4.4

LAYOUTS = {
    "articles": lambda text: text,
    "one paragraph": lambda text: re.sub(r"\n\s*\n", "\n", text),
    "one line": lambda text: re.sub(r"\s*\n\s*", " ", text),
    "one line, no stops": lambda text: re.sub(r"[.!?]|\s*\n\s*", " ", text),
}


def _long_article(copies: int, layout: str) -> str:
    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(REPO.glob("seeds/*.txt")))
    return LAYOUTS[layout]("\n\n".join([seeds] * copies))


def _records(text: str) -> None:
    records_for(Document("long", text, published="2002-06-13", dateline="Washington"))


def _lines_run(text: str) -> int:
    count = 0

    def line(frame, event, arg):
        nonlocal count
        count += event == "line"
        return line

    sys.settrace(lambda frame, event, arg: line)
    try:
        _records(text)
    finally:
        sys.settrace(None)
    return count


class _CountingText(str):
    """A text that counts the characters sliced out of it."""

    sliced = 0

    def __getitem__(self, key):
        part = super().__getitem__(key)
        _CountingText.sliced += len(part)
        return part


def _characters_sliced(text: str) -> int:
    _CountingText.sliced = 0
    _records(_CountingText(text))
    return _CountingText.sliced


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("work", [_lines_run, _characters_sliced], ids=["lines", "characters"])
def test_four_times_the_text_is_four_times_the_work(work, layout):
    _records(_long_article(1, layout))  # lexicons loaded once, as in a real run
    small, large = (work(_long_article(copies, layout)) for copies in (2, 8))
    assert large / small < MOST_GROWTH, f"{large:,} / {small:,}"
