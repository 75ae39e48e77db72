"""Decide who a speaker mention refers to: name and title, kind, and one entity per person.

"Mr. Reeker" and "Reeker" resolve to the earliest fuller name in the article with that surname;
"he"/"she" to the nearest preceding person who spoke; "they"/"it" to the nearest group or body.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace

from dateline.annotate.lexicons import load, words, words_of
from dateline.annotate.quotes.finder import Attribution
from dateline.annotate.text import sentence_index
from dateline.model import Place, Quote, Span, Speaker

_CAPITALIZED = re.compile(r"^[A-Z][\w'’.-]*$")
_INITIAL = re.compile(r"^[A-Z]\.$")
# words of a name stand on one line: a headline ending "... Blair" and "Tony Blair" opening the
# next paragraph are two names, not "Blair Tony Blair"
_NAME_IN_TEXT = re.compile(r"\b(?:[A-Z][a-z'’-]+|[A-Z]\.)(?:[ \t]+(?:[A-Z][a-z'’-]+|[A-Z]\.)){1,3}")
_DETERMINERS = ("the ", "a ", "an ")
_MEMBER_OF = re.compile(r"(?i:a|an|one|the)\s+(\w+)\s+(?:of|at|for|from|with)\s")
# plural proper names of parties and movements: Tories, Whigs, Democrats, Socialists
_PLURAL_NAME = re.compile(r"^[A-Z][a-z]+(?:ies|ans|ists|ats|ers|ives|als|igs|ites)$")
_POSSESSIVE = re.compile(r"['’]s?$")
_POSSESSIVE_WORD = re.compile(r"\w(?:['’]s|s['’])$")
# A sentence opening with a titled name that its verb or its apposition follows
_TITLED_SUBJECT = re.compile(
    r"([A-Z][a-z]+)\.? [A-Z](?:[a-z]+|['’][A-Z][a-z]+)(?:-[A-Z][a-z]+)?(?=,| [a-z])"
)
_PLACE_OF_WORK = re.compile(r"\s(?:at|from|in|with|of)\s(?=[A-Z])")


# (title, name, kind) of the words naming a speaker
Description = tuple[str | None, str, str]


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
            openers = words("speakers", "clause_words")
            for m in _NAME_IN_TEXT.finditer(self.text):
                parts = m.group(0).split()
                # `Def Jam's legacy`: the name is `Def Jam`
                end = m.end() - len(parts[-1]) + len(_POSSESSIVE.sub("", parts[-1]))
                parts[-1] = _POSSESSIVE.sub("", parts[-1])
                run = _trailing_name(parts)
                owners = [i for i, p in enumerate(parts[:-1]) if _POSSESSIVE_WORD.search(p)]
                if owners:
                    run = min(run, len(parts) - owners[-1] - 1)  # `Arsenal's Thierry Henry`
                if run >= 2 and parts[-run].lower() in openers:
                    run -= 1  # `If Paula`: a sentence opens with the conjunction
                if run >= 2 and parts[-run].lower() not in honorifics:
                    start = end - len(" ".join(parts[-run:]))
                    self._found.append((start, " ".join(parts[-run:])))
        return self._found

    def first_with_surname(self, surname: str) -> str | None:
        if self._by_surname is None:
            self._by_surname = {}
            for _, name in self.found:
                self._by_surname.setdefault(name.split()[-1], name)
        return self._by_surname.get(surname)

    def first_with_given_name(self, given: str) -> str | None:
        """The first full name opening with `given`: "Sir Howard" is "Sir Howard Davies"."""
        return next((name for _, name in self.found if name.split()[0] == given), None)

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
        self.spoke_until = -1  # where the last statement resolved ends

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
    text: str,
    attributions: list[Attribution],
    places: Sequence[Place] = (),
    sentences: Sequence[Span] = (),
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
        if mention is not None:
            # named from its noun phrase; the words shown lose only what names nobody (`saw`,
            # `During the interview`), keeping any other name the scan let in
            att = replace(att, mention=noun_phrase(mention))
            mention = (
                mention
                if _names_someone(mention.text[: att.mention.start - mention.start])
                and not _titled(att.mention.text)
                else att.mention
            )
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
                entity = _resolve_mention(names, text, att, entities, sentences)
            if entity is not None:
                if att.antecedent is None and _is_pronoun(att.mention.text):
                    antecedent = named.get(id(entity))
                    if antecedent is None:
                        antecedent = _named_before(names, text, entity, att.mention.start)
                else:
                    named[id(entity)] = naming
        if entity is not None:
            entities.spoke(entity)
            entities.spoke_until = max(att.content.end, att.mention.end if att.mention else -1)
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
    return _pronoun_kind(mention) is not None


def _pronoun_kind(mention: str) -> str | None:
    """The kind a personal or possessive pronoun refers to: `he`, `her` (remark) a person."""
    low = mention.lower()
    lex = load("speakers")
    return lex["pronouns"].get(low) or lex["possessives"].get(low)


def _named_before(names: _Names, text: str, entity: _Entity, offset: int) -> Span | None:
    """The last words before `offset` that give `entity`'s name in full."""
    found = names.last_span_of(entity.name, offset)
    return Span.of(text, *found) if found is not None else None


