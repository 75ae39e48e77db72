"""A document's metadata as sources give it: checked values, and the field names of JSON, JSON
Lines and CSV sources mapped to ours (by corpus.yaml's `fields:`, or news-please's by shape)."""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import json
import re
from collections.abc import Mapping
from typing import Any

from dateline.corpus.files import CorpusError, NoArticleText
from dateline.model import Document, PartialDate

# what a document entry of corpus.yaml, a JSON object or a CSV row may say about a document
METADATA_KEYS = ("id", "title", "source", "published", "dateline", "url", "authors", "language")
FIELD_NAMES = ("text", *METADATA_KEYS)  # what `fields:` may map

# news-please's own names (one JSON object per article), recognised by `maintext`
NEWS_PLEASE = {
    "text": "maintext",
    "title": "title",
    "published": "date_publish",
    "source": "source_domain",
    "url": "url",
    "authors": "authors",
    "language": "language",
}
NEWS_PLEASE_CRAWLED = "date_download"  # the crawl's date: `published` when the page gives none

_PUBLISHED = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
_SLASHED = re.compile(r"^\d{4}/\d{2}(/\d{2})?([T ]|$)")
_RFC_2822 = re.compile(r"^([A-Z][a-z]{2}, )?\d{1,2} [A-Z][a-z]{2} \d{4}\b")
_NO_LANGUAGE = ("und", "zxx", "mul", "mis")  # ISO 639's undetermined, none, many, uncoded
_BY = re.compile(r"^by\s+", re.IGNORECASE)
_AUTHOR_BREAK = re.compile(r"\s*[;|]\s*|\s+and\s+")
_LANGUAGE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$")


def normalize_published(value: Any, where: str) -> str:
    """`YYYY-MM-DD` or `YYYY-MM`; YAML's own dates and full timestamps are accepted too, and
    the unambiguous forms exports and feeds write: `2019/02/14`, `Thu, 14 Feb 2019 10:00:00
    GMT` (RFC 2822). A day-first or month-first `14/02/2019` is not: it cannot be told."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if _SLASHED.match(text):
        text = text[:10].replace("/", "-")
    elif _RFC_2822.match(text):
        with contextlib.suppress(TypeError, ValueError):  # else the message below names it
            text = email.utils.parsedate_to_datetime(text).date().isoformat()
    if re.match(r"^\d{4}-\d{2}-\d{2}[T ]", text):
        text = text[:10]
    if _PUBLISHED.match(text):
        try:
            return PartialDate.parse(text).iso()
        except ValueError:
            raise CorpusError(f"{where}: `published` {text!r} is not a real date") from None
    raise CorpusError(f"{where}: `published` must be YYYY-MM-DD or YYYY-MM, not {value!r}")


def metadata_value(key: str, value: Any, where: str) -> Any:
    """One metadata value, checked: `published` a date, `authors` a tuple of names,
    `language` a code (`en-GB` is `en`), the others strings."""
    if key == "published":
        return normalize_published(value, where)
    if key == "authors":
        return authors(value, where)
    if isinstance(value, list | dict):
        raise CorpusError(f"{where}: `{key}` must be a string, not a {type(value).__name__}")
    if key == "language":
        return language_code(str(value))
    return str(value)


def authors(value: Any, where: str) -> tuple[str, ...]:
    """A byline as names: a list of them, or one string with `;`, `|` or `and` between."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, list | dict):
            raise CorpusError(f"{where}: `authors` must be a name or a list of names")
        byline = _BY.sub("", str(item).strip())  # "By Sam Ortega and Lee Chan"
        names.extend(n for n in _AUTHOR_BREAK.split(byline) if n)
    return tuple(dict.fromkeys(names))


def language_code(value: str) -> str | None:
    """`en` for `en`, `EN-us`, `en_GB`; what is not a code is kept as written, lower case."""
    value = value.strip().lower()
    if not value or value.startswith(("x-", "i-")):  # private use: `x-default`, no language
        return None
    found = _LANGUAGE.match(value)
    if found and found.group(1) in _NO_LANGUAGE:
        return None
    return found.group(1) if found else value


def check_field_map(value: Any, where: str) -> dict[str, str]:
    """corpus.yaml's `fields:`, checked: our field names to the source's own."""
    if not isinstance(value, dict):
        raise CorpusError(f"{where}: `fields:` must map our names to the source's: {{text: body}}")
    out = {}
    for ours, theirs in value.items():
        if ours not in FIELD_NAMES:
            raise CorpusError(
                f"{where}: `fields:` cannot map {ours!r} (known: {', '.join(FIELD_NAMES)})"
            )
        if not isinstance(theirs, str) or not theirs.strip():
            raise CorpusError(f"{where}: `fields: {ours}:` must name a field of the source")
        out[ours] = theirs
    return out


