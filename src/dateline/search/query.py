"""The query language, parsed into dateline's own tree: words, phrases, patterns, field clauses,
date ranges, AND / OR / NOT / ANDNOT / ANDMAYBE and parentheses. Engine-neutral: an engine
translates the tree (engines/whoosh/searching.py for Whoosh), and the tests evaluate it by
brute force.

Precedence, loosest first, as in Whoosh's parser: words side by side (all must match),
ANDMAYBE, OR, AND and ANDNOT, NOT. `field:value`, `field:"a phrase"`, `field:(a OR b)`,
`date:2002-06`, `date:[2002-06-01 TO 2002-06-30]`, `date:>2005`, `word^2`, `refug*`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from dateline.facets import FACETS
from dateline.model import PartialDate

# A word, as every engine tokenises text: a currency sign or % on its own, a number with its
# separators ("1,400", "2.5"), else letters and digits with inner dots ("U.S"): `£1,400` is
# searched as the two tokens it is.
TOKEN_PATTERN = r"[$£€¥₹₽₩¢%]|\d+(?:[.,]\d+)+|\w+(?:\.?\w+)*"

# Every field a clause may name, each with the other names people type for it.
FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("quote", "body"),
    "title": (),
    **{f.name: f.aliases for f in FACETS},
    "date": ("when",),
    "kind": (),
    "id": (),
}
FIELD_NAMES = {alias: name for name, aliases in FIELDS.items() for alias in (name, *aliases)}
FIELD_LIST = ", ".join(f"{name}:" for name in FIELDS)

OPERATORS = ("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE")
MAX_DEPTH = 40  # parentheses and NOTs nested deeper than this are refused


class QueryError(ValueError):
    """A query or filter that cannot be run; the message says what is wrong and how to fix it."""


# ---------------------------------------------------------------------------------------------
# The tree


@dataclass(frozen=True)
class Word:
    """A word as typed; it may analyse into several tokens (`£1,400`), which must then stand
    together, as a phrase. `field` None: the default fields (text, title, speaker)."""

    field: str | None
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    field: str | None
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Pattern:
    """A word with `*` (any letters) or `?` (one letter)."""

    field: str | None
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Exact:
    """One of these values of a keyword field, as stored: an event code, a country code, a
    record kind, a document id."""

    field: str
    values: tuple[str, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class DateRange:
    """Records whose days overlap these (either end open)."""

    since: dt.date | None
    until: dt.date | None


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class AndMaybe:
    """`required`, ranked higher where `optional` matches too."""

    required: Node
    optional: Node


@dataclass(frozen=True)
class Every:
    """No words: every record (the filters narrow it)."""


Leaf = Word | Phrase | Pattern | Exact
Node = Word | Phrase | Pattern | Exact | DateRange | And | Or | Not | AndMaybe | Every


def leaves(node: Node) -> Iterator[Node]:
    """The leaves of the tree (words, phrases, patterns, exact values, date ranges)."""
    if isinstance(node, And | Or):
        for child in node.children:
            yield from leaves(child)
    elif isinstance(node, Not):
        yield from leaves(node.child)
    elif isinstance(node, AndMaybe):
        yield from leaves(node.required)
        yield from leaves(node.optional)
    elif not isinstance(node, Every):
        yield node


def positive(node: Node, boost: float = 1.0) -> Iterator[tuple[Leaf, float]]:
    """The leaves that rank a record, each with the product of its groups' boosts: every leaf
    not under a NOT, and no date range (a date filters, it does not rank)."""
    if isinstance(node, And | Or):
        for child in node.children:
            yield from positive(child, boost * node.boost)
    elif isinstance(node, AndMaybe):
        yield from positive(node.required, boost)
        yield from positive(node.optional, boost)
    elif isinstance(node, Word | Phrase | Pattern | Exact):
        yield node, boost


def conjunction(parts: list[Node]) -> Node:
    """The And of the parts, flattened; one part is itself, none is Every."""
    flat: list[Node] = []
    for part in parts:
        if isinstance(part, And) and part.boost == 1.0:
            flat.extend(part.children)
        elif not isinstance(part, Every):
            flat.append(part)
    if not flat:
        return Every()
    return flat[0] if len(flat) == 1 else And(tuple(flat))


def disjunction(parts: list[Node]) -> Node:
    flat: list[Node] = []
    for part in parts:
        if isinstance(part, Or) and part.boost == 1.0:
            flat.extend(part.children)
        else:
            flat.append(part)
    return flat[0] if len(flat) == 1 else Or(tuple(flat))


def prune(node: Node, keep: Callable[[Leaf], bool]) -> Node | None:
    """The tree without the leaves `keep` rejects (words that analyse to nothing, such as a
    lone dash); None when nothing is left. An And or Or loses the child, a NOT of nothing goes,
    as Whoosh's parser does."""
    if isinstance(node, And | Or):
        kids = [k for k in (prune(c, keep) for c in node.children) if k is not None]
        if not kids:
            return None
        if len(kids) == 1 and node.boost == 1.0:
            return kids[0]
        return replace(node, children=tuple(kids))
    if isinstance(node, Not):
        child = prune(node.child, keep)
        return Not(child) if child is not None else None
    if isinstance(node, AndMaybe):
        required, optional = prune(node.required, keep), prune(node.optional, keep)
        if required is None or optional is None:
            return required
        return AndMaybe(required, optional)
    if isinstance(node, Word | Phrase | Pattern | Exact):
        return node if keep(node) else None
    return node


