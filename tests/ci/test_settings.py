"""Pipeline settings (pipelines/ci.yaml) merged into trace options."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sftmine.ci.settings import OptionValues, load_settings, trace_options
from sftmine.errors import ConfigError, InputFileError

REPO = Path(__file__).resolve().parents[2]


def test_the_shipped_pipeline_config_loads_and_names_an_existing_source_list():
    settings = load_settings(REPO / "pipelines" / "ci.yaml")
    assert settings.sources is not None and settings.sources.is_file() and settings.out == REPO / "runs" / "trace-ci"
    options = trace_options(settings.options)
    assert options.repeat >= 2 and options.synth.min_calls == 3 and options.record["max_calls"] == 20


def test_options_reach_every_part():
    options = trace_options(OptionValues(budget_s=60, max_calls=5, max_bytes=100, min_calls=2,
                                         allow_no_docstring=True, standalone_only=True, allow_test_failures=True))
    assert options.budget_s == 60.0 and options.record == {"max_calls": 5, "max_attempts": 100, "max_bytes": 100,
                                                        "max_items": 10}
    assert (options.synth.min_calls, options.synth.max_cases) == (2, 5)
    assert options.synth.allow_no_docstring and options.synth.standalone_only and options.allow_test_failures


@pytest.mark.parametrize("text, message", [
    ("out: x\nextra: 1\n", "extra: unknown key; allowed at the top: executor, options, out, sources"),
    ("options:\n  budget: 5\n", "options.budget: unknown key; allowed in options: allow_no_docstring, "),
    ("options:\n  repeat: lots\n", "options.repeat: expected an integer or null, got 'lots'"),
    ("options:\n  repeat: 1\n", "options.repeat: must be at least 2"),
    ("sources: list.txt\n", "sources: no such source list"),
    ("options: [unclosed\n", "not valid YAML")])
def test_mistakes_name_the_key(tmp_path, text, message):
    path = tmp_path / "ci.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=re.escape(f"{path}: {message}")) as info:
        load_settings(path)
    assert "\n" not in str(info.value)


def test_a_missing_config_file(tmp_path):
    with pytest.raises(InputFileError, match="no such pipeline config"):
        load_settings(tmp_path / "nope.yaml")


def test_the_executor_entry_is_read_and_a_bad_one_named(tmp_path):
    config = tmp_path / "ci.yaml"
    config.write_text("out: o\nexecutor: ray\n")
    assert load_settings(config).executor.is_ray
    config.write_text("out: o\nexecutor: {name: ray, wokers: 2}\n")
    with pytest.raises(ConfigError, match=r"executor.wokers: unknown key; allowed in executor: address, "):
        load_settings(config)
