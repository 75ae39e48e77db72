"""The house's rules on who imports whom, read from the source (an AST walk, no imports run)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "dateline"


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def _modules() -> dict[str, set[str]]:
    return {str(p.relative_to(SRC)): _imports(p) for p in sorted(SRC.rglob("*.py"))}


def test_only_the_whoosh_engine_imports_whoosh():
    outside = {
        name
        for name, imports in _modules().items()
        if not name.startswith("engines/whoosh/")
        and any(m == "whoosh" or m.startswith("whoosh.") for m in imports)
    }
    assert not outside


def test_the_search_stage_and_the_index_folder_know_no_engine():
    """An engine is chosen above them (cli, build) and handed in; the index folder's code
    names the search protocol only for its types."""
    for name, imports in _modules().items():
        if name.startswith(("search/", "index.py", "annotate/", "records.py", "model.py")):
            assert not any(m.startswith("dateline.engines") for m in imports), name


def test_the_walk_sees_imports_inside_functions(tmp_path):
    """So that a lazy import cannot slip past the two tests above."""
    path = tmp_path / "m.py"
    path.write_text("def f():\n    from whoosh import index\n    import whoosh.query\n")
    assert _imports(path) == {"whoosh", "whoosh.query"}


def test_statements_sit_between_records_and_the_index():
    """Chains are made from records and read by the index and by search: statements/ imports
    none of the stages above it, and it alone imports datasketch."""
    above = ("dateline.index", "dateline.search", "dateline.build", "dateline.cli",
             "dateline.render", "dateline.engines")  # fmt: skip
    for name, imports in _modules().items():
        if name.startswith("statements/"):
            assert not any(m.startswith(above) for m in imports), name
        else:
            assert not any(m == "datasketch" or m.startswith("datasketch.") for m in imports), name
