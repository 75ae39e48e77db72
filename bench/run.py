"""Benchmark dateline on a corpus: annotation, indexing, query latency, process start-up,
against SQLite FTS5 on the same records.

    python bench/run.py --corpus ../shared/corpora/bbc [--scale 12] [--jobs 2] [--json out.json]

--scale N repeats the corpus N times with new ids (written once as JSON Lines in a temporary
folder), so 2,225 BBC articles become 26,700. Prints a table and writes JSON.

The ingestion row reads saved pages through trafilatura (the HTML fixtures of the tests,
repeated to --pages pages), so that extraction's cost is known beside annotation's; it needs the
`web` extra.

The growth row annotates one long article (the corpus's articles one after another, cut at
--growth-chars characters), then one 4 and one 16 times as long: each 4 times the text should
take about 4 times as long.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

from whoosh import index as windex
from whoosh.codec.whoosh3 import W3Codec

from dateline.annotate import annotate
from dateline.build import records_for, written
from dateline.corpus import documents, load_corpus
from dateline.engines.whoosh import WhooshEngine
from dateline.engines.whoosh.postings import Postings
from dateline.engines.whoosh.schema import schema
from dateline.engines.whoosh.searching import run
from dateline.engines.whoosh.writing import WRITER_MB
from dateline.index import IndexStore
from dateline.model import Document
from dateline.search.plan import Filters, Lookups, build_query
from dateline.statements.chains import FILE as STATEMENTS_FILE

REPO = Path(__file__).resolve().parents[1]
# the benchmark times the Whoosh engine's own steps; its queries are planned as the CLI plans them
ENGINE = WhooshEngine()
LOOKUPS = Lookups(terms=ENGINE.terms)
# Runs a command and prints the peak RSS (KiB) of the largest process of its tree.
PEAK_RSS_PROBE = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(REPO.parent / "shared/corpora/bbc"))
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--sample", type=int, default=1000, help="articles for annotation speed")
    parser.add_argument("--repeat", type=int, default=40, help="runs of each query")
    parser.add_argument(
        "--growth-chars", type=int, default=50_000, help="length of the long article at 1x"
    )
    parser.add_argument("--pages", type=int, default=3000, help="saved pages for ingestion speed")
    parser.add_argument("--json", help="write the figures here [default: bench/results/...]")
    parser.add_argument(
        "--engine", choices=["whoosh", "dask"], default="whoosh",
        help="whoosh: the whole benchmark; dask: `dateline records` on local Dask clusters",
    )  # fmt: skip
    parser.add_argument(
        "--workers", default="1,2", help="with --engine dask: the cluster sizes to time"
    )
    parser.add_argument("--chunk", type=int, default=200, help="with --engine dask: per partition")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="dateline-bench-"))
    try:
        figures = dask_bench(args, work) if args.engine == "dask" else bench(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out = Path(args.json) if args.json else REPO / "bench/results" / f"{int(time.time())}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    (print_dask_table if args.engine == "dask" else print_table)(figures)
    print(f"\nfigures written to {out}", file=sys.stderr)


def bench(args: argparse.Namespace, work: Path) -> dict:
    corpus_path = scaled_corpus(Path(args.corpus), args.scale, work)
    corpus = load_corpus(corpus_path)
    sample = []
    for doc in documents(corpus):
        sample.append(doc)
        if len(sample) >= args.sample:
            break
    figures: dict = {"corpus": args.corpus, "scale": args.scale, "sample": len(sample)}
    annotate(sample[0])  # lexicons and gazetteer loaded once, as in a real run
    # what a build's worker does for each article: annotate it, make its records' index fields
    t = time.perf_counter()
    fields = [f for doc in sample for f in worker_output(doc).fields]
    figures["annotate_articles_per_s_1core"] = len(sample) / (time.perf_counter() - t)
    gc.freeze()  # as a build does before starting its workers
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
        pool.map(annotate, sample[: args.jobs])  # warm the workers
        t = time.perf_counter()
        pool.map(worker_output, sample, chunksize=8)
        figures[f"annotate_articles_per_s_{args.jobs}jobs"] = len(sample) / (
            time.perf_counter() - t
        )
    figures["index_records_per_s"] = index_speed(fields, work / "speed-index")
    figures["growth"] = growth(sample, args.growth_chars)
    figures["ingest_pages_per_s"] = ingestion(args.pages, work / "pages")

    index_dir = work / "index"
    env = dict(os.environ, DATELINE_INDEX=str(index_dir), DATELINE_CORPUS=str(corpus_path))
    t = time.perf_counter()
    cmd = [sys.executable, "-m", "dateline", "-q", "index", "--jobs", str(args.jobs)]
    # the largest process of the build (it or a worker), alone: this script's own children
    # (the annotation pool above, forked from a process holding the sample) are not counted
    probe = [sys.executable, "-c", PEAK_RSS_PROBE, *cmd]
    out = subprocess.run(probe, env=env, check=True, capture_output=True, text=True).stdout
    figures["index_wall_s"] = time.perf_counter() - t
    figures["index_peak_rss_mb"] = int(out.split()[-1]) / 1024
    store = IndexStore(index_dir)
    figures["index_size_mb"] = dir_size(store.current) / 2**20
    ix = windex.open_dir(str(store.current))
    with ix.searcher() as searcher:
        figures["records"] = searcher.doc_count()
        figures["articles"] = len(list(searcher.document_numbers(kind="article")))
        terms = pick_terms(searcher)
    figures["terms"] = terms
    shapes = query_shapes(terms)
    figures["query_ms"] = whoosh_latency(ix, shapes, args.repeat)
    figures["worst_queries_ms"] = worst_latency(ix, max(3, args.repeat // 4))
    figures["statements"] = statement_figures(store.current)
    figures["process_ms"] = process_times(
        env, terms["word"], terms["speaker"], figures["statements"]["longest"]
    )
    figures["fts5"] = fts5_baseline(corpus, work / "fts.db", shapes, args.repeat)
    return figures


def dask_bench(args: argparse.Namespace, work: Path) -> dict:
    """`dateline records` on a local Dask cluster of each size: the cluster started and its
    workers' lexicons loaded first (start-up is timed apart), then the corpus annotated into
    Parquet partitions. Scaling efficiency: the largest cluster's rate / (its size x the
    one-worker rate)."""
    import logging

    from distributed import Client, LocalCluster

    from dateline.partitions import write_records_folder

    corpus = load_corpus(scaled_corpus(Path(args.corpus), args.scale, work))
    first = next(iter(documents(corpus)))
    sizes = [int(n) for n in args.workers.split(",")]
    figures: dict = {"corpus": args.corpus, "scale": args.scale, "chunk": args.chunk, "runs": {}}
    for n in sizes:
        t = time.perf_counter()
        cluster = LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
            silence_logs=logging.ERROR,
        )  # fmt: skip
        client = Client(cluster)
        client.run(records_for, first)  # every worker loads the lexicons and gazetteer
        startup = time.perf_counter() - t
        try:
            t = time.perf_counter()
            written = write_records_folder(
                corpus, work / f"records-{n}", scheduler=cluster.scheduler_address,
                chunk=args.chunk,
            )  # fmt: skip
            wall = time.perf_counter() - t
        finally:
            client.close()
            cluster.close()
        figures["runs"][str(n)] = {
            "articles": written.docs, "records": written.records, "wall_s": wall,
            "articles_per_s": written.docs / wall, "startup_s": startup,
        }  # fmt: skip
    one, most = figures["runs"].get("1"), figures["runs"][str(max(sizes))]
    if one and max(sizes) > 1:
        figures["scaling_efficiency"] = most["articles_per_s"] / (
            max(sizes) * one["articles_per_s"]
        )
    return figures


def print_dask_table(f: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"dateline records on Dask: {f['corpus']} x{f['scale']}")
    for column in ("workers", "articles", "records", "start-up, s", "wall, s", "articles/s"):
        table.add_column(column, justify="right")
    for n, row in f["runs"].items():
        table.add_row(
            n, f"{row['articles']:,}", f"{row['records']:,}", f"{row['startup_s']:.1f}",
            f"{row['wall_s']:.1f}", f"{row['articles_per_s']:,.0f}",
        )  # fmt: skip
    Console().print(table)
    if "scaling_efficiency" in f:
        print(f"scaling efficiency: {f['scaling_efficiency']:.2f}")


def worker_output(doc: Document):
    """What a build's worker makes of an article: its records' engine fields and quotes for
    the statements' chains (build.written)."""
    return written(records_for(doc), ENGINE)


