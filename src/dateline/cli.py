"""The `dateline` command: parse options, call one stage function, hand the result to render.

Imports of Whoosh and the annotators happen inside the commands, so `dateline --help` stays fast.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NoReturn

import click
from click.core import ParameterSource

from dateline import __version__
from dateline.facets import FACETS
from dateline.kinds import DATA_FORMATS, FORMAT_SUFFIXES, RECORD_KINDS, STATEMENT_FLAGS

EXIT_NO_MATCH, EXIT_ERROR = 1, 2
FORMAT_HELP = "Output format [default: table on a terminal, json when stdout is a pipe or file]."


class UserError(click.ClickException):
    """An error in what the user gave us: one line on stderr, exit 2."""

    exit_code = EXIT_ERROR

    def show(self, file: Any = None) -> None:
        click.echo(f"dateline: error: {self.format_message()}", err=True)


@dataclass
class App:
    """Shared by every command: verbosity, colour, and the two consoles."""

    quiet: bool = False
    verbose: bool = False
    color: bool | None = None
    debug: bool = False
    engine: str | None = None  # --engine, else $DATELINE_ENGINE, else corpus.yaml's, else Whoosh
    chosen: Any = None

    def search_engine(self, corpus):
        """The engine of this command, chosen once, for its corpus."""
        from dateline.engines import get

        if self.chosen is None:
            self.chosen = get(self.engine, corpus.engine, corpus.engine_where)
        return self.chosen

    @functools.cached_property
    def err(self):
        from dateline.render import make_console

        return make_console(stderr=True, color=self.color)

    @functools.cached_property
    def out(self):
        from dateline.render import make_console

        return make_console(stderr=False, color=self.color)

    def say(self, message: str) -> None:
        if not self.quiet:
            self.err.print(message, markup=False, highlight=False, soft_wrap=True)

    def warn(self, message: str) -> None:
        if not self.quiet:
            self.err.print(
                f"warning: {message}", markup=False, highlight=False, style="yellow", soft_wrap=True
            )


pass_app = click.make_pass_decorator(App)


def _app_option(*decls: str, **kwargs: Any) -> Callable:
    """An option that sets the App attribute of its name, only when given: on the group, and
    again after the command, where it overrides the group's."""

    def remember(ctx: click.Context, param: click.Parameter, value: Any) -> None:
        if ctx.get_parameter_source(param.name) is not ParameterSource.DEFAULT:
            setattr(ctx.ensure_object(App), param.name, value)

    return click.option(*decls, expose_value=False, callback=remember, **kwargs)


