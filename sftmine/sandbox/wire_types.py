"""The closed set of non-literal values the grammar of `wire_encode` knows, and how each reduces to text.

Standard library only, Python 3.8 and up. A value reduces to a construction `(path, args, kwargs)` whose
arguments are encoded in turn, or to a reference (its dotted path); `None` means it is outside the set.
Standard-library types are found by identity against the module the program itself loaded (a program
that never imported `decimal` holds no Decimal), so nothing is imported here. Project values (enum members,
namedtuples, dataclasses, attrs classes, functions and classes passed as values) are named only when their
class or function is reachable from `sys.modules` by its module and qualified name and `admit` accepts its
module. Nothing here calls code of the program: attributes of a project object are read from its slots
or its instance dictionary, and a field shadowed by a property or other data descriptor is refused. Any
other object of a class is outside this set; `wire_objects` writes the plain-data ones by their attributes.
"""

from __future__ import annotations

import sys
import types

_MISSING = object()
_CLASS_DICT = type.__dict__["__dict__"].__get__
_CLASS_MODULE = type.__dict__["__module__"].__get__
_CLASS_QUALNAME = type.__dict__["__qualname__"].__get__
_CLASS_MRO = type.__dict__["__mro__"].__get__


def reduce(value: object, kind: type, admit):
    """(path, args, kwargs), a reference path, or None when the value is outside the closed set."""
    reducer = _stdlib_reducer(kind)
    if reducer is not None:
        return reducer(value)
    try:
        return _project(value, kind, admit)
    except (AttributeError, KeyError, TypeError, ValueError):
        return None  # an odd class (a broken metaclass, a field table of the wrong shape) is simply unknown


def _trim(values: list, keep: int) -> list:
    """Trailing zeros dropped down to `keep` items, as the standard reprs do."""
    while len(values) > keep and values[-1] == 0:
        values.pop()
    return values


def _tz(value) -> list:
    out = [("tzinfo", value.tzinfo)] if value.tzinfo is not None else []
    return out + ([("fold", 1)] if value.fold else [])


def _datetime(v):
    return "datetime.datetime", _trim([v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond], 3), _tz(v)


def _time(v):
    return "datetime.time", _trim([v.hour, v.minute, v.second, v.microsecond], 1), _tz(v)


def _timedelta(v):
    parts = (("days", v.days), ("seconds", v.seconds), ("microseconds", v.microseconds))
    return "datetime.timedelta", [], [(k, n) for k, n in parts if n]


def _timezone(v):
    offset, name = v.utcoffset(None), v.tzname(None)
    if not offset and name == "UTC":
        return "datetime.timezone.utc"
    default = type(v)(offset).tzname(None)
    return "datetime.timezone", [offset] + ([name] if name != default else []), []


def _pattern(v):
    default = 32 if type(v.pattern) is str else 0  # re.UNICODE is implied for text patterns
    return "re.compile", [v.pattern] + ([v.flags] if v.flags != default else []), []


def _range(v):
    if v.step != 1:
        return "range", [v.start, v.stop, v.step], []
    return "range", [v.stop] if v.start == 0 else [v.start, v.stop], []


def _deque(v):
    return "collections.deque", [list(v)] + ([v.maxlen] if v.maxlen is not None else []), []


def _path(name: str):
    return lambda v: (f"pathlib.{name}", [str(v)], [])


