"""Find attributed statements: quoted text, reported speech, and the words that name who spoke.

The flow: `marks` finds quotations, `reader` tokens and reporting cues,
`phrases` the words naming a speaker; this module pairs them into attributions (content,
cue, speaker mention), and `speakers` decides who the mention is.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import accumulate, takewhile

from dateline.annotate.lexicons import load, words
from dateline.annotate.places.gazetteer import gazetteer
from dateline.annotate.quotes.marks import QuotedRegion, quoted_regions
from dateline.annotate.quotes.phrases import (
    RELATIVE_PRONOUNS,
    SUBJECT_PRONOUNS,
    PhraseFinder,
    is_participle,
)
from dateline.annotate.quotes.reader import (
    AUXILIARIES,
    DANGLING,
    DETERMINERS,
    LEADING_TRIM,
    LEADING_WORDS,
    OBJECT_PRONOUNS,
    SENTENCE_PUNCT,
    TIME_MODIFIERS,
    TRAILING_CONNECTORS,
    WORD,
    WORD_RUN,
    Cue,
    is_ly_adverb,
    looks_like_name,
    trim_span,
)
from dateline.annotate.text import sentence_at
from dateline.model import Span

# a transcript's turn: `JAKE TAPPER: ...`, `O'MALLEY: ...`
_TURN = re.compile(r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}:\s")


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
    # What a relative pronoun mention stands for: `Al Reyes` of `said Al Reyes, who argued`.
    antecedent: Span | None = None


def find_attributions(
    text: str, sentences: list[Span], paragraphs: list[Span]
) -> list[Attribution]:
    """Direct, mixed and indirect statements in document order, none overlapping another."""
    regions = quoted_regions(text, paragraphs)
    finder = _Finder(text, sentences, paragraphs, regions)
    return finder.run()


class _Finder(PhraseFinder):
    """Works through one document: quotations first, then reported speech sentence by sentence."""

    @cached_property
    def _turns_of_transcript(self) -> int:
        """Paragraphs opening with a name in capitals and a colon (`JAKE TAPPER: ...`)."""
        return sum(bool(_TURN.match(p.text)) for p in self.paragraphs)

    def run(self) -> list[Attribution]:
        out, used_cues = self._direct_quotes()
        taken = _Taken([self._extent(a) for a in out])
        for sentence in self.sentences:
            taken.clauses = []
            if self._is_headline(sentence) and not self._has_region(sentence):
                continue  # `Blair rejects Tory terror offer`: a headline quotes only in marks
            found = self._with_name_colon(sentence, self._reported_in(sentence, used_cues))
            if not found:
                continue  # (most sentences: nothing to weigh against the statements taken)
            quoted = sorted(taken.starts_in(sentence))
            found = self._statements_of_their_own(found, quoted)
            # A reported clause ends where the next attribution begins:
            # "The ministry said ... "illegal intruders," though Mr. Reeker said he was unaware"
            starts = sorted({self._extent(a).start for a in found} | set(quoted))
            for att in found:
                att = self._cut_before(att, starts)
                if att is not None and not taken.overlaps(att.content):
                    out.append(att)
                    taken.clauses.append(att.content)
        out.sort(key=lambda a: a.content.start)
        return [self._with_antecedent(a) for a in out if not self.in_boilerplate(a.content.start)]

    def _direct_quotes(self) -> tuple[list[Attribution], set[int]]:
        """The attributed quotations in order, and where their cues begin (used up by them)."""
        out: list[Attribution] = []
        used_cues: set[int] = set()
        for region in self.regions:
            att = self.attribute_direct(region, out)
            if att is not None:
                out.append(att)
                if att.cue is not None:
                    used_cues.add(att.cue.start)
        return out, used_cues

    def _reported_in(self, sentence: Span, used_cues: set[int]) -> list[Attribution]:
        """The reported speech of each cue in `sentence` that attributes no quotation."""
        found = []
        for cue in self.cues_in(sentence.start, sentence.end):
            if cue.span.start not in used_cues:
                att = self.attribute_indirect(cue, sentence)
                if att is not None:
                    found.append(att)
        return found

    def _with_name_colon(self, sentence: Span, found: list[Attribution]) -> list[Attribution]:
        """`Insiders: Trump will rebound`: a name and a colon attribute a sentence no cue does."""
        # `FALLIN: I think he ...`: a transcript's turn is its speaker's, whatever cues it holds
        opening = self.text[sentence.start : sentence.start + 4]
        if found and not (opening.isalpha() and opening.isupper()):
            return found
        att = self.name_colon(sentence)
        if att is not None and (not found or att.mention.text.isupper()):
            return [att]
        return found

    def _statements_of_their_own(
        self, found: list[Attribution], quoted: list[int]
    ) -> list[Attribution]:
        """One sentence's attributions less those that are part of another's statement."""
        found = _less_beliefs_reported(found)
        found = self._less_stances_in_reports(found)
        found = _less_cues_in_inverted_content(found)
        return self._less_nested(found, quoted)

    def _less_stances_in_reports(self, found: list[Attribution]) -> list[Attribution]:
        """A stance verb inside what a reporting verb reports is part of that report."""
        # `Obama argued that Trump had "hailed" the deal`
        reports = [a.content for a in found if not self._is_stance(a)]
        return [
            a for a in found if not (self._is_stance(a) and any(c.contains(a.cue) for c in reports))
        ]

    def _less_nested(self, found: list[Attribution], quoted: list[int]) -> list[Attribution]:
        """A statement in the clause another reports is part of it, up to a quotation between."""
        # `She said that, if elected, she would ask him to ...`: the asking is part of what
        # she said, unless a connector starts a statement of its own (`..., though he said`)
        # `Roe cannot say that "from his view," Lee added, saying it ...`: a clause that runs
        # into an attributed quotation ends there, and holds nothing after it
        return [
            a
            for a in found
            if not any(self._nested(a, o) and not _between(quoted, o, a) for o in found)
        ]

    def _is_headline(self, sentence: Span) -> bool:
        """A paragraph of one line that no sentence punctuation ends: a headline or a title."""
        para = self.paragraphs[self._paragraph_index(sentence.start)]
        line = para.text.rstrip()
        return bool(line) and "\n" not in line and line[-1] not in HEADLINE_ENDS

    def _with_antecedent(self, att: Attribution) -> Attribution:
        """A mention is a noun phrase or none: a fragment (`begun making`) gives way to the
        subject opening the sentence, when that is one. A relative pronoun keeps its own words
        and names what it stands for."""
        if att.mention is None:
            return att
        sentence = sentence_at(self.sentences, att.mention.start)
        floor = sentence.start if sentence else 0
        if att.cue is not None and att.cue.text.lower().startswith("according"):
            return att  # `according to polling by the ...`: the source as the cue names it
        mention = self.noun_phrase(att.mention, floor, att.cue)
        if mention is None:
            subject = self.clause_subject(att.mention.start, floor)
            comma = self.token_before(att.mention.start, floor)
            if comma is not None and comma.text == ",":
                # `Some critics of the plan, like Ann Roe, say`: the phrase before the comma
                k = self._index_before(comma.start)
                subject = self._np_ending_at(k, floor) if k is not None else None
            if subject is not None and not subject.overlaps(att.content):
                mention = self.noun_phrase(subject, floor)
            if mention is None and att.cue is not None and att.mention.start < att.cue.start:
                # `Within months of his defeat, he went to work seeking ...`: the subject past
                # the phrase opening the sentence
                subject = self.sentence_subject(floor, att.cue.start)
                if subject is not None and not subject.overlaps(att.content):
                    mention = self.noun_phrase(subject, floor)
            return replace(att, mention=mention, apposition=None)
        if mention is not att.mention:
            att = replace(att, mention=mention, apposition=None)
        if mention.text.lower() not in RELATIVE_PRONOUNS:
            return att
        return replace(att, antecedent=self.relative_antecedent(mention, floor))

    def _extent(self, att: Attribution) -> Span:
        """What an attribution takes of its sentence. The speaker of a participle was borrowed
        from the clause before it; when that clause quotes (`Ash described the move as "a
        breach," adding: "..."`), it is a statement of its own and is left to its own cue."""
        if att.cue is None and att.mention is not None:
            return att.content  # named in the paragraph before, which keeps its own statements
        extent = _extent(att)
        if (
            att.cue is not None
            and att.mention is not None
            and att.mention.end < att.cue.start
            and att.cue.text.lower().endswith("ing")
            and self._has_region(Span(att.mention.end, att.cue.start, ""))
        ):
            return _extent(Attribution(att.content, att.kind, att.cue, None))
        return extent

    def _nested(self, inner: Attribution, outer: Attribution) -> bool:
        """`inner` lies in the clause `outer` reports, with no connector before it there."""
        if inner is outer or outer.cue is None or inner.cue is None:
            return False
        extent = self._extent(inner)
        if not (outer.cue.end <= outer.content.start <= extent.start < outer.content.end):
            return False
        if inner.mention is not None and inner.mention.text.lower() == "who":
            # `..., double the number who said the same`: a relative clause's statement is
            # its own, made by whom `who` stands for
            return False
        if self._in_opening_clause(outer, extent.start):
            # `While Roe has said that A, Lee said B`: the main clause is no part of what the
            # subordinate one reports
            return False
        between = self.tokens_between(outer.content.start, extent.start)
        that = self.token_before(outer.content.start, 0)
        if between and that is not None and that.text.lower() == "that":
            # `argued that although Lee confessed, he showed no remorse`: a connector right
            # after `that` opens a clause inside what is reported
            between = between[1:]
        return not any(t.text.lower() in TRAILING_CONNECTORS or t.text in ";:" for t in between)

    def _in_opening_clause(self, att: Attribution, offset: int) -> bool:
        """`att` is said in a subordinate clause (`While Roe said ...,`, `In a year when Roe
        was saying ...,`) or a phrase opening its sentence (`After announcing ...,`, `Asked
        about ...,`) that a comma closes before `offset`, where the main clause begins."""
        if att.cue is None:
            return False
        sentence = sentence_at(self.sentences, att.cue.start)
        floor = sentence.start if sentence else 0
        prev = self.token_before(offset, floor)
        if prev is None or prev.text != "," or self.in_region(prev.start):
            return False
        if att.mention is not None and att.mention.start < att.cue.start:
            opener = self.token_before(att.mention.start, floor)
            if opener is not None and opener.text.lower() in _OPENING_SUBORDINATORS:
                return True
        # an opening phrase: no comma before the cue, and a first word that is no subject
        head = self.tokens_between(floor, att.cue.start)
        if not head or any(t.text == "," for t in head):
            return False
        first = head[0].text.lower()
        return first in _OPENING_SUBORDINATORS | _OPENING_PHRASES or (
            is_participle(att.cue.text) and head[0].start == att.cue.start
        )

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
            toks[-1].text.lower() in TRAILING_CONNECTORS
            or not (WORD.match(toks[-1].text) or self._closing_mark(toks[-1]))
        ):
            toks.pop()
        if toks and toks[-1].text.lower() in DANGLING:
            # cut inside a phrase ("... a statement echoed later by"): go back to the last comma
            commas = [k for k, t in enumerate(toks) if t.text == ","]
            toks = toks[: commas[-1]] if commas else toks
        if len(toks) < 2:
            return None
        content = Span.of(self.text, toks[0].start, toks[-1].end)
        kind = self._mixed_or_indirect(content)
        if kind == "indirect" and self._is_stance(att):
            return None  # cut before its quotation, a stance verb reports nothing
        return Attribution(content, kind, att.cue, att.mention, att.apposition)

    def _closing_mark(self, tok: Span) -> bool:
        """The mark closing a quotation: a clause cut after a quoted phrase keeps it whole."""
        region = self.in_region(tok.start)
        return region is not None and region.close is not None and tok.end == region.end

    def _is_stance(self, att: Attribution) -> bool:
        """Cued by a verb that reports only a quotation (`quoted` in the lexicon)."""
        return att.cue is not None and self._role_at.get(att.cue.start) == "quoted"

    def context(self, region: QuotedRegion) -> Span:
        first = sentence_at(self.sentences, region.open) or region.inner
        end = region.close if region.close is not None else region.inner.end
        last = sentence_at(self.sentences, max(end, region.inner.end) - 1) or region.inner
        after_close = sentence_at(self.sentences, end + 1) if region.close is not None else None
        if after_close and after_close.start <= end + 2:
            last = after_close
        para = self.paragraphs[self._paragraph_index(region.open)]
        return Span.of(
            self.text, max(first.start, para.start), min(max(last.end, end + 1), para.end)
        )

    def attribute_direct(
        self, region: QuotedRegion, found: list[Attribution]
    ) -> Attribution | None:
        if _is_title(region.inner.text):
            # `'Fairer Roads For Everyone'`, ``Fox News Sunday''`: a name, not words said
            return None
        ctx = self.context(region)
        if not self._statement_like(region):
            return self._short_quote(region, ctx, found)
        after = self.after_quote(region.end, ctx.end)
        if after:
            return Attribution(region.inner, "direct", *after)
        before = self.before_quote(ctx.start, region.open)
        if before:
            return self._quote_after_its_cue(region, before, found)
        asked = self._asked_in_the_passive(ctx.start, region)
        if asked is not None:
            return Attribution(region.inner, "direct", asked, None)
        around = self._attribution_around(region, found)
        if around:
            return Attribution(region.inner, "direct", *around)
        # A quote with no attribution of its own continues the previous speaker when it stands
        # in its own paragraph right after another quote.
        if found and self._continues(region, found[-1]):
            return Attribution(region.inner, "direct", None, None, continues_previous=True)
        reporter = self._reporter_of_paragraph_before(region)
        if reporter is not None:
            return Attribution(region.inner, "direct", None, *reporter)
        return None

    def _statement_like(self, region: QuotedRegion) -> bool:
        """Enough words, or sentence punctuation, to be a statement rather than a phrase."""
        words_inside = len(WORD_RUN.findall(region.inner.text))
        return words_inside >= load("quotes")["min_statement_words"] or bool(
            SENTENCE_PUNCT.search(region.inner.text)
        )

    def _short_quote(
        self, region: QuotedRegion, ctx: Span, found: list[Attribution]
    ) -> Attribution | None:
        """A short quote is a statement only right beside its cue; else scare quotes or a title."""
        # "shouting "Sorry, sorry"": right after its cue, or right before it when the quote
        # ends with a comma: `"Savage," she said`; a mixed quote picks up the others with its cue
        before = self.before_quote(ctx.start, region.open)
        if before and region.open - before[0].end <= 3:
            return self._quote_after_its_cue(region, before, found)
        if self._closes_with_comma(region) and self._opens_a_sentence(region.open):
            after = self.after_quote(region.end, ctx.end)
            if after and min(after[0].start, after[1].start) - region.end <= 3:
                return Attribution(region.inner, "direct", *after)
        return None

    def _quote_after_its_cue(
        self, region: QuotedRegion, before, found: list[Attribution]
    ) -> Attribution | None:
        """The quote a cue before it introduces, unless an earlier verb's report holds it."""
        if self._inside_earlier_report(region, before):
            return None  # `Sims said he was "riding the fence" until Haley said ...`
        return _direct(region, before, found)

    def _attribution_around(self, region: QuotedRegion, found: list[Attribution]):
        """An attribution in a sentence or paragraph of its own, before or after the quote."""
        return (
            self.colon_lead_in(region)
            or self.signature_after(region)
            or self.attribution_sentence(region)
            or self.saying_sentence_before(region, found)
        )

    def _closes_with_comma(self, region: QuotedRegion) -> bool:
        """A closed quote whose words end with a comma, before its mark: `"Savage," she said`."""
        return region.close is not None and "," in self.text[region.inner.end : region.end]

    def _opens_a_sentence(self, offset: int) -> bool:
        """A sentence begins at `offset`."""
        sentence = sentence_at(self.sentences, offset)
        return sentence is not None and sentence.start == offset

    def _reporter_of_paragraph_before(self, region: QuotedRegion):
        """A paragraph that is only a quotation goes on from the paragraph before, whose last
        sentence reports what someone said (`Roe said the plan would fail.` then `"We tried
        everything."`): the last named speaker speaks, as journalists write it."""
        k = self._paragraph_index(region.open)
        para = self.paragraphs[k]
        if k == 0 or region.open > para.start + 1 or region.end < para.end - 1:
            return None
        prev = self.paragraphs[k - 1]
        if self._has_region(prev):
            return None
        sentence = sentence_at(self.sentences, prev.end - 1)
        if sentence is None:
            return None
        cues = self._clause_cues(sentence)
        if not cues:
            return None
        mention, appos = self.subject_of(cues[0], sentence.start)
        if mention is None or mention.end > cues[0].span.start or not self._can_speak(mention):
            return None
        return mention, appos

    def _asked_in_the_passive(self, start: int, region: QuotedRegion) -> Span | None:
        """`Roe was asked, "Would you run again?"`: the question is quoted, its asker unnamed."""
        if not self.text[region.inner.start : region.inner.end].rstrip().endswith("?"):
            return None
        toks = self.tokens_between(start, region.open)[-3:]
        if (
            len(toks) == 3
            and toks[0].text.lower() in ("was", "were", "is", "are", "been", "being", "when")
            and toks[1].text.lower() == "asked"
            and toks[2].text in ",:"
        ):
            return toks[1]
        return None

    def _inside_earlier_report(self, region: QuotedRegion, before) -> bool:
        """The cue before a quote lies in the clause an earlier verb of its sentence reports
        (`It said that Trump supports "Hillary-style healthcare"`): the quotation is part of
        that report, not a statement of the nearer cue's subject."""
        cue, mention, _ = before
        if cue is None or cue.text in ":,":
            return False
        sentence = sentence_at(self.sentences, region.open)
        if sentence is None or self._participle_after_comma(cue, sentence):
            return False
        inner = Attribution(region.inner, "direct", cue, mention)
        start = self._extent(inner).start
        toks = self.tokens_between(sentence.start, start)
        return any(
            self._earlier_report_holds(earlier, inner, toks, sentence)
            for earlier in self._clause_cues(Span(sentence.start, start, ""))
        )

    def _participle_after_comma(self, cue: Span, sentence: Span) -> bool:
        """`..., adding, "..."`: a participle after a comma, a cue of its own."""
        prev = self.token_before(cue.start, sentence.start)
        return cue.text.lower().endswith("ing") and prev is not None and prev.text == ","

    def _earlier_report_holds(
        self, earlier: Cue, inner: Attribution, toks: list[Span], sentence: Span
    ) -> bool:
        """The clause the earlier cue reports holds `inner`'s cue, past more than a circumstance."""
        if self.in_region(earlier.span.start) or _earlier_cue_set_apart(earlier, toks):
            return False
        if self.opens_participle_phrase(earlier, sentence.start):
            return False  # `Recalling the day, Roe said: "..."`: the phrase reports no more
        outer = self.attribute_indirect(earlier, sentence)
        if outer is None or not self._nested(inner, outer):
            return False
        # `responded to the question on Facebook writing, "..."`
        reported = self.tokens_between(outer.content.start, inner.cue.start)
        return not (reported and _opens_circumstance(reported))

    def _one_paragraph(self, a: int, b: int) -> bool:
        """Offsets `a` and `b` lie in one paragraph."""
        return self._paragraph_index(a) == self._paragraph_index(b)

    def _clause_cues(self, span: Span) -> list[Cue]:
        """The cues in `span` whose verbs report a clause."""
        return [c for c in self.cues_in(span.start, span.end) if c.role == "clause"]

    def _sentence_before_quote(self, region: QuotedRegion) -> Span | None:
        """The sentence before the one the quote opens; None when it opens no sentence."""
        i = bisect_right(self._sentence_starts, region.open) - 1
        if i < 1 or self.sentences[i].start < region.open - 1:
            return None
        return self.sentences[i - 1]

    def _continues(self, region: QuotedRegion, previous: Attribution) -> bool:
        """A quote of no attribution of its own goes on with the previous speaker when it opens
        the paragraph after that speaker's quote, continues a quote left open, or opens the
        sentence after the one that attributed a quote: `"Yes," Roe said. "We will."`."""
        if region.continued:
            return True
        k = self._paragraph_index(region.open)
        para = self.paragraphs[k]
        if region.open <= para.start + 1:
            return k > 0 and previous.content.start >= self.paragraphs[k - 1].start
        before = self._sentence_before_quote(region)
        if before is None:
            return False
        return (
            previous.kind == "direct"
            and previous.cue is not None
            and before.start >= para.start
            and before.start <= previous.cue.start < before.end
        )

    def after_quote(self, start: int, end: int):
        """`"...," Mr. Craner said.` / `"...," said Mr. Craner.` / `"..." — Jane Doe`."""
        toks = self.tokens_between(start, end)
        if not toks:
            return None
        return (
            self._dash_credit(toks)
            or self._digest_credit(toks, start)
            or self._cue_after_quote(toks, start)
        )

    def _dash_credit(self, toks: list[Span]):
        """`"..." — Jane Doe`: a dash, then a capitalized name, credits the quote before it."""
        if toks[0].text not in load("quotes")["credit_dashes"] or len(toks) == 1:
            return None
        name = self.forward_np(toks[1:])
        if name and name.text[:1].isupper():
            return (Span.of(self.text, toks[0].start, toks[0].end), name, None)
        return None

    def _digest_credit(self, toks: list[Span], start: int):
        """A bracketed credit (`[AP.]`) attributes a quote of five words or more before it."""
        credit = self._bracket_credit(toks)
        region = self.in_region(start - 1)
        if credit is not None and region and len(WORD_RUN.findall(region.inner.text)) >= 5:
            return credit
        return None

    def _cue_after_quote(self, toks: list[Span], start: int):
        """The first cue after the quote, with its speaker before it or after it."""
        toks = [t for t in toks[:24] if not self.in_region(t.start)]
        cues = self.cues_in(start, toks[-1].end if toks else start)
        if not cues:
            return None
        cue = _first_cue_past_asides(cues, toks)
        if cue.lemma in words("reporting_verbs", "naming"):
            return None  # `"Dateline," the hacker known as "Guccifer"`: a name, not its speaker
        lead = [t for t in toks if t.end <= cue.span.start and t.text not in ",.;"]
        if self._cut_off_from_quote(toks, cue, lead):
            return None
        if lead:
            if self._reports_after(cue):
                return None  # `''core Al Qaeda,'' on Tuesday he said it posed ...`: its own clause
            mention, appos = self.backward_np(cue.span.start, start)
        else:
            mention, appos = self._speaker_after_cue(toks, cue), None
        if mention is None:
            return None
        return (cue.span, mention, appos)

    def _cut_off_from_quote(self, toks: list[Span], cue: Cue, lead: list[Span]) -> bool:
        """A long lead, a sentence's end or another clause between the quote and the cue."""
        if (len(lead) > 10 and not self._apposed_lead(toks, cue)) or any(
            t.text in ".!?" and not _abbreviation_period(toks, k)
            for k, t in enumerate(toks)
            if t.end <= cue.span.start
        ):
            return True
        # `"...," for instance, and Trump vowed to ...`: another clause's verb
        return self._coordinated(toks, cue)

    def _speaker_after_cue(self, toks: list[Span], cue: Cue) -> Span | None:
        """`"...," said Ms. Roe.`: the speaker right after the verb, which is no participle."""
        if cue.span.text.lower().endswith("ing"):
            return None  # `"...," accusing it of ...`
        mention = self.forward_np([t for t in toks if t.start >= cue.span.end])
        if mention is not None and self._before_auxiliary(mention):
            return None  # `"...," said the team could win`: a clause, not `said Ms. Roe`
        return mention

    def _first_token_from(self, offset: int) -> Span | None:
        """The first token starting at or after `offset`, if any."""
        k = bisect_left(self._token_starts, offset)
        return self.tokens[k] if k < len(self.tokens) else None

    def _before_auxiliary(self, phrase: Span) -> bool:
        """An auxiliary follows the phrase: it is a clause's subject (`the team could win`)."""
        nxt = self._first_token_from(phrase.end)
        return nxt is not None and nxt.text in AUXILIARIES

    def _reports_after(self, cue: Cue) -> bool:
        """A clause of its own right after the verb, `that ...` or `it still posed ...`: what
        the verb reports lies there, not in the quotation before it."""
        sentence = sentence_at(self.sentences, cue.span.start)
        if sentence is None:
            return False
        after = self.tokens_between(cue.span.end, sentence.end)
        times = words("speakers", "time_words")
        k = 0
        while k < len(after) and k < 4 and after[k].text.lower() in TIME_MODIFIERS | times:
            k += 1
        if k + 1 >= len(after):
            return False
        first, second = after[k].text.lower(), after[k + 1].text
        return first == "that" or (
            first in SUBJECT_PRONOUNS and second.isalpha() and second.islower()
        )

    def _apposed_lead(self, toks: list[Span], cue: Cue) -> bool:
        """`"...," Dana Ruiz, who works at a heating company in Fresno, said`: a long lead is a
        short name and an apposition between commas, the second right before the verb."""
        before = [t for t in toks if t.end <= cue.span.start]
        commas = [k for k, t in enumerate(before) if t.text == ","]
        if len(commas) >= 2 and commas[1] == commas[0] + 2 and before[commas[0] + 1].text.isdigit():
            commas = commas[1:]  # `Ann Lee, 67, a retired nurse, said`: the age, then the rest
        return (
            len(before) <= 28
            and len(commas) >= 1
            and 1 <= commas[0] <= 8
            and before[-1].text == ","
            and before[0].text[:1].isupper()
            and _opens_apposition(before[commas[0] + 1].text)
        )

    def _coordinated(self, toks: list[Span], cue: Cue) -> bool:
        """A conjunction opening what follows the quote, or right after a comma there, starts a
        clause of its own (`"riding the fence" until Haley said`): its verb reports something
        else."""
        for k, t in enumerate(toks):
            if t.end > cue.span.start:
                return False
            if t.text.lower() in _CLAUSE_CONJUNCTIONS and (k == 0 or toks[k - 1].text == ","):
                return True
        return False

    def _bracket_credit(self, toks: list[Span]):
        """`"..." [AP.]`, `[Mother Jones.]`: a news digest credits its quote in brackets."""
        if not toks or toks[0].text != "[":
            return None
        close = next((k for k, t in enumerate(toks[:7]) if t.text == "]"), None)
        inside = [t for t in toks[1:close] if t.text != "."] if close else []
        if not inside or not all(t.text[:1].isupper() for t in inside):
            return None
        bracket = Span.of(self.text, toks[0].start, toks[close].end)
        return (bracket, Span.of(self.text, inside[0].start, inside[-1].end), None)

    def attribution_sentence(self, region: QuotedRegion):
        """`"Where did it go?" Lane asked.`: a quote ending its sentence is attributed by the
        sentence right after it when that sentence is only the attribution (`Lane said to CNN.`),
        not a statement of its own (`Critics said the plan would fail.`)."""
        if region.close is None:
            return None
        k = bisect_left(self._sentence_starts, region.end)
        if k == len(self.sentences) or self.sentences[k].start > region.end + 1:
            return None
        sentence = self.sentences[k]
        if not self._one_paragraph(sentence.start, region.open):
            return None
        found = self.after_quote(region.end, sentence.end)
        if found is None:
            return None
        cue = self.cues_in(found[0].start, found[0].end)
        rest = self.tokens_between(max(found[0].end, found[1].end), sentence.end)
        if (
            len(rest) > 1
            and rest[0].text == ","
            and found[1].start == sentence.start < found[0].start
            and (rest[1].text.lower() in ("a", "an") or rest[1].text.endswith("ing"))
            and self._opens_a_sentence(region.open)
        ):
            # `"..." LeVell declared, a point he likes to make.`, `Roe said, clutching the
            # lectern.`: after the comma, a phrase about the saying, not what was said
            return found
        if self._asked_then_credited(region, cue, rest):
            return found
        content = self._content_after(cue[0], rest) if cue else rest
        if content and not _circumstance_only(content):
            return None
        return found

    def saying_sentence_before(self, region: QuotedRegion, found: list[Attribution]):
        """`Roe said in a statement. "We will appeal."`, `Dana Cole agreed. "..."`: a sentence
        that is only a speaker and a reporting verb introduces the quote opening the next one
        in its paragraph, as a colon would."""
        before = self._sentence_before_quote(region)
        if before is None or not self._one_paragraph(before.start, region.open):
            return None
        cues = self._clause_cues(before)
        if not cues or self._has_region(before):
            return None
        cue = cues[-1]
        if found and found[-1].cue is not None and found[-1].cue.start == cue.span.start:
            return None  # `"...?" Roe said. "..."`: the quote before has the cue, this one goes on
        if any(self.in_region(t.start) for t in self.tokens_between(before.start, before.end)):
            return None  # `..." he said. "..."`: the end of a quote, whose speaker goes on
        if not self._only_says(cue, before):
            return None
        mention, appos = self.subject_of(cue, before.start)
        if mention is None or mention.end > cue.span.start:
            return None
        return (cue.span, mention, appos)

    def _only_says(self, cue: Cue, sentence: Span) -> bool:
        """After the verb, at most when or where it was said, and no clause it reports."""
        rest = [t for t in self.tokens_between(cue.span.end, sentence.end) if t.text not in ".!?"]
        if rest and not (_circumstance_only(rest) or self._is_time(rest)):
            return False
        # `Trump isn't a conservative, he said.`: the cue reports its own clause
        return self.attribute_indirect(cue, sentence) is None

    def _is_time(self, toks: list[Span]) -> bool:
        """`Tuesday`, `on Monday night`, `last week`: when, in words the lexicon lists."""
        times = words("speakers", "time_words")
        return len(toks) <= 3 and all(t.text.lower() in TIME_MODIFIERS | times for t in toks)

    def _asked_then_credited(self, region: QuotedRegion, cue: list[Cue], rest: list[Span]) -> bool:
        """`"Why would you?" Lane said about the move.`: a question or exclamation ends the
        quote where a comma would, so the sentence after it runs on with the saying's
        circumstance (`about ...`, `as ...`, `told ITV in ...`), not a statement of its own."""
        # `"... How do we win it?’" Roe said of ...`: past the nested quote's closing mark
        words_said = region.inner.text.rstrip("’'\"”")
        if not rest or not cue or words_said[-1:] not in ("?", "!"):
            return False
        if any(t.text.lower() == "that" for t in rest[:8]):
            return False  # `"...?" She replied to him that it was ...`: a report of its own
        first = rest[0].text.lower()
        return (
            cue[0].lemma in ("tell", "ask")
            or first in _CIRCUMSTANCE_OPENERS
            or _opens_circumstance(rest)
        )

    def before_quote(self, start: int, open_at: int):
        """`he wrote, "..."`, `He added: "..."`, `who said, "..."`."""
        toks = [t for t in self.tokens_between(start, open_at) if not self.in_region(t.start)]
        if not toks:
            return None
        region = self.in_region(open_at)
        # `said in his 2012 book, ''An American Son.''` names the book, not what he said
        words_said = region is not None and not _is_title(region.inner.text.rstrip(".!?"))
        cues = self._cues_before_quote(toks, open_at, words_said)
        if not cues:
            return self._colon_before_quote(toks, start)
        cue = cues[-1]
        if self._alias(cue):
            return None
        between = [t for t in toks if t.start >= cue.span.end]
        opening = self._opens_sentence_with(cue, between)
        if opening is not None:
            return opening
        if any(t.text not in (",", ":", "that", "-", "—") for t in between) and not (
            words_said and self._lead_in_gap(cue, between)
        ):
            return None
        mention, appos = self.subject_of(cue, start)
        if mention is None:
            return None
        return (cue.span, mention, appos)

    def _cues_before_quote(self, toks: list[Span], open_at: int, words_said: bool) -> list[Cue]:
        """The cues in the last four tokens; else, before words said, one that leads in further."""
        cues = self.cues_in(toks[-4:][0].start, open_at)
        if cues or not words_said:
            return cues
        return [
            c for c in self.cues_in(toks[-14:][0].start, open_at)[-1:] if self._leads_in(c, toks)
        ]

    def _leads_in(self, cue: Cue, toks: list[Span]) -> bool:
        """What stands between the cue and the quote leads in to it, or the cue opens a sentence."""
        between = [t for t in toks if t.start >= cue.span.end]
        return (
            self._lead_in_gap(cue, between) or self._opens_sentence_with(cue, between) is not None
        )

    def _colon_before_quote(self, toks: list[Span], start: int):
        """`He had one message: "..."`: the colon before the quote, and who speaks through it."""
        colon = toks[-1]
        if colon.text != ":":
            return None
        mention, appos = self.colon_speaker(toks, start)
        if mention is None:
            return None
        return (Span.of(self.text, colon.start, colon.end), mention, appos)

    def colon_speaker(self, toks: list[Span], start: int) -> tuple[Span | None, Span | None]:
        """Who speaks through a colon ending `toks`: the subject of a reporting verb earlier in the
        clause (`Roe said in a statement:`, `Roe recalled the freeze:`), else the clause's
        subject (`He had one message:`), else the phrase before the colon (`Roe's reply:`)."""
        colon = toks[-1]
        floor = self._colon_clause_start(toks, start)
        cues = [c for c in self.cues_in(floor, colon.start) if not self.in_region(c.span.start)]
        mention, appos = self.backward_np(colon.start, floor)
        if cues:
            # `Roe said in a statement:`, `Roe told the Courier:`
            subject, subject_appos = self.subject_of(cues[-1], floor)
            if subject is not None and subject.end <= cues[-1].span.start:
                return subject, subject_appos
        if mention is None or not self._can_speak(mention):
            # `He had one message:`; `She went on:`, whose last word ends no noun phrase
            subject = self._subject_with_verb(floor, mention.start if mention else colon.start)
            if subject is not None:
                return subject, None
        return mention, appos

    def _colon_clause_start(self, toks: list[Span], start: int) -> int:
        """Where the clause the colon ends begins: past a sentence mark, a dash or a quotation."""
        floor = start
        for t in reversed(toks[:-1]):
            if t.text in ".;!?-–—":
                floor = t.end
                break
        # `Roe said it was "odd," but he gave a reason: "..."`: the words in quotation marks are
        # left out of `toks`, so the last quotation before the colon is looked up by its offsets
        colon = toks[-1]
        quoted = self.regions_opening_in(Span(floor, colon.start, ""))
        if quoted and quoted[-1].end <= colon.start:
            floor = quoted[-1].end
        return floor

    def _subject_with_verb(self, floor: int, offset: int) -> Span | None:
        """The sentence's subject before `offset`, when a verb in lower case follows it."""
        subject = self.sentence_subject(floor, offset)
        if subject is None or subject.end >= offset:
            return None
        nxt = self._first_token_from(subject.end)
        verb = nxt.text if nxt is not None else ""
        if verb.isalpha() and verb.islower() and verb not in LEADING_TRIM:
            return subject
        return None

    def _opens_sentence_with(self, cue: Cue, between: list[Span]):
        """`Said Comey, "..."`: the speaker after a cue that opens the sentence; `Adding, "..."`:
        whoever spoke last goes on."""
        sentence = sentence_at(self.sentences, cue.span.start)
        if (
            sentence is None
            or self._words_before_cue(cue, sentence)
            or not between
            or between[-1].text not in (",", ":")
            or cue.role == "source_first"
        ):
            return None
        if len(between) == 1:
            return (cue.span, None, None) if cue.span.text.lower().endswith("ing") else None
        mention = self.forward_np(between[:-1])
        if mention is None or not self._names_speaker(mention):
            return None
        if mention.end != between[-2].end and not _apposition_up_to_quote(between, mention):
            return None
        return (cue.span, mention, None)

    def _words_before_cue(self, cue: Cue, sentence: Span) -> list[Span]:
        """The sentence's words before the cue; none if only a conjunction: `But, said Roe,`."""
        lead = self.tokens_between(sentence.start, cue.span.start)
        if (
            lead
            and [t.text for t in lead][1:] in ([], [","])
            and lead[0].text.lower() in ("but", "and", "yet", "still")
        ):
            return []
        return lead

    def _lead_in_gap(self, cue: Cue, between: list[Span]) -> bool:
        """`told WEEI: "..."`, `said in a statement, "..."`, `declared Tuesday: "..."`: a hearer
        or a circumstance between the cue and the colon or comma that opens the quote."""
        if not between or between[-1].text not in (",", ":") or len(between) > 12:
            return False
        words_ = [t for t in between[:-1] if WORD.match(t.text)]
        if not words_ or any(t.text in ".;!?" for t in between):
            return False
        first = words_[0].text.lower()
        if between[0].text == "," and (first in self.adverbs or first.endswith("ing")):
            # `joked, again using a Southern accent, "..."`: how it was said, between commas
            return not self.starts_cue(words_[0].start)
        times = words("speakers", "time_words")
        if cue.lemma in ("tell", "ask", "assure", "advise", "implore", "answer", "thank"):
            return self._object_length(between) >= len(between) - 1 or _opens_circumstance(between)
        return first in times or first in TIME_MODIFIERS or _opens_circumstance(between)

    def signature_after(self, region: QuotedRegion):
        """A reader's letter signed on a line of its own: `"..."` then `― Dana Cole, Tucson`."""
        k = self._paragraph_index(region.open)
        para = self.paragraphs[k]
        if region.close is None or region.end < para.end - 1 or k + 1 >= len(self.paragraphs):
            return None
        nxt = self.paragraphs[k + 1]
        toks = self.tokens_between(nxt.start, nxt.end)
        if not toks or toks[0].text not in load("quotes")["credit_dashes"] or len(toks) > 10:
            return None
        name = self.forward_np(toks[1:])
        if name is None or not looks_like_name(name.text):
            return None
        return (Span.of(self.text, toks[0].start, toks[0].end), name, None)

    def colon_lead_in(self, region: QuotedRegion):
        """A paragraph ending `... said:` introduces the quote that opens the next paragraph."""
        para_index = self._paragraph_index(region.open)
        if para_index == 0 or region.open > self.paragraphs[para_index].start + 1:
            return None
        prev = self.paragraphs[para_index - 1]
        if not prev.text.rstrip().endswith(":"):
            return None
        colon = prev.end - 1
        cues = self.cues_in(max(prev.start, colon - 80), colon)
        sentence = sentence_at(self.sentences, colon) or prev
        opening = None
        if cues:
            after = self.tokens_between(cues[-1].span.end, colon + 1)
            opening = self._opens_sentence_with(cues[-1], after)
        if opening is not None:
            cue_span, mention, appos = opening
            if mention is None:
                return None
        elif cues:
            mention, appos = self.subject_of(cues[-1], sentence.start)
            cue_span = cues[-1].span
        else:
            mention, appos = self.backward_np(colon, sentence.start)
            cue_span = Span.of(self.text, colon, colon + 1)
        if mention is None:
            return None
        return (cue_span, mention, appos)

    def attribute_indirect(self, cue: Cue, sentence: Span) -> Attribution | None:
        if cue.role == "source_first":
            return self._according_to(cue, sentence)
        if cue.role == "quoted" and not self._has_region(sentence):
            return None  # a stance verb reports only a quotation, and there is none to report
        after = self.tokens_between(cue.span.end, sentence.end)
        if cue.lemma in words("reporting_verbs", "naming"):
            if self._alias(cue) or (after and after[0].text.lower() in _PARTICLES):
                return None  # `called off`, `called in to "This Week"`
            named = self._naming(cue, sentence, after)
            if named is not None:
                return named
        inverted = self._inverted_first(cue, sentence, after)
        if inverted is not None:
            return inverted
        mention, appos = self.subject_of(cue, sentence.start)
        if mention is None:
            # inverted: "..., a source said." / "..., said Mr. Smith."
            return self._inverted(cue, sentence, after)
        content_toks = self._content_after(cue, after)
        if self._reports_nothing_after(cue, sentence, after, content_toks):
            return self._inverted(cue, sentence, after, mention, appos)
        return self._reported_clause(cue, sentence, content_toks, mention, appos)

    def _reports_nothing_after(
        self, cue: Cue, sentence: Span, after: list[Span], content_toks: list[Span]
    ) -> bool:
        """What follows the cue is no statement: what it reports lies before it, if anywhere."""
        if (
            not content_toks
            or (_circumstance_only(content_toks) and not self._quotes_as(content_toks))
            # `..., an official said, adding that ...`: the next cue's content, not this one's
            or self._participle_next(content_toks)
        ):
            return True  # `..., the Post reported in 1991.`
        # a verb that reports only through `that` (or a colon, a comma, a quotation)
        return (
            cue.lemma in words("reporting_verbs", "that_only")
            and not (after and after[0].text.lower() in ("that", ":", ","))
            and not self._has_region(Span.of(self.text, cue.span.end, sentence.end))
        )

    def _reported_clause(
        self, cue: Cue, sentence: Span, content_toks: list[Span], mention: Span, appos
    ) -> Attribution | None:
        """The clause after the cue as what the speaker said, when the cue can report it."""
        infinitive_only = words("reporting_verbs", "infinitive_only")
        if cue.lemma in infinitive_only and not _infinitive(content_toks):
            return None
        start, end = content_toks[0].start, content_toks[-1].end
        content = Span.of(self.text, start, end)
        if len(WORD_RUN.findall(content.text)) < 2:
            return None
        kind = self._mixed_or_indirect(content)
        if kind == "indirect" and (cue.role == "quoted" or self._after_to(cue, sentence)):
            # a stance verb reports only the quotation in its own clause, and so does an
            # infinitive: `went on to call Cruz "the worst"`, not `declined to say whether`
            return None
        if kind == "indirect" and _puts_something_somewhere(cue, content_toks):
            return None  # `added another name to the list`: no words said
        if (
            cue.role == "quoted"
            and cue.lemma not in words("reporting_verbs", "naming")
            and all(_is_title(r.inner.text) for r in self.regions_opening_in(content))
        ):
            return None  # `cited "Fox News Sunday"` names a show; `cited "reckless" plans` quotes
        return Attribution(content, kind, cue.span, mention, appos)

    def _participle_next(self, toks: list[Span]) -> bool:
        """`adding that ...`, or `in Paris, noting ...` after a circumstance and its comma: a
        participle's cue opens what follows the verb, whose own content lies before it."""
        if toks[0].text.endswith("ing") and self.starts_cue(toks[0].start):
            return True
        if not _opens_circumstance(toks):
            return False
        comma = next((k for k, t in enumerate(toks[:8]) if t.text == ","), None)
        if (
            comma is None
            or comma + 1 >= len(toks)
            or self._has_region(Span(toks[0].start, toks[comma].start, ""))
        ):
            return False
        nxt = toks[comma + 1]
        return nxt.text.endswith("ing") and self.starts_cue(nxt.start)

    def _alias(self, cue: Cue) -> bool:
        """`the hacker known as "Guccifer"`: an alias, not words anyone said; but `what was
        known as "the Poorhouse of the Caribbean"`, `derisively known as` quote a label."""
        if cue.lemma != "know_as" or cue.span.text.lower() not in ("known as", "also known as"):
            return False
        before = self.token_before(cue.span.start, 0)
        return before is None or before.text.lower() not in ("was", "is", "were", "are", "been")

    def _after_to(self, cue: Cue, sentence: Span) -> bool:
        k = self._skip_modifiers(self._index_before(cue.span.start), sentence.start)
        return (
            k is not None
            and k >= 0
            and self.tokens[k].start >= sentence.start
            and self.tokens[k].text.lower() == "to"
        )

    def _quotes_as(self, toks: list[Span]) -> bool:
        """`described the plan as "reckless"`: an `as` phrase holding a quotation says what."""
        return toks[0].text.lower() == "as" and self._has_region(
            Span(toks[0].start, toks[-1].end, "")
        )

    def _naming(self, cue: Cue, sentence: Span, after: list[Span]) -> Attribution | None:
        """A name given without its giver before the verb: `was dubbed "the Trump of the East"
        by Joshua Hendrick`, `a website called "Cape Breton If Trump Wins"`, `an ad titled
        "Scam"`: the words up to the end of the quotation right after the verb, by whoever
        follows `by`."""
        mention, appos = self.subject_of(cue, sentence.start)
        if self._giver_names(cue, sentence, mention, appos) or self._alias(cue):
            return None
        return self._name_given(cue, sentence, after)

    def _giver_names(self, cue: Cue, sentence: Span, mention, appos) -> bool:
        """`He called Rubio "Little Marco"`: the giver speaks, as for any verb."""
        if mention is None or self._named_in_the_passive(cue, sentence, mention, appos):
            return False
        opener = self.token_before(mention.start, sentence.start)
        return (
            self._can_speak(mention)
            or opener is None
            or opener.text.lower() in (",", ";", "and", "but", "who", "that", "which")
        )

    def _named_in_the_passive(self, cue: Cue, sentence: Span, mention, appos) -> bool:
        """`was dubbed`, `a website, called "..."`: only `called`, `dubbed` name in the passive."""
        # `..., calling him "a fraud"` is active, and so is a perfect tense
        before = self.token_before(cue.span.start, sentence.start)
        if is_participle(cue.span.text) or self._perfect_before(cue, sentence):
            return False
        if before is None:
            return False
        low = before.text.lower()
        markers = words("reporting_verbs", "passive_markers")
        if low in markers or low in ("been", "be", "so", "self"):
            return True
        # `a website, called "..."`, `what is also called`; but after a speaker and its
        # apposition the verb is active: `Beruff, a Scott ally, called`
        return (
            low in ("-", ",", "often", "also")
            and not (mention is not None and appos is not None)
            and not (mention is not None and self._set_off_before(mention, before))
        )

    def _set_off_before(self, mention: Span, before: Span) -> bool:
        """A speaker a comma follows, right before the verb or before an aside between commas:
        `Beruff, called`, `Roe, hoping to win the state, called`, `Roe (R-Texas), also a
        candidate, called`."""
        if not self._can_speak(mention):
            return False
        if mention.end in (before.start, before.start - 1):
            return True
        k = bisect_left(self._token_starts, mention.end)
        if k < len(self.tokens) and self.tokens[k].text == "(":
            k = next(
                (
                    n + 1
                    for n in range(k, min(k + 8, len(self.tokens)))
                    if self.tokens[n].text == ")"
                ),
                k,
            )
        return (
            before.text == ","
            and k < len(self.tokens)
            and self.tokens[k].text == ","
            and self.tokens[k].start < before.start
        )

    def _perfect_before(self, cue: Cue, sentence: Span) -> bool:
        """`He has also called the senator "..."`: the verb in a perfect tense, so active."""
        k = self._index_before(cue.span.start)
        while k is not None and k > 0 and self.tokens[k].text.lower() in ("also", "often", "long"):
            k -= 1
        return (
            k is not None
            and self.tokens[k].start >= sentence.start
            and self.tokens[k].text.lower() in _PERFECT
        )

    def _name_given(self, cue: Cue, sentence: Span, after: list[Span]) -> Attribution | None:
        """The words up to the end of the quotation right after the verb, by who follows `by`."""
        near = [t for t in after[:8] if self.in_region(t.start)]
        if not near:
            return None
        region = self.in_region(near[0].start)
        if region is None or region.close is None or region.single:
            return None
        content = trim_span(self.text, cue.span.end, region.end)
        if content is None:
            return None
        rest = self.tokens_between(region.end, sentence.end)
        giver = None
        if rest and rest[0].text.lower() == "by":
            giver = self.forward_np(rest[1:])
        kind = "mixed" if content.start < region.open else "direct"
        return Attribution(content, kind, cue.span, giver)

    def _content_after(self, cue: Cue, after: list[Span]) -> list[Span]:
        """What a cue reports: the words after it, past how, to whom, when and where it was said."""
        toks = _past_time_words(self._past_manner_and_hearer(cue, list(after)))
        toks = self._past_circumstance(toks)
        if toks and toks[0].text.lower() in ("that", ":", ","):
            toks = toks[1:]
        if self._cue_in_relative_clause(cue) or self._cue_in_opening_phrase(cue):
            # `Recalling that moment, Roe said ...`: the phrase ends at its comma
            toks = list(takewhile(lambda t: t.text != ",", toks))
        return self._trimmed_clause(toks)

    def _cue_in_opening_phrase(self, cue: Cue) -> bool:
        sentence = sentence_at(self.sentences, cue.span.start)
        return sentence is not None and self.opens_participle_phrase(cue, sentence.start)

    def _past_manner_and_hearer(self, cue: Cue, toks: list[Span]) -> list[Span]:
        """`warned darkly that ...`, `told reporters that ...`: how it was said, then to whom."""
        if len(toks) > 1 and is_ly_adverb(toks[0].text) and toks[1].text.lower() in ("that", ":"):
            toks = toks[1:]
        if cue.lemma in ("tell", "ask", "assure", "advise", "implore") and toks:
            that = next((k for k, t in enumerate(toks[:8]) if t.text.lower() == "that"), None)
            toks = toks[that + 1 :] if that is not None else toks[self._object_length(toks) :]
        return toks

    def _past_circumstance(self, toks: list[Span]) -> list[Span]:
        """`said in an interview on Friday that ...`: the clause from the `that` on."""
        if toks and _opens_circumstance(toks):
            that = next((k for k, t in enumerate(toks[:10]) if t.text.lower() == "that"), None)
            if that is not None and not self.in_region(toks[that].start):
                return toks[that:]
        return toks

    def _cue_in_relative_clause(self, cue: Cue) -> bool:
        """`who said ...`, `Roe, who questioned ...`: the clause ends at the next comma."""
        relative = self.token_before(cue.span.start, 0)
        return (
            relative is not None and relative.text.lower() in ("who", "that", "which")
        ) or self._in_relative_aside(cue)

    def _trimmed_clause(self, toks: list[Span]) -> list[Span]:
        """The tokens less the punctuation at their edges (a closing quotation mark stays)."""
        out = list(toks)
        while out and not WORD.match(out[-1].text) and not self.in_region(out[-1].start):
            out.pop()
        while out and out[0].text in ",:;-—":
            out.pop(0)
        return out

    def _in_relative_aside(self, cue: Cue) -> bool:
        """`Roe, who previously questioned whether ...`, `the plan, which some have argued
        ...`: the cue lies in a relative clause that a comma opened."""
        sentence = sentence_at(self.sentences, cue.span.start)
        floor = sentence.start if sentence else 0
        k = self._index_before(cue.span.start)
        steps = 0
        while k is not None and k > 0 and self.tokens[k].start >= floor and steps < 6:
            low = self.tokens[k].text.lower()
            if low in ",;:" or self.in_region(self.tokens[k].start):
                return False
            if low in ("who", "which") and self.tokens[k - 1].text == ",":
                return True
            k -= 1
            steps += 1
        return False

    def _object_length(self, toks: list[Span]) -> int:
        """Words of the object of `told`/`asked`: a pronoun, a name, or `a Washington audience`."""
        if not toks:
            return 0
        first = toks[0].text.lower()
        if first in OBJECT_PRONOUNS or first in ("reporters", "journalists"):
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
                "to",  # `asked the board to act`: the infinitive is what was asked
            ) or not WORD.match(toks[k].text):
                break
            k += 1
        return k

    def _inverted_first(self, cue: Cue, sentence: Span, after: list[Span]) -> Attribution | None:
        """`CLAUSE, said Alan Roe, a demographer.`: a finite verb after a comma, then a speaker
        phrase that runs to a comma or the end, is inverted whatever verbs the clause holds."""
        if (
            cue.role != "clause"
            or cue.lemma == "tell"  # `..., Roe told the Post`: the phrase after is the hearer
            or self._comma_before(cue.span.start, sentence.start) is None
            or cue.span.text.lower().endswith("ing")
            or not after
        ):
            return None
        att = self._inverted(cue, sentence, after)
        if att is None or att.mention is None or not self._ends_inverted(att.mention, sentence):
            return None
        return att

    def _ends_inverted(self, mention: Span, sentence: Span) -> bool:
        """`said Alan Roe, a demographer.`: a speaker phrase running to a comma or the end."""
        if not self._names_speaker(mention):
            return False
        nxt = self._first_token_from(mention.end)
        follower = nxt.text.lower() if nxt is not None and nxt.start < sentence.end else "."
        return follower in (",", ".", "who", "(", ";", "!", "?")

    def _inverted(self, cue: Cue, sentence: Span, after: list[Span], mention=None, appos=None):
        """`CLAUSE, X said.` or `CLAUSE, said X.`: the clause before the comma is the content."""
        # `CLAUSE, said X` / `a "raw time," said X`: the comma before the verb
        offset = mention.start if mention is not None else cue.span.start
        comma = self._comma_before(offset, sentence.start)
        if comma is None:
            return None
        if mention is None:
            mention = self._speaker_after_inverted_verb(cue, sentence, after)
            if mention is None:
                return None
        content = trim_span(self.text, sentence.start, comma)
        if content is None or len(WORD_RUN.findall(content.text)) < 3:
            return None
        if _circumstance_only(self.tokens_between(content.start, content.end)):
            return None  # `In two other instances, Clinton had asked ...`
        if cue.role == "quoted" and not self._has_region(content):
            return None  # `A year later, he echoed.`: a stance verb reports only a quotation
        return Attribution(content, self._mixed_or_indirect(content), cue.span, mention, appos)

    def _speaker_after_inverted_verb(
        self, cue: Cue, sentence: Span, after: list[Span]
    ) -> Span | None:
        """`CLAUSE, said X.`: the speaker phrase after the verb, when it names one."""
        rest = [t for t in after if t.text not in ".!?"]
        mention = self.forward_np(rest)
        if mention is None or _opens_circumstance(rest):
            return None  # `..., said in a follow-up interview`: no speaker after the verb
        if any(t.text.lower() in self.boundaries for t in rest[: len(mention.text.split())]):
            return None
        if self._before_auxiliary(mention):
            return None  # `..., however, say it would keep`: a clause, not `say Ms. Roe`
        prev = self.token_before(cue.span.start, sentence.start)
        if prev is not None and prev.text != "," and not self._ends_inverted(mention, sentence):
            # after a quoted phrase and its comma, only `said Jeffery Hemsley, ...` is
            # inverted: `Washington, star of "Scandal," thanked Obama` is a subject
            return None
        return mention

    def _mixed_or_indirect(self, content: Span) -> str:
        """Reported speech holding a quotation is mixed, else indirect."""
        return "mixed" if self._has_region(content) else "indirect"

    def _comma_before(self, offset: int, floor: int) -> int | None:
        """Where the clause before `offset` ends: at its comma, or after a closing mark that
        follows a comma (`a “burn bag,” the Times reported`)."""
        prev = self.token_before(offset, floor)
        if prev is None:
            return None
        if prev.text == ",":
            return prev.start
        region = self.in_region(prev.start)
        if region is not None and prev.end == region.end and self._closes_with_comma(region):
            return region.end
        return None

    def name_colon(self, sentence: Span) -> Attribution | None:
        """`Insiders: Trump will rebound in New Hampshire.`: a name, a colon, what they said."""
        if self.text.find(":", sentence.start, sentence.end) < 0:
            return None  # (most sentences: no colon to look for among the first words)
        toks = self.tokens_between(sentence.start, sentence.end)[:7]
        colon = next((k for k, t in enumerate(toks) if t.text == ":"), None)
        if not colon or self.in_region(toks[colon].start):
            return None
        mention = self._name_before_colon(toks[:colon])
        if mention is None:
            return None
        content = trim_span(self.text, toks[colon].end, sentence.end)
        if content is None or not _says_something(content):
            return None
        return Attribution(content, self._mixed_or_indirect(content), toks[colon], mention)

    def _name_before_colon(self, head: list[Span]) -> Span | None:
        """Up to four capitalized words that name a speaker, not a label (`PREVIOUSLY:`)."""
        small = words("quotes", "title_small_words")
        if not all(t.text[:1].isupper() or t.text in small or t.text in "'’s" for t in head):
            return None
        mention = Span.of(self.text, head[0].start, head[-1].end)
        labels = words("quotes", "colon_labels")
        if (
            len(head) > 4
            or mention.text.lower() in labels
            or any(t.text.lower() in labels or t.text.lower() in DETERMINERS for t in head)
            or WORD.match(head[0].text) is None
            or (
                any(t.text.isupper() and len(t.text) > 3 for t in head)  # `PREVIOUSLY:`
                and not self._transcript_speaker(head)
            )
        ):
            return None
        return mention

    def _transcript_speaker(self, head: list[Span]) -> bool:
        """`TAPPER: And obviously, ...`: a name in capitals opening a paragraph of a transcript:
        a person the text names in full (`Jake Tapper`, `Hillary Clinton`, whatever places bear
        the name); else no place (`BEIJING:`), and one the text names in ordinary letters too,
        or where two paragraphs or more open so (`JAKE TAPPER:`, `FALLIN:`)."""
        para = self.paragraphs[self._paragraph_index(head[0].start)]
        if head[0].start != para.start or not all(t.text.isupper() for t in head):
            return False
        last = re.escape(head[-1].text.capitalize())
        openers = words("speakers", "clause_words") | DETERMINERS
        if any(
            m.group(1).lower() not in openers
            for m in re.finditer(rf"\b([A-Z][a-z]+) {last}\b", self.text)
        ):
            return True  # `Hillary Clinton`, not `In Beijing`
        if " ".join(t.text.capitalize() for t in head) in gazetteer().names:
            return False
        return self._turns_of_transcript >= 2 or re.search(rf"\b{last}\b", self.text) is not None

    def _according_to(self, cue: Cue, sentence: Span) -> Attribution | None:
        after = [t for t in self.tokens_between(cue.span.end, sentence.end)]
        mention = self.forward_np(after)
        if mention is None:
            return None
        before = trim_span(self.text, sentence.start, cue.span.start)
        if cue.span.start - sentence.start <= 2 or (before is not None and _left_open(before)):
            # `According to X, CLAUSE`; `The AP reported that, according to X, CLAUSE`: the
            # words before the phrase open a clause that goes on after it
            comma = next((t for t in after if t.start >= mention.end and t.text == ","), None)
            content = trim_span(self.text, comma.end, sentence.end) if comma else None
        else:
            content = before
        if content is None or len(WORD_RUN.findall(content.text)) < 3:
            return None
        kind = self._mixed_or_indirect(content)
        return Attribution(content, kind, cue.span, mention)


