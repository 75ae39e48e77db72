"""What the date rules share: a match with the words before it, the hit it gives, the context."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateline.annotate.dates.lexicon import key, lexicon
from dateline.annotate.dates.normalize import Anchor, iso
from dateline.annotate.text import sentence_at, sentence_index
from dateline.model import Span

UNKNOWN_DAY = "XXXX-XX-XX"
UNKNOWN_WEEK = "XXXX-WXX"


# A relative or time clause has its own verb: "it will begin ... from the relatives who have
# been caring for him since he was rescued in late November" looks back.
_CLAUSE_BREAK = re.compile(r"[,;:()\"“”_]|``|''|--|\b(?:ohw|hcihw|ecnis)\b")
_PAST_PLAN = re.compile(r"\bhad(?:\s+been)?\s+$")
_PAST_PERFECT = re.compile(r"\bhad\b")
# A verb in the past (or a past participle) in a sentence: it tells of what happened.
_PAST_SIGN = re.compile(
    r"\b(?:was|were|had|did|said|told|made|took|came|went|got|gave|met|began|left|fell|rose|"
    r"won|lost|sold|bought|paid|held|ran|saw|found|became|brought|thought|knew|put|set|cut|"
    r"hit|kept|spent|wrote|spoke|grew|led|sent|felt|built|\w{2,}ed)\b",
    re.IGNORECASE,
)
_OPENING = re.compile(r"[\s\"'`“‘(]*(?:(?:on|early|late)\s+)?", re.IGNORECASE)


def _scheduled(before: list[str]) -> bool:
    """Whether the words just before a date end in a present verb that schedules it ("the two
    leaders meet separately on Monday")."""
    words = [w for w in before[-3:] if w != "on"]
    while words and (words[-1].endswith("ly") or words[-1] in ("again", "here", "there")):
        words.pop()
    # ("due to expire Friday", "will meet Monday": the words before tell the tense)
    infinitive = len(words) > 1 and words[-2] in ("to", "will", "would", "could", "may", "might")
    return bool(words) and words[-1] in lexicon().scheduled_verbs and not infinitive


class RuleMatch:
    """A rule's match joined with the words before it that belong to it ("early", "last")."""

    __slots__ = ("m", "left")

    def __init__(self, m: re.Match[str], left: re.Match[str] | None) -> None:
        self.m = m
        self.left = left if left is not None and left.end() > left.start() else None

    def _source(self, name: str) -> re.Match[str] | None:
        if self.left is not None and name in self.left.re.groupindex:
            return self.left
        return self.m if name in self.m.re.groupindex else None

    def group(self, name: str | int = 0) -> str | None:
        if name == 0:
            return self.m.string[self.start() : self.end()]
        source = self._source(str(name))
        return source.group(name) if source else None

    def groupdict(self) -> dict[str, str | None]:
        d = self.m.groupdict()
        if self.left is not None:
            d |= self.left.groupdict()
        return d

    def start(self, name: str | int = 0) -> int:
        if name == 0:
            return self.left.start() if self.left is not None else self.m.start()
        source = self._source(str(name))
        return source.start(name) if source else -1

    def end(self, name: str | int = 0) -> int:
        if name == 0:
            return self.m.end()
        source = self._source(str(name))
        return source.end(name) if source else -1


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    type: str
    value: str
    mod: str | None = None
    begin: str | None = None
    end_day: str | None = None
    anaphoric: bool = False  # "that same day": the day of the date named last, found later


@dataclass(slots=True)
class Context:
    text: str
    anchor: Anchor
    published: str | None
    sentences: list[Span]
    cache: dict[str, object] = field(default_factory=dict)  # what rules find once per text

    def tense(self, start: int, neutral: bool = False) -> int:
        """+1 when the clause around `start` speaks of the future, else -1; with `neutral`, 0
        when nothing in its sentence is in the past either ("hope to regain the Senate in
        November"), so that a month takes the nearest year, ahead or behind."""
        sentence = sentence_at(self.sentences, start)
        lo = sentence.start if sentence else max(0, start - 200)
        hi = sentence.end if sentence else start + 200
        before = self.text[max(lo, start - 25) : start].lower().split()
        if _looks_back_from_word_before(before):
            return -1
        clause_start = self._clause_start(lo, start)
        if before and before[-1] in lexicon().deadline_words:
            return self._deadline_tense(start, clause_start, hi)
        if _scheduled(before):
            return 1  # "the talks resume Monday": a present that schedules
        # News reports what happened: without a sign of the future, look back.
        if self._future_marked(lo, clause_start, start) or self._plan_after_opening(lo, start, hi):
            return 1
        if neutral and not _PAST_SIGN.search(self.text, lo, hi):
            return 0
        return -1

    def _clause_start(self, lo: int, start: int) -> int:
        """Where the clause holding `start` begins: the clause, not the sentence ("will now
        appeal, Cuba predicted Wednesday" looks back), and its words before the date, where the
        verb is ("closed it Monday and will..." too). A date opening a parenthesis restates
        the clause before it: "will leave at 4 in the morning (4 a.m. EDT Thursday)"."""
        outer = self.text[lo:start].rstrip()
        at = lo + len(outer) - 1 if outer.endswith("(") else start
        cut = _CLAUSE_BREAK.search(self.text[lo:at][::-1])
        return at - cut.start() if cut else lo

    def _deadline_tense(self, start: int, clause_start: int, hi: int) -> int:
        """A deadline lies ahead ("by February", "until Tuesday"), unless the sentence looks
        back from it: "Until Thursday, they had not called him a suspect", "they had filed by
        Monday"."""
        past = _PAST_PERFECT.search(self.text, start, hi) or _PAST_PERFECT.search(
            self.text, clause_start, start
        )
        return -1 if past else 1

    def _future_marked(self, lo: int, clause_start: int, start: int) -> bool:
        """A sign of the future in the clause before the date ("will", "plans to") that is not
        a plan of the past ("had been due to expire Friday": gone by now)."""
        for marker in lexicon().future.finditer(self.text, clause_start, start):
            if not _PAST_PLAN.search(self.text, max(lo, marker.start() - 10), marker.start()):
                return True
        return False

    def _plan_after_opening(self, lo: int, start: int, hi: int) -> bool:
        """A date opening the sentence has its verb after it: "On Tuesday, the league plans to
        hold a news conference" looks ahead, unless the verb reports ("said")."""
        if not _OPENING.fullmatch(self.text, lo, start):
            return False
        after = self.text[start:hi]
        comma = after.find(",")
        if not 0 <= comma < 40:
            return False
        end = _CLAUSE_BREAK.search(after, comma + 1)
        words = after[comma + 1 : end.start() if end else None].lower().split()[:14]
        reported = any(w.strip(",.") in lexicon().reporting_verbs for w in words)
        return not reported and bool(lexicon().plan_ahead.search(" ".join(words)))

    def sentence_start(self, start: int, previous: int = 0) -> int:
        """Where the sentence around `start` begins, or the one `previous` sentences before."""
        i = sentence_index(self.sentences, start)
        if i is None:
            return max(0, start - 300)
        return self.sentences[max(0, i - previous)].start

    def sentence_text(self, start: int, previous: int = 0) -> str:
        """The sentence around `start`, with up to `previous` sentences before it."""
        i = sentence_index(self.sentences, start)
        if i is None:
            return self.text[max(0, start - 300) : start + 300]
        return self.text[self.sentences[max(0, i - previous)].start : self.sentences[i].end]


def _looks_back_from_word_before(before: list[str]) -> bool:
    """ "said Thursday" dates the saying, whatever tense the reported words are in; "since
    December", "since shortly after the Oct. 23 attack" is a point gone by, whatever the tense."""
    if any(w.strip(",") in lexicon().reporting_verbs for w in before[-2:]):
        return True
    return "since" in before[-4:]


# --- the rules ------------------------------------------------------------------------------

Handler = Callable[[RuleMatch, Context], "Hit | tuple[Hit, ...] | None"]


def make_hit(m: RuleMatch, type_: str, value: str, mod: str | None = None, group: int = 0, **kw):
    return Hit(m.start(group), m.end(group), type_, value, mod, **kw)


def point_mod(m: RuleMatch) -> str | None:
    word = m.groupdict().get("pmod")
    return lexicon().point_mods.get(key(word)) if word else None


def day_value(ctx: Context, d: date | None) -> str:
    return iso(d) if d else UNKNOWN_DAY


def shift_day(ctx: Context, days: int) -> date | None:
    return ctx.anchor.day + timedelta(days=days) if ctx.anchor.day else None


_NAME_BEFORE = re.compile(r"(?:\b[A-Z][\w&.'-]*|\bthe) $")


def in_a_name(ctx: Context, start: int) -> bool:
    """Whether the capitalized word at `start` ends a name ("USA Today", "New York Daily News",
    "The Sunday Times"): it follows a capitalized word, or "the", within its sentence."""
    if not (ctx.text[start : start + 1].isupper() and ctx.text[start + 1 : start + 2].islower()):
        return False
    lo = ctx.sentence_start(start)
    return lo < start and bool(_NAME_BEFORE.search(ctx.text, max(lo, start - 30), start))


def capitalized(m: RuleMatch, ctx: Context, group: str) -> bool:
    """Month and weekday names count only with their capital: "may", "march" are verbs."""
    return ctx.text[m.start(group)].isupper()
