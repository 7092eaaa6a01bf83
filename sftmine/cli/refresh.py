"""`sftmine refresh`: the nightly job."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sftmine.cli import print_json

EX_TEMPFAIL = 75  # cron convention: try again later (another refresh holds the lock)


def register(main: click.Group) -> None:
    main.add_command(refresh_cmd)


@click.command("refresh")
@click.argument("config_path", metavar="CONFIG", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder [default: the config's `out`].")
@click.option("--json", "as_json", is_flag=True, help="Print the step summary as JSON on stdout.")
@click.option("--quiet", is_flag=True, help="No progress bars (for cron logs).")
def refresh_cmd(config_path: Path, out: Path | None, as_json: bool, quiet: bool) -> None:
    """Run every configured stage on what is new: sources, dedup, sample, judge, snapshot, exports, report.

    Exit codes: 0 done (also when nothing was new), 1 an error, 75 another refresh holds the output folder.
    """
    from sftmine.errors import StageLockedError
    from sftmine.refresh import RefreshConfig, refresh

    config = RefreshConfig.load(config_path, out)
    try:
        result = refresh(config, progress=not quiet)
    except StageLockedError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EX_TEMPFAIL)
    if as_json:
        print_json(result.summary())
    click.echo(f"snapshot: {result.snapshot}", err=True)
    click.echo(f"report:   {result.published / 'report' / 'report.html' if config.report else '(off)'}", err=True)
