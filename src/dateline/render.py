"""Rich tables with highlighted snippets for people; JSON, JSON Lines and CSV for programs.

Rich is imported by the functions that draw: JSON output never pays its 30 ms of imports.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import json
import os
import re
import stat
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from dateline.schema import CSV_COLUMNS, record_paths

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text


@contextlib.contextmanager
def atomic_output(path: str | None, stdout: IO[str]) -> Iterator[IO[str]]:
    """stdout, or a file that appears complete or not at all (written beside, then renamed).
    A link is followed to the file it names; what is not a regular file (a pipe, a device
    such as /dev/stdout) is written into as it is, never replaced."""
    if path is None or path == "-":
        yield stdout
        return
    if not path.strip():
        raise OSError("-o: give the name of a file to write")
    target = Path(path).resolve() if Path(path).is_symlink() else Path(path)
    if target.exists() and not target.is_file():
        if target.is_dir():
            raise OSError(f"-o {path}: is a folder; give the name of a file")
        with open(target, "w", encoding="utf-8", newline="") as handle:
            yield handle
        return
    if not target.parent.is_dir():
        raise OSError(f"-o {path}: the folder {target.parent} does not exist")
    mode = _mode_of_replaced_file(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:  # named as the user gave it, not as the file beside it
        raise OSError(f"-o {path}: cannot write beside it ({exc.strerror})") from None
    try:
        os.fchmod(fd, mode)  # mkstemp's 0600 would hide the file from the group
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _mode_of_replaced_file(target: Path) -> int:
    """The permissions of the file being replaced; for a new file what open() gives it:
    0o666 less the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)  # the only way to read it; set back at once
        os.umask(umask)
        return 0o666 & ~umask


def pick(record: dict[str, Any], path: str) -> Any:
    """A field by dotted path: `speaker.name`, `cue.text`; through a list, the list of what its
    items hold: `places.name` is every place's name."""
    value: Any = record
    for part in path.split("."):
        value = _step(value, part)
    return value


def _step(value: Any, part: str) -> Any:
    if isinstance(value, dict):
        return value.get(part)
    if isinstance(value, list):
        return [_step(item, part) for item in value]
    return None


def select(records: Iterable[dict[str, Any]], fields: list[str] | None) -> Iterator[dict[str, Any]]:
    for record in records:
        yield {f: pick(record, f) for f in fields} if fields else record


class _JsonWriter:
    """One JSON array, a record per element, pretty enough to read."""

    def __init__(self, out: IO[str], _columns: list[str], _picked: bool) -> None:
        self.out, self.n = out, 0
        out.write("[")

    def row(self, row: dict[str, Any]) -> None:
        self.n += 1
        self.out.write(",\n" if self.n > 1 else "\n")
        self.out.write(json.dumps(row, ensure_ascii=False, indent=2))

    def close(self) -> None:
        self.out.write("\n]\n" if self.n else "]\n")


class _JsonLinesWriter:
    """A record per line."""

    def __init__(self, out: IO[str], _columns: list[str], _picked: bool) -> None:
        self.out = out

    def row(self, row: dict[str, Any]) -> None:
        self.out.write(json.dumps(row, ensure_ascii=False) + "\n")

    def close(self) -> None:
        pass


class _CsvWriter:
    """A header of the columns, a row per record, lists joined with `; `."""

    def __init__(self, out: IO[str], columns: list[str], picked: bool) -> None:
        self.columns, self.picked = columns, picked
        self.writer = csv.writer(out)
        self.writer.writerow(columns)

    def row(self, row: dict[str, Any]) -> None:
        values = (row.get(c) if self.picked else pick(row, c) for c in self.columns)
        self.writer.writerow([_cell(v) for v in values])

    def close(self) -> None:
        pass


# A writer for each of kinds.DATA_FORMATS.
WRITERS = {"json": _JsonWriter, "jsonl": _JsonLinesWriter, "csv": _CsvWriter}