def scaled_corpus(source: Path, scale: int, work: Path) -> Path:
    """The corpus itself, or N copies of it with new ids as one JSON Lines file."""
    if scale <= 1:
        return source
    path = work / "scaled.jsonl"
    docs = list(documents(load_corpus(source)))
    with open(path, "w", encoding="utf-8") as out:
        for n in range(scale):
            for doc in docs:
                row = {"id": f"{n}/{doc.id}", "title": doc.title, "text": doc.text}
                row.update(source=doc.source, published=doc.published)
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def ingestion(pages: int, folder: Path) -> float | None:
    """Saved pages read per second, one core: the test fixtures' pages, each copy made unique
    (so that nothing is cached), through the corpus stage as `dateline index` reads them."""
    if pages < 1:
        return None
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        return None
    folder.mkdir()
    originals = sorted((REPO / "tests/fixtures/web").glob("*.html"))
    for n in range(pages):
        page = originals[n % len(originals)].read_text(encoding="utf-8")
        page = page.replace("</body>", f"<!-- copy {n} --></body>")
        (folder / f"page-{n:05d}.html").write_text(page, encoding="utf-8")
    docs = documents(load_corpus(folder))
    next(docs)  # trafilatura loaded, as in a real run
    t = time.perf_counter()
    read = 1 + sum(1 for _ in docs)
    return read / (time.perf_counter() - t)


