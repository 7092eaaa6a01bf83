"""Values as Python-expression text in a closed grammar; shared by the host, the sandbox and the recorder.

Standard library only, Python 3.8 and up: the sandbox imports it by path beside `wire`, and the
recorder ships a copy. The grammar is the plain literals (None, bool, int, float with `float('nan')`
and the infinities, `complex(re, im)`, str, bytes, list, tuple, dict, `set([...])`, `frozenset([...])`)
and two forms built from dotted names:

  a reference `PATH`           a module-level function or class, or an enum member, by import path
                               (`os.path.join`, `pkg.mod.Color.RED`; a builtin by its bare name: `int`),
                               or a plain-data object bound to a name at the top of its class's module
  a construction `PATH(...)`   a standard-library value type from the closed table in `wire_types`
                               (`datetime.date(2024, 1, 2)`, `decimal.Decimal('1.5')`), a dataclass,
                               attrs class or namedtuple by its fields (`pkg.mod.Point(x=1, y=2)`), or
                               any other plain-data object by its attributes, one dictionary
                               (`pkg.mod.Version({'_major': 1, '_minor': 2})`, see `wire_objects`)

Only exact types are accepted (an int subclass, a dict subclass outside the table are refused), and
encoding never runs code of the program that made the value: types are looked up by identity, fields are
read from slots and instance dictionaries, never through a property or `__getattr__`, and a class is
named only when its import path leads back to the very same class. A plain-data object that refers back
to itself, or appears twice in one value, is refused (its text could not say so), as is a value nested
deeper than 50 levels or longer than the budget. The text is canonical: one value has one text (an
object's attributes compare as a dictionary), so two values compare by their texts' structure (`wire.from_literal` reads them back in the
host as plain values and `Obj`/`Ref` records without importing anything).
"""

from __future__ import annotations

import math

try:
    from . import wire_objects, wire_types  # sftmine.sandbox, or the recorder's package
except ImportError:  # imported by path inside the sandbox
    import wire_objects  # type: ignore[no-redef]
    import wire_types  # type: ignore[no-redef]

UNRESTORABLE = "unrestorable"
TOO_LARGE = "too_large"
_SCALARS = (int, str, bytes, bool, type(None))
_CONTAINERS = (list, tuple, dict, set, frozenset)
_MAX_DEPTH = 50


class Unencodable(TypeError):
    """The value is outside the grammar (`reason` UNRESTORABLE, `kind` its type, `why` what of it, when its
    type alone does not say) or over the budget."""

    def __init__(self, message: str, reason: str = UNRESTORABLE, kind: object = None, why: str = "") -> None:
        TypeError.__init__(self, message)
        self.reason = reason
        self.kind = kind
        self.why = why


class Obj:
    """A construction read back in the host: the dotted path, positional and keyword arguments."""

    __slots__ = ("path", "args", "kwargs")

    def __init__(self, path: str, args: tuple = (), kwargs: tuple = ()) -> None:
        self.path, self.args, self.kwargs = path, tuple(args), tuple(kwargs)

    def _key(self) -> tuple:
        return self.path, self.args, self.kwargs

    def __eq__(self, other: object) -> bool:
        return type(other) is Obj and self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        try:
            return hash(self._key())
        except TypeError:  # an object's attributes are a dictionary
            return hash(self.path)

    def __repr__(self) -> str:
        return to_literal(self)


