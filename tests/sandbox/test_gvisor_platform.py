"""gVisor's platform: probed for real once per machine, cached, overridable."""

from __future__ import annotations

import json

import pytest

from sftmine.sandbox import gvisor_platform as gp


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("SFTMINE_GVISOR_PLATFORM", raising=False)
    return tmp_path


def test_probes_every_listed_platform_once_then_reads_the_cache(cache_home, monkeypatch):
    monkeypatch.setattr(gp, "PROBE_TIMEOUT_S", 4.0)  # a KVM that hangs costs the test this much, once
    first = gp.detect()
    assert first["platform"] in gp.supported() and "ptrace" in first["timings"]
    assert first["timings"]["ptrace"] is not None  # ptrace starts everywhere runsc does
    working = {k: v for k, v in first["timings"].items() if v is not None}
    assert first["platform"] == min(working, key=working.__getitem__)
    assert json.loads(gp.cache_file().read_text()) == first

    monkeypatch.setattr(gp, "probe", lambda name: pytest.fail("probed again despite the cache"))
    assert gp.detect() == first and gp.platform() == first["platform"]


def test_a_cache_from_another_machine_is_probed_again(cache_home, monkeypatch):
    gp.cache_file().parent.mkdir(parents=True)
    gp.cache_file().write_text(json.dumps({"platform": "kvm", "key": "another runsc | another kernel"}))
    monkeypatch.setattr(gp, "supported", lambda: ["systrap", "kvm", "ptrace"])
    monkeypatch.setattr(gp, "probe", {"systrap": 0.5, "kvm": None, "ptrace": 0.9}.get)
    assert gp.detect()["platform"] == "systrap"


def test_the_environment_overrides_without_probing(cache_home, monkeypatch):
    monkeypatch.setenv("SFTMINE_GVISOR_PLATFORM", "ptrace")
    monkeypatch.setattr(gp, "detect", lambda: pytest.fail("probed despite the override"))
    assert gp.platform() == "ptrace"


def test_supported_reads_the_platforms_from_runsc_flags(monkeypatch):
    monkeypatch.setattr(gp, "_runsc", lambda args: "  -platform string\n    \tspecifies which platform to use: "
                                                   "systrap (default), ptrace, kvm. (default \"systrap\")\n")
    assert gp.supported() == ["systrap", "kvm", "ptrace"]