GROWTH = (1, 4, 16)


def growth(docs: list[Document], chars: int) -> dict:
    """Seconds to annotate (and make the records of) a long article of `chars` characters and
    of one 4 and 16 times as long, each made of the articles one after another (from the start
    again when they run out); and the ratio of each time to the one before."""
    texts = [doc.text.strip() for doc in docs if doc.text.strip()]
    seconds = []
    for times in GROWTH:
        size = chars * times
        parts, length = [], 0
        while length < size:
            parts.append(texts[len(parts) % len(texts)])
            length += len(parts[-1]) + 2
        doc = Document(f"long-{times}x", "\n\n".join(parts)[:size], published=docs[0].published)
        t = time.perf_counter()
        records_for(doc)
        seconds.append(time.perf_counter() - t)
    return {
        "chars": [chars * times for times in GROWTH],
        "seconds": seconds,
        "ratio_per_4x": [later / max(before, 1e-9) for before, later in pairwise(seconds)],
    }


def index_speed(records: list[dict], folder: Path) -> float:
    folder.mkdir()
    ix = windex.create_in(str(folder), schema())
    t = time.perf_counter()
    writer = ix.writer(limitmb=WRITER_MB, codec=W3Codec(compression=0))
    for fields in records:
        writer.add_document(**fields)
    writer.commit()
    return len(records) / (time.perf_counter() - t)


def pick_terms(searcher) -> dict:
    """The most quoted person, the most named place, the year most records refer to, over
    the first 20,000 records in corpus order (document numbers vary between parallel builds)."""
    from collections import Counter

    speakers: Counter = Counter()
    places: Counter = Counter()
    years: Counter = Counter()
    seq = Postings(searcher).column("seq")
    for docnum in sorted(range(len(seq)), key=seq.__getitem__)[:20000]:
        rec = json.loads(searcher.stored_fields(docnum)["record"])
        if rec.get("speaker") and rec["speaker"]["kind"] == "person":
            speakers[rec["speaker"]["name"].split()[-1]] += 1
        for p in rec.get("places") or []:
            places[p["name"]] += 1
        if rec.get("date_begin"):
            years[rec["date_begin"][:4]] += 1
    return {
        "word": "government",
        "phrase": '"prime minister"',
        "speaker": speakers.most_common(1)[0][0] if speakers else "minister",
        "place": places.most_common(1)[0][0] if places else "London",
        "year": years.most_common(1)[0][0] if years else "2004",
    }


def query_shapes(terms: dict) -> dict:
    year = terms["year"]
    return {
        "word": (terms["word"], Filters()),
        "phrase": (terms["phrase"], Filters()),
        "speaker filter": ("", Filters(kinds=["quote"], values={"speaker": [terms["speaker"]]})),
        "word+dates+place": (
            terms["word"],
            Filters(
                values={"place": [terms["place"]]},
                since=parse(f"{year}-01-01"),
                until=parse(f"{year}-12-31"),
            ),
        ),
    }


def parse(day: str):
    import datetime as dt

    return dt.date.fromisoformat(day)


