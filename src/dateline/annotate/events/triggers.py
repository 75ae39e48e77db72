"""Trigger finding: the taxonomy's patterns matched against a sentence's tokens, kept when
their constraints hold, no negator stands before them in the clause and they report an event
rather than name its kind ("election officials", "calls for an inquiry"); overlaps resolved.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import groupby

from dateline.annotate.events.actors import (
    AUX,
    CLAUSE_PUNCT,
    DETERMINERS,
    FUNCTION,
    PRONOUNS,
    SUBJECT_PRONOUNS,
    Tokens,
    ends_clause,
    is_passive,
    is_person,
    np_before,
    object_window,
)
from dateline.annotate.events.lexicon import GAP, Constraint, Lexicon, Match, Pattern
from dateline.annotate.lexicons import words as lexicon_words

_OBJECT_PREPOSITIONS = frozenset({"on", "in", "against", "upon", "into", "at"})
_OPENERS = frozenset("\"“‘'([:—–-")


@lru_cache(maxsize=1)
def token_pattern() -> re.Pattern[str]:
    """Words with inner hyphens, apostrophes and dots, and single punctuation marks; titles and
    dotted acronyms keep their period (so "Mr. Reeker" and "U.S. officials" stay one phrase)
    and numbers their thousands separators ("5,000 people")."""
    titles = sorted(lexicon_words("abbreviations", "titles"), key=len)
    # Lookbehinds must have one width each: one per title length. Each looks back from after
    # the period and the comma, matched first: the lookbehinds are then tried only at the few
    # words a period or comma follows, not at the end of every word.
    after_title = "|".join(
        rf"(?<=\b(?i:{'|'.join(group)})\.)" for _, group in groupby(titles, key=len)
    )
    return re.compile(
        rf"\w+(?:[-'’.]\w+|,(?<=\d,)\d{{3}}\b)*(?:\.(?:{after_title}|(?<=\.[A-Za-z]\.)))?|[^\w\s]"
    )


def candidates(
    toks: Tokens, low: list[str], lex: Lexicon, firsts: list[int] | None = None
) -> list[Match]:
    """The triggers of one sentence, overlaps resolved. `firsts`, when given, are the indices
    of the words some pattern starts with, in order: the only ones tried."""
    n = len(low)
    found: list[Match] = []
    headline: bool | None = None
    by_first = lex.by_first
    if firsts is None:
        firsts = [i for i, word in enumerate(low) if word in by_first]
    for i in firsts:
        for pattern in by_first[low[i]]:
            end, gap = _pattern_end(pattern, low, i, n)
            if end < 0:
                continue
            if _capital_inside(toks, low, i, end):
                # A name ("Strike Force", "March"), unless the whole line is a title-case
                # headline: asked once a sentence, and only when it matters.
                if headline is None:
                    headline = _is_headline(toks)
                if not headline:
                    continue
            if _reports_event(pattern, toks, low, i, end, lex):
                found.append(Match(i, end, pattern, gap))
    return _without_overlaps(found)


def _pattern_end(
    pattern: Pattern, low: list[str], i: int, n: int
) -> tuple[int, tuple[int, int] | None]:
    """The end of a pattern matched from token i (or -1), and the tokens its "..." matched."""
    elements = pattern.elements
    if len(elements) == 1:
        return i + 1, None
    # most tries fail at the second word: that is checked here, before _match is called
    second = elements[1]
    if second is not None and (i + 1 == n or low[i + 1] not in second):
        return -1, None
    return _match(elements, 1, low, i + 1, n, None)


def _capital_inside(toks: Tokens, low: list[str], i: int, end: int) -> bool:
    """Whether a one-word match has a capital inside its sentence, as a name has."""
    return end - i == 1 and toks[i].group()[0].isupper() and i > 0 and low[i - 1] not in _OPENERS


def _reports_event(
    pattern: Pattern, toks: Tokens, low: list[str], i: int, end: int, lex: Lexicon
) -> bool:
    """Whether a match is a trigger: its constraints hold, no negator stands before it, and it
    reports an event rather than name its kind."""
    if not all(_satisfied(c, pattern, toks, low, i, end, lex) for c in pattern.constraints):
        return False
    return not (_negated(low, i, lex) or _mentioned(toks, low, i, end, pattern, lex))


def _without_overlaps(found: list[Match]) -> list[Match]:
    """The matches that win their overlaps, in text order. More words first; then evidence
    over its absence; then the tighter match ("held peace talks": "peace talks" over "hold ...
    talks"); then taxonomy order."""
    if len(found) < 2:
        return found
    found.sort(
        key=lambda c: (
            -c.pattern.size,
            -c.pattern.strength,
            c.end - c.start,
            c.pattern.order,
            c.start,
        )
    )
    taken: list[Match] = []
    for cand in found:
        if all(cand.end <= t.start or t.end <= cand.start for t in taken):
            taken.append(cand)
    taken.sort(key=lambda c: c.start)
    return taken


def _match(
    elements: tuple[frozenset[str] | None, ...],
    k: int,
    low: list[str],
    j: int,
    n: int,
    gap: tuple[int, int] | None,
) -> tuple[int, tuple[int, int] | None]:
    """Match elements[k:] from token j; the end token index (or -1) and the gap matched."""
    if k == len(elements):
        return j, gap
    element = elements[k]
    if element is None:
        for size in range(GAP + 1):
            if size and (j + size > n or not _gap_word(low[j + size - 1])):
                break
            end, g = _match(elements, k + 1, low, j + size, n, (j, j + size))
            if end >= 0:
                return end, g if size else gap
        return -1, None
    if j < n and low[j] in element:
        return _match(elements, k + 1, low, j + 1, n, gap)
    return -1, None


def _gap_word(word: str) -> bool:
    """Whether a "..." may stand for this word: not across punctuation, prepositions, clauses."""
    return word[0].isalnum() and (word not in FUNCTION or word in DETERMINERS)


def _is_headline(toks: Tokens) -> bool:
    long_words = [w for w in (t.group() for t in toks) if len(w) > 3 and w[0].isalpha()]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) >= 0.75 * len(long_words)


