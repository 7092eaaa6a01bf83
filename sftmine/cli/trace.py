"""CI tracing commands: `trace`, `ci-corpus` and `bench trace`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from sftmine.cli import POSITIVE_INT, executor_options, print_json, sandbox_options
from sftmine.errors import SftmineError


def register(main: click.Group) -> None:
    main.add_command(trace_cmd)
    main.add_command(ci_corpus_cmd)
    main.commands["bench"].add_command(bench_trace_cmd)  # type: ignore[attr-defined]


@click.command("trace")
@click.argument("sources", nargs=-1)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder [or the config's out].")
@click.option("--from-file", "source_file", type=click.Path(dir_okay=False, path_type=Path),
              help="A source list: one spec per line, # comments.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Pipeline YAML (sources, out, options), e.g. pipelines/ci.yaml.")
@click.option("--budget-s", type=click.FloatRange(min=0, min_open=True), help="Seconds per project for install and tests [900].")
@click.option("--repeat", type=int, help="Verification runs per task, at least 2 [2].")
@click.option("--min-calls", type=click.IntRange(min=1), help="Distinct restorable calls a function needs [3].")
@click.option("--max-calls", type=click.IntRange(min=1), help="Calls recorded per function, and cases per task [20].")
@click.option("--example-docstrings/--no-example-docstrings", default=None,
              help="Give an undocumented function a docstring of its shortest recorded calls, in doctest "
                   "form (marked meta.docstring: examples) [on].")
@click.option("--allow-no-docstring/--no-allow-no-docstring", default=None,
              help="Keep functions without any docstring (marked meta.no_docstring).")
@click.option("--standalone-only/--no-standalone-only", default=None,
              help="Drop functions that need the project installed.")
@click.option("--allow-test-failures/--no-allow-test-failures", default=None,
              help="Use traces of a test run that ran to the end with failing tests.")
@click.option("--retry-failed", is_flag=True,
              help="Trace again now every source whose last attempt failed (verdicts included, backoff ignored).")
@click.option("--json", "as_json", is_flag=True, help="Print the funnel as JSON.")
@sandbox_options
@executor_options
def trace_cmd(sources: tuple[str, ...], out: Path | None, source_file: Path | None, config_path: Path | None,
              retry_failed: bool, as_json: bool, pool_args: dict[str, Any], executor_overrides: dict[str, Any],
              **options: Any) -> None:
    """Trace the test suites of SOURCES (git URL or path[@commit], local dir, pypi:NAME[==VERSION]) into tasks.

    Writes OUT/tasks.jsonl (verified tasks) and OUT/funnel.json; a rerun skips finished sources. A source
    that failed outside the project (fetch error, index outage) is tried again on the next run, with
    backoff; one that failed on its own account (no tests, will not install) keeps its verdict until
    --retry-failed. Each failed source is one line on stderr; exit 1 when every source failed.
    """
    from sftmine.ci.attempts import failure_lines
    from sftmine.ci.fetch.sources import read_source_list
    from sftmine.ci.pipeline import trace_sources
    from sftmine.ci.settings import TraceSettings, load_settings, trace_options

    settings = load_settings(config_path) if config_path else TraceSettings()
    specs = list(sources)
    for listing in filter(None, [source_file, settings.sources]):
        specs += read_source_list(Path(listing))
    out = out or settings.out
    if not specs:
        raise click.UsageError("name at least one SOURCE, or --from-file / a --config with sources")
    if out is None:
        raise click.UsageError("--out is required (or an out: in --config)")
    executor = settings.executor.merged(**executor_overrides)
    result = trace_sources(list(dict.fromkeys(specs)), out, trace_options(settings.options.merged(**options)),
                           pool_args["backend"], pool_args["size"], pool_args["unsafe"], executor=executor,
                           retry_failed=retry_failed)
    if as_json:
        print_json(result)
    else:
        click.echo("\n".join(result["summary"]))
    for line in failure_lines(result):
        click.echo(line, err=True)
    click.echo(f"{result['tasks']} task(s) from {result['done']}/{result['sources']} source(s) "
               f"in {out / 'tasks.jsonl'}", err=True)
    if result["sources"] and not result["done"]:
        raise SftmineError(f"every source failed ({result['sources']}); see the lines above")



@click.command("ci-corpus")
@click.argument("candidates", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The source list to write: the admitted candidates, one pypi:NAME==VERSION a line.")
@click.option("--excluded", type=click.Path(dir_okay=False, path_type=Path),
              help="The left-out candidates as TSV (name, version, reason) [OUT with .excluded.tsv].")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=Path("runs/ci-corpus"),
              show_default=True, help="Downloaded sdists, reused by a rerun.")
@click.option("--threads", type=POSITIVE_INT, default=4, show_default=True, help="Downloads at a time.")
@click.option("--retry-failed", is_flag=True, help="Ask the index again about candidates it had no sdist for.")
@click.option("--backend", default="auto", show_default=True,
              help="Sandbox pip runs in (it runs each sdist's build backend): auto, gvisor or bwrap.")
def ci_corpus_cmd(candidates: Path, out: Path, excluded: Path | None, cache: Path, threads: int, retry_failed: bool,
                  backend: str) -> None:
    """Check PyPI CANDIDATES (one name a line) into a pinned source list for `sftmine trace --from-file`.

    Each candidate's newest sdist for this Python is downloaded (once; the cache keeps it), unpacked and
    admitted when it ships tests, is pure Python (nothing to compile) and allows this Python; every other
    candidate is written to --excluded with its reason. A line per candidate on stderr, then a summary.
    """
    import time

    from sftmine.ci.fetch.corpus import make_corpus, summary

    def progress(done: int, total: int, verdict: Any) -> None:
        what = f"{verdict.name}=={verdict.version}" if verdict.version else verdict.name
        click.echo(f"[{done:{len(str(total))}d}/{total}] {what}: {verdict.reason or 'admitted'}", err=True)

    excluded = excluded or out.with_name(out.name.removesuffix(".txt") + ".excluded.tsv")
    start = time.monotonic()
    verdicts = make_corpus(candidates, out, excluded, cache, backend, threads, retry_failed, progress)
    click.echo("\n".join(summary(verdicts)))
    click.echo(f"{out} and {excluded} written in {time.monotonic() - start:.0f} s", err=True)


@click.command("trace")
@click.argument("source", default="pypi:semver==3.0.2")
@click.option("--work", type=click.Path(file_okay=False, path_type=Path), default=Path("runs/bench-trace"),
              show_default=True, help="Where to keep the project's checkout and virtualenv.")
@click.option("--rounds", type=click.IntRange(min=1), default=3, show_default=True, help="Runs of each variant; the median counts.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@sandbox_options
def bench_trace_cmd(source: str, work: Path, rounds: int, as_json: bool, pool_args: dict[str, Any]) -> None:
    """A real test suite untraced, under sftmine's recorder and under MonkeyType: wall-time ratios.

    SOURCE is any `trace` source [default: pypi:semver==3.0.2]; its environment gets MonkeyType too.
    """
    from sftmine.bench.trace import bench_trace

    result = bench_trace(source, work, rounds, pool_args["backend"], pool_args["unsafe"])
    if as_json:
        print_json(result)
    else:
        click.echo(" ".join(f"{k}={v}" for k, v in result.items()))
