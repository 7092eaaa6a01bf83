"""`sftmine refresh`: the nightly job."""

from __future__ import annotations

from pathlib import Path

import click

from sftmine.cli import print_json


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

    Exit codes: 0 done (also when nothing was new), 1 an error, 75 another run holds the output folder
    (try again later), 130/143 interrupted.
    """
    from sftmine.refresh import RefreshConfig, refresh

    config = RefreshConfig.load(config_path, out)
    result = refresh(config, progress=not quiet)
    if as_json:
        print_json(result.summary())
    click.echo(f"snapshot: {result.snapshot}", err=True)
    click.echo(f"report:   {result.published / 'report' / 'report.html' if config.report else '(off)'}", err=True)
