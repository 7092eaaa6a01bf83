"""Test commands: tests generate, bench tests."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from sftmine.cli import executor_options, make_pool, print_json, sandbox_options

TASKS = click.argument("tasks_path", metavar="TASKS.jsonl",
                       type=click.Path(exists=True, dir_okay=False, path_type=Path))


def register(main: click.Group) -> None:
    main.add_command(tests_group)
    bench = main.commands.get("bench")
    if isinstance(bench, click.Group):
        bench.add_command(bench_tests_cmd)


@click.group("tests")
def tests_group() -> None:
    """Strengthen tasks' tests: generated cases labelled by a reference solution."""


def _settings(per_task: int, budget_s: float, candidates: int, mutants: int = 0):
    from sftmine.errors import ConfigError
    from sftmine.testgen.generate import Settings

    try:
        return Settings(per_task=per_task, budget_s=budget_s, candidates=candidates, mutants=mutants)
    except ConfigError as exc:
        raise click.BadParameter(str(exc)) from None


@tests_group.command("generate")
@TASKS
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the tasks with their generated cases (JSONL).")
@click.option("--per-task", type=int, default=30, show_default=True, help="Generated cases kept per task, at most.")
@click.option("--budget-s", type=float, default=120.0, show_default=True,
              help="Labelling seconds per task; inputs left when it runs out are not labelled.")
@click.option("--candidates", type=int, default=200, show_default=True,
              help="Mutated inputs labelled per task before the strongest are kept.")
@click.option("--mutants", type=int, default=0, show_default=True,
              help="Mutants of each reference judged against the old and the new tests; the scores go into "
                   "meta.tests.mutation (0: no mutation analysis).")
@click.option("--cache", "cache_path", type=click.Path(dir_okay=False, path_type=Path),
              help="SQLite cache of finished tasks [default: OUT.cache.sqlite].")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@sandbox_options
@executor_options
def generate_cmd(tasks_path: Path, out: Path, per_task: int, budget_s: float, candidates: int, mutants: int,
                 cache_path: Path | None, as_json: bool, pool_args: dict[str, Any],
                 executor_overrides: dict[str, Any]) -> None:
    """Add generated cases (origin: generated) and a meta.tests summary to every task; cached, resumable."""
    from tqdm import tqdm

    from sftmine.executors.config import ExecutorConfig
    from sftmine.testgen.run import generate_file

    settings = _settings(per_task, budget_s, candidates, mutants)
    with tqdm(desc="tests", unit="task", file=sys.stderr, disable=None) as bar:
        summary = generate_file(tasks_path, out, settings, pool_args, cache_path, on_done=lambda _t: bar.update(),
                                executor=ExecutorConfig().merged(**executor_overrides))
    if as_json:
        print_json(summary)
    else:
        click.echo(" ".join(f"{k}={v}" for k, v in summary.items()))
    click.echo(f"wrote {summary['tasks']} tasks to {out}", err=True)


@click.command("tests")
@TASKS
@click.option("--mutants", "limit", type=int, default=10, show_default=True, help="Mutants per reference solution.")
@click.option("--tests", "generated_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The tasks with generated cases (`sftmine tests generate --out`) [default: generate here].")
@click.option("--detail", "detail_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the whole result, survivors included, as JSON to this file.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures (survivors included) as JSON.")
@sandbox_options
def bench_tests_cmd(tasks_path: Path, limit: int, generated_path: Path | None, detail_path: Path | None,
                    as_json: bool, pool_args: dict[str, Any]) -> None:
    """Mutation analysis: mutants of each reference killed by the original tests vs original + generated."""
    from tqdm import tqdm

    from sftmine.bench.tests import bench_tests
    from sftmine.store.jsonl import write_json

    if limit < 1:
        raise click.BadParameter("must be at least 1", param_hint="--mutants")
    with make_pool(pool_args) as pool, tqdm(desc="bench tests", unit="task", file=sys.stderr,
                                            disable=None) as bar:
        result = bench_tests(tasks_path, pool, limit, generated_path, on_done=lambda _r: bar.update())
    if detail_path:
        write_json(detail_path, result)
    if as_json:
        print_json(result)
    else:
        for name, figures in [("overall", result["overall"]), *result["by_source"].items()]:
            click.echo(f"{name}: " + " ".join(f"{k}={v}" for k, v in figures.items()))
    sys.exit(0 if result["overall"]["reference_pass_rate"] in (1.0, None) else 1)
