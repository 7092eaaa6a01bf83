from pathlib import Path

import pytest

from sftmine.errors import ConfigError
from sftmine.sampling.config import RunConfig

PIPELINE = Path(__file__).resolve().parents[2] / "pipelines" / "filter.yaml"


def test_defaults_follow_the_codex_paper_at_the_shipped_n():
    config = RunConfig.load(None)  # n as pipelines/filter.yaml (the paper's 100 is --n 100)
    assert (config.n, config.temperature, config.top_p, config.repeat) == (RunConfig.load(PIPELINE).n, 0.8, 0.95, 3)
    assert config.backend == "llama-cpp" and config.mode == "chat" and config.policy == "all"


def test_the_shipped_pipeline_config_loads():
    config = RunConfig.load(PIPELINE)
    assert config.backend == "llama-cpp" and config.n >= 10


def test_command_line_overrides_the_file_which_overrides_defaults(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text("n: 7\nmodel: m\nbackend: openai\noptions: {base_url: 'http://h/v1'}\n")
    config = RunConfig.load(path, n=3, temperature=None)
    assert config.n == 3 and config.temperature == 0.8 and config.backend == "openai"
    assert config.backend_options() == {"base_url": "http://h/v1", "model": "m"}


def test_a_typo_names_the_key_and_the_allowed_ones(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text("temprature: 0.2\n")
    with pytest.raises(ConfigError, match=r"f.yaml: temprature: unknown key; allowed at the top: .*temperature"):
        RunConfig.load(path)


@pytest.mark.parametrize("text, message", [("n: 0\n", "n must be"), ("repeat: -1\n", "repeat"),
                                           ("mode: fim\n", "prompt mode"), ("- a\n", "mapping"),
                                           ("n: [\n", "not valid YAML"), ("options: 3\n", "options: expected a mapping of keys to values, got int"),
                                           ("n: lots\n", "f.yaml: n: expected an integer, got 'lots'")])
def test_bad_values_are_one_line_errors(tmp_path, text, message):
    path = tmp_path / "f.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        RunConfig.load(path)


def test_an_executor_mapping_is_read_and_checked(tmp_path):
    config = tmp_path / "f.yaml"
    config.write_text("executor: {name: ray, address: auto, cpus_per_worker: 2}\n")
    run = RunConfig.load(config)
    assert run.executor.is_ray and run.executor.address == "auto" and run.executor.cpus_per_worker == 2
    config.write_text("executor: {name: spark}\n")
    with pytest.raises(ConfigError, match="executor must be one of local, ray"):
        RunConfig.load(config)


def test_a_wrong_type_on_the_command_line_names_the_option():
    with pytest.raises(ConfigError, match="options: temperature: expected a number, got 'hot'"):
        RunConfig.load(None, temperature="hot")