class _Taken:
    """What is attributed already, for the reported speech of one sentence: the extents of the
    direct quotes (sorted once, with the furthest end reached so far), and the clauses taken in
    this sentence. A clause lies inside its sentence, so those of earlier sentences can neither
    overlap one of this sentence nor begin inside it."""

    def __init__(self, extents: list[Span]) -> None:
        extents = sorted(extents, key=lambda e: e.start)
        self._starts = [e.start for e in extents]
        self._reach = list(accumulate((e.end for e in extents), max))
        self.clauses: list[Span] = []

    def overlaps(self, span: Span) -> bool:
        before_end = bisect_left(self._starts, span.end)  # the extents starting before it ends
        if before_end and self._reach[before_end - 1] > span.start:
            return True
        return any(span.overlaps(c) for c in self.clauses)

    def starts_in(self, sentence: Span) -> set[int]:
        """Where taken spans begin within `sentence`: where a reported clause there must end."""
        lo = bisect_left(self._starts, sentence.start)
        return set(self._starts[lo : bisect_right(self._starts, sentence.end)]) | {
            c.start for c in self.clauses
        }


# what ends a line of running text, not a headline: sentence punctuation, a closing mark, a colon
HEADLINE_ENDS = frozenset(".!?:;\"'”’»)…")


