"""Plain-data objects of the value grammar: objects of a program's own classes, written as their class and
attributes and rebuilt without running any code of the class.

Standard library only, Python 3.8 and up (the sandbox and the recorder load it beside `wire_types`). An
object is plain data when its class and every class above `object` come from `class` statements with no
custom metaclass, so that all its state lives in its instance dictionary and its slots; its text is the
construction `pkg.mod.Class({attribute: value, ...})`, read from that dictionary and those slots (no
`__getattr__`, property, `__repr__` or `__reduce__` of it runs). It is rebuilt with `object.__new__` and
its attributes set back through the slot descriptors and the instance dictionary (no `__init__` or
`__setattr__` runs). What it means to be equal is what the host compares: the class path and the
attributes, whatever `__eq__` the class defines.
"""

from __future__ import annotations

import sys
import types

try:
    from . import wire_types  # sftmine.sandbox, or the recorder's package
except ImportError:  # imported by path inside the sandbox
    import wire_types  # type: ignore[no-redef]

_MISSING = object()
_CLASS_DICT = type.__dict__["__dict__"].__get__
_CLASS_MRO = type.__dict__["__mro__"].__get__
_CLASS_MODULE = type.__dict__["__module__"].__get__
_CLASS_FLAGS = type.__dict__["__flags__"].__get__
_CLASS_NAME = type.__dict__["__name__"].__get__
_CLASS_BASE = type.__dict__["__base__"].__get__
_BASICSIZE = type.__dict__["__basicsize__"].__get__
_C_METHODS = (types.WrapperDescriptorType, types.MethodDescriptorType, types.ClassMethodDescriptorType)
_HEAPTYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: a class made by a `class` statement, not a built-in type


def plain_class(cls: type) -> bool:
    """A class whose instances are plain data: it and every class above `object` keep their instances'
    state only in slots and the instance dictionary (no built-in base such as dict, Exception or a C
    type keeps it elsewhere; a bare `object()` is a sentinel, not data), and none has a custom metaclass
    (an enum's members are not rebuilt this way either)."""
    if type(cls) is not type and not (sys.modules.get("abc") and type(cls) is sys.modules["abc"].ABCMeta):
        return False
    mro = _CLASS_MRO(cls)
    return len(mro) > 1 and mro[-1] is object and all(_keeps_no_c_state(k) for k in mro[:-1])


def _keeps_no_c_state(klass: type) -> bool:
    """A class made by a `class` statement: a heap type whose dictionary holds none of what a C type puts
    there (a built-in `__new__`, slot wrappers and C methods of its own, members its `__slots__` does not
    name, getters besides `__dict__` and `__weakref__`); or a C type that adds neither a constructor nor
    a field to its base (`typing.Generic`). A C type made from a spec is a heap type too (`functools.partial`
    on 3.12), and its fields, some of them members like slots, are not the object's data."""
    if not _CLASS_FLAGS(klass) & _HEAPTYPE:
        return False
    own = _CLASS_DICT(klass)
    new = own.get("__new__")
    if type(new) is types.BuiltinFunctionType and new.__self__ is klass:
        return False
    if _BASICSIZE(klass) == _BASICSIZE(_CLASS_BASE(klass)):
        return True
    slots = _slot_names(klass, own.get("__slots__", ()))
    for name, found in own.items():
        kind = type(found)
        if kind in _C_METHODS and found.__objclass__ is klass:
            return False
        if (kind is types.MemberDescriptorType and name not in slots) or \
                (kind is types.GetSetDescriptorType and name not in ("__dict__", "__weakref__")):
            return False
    return True


def _slot_names(klass: type, slots) -> set:
    """The attribute names a class's `__slots__` declares, private ones mangled as the class stores them."""
    if type(slots) is str:
        slots = (slots,)
    if type(slots) not in (tuple, list, dict):
        return set()  # anything else was iterated when the class was made; it is not read again here
    stem = _CLASS_NAME(klass).lstrip("_")
    return {f"_{stem}{s}" if s.startswith("__") and not s.endswith("__") and stem else s
            for s in slots if type(s) is str}


