"""Scoring annotators against gold data: quotes on brat standoff (PolNeAR), dates on TimeML."""

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
    NAME.timex.json, or folders holding such folders), or auto to tell from the files.
    """
    task = task if task != "auto" else _task_of(paths)
    if task == "quotes":
        from dateline.evaluate.brat import attribution_errors, evaluate_brat

        if len(paths) != 1:
            raise CorpusError("quotes: give one folder holding text/ and attributions/")
        figures = evaluate_brat(paths[0], limit)
        errors: Iterator[dict[str, Any]] = attribution_errors(paths[0], limit)
    else:
        from dateline.evaluate.timeml import evaluate_timeml, timeml_errors

        paths = [sub for p in paths for sub in timeml_folders(p)]
        if not paths:
            raise CorpusError("dates: no NAME.timex.json files in the folders given")
        figures = evaluate_timeml(paths, limit)
        errors = (e for e in timeml_errors(paths, limit))
    return {"task": task, "folders": [str(p) for p in paths], **figures}, errors


def _task_of(paths: list[Path]) -> str:
    if all((p / "attributions").is_dir() and (p / "text").is_dir() for p in paths):
        return "quotes"
    if all(timeml_folders(p) for p in paths):
        return "dates"
    raise CorpusError(
        f"{paths[0]}: neither brat standoff (text/ + attributions/) nor TimeML "
        "(NAME.timex.json files); pass --task"
    )


def timeml_folders(path: Path) -> list[Path]:
    """`path` itself when it holds TimeML files, else its subfolders that do."""
    if any(path.glob("*.timex.json")):
        return [path]
    return sorted(p for p in path.iterdir() if p.is_dir() and any(p.glob("*.timex.json")))