def _direct(region: QuotedRegion, found_before, found: list[Attribution]) -> Attribution | None:
    """A direct quote with its cue and speaker phrase; `Adding, "..."` names no speaker, and goes
    on from the quote before it."""
    cue, mention, appos = found_before
    if mention is None:
        if not found:
            return None
        return Attribution(region.inner, "direct", cue, None, continues_previous=True)
    return Attribution(region.inner, "direct", cue, mention, appos)


def _less_beliefs_reported(found: list[Attribution]) -> list[Attribution]:
    """`X told Y that he believed Z`: the belief is part of what X said, not a statement."""
    opens = {a.content.start for a in found}
    return [a for a in found if a.mention is None or a.mention.start not in opens]


def _less_cues_in_inverted_content(found: list[Attribution]) -> list[Attribution]:
    """A cue inside the clause an inverted attribution reports is part of that clause."""
    # `Cruz, who has argued cases, will do well, Blackwell maintains`: all before the comma is
    # Blackwell's, the cue inside it too
    inverted = [a.content for a in found if a.cue and a.content.end <= a.cue.start]
    return [a for a in found if not any(a.cue and c.contains(a.cue) for c in inverted)]


def _between(quoted: list[int], outer: Attribution, inner: Attribution) -> bool:
    """An attributed quotation begins in `outer`'s content, before `inner` does."""
    k = bisect_left(quoted, outer.content.start)
    return k < len(quoted) and quoted[k] < inner.content.start