def app_options(func: Callable) -> Callable:
    """-q, -v, --color/--no-color and --debug: `dateline -q search x` and `dateline search x -q`."""
    options = [
        _app_option(
            "-q", "--quiet", is_flag=True, help="Only data on stdout; no messages on stderr."
        ),
        _app_option("-v", "--verbose", is_flag=True, help="More messages on stderr."),
        _app_option(
            "--color/--no-color", default=None, help="Colour output [default: on a terminal]."
        ),
        _app_option("--debug", is_flag=True, help="Show a traceback for errors."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _user_errors(func: Callable) -> Callable:
    """Turn the stages' own errors into one line and exit 2; --debug shows the traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from dateline.corpus import CorpusError
        from dateline.engines import EngineError
        from dateline.extras import MissingExtra
        from dateline.index import IndexProblem
        from dateline.search.query import QueryError

        app = click.get_current_context().find_object(App)
        try:
            return func(*args, **kwargs)
        except BrokenPipeError:
            raise
        except (CorpusError, IndexProblem, QueryError, OSError, EngineError, MissingExtra) as exc:
            if app is not None and app.debug:
                raise
            message = str(exc)
            if isinstance(exc, OSError) and exc.filename:
                message = f"{exc.filename}: {exc.strerror}"
            raise UserError(message) from None
        except sqlite3.DatabaseError as exc:  # a statements or SQLite index file damaged
            if app is not None and app.debug:
                raise
            raise UserError(
                f"the index cannot be read ({exc}); `dateline index --rebuild` makes it anew"
            ) from None

    return wrapper


# ---------------------------------------------------------------------------------------------
# Option groups


def _a_folder(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A folder option's value that is an option (`--index-dir --corpus x`) is a mistake, not
    a folder named `--corpus` to be made."""
    if value and value.startswith("-"):
        raise click.BadParameter(f"{value!r} looks like an option, not a folder", ctx, param)
    return value


class EngineChoice(click.Choice):
    """A local engine by name, or the http(s) URL of an Elasticsearch index or alias."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and value.strip().lower().startswith(("http://", "https://")):
            return value.strip()
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter as exc:
            hint = "or the URL of an Elasticsearch index, http://localhost:9200/dateline"
            raise click.BadParameter(f"{exc.message} ({hint})", ctx, param) from None


def corpus_options(func: Callable) -> Callable:
    func = _app_option(
        "--engine",
        type=EngineChoice(["whoosh", "sqlite"], case_sensitive=False),
        metavar="[whoosh|sqlite|URL]",
        help="Search engine of the index, or the URL of an Elasticsearch index that `dateline "
        "push` wrote (http://localhost:9200/dateline) [default: $DATELINE_ENGINE, else "
        "corpus.yaml's engine, else whoosh].",
    )(func)
    func = click.option(
        "--index-dir",
        type=click.Path(file_okay=False),
        callback=_a_folder,
        help="Index folder [default: $DATELINE_INDEX, else .dateline/ beside the corpus].",
    )(func)
    return click.option(
        "--corpus",
        "corpus_path",
        type=click.Path(),
        help="corpus.yaml, a folder of articles, or one file of them (.jsonl, .csv, .warc.gz, ...) "
        "[default: $DATELINE_CORPUS, else ./corpus.yaml].",
    )(func)


def output_options(func: Callable) -> Callable:
    func = click.option(
        "--fields", help="Comma-separated fields to output, dotted for nested: id,speaker.name"
    )(func)
    func = click.option(
        "-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE atomically."
    )(func)
    return click.option(
        "--format", "fmt", type=click.Choice(["table", *DATA_FORMATS]), help=FORMAT_HELP
    )(func)


kind_option = click.option(
    "--kind", "kinds", multiple=True, type=click.Choice(RECORD_KINDS),
    help="Kind of record (repeat for more).",
)  # fmt: skip


count_option = click.option(
    "--count", is_flag=True, help="Only the number of matching records (by kind with -v)."
)
by_doc_option = click.option(
    "--by-doc", is_flag=True, help="One row per article: its number of matches and the best."
)
distinct_option = click.option(
    "--distinct", is_flag=True,
    help="Each statement once (its best hit), with how many articles and outlets carry it.",
)  # fmt: skip


def filter_options(func: Callable) -> Callable:
    """An option per facet of facets.py (repeat for OR), the days, the order and the limit."""
    options = [
        click.option(
            facet.option, *facet.flags, facet.name, multiple=True, help=facet.help,
            type=click.Choice(facet.choices) if facet.choices else None,
        )
        for facet in FACETS
    ]  # fmt: skip
    options += [
        click.option("--since", help="Records about this day or later: YYYY, YYYY-MM, YYYY-MM-DD."),
        click.option("--until", help="Records about this day or earlier."),
        click.option(
            "--sort",
            type=click.Choice(["relevance", "date"]),
            default="relevance",
            show_default=True,
        ),
        click.option("--literal", is_flag=True, help="Search the query's words as plain text."),
        click.option("--limit", type=int, default=20, show_default=True, help="Most hits to show."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def listing(*extra: Callable) -> Callable:
    """The decorators every listing command shares: QUERY, corpus, filter and output options,
    with `extra` options of the command's own placed before the output options."""

    def wrap(func: Callable) -> Callable:
        func = app_options(pass_app(_user_errors(func)))
        func = output_options(func)
        for option in reversed(extra):
            func = option(func)
        func = filter_options(func)
        func = corpus_options(func)
        return click.argument("query", required=False)(func)

    return wrap


# ---------------------------------------------------------------------------------------------
# Shared steps


def _open_corpus(corpus_path: str | None):
    from dateline.corpus import MANIFEST_NAME, load_corpus

    location = corpus_path or os.environ.get("DATELINE_CORPUS") or MANIFEST_NAME
    return load_corpus(location)


def _store(corpus, index_dir: str | None):
    from dateline.build import index_location
    from dateline.index import IndexStore

    return IndexStore(index_location(corpus, index_dir), _engine(corpus))


def _engine(corpus):
    """The engine of --engine, else of $DATELINE_ENGINE, else of corpus.yaml, else Whoosh."""
    return click.get_current_context().ensure_object(App).search_engine(corpus)


def _fresh_store(app: App, corpus, index_dir: str | None):
    """The corpus's index, made fresh first (see build.fresh_index), with a progress bar; a
    server's index (Elasticsearch), as it is: `dateline push` writes it."""
    from dateline.build import fresh_index
    from dateline.search import RemoteIndex

    if _engine(corpus).remote:
        return RemoteIndex(_engine(corpus))

    def update(store, **kwargs: Any) -> None:
        _run_index(app, corpus, store, **kwargs)

    return fresh_index(corpus, _store(corpus, index_dir), update, app.say, app.warn)


def reading(store):
    """The store's index open for searching, its quotes carrying their statements."""
    from dateline.search.statements import reading as open_reading

    return open_reading(store)


def _prepare(app: App, query: str | None, kinds: list[str], opts: dict[str, Any]):
    """The fresh index of the corpus, and the query and filters to run on it."""
    corpus, _filters, plan = _plan(query, kinds, opts)
    return _fresh_store(app, corpus, opts["index_dir"]), plan


def _plan(query: str | None, kinds: list[str], opts: dict[str, Any]):
    """The corpus, the Filters of the options (a summary counts only what they name) and the
    plan of the query and filters."""
    from dateline.build import lookups as build_lookups
    from dateline.search.plan import build_query

    corpus = _open_corpus(opts["corpus_path"])
    lookups = build_lookups(corpus, _engine(corpus))
    filters = _filters(kinds, lookups, **opts)
    plan = build_query(query or "", filters, lookups, opts.get("literal", False))
    return corpus, filters, plan


def _run_index(app: App, corpus, store, rebuild: bool = False, **kwargs: Any):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from dateline.build import update_index

    show = not app.quiet and sys.stderr.isatty()  # never a bar in a log, even with --color
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=app.err,
        disable=not show,
        transient=True,
    ) as bar:
        task = bar.add_task("indexing", total=None)
        report = update_index(
            corpus,
            store,
            rebuild=rebuild,
            warn=app.warn,
            progress=lambda n: bar.advance(task, n),
            **kwargs,
        )
    app.say(f"index {store.path}: {report.summary()}")
    for note in (report.empty_note(), report.languages_note()):
        if note:
            app.say(note)
    return report


def _filters(kinds: list[str], lookups, **opts: Any):
    from dateline.search.plan import make_filters

    if opts.get("limit") is not None and opts["limit"] <= 0:
        raise UserError(f"--limit must be 1 or more, not {opts['limit']}")
    return make_filters(kinds, lookups, **opts)


def _a_number(value: float, option: str) -> float:
    if math.isnan(value):  # FloatRange lets NaN through: no comparison with it is true
        raise click.BadParameter("nan is not a number of seconds", param_hint=option)
    return value


def _format(fmt: str | None, output: str | None) -> str:
    """--format, else what -o's file name says (.csv, .jsonl, else JSON), else a table on a
    terminal and JSON into a pipe or file. A table is for people: -o takes data."""
    if fmt == "table" and output:
        raise UserError("--format table is drawn on the terminal; -o writes json, jsonl or csv")
    if fmt:
        return fmt
    if output:
        return FORMAT_SUFFIXES.get(os.path.splitext(output)[1].lower(), "json")
    return "table" if sys.stdout.isatty() else "json"


def _fields(fields: str | None, known: Iterable[str] | None = None) -> list[str] | None:
    """--fields as a list, each checked against `known` (a summary's fields), else against
    the fields of a record."""
    from dateline.render import UnknownField, check_fields
    from dateline.schema import record_paths

    if fields is None:
        return None
    chosen = [f.strip() for f in fields.split(",") if f.strip()]
    if not chosen:
        raise UserError(f"--fields {fields!r}: name at least one field (--fields id,text)")
    try:
        check_fields(chosen, record_paths() if known is None else known)
    except UnknownField as exc:
        raise UserError(f"--fields: {exc}") from None
    return chosen


def _emit(
    app: App,
    records: Iterable[dict],
    fmt: str,
    output: str | None,
    fields: list[str] | None,
    columns: list[str] | None = None,
) -> int:
    from dateline.render import atomic_output, write_data

    with atomic_output(output, sys.stdout) as handle:
        n = write_data(records, fmt, handle, fields, columns)
    if output:
        app.say(f"wrote {n:,} records to {output}")
    return n


def _search_command(app: App, query: str | None, kinds: list[str], opts: dict[str, Any]) -> None:
    from dateline.render import DISTINCT_COLUMNS, facet_line, hit_record, hits_table
    from dateline.schema import CSV_COLUMNS

    fmt = _format(opts.pop("fmt"), opts.get("output"))
    distinct = opts.pop("distinct", False)
    if distinct and (opts.get("count") or opts.get("by_doc")):
        raise UserError("--distinct lists each statement once; not with --count or --by-doc")
    if opts.pop("count", False):
        return _count_command(app, query, kinds, fmt, opts)
    if opts.pop("by_doc", False):
        return _by_doc_command(app, query, kinds, fmt, opts)
    fields = _fields(opts["fields"])
    store, plan = _prepare(app, query, kinds, opts)
    if distinct and store.engine.remote:
        raise UserError(f"{store.path}: --distinct needs a local index, which keeps statements")
    table = fmt == "table" and not opts.get("output")
    started = time.perf_counter()
    with reading(store) as reader:
        run = reader.distinct if distinct else reader.run
        result = run(plan, opts["limit"], opts["sort"], detail=table or app.verbose)
    _said_verbosely(app, store, plan, result.total, started)
    _warn_all(app, result.notes)
    if result.suggestion:
        app.say(f"did you mean: {result.suggestion}")
    if table:
        if result.hits:
            shown = (
                f"{len(result.hits)} of {result.total:,}" if result.total > len(result.hits) else ""
            )
            title = f"{shown or result.total} hits"
            if distinct:
                title = f"{len(result.hits)} statements of {result.total:,} hits"
            app.out.print(hits_table(result.hits, title, fields))
            if opts.get("facets", 3):
                app.out.print(facet_line(result.facets, top=opts.get("facets", 3)))
    else:
        records = [hit_record(hit) for hit in result.hits]
        columns = [*CSV_COLUMNS, *DISTINCT_COLUMNS] if distinct else None
        _emit(app, records, "json" if fmt == "table" else fmt, opts.get("output"), fields, columns)
    if result.undated:
        records = "record" if result.undated == 1 else "records"
        app.say(f"{result.undated:,} undated {records} left out; --undated shows them")
    if not result.hits:
        _no_matches(app, opts)


def _no_matches(app: App, opts: dict[str, Any]) -> NoReturn:
    """`no matches`, and why a --place may have found none: no place is so named."""
    from dateline.build import place_suggestions

    app.say("no matches")
    for value in opts.get("place") or ():
        nearest = place_suggestions(value)
        if nearest is not None:
            hint = f"; did you mean {', '.join(nearest)}?" if nearest else ""
            app.say(f"--place {value!r}: no place of the gazetteer has that name{hint}")
    raise SystemExit(EXIT_NO_MATCH)


def _said_verbosely(app: App, store, plan, total: int | None, started: float) -> None:
    """With -v: the index, how the query was read, and how many matched how fast."""
    if app.verbose:
        elapsed = (time.perf_counter() - started) * 1000
        app.say(f"index {store.path}; {plan}")
        app.say(
            f"{total:,} matches in {elapsed:.1f} ms" if total is not None else f"{elapsed:.1f} ms"
        )


def _warn_all(app: App, notes: list[str]) -> None:
    for note in notes:
        app.warn(note)


def _count_command(app: App, query: str | None, kinds: list[str], fmt: str, opts: dict) -> None:
    from dateline.render import count_rows

    if opts["fields"]:
        raise UserError("--fields picks fields of records; --count prints only their number")
    store, plan = _prepare(app, query, kinds, opts)
    started = time.perf_counter()
    with reading(store) as reader:
        by_kind, notes = reader.count(plan)
    total = sum(by_kind.values())
    _said_verbosely(app, store, plan, total, started)
    _warn_all(app, notes)
    if fmt == "table" and not opts.get("output"):
        if app.verbose:
            for kind, n in by_kind.items():
                click.echo(f"{kind}\t{n}")
        click.echo(str(total))
    elif fmt == "csv":
        _emit(app, count_rows(by_kind), fmt, opts.get("output"), None, ["kind", "count"])
    elif fmt == "jsonl":
        _emit(app, [{"count": total, "by_kind": by_kind}], fmt, opts.get("output"), None)
    else:
        _emit_one(app, {"count": total, "by_kind": by_kind}, opts.get("output"))
    if not total:
        raise SystemExit(EXIT_NO_MATCH)


def _emit_one(app: App, row: dict, output: str | None) -> None:
    """One JSON object, not an array of one."""
    import json

    from dateline.render import atomic_output

    with atomic_output(output, sys.stdout) as handle:
        handle.write(json.dumps(row, ensure_ascii=False, indent=2) + "\n")
    if output:
        app.say(f"wrote {output}")


def _by_doc_command(app: App, query: str | None, kinds: list[str], fmt: str, opts: dict) -> None:
    from dateline.render import DOCUMENT_COLUMNS, document_fields, document_row, documents_table

    fields = _fields(opts["fields"], document_fields())
    store, plan = _prepare(app, query, kinds, opts)
    with reading(store) as reader:
        found, total, notes = reader.by_document(plan, opts["limit"], opts["sort"])
    _warn_all(app, notes)
    rows = [document_row(d) for d in found]
    shown = _shown(len(rows), total, "article", "articles")
    table = functools.partial(documents_table, found, shown, fields)
    _write_rows(
        app, fmt, opts, rows, DOCUMENT_COLUMNS, fields, table, shown if total > len(rows) else None
    )


# ---------------------------------------------------------------------------------------------
# Commands


class _Root(click.Group):
    """The `dateline` group. When the reader of stdout goes away (`dateline export | head -1`),
    the run ends quietly with exit 0, as ripgrep's does, before Click's main turns it into 1;
    a usage error is one line, as every other error is, not Click's usage block."""

    def make_context(self, info_name: str | None, args: list[str], *rest: Any, **kwargs: Any):
        with _reader_may_leave():  # --help is written while parsing
            _no_word_read_as_options(args)
            return super().make_context(info_name, args, *rest, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with _reader_may_leave():
            return super().invoke(ctx)


def _no_word_read_as_options(args: list[str]) -> None:
    """`dateline search -vote` would be read as `-v -o te`, and write a file `te`: a word of
    three letters or more after one dash is no cluster of our short options."""
    for arg in args:
        if arg == "--":
            return
        if re.fullmatch(r"-[A-Za-z]{3,}", arg):
            raise UserError(
                f"{arg}: no such option (a query opening with a word to leave out goes last, "
                f"after --: `dateline search -- {arg}`)"
            )


@contextlib.contextmanager
def _reader_may_leave() -> Iterator[None]:
    try:
        yield
    except BrokenPipeError:
        _reader_gone()
    except click.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else "dateline"
        hint = f"`{where} --help` lists the options"
        if "unexpected extra argument" in exc.format_message():
            hint = "a query of several words goes in quotes: 'tony blair'"
        elif (
            isinstance(exc, click.NoSuchOption)
            and not exc.option_name.startswith("--")
            and exc.ctx is not None
            and any(p.name == "query" for p in exc.ctx.command.params)
        ):
            # `dateline search -refugees`: a word to leave out, read as options
            hint = f"a query opening with a word to leave out goes last: `{where} -- -word`"
        raise UserError(f"{exc.format_message()} ({hint})") from None


def _reader_gone() -> NoReturn:
    # what is still buffered goes to /dev/null, so Python's flush at exit has nothing to report
    with contextlib.suppress(OSError, ValueError):  # a stdout without a descriptor (CliRunner)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    raise SystemExit(0)


@click.group(
    cls=_Root, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
@click.version_option(__version__, "--version", prog_name="dateline")
@app_options
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Annotated, searchable news: who said what, when, where, and what happened.

    \b
    Examples:
      dateline index                               build the index of ./corpus.yaml
      dateline search refugees                     ranked hits with highlights
      dateline quotes --speaker reeker --format json
      dateline events --place Beijing --since 2002-06-01
      dateline search "asylum seekers" --format json > hits.json

    Exit status: 0 with matches, 1 with none, 2 for bad usage or input.
    """
    ctx.ensure_object(App)


@cli.command()
@corpus_options
@click.option("--rebuild", is_flag=True, help="Annotate every document again from nothing.")
@click.option(
    "--jobs", "-j", type=click.IntRange(0, 64), default=0,
    help="Processes annotating in parallel [default: 0, one per CPU core].",
)  # fmt: skip
@click.option("--wait", type=click.FloatRange(0), default=5.0, show_default=True,
              callback=lambda _ctx, _param, value: _a_number(value, "--wait"),
              help="Seconds to wait for another process updating the index.")  # fmt: skip
@click.option("--max-bytes", type=click.IntRange(1), default=10_000_000, show_default=True,
              help="Largest article file to read.")  # fmt: skip
@click.option("--skip-bad", is_flag=True,
              help="Skip unreadable files, pages and records with a warning.")  # fmt: skip
@click.option("--all-languages", is_flag=True,
              help="Keep articles their source says are not in English.")  # fmt: skip
@click.option("--from-records", type=click.Path(file_okay=False),
              help="Index the Parquet records that `dateline records` wrote here.")  # fmt: skip
@app_options
@pass_app
@_user_errors
def index(
    app: App, corpus_path, index_dir, rebuild, jobs, wait, max_bytes, skip_bad, all_languages,
    from_records,
) -> None:  # fmt: skip
    """Build or update the index; only changed documents are annotated again.

    Example: dateline index --corpus corpus.yaml --jobs 2
    """
    corpus = _records_corpus(from_records, corpus_path) if from_records else None
    corpus = corpus or _open_corpus(corpus_path)
    if _engine(corpus).remote:
        raise UserError(
            f"{_engine(corpus).path}: `dateline index` writes a local index; for "
            "Elasticsearch, write the records with `dateline records`, then `dateline push` them"
        )
    store = _store(corpus, index_dir)
    from dateline.index import IndexBusy

    try:
        _run_index(
            app, corpus, store, rebuild=rebuild, jobs=jobs, wait=wait, max_bytes=max_bytes,
            skip_bad=skip_bad, all_languages=all_languages,
        )  # fmt: skip
    except IndexBusy as exc:  # the one command with a --wait to raise
        raise IndexBusy(f"{exc} (or raise --wait)") from None


def _records_corpus(folder: str, corpus_path: str | None):
    """The corpus of --from-records: a folder that `dateline records` wrote (which --corpus
    may also name, to search it)."""
    from dateline.corpus import RECORDS_MANIFEST, load_corpus

    if corpus_path:
        raise UserError("give --corpus or --from-records, not both")
    if not os.path.isfile(os.path.join(folder, RECORDS_MANIFEST)):
        raise UserError(
            f"--from-records {folder}: no {RECORDS_MANIFEST} in it; write the records with "
            "`dateline records --out FOLDER`"
        )
    return load_corpus(folder)


@cli.command()
@click.option(
    "--corpus",
    "corpus_path",
    type=click.Path(),
    help="The corpus to annotate [default: $DATELINE_CORPUS, else ./corpus.yaml].",
)
@click.option(
    "--out",
    "-o",
    required=True,
    type=click.Path(file_okay=False),
    callback=_a_folder,
    help="Folder to write part-NNNNN.parquet and _manifest.json into.",
)
@click.option(
    "--workers",
    "-w",
    type=click.IntRange(0, 512),
    default=0,
    help="Worker processes of a local Dask cluster [default: 0, one per CPU core].",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Use this Dask cluster instead (tcp://host:8786) [default: $DASK_SCHEDULER_ADDRESS].",
)
@click.option(
    "--chunk",
    type=click.IntRange(1),
    default=500,
    show_default=True,
    help="Documents per partition.",
)
@click.option(
    "--skip-bad", is_flag=True, help="Skip unreadable files, pages and records with a warning."
)
@click.option(
    "--all-languages", is_flag=True, help="Keep articles their source says are not in English."
)
@app_options
@pass_app
@_user_errors
def records(app: App, corpus_path, out, workers, scheduler, chunk, skip_bad, all_languages) -> None:
    """Annotate the corpus on a Dask cluster into Parquet partitions (needs dateline[dask]).

    A run that stops resumes where it was; `dateline index --from-records FOLDER` indexes
    the records, and pandas, DuckDB or Spark read the folder as one table.

    Example: dateline records --corpus corpus.yaml --out records/ --workers 2
    """
    from pathlib import Path

    from dateline.corpus import path_text
    from dateline.partitions import write_records_folder

    corpus = _open_corpus(corpus_path)
    if corpus.records:
        raise UserError(
            f"{path_text(corpus.root)}: holds records already; index them with --from-records"
        )
    with _counting(app, "annotating") as advance:
        written = write_records_folder(
            corpus, Path(out), workers, scheduler, chunk, all_languages, skip_bad,
            warn=app.warn, say=app.say, progress=advance,
        )  # fmt: skip
    app.say(written.summary(out))


@contextlib.contextmanager
def _counting(app: App, what: str) -> Iterator[Callable[[int], None]]:
    """A bar on stderr counting what a long command has done, only on a terminal (never in a
    log); yields what advances it by n."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    show = not app.quiet and sys.stderr.isatty()
    with Progress(
        "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=app.err, disable=not show, transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task(what, total=None)
        yield lambda n: bar.advance(task, n)


@cli.command()
@click.option(
    "--records",
    "records_dir",
    required=True,
    type=click.Path(file_okay=False),
    callback=_a_folder,
    help="The folder `dateline records` wrote.",
)
@click.option(
    "--to",
    "url",
    required=True,
    metavar="URL",
    help="The Elasticsearch server: http://localhost:9200, https://user:password@host:9200.",
)
@click.option(
    "--index",
    "index_name",
    default="dateline",
    show_default=True,
    metavar="NAME",
    help="The alias that searches read; each push writes a new index NAME-<UTC time>.",
)
@app_options
@pass_app
@_user_errors
def push(app: App, records_dir, url, index_name) -> None:
    """Load a records folder into Elasticsearch (needs dateline[elasticsearch]).

    The records go into a new index; once it holds every one of them, the alias NAME is
    switched to it and the index it named before is deleted. A push that fails deletes what
    it wrote and leaves the alias as it was, so pushing again is always safe.

    Example: dateline push --records records/ --to http://localhost:9200
    """
    from dateline.engines.elastic.push import push as push_records

    with _counting(app, "pushing") as advance:
        pushed = push_records(records_dir, url, index_name, progress=advance, warn=app.warn)
    app.say(pushed.summary())


@cli.command()
@listing(
    kind_option,
    click.option(
        "--facets",
        type=click.IntRange(0),
        default=3,
        show_default=True,
        help="Facet values to show (0: none).",
    ),  # fmt: skip
    count_option,
    by_doc_option,
    distinct_option,
)
def search(app: App, query, kinds, **opts) -> None:
    """Search every record: words, "phrases", AND/OR/NOT, speaker:, place:, date:[A TO B] ...

    Example: dateline search 'refugees AND place:china' --since 2002-06
    """
    _search_command(app, query, list(kinds), opts)


@cli.command()
@listing(count_option, by_doc_option, distinct_option)
def quotes(app: App, query, **opts) -> None:
    """Quotes and reported speech, with their speakers.

    Example: dateline quotes --speaker reeker --format json
    """
    _search_command(app, query, ["quote"], opts)


@cli.command()
@listing(
    click.option("--count", is_flag=True, help="Count matching events per type instead."),
    by_doc_option,
)
def events(app: App, query, count, **opts) -> None:
    """Events (CAMEO / ACE 2005 types) with trigger, date, places and actors.

    Example: dateline events --type arrest --place Beijing
    """
    if count:
        _aggregate(app, query, "event_types", opts)
    else:
        _search_command(app, query, ["event"], opts)


@cli.command()
@listing(
    click.option("--undated", is_flag=True, help="Also the records without a date, after the rest.")
)
def timeline(app: App, query, undated, **opts) -> None:
    """Events and quotes ordered by the dates they refer to.

    Example: dateline timeline --place China --since 2002
    """
    opts.update(sort="date", dated=not undated)
    _search_command(app, query, ["event", "quote"], opts)


@cli.command()
@listing(
    click.option("--min-quotes", type=click.IntRange(1), default=1, show_default=True),
    click.option(
        "--check", is_flag=True,
        help="Instead, count the entries that are not one per person: possessives, doubled "
        "names, bare surnames a full name covers (--limit of each shown).",
    ),
)  # fmt: skip
def speakers(app: App, query, min_quotes, check, **opts) -> None:
    """Each speaker with kind, title, number of quotes and documents.

    Example: dateline speakers --speaker-kind person --min-quotes 2
    """
    opts["min_quotes"] = min_quotes
    if check:
        _speaker_check(app, query, opts)
        return
    _aggregate(app, query, "speakers", opts)


def _speaker_check(app: App, query: str | None, opts: dict[str, Any]) -> None:
    from dateline.aggregate import speaker_check
    from dateline.render import rows_table

    fmt = _format(opts.pop("fmt"), opts.get("output"))
    columns = ["check", "count", "of", "entries"]
    fields = _fields(opts["fields"], columns)
    rows = _over_records(
        app, query, ["quote"], opts,
        lambda records, filters, _engine: speaker_check(
            records, opts["limit"], "unknown" in filters.get("speaker_kind"), opts["min_quotes"]
        ),
    )  # fmt: skip
    table = functools.partial(rows_table, rows, fields or columns, title="speaker entries")
    _write_rows(app, fmt, opts, rows, columns, fields, table, None)


@cli.command()
@listing()
def places(app: App, query, **opts) -> None:
    """Each place with its country, kind and how many records mention it.

    Example: dateline places --country KR
    """
    _aggregate(app, query, "places", opts)


def _aggregate(app: App, query: str | None, what: str, opts: dict[str, Any]) -> None:
    from dateline.aggregate import SUMMARIES, summarise
    from dateline.render import rows_table

    fmt = _format(opts.pop("fmt"), opts.get("output"))
    summary = SUMMARIES[what]
    fields = _fields(opts["fields"], summary.fields)
    rows = _over_records(
        app, query, list(summary.kinds), opts,
        lambda records, filters, engine: summarise(
            what, records, filters, opts.get("min_quotes", 1), engine.terms
        ),
    )  # fmt: skip
    total, rows = len(rows), rows[: opts["limit"]]
    shown = _shown(len(rows), total, summary.one, summary.many)
    columns = list(summary.columns)
    table = functools.partial(rows_table, rows, fields or columns, title=shown)
    _write_rows(app, fmt, opts, rows, columns, fields, table, shown if total > len(rows) else None)


def _over_records(app: App, query: str | None, kinds: list[str], opts: dict[str, Any], compute):
    """`compute(records, filters)` over every record a listing's query and filters find, from
    a fresh index."""
    corpus, filters, plan = _plan(query, kinds, opts)
    store = _fresh_store(app, corpus, opts["index_dir"])
    with reading(store) as reader:
        return compute(reader.iter_all(plan), filters, store.engine)


def _shown(n: int, total: int, one: str, many: str) -> str:
    """`20 of 4,408 speakers`, `1 event type`."""
    noun = one if total == 1 else many
    return f"{n:,} of {total:,} {noun}" if total > n else f"{total:,} {noun}"


def _write_rows(
    app: App,
    fmt: str,
    opts: dict[str, Any],
    rows: list[dict],
    columns: list[str],
    fields: list[str] | None,
    table: Callable[[], Any],
    cut: str | None,
) -> None:
    """Rows as the table `table()` draws, or as data; `cut` says what --limit left out."""
    if fmt == "table" and not opts.get("output"):
        if rows:
            app.out.print(table())
    else:
        _emit(app, rows, "json" if fmt == "table" else fmt, opts.get("output"), fields, columns)
        if cut:
            app.say(f"{cut}; --limit shows more")
    if not rows:
        _no_matches(app, opts)


@cli.command()
@click.argument("target", required=False)
@corpus_options
@click.option(
    "--flag", "flags", multiple=True, type=click.Choice(STATEMENT_FLAGS),
    help="With no TARGET: only the statements with this flag (repeat for all of several).",
)  # fmt: skip
@click.option(
    "--limit", type=click.IntRange(1), help="With no TARGET: most statements to list [default: 20]."
)
@output_options
@app_options
@pass_app
@_user_errors
def trace(app: App, target, corpus_path, index_dir, flags, limit, fmt, output, fields) -> None:
    """Every version of a statement across the corpus, earliest first, with what changed.

    TARGET is a quote's id (`dateline quotes` lists them) or some of its words, in quotes.
    Each version shows its outlet, date, speaker and kind, and its words beside the earliest
    version's: dropped words struck out, added or changed ones marked (in JSON, `diff` lists
    the edits with offsets into both articles). The chain's flags say whether the wording
    was trimmed or changed, the speaker differs, or a quote was paraphrased elsewhere.
    With no TARGET: the statements in more than one article, most versions first.

    Example: dateline trace 'a bridge to nowhere'
    """
    from dateline.render import trace_table
    from dateline.search import trace as tracing

    fmt = _format(fmt, output)
    if target is None:
        limit = limit or 20
        return _repeated_statements(app, corpus_path, index_dir, flags, limit, fmt, output, fields)
    if flags or limit:
        raise UserError("--flag and --limit pick among the statements listed with no TARGET")
    if not target.strip():
        raise UserError("TARGET: give a quote's id (`dateline quotes` lists them) or its words")
    chosen = _fields(fields, tracing.TRACE_FIELDS)
    with _statements(app, corpus_path, index_dir) as statements:
        try:
            statement, notes = tracing.find(statements, target)
            rows = tracing.versions(statements, statement)
        except tracing.NotFound as exc:
            app.say(str(exc))
            rows, notes = [], []
    _warn_all(app, notes)
    table = functools.partial(trace_table, rows, plain=not app.out.is_terminal)
    _write_rows(app, fmt, {"output": output}, rows, tracing.TRACE_COLUMNS, chosen, table, None)


def _repeated_statements(app: App, corpus_path, index_dir, flags, limit, fmt, output, fields):
    """`dateline trace` with no TARGET: the statements in more than one article."""
    from dateline.render import repeated_table, rows_table
    from dateline.search.trace import REPEATED_COLUMNS, repeated_note

    chosen = _fields(fields, REPEATED_COLUMNS)
    with _statements(app, corpus_path, index_dir) as statements:
        rows, counts = statements.repeated(flags)
    app.say(repeated_note(counts))
    shown = _shown(min(limit, len(rows)), len(rows), "statement", "statements")
    if chosen:
        table = functools.partial(rows_table, rows[:limit], chosen, title=shown)
    else:
        table = functools.partial(repeated_table, rows[:limit], shown)
    cut = shown if len(rows) > limit else None
    _write_rows(app, fmt, {"output": output}, rows[:limit], REPEATED_COLUMNS, chosen, table, cut)


@contextlib.contextmanager
def _statements(app: App, corpus_path: str | None, index_dir: str | None):
    """The statements of the corpus's fresh local index."""
    corpus = _open_corpus(corpus_path)
    if _engine(corpus).remote:
        raise UserError(f"{_engine(corpus).path}: `dateline trace` needs a local index")
    with _fresh_store(app, corpus, index_dir).statements() as statements:
        yield statements


@cli.command()
@click.argument("doc_id")
@corpus_options
@click.option("--quotes", "layers", flag_value="quotes", help="Mark only quotes and speakers.")
@click.option("--events", "layers", flag_value="events", help="Mark only events.")
@click.option("--pager/--no-pager", default=None, help="Page long articles [default: on a tty].")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), help=FORMAT_HELP)
@app_options
@pass_app
@_user_errors
def show(app: App, doc_id, corpus_path, index_dir, layers, pager, fmt) -> None:
    """One article with every quote, speaker, date, place and event marked in colour.

    Example: dateline show 003_b65b292e69360f24 --quotes
    """
    from dateline.render import legend, marked_document, write_data

    doc_id = doc_id.split("#", 1)[0]  # a record's id names its document: `politics/001#q3`
    opts = {"corpus_path": corpus_path, "index_dir": index_dir, "doc": [doc_id]}
    store, plan = _prepare(app, None, [], opts)
    with reading(store) as reader:
        records = list(reader.iter_all(plan))
    if not records:
        raise UserError(f"no document {doc_id!r} in the index (`dateline search` lists ids)")
    fmt = _format(fmt, None)
    if fmt == "json":
        write_data(records, "json", sys.stdout)
        return
    from dateline.aggregate import document_marks
    from dateline.render import article_header

    article = next(r for r in records if r["kind"] == "article")
    text = marked_document(article["text"], document_marks(records, layers))
    header = article_header(article)
    use_pager = (
        pager if pager is not None else app.out.is_terminal and article["text"].count("\n") > 40
    )
    if use_pager:
        with app.out.pager(styles=True):
            app.out.print(header, style="bold", markup=False)
            app.out.print(legend())
            app.out.print(text)
    else:
        app.out.print(header, style="bold", markup=False)
        app.out.print(legend())
        app.out.print(text)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--published", help="Publication date of the files: YYYY-MM-DD or YYYY-MM.")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json",
              show_default=True)  # fmt: skip
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE atomically.")
@app_options
@pass_app
@_user_errors
def annotate(app: App, files, published, fmt, output) -> None:
    """Annotate files without the index: one JSON object per article (a CSV, JSON Lines or
    WARC file gives one per article it holds).

    Example: dateline annotate story.txt --published 2002-06-13
    """
    from dateline.build import annotate_file
    from dateline.corpus import normalize_published

    if published:
        published = normalize_published(published, "--published")
    # every file read before anything is printed: a bad one leaves stdout empty
    results = [one for path in files for one in annotate_file(path, published, app.warn)]
    _emit(app, results, fmt, output, None)


@cli.command()
@listing(kind_option)
def export(app: App, query, kinds, **opts) -> None:
    """Every matching record, complete, with offsets (--limit, when given, the first N).

    Example: dateline export --kind quote -o quotes.jsonl
    """
    import itertools

    fmt = _format(opts.pop("fmt"), opts.get("output"))
    fields = _fields(opts["fields"])
    given = click.get_current_context().get_parameter_source("limit")
    limit = opts["limit"] if given is click.core.ParameterSource.COMMANDLINE else None
    store, plan = _prepare(app, query, list(kinds), opts)
    with reading(store) as reader:
        records = itertools.islice(reader.iter_all(plan), limit)
        n = _emit(app, records, "json" if fmt == "table" else fmt, opts.get("output"), fields)
    if not n:
        _no_matches(app, opts)


for _param in export.params:  # export gives every record unless told a limit
    if _param.name == "limit":
        _param.show_default = False
        _param.help = "Only the first N records [default: every one]."


@cli.command(name="eval")
@click.argument("folders", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--task", type=click.Choice(["auto", "quotes", "dates", "places", "statements"]),
    default="auto", show_default=True,
    help="quotes: brat standoff (text/ + attributions/); dates: NAME.txt + NAME.timex.json; "
    "places: NAME.txt + NAME.meta.json with `countries`; statements: a JSON Lines file of "
    "quote pairs judged same or not, then the corpora folder of their paths.",
)  # fmt: skip
@click.option("--limit", type=click.IntRange(1), help="Score only the first N articles (pairs).")
@click.option(
    "--errors", type=click.IntRange(0), default=0,
    help="Also show N errors: JSON Lines after the table, or an `errors` list in --format json.",
)  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), help=FORMAT_HELP)
@app_options
@pass_app
@_user_errors
def evaluate(app: App, folders, task, limit, errors, fmt) -> None:
    """Score the annotators against gold data: quotes on PolNeAR, dates on TempEval-3, the
    countries of a story on Reuters-21578, statements on quote pairs judged by hand.

    Example: dateline eval ../shared/corpora/polnear/dev
    """
    import itertools
    from pathlib import Path

    from dateline.evaluate import evaluate as run_evaluation
    from dateline.render import rows_table, write_data

    figures, mistakes = run_evaluation([Path(f) for f in folders], task, limit)
    examples = list(itertools.islice(mistakes, errors))
    if _format(fmt, None) == "json":
        # one JSON document: the errors go inside it, not after it
        write_data([dict(figures, errors=examples) if errors else figures], "json", sys.stdout)
        return
    rows = [{"measure": k, "value": _figure(v)} for k, v in figures.items()]
    title = f"dateline eval: {figures['task']}"
    app.out.print(rows_table(rows, ["measure", "value"], title=title))
    if examples:
        write_data(examples, "jsonl", sys.stdout)