def _negated(low: list[str], i: int, lex: Lexicon) -> bool:
    for j in range(i - 1, max(-1, i - 1 - lex.negation_window), -1):
        word = low[j]
        if ends_clause(word, lex):
            return False
        if word in lex.negators or word.endswith("n't"):
            return True
    return False


def _mentioned(
    toks: Tokens, low: list[str], i: int, end: int, pattern: Pattern, lex: Lexicon
) -> bool:
    """Whether a trigger names its kind of event rather than an occurrence of it (see the YAML)."""
    if end < len(low) and low[end] in lex.modifier_heads and _attributive(low, i, pattern):
        return True  # "election officials", "death threats", "the newly elected president"
    # "any investigation", "calls for an independent inquiry": a cue, perhaps a few modifiers.
    j = i - 1
    for _ in range(4):
        if j < 0:
            return False
        if any(tuple(low[j - k : j + 1]) in lex.mention_cues for k in range(min(j + 1, 3))):
            return True
        word = low[j]
        if not (word in DETERMINERS or (word.isalpha() and word not in FUNCTION)):
            return False
        if toks[j].group()[0].isupper():
            return False
        j -= 1
    return False


def _attributive(low: list[str], i: int, pattern: Pattern) -> bool:
    """Whether the trigger word may modify the noun after it rather than be a verb taking it."""
    before = low[i - 1] if i > 0 else ""
    if before in AUX or before == "to" or before in SUBJECT_PRONOUNS:
        return False  # "was elected president", "to arrest officials", "they elected leaders"
    if pattern.is_noun or before in DETERMINERS or before.endswith("'s"):
        return True  # "an arrest warrant", "Labour's election supremo"
    # A verb form is a verb after its subject: "rebels killed officials".
    return not before or not before[0].isalnum() or before in FUNCTION or before.endswith("ly")


def _satisfied(
    constraint: Constraint,
    pattern: Pattern,
    toks: Tokens,
    low: list[str],
    i: int,
    end: int,
    lex: Lexicon,
) -> bool:
    if constraint.kind == "active":
        return not is_passive(low, i, pattern)
    if constraint.kind == "not-next":
        return end >= len(low) or low[end] not in constraint.words
    if constraint.kind == "person":
        if is_passive(low, i, pattern):
            # The subject of a passive, by its head word; it may be a name: "Khan was sent back".
            subject = np_before(low, i)
            if not subject:
                return False
            head = subject[-1]
            return is_person(toks, low, head, lex) or (
                toks[head].group()[0].isupper() and low[head] not in PRONOUNS
            )
        # The object may sit inside the phrase ("sent them back"); "he", "they" there would be
        # the subject of a next clause ("when he returned he began").
        inside = range(i + 1, end)
        return any(
            is_person(toks, low, j, lex) and low[j] not in SUBJECT_PRONOUNS
            for r in (inside, object_window(low, end, lex))
            for j in r
        )
    if constraint.kind == "not-object":
        return not any(low[j] in constraint.words for j in _object(low, i, end, pattern, lex))
    near = any(low[j] in constraint.words for j in _clause_window(low, i, end, lex))
    return near if constraint.kind == "near" else not near


def _object(low: list[str], i: int, end: int, pattern: Pattern, lex: Lexicon) -> list[int]:
    """What a trigger acts on: the subject of a passive, else the words inside the phrase and
    after it, past one preposition ("an assault on poverty", "sought refuge in the courts")."""
    if is_passive(low, i, pattern):
        return list(np_before(low, i))
    start = end + 1 if end < len(low) and low[end] in _OBJECT_PREPOSITIONS else end
    after = list(object_window(low, start, lex))
    # Up to "of": "members of the Yazidi religion" are people.
    stop = next((k for k, j in enumerate(after) if low[j] == "of"), len(after))
    return [*range(i + 1, end), *after[:stop]]


def _clause_window(low: list[str], i: int, end: int, lex: Lexicon) -> list[int]:
    out = []
    for j in range(i - 1, max(-1, i - 1 - lex.window), -1):
        if low[j] in CLAUSE_PUNCT or low[j] in ".!?":
            break
        out.append(j)
    for j in range(end, min(len(low), end + lex.window)):
        if low[j] in CLAUSE_PUNCT or low[j] in ".!?":
            break
        out.append(j)
    return out