def whoosh_latency(ix, shapes: dict, repeat: int) -> dict:
    out = {}
    with ix.searcher() as searcher:
        for name, (text, filters) in shapes.items():
            plan = build_query(text, filters, LOOKUPS)
            run(searcher, plan, 20)  # first run fills caches, as a warm index would be
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                run(searcher, plan, 20)
                times.append((time.perf_counter() - t) * 1000)
            out[name] = percentiles(times)
    return out


# Eighty common words of news, none of them a stop word: the costliest words to OR together.
COMMON_WORDS = """said year people government would could new first last time told also years
like just make made market world film music game best two three four many back since good
week well including number added million country public party labour election minister plans
company firm shares sales growth economy price bank rise rate money deal group chief
officials police court law report news games players win club match team season coach
champion title final round open cup record""".split()  # noqa: SIM905 - read as prose


def worst_queries() -> dict[str, str]:
    """Queries that cost the most for their length, none over 500 characters: patterns that
    match thousands of words, a long misspelt word, scripts mixed, many common words ORed."""
    ored = " OR ".join(COMMON_WORDS)
    return {
        "a*": "a*",
        "*e*": "*e*",
        "b* OR c* ... g*": "b* OR c* OR d* OR e* OR f* OR g*",
        "misspelt word": "governmentt",
        "100-letter word": "x" * 100,
        "mixed scripts": "China 中é",
        "common words ORed, 500 chars": ored[: ored.rindex(" OR ", 0, 500)],
        "common words ORed, 250 chars": ored[: ored.rindex(" OR ", 0, 250)],
        "common words side by side": " ".join(COMMON_WORDS)[:500].rsplit(" ", 1)[0],
        "long phrase": '"the prime minister said that he would"',
        "40 brackets deep": "(" * 39 + "blair" + ")" * 39,
        "OR of a date": "blair OR date:2005",
        "NOT of a date": "NOT date:2005",
    }


def worst_latency(ix, repeat: int) -> dict:
    """p50 / p95 of each worst query, for JSON output and for a table (which also counts every
    match and takes facets and highlights)."""
    out = {}
    with ix.searcher() as searcher:
        for name, text in worst_queries().items():
            plan = build_query(text, Filters(), LOOKUPS)
            for detail in (False, True):
                run(searcher, plan, 20, detail=detail)
                times = []
                for _ in range(repeat):
                    t = time.perf_counter()
                    run(searcher, plan, 20, detail=detail)
                    times.append((time.perf_counter() - t) * 1000)
                out[f"{name} ({'table' if detail else 'json'})"] = percentiles(times)
    return out


def statement_figures(gen: Path) -> dict:
    """How many chains of statements the index holds, how many of them have more than one
    version, and the longest (the statement `trace` is timed on, by its id)."""
    con = sqlite3.connect(gen / STATEMENTS_FILE)
    try:
        chains, shared = con.execute("SELECT count(*), sum(versions > 1) FROM chain").fetchone()
        longest, versions = con.execute(
            "SELECT statement, versions FROM chain ORDER BY versions DESC, statement LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    return {"chains": chains, "repeated": shared, "longest": longest, "versions": versions}


def process_times(env: dict, word: str, speaker: str, statement: str) -> dict:
    commands = {
        "dateline --help": ["--help"],
        f"dateline search {word}": ["search", word, "--format", "json"],
        f"dateline quotes --speaker {speaker}": [
            "quotes",
            "--speaker",
            speaker,
            "--format",
            "json",
        ],
        "dateline trace ID (the longest chain)": ["trace", statement, "--format", "json"],
    }
    out = {}
    for name, argv in commands.items():
        times = []
        for _ in range(5):
            t = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "dateline", *argv], env=env, capture_output=True, check=False
            )
            times.append((time.perf_counter() - t) * 1000)
        out[name] = statistics.median(times)
    return out