# (module, attribute) of each standard-library type -> its reducer. The construction's path is also
# what the sandbox calls to rebuild it (see CONSTRUCTORS).
_TABLE = {
    ("datetime", "datetime"): _datetime,
    ("datetime", "date"): lambda v: ("datetime.date", [v.year, v.month, v.day], []),
    ("datetime", "time"): _time,
    ("datetime", "timedelta"): _timedelta,
    ("datetime", "timezone"): _timezone,
    ("decimal", "Decimal"): lambda v: ("decimal.Decimal", [str(v)], []),
    ("fractions", "Fraction"): lambda v: ("fractions.Fraction", [v.numerator, v.denominator], []),
    ("uuid", "UUID"): lambda v: ("uuid.UUID", [str(v)], []),
    ("collections", "OrderedDict"): lambda v: ("collections.OrderedDict", [list(v.items())], []),
    ("collections", "Counter"): lambda v: ("collections.Counter", [dict(v)], []),
    ("collections", "defaultdict"): lambda v: ("collections.defaultdict", [v.default_factory, dict(v)], []),
    ("collections", "deque"): _deque,
    ("pathlib", "PurePosixPath"): _path("PurePosixPath"),
    ("pathlib", "PureWindowsPath"): _path("PureWindowsPath"),
    ("pathlib", "PosixPath"): _path("PosixPath"),
    ("pathlib", "WindowsPath"): _path("WindowsPath"),
    ("re", "Pattern"): _pattern,
    ("builtins", "range"): _range,
    ("builtins", "slice"): lambda v: ("slice", [v.start, v.stop, v.step], []),
    ("builtins", "bytearray"): lambda v: ("bytearray", [bytes(v)], []),
}
CONSTRUCTORS = {"datetime.datetime": ("datetime", "datetime"), "datetime.date": ("datetime", "date"),
                "datetime.time": ("datetime", "time"), "datetime.timedelta": ("datetime", "timedelta"),
                "datetime.timezone": ("datetime", "timezone"), "decimal.Decimal": ("decimal", "Decimal"),
                "fractions.Fraction": ("fractions", "Fraction"), "uuid.UUID": ("uuid", "UUID"),
                "collections.OrderedDict": ("collections", "OrderedDict"),
                "collections.Counter": ("collections", "Counter"),
                "collections.defaultdict": ("collections", "defaultdict"),
                "collections.deque": ("collections", "deque"), "re.compile": ("re", "compile"),
                "range": ("builtins", "range"), "slice": ("builtins", "slice"),
                "bytearray": ("builtins", "bytearray"), "importlib.import_module": ("importlib", "import_module"),
                **{f"pathlib.{n}": ("pathlib", n) for n in ("PurePosixPath", "PureWindowsPath", "PosixPath",
                                                            "WindowsPath")}}
_found: dict = {}

# Values that compare by identity, kept as arguments only (a returned one could never be checked):
# iterators over values of the grammar, rebuilt where they stand from what they still hold, and the
# operator module's getters and `functools.partial` over values of the grammar. Their C `__reduce__` (or
# attributes) read their state without advancing them and run no code of the program.
_SEQUENCE_ITERATORS = frozenset(type(iter(v)) for v in ([], (), "", "\xe9", range(0), range(1 << 64)))
_REVERSED = type(reversed([]))
_WRAPPERS = {enumerate: "enumerate", filter: "filter", map: "map", zip: "zip"}
_CALLABLES = {("operator", n): f"operator.{n}" for n in ("itemgetter", "attrgetter", "methodcaller")}
ARGUMENT_CONSTRUCTORS = frozenset(("iter", "reversed", *_WRAPPERS.values(), *_CALLABLES.values(),
                                   "functools.partial", "exhausted_generator"))
CONSTRUCTORS.update({name: ("builtins", name) for name in ("iter", "reversed", *_WRAPPERS.values())})
CONSTRUCTORS.update({path: key for key, path in _CALLABLES.items()})
CONSTRUCTORS["functools.partial"] = ("functools", "partial")
CONSTRUCTORS["exhausted_generator"] = ("", "exhausted_generator")  # "": this module's own


def exhausted_generator():
    """A generator that has finished: what a parser keeps after it listed its tokenizer's output."""
    def finished():
        yield from ()

    gen = finished()
    next(gen, None)
    return gen


def reduce_argument(value: object, kind: type):
    """An argument that compares by identity as the construction that makes its like, or None."""
    if kind in _SEQUENCE_ITERATORS or kind is _REVERSED:
        reduced = kind.__reduce__(value)
        whole = reduced[1][0] if len(reduced[1]) == 1 else ()
        if type(whole) not in (list, tuple, str, range):
            return None
        if len(reduced) < 3:  # exhausted
            return "iter", [whole[:0]], []
        at = reduced[2]
        return ("iter", [whole[at:]], []) if kind is not _REVERSED else ("reversed", [whole[:at + 1]], [])
    if kind is types.GeneratorType and value.gi_frame is None:  # type: ignore[attr-defined]
        return "exhausted_generator", [], []  # finished: nothing of it can run again
    name = _WRAPPERS.get(kind)
    if name is not None:
        reduced = kind.__reduce__(value)
        return (name, list(reduced[1]), []) if len(reduced) == 2 else None  # zip(strict=True) holds a state
    reducer = _stdlib_reducer(kind, _ARGUMENT_TABLE, _found_arguments)
    return reducer(value) if reducer is not None else None