class Ref:
    """A reference read back in the host: the dotted path of a function, class or enum member."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path

    def __eq__(self, other: object) -> bool:
        return type(other) is Ref and self.path == other.path  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(("Ref", self.path))

    def __repr__(self) -> str:
        return self.path


def any_module(name: str, module: object) -> bool:
    """The default admission: a class or function of any module it can be imported from by path."""
    return True


def to_literal(value: object, budget: int | None = None, admit=any_module, arguments: bool = False) -> str:
    """The value's text, at most `budget` characters; raises Unencodable otherwise.

    `admit(module_name, module)` says whose classes and functions may be named by path (the recorder
    admits only the project's and the standard library's). With `arguments`, values that compare by
    identity are written too, as the call that makes their like (`wire_types.reduce_argument`): an
    iterator as what it still holds (`iter([2, 3])`, `enumerate(iter(['a']), 1)`), `operator.itemgetter(0)`,
    `functools.partial(pkg.f, 2)`. Only where no comparison needs them: a call's arguments, a receiver's
    attributes (compared by their texts)."""
    return _Encoder(budget, admit, arguments).text(value, 0)


class _Encoder:
    def __init__(self, budget: int | None, admit, arguments: bool = False) -> None:
        self.left = math.inf if budget is None else budget
        self.admit = admit
        self.arguments = arguments
        self.objects: dict[int, bool] = {}  # each plain-data object met: id -> whether still being written

    def charge(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise Unencodable("value over the size budget", TOO_LARGE)

    def spend(self, text: str) -> str:
        self.charge(len(text))
        return text

    def text(self, value: object, depth: int) -> str:
        kind = type(value)
        if kind in _SCALARS:
            return self.spend(self._scalar(kind, value))
        if kind is float:
            return self.spend(float_text(value))  # type: ignore[arg-type]
        if kind is complex:
            return self.spend(f"complex({float_text(value.real)}, {float_text(value.imag)})")  # type: ignore[attr-defined]
        if depth >= _MAX_DEPTH:
            raise Unencodable("value nested too deeply", TOO_LARGE)
        if kind in _CONTAINERS:
            if len(value) * 2 > self.left:  # type: ignore[arg-type]
                raise Unencodable("value over the size budget", TOO_LARGE)
            return self._container(kind, value, depth + 1)
        if kind is Obj:
            return self.construction(value.path, value.args, value.kwargs, depth + 1)  # type: ignore[attr-defined]
        if kind is Ref:
            return self.spend(value.path)  # type: ignore[attr-defined]
        form = wire_types.reduce(value, kind, self.admit)
        if form is None and self.arguments:
            form = wire_types.reduce_argument(value, kind)
        if form is None:
            return self.plain(value, kind, depth + 1)
        if type(form) is str:
            return self.spend(form)
        return self.construction(*form, depth + 1)

    def plain(self, value, kind: type, depth: int) -> str:
        """A plain-data object: `path({attribute: value})`, or the module-level name it is bound to."""
        form = wire_objects.plain_object(value, kind, self.admit)
        if form is None:
            raise Unencodable(f"cannot encode a value of type {wire_types.type_name(kind)}", UNRESTORABLE, kind)
        if type(form) is str:
            return self.spend(form)
        path, state, why = form
        seen = self.objects.get(id(value))
        why = why or ("" if seen is None else "refers to itself" if seen else "shared reference")
        if why:
            raise Unencodable(f"cannot encode a {wire_types.type_name(kind)}: {why}", UNRESTORABLE, kind, why)
        self.objects[id(value)] = True
        text = self.construction(path, [state], (), depth)
        self.objects[id(value)] = False
        return text

    def _scalar(self, kind: type, value) -> str:
        if kind is int and value.bit_length() > 4 * self.left:
            raise Unencodable("value over the size budget", TOO_LARGE)  # never build a huge decimal string
        if kind in (str, bytes) and len(value) > self.left:
            raise Unencodable("value over the size budget", TOO_LARGE)
        return repr(value)

    def _container(self, kind: type, value, depth: int) -> str:
        """Items pay for themselves; only the punctuation is charged here."""
        if kind is dict:
            parts = [f"{self.text(k, depth)}: {self.text(v, depth)}" for k, v in value.items()]
            text = "{" + ", ".join(parts) + "}"
        else:
            parts = [self.text(v, depth) for v in value]
            if kind is list:
                text = "[" + ", ".join(parts) + "]"
            elif kind is tuple:
                text = f"({parts[0]},)" if len(parts) == 1 else "(" + ", ".join(parts) + ")"
            else:
                text = f"{kind.__name__}([{', '.join(sorted(parts))}])"  # sorted: equal sets, equal texts
        self.charge(len(text) - sum(map(len, parts)))
        return text

    def construction(self, path: str, args, kwargs, depth: int) -> str:
        parts = [self.text(a, depth) for a in args]
        parts += [f"{name}={self.text(v, depth)}" for name, v in kwargs]
        text = f"{path}({', '.join(parts)})"
        self.charge(len(text) - sum(map(len, parts)))
        return text


def float_text(value: float) -> str:
    if math.isnan(value):
        return "float('nan')"
    if math.isinf(value):
        return "float('inf')" if value > 0 else "float('-inf')"
    return repr(value)