def fts5_baseline(corpus, db: Path, shapes: dict, repeat: int) -> dict:
    """The same records in SQLite FTS5 (porter stemming), the same query shapes."""
    con = sqlite3.connect(db)
    con.execute(
        "CREATE VIRTUAL TABLE r USING fts5(text, speaker, place, kind UNINDEXED, "
        "day_begin UNINDEXED, day_end UNINDEXED, record UNINDEXED, tokenize='porter')"
    )
    t = time.perf_counter()
    n = 0
    for doc in documents(corpus):
        rows = []
        for f in worker_output(doc).fields:
            rows.append((f["text"], f["speaker"], f["place"].replace(",", " "), f["kind"],
                         f.get("day_begin"), f.get("day_end"), f["record"]))  # fmt: skip
        con.executemany("INSERT INTO r VALUES (?,?,?,?,?,?,?)", rows)
        n += len(rows)
    con.commit()
    out = {"index_wall_s": time.perf_counter() - t, "records": n, "query_ms": {}}
    sql = {
        "word": ("SELECT record FROM r WHERE r MATCH ? ORDER BY rank LIMIT 20", lambda w, f: [w]),
        "phrase": ("SELECT record FROM r WHERE r MATCH ? ORDER BY rank LIMIT 20", lambda w, f: [w]),
        "speaker filter": (
            "SELECT record FROM r WHERE r MATCH ? AND kind='quote' LIMIT 20",
            lambda w, f: [f"speaker:{f.get('speaker')[0]}"],
        ),
        "word+dates+place": (
            "SELECT record FROM r WHERE r MATCH ? AND day_end >= ? AND day_begin <= ? "
            "ORDER BY rank LIMIT 20",
            lambda w, f: [
                f'{w} AND place:"' + f.get("place")[0] + '"',
                f.since.toordinal(),
                f.until.toordinal(),
            ],
        ),
    }
    for name, (text, filters) in shapes.items():
        query, params = sql[name]
        values = params(text, filters)
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            con.execute(query, values).fetchall()
            times.append((time.perf_counter() - t) * 1000)
        out["query_ms"][name] = percentiles(times)
    con.close()
    out["size_mb"] = db.stat().st_size / 2**20
    return out


def percentiles(times: list[float]) -> dict:
    times = sorted(times)
    return {"p50": times[len(times) // 2], "p95": times[int(len(times) * 0.95) - 1]}


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def print_table(f: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"dateline benchmark: {f['articles']:,} articles, {f['records']:,} records")
    table.add_column("measure")
    table.add_column("dateline (Whoosh)", justify="right")
    table.add_column("SQLite FTS5", justify="right")
    table.add_column("ratio", justify="right")
    jobs = next(k for k in f if k.startswith("annotate_articles_per_s_") and "jobs" in k)
    table.add_row("annotation, articles/s, 1 core", f"{f['annotate_articles_per_s_1core']:,.0f}")
    table.add_row(f"annotation, articles/s, {jobs.rsplit('_', 1)[1]}", f"{f[jobs]:,.0f}")
    table.add_row("index writing, records/s", f"{f['index_records_per_s']:,.0f}")
    pages = f.get("ingest_pages_per_s")
    table.add_row(
        "HTML pages read (trafilatura), pages/s, 1 core",
        f"{pages:,.0f}" if pages else "needs the web extra",
    )
    grow = f["growth"]
    table.add_row(
        f"annotation of {grow['chars'][0]:,} chars x {' / '.join(f'{n}' for n in GROWTH)}, s",
        " / ".join(f"{s:.2f}" for s in grow["seconds"]),
    )
    table.add_row(
        "  growth per 4x the text (4 when linear)",
        " / ".join(f"{r:.1f}" for r in grow["ratio_per_4x"]),
    )
    fts = f["fts5"]
    table.add_row(
        "dateline index, wall s (FTS5: annotate + insert)",
        f"{f['index_wall_s']:.1f}",
        f"{fts['index_wall_s']:.1f}",
        f"{f['index_wall_s'] / fts['index_wall_s']:.2f}",
    )
    table.add_row("peak RSS of one indexing process, MB", f"{f['index_peak_rss_mb']:,.0f}")
    table.add_row("index size, MB", f"{f['index_size_mb']:,.1f}", f"{fts['size_mb']:,.1f}")
    for name, q in f["query_ms"].items():
        other = fts["query_ms"][name]
        table.add_row(
            f"query p50 / p95 ms: {name}",
            f"{q['p50']:.1f} / {q['p95']:.1f}",
            f"{other['p50']:.1f} / {other['p95']:.1f}",
            f"{q['p95'] / max(other['p95'], 1e-6):.1f}",
        )
    worst = f.get("worst_queries_ms") or {}
    if worst:
        name, q = max(worst.items(), key=lambda item: item[1]["p95"])
        table.add_row(
            f"worst of {len(worst) // 2} costly queries, p50 / p95 ms: {name}",
            f"{q['p50']:.1f} / {q['p95']:.1f}",
        )
    for name, ms in f["process_ms"].items():
        table.add_row(f"wall ms: {name}", f"{ms:.0f}")
    Console().print(table)


if __name__ == "__main__":
    main()