def split_dates(node: Node) -> tuple[Node, list[DateRange]]:
    """The date ranges that every match must overlap (those ANDed at the top), taken out of
    the tree, and what is left: a filter on two day columns is cheaper than a clause."""
    if isinstance(node, DateRange):
        return Every(), [node]
    if isinstance(node, And) and node.boost == 1.0:
        dates = [c for c in node.children if isinstance(c, DateRange)]
        if dates:
            rest = [c for c in node.children if not isinstance(c, DateRange)]
            return conjunction(rest), dates
    return node, []


def describe(node: Node) -> str:
    """The tree written out in full, every group in parentheses: how a query was read."""

    def boost(b: float) -> str:
        return f"^{b:g}" if b != 1.0 else ""

    def where(field: str | None) -> str:
        return f"{field}:" if field else ""

    if isinstance(node, Word | Pattern):
        return f"{where(node.field)}{node.text}{boost(node.boost)}"
    if isinstance(node, Phrase):
        return f'{where(node.field)}"{node.text}"{boost(node.boost)}'
    if isinstance(node, Exact):
        values = node.values[0] if len(node.values) == 1 else "(" + " OR ".join(node.values) + ")"
        return f"{node.field}:{values}{boost(node.boost)}"
    if isinstance(node, DateRange):
        return f"date:[{node.since or ''} TO {node.until or ''}]"
    if isinstance(node, And | Or):
        op = " AND " if isinstance(node, And) else " OR "
        return "(" + op.join(describe(c) for c in node.children) + ")" + boost(node.boost)
    if isinstance(node, Not):
        return f"NOT {describe(node.child)}"
    if isinstance(node, AndMaybe):
        return f"({describe(node.required)} ANDMAYBE {describe(node.optional)})"
    return "*"


# ---------------------------------------------------------------------------------------------
# Dates


def parse_day(value: str, end: bool = False) -> dt.date:
    """`2002`, `2002-06` or `2002-06-13`; a partial date is its first day (last, for `end`)."""
    try:
        date = PartialDate.parse(value)
    except ValueError as exc:
        if str(exc) == "form":
            raise QueryError(f"{value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD") from None
        raise QueryError(f"{value!r} is not a real date") from None
    return date.last() if end else date.first()


_RANGE = re.compile(r"\[\s*(?P<lo>[^\s\]]*?)\s*\bTO\b\s*(?P<hi>[^\s\]]*?)\s*\]", re.IGNORECASE)


def date_clause(value: str) -> DateRange:
    """The value of a `date:` clause: a day, month or year; `[A TO B]` with either end open;
    `>A`, `>=A`, `<B`, `<=B`."""
    try:
        m = _RANGE.fullmatch(value)
        if m:
            lo, hi = m.group("lo"), m.group("hi")
            since = parse_day(lo) if lo else None
            until = parse_day(hi, end=True) if hi else None
            if since and until and since > until:
                raise QueryError(f"{since} is after {until}")
            return DateRange(since, until)
        if value.startswith("["):
            raise QueryError("a date range is written [2002-06-01 TO 2002-06-30]")
        m = re.fullmatch(r"([<>]=?)(.+)", value)
        if m:
            op, day = m.groups()
            if op == ">":
                return DateRange(parse_day(day, end=True) + dt.timedelta(days=1), None)
            if op == ">=":
                return DateRange(parse_day(day), None)
            if op == "<":
                return DateRange(None, parse_day(day) - dt.timedelta(days=1))
            return DateRange(None, parse_day(day, end=True))
        return DateRange(parse_day(value), parse_day(value, end=True))
    except (QueryError, OverflowError) as exc:
        raise QueryError(f"date:{value}: {exc}") from None


