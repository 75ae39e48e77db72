"""Reading a document for quotations: its tokens, quoted regions and reporting cues, with the
word lists the attribution steps share. `phrases` and `finder` build on this."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from itertools import compress, count
from operator import attrgetter

from dateline.annotate.inflect import inflect
from dateline.annotate.lexicons import load, words, words_of
from dateline.annotate.quotes.marks import QuotedRegion
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
_PARTICLES = frozenset(
    {"up", "off", "out", "himself", "herself", "itself", "themselves", "myself", "ourselves"}
)
# what may follow a place name that is not a verb's subject: `Ohio state senator`
_TITLE_KEYS = ("honorifics", "person_nouns", "group_nouns", "organization_nouns")
POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their", "its", "our", "your", "my"})
POSSESSIVE_END = re.compile(r"['’]s?$")
NAME_TOKEN = re.compile(r"^[A-Z][\w'’.-]*$")
BOILERPLATE_LEAD = re.compile(r"^[\s(\[*_—–-]+")
_TEXT, _START, _END = attrgetter("text"), attrgetter("start"), attrgetter("end")


@dataclass(frozen=True, slots=True)
class Cue:
    span: Span
    lemma: str
    role: str  # clause | object | quoted | source_first


@cache
def _boilerplate_openers() -> tuple[str, ...]:
    return tuple(words("quotes", "boilerplate_openers"))


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
    for lemma, forms in _stance_forms().items():
        for form in forms:
            parts = tuple(form.split())
            entries = table.setdefault(parts[0], [])
            if not any(e[0] == parts for e in entries):  # a form listed above keeps its role
                entries.append((parts, lemma, "quoted"))
    for phrase in lex["source_first"]:
        parts = tuple(phrase.lower().split())
        table.setdefault(parts[0], []).append((parts, phrase, "source_first"))
    for entries in table.values():
        entries.sort(key=lambda e: -len(e[0]))
    return table


@cache
def _stance_forms() -> dict[str, list[str]]:
    """Every form of the `stance` lemmas: `hail` gives hail, hails, hailed and hailing; `push for`
    gives pushed for ...; `irregular` gives the past forms the rules get wrong."""
    lex = load("reporting_verbs")
    irregular = {"past": {k: list(v) for k, v in lex["irregular"].items()}, "plural": {}}
    out: dict[str, list[str]] = {}
    for entry in lex["stance"]:
        verb, _, particle = str(entry).lower().partition(" ")
        past = irregular["past"].get(entry)
        forms = inflect(verb, {"past": {}, "plural": {}})
        if past:
            forms = {f for f in forms if not f.endswith("ed")}
            forms |= {p.split()[0] for p in past}
        out[entry.replace(" ", "_")] = sorted(f"{f} {particle}".strip() for f in forms)
    return out


@cache
def _stance_noun_like() -> frozenset[str]:
    """The bare and -s forms of one-word stance verbs: nouns as often as verbs (`a push`,
    `his views`), so they cue only in a verb's company, as the `noun_forms` do."""
    lex = load("reporting_verbs")
    out: set[str] = set()
    for entry in lex["stance"]:
        if " " not in str(entry):
            lemma = str(entry).lower()
            out |= {
                f
                for f in inflect(lemma, {"past": {}, "plural": {}})
                if not f.endswith(("ed", "ing"))
            }
    return frozenset(out)


@cache
def _not_followed_by() -> dict[str, frozenset[str]]:
    """Words after which a cue's form is no cue: `pledged delegates`, `adding to his lead`."""
    table = load("reporting_verbs")["not_followed_by"]
    return {form: frozenset(str(w).lower() for w in ws) for form, ws in table.items()}


@cache
def _cue_second_words() -> dict[str, frozenset[str]]:
    """For a first word that is no cue alone (`in` of `in the words of`, `is` of `is quoted as
    saying`), the words that may follow it in a cue; most of its uses are followed by none."""
    return {
        first: frozenset(parts[1] for parts, _, _ in entries)
        for first, entries in _cue_table().items()
        if all(len(parts) > 1 for parts, _, _ in entries)
    }


@cache
def _cue_first_words() -> frozenset[str]:
    """The first words of all cues as written in running text: lower case, and `According`."""
    return frozenset(_cue_table()) | {"According"}


@cache
def _capitalized_first_words() -> frozenset[str]:
    """`Said Comey, "..."`, `Adding, "..."`, `Senator Says Rates ...`: a cue word capitalized
    where it opens a sentence or stands in a title-case headline."""
    return frozenset(w.capitalize() for w in _cue_table()) - {"According"}


@cache
def _cue_candidates() -> frozenset[str]:
    return _cue_first_words() | _capitalized_first_words()


