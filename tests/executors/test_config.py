import pytest

from sftmine.errors import ConfigError
from sftmine.executors import ExecutorConfig


def test_defaults_are_local():
    config = ExecutorConfig.from_dict(None)
    assert config.name == "local" and not config.is_ray


def test_a_bare_name_and_a_mapping_both_read():
    assert ExecutorConfig.from_dict("ray").is_ray
    config = ExecutorConfig.from_dict({"name": "ray", "address": "auto", "cpus_per_worker": 2, "shard_size": 8})
    assert (config.address, config.cpus_per_worker, config.shard_size) == ("auto", 2, 8)


@pytest.mark.parametrize("data, words", [
    ({"name": "dask"}, "local, ray"),
    ({"nmae": "ray"}, "executor.nmae: unknown key; allowed in executor: address, "),
    ({"workers": "four"}, "executor.workers: expected an integer or null, got 'four'"),
    ({"workers": 0}, "workers must be a whole number"),
    ({"cpus_per_worker": 0}, "cpus_per_worker must be above 0"),
    ({"gpus_per_worker": -1}, "gpus_per_worker must be 0 or more"),
    ([1, 2], "expected a mapping"),
])
def test_bad_settings_name_the_key(data, words):
    with pytest.raises(ConfigError, match="executor") as info:
        ExecutorConfig.from_dict(data)
    assert words in str(info.value)


def test_command_line_overrides_win_and_none_keeps_the_file_value():
    config = ExecutorConfig.from_dict({"name": "ray", "workers": 4}).merged(workers=None, shard_size=2, name=None)
    assert (config.name, config.workers, config.shard_size) == ("ray", 4, 2)
