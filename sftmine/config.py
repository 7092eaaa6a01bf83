"""The one config loader: typed dataclasses from YAML files and `-o key=value` options.

Every pipeline config is a dataclass; `build(cls, *layers)` fills it from layers (the file, then the
overrides of a refresh file, then the command line), later layers winning key by key. A layer knows
where it came from, so every mistake is one line naming the file, the dotted key and what was expected:

    pipelines/demo.yaml: filter.n: expected an integer, got 'lots'

Paths in a file are taken relative to that file; paths given on the command line to the working
directory. A class may define `validate()` for checks across fields (raising ConfigError; a message
that starts with `FIELD: ` is reported at that field's dotted key) and a
`SHORTHAND` field name that a bare string stands for (`executor: ray` is `executor: {name: ray}`).
"""

from __future__ import annotations

import dataclasses
import inspect
import os
import types
import typing
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

from sftmine.errors import ConfigError

T = TypeVar("T")


@dataclass(frozen=True)
class Layer:
    """Settings from one place: `data` as read, `source` for messages, `base` for relative paths."""

    data: Any
    source: str = "options"
    base: Path | None = None  # relative paths start here; None: the working directory
    where: str = ""  # dotted key of `data` inside its source

    def at(self, key: str, data: Any) -> Layer:
        return Layer(data, self.source, self.base, f"{self.where}.{key}" if self.where else str(key))

    def error(self, message: str) -> ConfigError:
        return ConfigError(f"{self.source}: {self.where}: {message}" if self.where else f"{self.source}: {message}")


def read_yaml(path: Path, example: str = "") -> Layer:
    """A YAML file's top-level mapping as a layer based at the file's folder (empty file: no settings)."""
    hint = f"; pass a file like {example}" if example else ""
    try:
        text = Path(path).read_bytes().decode("utf-8")
        data = yaml.safe_load(text)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config ({exc.strerror}){hint}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({' '.join(str(exc).split())})") from None
    return Layer({} if data is None else data, str(path), Path(path).absolute().parent)


def parse_options(items: Iterable[str], source: str = "-o") -> dict[str, Any]:
    """`KEY=VALUE` strings into a nested mapping: dotted keys nest, values are read as YAML scalars."""
    data: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"{source}: {item!r} is not KEY=VALUE")
        *parents, last = [k.strip() for k in key.split(".")]
        node = data
        for name in parents:
            node = node.setdefault(name, {})
            if not isinstance(node, dict):
                raise ConfigError(f"{source}: {key}: sets a key inside a value given before")
        try:
            node[last] = yaml.safe_load(value) if value.strip() else None
        except yaml.YAMLError:
            node[last] = value  # not YAML: take the text as it is
    return data


def build(cls: type[T], *layers: Layer, only: Collection[str] | None = None) -> T:
    """A `cls` from the layers, every key and type checked; `only` narrows the keys a file may set."""
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls) if f.init and (only is None or f.name in only)]  # type: ignore[arg-type]
    given: dict[str, list[Layer]] = {}
    for layer in layers:
        data = _mapping(cls, layer)
        for key, value in data.items():
            if key not in names:
                where = f"in {layer.where}" if layer.where else "at the top"
                raise layer.at(str(key), value).error(f"unknown key; allowed {where}: {', '.join(sorted(names))}")
            given.setdefault(key, []).append(layer.at(key, value))
    values = {key: _field(hints[key], found) for key, found in given.items()}
    first = layers[0] if layers else Layer(None)
    try:
        obj = cls(**values)
        if hasattr(obj, "validate"):
            obj.validate()
    except ConfigError as exc:
        key, sep, rest = str(exc).partition(": ")
        if sep and key in names:  # `validate` named one of its fields: fold it into the dotted key
            raise first.at(key, None).error(rest) from None
        raise first.error(str(exc)) from None
    return obj


def convert(tp: Any, layer: Layer) -> Any:
    """`layer.data` as a value of type `tp`, or a one-line ConfigError naming the key and the type."""
    value, origin, args = layer.data, typing.get_origin(tp), typing.get_args(tp)
    if tp is Any:
        return value
    if origin in (typing.Union, types.UnionType):
        return _union(args, layer)
    if dataclasses.is_dataclass(tp):
        return build(tp, layer)  # type: ignore[arg-type]
    if origin is typing.Literal:
        if value in args:
            return value
        raise layer.error(f"expected one of {', '.join(map(str, args))}, got {value!r}")
    if origin in (list, tuple):
        if not isinstance(value, list):
            raise layer.error(f"expected {describe(tp)}, got {value!r}")
        items = [convert(args[0] if args else Any, layer.at(str(i), v)) for i, v in enumerate(value)]
        return items if origin is list else tuple(items)
    if origin is dict or tp is dict:
        if not isinstance(value, dict):
            raise layer.error(f"expected {describe(tp)}, got {_kind(value)}")
        kind = args[1] if args else Any
        return {k: convert(kind, layer.at(str(k), v)) for k, v in value.items()}
    return _scalar(tp, layer)


