"""What a lifted function needs from its module, and how the prompt provides it."""

from __future__ import annotations

import ast

import pytest

from sftmine.ci.synth.context import resolve
from sftmine.ci.synth.source import Unsynthesizable, locate

MODULE = '''from __future__ import annotations

import math
import re as regex
from collections import Counter
from typing import Optional

import attr
from . import helpers
from .shapes import Shape

LIMIT = 10
PATTERN = regex.compile("[a-z]+")
TABLE = {k: k * 2 for k in range(3)}
_cache = {}


def _square(x):
    return x * x


def _fancy(x):
    return Shape(x)


def hyp(a, b):
    """Hypotenuse."""
    return math.sqrt(_square(a) + _square(b))


def tokens(text: str) -> Optional[list]:
    """Tokens."""
    return PATTERN.findall(text)[:LIMIT]


def make(x: Shape) -> Shape:
    """Make one."""
    return _fancy(x)


def uses_dep(x):
    """Third party."""
    return attr.asdict(x)


def relative(x):
    """From the package."""
    return helpers.go(x)


def mystery(x):
    """Unbound name."""
    return undefined_thing(x)


def bumps(x):
    """Global state."""
    global LIMIT
    LIMIT = x
    return x


def dunder(x):
    """Module dunder."""
    return __name__ + x


def doubled(k):
    """Uses a computed table and a builtin."""
    return TABLE.get(k, len(str(k)))


def counts(xs):
    """Uses an imported class."""
    return dict(Counter(xs))
'''
TREE = ast.parse(MODULE)


def context(name):
    fn = locate(MODULE, name, 0)
    return resolve(fn, MODULE, "pkg.geo", is_package=False)


def test_stdlib_imports_and_self_contained_helpers_are_copied():
    ctx = context("hyp")
    assert ctx.imports == ["import math"] and list(ctx.inlined) == ["_square"] and not ctx.needs_project
    assert ctx.preamble("pkg.geo") == "import math\n\n\ndef _square(x):\n    return x * x\n\n\n"


def test_constants_computed_from_the_stdlib_are_copied_and_annotations_resolved():
    ctx = context("tokens")
    assert ctx.imports == ["import re as regex", "from typing import Optional"]
    assert ctx.inlined == {"LIMIT": "LIMIT = 10\n", "PATTERN": "PATTERN = regex.compile('[a-z]+')\n"}
    assert not ctx.needs_project and ctx.future == []


def test_a_class_of_the_project_is_imported_and_annotations_are_left_unevaluated():
    ctx = context("make")
    assert ctx.from_module == ["_fancy"] and ctx.needs_project
    assert ctx.future == ["from __future__ import annotations"]
    assert ctx.preamble("pkg.geo").startswith("from __future__ import annotations\nfrom pkg.geo import _fancy\n")


def test_third_party_and_relative_imports_need_the_project():
    assert context("uses_dep").imports == ["import attr"] and context("uses_dep").needs_project
    ctx = context("relative")
    assert ctx.imports == ["from pkg import helpers"] and ctx.needs_project


def test_comprehension_constants_and_imported_classes():
    assert context("doubled").inlined == {"TABLE": "TABLE = {k: k * 2 for k in range(3)}\n"}
    assert context("counts").imports == ["from collections import Counter"]


@pytest.mark.parametrize("name, reason", [("mystery", "unresolved name"), ("bumps", "assigns a module global"),
                                          ("dunder", "uses a module dunder")])
def test_functions_the_prompt_cannot_serve_are_dropped(name, reason):
    with pytest.raises(Unsynthesizable, match=reason):
        context(name)


def test_a_script_module_cannot_be_imported_from():
    fn = locate(MODULE, "make", 0)
    with pytest.raises(Unsynthesizable, match="needs module context"):
        resolve(fn, MODULE, "__main__", is_package=False)
