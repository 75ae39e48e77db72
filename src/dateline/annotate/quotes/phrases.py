"""Speaker phrases: the words naming who speaks through a cue, wherever they stand in the
sentence (before it, after it, as an apposition, or as the subject of the clause)."""

from __future__ import annotations

import re
from bisect import bisect_left

from dateline.annotate.lexicons import words, words_of
from dateline.annotate.quotes.reader import (
    AUXILIARIES,
    CONJUNCTIONS,
    DANGLING,
    DETERMINERS,
    LEADING_TRIM,
    LEADING_WORDS,
    NAME_TOKEN,
    PARTY_TAG,
    TIME_MODIFIERS,
    WORD,
    Cue,
    QuoteReader,
    is_ly_adverb,
    looks_like_name,
)
from dateline.model import Span

# The words opening a relative clause whose verb reports: `critics who say`, `a report that found`
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
REFLEXIVES = ("himself", "herself", "themselves", "itself")  # `Roe, herself a lawyer, ...`
# Words that do not end a noun phrase: `a story about`, `his`, `like`, `than`
_NOT_A_HEAD = frozenset(
    {"about", "as", "than", "like", "into", "over", "amid", "among", "against", "toward",
     "towards", "through", "his", "her", "its", "their", "our", "my", "your", "this", "these",
     "those", "very", "not", "no"}
)  # fmt: skip
_PARENTHETICAL_ADVERBS = frozenset(
    {"however", "meanwhile", "too", "though", "instead", "moreover", "nonetheless", "again"}
)
_CLAUSE_OPENERS = frozenset({"when", "after", "because", "since", "although", "though", "until"})
_GERUND_PREPOSITIONS = frozenset({"upon", "by", "after", "before", "without", "while", "on"})
_PROGRESSIVE = frozenset({"is", "are", "was", "were", "am", "’s", "'s", "been"})
_BE = frozenset({"be", "been", "being"})
# Words right before a participle in a phrase opening the sentence: `Having said`, `After
# saying`, `Besides attacking`; the participle hangs on the main clause
_OPENING_WORDS = _GERUND_PREPOSITIONS | {"having", "besides", "despite", "since", "when"}
_OWNERS = frozenset({"his", "her", "its", "their", "my", "our"})
# Prepositions that take a noun, never a verb (`to` does: `to say`)
_NOUN_PREPOSITIONS = frozenset({"of", "for", "about", "over", "with", "against", "amid", "despite"})
_POSSESSIVE_END = re.compile(r"\w(?:['’]s|s['’])$")
_FLOATING = frozenset({"both", "all", "each"})  # `they have both said`: no subject of its own
_EVIDENCE_LEMMAS = frozenset({"show", "find", "indicate", "reveal", "suggest", "estimate"})
_DASHES = frozenset({"—", "–", "-", "--"})
# Lower-case words after a name that are not its verb: `Ann Roe of`, `Ann Roe as`, `Weeks ago`
_NOT_A_VERB_AFTER_NAME = DANGLING | _NOT_A_HEAD | LEADING_WORDS | {"ago"}
# Prepositions whose object, right before a verb, is not its subject: `in the past said`
_PP_OPENERS = frozenset({"in", "during"})
# Words opening a clause that are not a speaker's name: `Some have`, `Most say`
_QUANTIFIERS = frozenset(
    {"some", "many", "most", "few", "several", "all", "both", "others", "each", "none", "one"}
)
_PLACE_PREPOSITIONS = frozenset({"from", "in", "at", "near", "outside"})
_PREPOSITION_FIRST = frozenset({"as", "than", "like", "into", "over", "amid", "among", "against"})
# prepositions that open no noun phrase naming a speaker, whatever their case
_NO_SUBJECT_OPENERS = frozenset(
    {"within", "besides", "alongside", "through", "despite", "during", "without", "upon",
     "toward", "towards", "via", "throughout", "beyond", "unlike"}
)  # fmt: skip
_SENTENCE_ADVERBS = frozenset(
    {"then", "now", "here", "there", "thus", "also", "again", "soon", "once", "twice"}
)
# Particles and prepositions after a verb opening a would-be phrase: `played up his record`
_AFTER_VERB = frozenset({"up", "out", "off", "down", "back", "on", "in", "from", "about", "to"})


def _speaker_nouns() -> frozenset[str]:
    """Head nouns of a phrase that may speak: people, groups, bodies, documents."""
    return words_of(
        "speakers", "person_nouns", "group_nouns", "organization_nouns", "document_nouns"
    )