def field_map(obj: Mapping[str, Any], fields: Mapping[str, str] | None) -> dict[str, str]:
    """Which key of `obj` holds each of our fields: the manifest's map, else news-please's names
    when the object has `maintext` and no `text`, else our own names."""
    fields = fields or {}
    text = fields.get("text", "text")
    if text not in obj and "text" not in fields and NEWS_PLEASE["text"] in obj:
        # news-please's shape: its names, but for those the map gives (`source: feed`)
        return {name: fields.get(name, NEWS_PLEASE.get(name, name)) for name in FIELD_NAMES}
    return {name: fields.get(name, name) for name in FIELD_NAMES}


def object_document(
    obj: Mapping[str, Any],
    names: Mapping[str, str],
    where: str,
    meta: Mapping[str, Any],
    default_id: str,
    sha1: str,
    notes: tuple[str, ...] = (),
) -> Document:
    """The document of one JSON object or CSV row whose keys `names` maps to ours; `meta` is
    the manifest entry's metadata, which the object's own values override."""
    text = _article_text(obj, names["text"], where)
    values = dict(meta)
    crawled = False
    for name in METADATA_KEYS:
        value, from_crawl = _object_value(obj, names, name)
        crawled = crawled or from_crawl
        if value is not None and value != "":
            values[name] = _checked_value(name, value, names[name], where)
    used = set(names.values()) | {"date", NEWS_PLEASE_CRAWLED}
    extra = {k: v for k, v in obj.items() if k not in used}
    extra["sha1"] = sha1
    return meta_document(
        values.get("id") or default_id, text, values, where, extra, notes, crawl_date=crawled
    )


def _article_text(obj: Mapping[str, Any], key: str, where: str) -> str:
    """The object's article text, under `key`; news-please's record of no article, or an
    object with none, is an error."""
    text = obj.get(key)
    if key == NEWS_PLEASE["text"] and (
        text is None or (isinstance(text, str) and not text.strip())
    ):
        raise NoArticleText(f"{where}: no article text (`{key}` is {json.dumps(text)})")
    if not isinstance(text, str) or not text.strip():
        mapped = f" (`fields: {{text: {key}}}`)" if key != "text" else ""
        raise CorpusError(f"{where}: missing or empty `{key}`{mapped}")
    return text


def _object_value(obj: Mapping[str, Any], names: Mapping[str, str], name: str) -> tuple[Any, bool]:
    """The object's value for our field `name`, and whether it is news-please's crawl date;
    with no `published`, our JSON Lines' older `date`, or news-please's `date_download`."""
    value = obj.get(names[name])
    if value is not None or name != "published":
        return value, False
    if names[name] == "published":
        return obj.get("date"), False
    if names[name] == NEWS_PLEASE["published"]:
        crawled = obj.get(NEWS_PLEASE_CRAWLED)
        return crawled, crawled is not None
    return None, False


def _checked_value(name: str, value: Any, theirs: str, where: str) -> Any:
    """A metadata value checked (`metadata_value`), an error naming the field as the source
    names it (`theirs`), to find it there."""
    try:
        return metadata_value(name, value, where)
    except CorpusError as exc:
        if theirs == name:
            raise
        named = f"`{theirs}` (our `{name}`)"
        raise CorpusError(str(exc).replace(f"`{name}`", named, 1)) from None


def meta_document(
    ident: str,
    text: str,
    meta: Mapping[str, Any],
    path: str,
    extra: dict[str, Any],
    notes: tuple[str, ...] = (),
    crawl_date: bool = False,
) -> Document:
    """A document from its metadata under our names (METADATA_KEYS); without a title, its
    headline."""
    return Document(
        id=ident,
        text=text,
        title=meta.get("title") or (headline(text) if text else ""),
        source=meta.get("source") or "",
        published=meta.get("published"),
        dateline=meta.get("dateline"),
        url=meta.get("url"),
        path=path,
        extra=extra,
        notes=notes,
        authors=tuple(meta.get("authors") or ()),
        language=meta.get("language"),
        crawl_date=crawl_date,
    )


def headline(text: str) -> str:
    """The first line, when it stands alone as a headline (short, followed by a blank line)."""
    first, _, rest = text.lstrip().partition("\n")
    first = first.strip()
    if first and len(first) <= 200 and (not rest.strip() or rest.lstrip(" \t\r").startswith("\n")):
        return first
    words = first.split()
    return " ".join(words[:12]) + (" …" if len(words) > 12 else "")