def _resolve_mention(
    names: _Names,
    text: str,
    att: Attribution,
    entities: _Entities,
    sentences: Sequence[Span] = (),
) -> _Entity | None:
    assert att.mention is not None
    mention = (att.antecedent or att.mention).text
    low = mention.lower()
    pronoun_kind = _pronoun_kind(low)
    if pronoun_kind is not None:
        wanted = ("person",) if pronoun_kind == "person" else ("group", "organization", "document")
        entity = entities.last_speaker(wanted)
        if pronoun_kind == "person" and att.antecedent is None:
            # `Mr Jackson ... served as minister. In a letter he wrote:` — the subject of the
            # sentence before, when it is a man or a woman as the pronoun is, not whoever spoke
            subject = _subject_before(text, sentences, att.mention.start, low, entities.spoke_until)
            if subject is not None and (entity is None or subject.split()[-1] not in entity.name):
                _, name, kind = describe(subject)
                name, kind = _fuller(names, entities, name, kind)
                if kind == "person":
                    return entities.add(name.lower(), _Entity(name, kind))
        if entity is None and pronoun_kind == "person":
            # nobody has spoken yet: the nearest person named before the pronoun
            name = names.last_before(att.mention.start)
            if name is not None:
                entity = entities.add(name.lower(), _Entity(name, "person"))
        return entity
    if low in words("speakers", "first_person"):
        return None
    # "Mr Blair's spokesman" is a spokesman, of Tony Blair
    owner, mention = _possessor(mention)
    if owner is not None:
        _, owner, owner_kind = describe(owner)
        owner = _fuller(names, entities, owner, owner_kind)[0]
    title, name, kind = describe(mention)
    if mention.split()[0].lower() in _BY_GIVEN_NAME and " " not in name:
        name = names.first_with_given_name(name) or name
    name, kind = _fuller(names, entities, name, kind)
    key = name.lower() if name[:1].isupper() or owner is None else f"{name.lower()} ({owner})"
    entity = entities.add(key, _Entity(name, kind, affiliation=owner))
    if title and (not entity.title or len(title) > len(entity.title)):
        entity.title = title
    if att.apposition is not None:
        _apply_apposition(entity, att.apposition.text)
    return entity


def _subject_before(
    text: str, sentences: Sequence[Span], offset: int, pronoun: str, spoke_until: int
) -> str | None:
    """The titled name opening the sentence before the one at `offset` (`Mr Jackson`, `Mrs
    May`), when its title agrees with `pronoun` and nobody spoke in that sentence (`Mr Brown
    liked to ..., the Tory leader said.`): the person a `he` or `she` then most likely is."""
    here = sentence_index(sentences, offset)
    if not here or spoke_until > sentences[here - 1].start:
        return None
    before = sentences[here - 1]
    m = _TITLED_SUBJECT.match(text, before.start, before.end)
    if m is None or load("speakers")["title_pronouns"].get(m.group(1).lower()) != pronoun:
        return None
    return m.group(0)


