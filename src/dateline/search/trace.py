"""Following a statement across articles: the statement a quote id or some of its words name,
and its versions, earliest first, each with what changed since the earliest (`dateline trace`)."""

from __future__ import annotations

from typing import Any

from dateline.kinds import STATEMENT_FLAGS
from dateline.statements import Statements, Version, match

# the default CSV columns of a trace
TRACE_COLUMNS = [
    "published", "source", "speaker.name", "quote_kind", "relation", "changes", "text", "id",
    "statement", "flags",
]  # fmt: skip


# what --fields may pick from a trace's rows
TRACE_FIELDS = [
    "statement", "id", "doc_id", "published", "source", "title", "speaker", "speaker.name",
    "speaker.kind", "speaker.title", "speaker.mention.text", "quote_kind", "text", "start",
    "end", "relation", "changes", "diff", "flags",
]  # fmt: skip


# the columns of `dateline trace` with no TARGET: the statements in more than one article
REPEATED_COLUMNS = [
    "statement", "versions", "articles", "outlets", "flags", "speaker", "first_source",
    "first_published", "text",
]  # fmt: skip


def repeated_note(counts: dict[str, int]) -> str:
    """`1,506 statements in more than one article: 41 trimmed, ...` for stderr."""
    n = counts.get("statements", 0)
    each = ", ".join(
        f"{counts[f]:,} {f.replace('_', ' ')}" for f in STATEMENT_FLAGS if counts.get(f)
    )
    return f"{n:,} statement{'s' * (n != 1)} in more than one article" + (
        f": {each}" if each else ""
    )


class NotFound(LookupError):
    """No quote of the index is the one asked for."""


def find(statements: Statements, target: str) -> tuple[str, list[str]]:
    """The statement `target` names — a quote record's id, or words of the quote (most of them,
    in order) — and notes for the user (other statements that hold the words too)."""
    target = target.strip()
    by_id = statements.of([target])
    if by_id:
        return by_id[target], []
    found = statements.holding(target)
    if not found:
        shown = target if len(target) <= 80 else target[:77] + "..."
        if _looks_like_id(target):
            raise NotFound(f"no quote with the id {shown!r} in the index (a quote's id ends #qN)")
        raise NotFound(f"no quote holds the words {shown!r} in the index")
    notes = []
    if len(found) > 1:
        others = ", ".join(statement for statement, _share in found[1:4])
        more = f" and {len(found) - 4:,} more" if len(found) > 4 else ""
        n = len(found) - 1
        notes.append(
            f"{n:,} other statement{'s' * (n != 1)} hold{'s' * (n == 1)} these words too "
            f"({others}{more}); trace one of them by its id"
        )
    return found[0][0], notes


def _looks_like_id(text: str) -> bool:
    return "#" in text and " " not in text


def versions(statements: Statements, statement: str) -> list[dict[str, Any]]:
    """Every version of a statement, earliest first: its article, speaker and words, how its
    words stand to the earliest's (`relation`: earliest, same, trimmed, changed), what differs
    (`changes`), the word-level `diff` against the earliest, and the chain's `flags`."""
    found = statements.versions(statement)
    if not found:
        return []
    chain = statements.chains([statement]).get(statement)
    flags = list(chain.flags) if chain else []
    base = found[0]
    credited = match.credited([_compared(v) for v in found])
    return [
        {
            "statement": statement,
            "id": v.id,
            "doc_id": v.doc_id,
            "published": v.published,
            "source": v.source,
            "title": v.title,
            "speaker": v.speaker,
            "quote_kind": v.quote_kind,
            "text": v.text,
            "start": v.start,
            "end": v.start + len(v.text),
            "relation": "earliest" if v is base else match.relation(base.words, v.words),
            "changes": [] if v is base else match.changes(credited, _compared(v)),
            "diff": [] if v is base else match.diff(base.text, base.start, v.text, v.start),
            "flags": flags,
        }
        for v in found
    ]


def _compared(v: Version) -> tuple[tuple[str, ...], str, str | None]:
    """What `match.changes` compares of a version: its words, quote kind and speaker."""
    return v.words, v.quote_kind, v.speaker_key
