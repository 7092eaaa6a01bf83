"""The one registry helper: register, look up, list, and an unknown name naming the choices."""

from __future__ import annotations

import pytest

from sftmine.errors import ConfigError
from sftmine.export import FORMATS
from sftmine.importers.base import IMPORTERS
from sftmine.registry import Registry
from sftmine.sampling.base import BACKENDS as MODEL_BACKENDS
from sftmine.sandbox.base import BACKENDS as SANDBOX_BACKENDS
from sftmine.sites.base import SITES


def test_register_get_and_names_load_the_builtins_once():
    loads = []
    registry: Registry[int] = Registry("number", lambda: loads.append(registry.register("one")(1)))
    registry.register("two")(2)
    assert registry.get("one") == 1 and registry.names() == ["one", "two"] and "two" in registry
    assert [name for name, _ in registry.items()] == ["two", "one"] and loads == [1]


def test_an_unknown_name_is_one_line_naming_the_choices():
    registry: Registry[int] = Registry("sandbox backend", also=["auto"])
    registry.register("bwrap")(1)
    with pytest.raises(ConfigError, match=r"^unknown sandbox backend 'docker'; choose from auto, bwrap$"):
        registry.get("docker")


def test_every_plug_in_kind_uses_it_with_its_builtins():
    assert SANDBOX_BACKENDS.names() == ["bwrap", "gvisor", "process"]
    # other tests register their own model backends (a test double server); the built-ins are all there
    assert {"llama-cpp", "openai", "transformers", "vllm"} <= set(MODEL_BACKENDS.names())
    assert SITES.names() == ["aoj", "atcoder", "codechef", "codeforces", "leetcode"]
    assert IMPORTERS.names() == ["apps", "codecontests", "humaneval", "taco", "tasks"]
    assert FORMATS.names() == ["codex-d", "humaneval", "parquet", "sft"]