def _names_someone(words_: str) -> bool:
    """Whether words cut from a mention may name a speaker: a pronoun, or a capitalized word
    other than a clause word opening the sentence (`During`)."""
    cut = words_.split()
    persons = load("speakers")["pronouns"].keys() | words("speakers", "first_person")
    if cut and cut[0].lower() in words("speakers", "clause_words") - persons:
        cut = cut[1:]
    return any(w[:1].isupper() or w.lower() in persons for w in cut)


def _titled(phrase: str) -> bool:
    """`Mr Blair`, `Tory leader Michael Howard`: a name with its courtesy title or role, which
    is the whole of the speaker's noun phrase whatever the scan let in before it."""
    parts = phrase.split()
    if len(parts) < 2 or not parts[-1][:1].isupper():
        return False
    titles = words_of("speakers", "honorifics", "role_nouns")
    return any(p.lower() in titles for p in parts[:-1])


def _fuller(names: _Names, entities: _Entities, name: str, kind: str) -> tuple[str, str]:
    """A bare surname as the full name the article gives it: "Wenger" (or "Davies", which reads
    like a plural) is a person when the article names "Arsene Wenger" — the earliest fuller name
    of a speaker so far, else of the article."""
    if kind in ("person", "organization", "group") and name[:1].isupper() and " " not in name:
        fuller = entities.fuller_name(name) or names.first_with_surname(name)
        if fuller is not None:
            return fuller, "person"
    return name, kind


def noun_phrase(mention: Span) -> Span:
    """The noun phrase at the end of a speaker mention, less the words of a clause or adverbial
    that the scan for it let in: `During the interview Mr Blair` is `Mr Blair`, `saw Mr Blair`
    `Mr Blair`, `the Conservatives accepted Prime Minister Tony Blair's` `Prime Minister Tony
    Blair's`; `Tory leader Michael Howard` keeps its title."""
    found = list(re.finditer(r"\S+", mention.text))
    k = _phrase_start([m.group(0) for m in found])
    if k == 0:
        return mention
    start = mention.start + found[k].start()
    return Span(start, mention.end, mention.text[found[k].start() :])


def _phrase_start(parts: list[str]) -> int:
    """Where the noun phrase naming a person begins among `parts`: at the name, or at the title
    before it when the title's head is a title or role word or a capitalized word, and its
    modifiers stop at a clause word, a verb in -ed, an adverb or a determiner (kept)."""
    run = _trailing_name([p.rstrip(",") for p in parts])
    if run == 0:
        return _start_without_name(parts)
    if run == len(parts):
        return 0
    stops = words_of("speakers", "clause_words", "boundaries")
    k = _start_past_particles(parts, len(parts) - run, stops)
    # `Manchester United manager Sir Alex Ferguson`: a courtesy title, then the title before it
    before_courtesy = k
    while k > 0 and parts[k - 1].lower() in words("speakers", "courtesy"):
        k -= 1
    if k == 0:
        return 0
    return _start_before_name(parts, k, k < before_courtesy, stops)


def _start_without_name(parts: list[str]) -> int:
    """No name: a pronoun closing the words, or a noun cue's owner from its determiner."""
    # `Laying into their record he`; `Campbell repeated his party's (call)`
    last = parts[-1].lower() if parts else ""
    if len(parts) > 1 and last in load("speakers")["pronouns"]:
        return len(parts) - 1
    if len(parts) > 1 and _POSSESSIVE_WORD.search(last):
        dets = [i for i, p in enumerate(parts[:-1]) if p.lower() in _DETERMINERS_AND_OWNERS]
        return dets[-1] if dets else 0
    return 0


def _start_past_particles(parts: list[str], k: int, stops: frozenset[str]) -> int:
    """`Jurgen den Hartog`: the start of a name at parts[k] with its particles."""
    particles = words("speakers", "name_particles")
    while k > 1 and parts[k - 1] in particles:
        j = k - 1
        while j > 0 and parts[j - 1] in particles:
            j -= 1  # `van der`
        if j == 0 or not parts[j - 1][:1].isupper():
            break
        k = j - 1
        while k > 0 and _CAPITALIZED.match(parts[k - 1]) and parts[k - 1].lower() not in stops:
            k -= 1
    return k


