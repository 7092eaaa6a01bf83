"""Fixtures for the recorder's tests."""

from __future__ import annotations

import pytest

from tests.tracers.recording import Traced


@pytest.fixture
def traced(tmp_path):
    return lambda **config: Traced(tmp_path, **config)
