"""Finding a traced function in its source and splitting it into header and body."""

from __future__ import annotations

import os

import pytest

from sftmine.ci.synth.source import Unsynthesizable, locate, read_source

MODULE = '''import functools


@functools.lru_cache(maxsize=None)
def fib(n):
    """Fibonacci.

    Slowly, but cached.
    """
    # base cases first
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def bare(a,
         b=1):
    return a + b


def short(x): return x


def only_doc():
    """Nothing else."""


class Shape:
    @staticmethod
    def area(w, h):
        """Area of a w by h rectangle."""
        return w * h
'''


def test_header_and_body_of_a_decorated_function():
    fn = locate(MODULE, "fib", 4)
    assert fn.header == '@functools.lru_cache(maxsize=None)\ndef fib(n):\n    """Fibonacci.\n\n    Slowly, but cached.\n    """\n'
    assert fn.body == "    # base cases first\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n"
    assert fn.node.name == "fib"


def test_a_function_without_docstring_keeps_its_multiline_signature():
    fn = locate(MODULE, "bare", 16)
    assert fn.docstring is None and fn.signature == "def bare(a,\n         b=1):\n"
    assert fn.body == "    return a + b\n"


def test_a_static_method_is_lifted_to_a_plain_function():
    fn = locate(MODULE, "Shape.area", 30)
    assert fn.header == 'def area(w, h):\n    """Area of a w by h rectangle."""\n'
    assert fn.body == "    return w * h\n"


@pytest.mark.parametrize("qualname, line, reason", [
    ("short", 21, "one-line definition"), ("only_doc", 24, "no body after the docstring"),
    ("missing", 1, "definition not found"), ("a.b.c", 1, "nested definition"),
])
def test_unsynthesizable_shapes(qualname, line, reason):
    with pytest.raises(Unsynthesizable, match=reason):
        locate(MODULE, qualname, line)


def test_read_source_refuses_files_outside_the_checkout(tmp_path):
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "ok.py").write_text("x = 1\n")
    os.symlink("/etc/passwd", checkout / "planted.py")
    assert read_source(str(checkout / "ok.py"), checkout) == "x = 1\n"
    with pytest.raises(Unsynthesizable, match="outside the checkout"):
        read_source(str(checkout / "planted.py"), checkout)