def _start_before_name(
    parts: list[str], k: int, after_courtesy: bool, stops: frozenset[str]
) -> int:
    """Where the phrase starts, from the word before the name at parts[k]."""
    heads = words_of("speakers", "honorifics", "person_nouns", "role_nouns", "organization_nouns")
    head = parts[k - 1]
    low = _POSSESSIVE.sub("", head.lower())
    if low in _DETERMINERS_AND_OWNERS or (
        low in _PREPOSITIONS
        and k >= 2
        and (parts[k - 2][:1].isupper() or parts[k - 2].lower().rstrip("s") in heads)
    ):
        # `a spokeswoman for the Information Office`, `Grant Wilson of Mellon Bank`, `a farmer
        # from Edo`: the name closes a longer phrase, which describe reads
        return 0
    if after_courtesy and low not in heads:
        return k  # `a deal with Tanzania Mr Brown`: no title stands before `Mr`
    if low == "and" and k >= 2 and parts[k - 2][:1].isupper():
        return _phrase_start(parts[: k - 1])  # `Tony Blair and Ruth Kelly`: two names
    if low in stops or not (head[:1].isupper() or low in heads):
        return k  # `still in jail Analysts`, `The memory Gordon Brown`
    return _title_start(parts, k - 1, stops)


def _title_start(parts: list[str], k: int, stops: frozenset[str]) -> int:
    """Where the title whose head is parts[k] starts: at a determiner or a stop word."""
    while k > 0:
        if _connects_title(parts, k):
            k -= 1  # `Secretary of State for Democracy`, `Trade and Industry Secretary`
            continue
        if parts[k - 1].lower() in _DETERMINERS_AND_OWNERS:
            return k - 1
        if _ends_title(parts[k - 1], k, stops):
            return k
        k -= 1
    return 0


def _connects_title(parts: list[str], k: int) -> bool:
    """parts[k - 1] joins a title's words: `Secretary of State`, `Trade and Industry`."""
    return (
        parts[k - 1].lower() in _CONNECTORS
        and parts[k][:1].isupper()
        and k > 1
        and (parts[k - 2][:1].isupper() or parts[k - 2].lower() in _CONNECTORS)
    )


def _ends_title(word: str, k: int, stops: frozenset[str]) -> bool:
    """A word no title runs past: a clause word, a comma, a verb in -ed, an adverb in -ly."""
    low = word.lower()
    return (
        (low in stops and (word.islower() or k == 1) and not word.isupper())
        or not any(c.isalpha() for c in word)
        or word.endswith(",")
        or (word.islower() and (low.endswith("ed") and "-" not in low or low.endswith("ly")))
    )


# words that open a noun phrase, kept with it: `the former US president Bill Clinton`
_DETERMINERS_AND_OWNERS = frozenset({"the", "a", "an", "his", "her", "its", "their"})
_CONNECTORS = frozenset({"of", "for", "and", "the", "&"})
_BY_GIVEN_NAME = frozenset({"sir", "dame"})  # "Sir Alex" is Alex Ferguson, not a Mr Alex
_PREPOSITIONS = frozenset({"of", "for", "at", "from", "in", "with", "on"})


def _possessor(mention: str) -> tuple[str | None, str]:
    """(owner, rest) of a possessive phrase: "Mr Blair's spokesman" is ("Mr Blair",
    "spokesman"), "Arsenal's Edu" ("Arsenal", "Edu"). A possessive inside the proper name of a
    body ("the Musicians' Union"), or ending the phrase ("Tony Blair's" before a noun cue),
    leaves it whole."""
    parts = mention.split()
    at = max((i for i, p in enumerate(parts[:-1]) if _POSSESSIVE_WORD.search(p)), default=None)
    if at is None:
        return None, mention
    rest = parts[at + 1 :]
    if all(p[:1].isupper() for p in parts if p.lower() not in ("of", "the", "and")) and (
        rest[-1].lower() in words("speakers", "organization_nouns")
    ):
        return None, mention
    owner = " ".join(parts[: at + 1])
    owner = _strip_determiner(_POSSESSIVE.sub("", owner))
    return (owner or None), " ".join(rest)


