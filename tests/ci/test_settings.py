"""Pipeline settings (pipelines/ci.yaml) merged into trace options."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sftmine.ci.settings import load_settings, trace_options
from sftmine.errors import ConfigError, InputFileError

REPO = Path(__file__).resolve().parents[2]


def test_the_shipped_pipeline_config_loads_and_names_an_existing_source_list():
    settings = load_settings(REPO / "pipelines" / "ci.yaml")
    assert Path(settings["sources"]).is_file() and settings["out"] == "runs/trace-ci"
    options = trace_options(settings["options"])
    assert options.repeat >= 2 and options.synth.min_calls == 3 and options.record["max_calls"] == 20


def test_options_reach_every_part():
    options = trace_options({"budget_s": "60", "max_calls": 5, "max_bytes": 100, "min_calls": 2,
                             "allow_no_docstring": True, "standalone_only": True, "allow_test_failures": True})
    assert options.budget_s == 60.0 and options.record == {"max_calls": 5, "max_attempts": 100, "max_bytes": 100}
    assert (options.synth.min_calls, options.synth.max_cases) == (2, 5)
    assert options.synth.allow_no_docstring and options.synth.standalone_only and options.allow_test_failures


@pytest.mark.parametrize("text, message", [("out: x\nextra: 1\n", "unknown key(s) ['extra']"),
                                           ("options:\n  budget: 5\n", "unknown option(s) ['budget']"),
                                           ("options: [unclosed\n", "not valid YAML")])
def test_mistakes_name_the_key(tmp_path, text, message):
    path = tmp_path / "ci.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_settings(path)


def test_a_missing_config_file(tmp_path):
    with pytest.raises(InputFileError, match="no such pipeline config"):
        load_settings(tmp_path / "nope.yaml")


def test_the_executor_entry_is_read_and_a_bad_one_named(tmp_path):
    config = tmp_path / "ci.yaml"
    config.write_text("out: o\nexecutor: ray\n")
    assert load_settings(config)["executor"].is_ray
    config.write_text("out: o\nexecutor: {name: ray, wokers: 2}\n")
    with pytest.raises(ConfigError, match=r"executor: unknown key\(s\) \['wokers'\]"):
        load_settings(config)
