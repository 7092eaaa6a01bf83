"""The CI fixture projects, for `bench trace`."""

from tests.ci.conftest import fixture_repo  # noqa: F401 - a fixture, used by name