# Auxiliaries that agree with a plural subject only: after `that`, the verb of a relative clause
# (`states that have`), never the subject of a reported one (`claims that is` may be either)
_PLURAL_AUXILIARIES = frozenset({"have", "are", "were", "'ve", "’ve"})
# Words of a short time phrase between a verb of finding and its `that`
_TIME_GAP_WORDS = frozenset(
    {"year", "week", "month", "spring", "summer", "fall", "autumn", "winter", "the", "its",
     "march", "april", "may", "june", "july", "august", "january", "february", "september",
     "october", "november", "december", "study", "report", "survey", "review"}
)  # fmt: skip


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
        self._sentence_start_set = frozenset(self._sentence_starts)
        self._paragraph_starts = [p.start for p in paragraphs]
        self.boundaries = words("speakers", "boundaries")
        self.adverbs = words("reporting_verbs", "adverbs")
        self._cues = self._all_cues()
        self._cue_starts = [c.span.start for c in self._cues]
        self._cue_at = set(self._cue_starts)
        self._role_at = {c.span.start: c.role for c in self._cues}

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
        candidates = _cue_candidates()
        seconds = _cue_second_words()
        for i in compress(count(), map(candidates.__contains__, map(_TEXT, toks))):
            tok = toks[i]
            after = seconds.get(tok.text.lower())
            if after is not None and (i + 1 == len(toks) or toks[i + 1].text.lower() not in after):
                continue  # `in` not followed by `the` (of `in the words of`): no cue starts here
            if i < next_free or self.in_region(tok.start):
                continue
            if tok.text not in firsts and not self._capital_cue_ok(i):
                continue
            entries = table[tok.text.lower()]
            # the words from here, as many as the longest entry has (entries come longest first)
            ahead = tuple(t.text.lower() for t in toks[i : i + len(entries[0][0])])
            for parts, lemma, role in entries:
                n = len(parts)
                if ahead[:n] == parts:
                    cue = Cue(Span.of(self.text, tok.start, toks[i + n - 1].end), lemma, role)
                    following = toks[i + n].text.lower() if i + n < len(toks) else ""
                    if (
                        not self._is_passive_or_modifier(cue, i)
                        and not self._is_noun(cue, i, n)
                        and following not in _not_followed_by().get(cue.span.text.lower(), ())
                    ):
                        cues.append(cue)
                    next_free = i + n
                    break
        return cues

    def _capital_cue_ok(self, i: int) -> bool:
        """A capitalized cue word opens its sentence (`Said Comey, "..."`), or stands in a line
        whose words are nearly all capitalized (`Gina Rodriguez Questioned What It Means`)."""
        sentence = sentence_at(self.sentences, self.tokens[i].start)
        if sentence is None:
            return False
        if i == 0 or self.tokens[i - 1].start < sentence.start:
            nxt = self.tokens[i + 1].text if i + 1 < len(self.tokens) else ""
            return nxt in (",", ":") or nxt[:1].isupper() or nxt.lower() in ("that", "by")
        # only a headline quoting someone: one without a quotation is never a quote
        return any(not r.single for r in self.regions_opening_in(sentence)) and _is_title_line(
            self.text[sentence.start : sentence.end]
        )

    def _is_noun(self, cue: Cue, idx: int, n: int) -> bool:
        """`in 11 states`, `his remarks`: a noun-like form needs a verb's company to be a cue."""
        form = cue.span.text.lower()
        if form in words("reporting_verbs", "evidence_forms"):
            return not self._reports_finding(idx, n)
        stance_noun = cue.role == "quoted" and form in _stance_noun_like()
        if form not in words("reporting_verbs", "noun_forms") and not stance_noun:
            return False
        if idx == 0 or self.tokens[idx].start in self._sentence_start_set:
            return True
        before = self.tokens[idx - 1].text
        if before.lower() in words("reporting_verbs", "noun_modifiers") or before[:1].isdigit():
            return True  # `the claim that ...`, `270 pledged delegates`
        following = self._word_after_cue(idx + n)
        if self._noun_by_its_company(idx, n, before, following):
            return True
        if POSSESSIVE_END.search(before) or before.lower() in POSSESSIVE_PRONOUNS:
            # `Trump's claim that ...` reports what he claimed; `Editor's note:` reports nothing
            return following not in ("that", "“", '"')
        if following in ("that", ":", "“", '"'):
            return False
        return self._noun_by_word_before(form, idx, n, before, following)

    def _noun_by_its_company(self, idx: int, n: int, before: str, following: str) -> bool:
        """A noun whatever follows it but `that`: after an -ing modifier (`the four nominating
        states: Iowa, ...`); or before a relative clause whose verb is plural (`Rust Belt states
        that have suffered`: that `that` opens no reported clause)."""
        if following != "that":
            low = before.lower()
            return (
                len(low) > 4
                and low.endswith("ing")
                and before.islower()
                and low not in words("speakers", "document_nouns")
            )
        k = idx + n + (0 if self.tokens[idx + n].text.lower() == "that" else 1)
        after_that = self.tokens[k + 1].text.lower() if k + 1 < len(self.tokens) else ""
        return after_that in _PLURAL_AUXILIARIES

    def _word_after_cue(self, k: int) -> str:
        """The word at token `k`, in lower case, past a manner adverb (`warning darkly that`)."""
        following = self.tokens[k].text.lower() if k < len(self.tokens) else ""
        if is_ly_adverb(following) and k + 1 < len(self.tokens):
            following = self.tokens[k + 1].text.lower()
        return following

    def _noun_by_word_before(
        self, form: str, idx: int, n: int, before: str, following: str
    ) -> bool:
        """Whether the word before the form, an adverb, a subject or a name, makes it a noun."""
        low = before.lower()
        if low in self.adverbs and idx >= 2:
            # `he also states`, not `the first state`, `the government's only hope`
            two_before = self.tokens[idx - 2].text
            return two_before.lower() in DETERMINERS or bool(POSSESSIVE_END.search(two_before))
        if (
            low in words("reporting_verbs", "subject_words")
            or low in words("speakers", "document_nouns")
            or low in words("speakers", "group_nouns")
            or is_ly_adverb(low)
        ):
            return False
        if form in words("reporting_verbs", "name_not_enough"):
            return True  # `Super Tuesday states`: a noun
        if (
            form in ("state", "states")
            and n == 1
            and idx + 1 < len(self.tokens)
            and self.tokens[idx + 1].text[:1].isupper()
        ):
            return True  # `Vermont state Rep. Jo Ames`, `the states Georgia, Alabama`
        # a name ("Clinton claims"), unless a title follows ("Ohio state senator")
        head = following.rstrip(".")
        titles = words_of("speakers", *_TITLE_KEYS)
        return not before[:1].isupper() or head in titles or head[:-1] in titles

    def _reports_finding(self, idx: int, n: int) -> bool:
        following = self.tokens[idx + n].text.lower() if idx + n < len(self.tokens) else ""
        if following in _PARTICLES:
            return False  # `showed up`, `found himself`
        if following == "that":
            return True
        ahead = [t.text.lower() for t in self.tokens[idx + n : idx + n + 5]]
        if following in ("in", "on", "last", "this") and "that" in ahead[2:]:
            # `found in 2014 that ...`, `found last year that ...`: a time, then the finding
            gap = ahead[1 : ahead.index("that", 2)]
            if all(w.isdigit() or w in _TIME_GAP_WORDS for w in gap):
                return True
        before = self.tokens[idx - 1].text.lower() if idx else ""
        return before in words("speakers", "document_nouns") or before in (
            words("reporting_verbs", "subject_words") - {"that", "which"}
        )

    def _is_passive_or_modifier(self, cue: Cue, idx: int) -> bool:
        before = [t.text.lower() for t in self.tokens[max(0, idx - 2) : idx]]
        first = cue.span.text.lower().split()[0]
        if cue.role == "source_first":
            return False
        # "He was asked why", "the said document", "it is believed": not a statement by the
        # subject; but a name is given in the passive too: `was dubbed "..."`
        naming = cue.lemma in words("reporting_verbs", "naming")
        if not naming and before and before[-1] in words("reporting_verbs", "passive_markers"):
            return first.endswith("ed") or first in ("said", "told", "written", "asked", "quoted")
        return bool(before) and before[-1] in ("the", "a", "an")

    def token_before(self, offset: int, floor: int) -> Span | None:
        i = self._index_before(offset)
        if i is None or self.tokens[i].start < floor:
            return None
        return self.tokens[i]

    def _index_before(self, offset: int) -> int | None:
        """The last token ending at or before `offset`."""
        i = bisect_right(self._token_ends, offset)
        return i - 1 if i > 0 else None

    def sentence_end(self, cue: Cue) -> int:
        sentence = sentence_at(self.sentences, cue.span.start)
        return sentence.end if sentence else len(self.text)

    def _paragraph_index(self, offset: int) -> int:
        return max(0, bisect_right(self._paragraph_starts, offset) - 1)

    def in_boilerplate(self, offset: int) -> bool:
        """In a paragraph, or a line of one, that opens as the wire's credits do: `(Additional
        reporting by A; Editing by B)` may stand on the last line of a story's last paragraph."""
        if not self.paragraphs:
            return False
        paragraph = self.paragraphs[self._paragraph_index(offset)]
        line_start = max(paragraph.start, self.text.rfind("\n", paragraph.start, offset) + 1)
        return any(
            BOILERPLATE_LEAD.sub("", self.text[start : start + 60])
            .lower()
            .startswith(_boilerplate_openers())
            for start in {paragraph.start, line_start}
        )

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


_TITLE_SMALL = frozenset(
    {"a", "an", "the", "and", "or", "but", "nor", "of", "for", "to", "in", "on", "at", "by",
     "with", "from", "as", "vs", "is", "are", "it", "its"}
)  # fmt: skip


def _is_title_line(line: str) -> bool:
    """A headline in title case: three or more words outside quotation marks, each capitalized
    but for small ones, on a line of its own (no period before its end)."""
    outside = re.sub(r"[“\"«„][^”\"»]*[”\"»]?", " ", line)
    parts = re.findall(r"[A-Za-z][\w'’-]*", outside)
    if (
        len(parts) < 3
        or len(re.findall(r"\w+", line)) < 5
        or re.search(r"[.!?][\s\"”]+\S", line.strip())
    ):
        return False
    capitals = sum(1 for p in parts if p[:1].isupper())
    return capitals >= len(parts) - 1 and all(p[:1].isupper() or p in _TITLE_SMALL for p in parts)


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
