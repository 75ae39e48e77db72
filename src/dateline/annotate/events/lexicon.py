"""The event taxonomy compiled: lexicons/events.yaml (plus a user's types) made into patterns
keyed by a trigger's first word, and the lookup of a user's `--type` words.

The YAML header explains the trigger syntax; this room turns it into data the trigger finder
reads, once per set of user types.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from typing import Any

from dateline.annotate.inflect import Irregular, inflect
from dateline.annotate.lexicons import load

GAP = 3  # "..." in a phrase stands for up to this many words
_TYPE_KEYS = ("code", "label", "aliases", "verbs", "nouns", "phrases")
_TRIGGER = re.compile(r"^\s*(?P<words>[^\[\]]+?)\s*(?P<constraints>(?:\[[^\]]*\]\s*)*)$")
_CONSTRAINT = re.compile(r"\[([^\]]*)\]")
# Words a user's query may carry that say nothing of the type.
_QUERY_STOP = frozenset(
    {"a", "an", "the", "of", "or", "and", "to", "with", "by", "for", "in", "on"}
)

# Constraint strength: evidence for a sense beats the mere absence of evidence against it.
_STRENGTH = {"person": 2, "near": 2, "not-near": 1, "not-next": 1, "not-object": 1, "active": 1}


@dataclass(frozen=True, slots=True)
class Constraint:
    kind: str  # person | near | not-near | not-next | not-object | active
    words: frozenset[str]


@dataclass(frozen=True, slots=True)
class Pattern:
    code: str
    label: str
    elements: tuple[frozenset[str] | None, ...]  # None: a gap of up to GAP words
    size: int  # words matched, gaps aside: the longer pattern wins an overlap
    is_noun: bool
    constraints: tuple[Constraint, ...]
    order: int  # position of the type in the taxonomy

    @property
    def strength(self) -> int:
        return max((_STRENGTH[c.kind] for c in self.constraints), default=0)


@dataclass(slots=True)
class Match:
    """A pattern found in a sentence's tokens."""

    start: int  # token indexes, end exclusive
    end: int
    pattern: Pattern
    gap: tuple[int, int] | None  # tokens a "..." matched, the object of "sent them back"


@dataclass(frozen=True, slots=True)
class Lexicon:
    types: tuple[dict[str, Any], ...]
    by_first: dict[str, tuple[Pattern, ...]]
    vocabulary: tuple[frozenset[str], ...]  # per type: words a user's query may match
    lemma_of: dict[str, str]
    person: frozenset[str]
    negators: frozenset[str]
    clause_words: frozenset[str]
    modifier_heads: frozenset[str]  # "election officials": a trigger naming a kind of thing
    mention_cues: frozenset[tuple[str, ...]]  # "calls for an inquiry": no inquiry yet
    window: int
    negation_window: int


def compiled(extra_types: list[dict[str, Any]] | None = None) -> Lexicon:
    """The taxonomy ready for matching; compiled once per set of user types."""
    return _lexicon(_key(extra_types))


