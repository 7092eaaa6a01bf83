from tests.sampling.support import embedded  # noqa: F401 - a fixture