def _getter(path: str):
    def reduce(value):
        reduced = type(value).__reduce__(value)  # methodcaller with keywords reduces to a partial: refused
        return (path, list(reduced[1]), []) if reduced[0] is type(value) and len(reduced) == 2 else None
    return reduce


def _partial(value):
    keywords = value.keywords
    if value.__dict__ or not all(type(k) is str and k.isidentifier() for k in keywords):
        return None
    return "functools.partial", [value.func, *value.args], sorted(keywords.items())


# The standard library's argument-only types, found by identity as `_TABLE`'s are.
_ARGUMENT_TABLE = {**{key: _getter(path) for key, path in _CALLABLES.items()}, ("functools", "partial"): _partial}
_found_arguments: dict = {}


def _stdlib_reducer(kind: type, table: dict = _TABLE, found: dict = _found):
    """The reducer `table` holds for `kind`, looked up by identity in the modules the program loaded."""
    reducer = found.get(kind)
    if reducer is None:
        for (module, name), candidate in table.items():
            loaded = sys.modules.get(module)
            if loaded is not None and getattr(loaded, name, None) is kind:
                reducer = found[kind] = candidate
                break
    return reducer


def _project(value: object, kind: type, admit):
    if isinstance(value, types.ModuleType):
        return _module(value, admit)
    if isinstance(value, type):
        return class_path(value, admit)
    if kind in (types.FunctionType, types.BuiltinFunctionType):
        return _function_path(value, admit)
    if _is_enum_class(kind):
        return _member(value, kind, admit)
    path = class_path(kind, admit)  # first: it refuses a class whose metaclass could run code
    fields = record_fields(kind) if path is not None else None
    if fields is None:
        return None
    if _is_tuple_class(kind):
        items = [tuple.__getitem__(value, i) for i in range(tuple.__len__(value))]  # type: ignore[arg-type]
        return (path, [], list(zip(fields, items))) if len(items) == len(fields) else None
    kwargs = []
    for attribute, argument in fields:
        field_value = _field(value, kind, attribute)
        if field_value is _MISSING:
            return None
        kwargs.append((argument, field_value))
    return path, [], kwargs


def record_fields(kind: type):
    """A namedtuple's field names, or [(attribute, __init__ argument)] of a dataclass or attrs class whose
    every field goes through __init__; None for any other class."""
    own = _CLASS_DICT(kind)
    if _is_tuple_class(kind) and type(own.get("_fields")) is tuple:
        return list(own["_fields"]) if all(type(f) is str for f in own["_fields"]) else None
    if "__dataclass_fields__" in own and "dataclasses" in sys.modules:
        fields = sys.modules["dataclasses"].fields(kind)
        return [(f.name, f.name) for f in fields] if all(f.init for f in fields) else None
    if "__attrs_attrs__" in own:
        attrs = own["__attrs_attrs__"]
        if not all(a.init for a in attrs):
            return None
        return [(a.name, getattr(a, "alias", None) or a.name.lstrip("_")) for a in attrs]
    return None


def _is_tuple_class(kind: type) -> bool:
    mro = _CLASS_MRO(kind)
    return len(mro) > 1 and mro[1] is tuple


def _field(value: object, kind: type, name: str):
    """A field read from its slot or the instance dictionary; _MISSING when it lives anywhere else."""
    for klass in _CLASS_MRO(kind):
        found = _CLASS_DICT(klass).get(name, _MISSING)
        if found is _MISSING:
            continue
        if type(found) is types.MemberDescriptorType:
            try:
                return found.__get__(value, kind)
            except AttributeError:  # an empty slot
                return _MISSING
        if is_data_descriptor(found):
            return _MISSING  # a property (or the like) named like the field: reading it would run its code
        break
    own = instance_dict(value, kind)
    return _MISSING if own is None else own.get(name, _MISSING)


