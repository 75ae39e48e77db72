"""Decide who a speaker mention refers to: name and title, kind, and one entity per person.

"Mr. Reeker" and "Reeker" resolve to the earliest fuller name in the article with that surname;
"he"/"she" to the nearest preceding person who spoke; "they"/"it" to the nearest group or body.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from dateline.annotate.lexicons import load, words
from dateline.annotate.quotes import Attribution
from dateline.model import Place, Quote, Span, Speaker

_CAPITALIZED = re.compile(r"^[A-Z][\w'’.-]*$")
_INITIAL = re.compile(r"^[A-Z]\.$")
_NAME_IN_TEXT = re.compile(r"\b(?:[A-Z][a-z'’-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-z'’-]+|[A-Z]\.)){1,3}")
_DETERMINERS = ("the ", "a ", "an ")
_MEMBER_OF = re.compile(r"(?i:a|an|one|the)\s+(\w+)\s+(?:of|at|for|from|with)\s")
# plural proper names of parties and movements: Tories, Whigs, Democrats, Socialists
_PLURAL_NAME = re.compile(r"^[A-Z][a-z]+(?:ies|ans|ists|ats|ers|ives|als|igs|ites)$")
_POSSESSIVE = re.compile(r"['’]s?$")
_PLACE_OF_WORK = re.compile(r"\s(?:at|from|in|with)\s(?=[A-Z])")


@dataclass
class _Entity:
    name: str
    kind: str
    title: str | None = None
    affiliation: str | None = None


class _Names:
    """Full personal names in the text (`Philip Reeker`), found once, on first use."""

    def __init__(self, text: str):
        self.text = text
        self._found: list[tuple[int, str]] | None = None
        self._by_surname: dict[str, str] | None = None

    @property
    def found(self) -> list[tuple[int, str]]:
        if self._found is None:
            self._found = []
            honorifics = words("speakers", "honorifics")
            for m in _NAME_IN_TEXT.finditer(self.text):
                parts = m.group(0).split()
                run = _trailing_name(parts)
                if run >= 2 and parts[-run].lower() not in honorifics:
                    start = m.end() - len(" ".join(parts[-run:]))
                    self._found.append((start, " ".join(parts[-run:])))
        return self._found

    def first_with_surname(self, surname: str) -> str | None:
        if self._by_surname is None:
            self._by_surname = {}
            for _, name in self.found:
                self._by_surname.setdefault(name.split()[-1], name)
        return self._by_surname.get(surname)

    def last_before(self, offset: int) -> str | None:
        i = bisect_left(self.found, (offset, "")) - 1
        return self.found[i][1] if i >= 0 else None

    def last_span_of(self, name: str, offset: int) -> tuple[int, int] | None:
        """(start, end) of the last full naming of `name` before `offset`."""
        i = bisect_left(self.found, (offset, "")) - 1
        for start, found in reversed(self.found[max(0, i - 40) : i + 1]):
            if found == name:
                return start, start + len(name)
        return None


class _Entities:
    """One article's entities by key. What pronouns and bare surnames ask of them is kept up
    to date as entities come, so that no question reads them all: the last speaker of each kind,
    and for each surname the first person entity named in full."""

    def __init__(self) -> None:
        self._by_key: dict[str, _Entity] = {}
        self._full_names: dict[str, str] = {}  # surname -> "Philip Reeker"
        self._last_spoke: dict[str, tuple[int, _Entity]] = {}  # kind -> (turn, entity)
        self._turns = 0

    def add(self, key: str, entity: _Entity) -> _Entity:
        """The entity known by `key`, or `entity`, now known by it."""
        known = self._by_key.setdefault(key, entity)
        if known is entity and entity.kind == "person" and " " in entity.name:
            self._full_names.setdefault(entity.name.split()[-1], entity.name)
        return known

    def spoke(self, entity: _Entity) -> None:
        self._turns += 1
        self._last_spoke[entity.kind] = (self._turns, entity)

    def last_speaker(self, kinds: tuple[str, ...]) -> _Entity | None:
        """The entity of one of `kinds` that spoke last."""
        turns = [self._last_spoke[k] for k in kinds if k in self._last_spoke]
        return max(turns, key=lambda turn: turn[0])[1] if turns else None

    def fuller_name(self, surname: str) -> str | None:
        """The full name (`Philip Reeker`) of the first person entity with `surname`."""
        return self._full_names.get(surname)


def resolve_speakers(
    text: str, attributions: list[Attribution], places: Sequence[Place] = ()
) -> list[Quote]:
    """Quotes with resolved speakers, in the order of `attributions`. A mention that is a named
    place ("South Korea condemned", "Beijing insists") is the country's or city's government.
    A mention that does not name the speaker itself (`he`, `who`) keeps its own words and gets
    as antecedent the words it was resolved to."""
    names = _Names(text)
    place_at = {(p.span.start, p.span.end): p for p in places if p.via == "name"}
    entities = _Entities()
    named: dict[int, Span] = {}  # id(entity) -> the last words naming it
    resolved: list[tuple[_Entity | None, Span | None, Span | None]] = []
    # who spoke the last direct quote, the words naming them and their antecedent
    quoted: tuple[_Entity | None, Span | None, Span | None] = (None, None, None)
    for att in attributions:
        entity = None
        mention = att.mention
        antecedent = att.antecedent
        if att.continues_previous:
            # the speaker, and the words naming them, of the quote this one goes on from
            entity, mention, antecedent = quoted
        elif att.mention is not None:
            naming = att.antecedent or att.mention
            place = place_at.get((naming.start, naming.end))
            if place is not None:
                entity = entities.add(place.name.lower(), _Entity(place.name, "organization"))
            else:
                entity = _resolve_mention(names, text, att, entities)
            if entity is not None:
                if att.antecedent is None and _is_pronoun(att.mention.text):
                    antecedent = named.get(id(entity))
                    if antecedent is None:
                        antecedent = _named_before(names, text, entity, att.mention.start)
                else:
                    named[id(entity)] = naming
        if entity is not None:
            entities.spoke(entity)
        resolved.append((entity, mention, antecedent))
        if att.kind == "direct":
            quoted = (entity, mention, antecedent)
    quotes = []
    for att, (entity, mention, antecedent) in zip(attributions, resolved, strict=True):
        if entity is None:
            speaker = Speaker("unknown", "unknown", mention, antecedent=antecedent)
        else:
            speaker = Speaker(
                entity.name, entity.kind, mention, entity.title, entity.affiliation, antecedent
            )
        quotes.append(Quote(att.content, att.kind, att.cue, speaker))
    return quotes


def _is_pronoun(mention: str) -> bool:
    return mention.lower() in load("speakers")["pronouns"]


def _named_before(names: _Names, text: str, entity: _Entity, offset: int) -> Span | None:
    """The last words before `offset` that give `entity`'s name in full."""
    found = names.last_span_of(entity.name, offset)
    return Span.of(text, *found) if found is not None else None