def _past_time_words(toks: list[Span]) -> list[Span]:
    """`said Wednesday that ...`, `said on Tuesday he ...`: past the last time word."""
    times = words("speakers", "time_words")
    k = last_time = 0
    while k < len(toks) and k < 4 and toks[k].text.lower() in TIME_MODIFIERS | times:
        k += 1
        if toks[k - 1].text.lower() in times:
            last_time = k
    return toks[last_time:]


def _apposition_up_to_quote(between: list[Span], mention: Span) -> bool:
    """`Said Dora Penn, who grew up with him, "..."`: a name, then its apposition to the quote."""
    k = next(n for n, t in enumerate(between) if t.start >= mention.end)
    return (
        between[k].text == ","
        and k + 1 < len(between) - 1
        and between[k + 1].text.lower() in words("speakers", "apposition_starts")
        and between[-1].text == ","
    )


def _earlier_cue_set_apart(earlier: Cue, toks: list[Span]) -> bool:
    """The earlier cue reports nothing after it: a parenthesis, or a clause a comma closes."""
    after = [t for t in toks if t.start >= earlier.span.end]
    if after and after[0].text == ",":
        return True  # `Over the years, she said, email ...`: a parenthesis
    # `When Trump suggested that ..., Rubio fired back: "..."`
    opener = toks[0].text.lower() if toks else ""
    return opener in _SUBORDINATORS and any(t.text == "," for t in after)


