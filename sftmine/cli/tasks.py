"""Task building commands: `build-tasks` and `import apps|codecontests|taco`."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from sftmine.cli.inputs import not_empty, warn_if_none_kept


def register(main: click.Group) -> None:
    main.add_command(build_tasks_cmd)
    for command in (import_apps_cmd, import_codecontests_cmd, import_taco_cmd):
        main.commands["import"].add_command(command)  # type: ignore[attr-defined]


def _report(funnel: Any, out: Path, data: Path, kind: str) -> None:
    from sftmine.tasks import funnel_path

    click.echo(f"{funnel.summary()}", err=True)
    click.echo(f"wrote {funnel.kept} tasks to {out}; funnel in {funnel_path(out)}", err=True)
    reasons = ", ".join(f"{r}: {n}" for r, n in sorted(funnel.dropped.items()))
    warn_if_none_kept(funnel.kept, funnel.seen, f"problem(s) in {data}",
                      f"all were dropped ({reasons}): is it {kind}? "
                      f"(see `{click.get_current_context().command_path} --help`)")


def _raws(raws: Iterable[Any], data: Path) -> Iterator[Any]:
    return not_empty(raws, data, "problems", "pass a file or folder that holds some")


@click.command("build-tasks")
@click.argument("raw", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write tasks.jsonl (the funnel goes to <name>.funnel.json beside it).")
def build_tasks_cmd(raw: Path, out: Path) -> None:
    """Turn RAW problems (a JSONL file, or a `scrape --out` directory) into task records."""
    from sftmine.tasks import read_raw, write_tasks

    funnel = write_tasks(_raws(read_raw(raw), raw), out, kind="competitive", label=str(raw))
    _report(funnel, out, raw, "a file of raw problems (from `sftmine scrape`)")


def _import_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.argument("data", type=click.Path(exists=True, path_type=Path)),
        click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
                     help="Where to write tasks.jsonl (the funnel goes to <name>.funnel.json beside it)."),
        click.option("--max-tests", type=click.IntRange(min=1), default=30, show_default=True,
                     help="Most official/generated tests kept per problem (samples are always kept)."),
        click.option("--limit", type=click.IntRange(min=1), default=None, help="Import only the first N problems."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _write(raws: Iterable[Any], data: Path, out: Path, limit: int | None, kind: str) -> None:
    from sftmine.tasks import write_tasks

    funnel = write_tasks(_raws(itertools.islice(raws, limit), data), out, kind="import", label=str(data))
    _report(funnel, out, data, kind)


_SPLIT = click.option("--split", default=None,
                      help="Split name in task ids (apps/<split>/<n>) [default: from the file name].")


@click.command("apps")
@_import_options
@_SPLIT
def import_apps_cmd(data: Path, out: Path, max_tests: int, limit: int | None, split: str | None) -> None:
    """Import APPS-style DATA (JSONL or Parquet file, or a folder of them) with their solutions."""
    from sftmine.importers.apps import import_apps

    _write(import_apps(data, split, max_tests), data, out, limit, "an APPS-style file")


@click.command("taco")
@_import_options
@_SPLIT
def import_taco_cmd(data: Path, out: Path, max_tests: int, limit: int | None, split: str | None) -> None:
    """Import TACO-style DATA (JSONL or Parquet file, or a folder of them) with their solutions."""
    from sftmine.importers.taco import import_taco

    _write(import_taco(data, split, max_tests), data, out, limit, "a TACO-style file")


@click.command("codecontests")
@_import_options
def import_codecontests_cmd(data: Path, out: Path, max_tests: int, limit: int | None) -> None:
    """Import CodeContests-style DATA (JSONL or Parquet file, or a folder of them) with Python 3 solutions."""
    from sftmine.importers.codecontests import import_codecontests

    _write(import_codecontests(data, max_tests), data, out, limit, "a CodeContests-style file")
