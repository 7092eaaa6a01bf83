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


def test_the_readme_documents_the_conventions_and_the_outputs():
    import re

    codes = dict(re.findall(r"^\| (\d+) \| ([^|]+) \|$", README, re.M))
    assert set(codes) == {"0", "1", "2", "75", "130", "143"} and "locked" in codes["75"]
    for needle in ('eval "$(_SFTMINE_COMPLETE=bash_source sftmine)"', "python -m sftmine", "--retry-failed",
                   "prefer-reference", 'load_dataset("json"', "SFTTrainer", "--model-backend openai", "--base-url",
                   "OPENAI_API_KEY", "{format: tasks, path:", "OUT/published/<snapshot>/"):
        assert needle in README, needle


def test_the_readme_import_example_is_a_valid_refresh_config(tmp_path):
    import re

    import yaml

    from sftmine.refresh import RefreshConfig

    block = re.search(r"### Your own task files in a refresh.*?```yaml\n(.*?)```", README, re.S).group(1)
    imports = yaml.safe_load(block)["imports"]
    for entry in imports:  # the loader checks that every named file exists, relative to the config
        (tmp_path / entry["path"]).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / entry["path"]).write_text("{}\n")
    path = tmp_path / "refresh.yaml"
    path.write_text(yaml.safe_dump({"out": "out", "imports": imports}))
    config = RefreshConfig.load(path)
    assert [i.format for i in config.imports] == ["tasks", "apps", "codecontests"]