def _puts_something_somewhere(cue: Cue, toks: list[Span]) -> bool:
    """A verb that also means putting (`placing` in the lexicon) before a noun phrase, then `to`
    and where it goes, no verb between: `added another facet to his job`, `adds a new element
    to the mix`; not `added the plan to cut taxes would fail`."""
    if cue.lemma not in words("reporting_verbs", "placing") or not toks:
        return False
    if toks[0].text.lower() not in DETERMINERS | _NOUN_PHRASE_OPENERS:
        return False
    for k, tok in enumerate(toks[1:10], start=1):
        low = tok.text.lower()
        if low in AUXILIARIES or low == "that":
            return False
        if low == "to":
            nxt = toks[k + 1].text.lower() if k + 1 < len(toks) else ""
            return nxt in DETERMINERS | _NOUN_PHRASE_OPENERS
    return False


def _first_cue_past_asides(cues: list[Cue], toks: list[Span]) -> Cue:
    """The first cue no relative aside holds: `"...," Roe, who has proposed a ban, said`."""
    for cue in cues:
        aside = False
        for k, tok in enumerate(toks):
            if tok.start >= cue.span.start:
                break
            if tok.text == "," and aside:
                aside = False
            elif tok.text == "," and k + 1 < len(toks):
                aside = toks[k + 1].text.lower() in RELATIVE_PRONOUNS
        if not aside:
            return cue
    return cues[0]


