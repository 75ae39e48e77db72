"""Place mentions: capitalized names of countries, cities and regions resolved against the
gazetteer, and nationality words ("Chinese police") read as the country they name.

Rules, in the spirit of CLAVIN and Mordecai without a model:
- a name is a candidate only if it is written capitalized, longest match first ("South Korea"
  before "Korea", "New York Times" is tried as "New York", then rejected as part of a name);
- a city or state inside a bigger proper name is not a place: "Washington Post", "Vienna
  Conventions", "Paris Hilton", "Michael Jordan", "Bank of England"; nor one that speaks
  ("Washington said" is the government); a name once used for a person is a person throughout;
- common words that are also towns ("Reading", "Nice") need a preposition of place before them;
- among the places a name may mean, the choice weighs kind (country, state, city) and
  population against the document: countries and states named elsewhere, the dateline, and a
  container written after a comma ("Paris, Texas"); a small town nothing supports is dropped.
- A demonym inside an organization's name still yields the country, with via="demonym":
  "American Enterprise Institute" and "Spanish Embassy" both say the country is involved.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import cache
from itertools import compress, count
from operator import or_

from dateline.annotate.lexicons import load
from dateline.annotate.places.focus import Amount, currency_amounts
from dateline.annotate.places.gazetteer import WORD, Entry, Gazetteer, gazetteer
from dateline.model import Place, Span

# Bonuses added to a candidate's prior (see gazetteer.PRIOR_*; a city has 2 points per power of
# ten of population).
_CONTAINER_BONUS = 50.0  # "Paris, Texas"
_DATELINE_BONUS = 40.0  # the story was filed from this very place
# The city's US state is named elsewhere: a factor of 30 in population, enough for Birmingham,
# Alabama (200 k) over Birmingham, England (1.1 M), not for Paris, Texas over Paris.
_STATE_BONUS = 3.0
# Other US states or cities are named: then a name shared by a state and a country is the state.
_AMONG_STATES_BONUS = 20.0
# A province or state of another country is named: then a name shared by such a division and a
# city is the division ("Cordoba" in a story naming La Pampa); as for US states above.
_AMONG_DIVISIONS_BONUS = 20.0
# A division's country is named: worth more than a city's country (a division is a bigger
# place), enough for Parana, Brazil over Parana, Argentina, not Cordoba province over the city.
_DIVISION_COUNTRY_BONUS = 4.5
# The place's country is named elsewhere (or is the dateline's): worth a factor of 10 in
# population, no more: a story naming the UK may still mean Boston, Massachusetts, and one
# naming Canada still means London, England.
_COUNTRY_BONUS = 2.0
# The country the story names most (Mordecai's order: resolve, find the focus, resolve again):
# a factor of 3 more, which tips near-ties between countries the story both names ("Valencia" in
# a story about Spain that names Venezuela once), never London, England for London, Ontario.
_FOCUS_BONUS = 1.0
# A city smaller than this is kept only when its country is in the story, or a container follows:
# a lone capitalized word resolving to a town of 30,000 is far more often something else.
_MIN_UNSUPPORTED_CITY = 100_000
# In a title-case sentence (a headline, a list of players and clubs) capitals say little: a city
# smaller than this needs a preposition of place before it.
_MIN_CITY_IN_TITLE_CASE = 1_000_000
# Separators allowed between the words of one name: "New York", "Guinea-Bissau", "St. Louis",
# "Washington, D.C.", "Cote d'Ivoire".
_NAME_GAPS = frozenset({" ", "-", ". ", ", ", "'", "’"})


@dataclass(frozen=True, slots=True)
class _Rules:
    never: frozenset[str]
    ambiguous: frozenset[str]
    locative: frozenset[str]
    modifiers: frozenset[str]
    function_words: frozenset[str]
    followers_ok: frozenset[str]
    company_words: frozenset[str]
    company_openers: frozenset[str]
    name_heads: frozenset[str]
    feature_heads: frozenset[str]
    speech_verbs: frozenset[str]
    legal_suffixes: frozenset[str]
    titles: frozenset[str]
    roles: frozenset[str]
    person_like: frozenset[str]
    not_demonyms: frozenset[str]
    language_cues: frozenset[str]
    language_nouns: frozenset[str]
    language_followers: frozenset[str]
    division_cues_after: frozenset[str]
    division_cues_before: frozenset[str]  # one word or two: "northern", "province of"
    state_abbreviations: dict[str, str]  # AP style, for datelines: "Ala." -> "Alabama"
    state_abbreviation: re.Pattern[str]  # ", Ala." after a city
    institution_before: re.Pattern[str]  # "Bank of " ending the text before a place
    institution_after: re.Pattern[str]  # " Stock Exchange" starting the text after it
    longest: dict[str, int]  # the gazetteer's index plus the first words of not_demonyms


@cache
def _rules() -> _Rules:
    lex = load("places")
    dem = load("demonyms")
    inst = load("institutions")
    longest = dict(gazetteer().longest)
    for phrase in dem["not_demonyms"]:
        phrase_words = WORD.findall(phrase)
        longest[phrase_words[0]] = max(longest.get(phrase_words[0], 0), len(phrase_words))
    return _Rules(
        never=frozenset(lex["never"]) | frozenset(lex["brands"]),
        ambiguous=frozenset(lex["ambiguous"]) | frozenset(lex["person_names"]),
        locative=frozenset(lex["locative"]),
        modifiers=frozenset(lex["modifiers"]),
        function_words=frozenset(lex["function_words"]),
        followers_ok=frozenset(lex["followers_ok"]),
        company_words=frozenset(lex["company_words"]),
        company_openers=frozenset(lex["company_openers"]),
        name_heads=frozenset(lex["name_heads"]),
        feature_heads=frozenset(lex["feature_heads"]),
        speech_verbs=frozenset(lex["speech_verbs"]),
        legal_suffixes=frozenset(lex["legal_suffixes"]),
        titles=frozenset(t.rstrip(".") for t in lex["titles"]),
        roles=frozenset(lex["roles"]),
        person_like=frozenset(lex["person_like"]),
        not_demonyms=frozenset(dem["not_demonyms"]),
        language_cues=frozenset(dem["language_cues"]),
        language_nouns=frozenset(dem["language_nouns"]),
        language_followers=frozenset(dem["language_followers"]),
        division_cues_after=frozenset(lex["division_cues_after"]),
        division_cues_before=frozenset(lex["division_cues_before"]),
        state_abbreviations=dict(lex["state_abbreviations"]),
        state_abbreviation=re.compile(
            rf",\s+({_alternation(list(lex['state_abbreviations']))})(?!\w)"
        ),
        institution_before=re.compile(
            rf"\b(?:{_alternation(inst['heads'])}) of (?:the )?$", re.IGNORECASE
        ),
        institution_after=re.compile(rf" (?:{_alternation(inst['tails'])})\b"),
        longest=longest,
    )


_OF_A_NAME = re.compile(r" of (?:the )?[A-Z]")


def _alternation(phrases: list[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


@dataclass(slots=True)
class _Mention:
    first: int  # index of its first word
    last: int  # index of its last word
    start: int
    end: int
    key: str  # the name as looked up
    candidates: tuple[Entry, ...]
    via: str  # name | demonym
    country_only: bool = False  # "the Republic of Georgia"
    division_cue: bool = False  # "Cordoba province", "New York Governor": no city


class _Words:
    """The words of a text with their offsets, and the sentences they sit in.

    Sentence facts are looked up lazily: only words next to a candidate name ever ask.
    """

    def __init__(self, text: str, sentences: list[Span]) -> None:
        self.text = text
        self.sentences = sentences
        found = list(WORD.finditer(text))
        # (map rather than a loop over the matches: the per-word steps then run in C)
        self.strs: list[str] = list(map(re.Match.group, found))
        self.starts: list[int] = list(map(re.Match.start, found))
        self.ends: list[int] = list(map(re.Match.end, found))
        self._sentence_starts = [s.start for s in sentences]
        # Indices of sentence-initial words.
        self.initial = {bisect_left(self.starts, s.start) for s in sentences}
        self._kinds: dict[int, int] = {}  # sentence index -> _PROSE | _TITLE_CASE | _HEADLINE
        self.mention_at: dict[int, _Mention] = {}  # first word index -> candidate mention
        # Indices of words inside a country, region or demonym match: "UK Reading" is not a
        # person; a city is no shield, as given names often are ("George", "Tyler", "Ron").
        self.in_places: set[int] = set()

    def __len__(self) -> int:
        return len(self.strs)

    def add_mentions(self, mentions: list[_Mention]) -> None:
        """Know each mention by its first word, and the words of those that are no city."""
        for m in mentions:
            self.mention_at[m.first] = m
            if m.via == "demonym" or m.candidates[0].kind != "city":
                self.in_places.update(range(m.first, m.last + 1))

    def sentence_of(self, i: int) -> int:
        return bisect_right(self._sentence_starts, self.starts[i]) - 1

    def gap(self, i: int) -> str:
        """The text between word i and word i + 1; a line broken inside a sentence (wire copy
        wraps its lines) is one space."""
        gap = self.text[self.ends[i] : self.starts[i + 1]]
        return " " if "\n" in gap and gap.isspace() else gap

    def joined(self, i: int) -> bool:
        """Word i and word i + 1 are next to each other in one sentence."""
        return i >= 0 and i + 1 < len(self.strs) and self.sentence_of(i) == self.sentence_of(i + 1)

    def wrapped(self, i: int) -> bool:
        """Word i ends a line of wire copy and word i + 1 starts the next, with no stop between:
        one sentence, though the splitter may have read the line as a heading ("... of the
        Exchequer Nigel\nLawson has told ...")."""
        return i + 1 < len(self.strs) and self.text[self.ends[i] : self.starts[i + 1]] == "\n"

    def in_headline(self, i: int) -> bool:
        return self._kind(i) == _HEADLINE

    def in_title_case(self, i: int) -> bool:
        return self._kind(i) != _PROSE

    def _kind(self, i: int) -> int:
        index = self.sentence_of(i)
        if index not in self._kinds:
            self._kinds[index] = _sentence_kind(self.sentences[index].text) if index >= 0 else 0
        return self._kinds[index]


_PROSE, _TITLE_CASE, _HEADLINE = 0, 1, 2


def _sentence_kind(sentence: str) -> int:
    long_words = [w for w in WORD.findall(sentence) if len(w) > 3 and w.isalpha()]
    capitalized = sum(w[0].isupper() for w in long_words)
    if len(long_words) < 3 or capitalized < 0.75 * len(long_words):
        return _PROSE
    # A headline has no closing punctuation; lists of names ("Chris Paterson (Edinburgh),
    # Gordon Ross (Leeds).") are title case too, but end in a stop.
    return _TITLE_CASE if sentence[-1] in ".!?\"”'’:;" else _HEADLINE


def find_places(
    text: str,
    sentences: list[Span],
    dateline: str | None = None,
    filed: Span | None = None,
    published: str | None = None,
    amounts: list[Amount] | None = None,
) -> tuple[list[Place], Place | None]:
    """Places named in `text`, and countries evoked by nationality words, sorted by start; and
    the place the story was filed from.

    `filed` is the place words of the dateline the text opens with (datelines.find_dateline),
    `dateline` the manifest's, which is trusted over the text's when both are given. A city
    of a state that has since split lies in that state when the story is `published` before:
    Moscow in 1987 is the Soviet Union's.
    """
    gaz = gazetteer()
    rules = _rules()
    words = _Words(text, sentences)
    mentions = [m for m in _candidates(words, gaz, rules) if m is not None]
    filed_entry = _dateline_entry(filed.text, gaz, rules) if filed is not None else None
    filed_place = _place(filed, filed_entry, "dateline")
    if filed_place is not None:
        mentions = [m for m in mentions if m.start >= filed.end or m.end <= filed.start]
    home = (_dateline_entry(dateline, gaz, rules) if dateline else None) or filed_entry
    words.add_mentions(mentions)
    kept = _kept(words, mentions, gaz, rules)
    _mark_cues(words, kept, rules)
    # an amount in a country's currency (`£24m`) evokes it too: Newcastle in a story priced in
    # pounds is England's
    amounts = currency_amounts(text) if amounts is None else amounts
    paid_in = frozenset(a.country for a in amounts if not a.weak)
    places = _resolve(text, kept, gaz, rules, home, paid_in)
    if filed_place is not None:
        places.insert(0, filed_place)
    else:
        filed_place = _place(None, home, "dateline")  # the manifest's, when it names a place
    if published:
        places = [_as_of(p, published, gaz) for p in places]
        filed_place = filed_place and _as_of(filed_place, published, gaz)
    return places, filed_place


def _kept(words: _Words, mentions: list[_Mention], gaz: Gazetteer, rules: _Rules) -> list[_Mention]:
    """The mentions that are places; one in the name of a national institution, its country."""
    persons = _person_names(words, mentions, rules)
    companies = _company_names(words, mentions, rules)
    return [
        m
        for m in mentions
        if _is_place(words, m, rules, persons, companies) or _institution(words, m, gaz, rules)
    ]


def _mark_cues(words: _Words, kept: list[_Mention], rules: _Rules) -> None:
    """Mark the mentions whose words pick their kind: "Republic of Georgia", "Cordoba province"."""
    for index, m in enumerate(kept):
        # "the Republic of Georgia" is the country whatever else the story names.
        m.country_only = m.first >= 2 and words.strs[m.first - 2 : m.first] == ["Republic", "of"]
        if any(_is_division(e) for e in m.candidates[1:]):
            m.division_cue = _division_cue(words, kept, index, rules)


def _as_of(p: Place, published: str, gaz: Gazetteer) -> Place:
    """The place in the state that held it when the story was written."""
    ended, code = gaz.former.get(p.country or "", ("", ""))
    if published >= ended:
        return p
    held = gaz.countries[code].name
    # Kiev in ("Ukraine",) is in ("Soviet Union",); Ukraine itself, in ("Soviet Union",)
    within = (*p.within[:-1], held) if p.kind != "country" else (held,)
    return replace(p, country=code, successor=p.country, within=within)


def _place(span: Span | None, e: Entry | None, via: str) -> Place | None:
    if e is None:
        return None
    return Place(
        span, e.name, e.country, e.kind, e.geonameid, e.lat, e.lon, via, e.within, e.successor
    )


def _candidates(words: _Words, gaz: Gazetteer, rules: _Rules) -> list[_Mention | None]:
    """Longest gazetteer or demonym matches starting at capitalized words, left to right."""
    out: list[_Mention | None] = []
    text = words.text
    n = len(words)
    # Only a word the index knows, or one in capitals, may start a name: those are found for
    # the whole text at once (in C), and the loop visits them alone.
    longest = rules.longest
    maybe = map(or_, map(longest.__contains__, words.strs), map(str.isupper, words.strs))
    i = 0  # the first word not yet consumed by a name
    for first in compress(count(), maybe):
        if first < i:
            continue
        i = first
        word = words.strs[i]
        if not word[0].isupper():
            continue
        most = longest.get(word) or (longest.get(word.title()) if word.isupper() else 0)
        if not most:
            continue
        found = None
        top = min(i + most, n) - 1
        # The last word a name from i may reach: words joined in one sentence by name gaps.
        reach = i
        while reach < top and words.joined(reach) and words.gap(reach) in _NAME_GAPS:
            reach += 1
        for last in range(reach, i - 1, -1):
            key = text[words.starts[i] : words.ends[last]]
            if "\n" in key:
                key = " ".join(key.split())  # "New\nYork"
            found = _lookup(key, i, last, words, gaz, rules)
            if found is None and key.isupper():
                found = _lookup(_unshout(key), i, last, words, gaz, rules)  # "BEIJING (AP) -"
            if found is not None:
                break
        if found is None:
            continue
        # A fixed expression ("Indian Ocean") is consumed but yields nothing.
        out.append(found if found.candidates else None)
        i = found.last + 1
    return out


def _lookup(
    key: str, first: int, last: int, words: _Words, gaz: Gazetteer, rules: _Rules
) -> _Mention | None:
    start, end = words.starts[first], words.ends[last]
    if key in rules.not_demonyms:
        return _Mention(first, last, start, end, key, (), "demonym")
    country = gaz.institutions.get(key)
    if country is not None and not _OF_A_NAME.match(
        words.text, end
    ):  # "Export-Import Bank of Japan"
        return _Mention(first, last, start, end, key, (country,), "institution")
    entries = gaz.names.get(key)
    if entries:
        return _Mention(first, last, start, end, key, entries, "name")
    country = gaz.demonyms.get(key)
    if country is not None:
        return _Mention(first, last, start, end, key, (country,), "demonym")
    return None


def _person_names(words: _Words, mentions: list[_Mention], rules: _Rules) -> set[str]:
    """One-word names the story uses for a person ("Mr Jordan", "Michael Jordan")."""
    persons = set()
    for m in mentions:
        if m.first == m.last and m.via == "name" and _person_before(words, m, rules):
            persons.add(m.key)
    return persons


def _company_names(words: _Words, mentions: list[_Mention], rules: _Rules) -> set[int | str]:
    """Small towns and provinces the story uses as a company's name ("Arvin Industries Inc",
    "Prescott, Ball and Turben Inc", "The Hokkaido Bank Ltd"): the first word index of each
    such use, and the name, which elsewhere then needs a preposition of place to be the place."""
    out: set[int | str] = set()
    for m in mentions:
        if _may_name_company(m) and _company_follows(words, m, rules):
            out.update((m.first, m.key))
    return out


def _may_name_company(m: _Mention) -> bool:
    """A name read as a small town or a province: not a country, a US state nor a big city."""
    best = m.candidates[0] if m.candidates else None
    if m.via != "name" or best is None or best.kind == "country":
        return False
    if best.kind == "city":
        return best.population < _MIN_UNSUPPORTED_CITY
    return not best.state


def _company_follows(words: _Words, m: _Mention, rules: _Rules) -> bool:
    """Words after the name that make it a company's: "Arvin Industries Inc", "Norton co"."""
    # Up to four words: "Arvin Industries Inc", "Prescott, Ball and Turben Inc"
    for i in range(m.last, min(m.last + 4, len(words) - 1)):
        word = words.strs[i + 1]
        suffix = _legal_suffix(word, rules)
        if not (suffix or word[0].isupper() or word == "and"):
            return False
        if words.gap(i) not in (" ", ", ") or not (words.joined(i) or words.wrapped(i)):
            return False
        # "Stuart Pharmaceuticals": a company word right after the name will do
        if suffix or (i == m.last and words.gap(i) == " " and word in rules.company_words):
            return True
    return False


def _legal_suffix(word: str, rules: _Rules) -> bool:
    """A company's legal form: "Inc", "Ltd.", or short in lower case, "co" (not "company")."""
    bare = word.rstrip(".")
    # "Norton co said": an abbreviation in lower case too, not "Yorkshire company"
    return bare in rules.legal_suffixes or (
        bare.islower() and len(bare) <= 4 and bare.title() in rules.legal_suffixes
    )


def _possessive(words: _Words, m: _Mention) -> bool:
    return (
        words.joined(m.last) and words.gap(m.last) in ("'", "’") and words.strs[m.last + 1] == "s"
    )


def _person_before(words: _Words, m: _Mention, rules: _Rules) -> bool:
    """A title or a given name just before: "Mr Jordan", "Michael Jordan", "Jack London"."""
    p = m.first - 1
    if p < 0 or not (words.joined(p) or words.wrapped(p)) or words.gap(p) not in (" ", ". "):
        return False
    prev = words.strs[p]
    if prev.rstrip(".") in rules.titles or prev in rules.roles:
        return True
    if len(prev) == 1 and prev.isupper():
        return True  # an initial: "John F. Kennedy", "Samuel L Jackson"
    if words.gap(p) != " " or not prev[0].isupper() or p in words.in_places:
        return False
    # A word in capitals is no given name ("TO BUY BRAZIL GOLD", "IN"): in an all-caps
    # headline every word looks like one.
    if prev in rules.modifiers or prev.title() in rules.function_words or prev.isupper():
        return False
    # A capitalized word opening the sentence is a given name only if nothing says otherwise:
    # "Visiting Paris" and "Reported London" are not people.
    return not (p in words.initial and prev.lower().endswith(("ing", "ed", "ly")))


def _is_place(
    words: _Words, m: _Mention, rules: _Rules, persons: set[str], companies: set[int | str]
) -> bool:
    """Whether a mention means a place: a name that is no part of a bigger name nor a common word
    out of place, a nationality word that is no language; an institution always."""
    if m.via == "institution":
        return True
    if m.via == "demonym":
        return _is_nationality(words, m, rules)
    if m.key in rules.never or m.key in persons:
        return False
    if _used_for_company(words, m, rules, companies):
        return False  # "Arvin Industries Inc said ... at Arvin's option"
    if _after_name_particle(words, m):
        return False  # "Sheikh Ali al-Sabah": a family's name
    if m.key in rules.ambiguous and not _plain_locative(words, m, rules):
        return False  # "Reading", "Nice": a common word or a given name, unless "in Reading"
    if _small_city_in_title_case(words, m, rules):
        return False
    if _after_name_head(words, m, rules) or _after_feature_head(words, m, rules):
        return False
    if _in_company_name(words, m, rules):
        return False
    # A country is no part of a bigger name, unless persons are named like it ("Jordan").
    if m.key in rules.person_like or m.candidates[0].kind != "country":
        return not _in_bigger_name(words, m, rules)
    return True


def _used_for_company(words: _Words, m: _Mention, rules: _Rules, companies: set[int | str]) -> bool:
    """A name the story uses for a company, here too unless after a preposition of place."""
    return m.key in companies and (
        m.first in companies
        or _possessive(words, m)
        or words.strs[m.first - 1] == "of"  # "two pct of Norton revenues"
        or not _plain_locative(words, m, rules)
    )


def _after_name_particle(words: _Words, m: _Mention) -> bool:
    """After a particle of an Arabic name: "al-Sabah", "bin Sultan"."""
    p = m.first - 1
    return p >= 0 and words.strs[p] in _NAME_PARTICLES and words.gap(p) in ("-", " ")


def _small_city_in_title_case(words: _Words, m: _Mention, rules: _Rules) -> bool:
    """A small city in a title-case sentence, with no preposition of place before it."""
    best = m.candidates[0]
    return (
        best.kind == "city"
        and words.in_title_case(m.first)
        and best.population < _MIN_CITY_IN_TITLE_CASE
        and not _plain_locative(words, m, rules, in_title_case=True)
    )


def _after_feature_head(words: _Words, m: _Mention, rules: _Rules) -> bool:
    """ "Lake Victoria", "Mount Lebanon": a feature named after the place, not the place."""
    p = m.first - 1
    return words.joined(p) and words.strs[p] in rules.feature_heads


def _in_company_name(words: _Words, m: _Mention, rules: _Rules) -> bool:
    """Part of a company's or a site's name: "Japan Airlines", "First Chicago", "<UK>"."""
    next_word = _word_after(words, m)
    if next_word.rstrip(".") in rules.company_words or (
        next_word.isupper() and next_word.title() in rules.company_words
    ):
        return True  # "Turkey Point", "Japan Airlines", "TEXAS AIR": a company or a site
    if _TICKER.match(words.text, m.end):
        return True  # "PS NEW MEXICO <PNM>", "OHIO MATTRESS <OMT>": a company, before its ticker
    p = m.first - 1
    if words.joined(p) and words.strs[p] in rules.company_openers and p not in words.initial:
        return True  # "First Chicago", "Credit Suisse-First Boston": a bank
    return _in_brackets(words.text, m)  # "<Bangkok Bank Ltd>", "<UK>": a company or a ticker


def _in_bigger_name(words: _Words, m: _Mention, rules: _Rules) -> bool:
    """Part of a person's or another name, or a speaker: "Paris Hilton", "Washington said"."""
    if _person_before(words, m, rules):
        return True
    next_word = _word_after(words, m)
    # "Washington Post", "Vienna Conventions", "Paris Hilton": part of a bigger name; in
    # capitals ("KENYA TALKS") every word looks like one.
    shouted = next_word.isupper() and words.text[m.start : m.end].isupper()
    if (
        next_word[:1].isupper()
        and next_word not in rules.followers_ok
        and not words.in_headline(m.first)
        and not shouted
    ):
        return True
    # "Bristol-Myers", "Hewlett-Packard": a hyphen to a capitalized word that is no place
    nxt = m.last + 1
    if (
        words.joined(m.last)
        and words.gap(m.last) == "-"
        and words.strs[nxt][:1].isupper()
        and nxt not in words.mention_at
    ):
        return True
    # "Washington said": the government speaks, or a person of that name.
    return next_word in rules.speech_verbs


def _word_after(words: _Words, m: _Mention) -> str:
    """The word one space after the name, in its sentence or on the next line; "" if none."""
    spaced = (words.joined(m.last) or words.wrapped(m.last)) and words.gap(m.last) == " "
    return words.strs[m.last + 1] if spaced else ""


def _in_brackets(text: str, m: _Mention) -> bool:
    """Inside <...>, within a few words."""
    opened = text.rfind("<", max(0, m.start - 60), m.start)
    if opened < 0 or ">" in text[opened : m.start]:
        return False
    closed = text.find(">", m.end, m.end + 60)
    return closed >= 0 and "<" not in text[m.end : closed]


def _institution(words: _Words, m: _Mention, gaz: Gazetteer, rules: _Rules) -> bool:
    """A place named in a national institution's name ("Bank of Korea", "Toronto Stock
    Exchange") yields the country, via "institution", the mention then spanning the name."""
    if m.via != "name" or m.key in rules.never or not m.candidates[0].country:
        return False
    text = words.text
    before = rules.institution_before.search(text, max(0, m.start - 40), m.start)
    after = None if before else rules.institution_after.match(text, m.end)
    if before is None and after is None:
        return False
    m.start, m.end = (before.start(), m.end) if before else (m.start, after.end())
    m.candidates = (gaz.countries[m.candidates[0].country],)
    m.via = "institution"
    return True


def _is_division(e: Entry) -> bool:
    """A US state, or a province, state or region of another country."""
    return e.kind == "region" and e.country is not None


_COORDINATION = frozenset({", ", " and ", ", and ", " or ", ", or "})
# Lower-case particles of Arabic names: "al-Sabah", "bin Sultan".
_NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn"})
# A ticker after the name, or after a few more capitalized words of it: "OHIO MATTRESS <OMT>".
_TICKER = re.compile(r"(?:[ -][A-Z][\w&'.-]*){0,3} ?<[A-Z][A-Z0-9]*(?:\.[A-Z]+)?>")
_SPACES = re.compile(r"\s+")


def _division_cue(words: _Words, kept: list[_Mention], index: int, rules: _Rules) -> bool:
    """Words around a name shared by a city and a division that say it is the division: "Cordoba
    province", "upstate New York", "New York Governor"; or a division of the same country beside
    it: "New York and New Hampshire", "Corrientes, Chaco and Formosa"."""
    m = kept[index]
    nxt = m.last + 1
    if (
        words.joined(m.last)
        and words.gap(m.last) == " "
        and words.strs[nxt] in rules.division_cues_after
    ):
        return True
    p = m.first - 1
    if p >= 0 and words.joined(p) and words.gap(p) == " ":
        if words.strs[p] in rules.division_cues_before:
            return True
        two = f"{words.strs[p - 1]} {words.strs[p]}" if p >= 1 and words.joined(p - 1) else ""
        if two in rules.division_cues_before:
            return True
    countries = {e.country for e in m.candidates if _is_division(e)}
    for other in kept[max(0, index - 1) : index + 2]:
        if other is m or other.via != "name":
            continue
        a, b = (other.end, m.start) if other.end <= m.start else (m.end, other.start)
        between = _SPACES.sub(" ", words.text[a:b])
        best = other.candidates[0]
        if between in _COORDINATION and _is_division(best) and best.country in countries:
            return True
    return False


def _plain_locative(words: _Words, m: _Mention, rules: _Rules, in_title_case: bool = False) -> bool:
    """After "in", "to", "from"... mid-sentence (not in a headline), or before its container."""
    if m.first == 0 or m.first in words.initial:
        return False
    if not in_title_case and (words.in_headline(m.first) or words.in_title_case(m.first)):
        return False
    if words.joined(m.last) and words.gap(m.last) == ", ":
        after = words.mention_at.get(m.last + 1)  # "Reading, Pennsylvania"
        if after is not None and any(e.kind != "city" for e in after.candidates):
            return True
    p = m.first - 1
    return words.joined(p) and words.strs[p] in rules.locative


def _after_name_head(words: _Words, m: _Mention, rules: _Rules) -> bool:
    """ "Bank of England", "University of London": an organization, not a place."""
    p = m.first - 1
    if p < 1 or words.strs[p].lower() != "of" or not words.joined(p - 1):
        return False
    head = words.strs[p - 1]
    return (head.title() if head.isupper() else head) in rules.name_heads  # "BANK OF NEW YORK"


def _is_nationality(words: _Words, m: _Mention, rules: _Rules) -> bool:
    """A nationality word, not a language ("in Chinese and English") nor part of a person's name."""
    nxt = m.last + 1
    next_word = ""
    if words.joined(m.last):
        gap = words.gap(m.last)
        if gap[:1] == "-" and gap[1:].isspace():
            gap = "-"  # "English-\nlanguage": a hyphen where wire copy wrapped its line
        next_word = words.strs[nxt] if gap == " " else "-" + words.strs[nxt] if gap == "-" else ""
    if next_word.lstrip("-") in rules.language_nouns:  # "English teacher", "English-speaking"
        return False
    p = m.first - 1
    if p < 0 or not words.joined(p):
        return True
    prev = words.strs[p]
    if prev.rstrip(".") in rules.titles:  # "Mr English"
        return False
    if prev.lower() in rules.language_cues or prev in ("and", "or"):
        # The language stands alone: "written in English." "learning English in Japan",
        # "in both Chinese and English"; not "in Chinese custody".
        return bool(next_word) and next_word not in rules.language_followers
    return True


def _resolve(
    text: str,
    mentions: list[_Mention],
    gaz: Gazetteer,
    rules: _Rules,
    home: Entry | None,
    paid_in: frozenset[str] = frozenset(),
) -> list[Place]:
    """The place each mention names, read in the story; none for a town nothing there supports."""
    story = _Story(mentions, home, paid_in)
    containers = _containers(text, mentions, gaz, rules)
    placed = _placed(mentions, containers)
    places = []
    for index, m in enumerate(mentions):
        holder = containers.get(index)
        candidates = _readings(m, holder, placed)
        if candidates is None or _unknown_town(candidates, holder):
            continue  # "Norwood, N.C.": a town the gazetteer lacks, not Norwood, Ohio
        has_country = any(e.kind == "country" for e in candidates)
        best = max(candidates, key=lambda e: story.score(e, m.key, holder, has_country))
        if m.via == "name" and m.key not in placed and not story.supports(best, m.key, holder):
            continue
        places.append(_place(Span(m.start, m.end, text[m.start : m.end]), best, m.via))
    return places


def _placed(mentions: list[_Mention], containers: dict[int, _Mention]) -> dict[str, Entry | None]:
    """The place each name's container made it, for the whole story; None for no known place."""
    # One sense per story: a name its container placed ("Bloomington, Ill.") is that place
    # wherever else it is written bare; one whose container holds no town of that name
    # ("Norwood, N.C.") is no known place anywhere in the story.
    placed: dict[str, Entry | None] = {}
    for index, holder in containers.items():
        m = mentions[index]
        if m.key in placed or m.via != "name":
            continue
        if _unknown_town(m.candidates, holder):
            placed[m.key] = None
            continue
        held = [e for e in m.candidates if _holds(holder, e)]
        if held and all(e.kind == "city" for e in held):
            placed[m.key] = max(held, key=lambda e: e.prior)
    return placed


def _readings(
    m: _Mention, holder: _Mention | None, placed: dict[str, Entry | None]
) -> tuple[Entry, ...] | None:
    """The candidates the mention's cues and the story's one sense leave; None for no place."""
    if m.country_only:
        return tuple(e for e in m.candidates if e.kind == "country") or m.candidates
    if m.division_cue:
        return tuple(e for e in m.candidates if e.kind != "city") or m.candidates
    if holder is None and m.key in placed and m.via == "name":
        sense = placed[m.key]
        return None if sense is None else (sense,)
    return m.candidates


class _Story:
    """What the story names besides a mention: countries, US states and the dateline.

    Each country or state remembers the names that evoked it, so that a name never counts as
    its own evidence ("Georgia" does not make Georgia the country likelier).
    """

    def __init__(
        self, mentions: list[_Mention], home: Entry | None, paid_in: frozenset[str] = frozenset()
    ) -> None:
        self.home = home
        self.paid_in = paid_in  # the countries of the story's currency amounts
        self.countries: dict[str, set[str]] = {}
        self.states: dict[str, set[str]] = {}
        # Country -> names of its divisions (not US states): "La Pampa", "Cordoba province".
        self.divisions: dict[str, set[str]] = {}
        for m in mentions:
            self._note_division(m)
            self._note_support(m)
        if home is not None and home.state:
            self.states.setdefault(home.state, set()).add("")  # no mention's own name
        self.focus = _focus(mentions, home)

    def _note_division(self, m: _Mention) -> None:
        """Note the name of a division (no US state) the mention may read as, by its country."""
        best = m.candidates[0]
        if m.division_cue or (_is_division(best) and not best.state):
            division = next((e for e in m.candidates if _is_division(e) and not e.state), None)
            if division is not None:
                self.divisions.setdefault(division.country, set()).add(m.key)

    def _note_support(self, m: _Mention) -> None:
        """Note the name under the country and US state of its best reading, unless a small town."""
        best = m.candidates[0]
        if best.kind == "city" and best.population < _MIN_UNSUPPORTED_CITY:
            return  # too weak a reading to lend support to others
        if best.country:
            self.countries.setdefault(best.country, set()).add(m.key)
        if best.state:
            self.states.setdefault(best.state, set()).add(m.key)

    def names_country(self, country: str | None, key: str) -> bool:
        return bool(country) and _other_than(self.countries.get(country, set()), key)

    def names_state(self, state: str | None, key: str) -> bool:
        return bool(state) and _other_than(self.states.get(state, set()), key)

    def names_any_state(self, key: str) -> bool:
        return any(_other_than(keys, key) for keys in self.states.values())

    def score(self, e: Entry, key: str, holder: _Mention | None, has_country: bool) -> float:
        s = e.prior
        if holder is not None and e is not holder.candidates[0] and _holds(holder, e):
            s += _CONTAINER_BONUS
        if self.home is not None and _same_place(e, self.home):
            s += _DATELINE_BONUS
        if e.state:
            # The United States are named in most stories: for a US place the evidence is the
            # state ("Athens" with "US" nearby is still Athens, Greece).
            if e.kind == "city" and self.names_state(e.state, key):
                s += _STATE_BONUS
            # A state among other US places rather than the country: "Georgia" beside "Iowa".
            elif e.kind == "region" and has_country and self.names_any_state(key):
                s += _AMONG_STATES_BONUS
        else:
            if (
                self.names_country(e.country, key)
                or (self.home is not None and e.country == self.home.country)
                or e.country in self.paid_in
            ):
                s += _DIVISION_COUNTRY_BONUS if _is_division(e) else _COUNTRY_BONUS
            if _is_division(e) and _other_than(self.divisions.get(e.country, set()), key):
                s += _AMONG_DIVISIONS_BONUS
        if e.kind == "city" and e.country == self.focus:
            s += _FOCUS_BONUS
        return s

    def supports(self, e: Entry, key: str, holder: _Mention | None) -> bool:
        """A big place needs no support; a small town needs its country or state in the story."""
        if e.kind != "city" or e.population >= _MIN_UNSUPPORTED_CITY:
            return True
        if e.state:
            # The United States are named in nearly every story: a US town needs its state, or
            # the dateline's ("Stuart" for Stuart Pharmaceuticals is no town in Florida).
            return (holder is not None and _holds(holder, e)) or self.names_state(e.state, key)
        return (
            (holder is not None and _holds(holder, e))
            or (self.home is not None and e.country == self.home.country)
            or self.names_country(e.country, key)
            or self.names_state(e.state, key)
        )


def _focus(mentions: list[_Mention], home: Entry | None) -> str | None:
    """The country of most mentions that are no city (the dateline counts two); none on a tie."""
    # Cities do not vote: their reading is what the focus helps decide.
    weight: dict[str, int] = {}
    for m in mentions:
        best = m.candidates[0]
        if best.kind != "city" and best.country:
            weight[best.country] = weight.get(best.country, 0) + 1
    if home is not None and home.country:
        weight[home.country] = weight.get(home.country, 0) + 2
    ranked = sorted(weight.items(), key=lambda kv: -kv[1])
    return ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None


def _other_than(keys: set[str], key: str) -> bool:
    """Whether `keys` holds a name besides `key`: asked for every mention, so without copying
    a set that grows with the story."""
    return len(keys) > (key in keys)


def _same_place(a: Entry, b: Entry) -> bool:
    # Not identity: a name shared with a state holds its own copy of a city ("New York").
    return a.geonameid == b.geonameid and a.name == b.name and a.kind == b.kind


def _containers(
    text: str, mentions: list[_Mention], gaz: Gazetteer, rules: _Rules
) -> dict[int, _Mention]:
    """Mention index -> the mention right after it, past a comma: "Paris, Texas"; or the US
    state an AP abbreviation there names: "Birmingham, Ala."."""
    out = {}
    for index, m in enumerate(mentions):
        after = mentions[index + 1] if index + 1 < len(mentions) else None
        if after is not None and after.via == "name" and _comma_between(text, m.end, after.start):
            if m.candidates[0].kind == after.candidates[0].kind == "country":
                continue  # a list: "Mexico, Philippines, Indonesia"
            out[index] = after
            continue
        abbreviation = rules.state_abbreviation.match(text, m.end)
        if abbreviation is not None:
            state = rules.state_abbreviations[abbreviation.group(1)]
            start, end = abbreviation.span(1)
            out[index] = _Mention(-1, -1, start, end, state, gaz.names[state], "name")
    return out


def _comma_between(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a comma and white space: read from the comma on, not the
    text between every two names a story holds."""
    return text.startswith(",", start) and _SPACES.fullmatch(text, start + 1, end) is not None


def _unknown_town(candidates: tuple[Entry, ...], holder: _Mention | None) -> bool:
    """A name followed by a US state or a province that holds no place of that name: "Norwood,
    N.C.", "Essex, Ontario" (not the English county)."""
    if holder is None or any(e.kind == "country" for e in candidates):
        return False
    if not _is_division(holder.candidates[0]):
        return False  # "London, Frankfurt, New York": a list of cities
    countries = {h.country for h in holder.candidates if _is_division(h)}
    if not countries or any(_is_division(e) and e.country in countries for e in candidates):
        return False  # "Texas, Louisiana": a list of divisions
    return not any(_holds(holder, e) for e in candidates)


def _holds(holder: _Mention, e: Entry) -> bool:
    for h in holder.candidates:
        if h.kind == "country" and e.country == h.country:
            return True
        if h.kind == "region" and h.state and e.state == h.state:
            return True
        # A province holds its country's cities: the gazetteer has no province of a city.
        if _is_division(h) and not h.state and e.kind == "city" and e.country == h.country:
            return True
    return False


def _dateline_entry(dateline: str | None, gaz: Gazetteer, rules: _Rules) -> Entry | None:
    """The place a dateline names: "Beijing", "WASHINGTON", "BIRMINGHAM, Ala.", "Paris, Texas"."""
    if not dateline:
        return None
    parts = [_unshout(p.strip()) for p in dateline.split(",") if p.strip()]
    if not parts:
        return None
    entries = gaz.names.get(parts[0]) or gaz.names.get(dateline.strip())
    if not entries:
        return None
    if len(parts) > 1:
        holder_name = rules.state_abbreviations.get(parts[1], parts[1])
        for holder in gaz.names.get(holder_name, ()):
            inside = [
                e
                for e in entries
                if (holder.kind == "country" and e.country == holder.country)
                or (holder.state and e.state == holder.state and e is not holder)
            ]
            if inside:
                return inside[0]
        # "ROSEMONT, Ill.": a town the gazetteer lacks is in the state or country named
        holders = gaz.names.get(holder_name, ())
        if any(h.kind != "city" for h in holders):
            return next(h for h in holders if h.kind != "city")
    return entries[0]


def _unshout(name: str) -> str:
    """ "NEW YORK" -> "New York"; acronyms ("US") stay."""
    return name.title() if name.isupper() and len(name) > 3 else name
