"""Events: what happened, to whom, when and where, found from trigger words in the events lexicon.

The taxonomy (CAMEO codes, ACE 2005 types and a few of our own) is data in lexicons/events.yaml;
its header explains the trigger syntax. This module compiles it once into a table keyed by a
trigger's first word, so finding events costs one dictionary lookup per token.
"""

from __future__ import annotations

import copy
import json
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from typing import Any

from dateline.annotate.lexicons import load
from dateline.annotate.lexicons import words as lexicon_words
from dateline.model import DateMention, Event, Place, Span

_GAP = 3  # "..." in a phrase stands for up to this many words
_Tokens = list[re.Match[str]]
_NP_MAX = 6  # words in an actor's noun phrase
_TYPE_KEYS = ("code", "label", "aliases", "verbs", "nouns", "phrases")
_TRIGGER = re.compile(r"^\s*(?P<words>[^\[\]]+?)\s*(?P<constraints>(?:\[[^\]]*\]\s*)*)$")
_CONSTRAINT = re.compile(r"\[([^\]]*)\]")


def _words_of(words: str) -> frozenset[str]:
    return frozenset(words.split())


_QUERY_STOP = _words_of("a an the of or and to with by for in on")

# Constraint strength: evidence for a sense beats the mere absence of evidence against it.
_STRENGTH = {"person": 2, "near": 2, "not-near": 1, "not-next": 1, "active": 1}

# Tokens that end a clause: negation, constraints and actors do not reach across them.
_CLAUSE_PUNCT = frozenset(',;:()[]"“”‘’—–-')
_OPENERS = frozenset("\"“‘'([:—–-")
_BE = _words_of("is are was were be been being am get gets got")
_AUX = _BE | _words_of(
    "has have had having will would could should may might must can shall do does did "
    "not never also reportedly allegedly later then subsequently already recently previously "
    "once again still just now"
)
_DETERMINERS = _words_of(
    "the a an this that these those his her their its our my your some two three four five "
    "six seven eight nine ten dozens hundreds thousands several many"
)
_PRONOUNS = _words_of("he she they it we i you him them us me")
_SUBJECT_PRONOUNS = _words_of("he she they we i")
_FUNCTION = _AUX | _words_of(
    "to from with in on at for by of into onto over under after before during since until "
    "against about as than via through across between among within without upon near outside "
    "inside and or but nor so yet who whom whose which that what where when why how if because "
    "although though while whether said says say told tells added reported claimed yesterday "
    "today tomorrow there here last next"
)
_PARTICLES = _words_of("away back off up down out home")
_DEGREE = _words_of("most more very so too even only just quite rather")
_NOT_VERBS = _words_of("red bed king ring wing building meeting evening morning thing")


# ---------------------------------------------------------------------------------------------
# Inflection: a lemma and the forms it takes in running text.

_Irregular = dict[str, dict[str, list[str]]]


def _is_vowel(c: str) -> bool:
    return c in "aeiou"


def _syllables(word: str) -> int:
    return len(re.findall(r"[aeiouy]+", word))


def _cvc(word: str) -> bool:
    """Ends consonant-vowel-consonant, so a suffix may double the last letter (stop, stopped)."""
    return (
        len(word) >= 3
        and not _is_vowel(word[-1])
        and word[-1] not in "wxy"
        and _is_vowel(word[-2])
        and not _is_vowel(word[-3])
    )


