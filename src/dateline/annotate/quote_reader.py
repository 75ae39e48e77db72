"""Reading a document for quotations: its tokens, quoted regions and reporting cues, with the
word lists the attribution steps share. `quote_phrases` and `quotes` build on this."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from itertools import compress, count
from operator import attrgetter

from dateline.annotate.lexicons import load, words
from dateline.annotate.quote_marks import QuotedRegion
from dateline.annotate.text import sentence_at, tokens
from dateline.model import Span

WORD = re.compile(r"\w")
SENTENCE_PUNCT = re.compile(r"[.!?…]")
WORD_RUN = re.compile(r"\w+")
TRAILING_CONNECTORS = frozenset(
    {"though", "although", "but", "and", "while", "as", "who", "whereas", "which", "even"}
)
DANGLING = frozenset({"by", "of", "to", "the", "a", "an", "at", "in", "on", "for", "from", "with"})
LEADING_TRIM = frozenset({"of", "for", "from", "at", "with", "by", "in", "on", "-", "'", "’"})
AUXILIARIES = frozenset(
    {"was", "were", "is", "are", "has", "have", "had", "will", "would", "did", "does", "do",
     "can", "could", "should", "must", "may", "might"}
)  # fmt: skip
OBJECT_PRONOUNS = frozenset({"me", "him", "her", "us", "them", "you", "it"})
TIME_MODIFIERS = frozenset({"on", "last", "this", "next", "that", "early", "late", "earlier", "in"})
CONJUNCTIONS = frozenset({"but", "and", "yet", "so", "still", "meanwhile", "instead"})
# Words opening a leading phrase before the subject: "In a statement, the ministry ...".
LEADING_WORDS = frozenset(
    {"in", "on", "at", "after", "before", "during", "when", "while", "since", "although", "though",
     "as", "if", "later", "earlier", "last", "this", "for", "with", "without", "by", "asked"}
)  # fmt: skip
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "his", "her", "their"})
PARTY_TAG = re.compile(r"^[RDI]-[A-Z][\w.]*$")
POSSESSIVE_END = re.compile(r"['’]s?$")
NAME_TOKEN = re.compile(r"^[A-Z][\w'’.-]*$")
_TEXT, _START, _END = attrgetter("text"), attrgetter("start"), attrgetter("end")


@dataclass(frozen=True, slots=True)
class Cue:
    span: Span
    lemma: str
    role: str  # clause | object | quoted | source_first


@cache
def _cue_table() -> dict[str, list[tuple[tuple[str, ...], str, str]]]:
    """First word -> [(all words, lemma, role)], longest phrases first."""
    lex = load("reporting_verbs")
    table: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
    for role in ("clause", "object", "quoted"):
        for lemma, forms in lex[role].items():
            for form in forms:
                parts = tuple(form.lower().split())
                table.setdefault(parts[0], []).append((parts, lemma.rstrip("_"), role))
    for phrase in lex["source_first"]:
        parts = tuple(phrase.lower().split())
        table.setdefault(parts[0], []).append((parts, phrase, "source_first"))
    for entries in table.values():
        entries.sort(key=lambda e: -len(e[0]))
    return table


@cache
def _cue_first_words() -> frozenset[str]:
    """The first words of all cues as written in running text: lower case, and `According`."""
    return frozenset(_cue_table()) | {"According"}


class QuoteReader:
    """One document's tokens, regions, sentences and cues, with lookups by offset."""

    def __init__(
        self, text: str, sentences: list[Span], paragraphs: list[Span], regions: list[QuotedRegion]
    ):
        self.text = text
        self.sentences = sentences
        self.paragraphs = paragraphs
        self.regions: list[QuotedRegion] = regions
        self.tokens = tokens(text)
        self._token_starts = list(map(_START, self.tokens))
        self._token_ends = list(map(_END, self.tokens))
        self._region_opens = [r.open for r in regions]
        self._sentence_starts = [s.start for s in sentences]
        self._paragraph_starts = [p.start for p in paragraphs]
        self.boundaries = words("speakers", "boundaries")
        self.adverbs = words("reporting_verbs", "adverbs")
        self._cues = self._all_cues()
        self._cue_starts = [c.span.start for c in self._cues]
        self._cue_at = set(self._cue_starts)

    # -- helpers over tokens -------------------------------------------------------------------

    def in_region(self, offset: int) -> QuotedRegion | None:
        """The quoted region holding `offset`, marks included (regions never overlap)."""
        i = bisect_right(self._region_opens, offset) - 1
        if i < 0:
            return None
        r = self.regions[i]
        end = r.close if r.close is not None else r.inner.end
        return r if offset <= end else None

    def tokens_between(self, start: int, end: int) -> list[Span]:
        lo = bisect_left(self._token_starts, start)
        hi = bisect_right(self._token_ends, end)
        return self.tokens[lo:hi]

    def starts_cue(self, offset: int) -> bool:
        return offset in self._cue_at

    def cues_in(self, start: int, end: int) -> list[Cue]:
        """Reporting cues lying wholly within [start, end]."""
        lo = bisect_left(self._cue_starts, start)
        hi = bisect_left(self._cue_starts, end)
        return [c for c in self._cues[lo:hi] if c.span.end <= end]

    def _all_cues(self) -> list[Cue]:
        toks = self.tokens
        table = _cue_table()
        # cue words are lower case ("According" aside): a set lookup on the exact text is enough
        firsts = _cue_first_words()
        cues: list[Cue] = []
        next_free = 0  # a cue's words are not the start of another
        # the tokens that may start a cue, found for the whole text at once (in C)
        for i in compress(count(), map(firsts.__contains__, map(_TEXT, toks))):
            tok = toks[i]
            if i < next_free or self.in_region(tok.start):
                continue
            for parts, lemma, role in table[tok.text.lower()]:
                n = len(parts)
                if tuple(t.text.lower() for t in toks[i : i + n]) == parts:
                    cue = Cue(Span.of(self.text, tok.start, toks[i + n - 1].end), lemma, role)
                    if not self._is_passive_or_modifier(cue, i) and not self._is_noun(cue, i, n):
                        cues.append(cue)
                    next_free = i + n
                    break
        return cues

    def _is_noun(self, cue: Cue, idx: int, n: int) -> bool:
        """`in 11 states`, `his remarks`: a noun-like form needs a verb's company to be a cue."""
        if cue.span.text.lower() not in words("reporting_verbs", "noun_forms"):
            return False
        following = self.tokens[idx + n].text.lower() if idx + n < len(self.tokens) else ""
        if following in ("that", ":", "“", '"'):
            return False
        if idx == 0:
            return True
        before = self.tokens[idx - 1].text
        low = before.lower()
        if low in self.adverbs and idx >= 2:
            # `he also states`, not `the first state`
            return self.tokens[idx - 2].text.lower() in DETERMINERS
        if (
            low in words("reporting_verbs", "subject_words")
            or low in words("speakers", "group_nouns")
            or is_ly_adverb(low)
        ):
            return False
        # a name ("Clinton claims"), not a possessive ("Trump's remarks") or a sentence start
        return not (
            before[:1].isupper()
            and not POSSESSIVE_END.search(before)
            and not (idx == 1 or self.tokens[idx - 2].text in ".!?")
        )

    def _is_passive_or_modifier(self, cue: Cue, idx: int) -> bool:
        before = [t.text.lower() for t in self.tokens[max(0, idx - 2) : idx]]
        first = cue.span.text.lower().split()[0]
        if cue.role == "source_first":
            return False
        # "He was asked why", "the said document", "it is believed": not a statement by the subject
        if before and before[-1] in words("reporting_verbs", "passive_markers"):
            return first.endswith("ed") or first in ("said", "told", "written", "asked", "quoted")
        return bool(before) and before[-1] in ("the", "a", "an")

    def token_before(self, offset: int, floor: int) -> Span | None:
        i = self._index_before(offset)
        if i is None or self.tokens[i].start < floor:
            return None
        return self.tokens[i]

    def _index_before(self, offset: int) -> int | None:
        lo, hi = 0, len(self.tokens)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.tokens[mid].end <= offset:
                lo = mid + 1
            else:
                hi = mid
        return lo - 1 if lo > 0 else None

    def sentence_end(self, cue: Cue) -> int:
        sentence = sentence_at(self.sentences, cue.span.start)
        return sentence.end if sentence else len(self.text)

    def _paragraph_index(self, offset: int) -> int:
        return max(0, bisect_right(self._paragraph_starts, offset) - 1)

    def regions_opening_in(self, span: Span) -> list[QuotedRegion]:
        """The quoted regions whose opening mark lies within `span` (regions come in order)."""
        lo = bisect_left(self._region_opens, span.start)
        return self.regions[lo : bisect_left(self._region_opens, span.end)]

    def _has_region(self, span: Span) -> bool:
        return bool(self.regions_opening_in(span))

    def _is_cue_token(self, i: int) -> bool:
        """A one-word reporting verb, in lower case as verbs are (`state`, not `Islamic State`)."""
        word = self.tokens[i].text
        return word.islower() and any(len(p) == 1 for p, _, _ in _cue_table().get(word, ()))

    def cue_lemma(self, i: int) -> str | None:
        entries = _cue_table().get(self.tokens[i].text, ())
        return next((lemma for parts, lemma, _ in entries if len(parts) == 1), None)


def is_ly_adverb(word: str) -> bool:
    low = word.lower()
    return len(low) > 4 and low.endswith("ly") and low not in ("family", "italy", "ally", "sally")


def looks_like_name(text: str) -> bool:
    parts = text.split()
    return 1 <= len(parts) <= 4 and all(NAME_TOKEN.match(p) for p in parts)


def trim_span(text: str, start: int, end: int) -> Span | None:
    while start < end and (text[start].isspace() or text[start] in ",;:-—"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.-—"):
        end -= 1
    return Span.of(text, start, end) if end > start else None
