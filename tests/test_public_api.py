import inspect

import sftmine
from sftmine import errors

EXPECTED = {
    "Case", "ConfigError", "Execution", "FilteredTask", "InputFileError", "Limits", "MissingDependencyError",
    "NetworkError", "Origin", "Outcome", "ParseError", "Pool", "RecordError", "Sample", "SandboxError",
    "SftmineError", "StageLockedError", "Status", "Style", "Task", "Verdict", "__version__", "judge",
    "pass_at_k", "verify",
}


def test_public_api_is_what_all_names():
    assert set(sftmine.__all__) == EXPECTED
    for name in sftmine.__all__:
        assert hasattr(sftmine, name), name


def test_every_error_derives_from_the_one_base():
    classes = [c for _, c in inspect.getmembers(errors, inspect.isclass) if c.__module__ == errors.__name__]
    assert len(classes) >= 8
    assert all(issubclass(c, errors.SftmineError) for c in classes)
