"""The one config loader: types, unknown keys, nesting, -o overrides and relative paths, one line each."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Literal

import pytest

from sftmine.config import Layer, build, call_options, parse_options, read_yaml
from sftmine.errors import ConfigError


@dataclass(frozen=True)
class Inner:
    SHORTHAND: ClassVar[str] = "name"
    name: str = "local"
    workers: int | None = None


@dataclass(frozen=True)
class Settings:
    n: int = 1
    rate: float = 0.5
    flag: bool = False
    mode: Literal["chat", "completion"] = "chat"
    data: Path | None = None
    sources: list[str] = field(default_factory=list)
    inner: Inner = field(default_factory=Inner)

    def validate(self) -> None:
        if self.n < 1:
            raise ConfigError(f"n: must be at least 1, got {self.n}")


def load(tmp_path: Path, text: str, *layers: Layer) -> Settings:
    path = tmp_path / "demo.yaml"
    path.write_text(text)
    return build(Settings, read_yaml(path), *layers)


def error(tmp_path: Path, text: str, *layers: Layer) -> str:
    with pytest.raises(ConfigError) as info:
        load(tmp_path, text, *layers)
    message = str(info.value)
    assert "\n" not in message
    return message.replace(str(tmp_path / "demo.yaml"), "demo.yaml")


@pytest.mark.parametrize("text, message", [
    ("n: lots\n", "demo.yaml: n: expected an integer, got 'lots'"),
    ("n: true\n", "demo.yaml: n: expected an integer, got True"),
    ("rate: fast\n", "demo.yaml: rate: expected a number, got 'fast'"),
    ("flag: 1\n", "demo.yaml: flag: expected true or false, got 1"),
    ("mode: fim\n", "demo.yaml: mode: expected one of chat, completion, got 'fim'"),
    ("sources: list.txt\n", "demo.yaml: sources: expected a list of strings, got 'list.txt'"),
    ("sources: [a, [b]]\n", "demo.yaml: sources.1: expected a string, got ['b']"),
    ("data: 3\n", "demo.yaml: data: expected a path or null, got 3"),
    ("- n\n", "demo.yaml: the top level: expected a mapping of keys to values, got list"),
])
def test_a_wrong_type_names_the_file_the_key_and_the_type(tmp_path, text, message):
    assert error(tmp_path, text) == message


def test_an_unknown_key_names_the_allowed_ones(tmp_path):
    assert error(tmp_path, "nn: 2\n") == ("demo.yaml: nn: unknown key; allowed at the top: data, flag, inner, "
                                          "mode, n, rate, sources")


def test_nested_keys_are_dotted_and_a_shorthand_stands_for_its_field(tmp_path):
    assert error(tmp_path, "inner: {workers: many}\n") == (
        "demo.yaml: inner.workers: expected an integer or null, got 'many'")
    assert error(tmp_path, "inner: {wokers: 2}\n") == "demo.yaml: inner.wokers: unknown key; allowed in inner: name, workers"
    assert error(tmp_path, "inner: [1]\n") == (
        "demo.yaml: inner: expected a mapping of keys to values or a name, got list")
    assert load(tmp_path, "inner: ray\n").inner == Inner("ray")


def test_validate_errors_are_reported_at_their_key(tmp_path):
    assert error(tmp_path, "n: 0\n") == "demo.yaml: n: must be at least 1, got 0"


def test_overrides_win_key_by_key_and_name_their_own_source(tmp_path):
    cli = Layer(parse_options(["n=3", "inner.workers=4"]), "-o")
    settings = load(tmp_path, "n: 2\nrate: 1\ninner: {name: ray, workers: 2}\n", cli)
    assert (settings.n, settings.rate, settings.inner) == (3, 1.0, Inner("ray", 4))
    assert error(tmp_path, "n: 2\n", Layer(parse_options(["inner.workers=lots"]), "-o")) == (
        "-o: inner.workers: expected an integer or null, got 'lots'")


def test_parse_options_reads_yaml_scalars_and_refuses_what_is_not_key_value():
    assert parse_options(["a=1", "b=x y", "c=", "d.e=true", "f=[1, 2]"]) == {
        "a": 1, "b": "x y", "c": None, "d": {"e": True}, "f": [1, 2]}
    with pytest.raises(ConfigError, match="'novalue' is not KEY=VALUE"):
        parse_options(["novalue"])


def test_paths_in_a_file_are_relative_to_the_file_and_on_the_command_line_to_the_working_directory(tmp_path):
    sub = tmp_path / "pipelines"
    sub.mkdir()
    (sub / "demo.yaml").write_text("data: ../data/tasks.jsonl\n")
    assert build(Settings, read_yaml(sub / "demo.yaml")).data == tmp_path / "data" / "tasks.jsonl"
    assert build(Settings, Layer({"data": "x.jsonl"}, "-o")).data == Path("x.jsonl")
    assert build(Settings, Layer({"data": "/abs/x"}, "f", base=sub)).data == Path("/abs/x")


def test_unreadable_and_invalid_files_are_one_line(tmp_path):
    with pytest.raises(ConfigError, match="cannot read the config .*; pass a file like x.yaml"):
        read_yaml(tmp_path / "nope.yaml", "x.yaml")
    (tmp_path / "bad.yaml").write_text("n: [\n")
    with pytest.raises(ConfigError, match="not valid YAML") as info:
        read_yaml(tmp_path / "bad.yaml")
    assert "\n" not in str(info.value)
    (tmp_path / "latin.yaml").write_bytes(b"n: 1\nname: caf\xe9\n")
    with pytest.raises(ConfigError, match=r"not UTF-8 text \(byte 14\)"):
        read_yaml(tmp_path / "latin.yaml")


def test_call_options_checks_names_and_annotated_types():
    def backend(model: str | None = None, concurrency: int = 8) -> None: ...

    assert call_options(backend, {"concurrency": 2}, "--option") == {"concurrency": 2}
    with pytest.raises(ConfigError, match="--option: concurrency: expected an integer, got 'lots'"):
        call_options(backend, {"concurrency": "lots"}, "--option")
    with pytest.raises(ConfigError, match="--option: threads: unknown option; allowed: model, concurrency"):
        call_options(backend, {"threads": 2}, "--option")
