"""Traced methods to tasks: the class outlined in the prompt, no body; receivers rebuilt when judged."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

from sftmine.ci.env.venv import create_venv
from sftmine.ci.funnel import CIFunnel
from sftmine.ci.record.traces import read_traces
from sftmine.ci.synth.synth import Project, SynthOptions, synthesize
from sftmine.verify import verify
from tests.tracers.recording import Traced

MODULE = "ledgermod"
LEDGER = '''
import math

SCALE = 100


class Ledger(object):
    """A running balance in cents."""

    CURRENCY = "EUR"

    def __init__(self, owner, balance=0, *, limit=SCALE):
        """Open a ledger.

        The limit is not enforced yet.
        """
        self.owner = owner
        self.balance = balance
        self.history = []

    def _fee(self, amount):
        """The fee on an amount."""
        return math.ceil(amount / SCALE)

    def deposit(self, amount):
        """Add amount less its fee; return the new balance."""
        if amount <= 0:
            raise ValueError("amount must be positive")
        self.balance += amount - self._fee(amount)
        self.history.append(amount)
        return self.balance

    def label(self):
        """The owner and currency."""
        return f"{self.owner} ({self.CURRENCY})"

    @classmethod
    def owner_of(cls, text):
        """The owner's name in 'name:balance' text."""
        return text.split(":")[0].strip().title()

    def total(self):
        return sum(self.history)

    def check(self, amount):
        """Nothing to say: returns None and changes nothing."""
        if amount < 0:
            return None


class Audit(Ledger):
    """A ledger whose label says so."""

    def label(self):
        """The ledger's label, marked."""
        return self.__mark(super().label())

    def __mark(self, text):
        """The text, marked."""
        return "audit of " + text

    def fee_note(self, amount):
        """The fee on an amount, as text."""
        return f"fee {self._fee(amount)} on {amount}"
'''


def _raises(fn, *args):
    try:
        fn(*args)
    except ValueError as exc:  # a handler that calls something: the recorder sees the exception there
        return repr(exc)


def record(tmp_path: Path):
    t = Traced(tmp_path)
    mod = t.module(MODULE, LEDGER, importable=True)
    ann, bob = mod.Ledger("ann"), mod.Ledger("bob", 50)
    t.run(lambda: [ann.deposit(250), ann.deposit(1000), bob.deposit(99), _raises(bob.deposit, -5),
                   ann.label(), bob.label(), mod.Ledger("cy").label(),
                   [mod.Ledger.owner_of(s) for s in ("ann:1", " bob :2", "cy")],
                   [x.total() for x in (ann, bob, mod.Ledger("dee"))], [ann.check(n) for n in (1, 2, 3)],
                   [mod.Audit(n).label() for n in ("x", "y", "z")], [mod.Audit("w").fee_note(n) for n in (1, 150, 999)]])
    env = create_venv(tmp_path / "venv", getattr(sys, "_base_executable", sys.executable))
    (Path(env.site_packages[0]) / "project.pth").write_text(f"{t.root}\n")  # as an editable install does
    return t, Project("path:ledger", "", "", t.root, env.venv, env.python)


@pytest.fixture(scope="module")
def traced(tmp_path_factory):
    t, project = record(tmp_path_factory.mktemp("ledger"))
    funnel = CIFunnel()
    tasks = {task.entry_point: task for task in synthesize(read_traces(t.out, funnel), project, SynthOptions(), funnel)}
    return tasks, funnel


def test_methods_and_class_methods_become_tasks_and_their_losses_are_named(traced):
    tasks, funnel = traced
    assert set(tasks) == {"Ledger.deposit", "Ledger._fee", "Ledger.label", "Ledger.owner_of", "Audit.label",
                          "Audit.__mark", "Audit.fee_note", "Ledger.total"}  # a private name, stored as _Audit__mark
    assert funnel["tasks_synthesized"].dropped == {"method: never returns a value": 1}  # Ledger.check
    total = tasks["Ledger.total"]  # undocumented: its docstring shows a recorded call on a receiver
    assert total.meta["docstring"] == "examples" and "With obj a Ledger whose attributes are {" in total.prompt
    assert funnel["functions_traced"].extra["methods"] == 9
    assert tasks["Ledger.owner_of"].meta["kinds"] == ["classmethod"]
    assert tasks["Ledger.deposit"].meta["kinds"] == ["method", "receiver state"]
    assert tasks["Ledger.deposit"].task_id == f"ci/path:ledger/{MODULE}:Ledger.deposit"


def test_the_prompt_outlines_the_class_and_shows_no_body(traced):
    tasks, _ = traced
    deposit = tasks["Ledger.deposit"]
    assert deposit.prompt == '''class Ledger(object):
    """A running balance in cents."""

    def __init__(self, owner, balance=0, *, limit=...):
        """Open a ledger."""
        ...

    def _fee(self, amount):
        """The fee on an amount."""
        ...

    # Attributes: self.balance, self.history
    def deposit(self, amount):
        """Add amount less its fee; return the new balance."""
'''
    assert deposit.canonical_solution == '''        if amount <= 0:
            raise ValueError("amount must be positive")
        self.balance += amount - self._fee(amount)
        self.history.append(amount)
        return self.balance
'''
    label = tasks["Ledger.label"].prompt
    assert "    CURRENCY = 'EUR'\n" in label and "# Attributes: self.owner\n" in label and "return" not in label
    assert tasks["Ledger._fee"].prompt.startswith("import math\n\nSCALE = 100\n\n\nclass Ledger(object):")
    assert "    @classmethod\n    def owner_of(cls, text):\n" in tasks["Ledger.owner_of"].prompt
    assert 'def __mark(self, text):\n        """The text, marked."""\n        ...\n' in tasks["Audit.label"].prompt
    assert '    # From Ledger:\n    def _fee(self, amount):\n' in tasks["Audit.fee_note"].prompt  # inherited


def test_cases_carry_the_receiver_and_its_attributes_after_a_change(traced):
    tasks, _ = traced
    deposit = tasks["Ledger.deposit"]
    first = deposit.tests[0]
    assert (first.args, first.expected) == ("[250]", "247")
    assert first.receiver == f"{MODULE}.Ledger({{'owner': 'ann', 'balance': 0, 'history': []}})"
    assert first.state == "{'owner': 'ann', 'balance': 247, 'history': [250]}"
    assert deposit.tests[3].raises == "ValueError" and deposit.tests[3].state is None
    assert all(c.state is None for c in tasks["Ledger.label"].tests)
    assert tasks["Ledger.owner_of"].tests[0].receiver == f"{MODULE}.Ledger"
    assert "runtime" in deposit.meta


def test_method_tasks_verify_and_wrong_bodies_fail(traced, bwrap_pool):
    tasks, _ = traced
    checks = verify(bwrap_pool, list(tasks.values()), repeat=2)
    assert {c.task.entry_point: c.outcome for c in checks} == dict.fromkeys(tasks, "passed"), \
        [c.reason for c in checks]
    deposit = tasks["Ledger.deposit"]
    wrong_value = deposit.canonical_solution.replace("amount - self._fee", "amount + self._fee")
    forgets = deposit.canonical_solution.replace("        self.history.append(amount)\n", "")
    mutants = [dataclasses.replace(deposit, canonical_solution=body) for body in (wrong_value, forgets)]
    value_check, state_check = verify(bwrap_pool, mutants, repeat=1)
    assert value_check.outcome == "failed" and "want 247" in value_check.reason
    assert state_check.outcome == "failed" and "receiver after the call" in state_check.reason
