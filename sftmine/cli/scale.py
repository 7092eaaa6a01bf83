"""Scale-out commands: `bench scale`."""

from __future__ import annotations

from pathlib import Path

import click

from sftmine.cli import print_json


def register(main: click.Group) -> None:
    main.commands["bench"].add_command(bench_scale_cmd)  # type: ignore[attr-defined]


@click.command("scale")
@click.option("--work", type=click.Path(file_okay=False, path_type=Path), default=Path("runs/bench-scale"),
              show_default=True, help="Where the workload and the three judged copies go.")
@click.option("--tasks", type=click.IntRange(min=1), default=164, show_default=True,
              help="HumanEval tasks in the workload.")
@click.option("--per-task", type=click.IntRange(min=1), default=24, show_default=True,
              help="Samples per task (a quarter wrong).")
@click.option("--backend", default="bwrap", show_default=True, help="Sandbox backend of every side.")
@click.option("--cpus", type=click.IntRange(min=1), default=2, show_default=True,
              help="CPUs of the local Ray instance; the local executor gets a pool of twice this.")
@click.option("--ray-address", help="Measure on this Ray cluster instead of a local instance.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def bench_scale_cmd(work: Path, tasks: int, per_task: int, backend: str, cpus: int, ray_address: str | None,
                    as_json: bool) -> None:
    """Judge throughput: local executor vs Ray on this machine, and Ray's scaling from 1 to 2 workers."""
    from sftmine.bench.scale import bench_scale

    result = bench_scale(work, tasks, per_task, backend, cpus, ray_address)
    if as_json:
        print_json(result)
    else:
        click.echo(" ".join(f"{k}={v}" for k, v in result.items()))
