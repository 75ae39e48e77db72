"""Scoring annotators against gold data: quotes on brat standoff (PolNeAR), dates on TimeML,
the countries a story is about on Reuters-21578's country tags."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dateline.corpus import CorpusError


def evaluate(
    paths: list[Path], task: str = "auto", limit: int | None = None
) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """The figures for `paths`, and a lazy stream of the errors behind them.

    `task` is quotes (one folder with text/ and attributions/), dates (folders of NAME.txt +
    NAME.timex.json, or folders holding such folders), places (one folder of NAME.txt +
    NAME.meta.json with `countries`), statements (a JSON Lines file of judged quote pairs,
    then the corpora folder their paths start from), or auto to tell from the files.
    """
    task = task if task != "auto" else _task_of(paths)
    errors: Iterator[dict[str, Any]]
    if task == "statements":
        from dateline.evaluate.statements import evaluate_statements

        if len(paths) != 2 or not paths[0].is_file():
            raise CorpusError(
                "statements: give the file of judged pairs, then the corpora folder their "
                "paths start from (dateline eval tests/fixtures/statements/pairs.jsonl "
                "../shared/corpora)"
            )
        figures, errors = evaluate_statements(paths[0], paths[1], limit)
    elif task == "places":
        from dateline.evaluate.countries import country_errors, evaluate_countries

        if len(paths) != 1:
            raise CorpusError("places: give one folder of NAME.txt and NAME.meta.json files")
        figures = evaluate_countries(paths[0], limit)
        errors = country_errors(paths[0], limit)
    elif task == "quotes":
        from dateline.evaluate.brat import attribution_errors, evaluate_brat

        if len(paths) != 1:
            raise CorpusError("quotes: give one folder holding text/ and attributions/")
        figures = evaluate_brat(paths[0], limit)
        if not figures["articles"]:
            raise CorpusError(
                f"{paths[0]}: no article with its annotations (text/NAME.txt and "
                "attributions/NAME_ANNOTATOR.ann)"
            )
        errors = attribution_errors(paths[0], limit)
    else:
        from dateline.evaluate.timeml import evaluate_timeml, timeml_errors

        paths = [sub for p in paths for sub in timeml_folders(p)]
        if not paths:
            raise CorpusError("dates: no NAME.timex.json files in the folders given")
        figures = evaluate_timeml(paths, limit)
        errors = (e for e in timeml_errors(paths, limit))
    return {"task": task, "folders": [str(p) for p in paths], **figures}, errors


def _task_of(paths: list[Path]) -> str:
    from dateline.evaluate.statements import is_pairs_file

    if is_pairs_file(paths[0]):
        return "statements"
    for task in ("quotes", "dates", "places"):
        if all(_kind_of(p) == task for p in paths):
            return task
    kinds = {p: _kind_of(p) for p in paths}
    if len(paths) > 1 and all(kinds.values()):
        raise CorpusError(
            "the folders hold gold data of different kinds ("
            + ", ".join(f"{p}: {kind}" for p, kind in kinds.items())
            + "); score one kind at a time"
        )
    unknown = next(p for p, kind in kinds.items() if kind is None)
    raise CorpusError(
        f"{unknown}: neither brat standoff (text/ + attributions/), TimeML (NAME.timex.json "
        "files) nor country tags (NAME.meta.json files); pass --task"
    )


def _kind_of(path: Path) -> str | None:
    """The task one folder's gold data is for, or None."""
    if (path / "attributions").is_dir() and (path / "text").is_dir():
        return "quotes"
    if path.is_dir() and timeml_folders(path):
        return "dates"
    if path.is_dir() and any(path.glob("*.meta.json")):
        return "places"
    return None


def timeml_folders(path: Path) -> list[Path]:
    """`path` itself when it holds TimeML files, else its subfolders that do."""
    if any(path.glob("*.timex.json")):
        return [path]
    return sorted(p for p in path.iterdir() if p.is_dir() and any(p.glob("*.timex.json")))