def _s_form(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh", "o")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and not _is_vowel(word[-2]):
        return word[:-1] + "ies"
    return word + "s"


def _suffixed(word: str, suffix: str) -> set[str]:
    """`word` + "ed" or "ing", with English spelling rules; both spellings where they are unsure."""
    if suffix == "ing" and word.endswith("ie"):
        return {word[:-2] + "ying"}
    if word.endswith("e"):
        if suffix == "ed":
            return {word + "d"}
        return {word + "ing"} if word.endswith(("ee", "ye", "oe")) else {word[:-1] + "ing"}
    if suffix == "ed" and word.endswith("y") and len(word) > 1 and not _is_vowel(word[-2]):
        return {word[:-1] + "ied"}
    if _cvc(word):
        doubled = word + word[-1] + suffix
        # Stress decides for longer words (admitted, visited); a spare form costs nothing.
        return {doubled} if _syllables(word) == 1 else {doubled, word + suffix}
    return {word + suffix}


def inflect(lemma: str, irregular: _Irregular, noun: bool = False) -> set[str]:
    """The lemma and its inflected forms: plural for nouns; -s, -ed and -ing forms for verbs.

    `irregular` holds {"past": {lemma: forms}, "plural": {lemma: forms}}; an entry replaces the
    regular -ed form (verb) or -s form (noun).
    """
    lemma = lemma.lower()
    forms = {lemma}
    if noun:
        forms.update(irregular["plural"].get(lemma) or [_s_form(lemma)])
        return forms
    forms.add(_s_form(lemma))
    forms |= _suffixed(lemma, "ing")
    forms.update(irregular["past"].get(lemma) or _suffixed(lemma, "ed"))
    return forms


# ---------------------------------------------------------------------------------------------
# Compiling the taxonomy.


@dataclass(frozen=True, slots=True)
class _Constraint:
    kind: str  # person | near | not-near | not-next | active
    words: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Pattern:
    code: str
    label: str
    elements: tuple[frozenset[str] | None, ...]  # None: a gap of up to _GAP words
    size: int  # words matched, gaps aside: the longer pattern wins an overlap
    is_noun: bool
    constraints: tuple[_Constraint, ...]
    order: int  # position of the type in the taxonomy

    @property
    def strength(self) -> int:
        return max((_STRENGTH[c.kind] for c in self.constraints), default=0)


@dataclass(frozen=True, slots=True)
class _Lexicon:
    types: tuple[dict[str, Any], ...]
    by_first: dict[str, tuple[_Pattern, ...]]
    vocabulary: tuple[frozenset[str], ...]  # per type: words a user's query may match
    lemma_of: dict[str, str]
    person: frozenset[str]
    negators: frozenset[str]
    clause_words: frozenset[str]
    window: int
    negation_window: int


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


@lru_cache(maxsize=1)
def _token_pattern() -> re.Pattern[str]:
    """Words with inner hyphens, apostrophes and dots, and single punctuation marks; titles and
    dotted acronyms keep their period (so "Mr. Reeker" and "U.S. officials" stay one phrase)
    and numbers their thousands separators ("5,000 people")."""
    titles = sorted(lexicon_words("abbreviations", "titles"), key=len)
    # Lookbehinds must have one width each: one per title length.
    after_title = "|".join(
        rf"(?<=\b(?i:{'|'.join(group)}))" for _, group in groupby(titles, key=len)
    )
    return re.compile(
        rf"\w+(?:[-'’.]\w+|(?<=\d),\d{{3}}\b)*(?:(?:{after_title}|(?<=\.[A-Za-z]))\.)?|[^\w\s]"
    )


@lru_cache(maxsize=16)
def _lexicon(key: str) -> _Lexicon:
    data = load("events")
    irregular = {
        kind: {str(k).lower(): [str(f).lower() for f in v] for k, v in table.items()}
        for kind, table in data["irregular"].items()
    }
    classes = {k: frozenset(str(w).lower() for w in v) for k, v in data["classes"].items()}
    lists = {k: _forms_of(v, irregular, noun=True) for k, v in data["lists"].items()}
    types = _merge(json.loads(key)) if key else [dict(t) for t in data["event_types"]]
    lemma_of: dict[str, str] = {}
    table: dict[str, list[_Pattern]] = {}
    vocabulary = []
    for order, etype in enumerate(types):
        code, label = str(etype["code"]), str(etype.get("label") or etype["code"])
        words = _words(label) | {code.lower()}
        for alias in etype.get("aliases") or []:
            words |= _words(str(alias)) | {str(alias).lower()}
        for field in ("verbs", "nouns", "phrases"):
            for trigger in etype.get(field) or []:
                pattern, lemmas = _compile(
                    str(trigger), field, code, label, order, irregular, classes, lists, lemma_of
                )
                words |= lemmas
                for form in pattern.elements[0] or ():
                    table.setdefault(form, []).append(pattern)
        vocabulary.append(frozenset(words))
    return _Lexicon(
        types=tuple(types),
        by_first={form: tuple(patterns) for form, patterns in table.items()},
        vocabulary=tuple(vocabulary),
        lemma_of=lemma_of,
        person=lists.get("person", frozenset()),
        negators=_forms_of(data["negators"], irregular),
        clause_words=frozenset(str(w).lower() for w in data["clause_words"]),
        window=int(data["window"]),
        negation_window=int(data["negation_window"]),
    )


def _forms_of(words: list[Any], irregular: _Irregular, noun: bool = False) -> frozenset[str]:
    return frozenset(form for w in words for form in inflect(str(w), irregular, noun=noun))


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[\w'-]+", text.lower()) if w not in _QUERY_STOP}


def _compile(
    trigger: str,
    field: str,
    code: str,
    label: str,
    order: int,
    irregular: _Irregular,
    classes: dict[str, frozenset[str]],
    lists: dict[str, frozenset[str]],
    lemma_of: dict[str, str],
) -> tuple[_Pattern, set[str]]:
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
    pattern = _Pattern(code, label, tuple(elements), size, noun, constraints, order)
    # A one-word trigger names its type ("seize"); a phrase only as a whole, or "fight" would
    # find "fight their way into".
    words = [p.lstrip("=") for p in parts if p != "..." and not p.startswith("{")]
    names = lemmas if len(parts) == 1 else {" ".join(words)}
    return pattern, names


def _constraint(
    text: str,
    code: str,
    trigger: str,
    irregular: _Irregular,
    lists: dict[str, frozenset[str]],
) -> _Constraint:
    kind, _, rest = text.partition(":")
    kind = kind.strip().lower()
    if kind in ("person", "active") and not rest.strip():
        return _Constraint(kind, frozenset())
    if kind not in ("near", "not-near", "not-next") or not rest.strip():
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
    return _Constraint(kind, frozenset(words))


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


# ---------------------------------------------------------------------------------------------
# Finding events.


@dataclass(slots=True)
class _Candidate:
    start: int  # token indexes, end exclusive
    end: int
    pattern: _Pattern
    gap: tuple[int, int] | None  # tokens a "..." matched, the object of "sent them back"


def find_events(
    text: str,
    sentences: list[Span],
    dates: list[DateMention],
    places: list[Place],
    extra_types: list[dict[str, Any]] | None = None,
) -> list[Event]:
    """Events in `text`, one per trigger, in text order.

    `dates` and `places` are the document's annotations: an event takes the nearest calendar
    date of its sentence and the places named in it. `extra_types` extends the taxonomy.
    """
    lex = _lexicon(_key(extra_types))
    dated = sorted((d for d in dates if d.begin), key=lambda d: d.span.start)
    date_starts = [d.span.start for d in dated]
    placed = sorted(places, key=lambda p: p.span.start)
    place_starts = [p.span.start for p in placed]
    # One pass of the tokenizer over the document; sentences take their slices of it.
    doc_toks = list(_token_pattern().finditer(text))
    starts = [m.start() for m in doc_toks]
    doc_low = [m.group().lower() for m in doc_toks]
    if "’" in text:
        doc_low = [w.replace("’", "'") for w in doc_low]
    events: list[Event] = []
    for sentence in sentences:
        lo, hi = bisect_left(starts, sentence.start), bisect_left(starts, sentence.end)
        toks, low = doc_toks[lo:hi], doc_low[lo:hi]
        found = _candidates(toks, low, lex)
        if not found:
            continue
        lo, hi = bisect_left(date_starts, sentence.start), bisect_left(date_starts, sentence.end)
        in_sentence_dates = [d for d in dated[lo:hi] if d.span.end <= sentence.end]
        lo, hi = bisect_left(place_starts, sentence.start), bisect_left(place_starts, sentence.end)
        in_sentence_places = tuple(p for p in placed[lo:hi] if p.span.end <= sentence.end)
        previous_agent, previous_end = "", -1
        for cand in found:
            trigger = Span.of(text, toks[cand.start].start(), toks[cand.end - 1].end())
            agent, patient = _actors(text, toks, low, cand, lex)
            if (
                not agent
                and not cand.pattern.is_noun
                and _coordinated(low, previous_end, cand.start, lex)
            ):
                agent = previous_agent  # "police entered ... and seized a man": one subject
            previous_agent, previous_end = agent, cand.end
            events.append(
                Event(
                    type=cand.pattern.code,
                    label=cand.pattern.label,
                    trigger=trigger,
                    sentence=sentence,
                    date=_nearest(in_sentence_dates, trigger),
                    places=in_sentence_places,
                    actors=tuple(dict.fromkeys(a for a in (agent, patient) if a)),
                )
            )
    return events


def _coordinated(low: list[str], previous_end: int, start: int, lex: _Lexicon) -> bool:
    """Whether a trigger is a second verb after "and", in the clause of the previous one."""
    if start == 0 or low[start - 1] != "and" or previous_end < 0:
        return False
    between = low[previous_end : start - 1]
    # Commas may separate the two verbs ("rushed in, and threatened"); other breaks may not.
    return not any(w != "," and (w in _CLAUSE_PUNCT or w in lex.clause_words) for w in between)


def _candidates(toks: _Tokens, low: list[str], lex: _Lexicon) -> list[_Candidate]:
    n = len(low)
    found: list[_Candidate] = []
    headline: bool | None = None
    for i, word in enumerate(low):
        patterns = lex.by_first.get(word)
        if not patterns:
            continue
        for pattern in patterns:
            if len(pattern.elements) == 1:
                end, gap = i + 1, None
            else:
                end, gap = _match(pattern.elements, 1, low, i + 1, n, None)
                if end < 0:
                    continue
            if (
                end - i == 1
                and toks[i].group()[0].isupper()
                and i > 0
                and low[i - 1] not in _OPENERS
            ):
                # A capital inside a sentence makes a name ("Strike Force", "March"), unless
                # the whole line is a title-case headline.
                if headline is None:
                    headline = _is_headline(toks)
                if not headline:
                    continue
            if not all(_satisfied(c, pattern, toks, low, i, end, lex) for c in pattern.constraints):
                continue
            if _negated(low, i, lex):
                continue
            found.append(_Candidate(i, end, pattern, gap))
    if len(found) < 2:
        return found
    # More words first; then evidence over its absence; then the tighter match ("held peace
    # talks": "peace talks" over "hold ... talks"); then taxonomy order.
    found.sort(
        key=lambda c: (
            -c.pattern.size,
            -c.pattern.strength,
            c.end - c.start,
            c.pattern.order,
            c.start,
        )
    )
    taken: list[_Candidate] = []
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
        for size in range(_GAP + 1):
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
    return word[0].isalnum() and (word not in _FUNCTION or word in _DETERMINERS)


def _is_headline(toks: _Tokens) -> bool:
    long_words = [w for w in (t.group() for t in toks) if len(w) > 3 and w[0].isalpha()]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) >= 0.75 * len(long_words)


def _ends_clause(word: str, lex: _Lexicon) -> bool:
    return word in _CLAUSE_PUNCT or word in lex.clause_words or word in ".!?"


def _negated(low: list[str], i: int, lex: _Lexicon) -> bool:
    for j in range(i - 1, max(-1, i - 1 - lex.negation_window), -1):
        word = low[j]
        if _ends_clause(word, lex):
            return False
        if word in lex.negators or word.endswith("n't"):
            return True
    return False


def _satisfied(
    constraint: _Constraint,
    pattern: _Pattern,
    toks: _Tokens,
    low: list[str],
    i: int,
    end: int,
    lex: _Lexicon,
) -> bool:
    if constraint.kind == "active":
        return not _is_passive(low, i, pattern)
    if constraint.kind == "not-next":
        return end >= len(low) or low[end] not in constraint.words
    if constraint.kind == "person":
        if _is_passive(low, i, pattern):
            # The subject of a passive, by its head word; it may be a name: "Khan was sent back".
            subject = _np_before(low, i)
            if not subject:
                return False
            head = subject[-1]
            return _is_person(toks, low, head, lex) or (
                toks[head].group()[0].isupper() and low[head] not in _PRONOUNS
            )
        # The object may sit inside the phrase ("sent them back"); "he", "they" there would be
        # the subject of a next clause ("when he returned he began").
        inside = range(i + 1, end)
        return any(
            _is_person(toks, low, j, lex) and low[j] not in _SUBJECT_PRONOUNS
            for r in (inside, _object_window(low, end, lex))
            for j in r
        )
    near = any(low[j] in constraint.words for j in _clause_window(low, i, end, lex))
    return near if constraint.kind == "near" else not near


def _clause_window(low: list[str], i: int, end: int, lex: _Lexicon) -> list[int]:
    out = []
    for j in range(i - 1, max(-1, i - 1 - lex.window), -1):
        if low[j] in _CLAUSE_PUNCT or low[j] in ".!?":
            break
        out.append(j)
    for j in range(end, min(len(low), end + lex.window)):
        if low[j] in _CLAUSE_PUNCT or low[j] in ".!?":
            break
        out.append(j)
    return out


def _object_window(low: list[str], end: int, lex: _Lexicon) -> range:
    """The words after a trigger up to the next preposition or clause break: its object."""
    j = end
    while j < min(len(low), end + lex.window):
        word = low[j]
        if word != "of" and (_ends_clause(word, lex) or word in _FUNCTION - _DETERMINERS):
            break
        j += 1
    return range(end, j)


def _is_person(toks: _Tokens, low: list[str], j: int, lex: _Lexicon) -> bool:
    word = low[j]
    if word == "her" and j + 1 < len(low) and low[j + 1][0].isalnum():
        return low[j + 1] in _FUNCTION  # "released her first single": her is possessive
    if word in lex.person:
        return True
    # A plural demonym is a group of people: Koreans, Iraqis, Britons.
    return toks[j].group()[0].isupper() and word.endswith(("ans", "is", "ons", "ese"))


def _is_passive(low: list[str], i: int, pattern: _Pattern) -> bool:
    if pattern.is_noun or not low[i].endswith(("ed", "en", "ght", "ld", "nt", "ck")):
        return False
    j = i - 1
    while j >= 0 and (_is_adverb(low[j]) or low[j] in ("not", "never", "also")):
        j -= 1
    return j >= 0 and low[j] in _BE


def _is_adverb(word: str) -> bool:
    if word in _DEGREE:
        return True
    return len(word) > 4 and word.endswith("ly") and word not in ("family", "italy", "ally")


def _is_verb_form(low: list[str], j: int, end: int) -> bool:
    """Whether the -ed/-ing word low[j], met scanning left, is a verb rather than an adjective.

    It is a verb right before the trigger ("tried escaping"), or after another content word
    ("the administration swapped agents"); "armed police", "the jailed man" keep theirs.
    """
    if j == end - 1:
        return True
    before = low[j - 1] if j > 0 else ""
    return bool(before) and before[0].isalnum() and before not in _FUNCTION | _DETERMINERS


def _left_np(low: list[str], i: int) -> range:
    """Token indexes of the noun phrase that ends just before token i, auxiliaries aside."""
    j = i - 1
    while j >= 0 and (low[j] in _AUX or _is_adverb(low[j])):
        j -= 1
    end = j + 1
    while j >= 0 and end - j <= _NP_MAX:
        word = low[j]
        if not word[0].isalnum() or word in _FUNCTION or _is_adverb(word):
            break
        if word.endswith(("ed", "ing")) and word not in _NOT_VERBS and _is_verb_form(low, j, end):
            break  # a verb, not an adjective: "who tried escaping", "Iran swapped agents arrested"
        j -= 1
        if word in _DETERMINERS or word in _PRONOUNS:
            break
    return range(j + 1, end)


def _right_np(low: list[str], k: int, lex: _Lexicon) -> range:
    """Token indexes of the noun phrase that starts at token k (with one "of" phrase)."""
    j = k
    while j < len(low) and low[j] in _PARTICLES:
        j += 1
    start = j
    if j < len(low) and low[j] in _PRONOUNS:
        return range(j, j + 1)
    took_of = False
    part_start = start
    while j < len(low) and j - part_start < _NP_MAX:
        word = low[j]
        if word == "of" and not took_of and j > start and not _at_ing(low, j + 1):
            took_of = True
            j += 1
            part_start = j
            continue
        if not word[0].isalnum() or word in _FUNCTION or _is_adverb(word):
            break
        if word in _DETERMINERS and j > start and low[j - 1] != "of":
            break
        j += 1
    while j > start and low[j - 1] in ("of", *_DETERMINERS):
        j -= 1
    return range(start, j)


def _at_ing(low: list[str], j: int) -> bool:
    return j < len(low) and low[j].endswith("ing") and len(low[j]) > 5


def _phrase(text: str, toks: _Tokens, span: range) -> str:
    if not span:
        return ""
    return text[toks[span.start].start() : toks[span.stop - 1].end()]


def _actors(
    text: str, toks: _Tokens, low: list[str], cand: _Candidate, lex: _Lexicon
) -> tuple[str, str]:
    """(agent, patient) of an event, either may be empty: simple rules, no parser."""
    i, end, pattern = cand.start, cand.end, cand.pattern
    # "a scuffle", "the release": a determiner makes a noun of a verb-or-noun trigger.
    if pattern.is_noun or (i > 0 and low[i - 1] in _DETERMINERS):
        agent = ""
        if i > 0 and low[i - 1].endswith("'s"):
            agent = toks[i - 1].group()[:-2]  # "China's crackdown"
        patient = _phrase(text, toks, _right_np(low, end + 1, lex)) if _at(low, end, "of") else ""
        by = _find(low, end, "by", 6)
        if by >= 0:
            agent = _phrase(text, toks, _right_np(low, by + 1, lex)) or agent
        return agent, patient
    if _is_passive(low, i, pattern):
        patient = _phrase(text, toks, _np_before(low, i))
        agent = _phrase(text, toks, _right_np(low, end + 1, lex)) if _at(low, end, "by") else ""
        return agent, patient
    agent = _phrase(text, toks, _np_before(low, i))
    patient = _phrase(text, toks, _right_np(low, end, lex))
    if not patient and cand.gap and any(low[j] not in _PARTICLES for j in range(*cand.gap)):
        patient = _phrase(text, toks, range(*cand.gap))  # "sent them back"
    return agent, patient


def _np_before(low: list[str], i: int) -> range:
    span = _left_np(low, i)
    # "North Koreans who fled": the phrase before the relative pronoun.
    if not span and i > 0:
        j = i - 1
        while j >= 0 and (low[j] in _AUX or _is_adverb(low[j])):
            j -= 1
        if j >= 0 and low[j] in ("who", "which", "that"):
            return _left_np(low, j)
    return span


def _at(low: list[str], j: int, word: str) -> bool:
    return j < len(low) and low[j] == word


def _find(low: list[str], start: int, word: str, limit: int) -> int:
    for j in range(start, min(len(low), start + limit)):
        if low[j] == word:
            return j
        if low[j] in _CLAUSE_PUNCT:
            break
    return -1


def _nearest(dates: list[DateMention], trigger: Span) -> DateMention | None:
    if not dates:
        return None
    return min(dates, key=lambda d: max(d.span.start - trigger.end, trigger.start - d.span.end, 0))
