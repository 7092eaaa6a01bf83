"""Read a project's CI configuration into a `Plan`: tox first, then .travis.yml, then test discovery."""

from __future__ import annotations

from pathlib import Path

from sftmine.ci.box import Box
from sftmine.ci.config.discovery import discovery_plan
from sftmine.ci.config.plan import Plan
from sftmine.ci.config.tox import tox_plan, uses_tox
from sftmine.ci.config.travis import read_travis, travis_plan
from sftmine.ci.env import interpreters
from sftmine.errors import ConfigError, NoTests


def make_plan(checkout: Path, box: Box, scratch: Path) -> Plan:
    """`scratch`: a folder the config readers may write to (tox's work folder)."""
    passed_over: dict[str, str] = {}
    if uses_tox(checkout):
        try:
            pythons = [i.path for i in interpreters.available()]  # for tox to resolve py311 & co. as here
            with box.session(network=False, readonly=[checkout], writable=[scratch], pythons=pythons) as session:
                plan = tox_plan(session, checkout, scratch)
        except ConfigError as exc:
            plan, passed_over["tox"] = None, str(exc)
        if plan is not None:
            return plan
        passed_over.setdefault("tox", "no tox environment runs tests")
    try:
        travis = read_travis(checkout)
    except ConfigError as exc:
        travis, passed_over["travis"] = None, str(exc)
    if travis is not None:
        plan = travis_plan(travis, checkout)
        if plan is not None:
            plan.skipped.update(passed_over)
            return plan
        passed_over["travis"] = "no script line runs tests"
    plan = discovery_plan(checkout)
    if plan is None:
        raise NoTests("no tests found (" + "; ".join(f"{k}: {v}" for k, v in passed_over.items()) + ")"
                      if passed_over else "no CI config and no test files")
    plan.skipped.update(passed_over)
    return plan
