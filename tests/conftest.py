"""Shared fixtures: the seed corpus copied into a temporary folder, and a CLI runner."""

from __future__ import annotations

import contextlib
import json
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


@pytest.fixture
def run(seed_corpus: Path, monkeypatch: pytest.MonkeyPatch):
    """Invoke `dateline ARGS` on the seed corpus; returns the click Result."""
    monkeypatch.setenv("DATELINE_CORPUS", str(seed_corpus))
    monkeypatch.delenv("DATELINE_INDEX", raising=False)
    runner = CliRunner()

    def invoke(*args: str, **kwargs):
        return runner.invoke(cli, list(args), catch_exceptions=False, **kwargs)

    return invoke


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
