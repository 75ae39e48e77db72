"""The benchmark script runs on the seeds and writes its figures (timings are never asserted)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

from .conftest import REPO


def test_benchmark_runs_on_the_seeds(tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(REPO / "bench/run.py"), "--corpus", str(REPO / "corpus.yaml"),
         "--sample", "3", "--repeat", "2", "--jobs", "2", "--growth-chars", "2000", "--pages", "8",
         "--json", str(out)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["articles"] == 3
    assert set(figures["query_ms"]) == set(figures["fts5"]["query_ms"])
    assert "dateline --help" in figures["process_ms"]
    assert figures["growth"]["chars"] == [2000, 8000, 32000]
    assert len(figures["growth"]["ratio_per_4x"]) == 2 and "growth per 4x" in result.stdout
    assert "a* (json)" in figures["worst_queries_ms"] and "worst of" in result.stdout
    assert "dateline benchmark" in result.stdout
    assert "HTML pages read" in result.stdout
    if importlib.util.find_spec("trafilatura"):
        assert figures["ingest_pages_per_s"] > 0