# ---------------------------------------------------------------------------------------------
# Parsing

_TOKEN = re.compile(
    r"""(?P<space>\s+)
      | (?P<sign>(?<![^\s(])[-+](?=[A-Za-z_]+:[^\s)]|[("]))
      | (?P<field>[A-Za-z_]+):(?=[^\s)])
      | (?P<phrase>"[^"]*")(?:\^(?P<pboost>\d+(?:\.\d+)?))?
      | (?P<range>\[[^\]]*\])
      | (?P<open>\()
      | (?P<close>\))(?:\^(?P<gboost>\d+(?:\.\d+)?))?
      | (?P<word>[^\s()"\[\]]+)
      | (?P<stray>[\[\]])""",
    re.VERBOSE,
)
_KINDS = ("space", "sign", "field", "phrase", "range", "open", "close", "word", "stray")
_BOOST = re.compile(r"([^^]+)\^(\d+(?:\.\d+)?)")


def _field_name(typed: str) -> str:
    name = typed.lower()
    if name not in FIELD_NAMES:
        close = difflib.get_close_matches(name, list(FIELD_NAMES), n=1)
        hint = f"did you mean {close[0]}:? " if close else ""
        raise QueryError(
            f"unknown field `{typed}:` in the query; {hint}fields are {FIELD_LIST} "
            "(put a colon inside a phrase, or use --literal)"
        )
    return FIELD_NAMES[name]


@dataclass
class _Token:
    kind: str  # field phrase range open close word op
    text: str
    boost: float = 1.0


def _tokens(text: str) -> list[_Token]:
    if text.count('"') % 2:
        raise QueryError(
            f"unbalanced quotation mark in {text!r}: close the phrase, or use --literal "
            "to search the words as plain text"
        )
    out = []
    for m in _TOKEN.finditer(text):
        kind = next(k for k in _KINDS if m.group(k) is not None)
        value = m.group(kind)
        if kind == "space":
            continue
        if kind == "stray":
            raise QueryError(
                f"unbalanced brackets in {text!r}: `[` opens a date range, date:[A TO B]; "
                "use --literal to search the words as plain text"
            )
        if kind == "field":
            out.append(_Token("field", _field_name(value)))
        elif kind == "phrase":
            if "*" in value:
                raise QueryError(
                    f"{value}: a phrase holds words, not patterns; search the pattern on its own"
                )
            out.append(_Token("phrase", value[1:-1], float(m.group("pboost") or 1)))
        elif kind == "close":
            out.append(_Token("close", value, float(m.group("gboost") or 1)))
        elif kind == "word" and value in OPERATORS:
            out.append(_Token("op", value))
        elif kind == "word" and value.endswith(":") and value[:-1].lower() in FIELD_NAMES:
            raise QueryError(f"`{value}` needs a value after the colon: {value}WORD")
        elif kind == "word":
            out.append(_word(value))
        else:
            out.append(_Token(kind, value))
    return out


