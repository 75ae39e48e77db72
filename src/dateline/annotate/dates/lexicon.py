"""The `dates` lexicon, compiled once into lookup tables and lower-case regex pieces."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from dateline.annotate.lexicons import load


def alt(words: Iterable[object], lower: bool = True) -> str:
    """A regex matching any of `words` (lower-cased unless told), spaces matching white space.

    The words are laid out as a trie ("jan(?:uary)?"), which the regex engine walks far faster
    than a flat list of alternatives; optional tails are greedy, so the longest word wins.
    """
    tree: dict[str, dict] = {}
    for word in {str(w).lower() if lower else str(w) for w in words}:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie(tree)


def _trie(node: dict[str, dict]) -> str:
    branches = [
        (r"\s+" if ch == " " else re.escape(ch)) + _trie(child)
        for ch, child in sorted(node.items())
        if ch
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{body})?"
    return body


def dotted(words: Iterable[str]) -> list[str]:
    return [f"{w}." for w in words]


def _capitalized(phrase: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in phrase.split())


def key(s: str) -> str:
    """The lexicon key of matched words: lower case, single spaces, no final period."""
    return re.sub(r"\s+", " ", s.lower().rstrip("."))


@dataclass(frozen=True, slots=True)
class DateLexicon:
    months: dict[str, int]
    full_months: frozenset[str]
    weekdays: dict[str, int]
    numbers: dict[str, float]
    vague: frozenset[str]
    ordinals: dict[str, int]
    units: dict[str, str]
    seasons: dict[str, str]
    decade_words: dict[str, int]
    the_seasons: frozenset[str]
    parts_of_day: dict[str, str]
    point_mods: dict[str, str]
    duration_mods: dict[str, str]
    refs: dict[str, str]
    sets: dict[str, str]
    holidays: dict[str, tuple[int, int]]
    reporting_verbs: frozenset[str]
    deadline_words: frozenset[str]
    scheduled_verbs: frozenset[str]
    era_nouns: frozenset[str]
    future: re.Pattern[str]
    plan_ahead: re.Pattern[str]
    p: dict[str, str]  # regex pieces, all matching lower-cased text


@cache
def lexicon() -> DateLexicon:
    """The `dates` lexicon, compiled on first use."""
    data = load("dates")
    numbers, units = _stringed(data["numbers"]), _stringed(data["units"])
    refs = {key(w): value for value, ws in data["refs"].items() for w in ws}
    holidays = {key(k): (int(v[0]), int(v[1])) for k, v in data["holidays"].items()}
    return DateLexicon(
        months=_numbered(data["months"]),
        full_months=frozenset(key(n) for n in _first_names(data["months"])),
        weekdays=_numbered(data["weekdays"]),
        numbers=numbers,
        vague=frozenset(key(w) for w in data["vague_numbers"]),
        ordinals=_stringed(data["ordinals"]),
        units=units,
        seasons=data["seasons"],
        decade_words={str(k): int(v) for k, v in data["decade_words"].items()},
        the_seasons=frozenset(data["seasons_after_the"]),
        parts_of_day=data["parts_of_day"],
        point_mods=_keyed(data["point_mods"]),
        duration_mods=_keyed(data["duration_mods"]),
        refs=refs,
        sets=_keyed(data["sets"]),
        holidays=holidays,
        reporting_verbs=frozenset(data["reporting_verbs"]),
        deadline_words=frozenset(data["deadline_words"]),
        scheduled_verbs=frozenset(data["scheduled_verbs"]),
        era_nouns=frozenset(data["era_nouns"]),
        future=re.compile(rf"\b{alt(data['future_markers'])}\b"),
        plan_ahead=re.compile(rf"\b{alt(data['plan_ahead_markers'])}\b"),
        p=_pieces(data, numbers, units, refs, holidays),
    )


def _numbered(names: dict[Any, list[str]]) -> dict[str, int]:
    """Every name of a month or weekday, keyed, to its number: {"jan": 1, "january": 1}."""
    return {key(n): int(k) for k, ns in names.items() for n in ns}


def _first_names(names: dict[Any, list[str]]) -> list[str]:
    """The full names of months or weekdays: each number's first name."""
    return [ns[0] for ns in names.values()]


def _abbreviations(names: dict[Any, list[str]]) -> list[str]:
    """The short names of months or weekdays: each number's names after the first."""
    return [n for ns in names.values() for n in ns[1:]]


def _stringed(table: dict[Any, Any]) -> dict[str, Any]:
    """A table with its keys as strings (YAML reads `1:` as a number)."""
    return {str(k): v for k, v in table.items()}


def _keyed(table: dict[str, str]) -> dict[str, str]:
    """A table with its keys as matched words are keyed (`key`)."""
    return {key(k): v for k, v in table.items()}


def _count(numbers: dict[str, float]) -> str:
    """The regex of a count: digits ("2 1/2"), tens with their ones ("twenty-four"), or words."""
    tens = [w for w, v in numbers.items() if v in (20, 30, 40, 50, 60, 70, 80, 90)]
    ones = [w for w, v in numbers.items() if isinstance(v, int) and 1 <= v <= 9 and " " not in w]
    ones = [w for w in ones if w not in ("a", "an")]
    return (
        rf"(?:\d+(?:[.,]\d+)?(?:\s+\d/\d)?|{alt(tens)}(?:[-\s]+{alt(ones)})?|"
        rf"{alt(ones)}\s+thousand|{alt(numbers)})"
    )