class PhraseFinder(QuoteReader):
    """Finds the noun phrases that name speakers."""

    def subject_of(self, cue: Cue, floor: int) -> tuple[Span | None, Span | None]:
        """Who speaks through `cue`: the phrase before it, the antecedent of `who`/`that`, or
        the subject of the clause when it is left out ("..., but said ..."); in a relative
        clause, its `who` unless a subject of its own stands before the verb."""
        if cue.role == "source_first":
            after = [t for t in self.tokens_between(cue.span.end, self.sentence_end(cue))]
            return self.forward_np(after), None
        mention, appos = self._subject_of(cue, floor)
        if mention is None:
            return None, None
        rel = self._relative_subject(cue, mention, floor)
        return (rel, None) if rel is not None else (mention, appos)

    def _subject_after_opening(self, cue: Cue, floor: int) -> Span | None:
        """`Having announced ..., Judge Roe proceeded`, `One month after announcing ..., Roe
        still believes`: a participle in the phrase opening the sentence hangs on the main
        clause after the comma closing that phrase; its subject speaks."""
        if not self.opens_participle_phrase(cue, floor):
            return None
        k = bisect_left(self._token_starts, cue.span.start)
        end = self.sentence_end(cue)
        comma = next(
            (
                t
                for t in self.tokens[k : bisect_left(self._token_starts, end)]
                if t.text == "," and not self.in_region(t.start)
            ),
            None,
        )
        return self.sentence_subject(comma.end, end) if comma is not None else None

    def opens_participle_phrase(self, cue: Cue, floor: int) -> bool:
        """The cue is a participle in a phrase opening the sentence at `floor`: `Having said`,
        `After announcing`, `Recalling the day`; not `In her statement condemning`, whose
        participle has a subject of its own."""
        opening = self.tokens_between(floor, cue.span.start)
        having = bool(opening) and opening[-1].text.lower() == "having"
        if not (is_participle(cue.span.text) or having):
            return False
        if any(t.text in ",;:—–" or self.in_region(t.start) for t in opening):
            return False
        return not opening or self._opens_with_phrase(opening)

    def _opens_with_phrase(self, opening: list[Span]) -> bool:
        """The words before a participle open a phrase, not a clause: `After`, `Having`, `Just
        before`, `One month after`; not `Roe has gone further by`."""
        last = opening[-1].text.lower()
        if last not in _OPENING_WORDS:
            return False
        if len(opening) == 1:
            return True
        return (
            last in ("after", "before")
            and len(opening) <= 4
            and not any(t.text in AUXILIARIES for t in opening)
        )

    def _owner_of_noun_cue(self, cue: Cue, floor: int) -> Span | None:
        """`her remark that`, `Pence's call for`, `their repeated calls for`: a cue after a
        possessive, a modifier at most between, is a noun; its owner speaks."""
        low = cue.span.text.lower()
        if (
            is_participle(low) and low not in words("reporting_verbs", "noun_forms")
        ) or low in words("speakers", "document_nouns"):
            return None  # `her endorsing` (but `his warning`), `the inspector general's report`
        k = bisect_left(self._token_starts, cue.span.start) - 1
        if k >= 1 and self._is_noun_modifier(self.tokens[k].text):
            k -= 1  # `her March comment`, `his repeated claims`
        if k < 0 or self.tokens[k].start < floor or self.in_region(self.tokens[k].start):
            return None
        word = self.tokens[k].text
        if word.lower() in _OWNERS:
            # `he reiterated his claim`: the subject of the verb the noun is the object of
            verb = self._verb_before_owner(k, floor)
            subject = self._subject_of(verb, floor)[0] if verb is not None else None
            if subject is not None and _agrees(word.lower(), subject.text):
                return subject
            return self.tokens[k]
        if _POSSESSIVE_END.search(word) and WORD.match(word):
            return self._owner_phrase(k, floor)  # `Mr. Obama's calls`
        return None

    def _verb_before_owner(self, k: int, floor: int) -> Cue | None:
        """The verb before the possessive at token k, a particle at most between: a reporting
        verb (`to defend his praise`) or a past tense (`expanded upon his calls`)."""
        j = k - 1
        if j > 0 and self.tokens[j].text.lower() in _AFTER_VERB | {"upon"}:
            j -= 1
        if j < 0 or self.tokens[j].start < floor:
            return None
        word = self.tokens[j].text
        if not (word.isalpha() and word.islower()):
            return None
        if self._is_cue_token(j) or (word.endswith("ed") and not self._follows_to(j)):
            return Cue(self.tokens[j], self.cue_lemma(j) or word, "object")
        return None

    def _follows_to(self, j: int) -> bool:
        return j > 0 and self.tokens[j - 1].text.lower() == "to"

    def _owner_phrase(self, k: int, floor: int) -> Span:
        """The possessive phrase ending at token k: the name run (`Mr. Obama's`), or the noun
        and its determiner (`the businessman's`)."""
        j = k
        if self.tokens[k].text[:1].isupper():
            while (
                j > 0
                and self.tokens[j - 1].start >= floor
                and NAME_TOKEN.match(self.tokens[j - 1].text)
            ):
                j -= 1
        elif j > 0 and self.tokens[j - 1].text.lower() in DETERMINERS:
            j -= 1
        return Span.of(self.text, self.tokens[j].start, self.tokens[k].end)

    def _is_noun_modifier(self, word: str) -> bool:
        """A word between a possessive and its noun: `March`, `repeated`, `latest`."""
        low = word.lower()
        return (
            word.isalpha()
            and low not in words("speakers", "possessives")
            and not _POSSESSIVE_END.search(word)
            and (low in words("speakers", "time_words") or low.endswith("ed"))
        )

    def _relative_subject(self, cue: Cue, mention: Span | None, floor: int) -> Span | None:
        """The `who` (or `, which`) whose clause the cue's verb belongs to: the relative's first
        verb (`Roe, who has long argued`), one joined to it by `and`, or a participle with no
        auxiliary of its own (`who was distracted while saying`); None when the clause has a
        subject of its own (`which the board said`) or the verb is the main clause's (`those
        who met him said`)."""
        k = bisect_left(self._token_starts, cue.span.start)
        rel_k = self._relative_opening(k, floor)
        if rel_k is None:
            return None
        rel = self.tokens[rel_k]
        if mention is not None and mention.end > rel.start:
            # `which the board said`, `who doubted the polls showing`: a phrase of the clause
            if mention.start == rel.start or self._index_before(mention.start) == rel_k:
                return None
            if self._can_speak(mention):
                return None
        g = k
        while g - 1 > rel_k and self._in_verb_group(self.tokens[g - 1].text):
            g -= 1
        if cue.span.text.endswith("ed") and any(
            self.tokens[n].text.lower() in _PROGRESSIVE | _BE for n in range(g, k)
        ):
            return None  # `which is then denounced by Roe`: the passive's agent speaks
        if is_participle(cue.span.text) and g == k:
            return rel  # a participle hangs on the nearest verb, the relative's
        if g - 1 == rel_k:
            return rel
        # `Roe, who is by all accounts enjoying it and is saying`: a verb joined to the first
        joined = self.tokens[g - 1].text.lower() in ("and", "but")
        return rel if joined and rel_k > 0 and self.tokens[rel_k - 1].text == "," else None

    def _in_verb_group(self, word: str) -> bool:
        """An auxiliary, a negation or an adverb, standing before a verb: `has not yet said`."""
        low = word.lower()
        return low in AUXILIARIES or low in _BE or low in ("not", "never") or self._is_adverb(low)

    def _relative_opening(self, k: int, floor: int) -> int | None:
        """The index of the `who` (or `, which`) opening the clause token k stands in, with no
        comma, dash, parenthesis, sentence punctuation or quotation between them."""
        k -= 1
        while k >= 0 and self.tokens[k].start >= floor:
            t = self.tokens[k]
            if t.text in ",;:()" or t.text in _DASHES or self._ends_scan(k):
                return None
            low = t.text.lower()
            if low == "who" or (low == "which" and k > 0 and self.tokens[k - 1].text == ","):
                return k
            k -= 1
        return None

    def _subject_of(self, cue: Cue, floor: int) -> tuple[Span | None, Span | None]:
        owner = self._owner_of_noun_cue(cue, floor) or self._subject_after_opening(cue, floor)
        if owner is not None:
            return owner, None
        participle = is_participle(cue.span.text)
        before = self.token_before(cue.span.start, floor)
        if participle and before is not None:
            found = self._subject_across_word_before_participle(before, floor)
            if found is not None:
                return found
        mention, appos = self.backward_np(cue.span.start, floor)
        if mention is None:
            return self._subject_with_no_phrase_before(cue, floor)
        if participle:
            found = self._subject_of_participle_after_object(cue, mention, floor)
            if found is not None:
                return found
        return self._past_phrase(cue, mention, floor) or (mention, appos)

    def _subject_across_word_before_participle(
        self, before: Span, floor: int
    ) -> tuple[Span | None, Span | None] | None:
        """A participle's subject across an auxiliary, a gerund's preposition or a comma."""
        low = before.text.lower()
        if low in _PROGRESSIVE:
            # `Obama is defending his record`: the subject of the progressive's auxiliary
            mention, appos = self.backward_np(before.start, floor)
            return (mention, appos) if mention is not None else None
        if low in _GERUND_PREPOSITIONS:
            # `Roe drew boos upon saying ...`, `he began by saying`: the clause's subject
            subject = self._main_subject(floor, before.start)
            subject = subject or self._last_pronoun_subject(floor, before.start)
            return (subject, None) if subject is not None else None
        if before.text == ",":
            return self._subject_of_participle_after_comma(before.start, floor), None
        return None

    def _subject_of_participle_after_comma(self, comma: int, floor: int) -> Span | None:
        """A participle after a comma: the last cue's speaker, else the main clause's subject."""
        # `..., Spicer said, adding ...`: whoever spoke through the cue before the comma
        speaker = self._speaker_of_cue_before(comma, floor) or self._inverted_speaker_before(
            comma, floor
        )
        if speaker is not None:
            return speaker
        # `Fiorina was upfront about Trump, the front-runner, saying ...`: the participle hangs
        # on the main clause, whose subject speaks
        return self._main_subject(floor, comma) or self.clause_subject(comma, floor)

    def _subject_of_participle_after_object(
        self, cue: Cue, mention: Span, floor: int
    ) -> tuple[Span | None, Span | None] | None:
        """A participle after an object: the document's issuer, or the subject governing it."""
        issuer = self._issuer_of_document(cue, mention, floor)
        if issuer is not None:
            return issuer
        governor = self.token_before(mention.start, floor)
        if governor is not None and governor.text.lower() in _PLACE_PREPOSITIONS | {"to"}:
            # `Roe responded to the question on Facebook writing, ...`: the phrase is an
            # object; the participle hangs on the clause's subject
            subject = self._main_subject(floor, governor.start)
            if subject is not None:
                return subject, None
        return None

    def _subject_with_no_phrase_before(
        self, cue: Cue, floor: int
    ) -> tuple[Span | None, Span | None]:
        """A cue with no phrase before it: an infinitive's, a relative's or an elided subject."""
        k = self._skip_modifiers(self._index_before(cue.span.start), floor)
        if k is not None and k >= 0 and self.tokens[k].text.lower() == "to":
            return self._infinitive_subject(k, floor), None
        prev = (
            self.tokens[k] if k is not None and k >= 0 and self.tokens[k].start >= floor else None
        )
        if prev is None:
            return None, None
        if prev.text.lower() in RELATIVE_PRONOUNS:
            # `said Al Reyes, who argued`: the words attributing the statement are `who`; what
            # it stands for is its antecedent (`relative_antecedent`)
            antecedent, appos = self._relative_np(prev, floor)
            if antecedent is None:
                return None, None
            # `Roe released a video that says ...`: the document's issuer speaks through it
            issuer = self._issuer_of_document(cue, antecedent, floor)
            return issuer if issuer is not None and prev.text.lower() == "that" else (prev, appos)
        if is_participle(cue.span.text) or prev.text.lower() in ("but", "and", "while"):
            coordinated = prev.text.lower() in ("but", "and")
            return self.clause_subject(prev.start, floor, coordinated=coordinated), None
        if prev.text == ",":
            # `..., but said ...` has lost its subject; `..., said Mr. Roe, ...` is inverted
            return self.clause_subject(prev.start, floor, whole_sentence=False), None
        return None, None

    def _main_subject(self, floor: int, offset: int) -> Span | None:
        """The main clause's name or pronoun before a verb, else the sentence's subject."""
        return self.main_clause_subject(floor, offset) or self.sentence_subject(floor, offset)

    def _last_pronoun_subject(self, floor: int, offset: int) -> Span | None:
        """`When he returned he began by saying`: after a leading clause with no comma, the last
        subject pronoun before `offset` that a verb follows."""
        toks = [t for t in self.tokens_between(floor, offset) if not self.in_region(t.start)]
        for n in range(len(toks) - 2, -1, -1):
            low = toks[n].text.lower()
            if toks[n].text in ",;:—–":
                return None
            if low in SUBJECT_PRONOUNS and low != "it" and toks[n + 1].text.isalpha():
                return toks[n] if toks[n + 1].text.islower() else None
        return None

    def _issuer_of_document(
        self, cue: Cue, mention: Span, floor: int
    ) -> tuple[Span | None, Span | None] | None:
        """`Trump issued a statement Tuesday saying ...`, `X filed a lawsuit alleging ...`: a
        participle after a document that a verb's subject put out speaks for that subject."""
        if cue.lemma in _EVIDENCE_LEMMAS:
            return None  # `a survey showing ...`: the document itself is the source
        documents = words("speakers", "document_nouns")
        first = bisect_left(self._token_starts, mention.start)
        last = bisect_left(self._token_starts, cue.span.start) - 1
        d = next(
            (n for n in range(last, first - 1, -1) if self.tokens[n].text.lower() in documents),
            None,
        )
        if d is None or last - d > 4:
            return None  # `a lawsuit in 2013 alleging`: a short circumstance at most
        k = d - 1
        while k > 0 and d - k < 7 and self.tokens[k].text.lower() not in DETERMINERS:
            k -= 1
        if k <= 0 or self.tokens[k].text.lower() not in DETERMINERS:
            return None
        verb = self.tokens[k - 1]
        if verb.start < floor or not (
            verb.text.isalpha() and verb.text.islower() and verb.text.endswith(("ed", "ing"))
        ):
            return None
        moved = Cue(Span(verb.start, verb.end, ""), cue.lemma, "clause")
        found, appos = self.subject_of(moved, floor)
        return (found, appos) if found is not None else None

    def _past_phrase(
        self, cue: Cue, mention: Span, floor: int
    ) -> tuple[Span | None, Span | None] | None:
        """The subject behind the phrase right before the verb when that phrase is not one: the
        object of a preposition (`allies have in the past said`, `but in a later interview
        said`), or the verb phrase of a relative clause (`an official who spoke on condition of
        anonymity to discuss it said`)."""
        k = self._index_before(mention.start)
        if k is None or k < 0 or self.tokens[k].start < floor:
            return None
        opener = self.tokens[k].text.lower()
        if opener in ("to", "with"):
            found = self._speaker_of_participle_before(k, floor)
            if found is not None:
                return found
        if opener in _PP_OPENERS and mention.text[:1].islower():
            return self._subject_before_preposition(cue, mention, k, floor)
        if mention.text.lower() in _FLOATING:
            # `Roe and Lee have both argued`, `who has both endorsed`: the subject before it
            return self._subject_of_auxiliary(k + 1, floor)
        return self._subject_past_verb_phrase(mention, k, floor)

    def _subject_past_verb_phrase(
        self, mention: Span, k: int, floor: int
    ) -> tuple[Span | None, Span | None] | None:
        """The subject of a verb phrase taken for the phrase before the cue, the token k
        opening it: the verb phrase of a relative clause, one after an auxiliary, or one after
        `and` (`Roe cut his staff and placed ads calling`)."""
        opener = self.tokens[k].text.lower()
        first = mention.text.split()[0]
        if (
            first.islower()
            and first not in DETERMINERS | _QUANTIFIERS  # `who has both endorsed`
            and (opener == "to" or opener in AUXILIARIES | _BE)
        ):
            found = self._antecedent_of_relative_before(k, floor)
            if found is None and opener != "to" and self._names_nobody(mention):
                found = self._subject_of_auxiliary(k, floor)
            return found
        if (
            opener in ("and", "but")
            and first.endswith(("ing", "ed"))
            and first.isalpha()
            and self._names_nobody(mention)
        ):
            subject = self.clause_subject(self.tokens[k].start, floor, coordinated=True)
            return (subject, None) if subject is not None else None
        return None

    def _names_nobody(self, phrase: Span) -> bool:
        """No word of `phrase` is capitalized, and no head noun or pronoun ends it."""
        return phrase.text.islower() and not self._can_speak(phrase)

    def _subject_of_auxiliary(self, k: int, floor: int) -> tuple[Span | None, Span | None] | None:
        """`Roe was heard on a call telling`, `Roe can be seen asking`, `Roe has lately
        started asking`: the words between the auxiliary at token k and the cue are a verb
        phrase; the subject is the phrase before the auxiliaries."""
        while k > 0 and self.tokens[k - 1].text.lower() in AUXILIARIES | _BE:
            k -= 1
        before = self.token_before(self.tokens[k].start, floor)
        if before is not None and before.text.lower() in RELATIVE_PRONOUNS:
            return before, None  # `who has both endorsed`: the relative's own words
        found, appos = self.backward_np(self.tokens[k].start, floor)
        if found is None or not self._can_speak(found):
            return None
        return found, appos

    def _speaker_of_participle_before(
        self, k: int, floor: int
    ) -> tuple[Span | None, Span | None] | None:
        """`Another source speaking to Fox News said`: who speaks, not whom to."""
        participle = self.tokens[k - 1] if k > 0 else None
        if (
            participle is not None
            and participle.start >= floor
            and participle.text.islower()
            and participle.text.endswith("ing")
        ):
            found, appos = self.backward_np(participle.start, floor)
            if found is not None and self._can_speak(found):
                return found, appos
        return None

    def _subject_before_preposition(
        self, cue: Cue, mention: Span, k: int, floor: int
    ) -> tuple[Span | None, Span | None] | None:
        """`allies have in the past said`: the subject before the preposition at token k."""
        moved = Cue(Span(self.tokens[k].start, self.tokens[k].end, ""), cue.lemma, cue.role)
        found, appos = self.subject_of(moved, floor)
        if found is None:
            # `has in the past said`: the phrase before the auxiliary
            j = self._index_before(self.tokens[k].start)
            if j is not None and j > 0 and self.tokens[j].text in AUXILIARIES:
                found, appos = self.backward_np(self.tokens[j].start, floor)
        if found is None or (self._can_speak(mention) and not self._can_speak(found)):
            return None
        return found, appos

    def _antecedent_of_relative_before(
        self, k: int, floor: int
    ) -> tuple[Span | None, Span | None] | None:
        """`an official who spoke ... to discuss it said`: the antecedent of that `who`."""
        j = k
        while j > 0 and k - j < 12 and self.tokens[j].start >= floor:
            if self._ends_scan(j):
                return None
            if self.tokens[j].text.lower() == "who":
                antecedent, appos = self._relative_np(self.tokens[j], floor)
                if antecedent is None or not self._can_speak(antecedent):
                    return None
                return antecedent, appos
            j -= 1
        return None

    def noun_phrase(self, mention: Span, floor: int, cue: Span | None = None) -> Span | None:
        """`mention` when it is a noun phrase with a head (a name, a noun, a pronoun); the part of
        it before a verb (`Trump isn't` -> `Trump`, `she regretted her` -> `she`); else None: a
        verb phrase (`begun making`, `recalled the freeze`), a fragment (`a story about`), a
        sentence adverb (`Then`), a dateline (`DOVER, Del. -`)."""
        whole = self.tokens_between(mention.start, mention.end)
        if not whole:
            return None
        pronoun = self._pronoun_phrase(mention, whole, floor, cue)
        if pronoun is not None:
            return pronoun
        toks = self._before_verb(whole)
        if self._is_lone_adverb(toks):
            return None
        toks = self._before_comma_with_head(toks)
        if toks is None:
            return None
        if toks[0].text.lower() in _PREPOSITION_FIRST | _NO_SUBJECT_OPENERS:
            # `Within months of his defeat`, `Besides attacking`: no subject opens so; but
            # `During the long hearing Ms Horak`: the name after the phrase
            toks = self._name_after_opening_phrase(toks)
            if toks is None:
                return None
        if self._opens_with_verb(toks):
            return None
        if toks != whole:  # words were cut: the phrase is what is left
            mention = Span.of(self.text, toks[0].start, toks[-1].end)
        return None if self._opens_dateline(mention, floor, cue) else mention

    def _pronoun_phrase(
        self, mention: Span, toks: list[Span], floor: int, cue: Span | None
    ) -> Span | None:
        """A subject pronoun that is the phrase, closes it, or opens it before its verb."""
        first, last = toks[0].text.lower(), toks[-1].text.lower()
        if len(toks) == 1 and (
            first in SUBJECT_PRONOUNS
            or first in RELATIVE_PRONOUNS
            or (cue is not None and first in _OWNERS and mention.end < cue.start)
        ):
            return mention  # `he`, `who`, the `her` of `her remark`
        if last in SUBJECT_PRONOUNS and last != "it":
            return toks[-1]  # `Listing his ventures, she added`
        if (
            len(toks) > 1
            and first in SUBJECT_PRONOUNS
            and not self._is_bare_participle(cue, floor)
            and toks[1].text not in "'’-"
        ):
            return toks[0]  # `she regretted her`, `it doesn't`
        return None

    def _is_bare_participle(self, cue: Span | None, floor: int) -> bool:
        """`cue` is a participle that no comma sets off from the words before it."""
        return (
            cue is not None
            and is_participle(cue.text)
            and self.token_before(cue.start, floor) is not None
            and self.token_before(cue.start, floor).text != ","
        )

    def _before_verb(self, toks: list[Span]) -> list[Span]:
        """The words before an auxiliary, a negation or a past tense after a name."""
        # `Trump isn't`, `Trump doubled down on his`
        cut = next((n for n in range(1, len(toks)) if _opens_verb(toks, n)), None)
        return toks if cut is None else toks[:cut]

    def _is_lone_adverb(self, toks: list[Span]) -> bool:
        """One word leading into a clause, not naming: an adverb, a conjunction (`Then`)."""
        low = toks[0].text.lower()
        return len(toks) == 1 and (
            low in self.adverbs
            or low in LEADING_WORDS
            or low in CONJUNCTIONS
            or low in _SENTENCE_ADVERBS
        )

    def _before_comma_with_head(self, toks: list[Span]) -> list[Span] | None:
        """The words before the last comma, back to where they have a head; else None."""
        while not self._has_head(toks):
            # `the authors of the report, giving the example of`: the words before a comma
            commas = [n for n, t in enumerate(toks) if t.text == "," and n > 0]
            if not commas:
                return None
            toks = toks[: commas[-1]]
        return toks

    def _name_after_opening_phrase(self, toks: list[Span]) -> list[Span] | None:
        """`During the long hearing Ms Horak`: the name after a phrase no subject opens."""
        n = len(toks)
        while n > 1 and toks[n - 1].text[:1].isupper():
            n -= 1
        if n == len(toks) or n == 0 or not toks[n - 1].text.islower():
            return None
        return toks[n:]

    def _opens_with_verb(self, toks: list[Span]) -> bool:
        """A verb phrase, not a noun phrase: `begun making`, `recalled the freeze`."""
        lows = [t.text.lower() for t in toks[:2]]
        if not toks[0].text.islower() or lows[0] in DETERMINERS:
            return False
        return (
            lows[0] in self.adverbs
            or lows[0] in _PREPOSITION_FIRST
            or (
                len(toks) > 1
                and lows[0].endswith(("ed", "en", "un", "wn", "ing"))
                and lows[1].endswith("ing")  # `begun making`, `shown lecturing`
            )
            or (
                (
                    lows[0].endswith(("ed", "en", "un", "ing"))
                    or lows[0] in words("speakers", "verb_forms")
                    or self._is_cue_token(bisect_left(self._token_starts, toks[0].start))
                )
                and (len(toks) == 1 or lows[1] in DETERMINERS or lows[1] in _AFTER_VERB)
            )
        )

    def _opens_dateline(self, mention: Span, floor: int, cue: Span | None) -> bool:
        """`mention` is a dateline's place: `DOVER, Del. - ...`, `Springfield (AP) - ...`."""
        k = bisect_left(self._token_starts, mention.end)
        follower = self.tokens[k].text if k < len(self.tokens) else ""
        if follower == "(" and k + 2 < len(self.tokens) and self.tokens[k + 2].text == ")":
            tag = self.tokens[k + 1].text
            if tag.isupper() and tag.isalpha() and len(tag) > 1 and mention.start - floor < 40:
                return True
        if follower in ("-", "–", "—") and not self._dash_closes_later(k, cue):
            head = self.tokens_between(floor, mention.start)
            if not head or (head[0].text.isupper() and len(head[0].text) > 1):
                return True
        return False

    def _dash_closes_later(self, k: int, cue: Span | None) -> bool:
        """The dash at token k opens an apposition that another dash closes before the cue
        (`Jason Sims — a teacher — says`), not a dateline's (`DOVER, Del. - ...`)."""
        if cue is None:
            return False
        dash = self.tokens[k].text
        j = k + 1
        while j < len(self.tokens) and self.tokens[j].text == dash:
            j += 1  # `--`
        return any(
            t.text == dash for t in self.tokens[j : bisect_left(self._token_starts, cue.start)]
        )

    def _has_head(self, toks: list[Span]) -> bool:
        """Not ending in a preposition, a determiner or an auxiliary; not opening with a verb's
        auxiliary or negation."""
        last, first = toks[-1].text, toks[0].text
        low = last.lower()
        return not (
            low in _NOT_A_HEAD
            or low in DANGLING
            or low in LEADING_TRIM
            or last in AUXILIARIES
            or (low in self.boundaries and not _inside_name(toks))
            or first in AUXILIARIES
            or first.lower().endswith(("n't", "n’t"))
            or (len(toks) == 1 and last.islower() and is_ly_adverb(last))
        )

    def relative_antecedent(self, rel: Span, floor: int) -> Span | None:
        """The noun phrase a relative pronoun stands for: `Al Reyes` in `Al Reyes, who`."""
        return self._relative_np(rel, floor)[0]

    def _relative_np(self, rel: Span, floor: int) -> tuple[Span | None, Span | None]:
        """The noun phrase, and its apposition, before the relative pronoun `rel`."""
        return self.backward_np(self._relative_edge(rel, floor), floor)

    def _relative_edge(self, rel: Span, floor: int) -> int:
        before_rel = self.token_before(rel.start, floor)
        return before_rel.start if before_rel is not None and before_rel.text == "," else rel.start

    def _infinitive_subject(self, to: int, floor: int) -> Span | None:
        """`He went on to call`, `Trump was quick to add`, `she vowed to describe`: the subject
        of the verb the infinitive hangs on, a few lower-case words before its `to`."""
        k = to - 1
        while k >= 0 and to - k <= 4 and self.tokens[k].start >= floor:
            word = self.tokens[k].text
            if not word.islower() or not WORD.match(word) or self.in_region(self.tokens[k].start):
                return None
            mention, _ = self.backward_np(self.tokens[k].start, floor)
            if mention is not None and self._can_speak(mention):
                return mention
            k -= 1
        return None

    def _speaker_of_cue_before(self, offset: int, floor: int) -> Span | None:
        """`Spicer said` or `said Mr. Spicer` ending right before `offset`: the speaker; also
        `said Rep. Bobby Scott (D-Va.) at the time`, a party tag and a circumstance after it."""
        k = self._skip_modifiers(self._index_before(offset), floor)
        if k is None or k < 0 or self.tokens[k].start < floor:
            return None
        found = self._speaker_of_cue_before_exactly(k, floor)
        if found is not None:
            return found
        # a cue a few words back, with `said NAME (TAG)` or `NAME (TAG) said` next to it
        j = k
        while j > 0 and k - j < 12 and self.tokens[j].start >= floor:
            tok = self.tokens[j]
            attached = tok.text == "." and self.tokens[j - 1].end == tok.start  # `(D-Va.)`
            if (tok.text in ".;:!?" and not attached) or self.in_region(tok.start):
                return None
            if (
                self._is_cue_token(j)
                and self.cue_lemma(j) not in ("tell", "ask")
                and not self._used_as_noun(j)
            ):
                after = self.tokens[j + 1 : k + 1]
                name = self.forward_np(after)
                if name is not None and looks_like_name(name.text):
                    nxt = bisect_left(self._token_starts, name.end)
                    if nxt <= k and self.tokens[nxt].text == "(":
                        return name
                before, _ = self.backward_np(self.tokens[j].start, floor)
                if before is not None and looks_like_name(before.text.split(" (")[0]):
                    return before
                return None
            j -= 1
        return None

    def _inverted_speaker_before(self, offset: int, floor: int) -> Span | None:
        """`"...," said Ann Roe, a pollster who worked for him, referring to ...`: the name
        after the verb right after the quotation, its apposition between, before `offset`."""
        k = self._index_before(offset)
        while k is not None and k > 0 and self.tokens[k].start >= floor:
            if self.in_region(self.tokens[k].start) or self.tokens[k].text in ".;:!?":
                break
            k -= 1
        else:
            return None
        if k is None or not self.in_region(self.tokens[k].start):
            return None
        verb = k + 1
        if verb < len(self.tokens) and self.tokens[verb].text == ",":
            verb += 1  # `"...", said`
        if verb + 1 >= len(self.tokens) or not self._is_cue_token(verb):
            return None
        name = self.forward_np(self.tokens[verb + 1 : self._index_before(offset) + 1])
        return name if name is not None and looks_like_name(name.text) else None

    def _used_as_noun(self, i: int) -> bool:
        """The cue word at token i is a noun, the object of another verb: after a possessive,
        an article or a preposition (`downplayed Ryan's comments, saying`, `an attack`, `claims
        of promises`), a modifier at most after a possessive or a preposition (`Clinton's
        current support`, `claims of broken promises`)."""
        k = i - 1
        # after a preposition only a form that may be a noun (`promises`, not `said`: `one of
        # them said`, `the head of security said`)
        noun_form = self.tokens[i].text.lower() in words("reporting_verbs", "noun_forms")
        if k >= 1:
            before, modifier = self.tokens[k - 1].text, self.tokens[k].text
            if self._is_noun_modifier(modifier) and (
                before.lower() in _OWNERS or _POSSESSIVE_END.search(before)
            ):
                return True
            if (
                noun_form
                and before.lower() in _NOUN_PREPOSITIONS
                and modifier.isalpha()
                and modifier.islower()
            ):
                return True
        if k < 0:
            return False
        word = self.tokens[k].text
        low = word.lower()
        return (
            low in _OWNERS | {"the", "a", "an"}
            or (noun_form and low in _NOUN_PREPOSITIONS)
            or bool(_POSSESSIVE_END.search(word))
        )

    def _speaker_of_cue_before_exactly(self, k: int, floor: int) -> Span | None:
        if self._is_cue_token(k) and not self._used_as_noun(k):
            mention, _ = self.backward_np(self.tokens[k].start, floor)
            return mention
        name = self._np_ending_at(k, floor)
        if name is not None:
            c = self._index_before(name.start)
            if c is not None and self.tokens[c].start >= floor and self._is_cue_token(c):
                if self.cue_lemma(c) in ("tell", "ask"):  # `told a rally, saying`: the teller
                    return self.backward_np(self.tokens[c].start, floor)[0]
                return name
        return None

    def backward_np(self, offset: int, floor: int) -> tuple[Span | None, Span | None]:
        """The noun phrase that ends right before `offset` (skipping adverbs like "further"), and an
        apposition between commas: `Nicholas Eberstadt, of the American Enterprise Institute,`."""
        i = self._skip_modifiers(self._index_before(offset), floor)
        if i is None or i < 0 or self.tokens[i].start < floor:
            return None, None
        if self.tokens[i].text == ",":
            return self._apposition(i, floor)
        if self._comma_closing_quote(i):
            # `Roe, who put the cost "in the seven figures," described it as`: the comma that
            # closes the apposition stands inside the quotation marks
            return self._apposition(i - 1, floor)
        if self.tokens[i].text in _DASHES:
            return self._dash_apposition(i, floor)
        span = self._np_ending_at(i, floor)
        if span is not None:
            rel = self.token_before(span.start, floor)
            k = self._index_before(rel.start) if rel is not None else None
            if rel is not None and rel.text.lower() == "who" and k is not None:
                antecedent = self._np_ending_at(k, floor)
                if antecedent is not None:
                    span = Span.of(self.text, antecedent.start, span.end)
        return span, None

    def _comma_closing_quote(self, i: int) -> bool:
        """Token i is a closing quotation mark right after a comma: `"in seven figures,"`."""
        region = self.in_region(self.tokens[i].start)
        return (
            i > 0
            and region is not None
            and region.close == self.tokens[i].start
            and self.tokens[i - 1].text == ","
        )

    def _dash_apposition(self, close: int, floor: int) -> tuple[Span | None, Span | None]:
        """`Jason Sims — a teacher from Mount Pleasant — says`, `A former candidate -- John
        McCain, who lost in 2008 -- said`: the phrase before a dash-enclosed apposition."""
        end = close
        while end > 0 and self.tokens[end - 1].text in _DASHES:
            end -= 1  # `--`
        j = end - 1
        while j > 0 and end - j < 25 and self.tokens[j].start >= floor:
            if self._ends_scan(j):
                return None, None
            if self.tokens[j].text in _DASHES:
                break
            j -= 1
        else:
            return None, None
        if j <= 0 or self.tokens[j].start < floor or end - j < 2:
            return None, None
        inner = Span.of(self.text, self.tokens[j + 1].start, self.tokens[end - 1].end)
        opening = j
        while opening > 0 and self.tokens[opening - 1].text in _DASHES:
            opening -= 1
        head = self._np_ending_at(opening - 1, floor) if opening > 0 else None
        if head is not None and self._can_speak(head):
            return head, inner
        if looks_like_name(inner.text):
            return inner, None
        return None, None

    def _skip_modifiers(self, i: int | None, floor: int) -> int | None:
        """The last token before adverbs, times and a parenthesis that may stand between a subject
        and its verb: `Ann Roe (D-Vt.) on Tuesday also said`."""
        times = words("speakers", "time_words")
        while i is not None and i >= 0 and self.tokens[i].start >= floor:
            word = self.tokens[i].text
            low = word.lower()
            # `"We're ready," Kelly said`: right before its verb, a capitalized -ly word is a
            # name, not an adverb
            if low in self.adverbs or (is_ly_adverb(low) and not word[:1].isupper()):
                i -= 1
            elif low in times:
                i -= 1
                while i >= 0 and self.tokens[i].text.lower() in TIME_MODIFIERS:
                    i -= 1
            elif low == ")":
                k = self._skip_parenthesis(i)
                if k == i:
                    break
                i = k
            else:
                break
        return i

    def _is_adverb(self, word: str) -> bool:
        low = word.lower()
        return low in self.adverbs or is_ly_adverb(low)

    def _skip_parenthesis(self, i: int) -> int:
        """The token before a short parenthesis ending at i: `Sen. Ann Roe (D-Vt.) said`."""
        if i < 0 or self.tokens[i].text != ")":
            return i
        k = i - 1
        while k >= 0 and i - k < 8 and self.tokens[k].text not in "()":
            k -= 1
        return k - 1 if k >= 0 and self.tokens[k].text == "(" else i

    def _np_ending_at(self, i: int, floor: int, limit: int = 14) -> Span | None:
        """The noun phrase whose last word is token i, of at most `limit` more words."""
        end_tok = self.tokens[i]
        if (
            self.in_region(end_tok.start)
            or not WORD.match(end_tok.text)
            or end_tok.text.lower() in self.boundaries
            or end_tok.text.lower() in DANGLING  # `The rising cost of`
        ):
            return None
        j = self._past_leading_trim(self._np_start(i, floor, limit), i)
        if j > i:
            return None
        return Span.of(self.text, self.tokens[j].start, end_tok.end)

    def _np_start(self, i: int, floor: int, limit: int) -> int:
        """The first word of the run ending at token i: back to a boundary, a mark or `floor`."""
        j = i
        while j - 1 >= 0 and i - j < limit:
            prev = self.tokens[j - 1]
            if prev.start < floor or self.in_region(prev.start):
                break
            low = prev.text.lower()
            if not self._and_inside_title(j - 1) and (
                low in self.boundaries or (not WORD.match(prev.text) and prev.text not in "-'’")
            ):
                break
            j -= 1
        return j

    def _and_inside_title(self, k: int) -> bool:
        """Token k is an `and` between capitalized words: `Trade and Industry`."""
        return (
            self.tokens[k].text.lower() == "and"
            and self.tokens[k + 1].text[:1].isupper()
            and k >= 1
            and self.tokens[k - 1].text[:1].isupper()
        )

    def _past_leading_trim(self, j: int, i: int) -> int:
        """Past a leading preposition, conjunction or time phrase: `Last month the Brit Awards`."""
        times = words("speakers", "time_words")
        while j <= i and (
            self.tokens[j].text.lower() in LEADING_TRIM
            or (j < i and self.tokens[j].text.lower() in TIME_MODIFIERS | times)
        ):
            j += 1
        return j

    def _apposition(self, comma_index: int, floor: int) -> tuple[Span | None, Span | None]:
        """`X, APPOS, said`: X speaks when APPOS describes; APPOS speaks when it is a name."""
        j = self._opening_comma(comma_index, floor)
        if j > 0 and self._place_pair(j, comma_index):
            # `a union organizer from Dayton, Ohio, said`: the state goes with its town, and
            # the apposition runs on to the comma before them
            return self._apposition(j, floor)
        # `Paul Roe, a driver from Ava, Mo., who backs him, said`: the subject opening the clause
        subject = self._subject_set_off(floor, comma_index)
        if j >= 0 and self.tokens[j].start >= floor and comma_index - j >= 2:
            found = self._between_commas(j, comma_index, floor)
            if found is not None and not self._named_subject_before(subject, found[0], j):
                return found
        return subject, None

    def _subject_set_off(self, floor: int, comma_index: int) -> Span | None:
        """The subject opening the clause, a comma or a parenthesis right after it."""
        subject = self.sentence_subject(floor, self.tokens[comma_index].start)
        if subject is None:
            return None
        k = bisect_left(self._token_starts, subject.end)
        return subject if k < comma_index and self.tokens[k].text in ",(" else None

    def _named_subject_before(self, subject: Span | None, found: Span | None, j: int) -> bool:
        """A named subject opens the clause before the apposition found between commas, past
        another aside: `Sandy Roe, who lost her home in Aurora, Colorado, in 2012, said`,
        `Ed Vian, the editor of the paper, L'Osservatore, said` (not `Her aide, Jake Sullivan,`,
        whose subject is no name)."""
        return (
            subject is not None
            and found is not None
            and looks_like_name(subject.text)
            and self._names_speaker(subject)
            and found.start > subject.end
            and bisect_left(self._token_starts, subject.end) < j
        )

    def _opening_comma(self, comma_index: int, floor: int) -> int:
        """The comma before the one at `comma_index`; -1 past a sentence's end or a quotation."""
        j = comma_index - 1
        while j >= 0 and self.tokens[j].start >= floor and self.tokens[j].text != ",":
            if self._ends_scan(j):
                return -1
            j -= 1
        return j

    def _ends_scan(self, j: int) -> bool:
        """Token j stops a scan for a phrase: a sentence's punctuation, or a quotation."""
        return self.tokens[j].text in ".;:!?" or self.in_region(self.tokens[j].start) is not None

    def _between_commas(
        self, j: int, comma_index: int, floor: int
    ) -> tuple[Span | None, Span | None] | None:
        """Who speaks past the apposition between commas at j and `comma_index`, if anyone."""
        inner = Span.of(self.text, self.tokens[j + 1].start, self.tokens[comma_index - 1].end)
        first = self.tokens[j + 1].text.lower()
        head = self._np_before_apposition(j, floor)
        if head is not None and first in words("speakers", "apposition_starts"):
            return head, inner
        if (
            head is not None
            and comma_index - j == 2
            and (self._is_adverb(first) or first in _PARENTHETICAL_ADVERBS)
        ):
            return head, None  # `Proponents of the bill, however, say`
        if looks_like_name(inner.text) and not PARTY_TAG.match(inner.text):
            return inner, None
        if head is not None and _names_a_pair(inner.text):
            return head, inner  # `Clay's biographers, David and Jeanne Heidler, wrote`
        tagged = self._name_before_party_tag(inner)
        if tagged is not None:
            return tagged, None
        # `Hunter, meanwhile, told`, `Mitch McConnell, R-Ky., said`
        if head is not None and self._can_speak(head):
            return head, None
        return None

    def _np_before_apposition(self, j: int, floor: int) -> Span | None:
        """The noun phrase before the comma at j, past a parenthesis, a period and adverbs."""
        if j <= 0:
            return None
        h = self._skip_parenthesis(j - 1)
        if h > 0 and self.tokens[h].text == "." and self.tokens[h - 1].end == self.tokens[h].start:
            h -= 1  # `Ada B. Holm Jr., the director of ...`: the abbreviation's period
        while h >= 2 and self.tokens[h - 1].text == "," and self._is_adverb(self.tokens[h].text):
            h -= 2  # `Sanders, meanwhile, who ...`
        return self._np_ending_at(h, floor)

    def _name_before_party_tag(self, inner: Span) -> Span | None:
        """`Gov. John Kasich (R-OH), said`: the name before its party tag."""
        bare = inner.text.split(" (")[0]
        if inner.text.endswith(")") and bare != inner.text and looks_like_name(bare):
            return Span.of(self.text, inner.start, inner.start + len(bare))
        return None

    def _place_pair(self, comma: int, end: int) -> bool:
        """`from Dayton, Ohio`, `in Cambridge, Mass.`: one capitalized word between the commas
        at `comma` and `end`, after a capitalized word that a preposition of place opens."""
        inner = [t for t in self.tokens[comma + 1 : end] if t.text != "."]
        if len(inner) != 1 or comma < 2 or not inner[0].text[:1].isupper():
            return False
        town, prep = self.tokens[comma - 1], self.tokens[comma - 2]
        return town.text[:1].isupper() and prep.text in _PLACE_PREPOSITIONS

    def _names_speaker(self, np: Span) -> bool:
        """`Alan Roe`, `a handful of Democrats`, `the board`: not `on Twitter`, `the plan`."""
        parts = np.text.split()
        first = parts[0].lower()
        if first in self.boundaries or first in LEADING_WORDS or first in LEADING_TRIM:
            return False
        if parts[0][:1].isupper() and first not in DETERMINERS:
            return True
        nouns = _speaker_nouns()
        return any(p.lower().strip(",") in nouns for p in parts)

    def _can_speak(self, np: Span) -> bool:
        """A name, a pronoun, or a head noun for people (`commentators` too), groups or
        bodies."""
        last = np.text.split()[-1]
        low = last.lower()
        return (
            last[:1].isupper()
            or low in words("speakers", "pronouns")
            or low in words("speakers", "person_nouns")
            or (low.endswith("s") and low[:-1] in words("speakers", "person_nouns"))
            or low in words("speakers", "group_nouns")
            or low in words("speakers", "organization_nouns")
            or low in words("speakers", "document_nouns")
        )

    def forward_np(self, toks: list[Span]) -> Span | None:
        """The noun phrase starting at toks[0]: `said the printed-out statement, written ...`."""
        if not toks or not WORD.match(toks[0].text) or self.in_region(toks[0].start):
            return None
        k = 0
        while k < len(toks) and k < 12:
            t = toks[k]
            if not WORD.match(t.text) and t.text not in "-'’":
                break
            if k > 0 and t.text.lower() in self.boundaries:
                break
            k += 1
        return Span.of(self.text, toks[0].start, toks[k - 1].end) if k else None

    def clause_subject(
        self, offset: int, floor: int, whole_sentence: bool = True, coordinated: bool = False
    ) -> Span | None:
        """The subject of the clause a participle or an elided subject hangs on: the phrase before
        the nearest verb-like word (`forces ... were crowded ..., shouting`); for a verb after
        `and`, that of the relative or adverbial clause it continues."""
        i = self._index_before(offset)
        comma_seen = False
        while i is not None and i >= 0 and self.tokens[i].start >= floor:
            low = self.tokens[i].text.lower()
            comma_seen = comma_seen or low == ","
            within = coordinated and not comma_seen  # still in the clause `and` continues
            if within and low == "who" and i > 0 and self.tokens[i - 1].text == ",":
                # `Ann Roe, who answered the door and said ...`: the relative's verbs share `who`
                return self.tokens[i]
            if within and low in _CLAUSE_OPENERS:
                # `The crowd cheered when Trump spotted a sign and asked ...`: the subject of the
                # clause the coordinated verb belongs to
                subject = self.main_clause_subject(self.tokens[i].end, offset)
                if subject is not None:
                    return subject
            verb = i > 0 and self._is_cue_token(i) and not self._used_as_noun(i)
            if low in AUXILIARIES or verb:
                np = self._np_ending_at(i - 1, floor) if i > 0 else None
                if np is not None:
                    return np
            i -= 1
        return self.sentence_subject(floor, offset) if whole_sentence else None

    def main_clause_subject(self, floor: int, offset: int) -> Span | None:
        """The name or pronoun that a verb follows in the first clause between `floor` and
        `offset` that opens with one, past leading phrases closed by commas: `Hale` in
        `Speaking in Dover, Delaware, Hale went after Brandt` or `Hale, meanwhile, was making`."""
        segments = self._segments(floor, offset)
        for n, seg in enumerate(segments):
            if seg[0].text.lower() in CONJUNCTIONS and len(seg) > 1:
                seg = seg[1:]
            subject = self._segment_subject(seg, segments[n + 1 :])
            if subject is not None:
                return subject
        return None

    def _segments(self, floor: int, offset: int) -> list[list[Span]]:
        """The words between `floor` and `offset`, parted by commas, dashes and quotations."""
        segments: list[list[Span]] = [[]]
        for t in self.tokens_between(floor, offset):
            if t.text in ",;—–" or self.in_region(t.start):
                segments.append([])
            else:
                segments[-1].append(t)
        return [seg for seg in segments if seg]

    def _segment_subject(self, seg: list[Span], later: list[list[Span]]) -> Span | None:
        """A segment's opening pronoun or name before its verb, or before a later auxiliary."""
        low = seg[0].text.lower()
        if low in SUBJECT_PRONOUNS and low != "it":
            return seg[0] if len(seg) > 1 and seg[1].text.islower() else None
        if self._opens_no_name(seg[0].text):
            return None
        m = 1
        while m < len(seg) and m < 5 and NAME_TOKEN.match(seg[m].text):
            m += 1
        name = Span.of(self.text, seg[0].start, seg[m - 1].end)
        if m < len(seg):
            return name if _is_verb(seg[m].text, _NOT_A_VERB_AFTER_NAME) else None
        # `Hale, meanwhile, was ...`: a name standing alone, a verb opening a clause after it
        later = [g for g in later if not self._is_adverb(g[0].text)]
        return name if later and later[0][0].text in AUXILIARIES else None

    def _opens_no_name(self, word: str) -> bool:
        """A clause's first word that names no one: a leading word, a determiner, an adverb."""
        low = word.lower()
        return (
            not NAME_TOKEN.match(word)
            or low in LEADING_WORDS
            or low in DETERMINERS
            or low in words("speakers", "pronouns")
            or low in self.boundaries
            or low in words("speakers", "time_words")
            or low in _QUANTIFIERS
            or low.startswith("wh")
            or low.endswith(("ing", "ed"))
            or self._is_adverb(word)
        )

    def sentence_subject(self, floor: int, offset: int) -> Span | None:
        """The subject opening the clause at `floor`, past a conjunction and a leading phrase
        closed by a comma: `But a few days later, Trump reversed himself, telling ...`."""
        toks = _past_dateline(self.tokens_between(floor, offset))
        k = self._past_leading_phrase(toks, _past_conjunction(toks))
        if k >= len(toks) or self.in_region(toks[k].start):
            return None
        first = toks[k]
        if first.text.lower() in words("speakers", "pronouns"):
            return first
        n = self._subject_end(toks, k)
        return Span.of(self.text, first.start, toks[n].end) if n is not None else None

    def _past_leading_phrase(self, toks: list[Span], k: int) -> int:
        """Past a leading phrase that a comma closes: `But a few days later, Trump ...`."""
        comma = next(
            (
                n
                for n in range(k, min(len(toks), k + 10))
                if toks[n].text == "," and not _inside_number(toks, n)
            ),
            None,
        )
        if comma is None:
            return k
        low = toks[k].text.lower()
        if low in words("speakers", "pronouns"):
            return k
        leads = (
            low in LEADING_WORDS
            or low in self.boundaries  # `Here in Columbia, Sanders ...`
            or self._is_adverb(toks[k].text)
            or (
                not any(t.text[:1].isupper() for t in toks[k + 1 : comma])
                and not _name_before_apposition(toks, k, comma)
            )
        )
        return comma + 1 if leads else k

    def _subject_end(self, toks: list[Span], k: int) -> int | None:
        """The last word of a subject at toks[k]: a name, a name after `The`, a noun phrase."""
        low = toks[k].text.lower()
        if low in self.boundaries or low in LEADING_WORDS:
            return None
        if toks[k].text[:1].isupper() and low not in DETERMINERS | _QUANTIFIERS:
            return _name_end(toks, k, k)
        if (
            low == "the"
            and k + 2 < len(toks)
            and NAME_TOKEN.match(toks[k + 1].text)
            and toks[k + 1].text.lower() not in self.boundaries
        ):
            return _name_after_article_end(toks, k)
        if low in DETERMINERS | _QUANTIFIERS:
            return self._speaker_noun_end(toks, k)  # `One operative inside Trump Tower`
        return None

    def _speaker_noun_end(self, toks: list[Span], k: int) -> int | None:
        """`the harbour board`: from a determiner up to a speaker noun, five words at most."""
        nouns = _speaker_nouns()
        n = k
        while n + 1 < len(toks) and n - k < 5:
            nxt = toks[n + 1].text
            if not WORD.match(nxt) or nxt.lower() in self.boundaries:
                break
            n += 1
            if nxt.lower() in nouns:
                break
        else:
            return None  # the words ran out, or five went by
        return n if toks[n].text.lower() in nouns else None


