"""Competitive-site commands: scrape a judge into raw problems, parse one saved page or API response, and
`mine-competitive`, which scrapes every configured judge and builds the tasks."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from sftmine.cli import print_json


def register(main: click.Group) -> None:
    main.add_command(scrape_cmd)
    main.add_command(parse_cmd)
    main.add_command(mine_competitive_cmd)


@click.command("scrape")
@click.argument("site_name", metavar="SITE")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Output folder: OUT/raw.jsonl, and OUT/SITE/ with shards, state (watermark) and funnel.")
@click.option("--since", help="List problems newer than this watermark instead of the stored one.")
@click.option("--limit", type=click.IntRange(min=1), help="Fetch at most N problems this run.")
@click.option("--replay", type=click.Path(file_okay=False, path_type=Path),
              help="Serve only responses recorded in this folder; never touch the network.")
@click.option("--record", type=click.Path(file_okay=False, path_type=Path),
              help="Fetch live and also save every response into this folder (for --replay).")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path),
              help="HTTP cache folder [default: OUT/.cache]; a cached page is not fetched again.")
@click.option("--redirect", "redirects", multiple=True, metavar="ORIGIN=URL",
              help="Fetch a site's real origin from another URL (a mirror or a local server); repeatable.")
@click.option("-v", "--verbose", is_flag=True, help="Also print the per-request log lines on stderr.")
@click.option("--json", "as_json", is_flag=True, help="Print the run's funnel as JSON.")
def scrape_cmd(site_name: str, out: Path, since: str | None, limit: int | None, replay: Path | None,
               record: Path | None, cache: Path | None, redirects: tuple[str, ...], verbose: bool,
               as_json: bool) -> None:
    """Fetch SITE's problems newer than its watermark and write them as raw problems (resumable)."""
    from sftmine.net import Client, NetConfig
    from sftmine.scrape import scrape
    from sftmine.sites import get_site

    if replay and record:
        raise click.UsageError("--replay and --record exclude each other: replay reads what record wrote")
    if replay and not replay.is_dir():
        raise click.BadParameter(f"{replay}: no such folder; record one with --record", param_hint="--replay")
    site = get_site(site_name)
    config = NetConfig(mode="replay" if replay else "record" if record else "live", recordings=replay or record,
                       cache=(cache or out / ".cache") / "http.sqlite", redirects=_redirects(redirects))
    out.mkdir(parents=True, exist_ok=True)
    with _RequestLog(out / "scrape.log", verbose), Client(config) as client:
        result = scrape(site, client, out, since=since, limit=limit)
    if as_json:
        print_json(result.to_dict())
    else:
        click.echo(result.message(), err=True)


@click.command("parse")
@click.argument("site_name", metavar="SITE")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", help="The URL FILE was fetched from (names the problem) [default: a file:// URL].")
def parse_cmd(site_name: str, file: Path, url: str | None) -> None:
    """Parse one saved page or API response of SITE and print the problem as JSON (no network)."""
    from sftmine.sites import get_site
    from sftmine.store.jsonl import read_text

    problem = get_site(site_name).parse(url or file.resolve().as_uri(), read_text(file))
    print_json(problem.to_dict())


@click.command("mine-competitive")
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder [default: the config's `out`]: scrape/, tasks.jsonl, funnel.json, scrape.log.")
@click.option("-v", "--verbose", is_flag=True, help="Also print the per-request log lines on stderr.")
@click.option("--json", "as_json", is_flag=True, help="Print the run's funnel as JSON.")
def mine_competitive_cmd(config: Path, out: Path | None, verbose: bool, as_json: bool) -> None:
    """Scrape every judge in CONFIG (replayed or live), then build tasks; print the funnel (resumable)."""
    from sftmine.scrape import CompetitiveConfig, mine_competitive, summary

    settings = CompetitiveConfig.load(config)
    out = out or settings.out
    out.mkdir(parents=True, exist_ok=True)
    with _RequestLog(out / "scrape.log", verbose):
        result = mine_competitive(settings, out)
    if as_json:
        print_json(result.funnel())
    click.echo(summary(result), err=True)


def _redirects(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        origin, sep, target = pair.partition("=")
        if not sep or "://" not in origin or "://" not in target:
            raise click.BadParameter(f"{pair!r}: write ORIGIN=URL, e.g. https://codeforces.com=http://127.0.0.1:8000",
                                     param_hint="--redirect")
        out[origin] = target
    return out


class _RequestLog:
    """One line per request into OUT/scrape.log (and stderr with --verbose) while the scrape runs."""

    def __init__(self, path: Path, verbose: bool) -> None:
        self.logger = logging.getLogger("sftmine.net")
        self.handlers: list[logging.Handler] = [logging.FileHandler(path, encoding="utf-8")]
        if verbose:
            self.handlers.append(logging.StreamHandler())
        for handler in self.handlers:
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))

    def __enter__(self) -> None:
        self.level = self.logger.level
        self.logger.setLevel(logging.INFO)
        for handler in self.handlers:
            self.logger.addHandler(handler)

    def __exit__(self, *exc: object) -> None:
        for handler in self.handlers:
            self.logger.removeHandler(handler)
            handler.close()
        self.logger.setLevel(self.level)