def _figure(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return ", ".join(f"{k} {_figure(v)}" for k, v in value.items())
    return str(value)


def main() -> None:
    from dateline.workers import Interrupted, ignore_signals, raise_on_signals

    raise_on_signals()
    try:
        try:
            cli(prog_name="dateline")
        finally:
            sys.stdout.flush()  # the last of the data: a reader gone now is handled below
            ignore_signals()  # the work is done: a signal now would only garble the exit
    except (Interrupted, KeyboardInterrupt) as exc:
        outcome = getattr(exc, "outcome", "")
        click.echo("dateline: interrupted" + (f"; {outcome}" if outcome else ""), err=True)
        sys.stderr.flush()
        # what the run wrote is cleaned up already; the exit handlers of multiprocessing
        # could wait for ever on a lock that a worker killed with the run held
        os._exit(getattr(exc, "exit_code", 130))
    except BrokenPipeError:
        _reader_gone()  # the reader (head, less) went away: not an error
    except Exception as exc:  # a bug: one line for the user, the traceback with --debug
        if "--debug" in sys.argv:
            raise
        click.echo(
            f"dateline: internal error: {type(exc).__name__}: {exc} "
            "(run again with --debug for the traceback, and please report it)",
            err=True,
        )
        sys.exit(EXIT_ERROR)