def _opens_apposition(word: str) -> bool:
    """`a retired nurse`, `who works in Fresno`, `wearing a cowboy hat`: what opens a phrase
    about the speaker between commas."""
    low = word.lower()
    return low in words("speakers", "apposition_starts") or (
        word.islower() and len(low) > 4 and low.endswith("ing")
    )


def _left_open(words_before: Span) -> bool:
    """The words end with a conjunction that opens a clause: `..., said that`, `... after`."""
    last = WORD_RUN.findall(words_before.text.lower())[-1:]
    return bool(last) and last[0] in _CLAUSE_OPENERS


def _says_something(content: Span) -> bool:
    """A statement, not a list of names: `Iowa: Tim Albrecht, Brad Anderson, ...`."""
    found = WORD_RUN.findall(content.text)
    return len([w for w in found if w.islower()]) >= 2 and len(found) >= 3


def _abbreviation_period(toks: list[Span], k: int) -> bool:
    """The period of `D-Ore.,` or `Mass.,`: written against its word and followed by a comma,
    it shortens the word and ends no sentence."""
    return (
        toks[k].text == "."
        and 0 < k < len(toks) - 1
        and toks[k - 1].end == toks[k].start
        and toks[k + 1].text in (",", ")")  # `(D-Ore.) said`
    )


