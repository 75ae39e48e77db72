"""Find attributed statements: quoted text, reported speech, and the words that name who spoke.

This module finds spans (content, cue, speaker mention); `speakers.py` decides who the mention is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dateline.annotate.lexicons import load, words
from dateline.annotate.text import sentence_at, tokens
from dateline.model import Span

_WORD = re.compile(r"\w")
_SENTENCE_PUNCT = re.compile(r"[.!?…]")
_WORD_RUN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class QuotedRegion:
    """Text between quotation marks; `inner` excludes the marks."""

    open: int  # offset of the opening mark
    close: int | None  # offset of the closing mark, None when the quote runs on past its paragraph
    inner: Span
    continued: bool = False  # opens a paragraph that continues the previous paragraph's quote


@dataclass(frozen=True, slots=True)
class Cue:
    span: Span
    lemma: str
    role: str  # clause | object | source_first | colon | dash


@dataclass(frozen=True, slots=True)
class Attribution:
    """A statement before its speaker is resolved: what was said, the cue, the naming words."""

    content: Span
    kind: str  # direct | mixed | indirect
    cue: Span | None
    mention: Span | None
    # An appositive or title phrase next to the mention: "of the American Enterprise Institute".
    apposition: Span | None = None
    continues_previous: bool = False  # no attribution of its own: the previous speaker goes on


def find_attributions(
    text: str, sentences: list[Span], paragraphs: list[Span]
) -> list[Attribution]:
    """Direct, mixed and indirect statements in document order, none overlapping another."""
    regions = quoted_regions(text, paragraphs)
    finder = _Finder(text, sentences, paragraphs, regions)
    return finder.run()


# ---------------------------------------------------------------------------------------------
# Quotation marks


def quoted_regions(text: str, paragraphs: list[Span]) -> list[QuotedRegion]:
    """Pairs of quotation marks within each paragraph; an unclosed mark ends with its paragraph."""
    pairs = load("quotes")["pairs"]
    closers = set(pairs.values())
    regions: list[QuotedRegion] = []
    previous_unclosed = False
    for para in paragraphs:
        open_at: int | None = None
        expected = ""
        starts_with_mark = text[para.start] in pairs
        for i in range(para.start, para.end):
            ch = text[i]
            if open_at is None:
                if ch in pairs and _can_open(text, i, para):
                    open_at, expected = i, pairs[ch]
            elif ch == expected and _can_close(text, i, open_at):
                regions.append(
                    _region(text, open_at, i, continued=previous_unclosed and open_at == para.start)
                )
                open_at = None
            elif ch in closers and ch != '"' and expected != ch:
                continue
        if open_at is not None:
            regions.append(
                _region(text, open_at, None, para.end, previous_unclosed and open_at == para.start)
            )
        previous_unclosed = (
            open_at is not None
            and starts_with_mark
            or (open_at is not None and open_at != para.start)
        )
    return regions


def _can_open(text: str, i: int, para: Span) -> bool:
    ch = text[i]
    if ch != '"':
        return True
    before = text[i - 1] if i > para.start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-/:,") and not after.isspace()


def _can_close(text: str, i: int, open_at: int) -> bool:
    if text[i] != '"':
        return True
    # a straight mark closes when it follows text, not white space
    return i > open_at + 1 and not text[i - 1].isspace()


def _region(text: str, open_at: int, close: int | None, end: int = 0, continued: bool = False):
    inner_start = open_at + 1
    inner_end = close if close is not None else end
    while inner_start < inner_end and text[inner_start].isspace():
        inner_start += 1
    while inner_end > inner_start and (text[inner_end - 1].isspace() or text[inner_end - 1] == ","):
        inner_end -= 1
    return QuotedRegion(open_at, close, Span.of(text, inner_start, inner_end), continued)


# ---------------------------------------------------------------------------------------------
# Cues


@cache
def _cue_table() -> dict[str, list[tuple[tuple[str, ...], str, str]]]:
    """First word -> [(all words, lemma, role)], longest phrases first."""
    lex = load("reporting_verbs")
    table: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
    for role in ("clause", "object"):
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


class _Finder:
    """Works through one document; holds the tokens and regions every step needs."""

    def __init__(self, text: str, sentences: list[Span], paragraphs: list[Span], regions):
        self.text = text
        self.sentences = sentences
        self.paragraphs = paragraphs
        self.regions: list[QuotedRegion] = regions
        self.tokens = tokens(text)
        self._token_index = {t.start: i for i, t in enumerate(self.tokens)}
        self.boundaries = words("speakers", "boundaries")
        self.adverbs = words("reporting_verbs", "adverbs")

    # -- helpers over tokens ------------------------------------------------------------------

    def in_region(self, offset: int) -> QuotedRegion | None:
        for r in self.regions:
            end = r.close if r.close is not None else r.inner.end
            if r.open <= offset <= end:
                return r
        return None

    def tokens_between(self, start: int, end: int) -> list[Span]:
        return [t for t in self.tokens if start <= t.start and t.end <= end]

    def cues_in(self, start: int, end: int) -> list[Cue]:
        toks = self.tokens_between(start, end)
        table = _cue_table()
        cues: list[Cue] = []
        i = 0
        while i < len(toks):
            tok = toks[i]
            found = None
            lowercase = tok.text[:1].islower() or tok.text.lower() == "according"
            if lowercase and not self.in_region(tok.start):
                for parts, lemma, role in table.get(tok.text.lower(), ()):
                    n = len(parts)
                    if tuple(t.text.lower() for t in toks[i : i + n]) == parts:
                        found = (n, lemma, role)
                        break
            if found:
                n, lemma, role = found
                cues.append(Cue(Span.of(self.text, tok.start, toks[i + n - 1].end), lemma, role))
                i += n
            else:
                i += 1
        return [c for c in cues if not self._is_passive_or_modifier(c, toks)]

    def _is_passive_or_modifier(self, cue: Cue, toks: list[Span]) -> bool:
        idx = next(i for i, t in enumerate(toks) if t.start == cue.span.start)
        before = [t.text.lower() for t in toks[max(0, idx - 2) : idx]]
        first = cue.span.text.lower().split()[0]
        if cue.role == "source_first":
            return False
        # "He was asked why", "the said document", "it is believed": not a statement by the subject
        if before and before[-1] in words("reporting_verbs", "passive_markers"):
            return first.endswith("ed") or first in ("said", "told", "written", "asked", "quoted")
        return bool(before) and before[-1] in ("the", "a", "an")

    # -- the passes -----------------------------------------------------------------------------

    def run(self) -> list[Attribution]:
        out: list[Attribution] = []
        used_cues: set[int] = set()
        for region in self.regions:
            att = self.attribute_direct(region, out)
            if att is not None:
                out.append(att)
                if att.cue is not None:
                    used_cues.add(att.cue.start)
        taken = [_extent(a) for a in out]
        for sentence in self.sentences:
            found = []
            for cue in self.cues_in(sentence.start, sentence.end):
                if cue.span.start not in used_cues:
                    att = self.attribute_indirect(cue, sentence)
                    if att is not None:
                        found.append(att)
            # A reported clause ends where the next attribution begins:
            # "The ministry said ... "illegal intruders," though Mr. Reeker said he was unaware"
            starts = sorted({_extent(a).start for a in found} | {t.start for t in taken})
            for att in found:
                att = self._cut_before(att, starts)
                if att is not None and not any(att.content.overlaps(t) for t in taken):
                    out.append(att)
                    taken.append(att.content)
        out.sort(key=lambda a: a.content.start)
        return out

    def _cut_before(self, att: Attribution, starts: list[int]) -> Attribution | None:
        end = att.content.end
        for start in starts:
            if att.content.start < start < end and not (
                att.mention is not None and att.mention.start <= start < att.mention.end
            ):
                end = start
                break
        if end == att.content.end:
            return att
        toks = self.tokens_between(att.content.start, end)
        while toks and (
            toks[-1].text.lower() in _TRAILING_CONNECTORS or not _WORD.match(toks[-1].text)
        ):
            toks.pop()
        if toks and toks[-1].text.lower() in _DANGLING:
            # cut inside a phrase ("... a statement echoed later by"): go back to the last comma
            commas = [k for k, t in enumerate(toks) if t.text == ","]
            toks = toks[: commas[-1]] if commas else toks
        if len(toks) < 2:
            return None
        content = Span.of(self.text, toks[0].start, toks[-1].end)
        kind = "mixed" if self._has_region(content) else "indirect"
        return Attribution(content, kind, att.cue, att.mention, att.apposition)

    def context(self, region: QuotedRegion) -> Span:
        first = sentence_at(self.sentences, region.open) or region.inner
        end = region.close if region.close is not None else region.inner.end
        last = sentence_at(self.sentences, max(end, region.inner.end) - 1) or region.inner
        after_close = sentence_at(self.sentences, end + 1) if region.close is not None else None
        if after_close and after_close.start <= end + 2:
            last = after_close
        para = next(p for p in self.paragraphs if p.start <= region.open < p.end)
        return Span.of(
            self.text, max(first.start, para.start), min(max(last.end, end + 1), para.end)
        )

    def attribute_direct(
        self, region: QuotedRegion, found: list[Attribution]
    ) -> Attribution | None:
        words_inside = len(_WORD_RUN.findall(region.inner.text))
        statement_like = words_inside >= load("quotes")["min_statement_words"] or bool(
            _SENTENCE_PUNCT.search(region.inner.text)
        )
        ctx = self.context(region)
        if not statement_like:
            # "shouting "Sorry, sorry"": a short quote is a statement only right after its cue
            before = self.before_quote(ctx.start, region.open)
            if before and region.open - before[0].end <= 3:
                return Attribution(region.inner, "direct", *before)
            return None  # scare quotes, titles; a mixed quote picks them up with its cue
        end = region.close + 1 if region.close is not None else region.inner.end
        after = self.after_quote(end, ctx.end)
        if after:
            return Attribution(region.inner, "direct", *after)
        before = self.before_quote(ctx.start, region.open)
        if before:
            return Attribution(region.inner, "direct", *before)
        lead = self.colon_lead_in(region)
        if lead:
            return Attribution(region.inner, "direct", *lead)
        # A quote with no attribution of its own continues the previous speaker when it stands
        # in its own paragraph right after another quote.
        para = next(p for p in self.paragraphs if p.start <= region.open < p.end)
        if found and region.open <= para.start + 1:
            prev_para = [p for p in self.paragraphs if p.end <= para.start]
            if prev_para and found[-1].content.start >= prev_para[-1].start:
                return Attribution(region.inner, "direct", None, None, continues_previous=True)
        if region.continued and found:
            return Attribution(region.inner, "direct", None, None, continues_previous=True)
        return None

    def after_quote(self, start: int, end: int):
        """`"...," Mr. Craner said.` / `"...," said Mr. Craner.` / `"..." — Jane Doe`."""
        toks = self.tokens_between(start, end)
        if not toks:
            return None
        if toks[0].text in load("quotes")["credit_dashes"] and len(toks) > 1:
            name = self.forward_np(toks[1:])
            if name and name.text[:1].isupper():
                return (Span.of(self.text, toks[0].start, toks[0].end), name, None)
        toks = [t for t in toks[:16] if not self.in_region(t.start)]
        cues = self.cues_in(start, toks[-1].end if toks else start)
        if not cues:
            return None
        cue = cues[0]
        lead = [t for t in toks if t.end <= cue.span.start and t.text not in ",.;"]
        if len(lead) > 10 or any(t.text in ".!?" for t in toks if t.end <= cue.span.start):
            return None
        if lead:
            mention, appos = self.backward_np(cue.span.start, start)
        else:
            mention = self.forward_np([t for t in toks if t.start >= cue.span.end])
            appos = None
        if mention is None:
            return None
        return (cue.span, mention, appos)

    def before_quote(self, start: int, open_at: int):
        """`he wrote, "..."`, `He added: "..."`, `who said, "..."`."""
        toks = [t for t in self.tokens_between(start, open_at) if not self.in_region(t.start)]
        if not toks:
            return None
        tail = toks[-4:]
        cues = self.cues_in(tail[0].start, open_at)
        if not cues:
            if toks[-1].text == ":":
                colon = toks[-1]
                mention, appos = self.backward_np(colon.start, start)
                if mention is not None:
                    return (Span.of(self.text, colon.start, colon.end), mention, appos)
            return None
        cue = cues[-1]
        between = [t.text for t in toks if t.start >= cue.span.end]
        if any(w not in (",", ":", "that", "-", "—") for w in between):
            return None
        mention, appos = self.subject_of(cue, start)
        if mention is None:
            return None
        return (cue.span, mention, appos)

    def colon_lead_in(self, region: QuotedRegion):
        """A paragraph ending `... said:` introduces the quote that opens the next paragraph."""
        para_index = next(
            i for i, p in enumerate(self.paragraphs) if p.start <= region.open < p.end
        )
        if para_index == 0 or region.open > self.paragraphs[para_index].start + 1:
            return None
        prev = self.paragraphs[para_index - 1]
        if not prev.text.rstrip().endswith(":"):
            return None
        colon = prev.end - 1
        cues = self.cues_in(max(prev.start, colon - 80), colon)
        sentence = sentence_at(self.sentences, colon) or prev
        if cues:
            mention, appos = self.subject_of(cues[-1], sentence.start)
            cue_span = cues[-1].span
        else:
            mention, appos = self.backward_np(colon, sentence.start)
            cue_span = Span.of(self.text, colon, colon + 1)
        if mention is None:
            return None
        return (cue_span, mention, appos)

    # -- noun phrases ---------------------------------------------------------------------------

    def subject_of(self, cue: Cue, floor: int) -> tuple[Span | None, Span | None]:
        """Who speaks through `cue`: the phrase before it, the antecedent of `who`/`that`, or
        the subject of the clause when it is left out ("..., but said ...")."""
        if cue.role == "source_first":
            after = [t for t in self.tokens_between(cue.span.end, self.sentence_end(cue))]
            return self.forward_np(after), None
        mention, appos = self.backward_np(cue.span.start, floor)
        if mention is not None:
            return mention, appos
        prev = self.token_before(cue.span.start, floor)
        if prev is not None and prev.text.lower() in ("who", "that", "which"):
            before_rel = self.token_before(prev.start, floor)
            edge = (
                before_rel.start
                if before_rel is not None and before_rel.text == ","
                else prev.start
            )
            return self.backward_np(edge, floor)
        if prev is not None and prev.text.lower() in ("but", "and", "while", ","):
            return self.clause_subject(prev.start, floor), None
        if cue.span.text.lower().endswith("ing") and prev is not None:
            return self.clause_subject(prev.start, floor), None
        return None, None

    def sentence_end(self, cue: Cue) -> int:
        sentence = sentence_at(self.sentences, cue.span.start)
        return sentence.end if sentence else len(self.text)

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

    def backward_np(self, offset: int, floor: int) -> tuple[Span | None, Span | None]:
        """The noun phrase that ends right before `offset` (skipping adverbs like "further"), and an
        apposition between commas: `Nicholas Eberstadt, of the American Enterprise Institute,`."""
        i = self._index_before(offset)
        while i is not None and i >= 0 and self.tokens[i].start >= floor:
            if self.tokens[i].text.lower() in self.adverbs or _is_ly_adverb(self.tokens[i].text):
                i -= 1
            else:
                break
        if i is None or i < 0 or self.tokens[i].start < floor:
            return None, None
        if self.tokens[i].text == ",":
            return self._apposition(i, floor)
        span = self._np_ending_at(i, floor)
        if span is not None:
            rel = self.token_before(span.start, floor)
            if rel is not None and rel.text.lower() == "who":
                antecedent = self._np_ending_at(self._index_before(rel.start), floor)
                if antecedent is not None:
                    span = Span.of(self.text, antecedent.start, span.end)
        return span, None

    def _np_ending_at(self, i: int, floor: int, limit: int = 14) -> Span | None:
        end_tok = self.tokens[i]
        if (
            self.in_region(end_tok.start)
            or not _WORD.match(end_tok.text)
            or end_tok.text.lower() in self.boundaries
        ):
            return None
        j = i
        while j - 1 >= 0 and i - j < limit:
            prev = self.tokens[j - 1]
            if prev.start < floor or self.in_region(prev.start):
                break
            low = prev.text.lower()
            inside_title = (
                low == "and"
                and self.tokens[j].text[:1].isupper()
                and j >= 2
                and (self.tokens[j - 2].text[:1].isupper())
            )
            if not inside_title and (
                low in self.boundaries or (not _WORD.match(prev.text) and prev.text not in "-'’")
            ):
                break
            j -= 1
        # trim a leading preposition or conjunction the scan let in
        while j <= i and self.tokens[j].text.lower() in _LEADING_TRIM:
            j += 1
        if j > i:
            return None
        return Span.of(self.text, self.tokens[j].start, end_tok.end)

    def _apposition(self, comma_index: int, floor: int) -> tuple[Span | None, Span | None]:
        """`X, APPOS, said`: X speaks when APPOS describes; APPOS speaks when it is a name."""
        j = comma_index - 1
        while j >= 0 and self.tokens[j].start >= floor and self.tokens[j].text != ",":
            if self.tokens[j].text in ".;:!?" or self.in_region(self.tokens[j].start):
                return None, None
            j -= 1
        if j < 0 or self.tokens[j].start < floor or comma_index - j < 2:
            return None, None
        inner = Span.of(self.text, self.tokens[j + 1].start, self.tokens[comma_index - 1].end)
        first = self.tokens[j + 1].text.lower()
        if first in words("speakers", "apposition_starts"):
            head = self._np_ending_at(j - 1, floor)
            if head is not None:
                return head, inner
        if _looks_like_name(inner.text):
            return inner, None
        return None, None

    def forward_np(self, toks: list[Span]) -> Span | None:
        """The noun phrase starting at toks[0]: `said the printed-out statement, written ...`."""
        if not toks or not _WORD.match(toks[0].text) or self.in_region(toks[0].start):
            return None
        k = 0
        while k < len(toks) and k < 12:
            t = toks[k]
            if not _WORD.match(t.text) and t.text not in "-'’":
                break
            if k > 0 and t.text.lower() in self.boundaries:
                break
            k += 1
        return Span.of(self.text, toks[0].start, toks[k - 1].end) if k else None

    def clause_subject(self, offset: int, floor: int) -> Span | None:
        """The subject of the clause a participle or an elided subject hangs on: the phrase before
        the nearest verb-like word (`forces ... were crowded ..., shouting`)."""
        i = self._index_before(offset)
        while i is not None and i >= 0 and self.tokens[i].start >= floor:
            low = self.tokens[i].text.lower()
            if low in _AUXILIARIES or (i > 0 and self._is_cue_token(i)):
                np = self._np_ending_at(i - 1, floor) if i > 0 else None
                if np is not None:
                    return np
            i -= 1
        first = self.tokens[self._token_index[floor]] if floor in self._token_index else None
        if first is not None and first.text.lower() in ("he", "she", "they", "it"):
            return first
        return None

    def _is_cue_token(self, i: int) -> bool:
        low = self.tokens[i].text.lower()
        return any(len(parts) == 1 for parts, _, _ in _cue_table().get(low, ()))

    # -- indirect speech ------------------------------------------------------------------------

    def attribute_indirect(self, cue: Cue, sentence: Span) -> Attribution | None:
        if cue.role == "source_first":
            return self._according_to(cue, sentence)
        mention, appos = self.subject_of(cue, sentence.start)
        after = [t for t in self.tokens_between(cue.span.end, sentence.end)]
        if mention is None:
            # inverted: "..., a source said." / "..., said Mr. Smith."
            return self._inverted(cue, sentence, after)
        content_toks = self._content_after(cue, after)
        if not content_toks:
            return self._inverted(cue, sentence, after, mention, appos)
        start, end = content_toks[0].start, content_toks[-1].end
        content = Span.of(self.text, start, end)
        if len(_WORD_RUN.findall(content.text)) < 2:
            return None
        kind = "mixed" if self._has_region(content) else "indirect"
        return Attribution(content, kind, cue.span, mention, appos)

    def _content_after(self, cue: Cue, after: list[Span]) -> list[Span]:
        toks = list(after)
        if cue.lemma in ("tell", "ask") and toks:
            that = next((k for k, t in enumerate(toks[:8]) if t.text.lower() == "that"), None)
            toks = toks[that + 1 :] if that is not None else toks[self._object_length(toks) :]
        if toks and toks[0].text.lower() in ("that", ":", ","):
            toks = toks[1:]
        relative = self.token_before(cue.span.start, 0)
        stop_at_comma = relative is not None and relative.text.lower() in ("who", "that", "which")
        out = []
        for t in toks:
            if stop_at_comma and t.text == ",":
                break
            out.append(t)
        while out and not _WORD.match(out[-1].text) and not self.in_region(out[-1].start):
            out.pop()
        while out and out[0].text in ",:;-—":
            out.pop(0)
        return out

    def _object_length(self, toks: list[Span]) -> int:
        """Words of the object of `told`/`asked`: a pronoun, a name, or `a Washington audience`."""
        if not toks:
            return 0
        first = toks[0].text.lower()
        if first in _OBJECT_PRONOUNS or first in ("reporters", "journalists"):
            return 1
        k = 1
        while k < len(toks) and k < 6:
            low = toks[k].text.lower()
            if low in (
                "the",
                "a",
                "an",
                "he",
                "she",
                "they",
                "it",
                "we",
                "i",
                "that",
            ) or not _WORD.match(toks[k].text):
                break
            k += 1
        return k

    def _inverted(self, cue: Cue, sentence: Span, after: list[Span], mention=None, appos=None):
        """`CLAUSE, X said.` or `CLAUSE, said X.`: the clause before the comma is the content."""
        comma = self.token_before(cue.span.start, sentence.start)
        if mention is not None:
            comma = self.token_before(mention.start, sentence.start)
        elif comma is not None and comma.text != ",":
            return None
        if mention is None:
            rest = [t for t in after if t.text not in ".!?"]
            mention = self.forward_np(rest)
            if mention is None:
                return None
            if any(t.text.lower() in self.boundaries for t in rest[: len(mention.text.split())]):
                return None
        if comma is None or comma.text != ",":
            return None
        content = _trim(self.text, sentence.start, comma.start)
        if content is None or len(_WORD_RUN.findall(content.text)) < 3:
            return None
        kind = "mixed" if self._has_region(content) else "indirect"
        return Attribution(content, kind, cue.span, mention, appos)

    def _according_to(self, cue: Cue, sentence: Span) -> Attribution | None:
        after = [t for t in self.tokens_between(cue.span.end, sentence.end)]
        mention = self.forward_np(after)
        if mention is None:
            return None
        if cue.span.start - sentence.start <= 2:
            comma = next((t for t in after if t.start >= mention.end and t.text == ","), None)
            content = _trim(self.text, comma.end, sentence.end) if comma else None
        else:
            content = _trim(self.text, sentence.start, cue.span.start)
        if content is None or len(_WORD_RUN.findall(content.text)) < 3:
            return None
        kind = "mixed" if self._has_region(content) else "indirect"
        return Attribution(content, kind, cue.span, mention)

    def _has_region(self, span: Span) -> bool:
        return any(span.start <= r.open < span.end for r in self.regions)


_TRAILING_CONNECTORS = frozenset(
    {"though", "although", "but", "and", "while", "as", "who", "whereas", "which", "even"}
)
_DANGLING = frozenset({"by", "of", "to", "the", "a", "an", "at", "in", "on", "for", "from", "with"})
_LEADING_TRIM = frozenset({"of", "for", "from", "at", "with", "by", "in", "on", "-", "'", "’"})
_AUXILIARIES = frozenset(
    {
        "was",
        "were",
        "is",
        "are",
        "has",
        "have",
        "had",
        "will",
        "would",
        "did",
        "does",
        "do",
        "can",
        "could",
        "should",
        "must",
        "may",
        "might",
    }
)
_OBJECT_PRONOUNS = frozenset({"me", "him", "her", "us", "them", "you", "it"})
_NAME_TOKEN = re.compile(r"^[A-Z][\w'’.-]*$")


def _extent(att: Attribution) -> Span:
    """From the first to the last character of an attribution's parts."""
    parts = [p for p in (att.content, att.cue, att.mention) if p is not None]
    start, end = min(p.start for p in parts), max(p.end for p in parts)
    return Span(start, end, "")


def _looks_like_name(text: str) -> bool:
    parts = text.split()
    return 1 <= len(parts) <= 4 and all(_NAME_TOKEN.match(p) for p in parts)


def _is_ly_adverb(word: str) -> bool:
    low = word.lower()
    return len(low) > 4 and low.endswith("ly") and low not in ("family", "italy", "ally", "sally")


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and (text[start].isspace() or text[start] in ",;:-—"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.-—"):
        end -= 1
    return Span.of(text, start, end) if end > start else None