def _inside_name(toks: list[Span]) -> bool:
    """The last word closes a run of capitalized words: `Yin Myint May`, not `Then May`."""
    return len(toks) > 1 and all(NAME_TOKEN.match(t.text) for t in toks[-2:])


def _agrees(owner: str, subject: str) -> bool:
    """A possessive may refer to the subject: `he ... his`, `Ann Roe ... her`, `the board ...
    its`, `critics ... their`; not `Critics seized on her`."""
    last = subject.split()[-1].lower()
    plural = last in ("they", "we") or last in words("speakers", "group_nouns")
    if owner == "their":
        return plural
    if owner == "its":
        return last == "it" or last in words("speakers", "organization_nouns")
    wrong = {"his": ("she", "it"), "her": ("he", "it")}.get(owner, ())
    person = (
        subject[:1].isupper() or last in ("he", "she") or last in words("speakers", "person_nouns")
    )
    return person and not plural and last not in wrong


def is_participle(cue: str) -> bool:
    """`saying`, and `calling for`, `pointing out`: a cue whose verb is a participle."""
    verb = cue.split(maxsplit=1)[0].lower() if cue.strip() else ""
    return verb.endswith("ing")


def _opens_verb(toks: list[Span], n: int) -> bool:
    """toks[n] opens the verb after a subject: an auxiliary, a negation, `Trump doubled`,
    `Trump kept`."""
    word, low = toks[n].text, toks[n].text.lower()
    return (
        word in AUXILIARIES
        or low.endswith(("n't", "n’t"))
        or (
            (low.endswith("ed") or low in words("speakers", "verb_forms"))
            and word.isalpha()
            and word.islower()
            and toks[n - 1].text[:1].isupper()
            and toks[n - 1].text.lower() not in DETERMINERS
        )
    )


