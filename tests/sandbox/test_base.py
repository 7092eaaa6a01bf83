"""`auto` chooses by strength and speed, says so once, and the choice shows in every outcome."""

from __future__ import annotations

import logging

import pytest

from sftmine.sandbox import base, gvisor_platform


@pytest.fixture(autouse=True)
def fresh_announcements(monkeypatch):
    base.BACKENDS.names()  # loads the built-in backends
    monkeypatch.setattr(base, "_ANNOUNCED", set())


def test_auto_takes_bubblewrap_when_gvisor_has_only_ptrace(monkeypatch, caplog):
    monkeypatch.setattr(gvisor_platform, "platform", lambda: "ptrace")
    with caplog.at_level(logging.WARNING, logger="sftmine.sandbox.base"):
        assert base.get_backend("auto").name == "bwrap"
        assert base.get_backend("auto").name == "bwrap"
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and "bubblewrap" in lines[0] and "--backend gvisor" in lines[0]


@pytest.mark.parametrize("fast", ["systrap", "kvm"])
def test_auto_takes_gvisor_on_a_fast_platform(monkeypatch, caplog, fast):
    monkeypatch.setattr(gvisor_platform, "platform", lambda: fast)
    with caplog.at_level(logging.WARNING, logger="sftmine.sandbox.base"):
        assert base.get_backend("auto").name == "gvisor"
    assert fast in caplog.text and "--backend bwrap" in caplog.text


def test_auto_falls_back_to_gvisor_when_bubblewrap_cannot_run(monkeypatch):
    monkeypatch.setattr(gvisor_platform, "platform", lambda: "ptrace")
    monkeypatch.setattr(base.BACKENDS.get("bwrap"), "problem", lambda self: "bwrap is not installed")
    assert base.get_backend("auto").name == "gvisor"
