"""Properties that hold for any input: annotation never raises and keeps offsets exact; any query
string ends in exit 0, 1 or 2, never a traceback."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.annotate import annotate
from dateline.cli import cli
from dateline.model import Document

PIECES = list("abcdefghij ABCDEFGHIJ.,;:!?'\"“”‘’—-()\n\t0123456789") + [
    " said ", " Mr. ", " told ", " according to ", " Thursday ", " June ", " 2002 ", " Beijing ",
    " China ", " arrested ", " He ", " the ", "\n\n", " U.S. ", " last week ", " in two weeks ",
    "\r\n", "\r\n\r\n", "\r", " said: ", " — ",
]  # fmt: skip
NEWSY = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)


def spans_of(ann):
    for q in ann.quotes:
        yield q.span
        if q.cue:
            yield q.cue
        if q.speaker.mention:
            yield q.speaker.mention
    yield from (d.span for d in ann.dates)
    yield from (p.span for p in ann.places)
    for e in ann.events:
        yield e.trigger
        yield e.sentence
    yield from ann.sentences


@settings(max_examples=300, deadline=None)
@given(st.one_of(NEWSY, st.text(max_size=300)), st.sampled_from([None, "2002-06-13", "2002-12"]))
def test_annotation_never_raises_and_offsets_are_exact(text, published):
    ann = annotate(Document(id="p", text=text, published=published))
    for span in spans_of(ann):
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start : span.end] == span.text
    quotes = sorted(ann.quotes, key=lambda q: q.span.start)
    for a, b in zip(quotes, quotes[1:], strict=False):
        assert a.span.end <= b.span.start, "quotes overlap"


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    import shutil

    from .conftest import REPO

    folder = tmp_path_factory.mktemp("seeds")
    shutil.copy(REPO / "corpus.yaml", folder / "corpus.yaml")
    shutil.copytree(REPO / "seeds", folder / "seeds")
    runner = CliRunner()
    corpus = str(folder / "corpus.yaml")
    assert runner.invoke(cli, ["index", "--corpus", corpus]).exit_code == 0
    return runner, corpus


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=60))
def test_any_query_string_exits_0_1_or_2_without_traceback(indexed, query):
    runner, corpus = indexed
    result = runner.invoke(cli, ["search", query, "--corpus", corpus, "--format", "json"])
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