def describe(mention: str) -> Description:
    """(title, name, kind) for the words naming a speaker.

    `Assistant Secretary of State for Democracy and Human Rights Lorne Craner` gives the title
    and `Lorne Craner`; `U.S. officials` a group; `The Chinese foreign ministry` an organization.
    """
    last = mention.split()[-1] if mention.split() else ""
    if last.islower() and _POSSESSIVE.search(last):
        mention = _POSSESSIVE.sub("", mention)  # "his party's (call)": the party
    # "A man who picked up the telephone at the embassy": the head is before the relative clause
    head_phrase = re.split(r"\s(?:who|whom)\s", mention, maxsplit=1)[0]
    head_phrase, at_work = _apart_from_place_of_work(head_phrase)
    if at_work is not None:
        return at_work
    # "a member of Cherie Blair's Matrix Chambers": an unnamed member, not the chambers
    member = _MEMBER_OF.match(head_phrase)
    if member and member.group(1).lower() in words("speakers", "person_nouns"):
        return None, _strip_the(mention), "person"
    parts = _POSSESSIVE.sub("", head_phrase).split()
    lowered = [p.lower().rstrip(",") for p in parts]
    head = lowered[-1] if lowered else ""
    run = _name_run(parts, lowered)
    kind = _kind_of_phrase(parts, lowered, head, run)
    if kind is not None:
        return None, _strip_the(mention), kind
    if run:
        return _describe_name(parts, lowered, run, mention)
    return None, _strip_the(mention), _kind_of_head(head, len(parts))


def _apart_from_place_of_work(head_phrase: str) -> tuple[str, Description | None]:
    """A phrase less a named person's place of work, or an unnamed worker's description."""
    place = _PLACE_OF_WORK.search(head_phrase)
    if not place:
        return head_phrase, None
    before = head_phrase[: place.start()].split()
    titles = words_of("speakers", "honorifics", "role_nouns")
    named = _trailing_name(before)
    if named >= 2 and not any(w.lower() in titles for w in before[-named:]):
        # "analyst Alex Potter at Lehman Brothers": the person, not the place of work
        return head_phrase[: place.start()], None
    if before and before[-1].islower():
        # "a cocoa farmer from Edo", "health officials in Powys"
        if before[-1] in words_of("speakers", "person_nouns", "role_nouns"):
            return head_phrase, (None, _strip_the(" ".join(before)), "person")
        if before[-1] in words("speakers", "group_nouns"):
            return head_phrase, (None, _strip_the(" ".join(before)), "group")
    return head_phrase, None


def _kind_of_phrase(parts: list[str], lowered: list[str], head: str, run: int) -> str | None:
    """A phrase's kind whatever name closes it: a pair, a document, a group, a body."""
    if _names_two_speakers(parts, lowered):
        return "group"
    if head in words("speakers", "document_nouns") and not (parts and parts[-1][:1].isupper()):
        return "document"
    if any(w in words("speakers", "group_markers") for w in lowered) or (
        len(lowered) > 1 and lowered[0] in words("speakers", "group_nouns") and head.endswith("s")
    ):  # "Many MPs", "Some Labour MPs"
        return "group"
    if head in words("speakers", "organization_nouns"):
        return "organization"
    k = len(parts) - run
    if run and k > 1 and lowered[k - 1] in ("of", "for", "&") and parts[k - 2][:1].isupper():
        return "organization"  # "the Bank of England"
    return None


def _names_two_speakers(parts: list[str], lowered: list[str]) -> bool:
    """Two speakers at once: `Tony Blair and Ruth Kelly`, not a title's `and`."""
    # every word but the "and" is a capitalized name ("Minister of Energy and Mines X" is one)
    if "and" not in lowered[1:-1] or not all(
        p[:1].isupper() for p, w in zip(parts, lowered, strict=True) if w != "and"
    ):
        return False
    # nor is "Trade and Industry Secretary Patricia Hewitt" two: a pair has a person or a name
    # on each side of the "and"
    left, right = parts[: lowered.index("and")], parts[lowered.index("and") + 1 :]
    titles = words_of("speakers", "honorifics", "role_nouns")
    return len(left) > 1 or not any(w.lower() in titles for w in right[:-1])