def write_data(
    records: Iterable[dict[str, Any]], fmt: str, out: IO[str], fields=None, columns=None
) -> int:
    """Write records as JSON (one array), JSON Lines or CSV; return how many were written.
    `fields` selects what is written; a CSV has those columns, else `columns`, else the
    record fields of schema.CSV_COLUMNS."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown format {fmt!r}")
    writer = WRITERS[fmt](out, fields or columns or list(CSV_COLUMNS), bool(fields))
    n = 0
    for row in select(records, fields):
        n += 1
        writer.row(row)
    writer.close()
    return n


def _cell(value: Any, joiner: str = "; ") -> str:
    """A value as one CSV or table cell: a list of plain values joined, anything deeper as JSON."""
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, list) for v in value):
        value = [item for inner in value for item in inner]  # `places.within`: one list
    if isinstance(value, list) and not any(isinstance(v, dict | list) for v in value):
        return joiner.join(_cell(v) for v in value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# ---------------------------------------------------------------------------------------------
# Which fields there are


class UnknownField(ValueError):
    """A field for --fields that the output does not have; the message names the nearest."""


def check_fields(fields: list[str], known: Iterable[str]) -> None:
    """Raise UnknownField for the first of `fields` not in `known`, with a did-you-mean."""
    import difflib

    known = list(known)
    for field in fields:
        if field in known:
            continue
        close = difflib.get_close_matches(field.lower(), known, n=1, cutoff=0.6)
        if close:
            raise UnknownField(f"no field {field!r}; did you mean {close[0]}?")
        tops = list(dict.fromkeys(k.split(".")[0] for k in known))
        nested = next((k for k in known if "." in k), None)
        example = f" (and dotted paths inside them, such as {nested})" if nested else ""
        raise UnknownField(f"no field {field!r}; the fields are {', '.join(tops)}{example}")


# ---------------------------------------------------------------------------------------------
# Tables


def snippet(text: str, highlights: list[tuple[int, int]], width: int = 240) -> Text:
    """The record text around its first highlight, matched words in bold yellow."""
    from rich.text import Text

    start = 0
    if len(text) > width:
        first = highlights[0][0] if highlights else 0
        start = max(0, min(first - width // 3, len(text) - width))
    end = min(len(text), start + width)
    out = Text("…" if start else "")
    piece = Text(" ".join(text[start:end].split("\n")))
    for a, b in highlights:
        if start <= a and b <= end:
            piece.stylize("bold yellow", a - start, b - start)
    out.append_text(piece)
    if end < len(text):
        out.append("…")
    return out


def _speaker_cell(record: dict[str, Any]) -> Text:
    from rich.text import Text

    speaker = record.get("speaker")
    if not speaker:
        return Text(" → ".join(record.get("actors") or []))
    cell = Text(speaker["name"])
    if speaker.get("title"):
        cell.append("\n" + _shorten(speaker["title"], 40), style="dim")
    return cell


def _event_cell(record: dict[str, Any]) -> str:
    if record.get("kind") == "event":
        return f"{record['label']}\n[dim]{record['type']}[/dim]"
    return _first(record.get("events") or [], 2)


def _places_cell(record: dict[str, Any]) -> str:
    names: list[str] = []
    for p in record.get("places") or []:
        if p["name"] not in names:
            names.append(p["name"])
    return _first(names, 3)


def _first(items: list[str], n: int) -> str:
    return ", ".join(items[:n]) + (f" +{len(items) - n}" if len(items) > n else "")


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


def hit_record(hit: Any) -> dict[str, Any]:
    """A search hit as it is written out: its record with its score and snippet."""
    return dict(hit.record, score=round(hit.score, 4), snippet=hit.snippet)


def count_rows(by_kind: dict[str, int]) -> list[dict[str, Any]]:
    """`--count` as rows: one per kind of record, then all of them."""
    rows = [{"kind": kind, "count": n} for kind, n in by_kind.items()]
    return rows + [{"kind": "all", "count": sum(by_kind.values())}]


# The columns of `--by-doc` in CSV: the article, its number of matches, its best one.
DOCUMENT_COLUMNS = [
    "doc_id", "title", "source", "published", "hits", "best.id", "best.score", "best.snippet.text",
]  # fmt: skip


def document_row(found: Any) -> dict[str, Any]:
    """One article of `--by-doc`: its metadata, how many records match, and the best."""
    best = hit_record(found.best)
    return {
        "doc_id": found.doc_id,
        "title": best.get("title"),
        "source": best.get("source"),
        "published": best.get("published"),
        "hits": found.hits,
        "best": best,
    }


def document_fields() -> list[str]:
    """The fields `--fields` may name with `--by-doc`."""
    own = ["doc_id", "title", "source", "published", "hits", "best"]
    return own + [f"best.{path}" for path in record_paths()]


def documents_table(found: list[Any], title: str, fields: list[str] | None = None) -> Table:
    """`--by-doc` for people: each article, its matches, and its best one highlighted."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, show_lines=True, expand=True)
    if fields:
        for field in fields:
            table.add_column(field, overflow="fold")
        for item in found:
            row = document_row(item)
            table.add_row(*[Text(_cell(pick(row, f), ", ")) for f in fields])
        return table
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("article", ratio=3)
    table.add_column("hits", justify="right", no_wrap=True)
    table.add_column("best hit · id", ratio=7)
    for n, item in enumerate(found, 1):
        best = item.best
        article = Text(item.doc_id, style="bold")
        if best.record.get("title"):
            article.append("\n" + _shorten(best.record["title"], 80))
        cell = snippet(best.record.get("text") or "", best.highlights)
        cell.append("\n" + best.record["id"], style="dim")
        table.add_row(str(n), article, str(item.hits), cell)
    return table


