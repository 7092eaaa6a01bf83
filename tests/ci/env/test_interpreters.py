"""Interpreters: what is installed here, and how CI version names map onto them."""

from __future__ import annotations

import sys

import pytest

from sftmine.ci.env import interpreters


@pytest.mark.parametrize("spec, want", [
    ("py311", (3, 11)), ("py39", (3, 9)), ("python3.10", (3, 10)), ("3.8", (3, 8)), ("3.12.1", (3, 12)),
    ("py3", (3, None)), ("python3", (3, None)), ("pypy3", None), ("py27", None), ("nightly", None),
])
def test_wanted_versions(spec, want):
    assert interpreters.wanted(spec) == want


def test_this_interpreter_is_available():
    here = sys.version_info[:2]
    assert here in [i.version for i in interpreters.available()]
    interp, why = interpreters.pick([f"py{here[0]}{here[1]}"])
    assert interp is not None and interp.version == here and "->" in why


def test_a_missing_version_says_what_there_is():
    interp, why = interpreters.pick(["py27", "pypy3"])
    assert interp is None and "none of ['py27', 'pypy3'] is available here" in why
