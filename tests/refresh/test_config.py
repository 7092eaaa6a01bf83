"""The refresh config is checked whole, with the stage files it names, before any stage runs."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from sftmine.cli import main
from sftmine.errors import ConfigError
from sftmine.refresh import RefreshConfig

REPO = Path(__file__).resolve().parents[2]
EASY = REPO / "tests" / "fixtures" / "sampling" / "easy_tasks.jsonl"


def write(folder: Path, name: str, data: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(yaml.safe_dump(data))
    return folder / name


def refresh_file(tmp_path: Path, **changes) -> Path:
    """A refresh config in tmp/pipelines/ that names its files relative to itself."""
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "tasks.jsonl").write_text(EASY.read_text())
    write(tmp_path / "pipelines", "filter.yaml", {"n": 2, "max_tokens": 96})
    data = {"out": "../out", "imports": [{"format": "tasks", "path": "../data/tasks.jsonl"}],
            "filter": {"config": "filter.yaml", "repeat": 2}, "sandbox": {"backend": "bwrap"}, **changes}
    return write(tmp_path / "pipelines", "refresh.yaml", data)


def test_paths_are_relative_to_the_file_and_the_stage_files_are_read_at_load(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    config = RefreshConfig.load(refresh_file(tmp_path))
    assert config.out == tmp_path / "out"
    assert config.imports[0].path == tmp_path / "data" / "tasks.jsonl"
    assert (config.filter.n, config.filter.max_tokens, config.filter.repeat) == (2, 96, 2)
    assert config.sandbox.backend == "bwrap" and config.sandbox.workers is None


def test_the_shipped_configs_load_from_any_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    demo = RefreshConfig.load(REPO / "pipelines" / "demo.yaml")
    assert demo.out == REPO / "runs" / "demo" and demo.competitive is not None and demo.ci is not None
    assert demo.ci.sources[0] == "pypi:webcolors==1.13" and demo.filter.n == 10
    assert demo.stages["tests"].budget_s == 30
    nightly = RefreshConfig.load(REPO / "pipelines" / "nightly.yaml")
    assert nightly.ci is not None and nightly.ci.sources and nightly.filter.n == 48


@pytest.mark.parametrize("changes, message", [
    ({"filter": {"config": "filter.yaml", "n": "lots"}}, "refresh.yaml: filter.n: expected an integer, got 'lots'"),
    ({"filter": {"config": "filter.yaml", "nn": 1}}, "refresh.yaml: filter.nn: unknown key; allowed in filter: "),
    ({"ci": {"sources": "list.txt"}}, "refresh.yaml: ci.sources: expected a list of strings or null, got 'list.txt'"),
    ({"ci": {"sources": ["pypi:"]}}, "refresh.yaml: ci.sources.0: 'pypi:': write a PyPI source as pypi:NAME"),
    ({"ci": {"sources": ["pypi:x"], "repeat": "twice"}}, "refresh.yaml: ci.repeat: expected an integer or null"),
    ({"ci": {}}, "refresh.yaml: ci.sources: missing; list the sources here or in the ci config's `sources`"),
    ({"dedup": {"near_threshold": "high"}}, "refresh.yaml: dedup.near_threshold: expected a number, got 'high'"),
    ({"sandbox": {"workers": "all"}}, "refresh.yaml: sandbox.workers: expected an integer or null, got 'all'"),
    ({"imports": [{"format": "apps"}]}, "refresh.yaml: imports.0.path: the apps import needs a `path`"),
    ({"imports": [{"format": "tasks", "path": "nope.jsonl"}]}, "refresh.yaml: imports.0.path: no such file"),
    ({"imports": [{"format": "csv"}]}, "refresh.yaml: imports.0.format: unknown import format 'csv'; choose from apps, "),
    ({"exports": ["csv"]}, "refresh.yaml: exports: unknown export format 'csv'; choose from codex-d, humaneval, parquet, sft"),
    ({"executor": {"name": "ray", "workers": "x"}}, "refresh.yaml: executor.workers: expected an integer or null"),
    ({"competitive": "nope.yaml"}, "nope.yaml: cannot read the config"),
    ({"report": "yes"}, "refresh.yaml: report: expected true or false, got 'yes'"),
    ({"tests": {"budget_s": 0}}, "refresh.yaml: tests.budget_s: must be more than 0, got 0"),
    ({"tests": {"per_task": "many"}}, "refresh.yaml: tests.per_task: expected an integer, got 'many'"),
    ({"tests": {"cases": 3}}, "refresh.yaml: tests.cases: unknown key; allowed in tests: budget_s, candidates, mutants, per_task, salt"),
    ({"sandbox": {"backend": "docker"}}, "refresh.yaml: sandbox.backend: unknown sandbox backend 'docker'; choose "
                                         "from auto, bwrap, gvisor, process"),
    ({"filter": {"config": "filter.yaml", "backend": "gpt"}}, "refresh.yaml: filter.backend: unknown model backend 'gpt'; choose from llama-cpp"),
    ({"filter": {"config": "filter.yaml", "options": {"threads": "all"}}},
     "refresh.yaml: filter: model backend llama-cpp: threads: expected an integer or null, got 'all'"),
])
def test_every_mistake_is_one_line_naming_the_file_and_the_key(tmp_path, changes, message):
    with pytest.raises(ConfigError) as info:
        RefreshConfig.load(refresh_file(tmp_path, **changes))
    text = str(info.value).replace(str(tmp_path / "pipelines") + "/", "")
    assert text.startswith(message) and "\n" not in text


def test_a_mistake_in_a_named_stage_file_names_that_file(tmp_path):
    path = refresh_file(tmp_path)
    write(tmp_path / "pipelines", "filter.yaml", {"n": 2, "temperature": "hot"})
    with pytest.raises(ConfigError, match=r"filter.yaml: temperature: expected a number, got 'hot'"):
        RefreshConfig.load(path)
    write(tmp_path / "pipelines", "ci.yaml", {"sources": "missing.txt"})
    with pytest.raises(ConfigError, match=r"ci.yaml: sources: no such source list"):
        RefreshConfig.load(refresh_file(tmp_path, ci="ci.yaml"))


def test_sftmine_refresh_stops_at_a_wrong_type_before_any_stage_runs(tmp_path):
    path = refresh_file(tmp_path, ci={"sources": "list.txt"})
    result = CliRunner().invoke(main, ["refresh", str(path), "--quiet"])
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines() == [
        f"error: {path}: ci.sources: expected a list of strings or null, got 'list.txt'"]
    assert not (tmp_path / "out").exists()  # no lock, no imports, nothing written