def event_types(extra_types: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The taxonomy: the bundled event types, extended by user entries of the same shape."""
    return copy.deepcopy(list(_lexicon(_key(extra_types)).types))  # the cached copy stays intact


def _key(extra_types: list[dict[str, Any]] | None) -> str:
    # The compiled lexicon is cached by the user's entries, so they must become hashable.
    return json.dumps(extra_types, sort_keys=True) if extra_types else ""


def _merge(extra_types: list[dict[str, Any]]) -> list[dict[str, Any]]:
    merged = [dict(t) for t in load("events")["event_types"]]
    by_code = {str(t["code"]): t for t in merged}
    for entry in extra_types:
        if not isinstance(entry, dict) or "code" not in entry:
            raise ValueError(f"event type without a code: {entry!r}")
        unknown = set(entry) - set(_TYPE_KEYS)
        if unknown:
            raise ValueError(f"event type {entry['code']}: unknown keys {sorted(unknown)}")
        code = str(entry["code"])
        if code in by_code:
            known = by_code[code]
            for key in ("aliases", "verbs", "nouns", "phrases"):
                known[key] = list(known.get(key) or []) + list(entry.get(key) or [])
            if entry.get("label"):
                known["label"] = entry["label"]
        else:
            added = {"label": code, **entry, "code": code}
            merged.append(added)
            by_code[code] = added
    return merged


@lru_cache(maxsize=16)
def _lexicon(key: str) -> Lexicon:
    """The lexicon for one set of user types, `key` their JSON (see `_key`)."""
    data = load("events")
    irregular = _irregular(data["irregular"])
    classes = {k: frozenset(str(w).lower() for w in v) for k, v in data["classes"].items()}
    lists = {k: _forms_of(v, irregular, noun=True) for k, v in data["lists"].items()}
    types = _merge(json.loads(key)) if key else [dict(t) for t in data["event_types"]]
    by_first, vocabulary, lemma_of = _index(types, irregular, classes, lists)
    return Lexicon(
        types=tuple(types),
        by_first=by_first,
        vocabulary=vocabulary,
        lemma_of=lemma_of,
        person=lists.get("person", frozenset()),
        negators=_forms_of(data["negators"], irregular),
        clause_words=frozenset(str(w).lower() for w in data["clause_words"]),
        modifier_heads=_forms_of(data["modifier_heads"], irregular, noun=True),
        mention_cues=_mention_cues(data["mention_cues"], irregular),
        window=int(data["window"]),
        negation_window=int(data["negation_window"]),
    )


def _irregular(tables: dict[str, dict[Any, list[Any]]]) -> Irregular:
    """The irregular forms of each kind (verbs, nouns), lower case: {kind: {word: forms}}."""
    return {
        kind: {str(k).lower(): [str(f).lower() for f in v] for k, v in table.items()}
        for kind, table in tables.items()
    }


def _index(
    types: list[dict[str, Any]],
    irregular: Irregular,
    classes: dict[str, frozenset[str]],
    lists: dict[str, frozenset[str]],
) -> tuple[dict[str, tuple[Pattern, ...]], tuple[frozenset[str], ...], dict[str, str]]:
    """Every type's triggers compiled: the patterns by each form of their first word, each
    type's vocabulary for a query, and the lemma of every form."""
    lemma_of: dict[str, str] = {}
    table: dict[str, list[Pattern]] = {}
    vocabulary = []
    for order, etype in enumerate(types):
        code, label = str(etype["code"]), str(etype.get("label") or etype["code"])
        words = _names_of(code, label, etype.get("aliases") or [])
        for field, trigger in _triggers(etype):
            pattern, lemmas = _compile(
                trigger, field, code, label, order, irregular, classes, lists, lemma_of
            )
            words |= lemmas
            for form in pattern.elements[0] or ():
                table.setdefault(form, []).append(pattern)
        vocabulary.append(frozenset(words))
    by_first = {form: tuple(patterns) for form, patterns in table.items()}
    return by_first, tuple(vocabulary), lemma_of


def _names_of(code: str, label: str, aliases: list[Any]) -> set[str]:
    """The words a query may name a type by: its code, its label's, its aliases' and each
    alias whole ("withdrawal from sale")."""
    words = _words(label) | {code.lower()}
    for alias in aliases:
        words |= _words(str(alias)) | {str(alias).lower()}
    return words


def _triggers(etype: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """A type's triggers, each with the field that lists it: verbs, nouns, then phrases."""
    for field in ("verbs", "nouns", "phrases"):
        for trigger in etype.get(field) or []:
            yield field, str(trigger)


def _mention_cues(phrases: list[Any], irregular: Irregular) -> frozenset[tuple[str, ...]]:
    """The cues of a mere mention ("calls for"), as word tuples in every form of each word."""
    return frozenset(
        cue
        for phrase in phrases
        for cue in product(*(_any_form(w, irregular) for w in str(phrase).split()))
    )


def _forms_of(words: list[Any], irregular: Irregular, noun: bool = False) -> frozenset[str]:
    return frozenset(form for w in words for form in inflect(str(w), irregular, noun=noun))


def _any_form(word: str, irregular: Irregular) -> set[str]:
    return inflect(word, irregular) | inflect(word, irregular, noun=True)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[\w'-]+", text.lower()) if w not in _QUERY_STOP}


def _compile(
    trigger: str,
    field: str,
    code: str,
    label: str,
    order: int,
    irregular: Irregular,
    classes: dict[str, frozenset[str]],
    lists: dict[str, frozenset[str]],
    lemma_of: dict[str, str],
) -> tuple[Pattern, set[str]]:
    m = _TRIGGER.match(trigger)
    if not m:
        raise ValueError(f"event type {code}: cannot read trigger {trigger!r}")
    parts = m.group("words").lower().split()
    if parts[0] == "..." or parts[-1] == "...":
        raise ValueError(f"event type {code}: trigger {trigger!r} must start and end with a word")
    noun = field == "nouns"
    elements: list[frozenset[str] | None] = []
    lemmas: set[str] = set()
    for part in parts:
        if part == "...":
            elements.append(None)
        elif part.startswith("{") and part.endswith("}"):
            if part[1:-1] not in classes:
                raise ValueError(f"event type {code}: unknown class {part} in {trigger!r}")
            elements.append(classes[part[1:-1]])
        elif part.startswith("="):
            elements.append(frozenset([part[1:]]))
            lemmas.add(part[1:])
        else:
            forms = inflect(part, irregular, noun=noun and len(parts) == 1)
            for form in forms:
                lemma_of.setdefault(form, part)
            elements.append(frozenset(forms))
            lemmas.add(part)
    constraints = tuple(
        _constraint(c, code, trigger, irregular, lists)
        for c in _CONSTRAINT.findall(m.group("constraints"))
    )
    size = sum(1 for e in elements if e is not None)
    pattern = Pattern(code, label, tuple(elements), size, noun, constraints, order)
    # A one-word trigger names its type ("seize"); a phrase only as a whole, or "fight" would
    # find "fight their way into".
    words = [p.lstrip("=") for p in parts if p != "..." and not p.startswith("{")]
    names = lemmas if len(parts) == 1 else {" ".join(words)}
    return pattern, names


def _constraint(
    text: str,
    code: str,
    trigger: str,
    irregular: Irregular,
    lists: dict[str, frozenset[str]],
) -> Constraint:
    kind, _, rest = text.partition(":")
    kind = kind.strip().lower()
    if kind in ("person", "active") and not rest.strip():
        return Constraint(kind, frozenset())
    if kind not in ("near", "not-near", "not-next", "not-object") or not rest.strip():
        raise ValueError(f"event type {code}: cannot read constraint in {trigger!r}")
    words: set[str] = set()
    for word in rest.split("|"):
        word = word.strip().lower()
        if word.startswith("@"):
            if word[1:] not in lists:
                raise ValueError(f"event type {code}: unknown list {word} in {trigger!r}")
            words |= lists[word[1:]]
        elif word:
            words |= inflect(word, irregular)
    return Constraint(kind, frozenset(words))


# ---------------------------------------------------------------------------------------------
# Looking up a user's --type words.


def match_event_type(query: str, extra_types: list[dict[str, Any]] | None = None) -> list[str]:
    """The codes a user's `--type` words mean, in taxonomy order.

    A code matches itself and, CAMEO being hierarchical, its children ("17" finds 171 ... 175);
    "Justice" finds every Justice.* type. Otherwise every word of the query (in any inflection)
    must be a word of the type's label, aliases or trigger lemmas: "arrest", "seize", "asylum".
    """
    lex = _lexicon(_key(extra_types))
    q = " ".join(query.lower().split())
    if not q:
        return []
    codes = [str(t["code"]) for t in lex.types]
    by_code = [c for c in codes if _code_matches(c.lower(), q)]
    if by_code:
        return by_code
    wanted = [w for w in re.findall(r"[\w'-]+", q) if w not in _QUERY_STOP]
    if not wanted:
        return []
    # The query as lemmas, to meet a phrase trigger: "sought refuge" is "seek refuge".
    as_lemmas = " ".join(lex.lemma_of.get(w, w) for w in re.findall(r"[\w'-]+", q))
    out = []
    for code, vocabulary in zip(codes, lex.vocabulary, strict=True):
        if (
            q in vocabulary
            or as_lemmas in vocabulary
            or all(w in vocabulary or lex.lemma_of.get(w, w) in vocabulary for w in wanted)
        ):
            out.append(code)
    return out


def _code_matches(code: str, q: str) -> bool:
    if code == q:
        return True
    if q.isdigit():
        return code.isdigit() and code.startswith(q)
    return "." in code and code.startswith(q.rstrip(".") + ".")
