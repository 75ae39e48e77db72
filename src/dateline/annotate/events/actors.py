"""Who did what to whom: noun phrases around a trigger, read from word classes, no parser.

The agent is the subject (or the "by" phrase of a passive), the patient the object (or the
subject of a passive). The trigger finder asks here too, for its [person] and [active] checks.
"""

from __future__ import annotations

import re

from dateline.annotate.events.lexicon import Lexicon, Match, Pattern

Tokens = list[re.Match[str]]
_NP_MAX = 6  # words in an actor's noun phrase


def _words_of(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Tokens that end a clause: negation, constraints and actors do not reach across them.
CLAUSE_PUNCT = frozenset(',;:()[]"“”‘’—–-')
BE = _words_of("is are was were be been being am get gets got")
AUX = BE | _words_of(
    "has have had having will would could should may might must can shall do does did "
    "not never also reportedly allegedly later then subsequently already recently previously "
    "once again still just now"
)
DETERMINERS = _words_of(
    "the a an this that these those his her their its our my your some two three four five "
    "six seven eight nine ten dozens hundreds thousands several many"
)
PRONOUNS = _words_of("he she they it we i you him them us me")
SUBJECT_PRONOUNS = _words_of("he she they we i")
FUNCTION = AUX | _words_of(
    "to from with in on at for by of into onto over under after before during since until "
    "against about as than via through across between among within without upon near outside "
    "inside and or but nor so yet who whom whose which that what where when why how if because "
    "although though while whether said says say told tells added reported claimed yesterday "
    "today tomorrow there here last next"
)
PARTICLES = _words_of("away back off up down out home")
_DEGREE = _words_of("most more very so too even only just quite rather")
_NOT_VERBS = _words_of("red bed king ring wing building meeting evening morning thing")
# When, not who: "Khan on Tuesday stepped down", "died Sunday", "quit the show earlier".
_TIME = _words_of("monday tuesday wednesday thursday friday saturday sunday earlier tonight")
_CLAUSE_OPENERS = _words_of("that which who when while because although though as if but since")
_FLOATING = _words_of("both all each")  # "Smith and Jones both condemned", "freed all the men"


def ends_clause(word: str, lex: Lexicon) -> bool:
    return word in CLAUSE_PUNCT or word in lex.clause_words or word in ".!?"


def actors(text: str, toks: Tokens, low: list[str], cand: Match, lex: Lexicon) -> tuple[str, str]:
    """(agent, patient) of an event, either may be empty: simple rules, no parser."""
    i, end, pattern = cand.start, cand.end, cand.pattern
    # "a scuffle", "the release": a determiner makes a noun of a verb-or-noun trigger.
    if pattern.is_noun or (i > 0 and low[i - 1] in DETERMINERS):
        agent = ""
        if i > 0 and low[i - 1].endswith("'s"):
            agent = toks[i - 1].group()[:-2]  # "China's crackdown"
        patient = _phrase(text, toks, _right_np(low, end + 1, lex)) if _at(low, end, "of") else ""
        by = _find(low, end, "by", 6)
        if by >= 0:
            agent = _phrase(text, toks, _right_np(low, by + 1, lex)) or agent
        return agent, patient
    if is_passive(low, i, pattern):
        patient = _phrase(text, toks, np_before(low, i))
        agent = _phrase(text, toks, _right_np(low, end + 1, lex)) if _at(low, end, "by") else ""
        return agent, patient
    agent = _phrase(text, toks, np_before(low, i))
    patient = _phrase(text, toks, _right_np(low, end, lex))
    # Not a bare article: "signed the deal" has no patient "the".
    gap = range(*cand.gap) if cand.gap else range(0)
    if not patient and any(low[j] not in PARTICLES and low[j] not in DETERMINERS for j in gap):
        patient = _phrase(text, toks, gap)  # "sent them back"
    return agent, patient


def coordinated(low: list[str], previous_end: int, start: int, lex: Lexicon) -> bool:
    """Whether a trigger is a second verb after "and", in the clause of the previous one."""
    if start == 0 or low[start - 1] != "and" or previous_end < 0:
        return False
    between = low[previous_end : start - 1]
    # Commas may separate the two verbs ("rushed in, and threatened"); other breaks may not.
    return not any(w != "," and (w in CLAUSE_PUNCT or w in lex.clause_words) for w in between)


def np_before(low: list[str], i: int) -> range:
    span = _left_np(low, i)
    if span and span.start > 1 and low[span.start - 1] == "and":
        # "Trump and Sanders may blame": both, when the first opens its clause.
        first = _left_np(low, span.start - 1)
        before = low[first.start - 1] if first and first.start > 0 else ""
        if first and (not before or not before[0].isalnum() or before in _CLAUSE_OPENERS):
            return range(first.start, span.stop)
    # "North Koreans who fled": the phrase before the relative pronoun.
    if not span and i > 0:
        j = i - 1
        while j >= 0 and (low[j] in AUX or _is_adverb(low[j])):
            j -= 1
        if j >= 0 and low[j] in ("who", "which", "that"):
            return _left_np(low, j)
    return span


def is_person(toks: Tokens, low: list[str], j: int, lex: Lexicon) -> bool:
    word = low[j]
    if word == "her" and j + 1 < len(low) and low[j + 1][0].isalnum():
        return low[j + 1] in FUNCTION  # "released her first single": her is possessive
    if word in lex.person:
        return True
    # A plural demonym is a group of people: Koreans, Iraqis, Britons.
    return toks[j].group()[0].isupper() and word.endswith(("ans", "is", "ons", "ese"))


def is_passive(low: list[str], i: int, pattern: Pattern) -> bool:
    if pattern.is_noun or not low[i].endswith(("ed", "en", "ght", "ld", "nt", "ck")):
        return False
    j = i - 1
    while j >= 0 and (_is_adverb(low[j]) or low[j] in ("not", "never", "also")):
        j -= 1
    return j >= 0 and low[j] in BE


def object_window(low: list[str], end: int, lex: Lexicon) -> range:
    """The words after a trigger up to the next preposition or clause break: its object."""
    j = end
    while j < min(len(low), end + lex.window):
        word = low[j]
        if word != "of" and (ends_clause(word, lex) or word in FUNCTION - DETERMINERS):
            break
        j += 1
    return range(end, j)


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
    return bool(before) and before[0].isalnum() and before not in FUNCTION | DETERMINERS


def _left_np(low: list[str], i: int) -> range:
    """Token indexes of the noun phrase that ends just before token i, auxiliaries aside."""
    j = i - 1
    while j >= 0:
        if low[j] in AUX or low[j] in _FLOATING or _is_adverb(low[j]):
            j -= 1
        elif j >= 1 and low[j] in _TIME and low[j - 1] == "on":
            j -= 2
        else:
            break
    end = j + 1
    while j >= 0 and end - j <= _NP_MAX:
        word = low[j]
        if _outside_np(word):
            break
        if word.endswith(("ed", "ing")) and word not in _NOT_VERBS and _is_verb_form(low, j, end):
            break  # a verb, not an adjective: "who tried escaping", "Iran swapped agents arrested"
        j -= 1
        if word in DETERMINERS or word in PRONOUNS:
            break
    return range(j + 1, end)


def _right_np(low: list[str], k: int, lex: Lexicon) -> range:
    """Token indexes of the noun phrase that starts at token k (with one "of" phrase)."""
    j = k
    while j < len(low) and (low[j] in PARTICLES or low[j] in _FLOATING):
        j += 1
    start = j
    if j < len(low) and low[j] in PRONOUNS:
        return range(j, j + 1)
    took_of = False
    part_start = start
    while j < len(low) and j - part_start < _NP_MAX:
        if not took_of and _joins_of_phrase(low, j, start):
            took_of = True
            j += 1
            part_start = j
        elif _ends_right_np(low, j, start, part_start):
            break
        else:
            j += 1
    while j > start and low[j - 1] in ("of", *DETERMINERS):
        j -= 1  # "the leaders of", "freed the": no phrase ends on these
    return range(start, j)


def _outside_np(word: str) -> bool:
    """Whether a word ends a noun phrase: punctuation, a function or time word, an adverb."""
    return not word[0].isalnum() or word in FUNCTION or word in _TIME or _is_adverb(word)


def _joins_of_phrase(low: list[str], j: int, start: int) -> bool:
    """Whether low[j] is an "of" joining a phrase to the noun ("the leaders of the party"), not
    one opening a gerund ("charges of stealing")."""
    return low[j] == "of" and j > start and not _at_ing(low, j + 1)


def _ends_right_np(low: list[str], j: int, start: int, part_start: int) -> bool:
    """Whether the noun phrase read rightwards from `start` stops before low[j]."""
    word = low[j]
    if _outside_np(word):
        return True
    if word in DETERMINERS and j > start and low[j - 1] != "of":
        return True  # a second determiner starts another phrase: "gave the boy a book"
    return j > part_start and _participle(low, j)  # "a site based in", "officials trying to"


def _at_ing(low: list[str], j: int) -> bool:
    return j < len(low) and low[j].endswith("ing") and len(low[j]) > 4


def _participle(low: list[str], j: int) -> bool:
    """Whether low[j], after a noun, is a participle opening a clause of its own."""
    word, before = low[j], low[j - 1]
    if word in _NOT_VERBS or before in DETERMINERS or before == "of" or not before[0].isalnum():
        return False
    if word.endswith("ed"):
        return True
    after = low[j + 1] if j + 1 < len(low) else "."
    opens = not after[0].isalnum() or after in FUNCTION or after in DETERMINERS or after in PRONOUNS
    return word.endswith("ing") and len(word) > 4 and opens


def _phrase(text: str, toks: Tokens, span: range) -> str:
    if not span:
        return ""
    return text[toks[span.start].start() : toks[span.stop - 1].end()]


def _at(low: list[str], j: int, word: str) -> bool:
    return j < len(low) and low[j] == word


def _find(low: list[str], start: int, word: str, limit: int) -> int:
    for j in range(start, min(len(low), start + limit)):
        if low[j] == word:
            return j
        if low[j] in CLAUSE_PUNCT:
            break
    return -1