def _extent(att: Attribution) -> Span:
    """From the first to the last character of an attribution's parts."""
    parts = [p for p in (att.content, att.cue, att.mention) if p is not None]
    start, end = min(p.start for p in parts), max(p.end for p in parts)
    return Span(start, end, "")


def _circumstance_only(toks: list[Span]) -> bool:
    """A short phrase opening with a preposition (`in 1991`, `In two other instances`) says
    when or where, not what."""
    if not toks or not _opens_circumstance(toks):
        return False
    if len(toks) <= 8:
        return True
    # `at the debate, which was held in Salem`: a place and what is said of it, still no statement
    comma = next((k for k, t in enumerate(toks[:8]) if t.text == ","), None)
    return (
        comma is not None
        and comma + 1 < len(toks)
        and toks[comma + 1].text.lower() in ("which", "where")
        # `in the counties, which include X, voters have ...`: a clause goes on after it
        and all(t.text != "," for t in toks[comma + 1 :])
    )


def _opens_circumstance(toks: list[Span]) -> bool:
    """A preposition or a manner adverb: `in an interview`, `to a crowd`, `pleasantly`; not the
    `to` of an infinitive (`pledged to act`)."""
    low = toks[0].text.lower()
    if low in ("this", "that") and len(toks) > 1 and toks[1].text.lower() in AUXILIARIES:
        return False  # `This is a "raw time," said ...`: a subject, not `this week`
    if low == "to":
        after = toks[1].text if len(toks) > 1 else ""
        return after.lower() in DETERMINERS or after[:1].isupper() or after.isdigit()
    return low in LEADING_WORDS or low in LEADING_TRIM or low in _PREPOSITIONS or is_ly_adverb(low)