def describe(tp: Any) -> str:
    """The expected type in words, for messages."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(describe(a) for a in args if a is not type(None)) + (
            " or null" if type(None) in args else "")
    if origin in (list, tuple):
        return f"a list of {_plural(describe(args[0]))}" if args and args[0] is not Any else "a list"
    if origin is dict or tp is dict:
        kind = args[1] if args else Any
        return "a mapping of keys to " + ("values" if kind is Any else _plural(describe(kind)))
    if dataclasses.is_dataclass(tp):
        return "a mapping"
    if origin is typing.Literal:
        return "one of " + ", ".join(map(str, args))
    return _WORDS.get(tp, getattr(tp, "__name__", str(tp)))


_WORDS = {int: "an integer", float: "a number", bool: "true or false", str: "a string", Path: "a path"}


def _plural(words: str) -> str:
    noun = words.removeprefix("an ").removeprefix("a ")
    return noun + "s" if noun != words and " " not in noun else words


def _scalar(tp: Any, layer: Layer) -> Any:
    value = layer.data
    if tp is bool and isinstance(value, bool):
        return value
    if isinstance(value, bool):
        pass  # true/false is never a number or a string by accident
    elif tp is int and isinstance(value, int):
        return value
    elif tp is float and isinstance(value, (int, float)):
        return float(value)
    elif tp is str and isinstance(value, (str, int, float)):
        return str(value)  # `since: 1901` is the watermark "1901"
    elif tp is Path and isinstance(value, str) and value:
        path = Path(os.path.expanduser(value))
        return Path(os.path.normpath(layer.base / path)) if layer.base and not path.is_absolute() else path
    raise layer.error(f"expected {describe(tp)}, got {value!r}")


def _union(args: tuple[Any, ...], layer: Layer) -> Any:
    if layer.data is None and type(None) in args:
        return None
    errors = []
    for tp in (a for a in args if a is not type(None)):
        try:
            return convert(tp, layer)
        except ConfigError as exc:
            errors.append(exc)
    here = str(layer.error("expected "))
    deeper = [e for e in errors if not str(e).startswith(here)]
    if deeper:  # the value had the right shape; the mistake is inside it
        raise deeper[0]
    raise layer.error(f"expected {describe(typing.Union.__getitem__(args))}, got {layer.data!r}")


def _field(tp: Any, found: list[Layer]) -> Any:
    """The value of one field; a dataclass set in several layers merges them key by key."""
    kind = _dataclass_of(tp)
    layers = [f for f in found if isinstance(f.data, dict)]
    if kind is not None and len(layers) == len(found) > 1:
        return build(kind, *layers)
    return convert(tp, found[-1])


def _dataclass_of(tp: Any) -> type | None:
    for candidate in (tp, *typing.get_args(tp)):
        if dataclasses.is_dataclass(candidate):
            return candidate  # type: ignore[return-value]
    return None


def _mapping(cls: type, layer: Layer) -> dict[str, Any]:
    data = layer.data
    shorthand = getattr(cls, "SHORTHAND", None)
    if data is None:
        return {}
    if shorthand and isinstance(data, (str, int, float)) and not isinstance(data, bool):
        return {shorthand: data}
    if not isinstance(data, dict):
        also = f" or a {shorthand}" if shorthand else ""
        message = f"expected a mapping of keys to values{also}, got {_kind(data)}"
        raise (layer.error(message) if layer.where else layer.error(f"the top level: {message}"))
    return data


def _kind(value: Any) -> str:
    return f"{type(value).__name__} {value!r}" if isinstance(value, (str, int, float)) else type(value).__name__


def call_options(fn: Any, options: dict[str, Any], source: str) -> dict[str, Any]:
    """`options` for calling `fn`, checked against its parameters: their names and annotated types."""
    params = {n: p for n, p in inspect.signature(fn).parameters.items() if n != "self"}
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    names = [n for n, p in params.items() if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)]
    hints = typing.get_type_hints(fn.__init__ if isinstance(fn, type) else fn)
    checked = {}
    for key, value in options.items():
        layer = Layer(value, source, where=str(key))
        if key not in names and not takes_any:
            raise layer.error(f"unknown option; allowed: {', '.join(names)}")
        checked[key] = convert(hints.get(key, Any), layer)
    return checked