def _resolve_mention(
    names: _Names, text: str, att: Attribution, entities: _Entities
) -> _Entity | None:
    assert att.mention is not None
    mention = (att.antecedent or att.mention).text
    low = mention.lower()
    pronoun_kind = load("speakers")["pronouns"].get(low)
    if pronoun_kind is not None:
        wanted = ("person",) if pronoun_kind == "person" else ("group", "organization", "document")
        entity = entities.last_speaker(wanted)
        if entity is None and pronoun_kind == "person":
            # nobody has spoken yet: the nearest person named before the pronoun
            name = names.last_before(att.mention.start)
            if name is not None:
                entity = entities.add(name.lower(), _Entity(name, "person"))
        return entity
    if low in words("speakers", "first_person"):
        return None
    title, name, kind = describe(mention)
    if kind in ("person", "organization") and name and " " not in name:
        # "Wenger" is a person when the article names "Arsene Wenger"
        # the earliest fuller name of a speaker so far, else of the article
        fuller = entities.fuller_name(name) or names.first_with_surname(name)
        if fuller is not None:
            name, kind = fuller, "person"
    entity = entities.add(name.lower(), _Entity(name, kind))
    if title and (not entity.title or len(title) > len(entity.title)):
        entity.title = title
    if att.apposition is not None:
        _apply_apposition(entity, att.apposition.text)
    return entity