def _name_run(parts: list[str], lowered: list[str]) -> int:
    """How many words at the end form a name, particles included: `Jurgen den Hartog`."""
    run = _trailing_name(parts)
    k = len(parts) - run
    while run and k > 1 and lowered[k - 1] in words("speakers", "name_particles"):
        # "Jurgen den Hartog", "Luiz Inacio Lula da Silva": the particle is inside the name
        run += 1 + _trailing_name(parts[: k - 1])
        k = len(parts) - run
    return run


def _describe_name(parts: list[str], lowered: list[str], run: int, mention: str) -> Description:
    """(title, name, kind) of a phrase whose last `run` words are a name."""
    k = len(parts) - run
    name_parts = parts[k:]
    title, honorific = _title_before(parts, lowered, k)
    if len(name_parts) >= 2 or honorific:
        return title or None, " ".join(name_parts), "person"
    return _describe_lone_name(title, name_parts[0], lowered[-1], mention)


def _title_before(parts: list[str], lowered: list[str], k: int) -> tuple[str | None, bool]:
    """The words before the name at parts[k] as its title, and whether an honorific ends them."""
    title = " ".join(parts[:k])
    title = _strip_determiner(title) if title else None
    if title and title.split()[-1].lower() in _DANGLING_ENDS:
        title = None  # "unveiled in the Gershon (report)": no title
    honorific = bool(title) and lowered[k - 1] in words("speakers", "honorifics")
    if title and title.lower() in words("speakers", "courtesy"):
        title = None
    elif title and title.split()[-1].lower() in words("speakers", "courtesy"):
        # "Manchester United manager Sir Alex Ferguson": the courtesy is no part of the role
        title = title.rsplit(" ", 1)[0]
    return title, honorific


def _describe_lone_name(title: str | None, name: str, low: str, mention: str) -> Description:
    """A lone capitalized word: a person by surname, a group, a country or body."""
    # a person known by surname, a group ("Analysts" opening a sentence, "the Tories"), or a
    # country or body ("China")
    if title in (None, "") and low in words("speakers", "group_nouns"):
        return None, name, "group"
    if (title or "").lower() in ("the", "") and _PLURAL_NAME.match(name):
        return None, _strip_the(mention), "group"
    if not title and low in words("speakers", "person_nouns"):
        return None, name, "person"
    if title and title.split()[-1].lower() in words("speakers", "organization_nouns"):
        return title, name, "organization"  # "telecom regulator Ofcom"
    return title or None, name, "person" if title else "organization"


def _kind_of_head(head: str, words_in_phrase: int) -> str:
    """An unnamed phrase's kind from its head noun: group, person or unknown."""
    if head in words("speakers", "group_nouns") or (head.endswith("s") and words_in_phrase > 1):
        return "group"
    if head in words("speakers", "person_nouns"):
        return "person"
    return "unknown"


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
    title = _title_phrase(_strip_determiner(appos))
    if not title:
        return
    entity.title = entity.title or title
    for prep in (" for ", " of ", " at "):
        if prep in title:
            org = title.split(prep, 1)[1]
            if org[:1].isupper() or org.lower().startswith("the "):
                entity.affiliation = entity.affiliation or _strip_determiner(org)
            break


def _title_phrase(title: str) -> str:
    """A title as a noun phrase: up to a relative or finite clause (`German stock exchange that
    is trying to buy its rival` is `German stock exchange`), less a dangling preposition."""
    kept: list[str] = []
    for word in title.split():
        if word.lower() in _CLAUSE_OPENERS:
            break
        kept.append(word)
    while kept and kept[-1].lower() in _DANGLING_ENDS:
        kept.pop()
    return " ".join(kept)


_CLAUSE_OPENERS = frozenset(
    {"that", "which", "who", "whom", "whose", "is", "are", "was", "were", "has", "have", "had",
     "will", "would", "said", "says"}
)  # fmt: skip
_DANGLING_ENDS = _PREPOSITIONS | _DETERMINERS_AND_OWNERS | {"and", "to", "by"}


def _strip_the(phrase: str) -> str:
    """Unnamed speakers keep their words, less a leading "the": "the mayor" is "mayor"."""
    return phrase[4:] if phrase[:4].lower() == "the " else phrase


def _strip_determiner(phrase: str) -> str:
    low = phrase.lower()
    for det in _DETERMINERS:
        if low.startswith(det):
            return phrase[len(det) :]
    return phrase