def hits_table(hits: list[Any], title: str | None = None, fields: list[str] | None = None) -> Table:
    """Ranked hits, each with its id (`dateline show` takes the part before `#`); with `fields`,
    exactly those columns."""
    from rich.table import Table

    table = Table(title=title, show_lines=True, expand=True)
    if fields:
        for field in fields:
            table.add_column(field, overflow="fold")  # widths from the values: ids stay whole
        for hit in hits:
            table.add_row(*[_field_cell(hit, field) for field in fields])
        return table
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("who", ratio=2)
    table.add_column("date", no_wrap=True)
    table.add_column("places", ratio=2)
    table.add_column("event", ratio=2)
    table.add_column("text · id", ratio=7, overflow="fold")
    for n, hit in enumerate(hits, 1):
        r = hit.record
        kind = r["kind"] + (f"\n[dim]{r['quote_kind']}[/dim]" if r.get("quote_kind") else "")
        if r.get("articles"):  # --distinct: how widely the statement was carried
            kind += f"\n[dim]{_carried(r)}[/dim]"
        text = snippet(r.get("text") or "", hit.highlights)
        text.append(f"\n{r['id']}", style="dim")  # on a line of its own: copied whole
        table.add_row(
            str(n),
            kind,
            _speaker_cell(r),
            readable_when(r.get("when")),
            _places_cell(r),
            _event_cell(r),
            text,
        )
    return table


# what --distinct adds to each quote, after the usual CSV columns
DISTINCT_COLUMNS = ["versions", "articles", "outlets"]


def _carried(r: dict[str, Any]) -> str:
    """`in 4 articles, 3 outlets`."""
    outlets = r.get("outlets") or 0
    words = f"in {_counted(r['articles'], 'article')}"
    return words + (f", {_counted(outlets, 'outlet')}" if outlets else "")


def _counted(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'s' * (n != 1)}"


# unit -> (one, many)
_UNITS = {
    "Y": ("year", "years"),
    "M": ("month", "months"),
    "W": ("week", "weeks"),
    "D": ("day", "days"),
    "DE": ("decade", "decades"),
    "CE": ("century", "centuries"),
}
_TIME_UNITS = {"H": ("hour", "hours"), "M": ("minute", "minutes"), "S": ("second", "seconds")}
_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_PARTS = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}
_REFS = {"PAST_REF": "the past", "PRESENT_REF": "now", "FUTURE_REF": "the future"}
_DURATION = re.compile(r"P(?:(T)?)(\d+(?:\.\d+)?|X)(DE|CE|[YMWDHS])$")