def describe(mention: str) -> tuple[str | None, str, str]:
    """(title, name, kind) for the words naming a speaker.

    `Assistant Secretary of State for Democracy and Human Rights Lorne Craner` gives the title
    and `Lorne Craner`; `U.S. officials` a group; `The Chinese foreign ministry` an organization.
    """
    # "A man who picked up the telephone at the embassy": the head is before the relative clause
    head_phrase = re.split(r"\s(?:who|whom)\s", mention, maxsplit=1)[0]
    # "analyst Alex Potter at Lehman Brothers": the person, not the place of work
    place = _PLACE_OF_WORK.search(head_phrase)
    if place and _trailing_name(head_phrase[: place.start()].split()) >= 2:
        head_phrase = head_phrase[: place.start()]
    # "a member of Cherie Blair's Matrix Chambers": an unnamed member, not the chambers
    member = _MEMBER_OF.match(head_phrase)
    if member and member.group(1).lower() in words("speakers", "person_nouns"):
        return None, _strip_the(mention), "person"
    parts = _POSSESSIVE.sub("", head_phrase).split()
    lowered = [p.lower().rstrip(",") for p in parts]
    head = lowered[-1] if lowered else ""
    # "Tony Blair and Ruth Kelly": two speakers at once (but "Minister of Energy and Mines X"
    # is one: every word but the "and" is a capitalized name)
    if "and" in lowered[1:-1] and all(
        p[:1].isupper() for p, w in zip(parts, lowered, strict=True) if w != "and"
    ):
        return None, _strip_the(mention), "group"
    if head in words("speakers", "document_nouns") and not (parts and parts[-1][:1].isupper()):
        return None, _strip_the(mention), "document"
    if any(w in words("speakers", "group_markers") for w in lowered):
        return None, _strip_the(mention), "group"
    if head in words("speakers", "organization_nouns"):
        return None, _strip_the(mention), "organization"
    run = _trailing_name(parts)
    if run:
        name_parts = parts[len(parts) - run :]
        title = " ".join(parts[: len(parts) - run])
        title = _strip_determiner(title) if title else None
        honorific = bool(title) and lowered[len(parts) - run - 1] in words("speakers", "honorifics")
        if title and title.lower() in words("speakers", "courtesy"):
            title = None
        elif title and title.split()[-1].lower() in words("speakers", "courtesy"):
            # "Manchester United manager Sir Alex Ferguson": the courtesy is no part of the role
            title = title.rsplit(" ", 1)[0]
        if len(name_parts) >= 2 or honorific:
            return title or None, " ".join(name_parts), "person"
        # a lone capitalized word: a person known by surname, a group ("Analysts" opening a
        # sentence, "the Tories"), or a country or body ("China")
        if title in (None, "") and lowered[-1] in words("speakers", "group_nouns"):
            return None, name_parts[0], "group"
        if (title or "").lower() in ("the", "") and _PLURAL_NAME.match(name_parts[0]):
            return None, _strip_the(mention), "group"
        if not title and lowered[-1] in words("speakers", "person_nouns"):
            return None, name_parts[0], "person"
        return title or None, name_parts[0], "person" if title else "organization"
    if head in words("speakers", "group_nouns") or (head.endswith("s") and len(parts) > 1):
        return None, _strip_the(mention), "group"
    if head in words("speakers", "person_nouns"):
        return None, _strip_the(mention), "person"
    return None, _strip_the(mention), "unknown"


def _trailing_name(parts: list[str]) -> int:
    """How many words at the end form a person's name (`Lorne Craner` out of a long title)."""
    n = 0
    honorifics = words("speakers", "honorifics")
    for part in reversed(parts):
        clean = part.rstrip(",")
        if not _CAPITALIZED.match(clean) or clean.lower() in honorifics:
            break
        if clean.lower() in ("the", "a", "an"):
            break  # "The Tories" opening a sentence: the article is no part of a name
        n += 1
    connector = len(parts) > n and parts[-n - 1] in ("of", "for", "and", "the", "on")
    if n > 3 or (n == 3 and connector):
        # "... Human Rights Lorne Craner", "Minister of Energy and Mines Rafael Ortiz":
        # the words before the name close the title; a name is two words, three with an initial
        n = 3 if _INITIAL.match(parts[-2]) else 2
    return n


def _apply_apposition(entity: _Entity, appos: str) -> None:
    """`of the American Enterprise Institute` is an affiliation; `a spokesman for X` a title."""
    words_ = appos.split()
    first = words_[0].lower()
    if first in ("who", "whose", "which", "whom"):
        return  # "Michael Howard, whose parents fled ...": a clause about them, not a role
    if first in ("of", "from", "at", "with"):
        entity.affiliation = entity.affiliation or _strip_determiner(" ".join(words_[1:]))
        return
    title = _strip_determiner(appos)
    entity.title = entity.title or title
    for prep in (" for ", " of ", " at "):
        if prep in title:
            org = title.split(prep, 1)[1]
            if org[:1].isupper() or org.lower().startswith("the "):
                entity.affiliation = entity.affiliation or _strip_determiner(org)
            break


def _strip_the(phrase: str) -> str:
    """Unnamed speakers keep their words, less a leading "the": "the mayor" is "mayor"."""
    return phrase[4:] if phrase[:4].lower() == "the " else phrase


def _strip_determiner(phrase: str) -> str:
    low = phrase.lower()
    for det in _DETERMINERS:
        if low.startswith(det):
            return phrase[len(det) :]
    return phrase