def plain_object(value: object, kind: type, admit):
    """A plain-data object of a class named by path, as the encoder writes it: the reference `module.NAME`
    when the object is bound to a name at the top of its class's module (a sentinel, a default: the very
    object, not a copy), else (class path, {attribute: value}, why its attributes do not describe it or
    ""); None for any other value."""
    try:
        path = wire_types.class_path(kind, admit) if plain_class(kind) else None
        state = instance_state(value, kind) if path is not None else None
        if state is None:
            return None
        return _module_name(value, kind) or (path, state, state_refusal(value, kind, state))
    except (AttributeError, KeyError, TypeError, ValueError):
        return None


def _module_name(value: object, kind: type):
    module_name = _CLASS_MODULE(kind)
    module = sys.modules.get(module_name)
    for name, found in tuple(module.__dict__.items()):  # type: ignore[union-attr]  # class_path checked it
        if found is value and type(name) is str and name.isidentifier() and not name.startswith("__"):
            return f"{module_name}.{name}"
    return None


def state_refusal(value: object, kind: type, state: dict) -> str:
    """Why a plain-data object's attributes do not describe it as the program sees it ("" when they do): an
    attribute or a declared field (a dataclass's, an attrs class's) that a property or other data
    descriptor of the class stands in for, so that reading it runs code and what is stored under that name,
    if anything, is not what the program reads; or an instance-dictionary key that is no string."""
    own = wire_types.instance_dict(value, kind) or {}
    declared = [f[0] if type(f) is tuple else f for f in wire_types.record_fields(kind) or ()]
    for name in [*state, *declared]:
        if type(name) is not str:
            return "attribute not a name"
        found = _class_entry(kind, name)
        slot = type(found) is types.MemberDescriptorType and name not in own
        if wire_types.is_data_descriptor(found) and not slot:
            return "attribute behind a property"
    return ""


def _class_entry(kind: type, name: str):
    for klass in _CLASS_MRO(kind):
        found = _CLASS_DICT(klass).get(name, _MISSING)
        if found is not _MISSING:
            return found
    return _MISSING


def instance_state(value: object, kind: type):
    """{attribute: value} of a plain-data object, from its instance dictionary and its filled slots (no
    code of the object runs); None when its class is not plain data or its dictionary is not a dict."""
    if not plain_class(kind):
        return None
    state = {}
    if any("__dict__" in _CLASS_DICT(k) for k in _CLASS_MRO(kind)):
        own = wire_types.instance_dict(value, kind)
        if own is None:
            return None
        state.update(own)
    for klass in _CLASS_MRO(kind):
        for name, found in _CLASS_DICT(klass).items():
            if type(found) is types.MemberDescriptorType and name not in state:
                try:
                    state[name] = found.__get__(value, kind)
                except AttributeError:  # a slot never filled: the rebuilt object leaves it empty too
                    continue
    return state


def set_state(obj: object, state: dict) -> None:
    """Fill a fresh plain-data object (`object.__new__`) with attributes read by `instance_state`: a slot
    through its descriptor, anything else straight into the instance dictionary (no `__setattr__` runs)."""
    kind = type(obj)
    own = None
    for name, value in state.items():
        slot = _slot(kind, name)
        if slot is not None:
            slot.__set__(obj, value)
            continue
        own = own if own is not None else wire_types.instance_dict(obj, kind)
        if own is None or type(name) is not str:
            raise TypeError(f"{wire_types.type_name(kind)} has no place for attribute {name!r}")
        own[name] = value


def _slot(kind: type, name: str):
    for klass in _CLASS_MRO(kind):
        found = _CLASS_DICT(klass).get(name, _MISSING)
        if type(found) is types.MemberDescriptorType:
            return found
    return None


def new_object(cls: object, state: dict) -> object:
    """A plain-data object of `cls` made from its attributes (see the module's docstring)."""
    if not plain_class(cls):  # type: ignore[arg-type]
        raise ValueError(f"{wire_types.type_name(cls)} is not a plain-data class")  # type: ignore[arg-type]
    obj = object.__new__(cls)  # type: ignore[call-overload]
    set_state(obj, state)
    return obj