def readable_when(value: str | None) -> str:
    """A TIMEX3 value in words people read, for a table's date column: `19` is the 20th
    century, `198` the 1980s, `P2W` 2 weeks, `2002-SU` summer 2002; a day stays as it is."""
    if not value:
        return ""
    if value in _REFS:
        return _REFS[value]
    if value.isdigit() and len(value) == 2:
        century = int(value) + 1
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(century % 10, "th")
        return f"{century}{'th' if 10 <= century % 100 <= 20 else suffix} century"
    if value.isdigit() and len(value) == 3:
        return f"{value}0s"
    m = _DURATION.match(value)
    if m:
        time, amount, unit = m.groups()
        one, many = (_TIME_UNITS if time else _UNITS).get(unit, (unit, unit))
        if amount == "X":
            return many  # "weeks"
        return f"{amount} {one if amount == '1' else many}"
    m = re.match(r"(\d{4})-(SP|SU|FA|WI)$", value)
    if m:
        return f"{_SEASONS[m.group(2)]} {m.group(1)}"
    m = re.match(r"(\d{4})-W(\d\d)(-WE)?$", value)
    if m:
        return f"{'weekend of ' if m.group(3) else ''}week {int(m.group(2))}, {m.group(1)}"
    m = re.match(r"(.+)T(MO|AF|EV|NI|DT)$", value)
    if m:
        return f"{m.group(1)} {_PARTS[m.group(2)]}"
    return value


def _field_cell(hit: Any, field: str) -> Text:
    from rich.text import Text

    if field == "text":  # still the snippet around the matched words
        return snippet(hit.record.get("text") or "", hit.highlights)
    return Text(_cell(pick(hit_record(hit), field), ", "))  # Text: a "[" is not markup


def facet_line(facets: dict[str, Counter], top: int = 3) -> Text:
    from rich.text import Text

    line = Text()
    for name, counts in facets.items():
        if not counts:
            continue
        if line:
            line.append("   ")
        line.append(f"{name}: ", style="bold")
        line.append(", ".join(f"{k} ({v})" for k, v in counts.most_common(top)))
    return line


def rows_table(rows: list[dict[str, Any]], columns: list[str], title: str | None = None) -> Table:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*[Text(_cell(pick(row, c), ", ")) for c in columns])  # Text: no markup
    return table


# ---------------------------------------------------------------------------------------------
# One document with its annotations marked

LEGEND = {
    "quote": "green",
    "cue": "bold magenta",
    "speaker": "bold cyan",
    "date": "bold yellow",
    "place": "bold blue",
    "event": "bold red",
}


def marked_document(text: str, marks: list[tuple[int, int, str]]) -> Text:
    """The text with each (start, end, layer) span styled in its layer's colour."""
    from rich.text import Text

    out = Text(text)
    order = list(LEGEND)
    for start, end, layer in sorted(marks, key=lambda m: order.index(m[2])):
        out.stylize(LEGEND[layer], start, end)
    return out


def article_header(article: dict[str, Any]) -> str:
    """`doc · title · by Jane Doe · source · published · filed from Beijing · about China`;
    a crawl's date is said to be one, and a language other than English is named."""
    parts = [article["doc_id"], article.get("title")]
    if article.get("authors"):
        parts.append("by " + _names(article["authors"]))
    parts.append(article.get("source"))
    published = article.get("published")
    if published and article.get("crawl_date"):
        published = f"crawled {published}"
    parts = [p for p in parts if p] + [published or "undated"]
    if article.get("language") not in (None, "en"):
        parts.append(f"language {article['language']}")
    if article.get("dateline"):
        parts.append(f"filed from {article['dateline']}")
    names = {c["country"]: c["name"] for c in article.get("countries") or ()}
    if article.get("focus"):
        parts.append("about " + ", ".join(names.get(c, c) for c in article["focus"]))
    return " · ".join(parts)


def _names(names: list[str]) -> str:
    """`A`, `A and B`, `A, B and C`."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def legend() -> Text:
    from rich.text import Text

    out = Text("legend: ")
    for layer, style in LEGEND.items():
        out.append(layer, style=style)
        out.append(" ")
    return out


def make_console(stderr: bool, color: bool | None) -> Console:
    """A console that honours NO_COLOR and only colours a terminal unless told to."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # Rich would exit 1 here; the reader going away is for the command line to judge
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    no_color = color is False or (color is None and bool(os.environ.get("NO_COLOR")))
    return _Console(
        stderr=stderr,
        no_color=no_color,
        force_terminal=True if color else None,
        highlight=False,
        soft_wrap=False,
    )


# ---------------------------------------------------------------------------------------------
# A statement's versions (`dateline trace`)

# how a trace table draws a version's words beside the earliest version's
_DIFF_STYLES = {"equal": "", "dropped": "red strike", "added": "bold green"}


