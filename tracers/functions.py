"""Which function a code object belongs to, and its parameters with their defaults.

Standard library only; Python 3.8 and up. Called once per code object, so it may search a namespace.
"""

from __future__ import annotations

import types

from . import codec

VARARGS, VARKEYWORDS = 0x04, 0x08
MISSING = object()


def find_function(namespace: dict, code: types.CodeType) -> tuple:
    """(function, kind, qualname); kind: function, staticmethod, method, classmethod, property, nested, or
    unplaced (a function by no name of its module: decorated, or nested where the code object does not
    tell its qualified name, before Python 3.11). A method's function is None when its class holds no
    function with this code (a decorated method)."""
    obj = namespace.get(code.co_name)
    if isinstance(obj, types.FunctionType) and obj.__code__ is code:
        return obj, "function", code.co_name
    inner = unwrapped(obj, code)
    if inner is not None:
        return inner, "function", code.co_name
    qualname = getattr(code, "co_qualname", None)
    if qualname and "<locals>" in qualname:
        return None, "nested", qualname
    for cls_name, cls in list(namespace.items()):
        if not isinstance(cls, type) or (qualname and not qualname.startswith(cls_name + ".")):
            continue
        raw = cls.__dict__.get(code.co_name, cls.__dict__.get(mangled(cls_name, code.co_name)))
        inner = getattr(raw, "__func__", raw)
        if getattr(inner, "__code__", None) is not code:
            inner = unwrapped(inner, code) or inner
        if getattr(inner, "__code__", None) is code:
            kind = {staticmethod: "staticmethod", classmethod: "classmethod"}.get(type(raw), "method")
            return inner, kind, f"{cls_name}.{code.co_name}"
        if _accessor_of(raw, code):
            return None, "property", f"{cls_name}.{code.co_name}"
    if qualname and "." in qualname:
        return None, "method", qualname
    return None, "unplaced", qualname or code.co_name


def unwrapped(obj: object, code: types.CodeType):
    """The function with this code that `obj` wraps (`functools.wraps` leaves it as `__wrapped__`), read
    from the wrappers' own dictionaries, so no code of a decorator runs; None when there is none. A task
    is the wrapped function itself: the recorder sees its frames, with the arguments it was given."""
    for _ in range(8):
        if type(obj) is not types.FunctionType and type(obj).__name__ != "_lru_cache_wrapper":
            return None
        obj = obj.__dict__.get("__wrapped__")
        if type(obj) is types.FunctionType and obj.__code__ is code:
            return obj
    return None


def mangled(cls_name: str, name: str) -> str:
    """A private name (`__x`) as a class body stores it (`_Class__x`)."""
    if name.startswith("__") and not name.endswith("__") and cls_name.strip("_"):
        return f"_{cls_name.lstrip('_')}{name}"
    return name


def _accessor_of(raw: object, code: types.CodeType) -> bool:
    """A property's getter, setter or deleter, or a cached property's function (by type: nothing runs)."""
    if issubclass(type(raw), property):
        parts: tuple = (raw.fget, raw.fset, raw.fdel)  # type: ignore[attr-defined]
    elif type(raw).__name__ == "cached_property":
        parts = (getattr(raw, "__dict__", {}).get("func"),)
    else:
        return False
    return any(getattr(f, "__code__", None) is code for f in parts)


def parameter_spec(fn: types.FunctionType, max_bytes: int, admit=None) -> list:
    """[(name, kind, default, default's literal text)] in the order the code object names them."""
    code = fn.__code__
    names, n_pos = code.co_varnames, code.co_argcount
    n_posonly = getattr(code, "co_posonlyargcount", 0)
    defaults, kwdefaults = fn.__defaults__ or (), fn.__kwdefaults__ or {}
    first_default = n_pos - len(defaults)
    spec = []
    for i in range(n_pos):
        default = defaults[i - first_default] if i >= first_default else MISSING
        spec.append((names[i], "posonly" if i < n_posonly else "pos", default))
    for name in names[n_pos:n_pos + code.co_kwonlyargcount]:
        spec.append((name, "kwonly", kwdefaults.get(name, MISSING)))
    i = n_pos + code.co_kwonlyargcount
    if code.co_flags & VARARGS:
        spec.append((names[i], "varargs", MISSING))
        i += 1
    if code.co_flags & VARKEYWORDS:
        spec.append((names[i], "varkw", MISSING))
    return [(name, kind, default, _literal_or_none(default, max_bytes, admit)) for name, kind, default in spec]


def _literal_or_none(value: object, max_bytes: int, admit):
    if value is MISSING:
        return None
    try:
        return codec.encode(value, max_bytes, admit)
    except codec.Refused:
        return None


def in_traceback(exc: BaseException, frame: types.FrameType) -> bool:
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame is frame:
            return True
        tb = tb.tb_next
    return False