# Words opening a sentence with a clause that a comma closes before the main one
_SUBORDINATORS = frozenset(
    {"when", "after", "before", "as", "while", "if", "although", "though", "asked", "because",
     "since", "once", "until", "whether"}
)  # fmt: skip
# Words opening a subordinate clause that a comma closes before the main clause begins
_OPENING_SUBORDINATORS = frozenset(
    {"while", "whereas", "although", "though", "where", "when", "after", "before", "once",
     "since", "because", "if", "as", "until", "unless"}
)  # fmt: skip
# First words of a phrase opening a sentence before its subject: `During his campaign, ...`
_OPENING_PHRASES = frozenset({"during", "despite", "like", "asked", "unlike", "amid", "having"})
_PERFECT = frozenset({"has", "have", "had", "'ve", "’ve"})
_CLAUSE_CONJUNCTIONS = frozenset(
    {"and", "but", "while", "whereas", "or", "yet", "until", "because", "unless", "since", "when"}
)
_PREPOSITIONS = frozenset({"into", "during", "via", "outside", "inside", "near", "under"})
# what opens the circumstance of a saying right after its verb: `said about`, `asked as`
_CIRCUMSTANCE_OPENERS = frozenset({"about", "of", "to", "as", "while", "when", "after", "before"})
_PARTICLES = frozenset({"off", "in", "on", "up", "for", "out", "into", "back", "at", "upon"})
# Conjunctions after which a clause must follow: `reported that`, `... after`, `because`
_CLAUSE_OPENERS = frozenset(
    {"that", "after", "because", "while", "since", "if", "when", "although", "though", "before",
     "until", "whether", "unless"}
)  # fmt: skip
# Words opening a noun phrase, with the DETERMINERS: `another facet`, `its own`, `more money`
_NOUN_PHRASE_OPENERS = frozenset({"another", "its", "our", "my", "your", "more", "some", "new"})


def _infinitive(toks: list[Span]) -> bool:
    """`to comment`, not `to $281 million` or `to 4 percent`."""
    return len(toks) > 1 and toks[0].text.lower() == "to" and toks[1].text[:1].islower()


def _is_title(text: str) -> bool:
    """Two or more words, each capitalized but for small ones, and no sentence punctuation."""
    parts = WORD_RUN.findall(text)
    if len(parts) < 2 or SENTENCE_PUNCT.search(text) or len(parts) > 8:
        return False
    if text.isupper():
        return False  # `"GROWING PARTY," he declared`: shouted words, not a name
    small = words("quotes", "title_small_words")
    return parts[0][:1].isupper() and all(p[:1].isupper() or p in small for p in parts)