def _flag_words(flags: list[str]) -> str:
    """`wording_changed, speaker_differs` as people read it: `wording changed, speaker differs`."""
    return ", ".join(flag.replace("_", " ") for flag in flags)


def trace_table(rows: list[dict[str, Any]], plain: bool = False) -> Table:
    """A statement's versions, earliest first: date, outlet, speaker, kind, what changed, and
    the words with those the earliest had and this one dropped struck out, its own in green
    (`plain`, for a table without styles: [-dropped-] and {+added+}, as `git diff
    --word-diff` writes them)."""
    from rich.table import Table
    from rich.text import Text

    first = rows[0]
    articles = len({r["doc_id"] for r in rows})
    outlets = len({r["source"] for r in rows if r["source"]})
    flags = _flag_words(first["flags"]) or "the same words everywhere"
    title = f"statement {first['statement']}: {_counted(len(rows), 'version')} in " + _carried(
        {"articles": articles, "outlets": outlets}
    ).removeprefix("in ")
    if len(rows) > 1:
        title += f" — {flags}"
    table = Table(title=title, show_lines=True, expand=True)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("date · outlet", min_width=10, max_width=18, overflow="fold")
    table.add_column("speaker · kind", min_width=10, max_width=22, overflow="fold")
    table.add_column("change", min_width=8, max_width=20, overflow="fold")
    table.add_column("words · id", ratio=4, overflow="fold")
    for n, r in enumerate(rows, 1):
        words = Text()
        for piece, how in marked_words(r["text"], r["diff"], r["start"]):
            if how == "equal":
                words.append(piece)
            elif plain:
                gap = "" if not words.plain or words.plain[-1].isspace() else " "
                dropped = how == "dropped"
                words.append(gap + (f"[-{piece.strip()}-]" if dropped else f"{{+{piece}+}}"))
            else:
                words.append(f" {piece.strip()} ", _DIFF_STYLES[how])
        words.append(f"\n{r['id']}", style="dim")
        words_changed = r["relation"] if r["relation"] in ("trimmed", "extended", "changed") else ""
        others = [c for c in r["changes"] if c not in ("trimmed", "wording_changed")]
        change = ", ".join(filter(None, [words_changed, _flag_words(others)])) or r["relation"]
        speaker = (r["speaker"] or {}).get("name") or ""
        table.add_row(
            str(n),
            Text(f"{r['published'] or ''}\n{r['source'] or ''}".strip()),
            Text(f"{speaker}\n{r['quote_kind']}".strip()),
            change,
            words,
        )
    return table


def repeated_table(rows: list[dict[str, Any]], title: str) -> Table:
    """The statements in more than one article: how widely, first where and by whom, their
    flags, and the earliest version's words with its id (what `dateline trace` takes)."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, show_lines=True, expand=True)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("versions · flags", min_width=12, max_width=20, overflow="fold")
    table.add_column("speaker", min_width=10, max_width=18, overflow="fold")
    table.add_column("words · first · statement", ratio=1, overflow="fold")
    for n, r in enumerate(rows, 1):
        words = Text(r["text"])
        first = " ".join(filter(None, [r["first_published"], r["first_source"]]))
        words.append(f"\n{first}" if first else "", style="dim")
        words.append(f"\n{r['statement']}", style="dim")
        carried = f"{r['versions']:,} {_carried(r)}"
        flags = _flag_words(r["flags"])
        table.add_row(
            str(n), Text(carried + (f"\n{flags}" if flags else "")), Text(r["speaker"] or ""), words
        )
    return table


def marked_words(text: str, ops: Iterable[dict[str, Any]], at: int) -> list[tuple[str, str]]:
    """A version's text in pieces (piece, how): `equal`, `added` (its own words in place of or
    beside the earliest version's) and `dropped` (the earliest version's words it left out or
    replaced, put where they were): what a table draws from a diff."""
    pieces: list[tuple[str, str]] = []
    pos = 0
    for op in ops:
        here, earliest = op["here"], op["earliest"]
        start, end = here["start"] - at, here["end"] - at
        pieces.append((text[pos:start], "equal"))
        pieces.append((earliest["text"], "dropped"))
        pieces.append((text[start:end], "added"))
        pos = end
    pieces.append((text[pos:], "equal"))
    return [(piece, how) for piece, how in pieces if piece]