def _pieces(
    data: dict[str, Any],
    numbers: dict[str, float],
    units: dict[str, str],
    refs: dict[str, str],
    holidays: dict[str, tuple[int, int]],
) -> dict[str, str]:
    """The regex pieces the rules are written with, all matching lower-cased text but the
    capitalized ones."""
    full_months, abbr_months = _first_names(data["months"]), _abbreviations(data["months"])
    full_days, abbr_days = _first_names(data["weekdays"]), _abbreviations(data["weekdays"])
    return {
        # Abbreviations take their period inside the match, so "Feb. 26" ends where it should.
        # One trie per piece, so the regex engine can skip to the letters that may start it.
        "month": alt([*full_months, *abbr_months, *dotted(abbr_months)]) + r"(?!\w)",
        "month_full": alt([*full_months, *dotted(abbr_months)]) + r"(?!\w)",
        "weekday": alt([*full_days, *dotted(abbr_days)]),
        # Capitalized names, matched in the text as written: far fewer places to try.
        "Month": alt([*full_months, *abbr_months, *dotted(abbr_months)], False) + r"(?!\w)",
        "Weekday": alt([*full_days, *dotted(abbr_days)], False),
        "number": _count(numbers),
        "vague": alt(data["vague_numbers"]),
        "unit": alt(units) + r"(?:s|es)?",
        "plural_unit": alt(data["plural_units"]),
        "ordinal": alt(data["ordinals"]),
        "season": alt(data["seasons"]),
        "decade_word": alt(data["decade_words"]),
        "pod": alt(data["parts_of_day"]),
        "pmod_words": alt(data["point_mods"]),
        "dmod": rf"(?:(?P<dmod>{alt(data['duration_mods'])})\s+)?",
        "refs": alt(refs),
        "vague_durations": alt(data["vague_durations"]),
        "sets": alt(data["sets"]),
        "Holiday": alt(
            [
                _capitalized(h)
                for h in (*holidays, "thanksgiving day", "thanksgiving", "election day")
            ],
            False,
        ),
        "tz": alt(data["time_zones"]),
    }


def number(word: str) -> float | None:
    """The value of a number in digits or words ("twenty-four", "a couple of"); None if vague."""
    w = key(word).replace(",", "")
    numbers = lexicon().numbers
    if re.fullmatch(r"\d+(\.\d+)?", w):
        return float(w)
    if m := re.fullmatch(r"(\d+) (\d)/(\d)", w):
        return int(m.group(1)) + int(m.group(2)) / int(m.group(3))
    if w in numbers:
        return float(numbers[w])
    parts = re.split(r"[-\s]+", w)
    if len(parts) == 2 and parts[0] in numbers and parts[1] in numbers:
        first, second = numbers[parts[0]], numbers[parts[1]]
        # "twenty-four" adds, "two thousand" multiplies
        return float(first * second if second in (100, 1000) else first + second)
    return None


def unit(word: str) -> str:
    """The TIMEX3 letter(s) of a unit word, singular or plural ("centuries" -> CE)."""
    w = word.lower()
    units = lexicon().units
    for cut in (0, 1, 2):
        stem = w[: len(w) - cut] if cut else w
        if stem in units:
            return units[stem]
    return units["century"] if w.startswith("centur") else "D"


def duration(n: float | None, unit_: str) -> str:
    """A TIMEX3 duration: P3Y, PT5H, PXW; 24 hours is P1D and 2,000 years P2L as TimeBank writes
    them."""
    if unit_ == "TH" and n == 24:
        return "P1D"
    if unit_ == "DE":  # decades in years, as TimeBank writes them: P20Y, and PXY for "decades"
        return f"P{int(n * 10)}Y" if n is not None else "PXY"
    if unit_ == "CE":  # "for centuries": PXC, TimeML's letter for a century
        return f"P{int(n * 100)}Y" if n is not None else "PXC"
    if unit_ == "Y" and n is not None and n >= 1000 and n % 1000 == 0:
        return f"P{int(n // 1000)}L"  # "two thousand years": two millennia, as TimeML writes it
    if n is not None and n != int(n):
        if unit_ == "TH":  # "2 1/2 hours": PT2H30M
            return f"PT{int(n)}H{round((n % 1) * 60)}M"
        if unit_ == "TM":  # "a minute and a half": PT1M30S
            return f"PT{int(n)}M{round((n % 1) * 60)}S"
        if unit_ == "D":  # "a day and a half": P1DT12H
            return f"P{int(n)}DT{round((n % 1) * 24)}H"
        if unit_ == "Y":
            return f"P{int(n)}Y{round((n % 1) * 12)}M"
    count = "X" if n is None else (str(int(n)) if n == int(n) else str(n))
    if unit_.startswith("T"):
        return f"PT{count}{unit_[1]}"
    return f"P{count}{unit_}"
