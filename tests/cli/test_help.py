"""Every command has help text and is named in the README, as users find them there."""

from pathlib import Path

import click
from click.testing import CliRunner

from sftmine.cli import main

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def _commands(group: click.Group, prefix: str = ""):
    for name, cmd in group.commands.items():
        path = f"{prefix}{name}"
        yield path, cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, path + " ")


def test_every_command_has_help_and_is_in_the_readme():
    runner = CliRunner()
    paths = list(_commands(main))
    assert len(paths) >= 5
    for path, cmd in paths:
        assert cmd.help, f"sftmine {path} has no help text"
        result = runner.invoke(main, [*path.split(), "--help"])
        assert result.exit_code == 0, result.output
        if not isinstance(cmd, click.Group):
            assert f"sftmine {path}" in README, f"README does not mention `sftmine {path}`"


def test_every_make_target_in_the_readme_exists():
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    targets = {line.split(":")[0] for line in makefile.splitlines() if line and not line[0].isspace()
               and ":" in line and not line.startswith((".", "#")) and "=" not in line.split(":")[0]}
    import re

    for target in set(re.findall(r"`make ([a-z-]+)`", README)):
        assert target in targets, f"README names `make {target}` but the Makefile has no such target"
