"""Shared fixtures: the seed corpus copied into a temporary folder, and a CLI runner."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.cli import cli
from dateline.index import IndexStore

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPORA = SHARED / "corpora"


@pytest.fixture
def seed_corpus(tmp_path: Path) -> Path:
    """corpus.yaml and seeds/ copied, so each test gets its own index beside them."""
    shutil.copy(REPO / "corpus.yaml", tmp_path / "corpus.yaml")
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    return tmp_path / "corpus.yaml"


ENGINES = ("whoosh", "sqlite")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test marked `engines` runs once per search engine (its `engine` fixture)."""
    if metafunc.definition.get_closest_marker("engines") and "engine" in metafunc.fixturenames:
        metafunc.parametrize("engine", ENGINES)


@pytest.fixture
def engine() -> str:
    """The search engine a test's commands use: Whoosh, unless the test is marked `engines`."""
    return "whoosh"


@pytest.fixture(autouse=True)
def _whoosh_only(request: pytest.FixtureRequest) -> None:
    """A test marked `whoosh_only` (it looks inside the Whoosh index, or at what only Whoosh
    does) is skipped under another engine."""
    if not request.node.get_closest_marker("whoosh_only"):
        return
    if "engine" in request.fixturenames:
        name = request.getfixturevalue("engine")
    else:  # a module fixture that sets DATELINE_ENGINE for its tests (test_query's corpus)
        if "corpus" in request.fixturenames:
            request.getfixturevalue("corpus")
        name = os.environ.get("DATELINE_ENGINE", "whoosh")
    if name != "whoosh":
        pytest.skip("a test of the Whoosh engine")


# What each command of a test marked `engines` printed, as record ids, under Whoosh: the same
# test under another engine must print the same ids, command by command.
_IDS_UNDER_WHOOSH: dict[tuple, list] = {}


def _printed_ids(stdout: str) -> list[str] | None:
    """The record ids a command printed as JSON or JSON Lines, in order; None for other output."""
    try:
        rows = json.loads(stdout)
    except ValueError:
        try:
            rows = [json.loads(line) for line in stdout.splitlines() if line.strip()]
        except ValueError:
            return None
    if not isinstance(rows, list) or not all(isinstance(r, dict) and "id" in r for r in rows):
        return None
    return [r["id"] for r in rows]


@pytest.fixture
def run(seed_corpus: Path, monkeypatch: pytest.MonkeyPatch, engine: str, request):
    """Invoke `dateline ARGS` on the seed corpus with the test's engine; returns the click
    Result. Under an engine other than Whoosh, every command must print the ids it printed
    under Whoosh."""
    monkeypatch.setenv("DATELINE_CORPUS", str(seed_corpus))
    monkeypatch.setenv("DATELINE_ENGINE", engine)
    monkeypatch.delenv("DATELINE_INDEX", raising=False)
    runner = CliRunner()
    printed: list[list[str] | None] = []

    def invoke(*args: str, **kwargs):
        result = runner.invoke(cli, list(args), catch_exceptions=False, **kwargs)
        printed.append(_printed_ids(result.stdout))
        return result

    yield invoke
    callspec = getattr(request.node, "callspec", None)
    params = {k: repr(v) for k, v in callspec.params.items() if k != "engine"} if callspec else {}
    key = (request.node.module.__name__, request.node.originalname, tuple(sorted(params.items())))
    if engine == "whoosh":
        _IDS_UNDER_WHOOSH[key] = printed
    elif key in _IDS_UNDER_WHOOSH:
        assert printed == _IDS_UNDER_WHOOSH[key], f"{engine} printed other ids than whoosh"


@pytest.fixture
def run_json(run):
    """Invoke with --format json and parse stdout."""

    def invoke(*args: str):
        result = run(*args, "--format", "json")
        assert result.exit_code in (0, 1), result.output
        return json.loads(result.stdout)

    return invoke


def indexed_fixture(folder: Path, name: str) -> str:
    """tests/fixtures/NAME and the seed articles copied into `folder` and indexed; returns the
    path of its corpus.yaml."""
    for entry in (Path(__file__).parent / "fixtures" / name).iterdir():
        shutil.copy(entry, folder / entry.name)
    shutil.copytree(REPO / "seeds", folder / "seeds")
    path = str(folder / "corpus.yaml")
    result = CliRunner().invoke(cli, ["index", "--corpus", path])
    assert result.exit_code == 0, result.output
    return path


def seed_text(name: str) -> str:
    return (REPO / "seeds" / name).read_text(encoding="utf-8")


def corpus_or_skip(*parts: str) -> Path:
    path = CORPORA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is missing)")
    return path


@contextlib.contextmanager
def whoosh_searcher(store: IndexStore) -> Iterator:
    """The Whoosh searcher of an index's live generation, for tests of the engine itself."""
    from dateline.engines.whoosh import WhooshEngine

    with IndexStore(store.path, WhooshEngine()).reader() as reader:
        yield reader.searcher