def _word(value: str) -> _Token:
    """A word, with its boost (`word^2`); `-word` is NOT word, `+word` the word (as in web
    search); `word~` (Lucene's fuzzy match) is refused, not searched as two words."""
    if "^" in value:
        b = _BOOST.fullmatch(value)
        if not b or not float(b.group(2)):
            raise QueryError(f"`{value}`: a boost is a number above 0 after ^, such as word^2")
        return _Token("word", b.group(1), float(b.group(2)))
    if re.search(r"\w~\d*(\.\d+)?$", value):
        raise QueryError(f"`{value}`: fuzzy matching with ~ is not supported; try a pattern, word*")
    if len(value) > 1 and value[0] in "+-" and not value[1].isdigit() and value[1] not in "+-":
        return _Token("not" if value[0] == "-" else "word", value[1:])
    return _Token("word", value)


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = _tokens(text)
        self.pos = 0
        self.depth = 0

    def peek(self, kind: str | None = None, text: str | None = None) -> _Token | None:
        if self.pos >= len(self.tokens):
            return None
        token = self.tokens[self.pos]
        if (kind and token.kind != kind) or (text and token.text != text):
            return None
        return token

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse(self) -> Node:
        node = self.sequence(None)
        if self.pos < len(self.tokens):  # a `)` with no `(`
            raise QueryError(f"unbalanced brackets in {self.text!r}: a `)` closes nothing")
        return node

    def sequence(self, field: str | None) -> Node:
        """Clauses side by side, until the end or a `)`: all must match."""
        parts = []
        while self.pos < len(self.tokens) and not self.peek("close"):
            parts.append(self.maybe(field))
        if not parts:
            return Every()
        return conjunction(parts)

    def maybe(self, field: str | None) -> Node:
        node = self.disjunction(field)
        while self.peek("op", "ANDMAYBE"):
            self.operator()
            node = AndMaybe(node, self.disjunction(field))
        return node

    def disjunction(self, field: str | None) -> Node:
        parts = [self.conjunction(field)]
        while self.peek("op", "OR"):
            self.operator()
            parts.append(self.conjunction(field))
        return disjunction(parts)

    def conjunction(self, field: str | None) -> Node:
        node = self.negation(field)
        while self.peek("op", "AND") or self.peek("op", "ANDNOT"):
            op = self.operator()
            right = self.negation(field)
            node = conjunction([node, Not(right) if op == "ANDNOT" else right])
        return node

    def operator(self) -> str:
        op = self.take().text
        if self.pos >= len(self.tokens) or self.peek("close"):
            raise QueryError(
                f"`{op}` has nothing after it in {self.text!r}; "
                f"to search the word, write it in lower case or use --literal"
            )
        if self.peek("op") and self.peek().text != "NOT":
            raise QueryError(
                f"`{op} {self.peek().text}` in {self.text!r}: two operators in a row; "
                "use --literal to search them as words"
            )
        return op

    def negation(self, field: str | None) -> Node:
        sign = self.peek("sign")
        if self.peek("op", "NOT") or (sign and sign.text == "-"):
            if sign:
                self.take()
            else:
                self.operator()
            self.enter()
            node = Not(self.negation(field))
            self.depth -= 1
            return node
        if sign:  # +clause: the clause, as it would be anyway
            self.take()
        return self.primary(field)

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"the query nests more than {MAX_DEPTH} levels deep")

    def primary(self, field: str | None) -> Node:
        token = self.take()
        if token.kind == "op":
            raise QueryError(
                f"`{token.text}` has nothing before it in {self.text!r}; "
                "to search the word, write it in lower case or use --literal"
            )
        if token.kind == "open":
            self.enter()
            node = self.sequence(field)
            if not self.peek("close"):
                raise QueryError(f"unbalanced brackets in {self.text!r}: a `(` is not closed")
            boost = self.take().boost
            self.depth -= 1
            if isinstance(node, Every):
                raise QueryError(f"empty brackets `()` in {self.text!r}")
            if boost != 1.0:
                node = _boosted(node, boost)
            return node
        if token.kind == "field":
            if self.pos >= len(self.tokens):
                raise QueryError(f"`{token.text}:` needs a value")
            return self.primary(token.text)
        if token.kind == "range":
            if field != "date":
                raise QueryError(f"a range {token.text} is for dates only: date:{token.text}")
            return date_clause(token.text)
        if token.kind == "close":  # not reached: sequence() stops before a `)`
            raise QueryError(f"unbalanced brackets in {self.text!r}")
        if token.kind == "not":  # -word
            return Not(leaf(field, token.text))
        return leaf(field, token.text, token.kind == "phrase", token.boost)


def _boosted(node: Node, boost: float) -> Node:
    if isinstance(node, And | Or | Word | Phrase | Pattern | Exact):
        return replace(node, boost=node.boost * boost)
    return And((node,), boost=boost)


def leaf(field: str | None, text: str, phrase: bool = False, boost: float = 1.0) -> Node:
    """The leaf for one value typed in a field (None: the default fields)."""
    if field == "date":
        return date_clause(text)
    if phrase:
        return Phrase(field, text, boost)
    if ("*" in text or "?" in text) and text.strip("*?"):
        return Pattern(field, text, boost)
    return Word(field, text, boost)


def parse(text: str, literal: bool = False) -> Node:
    """The tree of a query. With `literal`, every piece between spaces is a word to search for,
    operators, brackets and field names included."""
    text = (text or "").strip()
    if not text:
        return Every()
    if literal:
        return conjunction([Word(None, piece) for piece in text.split()])
    return _Parser(text).parse()