def _past_dateline(toks: list[Span]) -> list[Span]:
    """The words after a dateline's dash: `BUENA PARK, Calif. - Rallying ...`."""
    dash = next((n for n, t in enumerate(toks[:10]) if t.text in "-–—"), None)
    if dash and toks[0].text.isupper() and len(toks[0].text) > 1:
        return toks[dash + 1 :]
    return toks


def _past_conjunction(toks: list[Span]) -> int:
    """The index past an opening conjunction and its adverbs: `And then Trump went`."""
    k = 1 if toks and toks[0].text.lower() in CONJUNCTIONS else 0
    while k < len(toks) - 1 and toks[k].text.lower() in ("then", "now", "later", "so"):
        k += 1
    return k


def _name_end(toks: list[Span], k: int, n: int) -> int:
    """The last word of a name from toks[n], at most five words past toks[k]."""
    while n + 1 < len(toks) and n - k < 5 and NAME_TOKEN.match(toks[n + 1].text):
        n += 1
    return n


def _name_after_article_end(toks: list[Span], k: int) -> int | None:
    """`The Democratic National Convention released`: a name after `The`, before a verb."""
    n = _name_end(toks, k, k + 1)
    verb = toks[n + 1].text if n + 1 < len(toks) else ""
    return n if _is_verb(verb, DANGLING | LEADING_WORDS) else None