def is_data_descriptor(obj: object) -> bool:
    return any("__set__" in _CLASS_DICT(c) or "__delete__" in _CLASS_DICT(c) for c in _CLASS_MRO(type(obj)))


def instance_dict(value: object, kind: type):
    for klass in _CLASS_MRO(kind):
        found = _CLASS_DICT(klass).get("__dict__", _MISSING)
        if found is not _MISSING:
            if type(found) is not types.GetSetDescriptorType:
                return None
            own = found.__get__(value, kind)
            return own if type(own) is dict else None
    return None


def _is_enum_class(kind: type) -> bool:
    enum = sys.modules.get("enum")
    return enum is not None and isinstance(kind, enum.EnumMeta)


def _is_flag_class(kind: type) -> bool:
    enum = sys.modules.get("enum")
    return enum is not None and isinstance(kind, enum.EnumMeta) and issubclass(kind, enum.Flag)


def _member(value: object, kind: type, admit):
    """`Class.NAME` for a listed member; `Class(value)` for a combination of flags (its value an int)."""
    own = instance_dict(value, kind) or {}
    name, number = own.get("_name_"), own.get("_value_")
    members = _CLASS_DICT(kind).get("_member_map_")
    path = class_path(kind, admit)
    if path is None or type(members) is not dict:
        return None
    if type(name) is str and members.get(name) is value:
        return f"{path}.{name}"
    return (path, [number], []) if _is_flag_class(kind) and type(number) is int else None


def class_path(cls: type, admit):
    """`module.QualName` of a class reachable by that path (a builtin by its bare name), else None."""
    metaclass, abc = type(cls), sys.modules.get("abc")
    if metaclass is not type and not _is_enum_class(cls) and not (abc and metaclass is abc.ABCMeta):
        return None  # a custom metaclass could run code when the class is looked at
    return _reachable(_CLASS_MODULE(cls), _CLASS_QUALNAME(cls), cls, admit)


_MODULE_DICT = types.ModuleType.__dict__["__dict__"].__get__  # the module's own slot: no code of a subclass


def _module(module: types.ModuleType, admit):
    """`importlib.import_module('name')` for a module that import gives back (a lazy module of `six.moves`
    too: its finder is in place wherever the project is installed)."""
    name = _MODULE_DICT(module).get("__name__")
    if type(name) is not str or sys.modules.get(name) is not module or not admit(name, module):
        return None
    return "importlib.import_module", [name], []


def _function_path(fn, admit):
    if type(fn) is types.BuiltinFunctionType and type(fn.__self__) is not types.ModuleType:
        return None  # a bound method of a built-in object
    return _reachable(fn.__module__, fn.__qualname__, fn, admit)


def _reachable(module_name, qualname, obj: object, admit):
    if type(module_name) is not str or type(qualname) is not str or "<" in qualname:
        return None
    module = sys.modules.get(module_name)
    if type(module) is not types.ModuleType or not admit(module_name, module):
        return None
    namespace, found = module.__dict__, None
    for part in qualname.split("."):
        if namespace is None:
            return None
        found = namespace.get(part, _MISSING)
        namespace = _CLASS_DICT(found) if isinstance(found, type) and type(found) is type else None
    if found is not obj:
        return None
    return qualname if module_name == "builtins" else f"{module_name}.{qualname}"


def is_record_class(cls: object) -> bool:
    """A class the sandbox may construct from a text: a namedtuple, dataclass or attrs class from its
    fields, or a flag enum from its value."""
    try:
        return isinstance(cls, type) and (record_fields(cls) is not None or _is_flag_class(cls))
    except (AttributeError, KeyError, TypeError, ValueError):
        return False


def type_name(kind: type) -> str:
    try:
        return f"{_CLASS_MODULE(kind)}.{_CLASS_QUALNAME(kind)}"
    except Exception:  # noqa: BLE001 - a broken class is named by what can be read
        return "?"