def _is_verb(word: str, not_verbs: frozenset[str]) -> bool:
    """`word` may be the verb after a subject: a lower-case word, not one of `not_verbs`."""
    return word.isalpha() and word.islower() and word not in not_verbs


def _names_a_pair(text: str) -> bool:
    """`David and Jeanne Heidler`: names joined by `and`."""
    names = text.replace(",", " ").split()
    return "and" in names and looks_like_name(" ".join(w for w in names if w != "and"))


def _name_before_apposition(toks: list[Span], k: int, comma: int) -> bool:
    """`Sanders, who ...`, `Roe, a lawyer, ...`: one capitalized word, then a comma and a relative
    or an article: the subject with an apposition, not a leading word (`Still, ...`)."""
    return (
        comma == k + 1
        and comma + 1 < len(toks)
        and toks[k].text[:1].isupper()
        and toks[comma + 1].text.lower() in ("who", "a", "an", "the", *REFLEXIVES)
    )


def _inside_number(toks: list[Span], n: int) -> bool:
    """The comma of `2,000`: digits on both sides, no space between."""
    return (
        0 < n < len(toks) - 1
        and toks[n - 1].text.isdigit()
        and toks[n + 1].text.isdigit()
        and toks[n - 1].end == toks[n].start
        and toks[n].end == toks[n + 1].start
    )
