"""Reading CI configuration into a plan: tox through tox itself, .travis.yml, then test discovery."""

from __future__ import annotations

import pytest

from sftmine.ci.box import Box
from sftmine.ci.config.discovery import discovery_plan
from sftmine.ci.config.plan import not_a_test_env
from sftmine.ci.config.read import NoTests, make_plan
from sftmine.ci.config.tox import tox_config, tox_plan, uses_tox
from sftmine.ci.config.travis import read_travis, travis_plan
from sftmine.ci.env import interpreters
from sftmine.errors import ConfigError
from sftmine.sandbox.base import get_backend


@pytest.fixture
def box(bwrap_backend):
    return Box(bwrap_backend)


def read_tox(box, checkout, scratch):
    pythons = [i.path for i in interpreters.available()]
    with box.session(network=False, readonly=[checkout], writable=[scratch], pythons=pythons) as session:
        return tox_config(session, checkout, scratch), tox_plan(session, checkout, scratch)


@pytest.mark.parametrize("backend", ["gvisor", "bwrap"])
def test_tox_config_comes_from_tox_and_the_test_env_is_chosen(fixture_repo, tmp_path, backend):
    repo = fixture_repo("tox_project")
    assert uses_tox(repo)
    config, plan = read_tox(Box(get_backend(backend)), repo, tmp_path / "tox")
    assert set(config["env"]) >= {"py39", "py311", "lint", "docs"}
    assert plan.config == "tox" and plan.tests == [["python", "-m", "unittest", "discover", "-s", "tests"]]
    assert plan.skipped["lint"] == "not a test environment (lint)"
    assert plan.skipped["docs"] == "not a test environment (docs)"
    newest = interpreters.pick(["py311", "py39"])[0]  # the newer of the two listed that this machine has
    assert plan.python_version == newest.dotted and plan.env == f"py{newest.dotted.replace('.', '')}"
    assert plan.reason.startswith(f"tox env {plan.env} runs tests; ")
    assert plan.install_project is False  # no packaging metadata: tests import it from the checkout


def test_tox_factors_and_substitutions_are_tox_s_own(tmp_path, box):
    tmp_path = tmp_path / "project"  # pytest's own temporary folder is private to root
    tmp_path.mkdir()
    (tmp_path / "tox.ini").write_text(
        "[tox]\nenvlist = py{39,311}-{fast,slow}\n[testenv]\ndeps =\n  fast: pytest-timeout\n"
        "commands =\n  fast: pytest -x {posargs:tests}\n  slow: pytest --cov=pkg {posargs:tests}\n"
        "setenv =\n  MODE = {envname}\n")
    _, plan = read_tox(box, tmp_path, tmp_path.parent / "tox")
    assert plan.env.endswith("-slow") or plan.env.endswith("-fast")
    assert plan.tests in ([["python", "-m", "pytest", "-x", "tests"]], [["python", "-m", "pytest", "tests"]])
    assert plan.env_vars["MODE"] == plan.env


def test_a_broken_tox_ini_is_a_config_error(tmp_path, box):
    tmp_path = tmp_path / "project"
    tmp_path.mkdir()
    (tmp_path / "tox.ini").write_text("[tox\nthis is not ini")
    with pytest.raises(ConfigError, match="tox config"):
        read_tox(box, tmp_path, tmp_path.parent / "tox")


def test_travis_plan(fixture_repo):
    repo = fixture_repo("travis_project")
    plan = travis_plan(read_travis(repo), repo)
    assert plan.config == "travis" and plan.python_version == interpreters.pick(["3.11", "3.9"])[0].dotted
    assert plan.tests == [["python", "-m", "unittest", "discover", "-s", "tests", "-v"]]
    assert plan.pip == [["-r", "requirements.txt"]]
    assert plan.skipped == {"script: not a test command: flake8": "not a test command",
                            "install: curl -sSL https://example.invalid/setup.sh | sh": "not a pip install"}


def test_travis_matrix_versions_and_editable_installs(tmp_path):
    (tmp_path / "setup.py").write_text("")
    (tmp_path / ".travis.yml").write_text(
        "language: python\njobs:\n  include:\n    - python: '2.7'\n    - python: '3.12'\n"
        "install: pip install -e .\nscript: pytest\nenv:\n  global:\n    - FOO=1 BAR=two\n")
    plan = travis_plan(read_travis(tmp_path), tmp_path)
    assert plan.install_project and plan.project_required and plan.pip == []
    assert plan.env_vars == {"FOO": "1", "BAR": "two"}
    assert plan.tests == [["python", "-m", "pytest"]]


def test_invalid_travis_yaml_is_a_config_error(tmp_path):
    (tmp_path / ".travis.yml").write_text("script: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        read_travis(tmp_path)


def test_discovery_picks_unittest_without_signs_of_pytest(fixture_repo):
    plan = discovery_plan(fixture_repo("plain_project"))
    assert plan.config == "discovery" and plan.tests == [["python", "-m", "unittest", "discover", "-s", "."]]
    assert plan.pip == [] and not plan.install_project


def test_discovery_picks_pytest_when_the_project_uses_it(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_a.py").write_text("import pytest\n")
    (tmp_path / "requirements.txt").write_text("attrs\n")
    plan = discovery_plan(tmp_path)
    assert plan.tests == [["python", "-m", "pytest"]] and plan.pip == [["-r", "requirements.txt"], ["pytest"]]


@pytest.mark.parametrize("name, test_env", [("py311", True), ("py311-django42", True), ("flake8", False),
                                            ("docs", False), ("py3-mypy", False), ("coverage-report", False)])
def test_test_environments_by_name(name, test_env):
    assert (not_a_test_env(name) is None) is test_env


def test_make_plan_falls_back_from_tox_without_tests_to_travis(fixture_repo, box):
    repo = fixture_repo("travis_project")
    (repo / "tox.ini").write_text("[tox]\nenvlist = lint\n[testenv:lint]\ncommands = flake8\n")
    plan = make_plan(repo, box, repo.parent / "tox")
    assert plan.config == "travis" and plan.skipped["tox"] == "no tox environment runs tests"


def test_make_plan_without_any_tests(tmp_path, box):
    (tmp_path / "lib.py").write_text("x = 1\n")
    with pytest.raises(NoTests, match="no CI config and no test files"):
        make_plan(tmp_path, box, tmp_path / "tox")


def test_discovery_installs_test_requirements_and_extras_and_uses_pytest_for_packages(tmp_path):
    (tmp_path / "src" / "pkg" / "tests").mkdir(parents=True)
    (tmp_path / "src" / "pkg" / "tests" / "test_x.py").write_text("import unittest\n")
    (tmp_path / "requirements-dev.txt").write_text("hypothesis\n")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "pkg"\n[project.optional-dependencies]\n'
                                             'test = ["pytest-mock"]\ndocs = ["sphinx"]\n')
    plan = discovery_plan(tmp_path)
    assert plan.tests == [["python", "-m", "pytest"]]  # unittest discover would not find tests in src/pkg
    assert plan.pip == [["-r", "requirements-dev.txt"], ["pytest"]] and plan.extras == ["test"]
    assert plan.install_project


def test_a_command_aimed_at_site_packages_is_left_out_but_coverage_of_it_is_not(tmp_path, box):
    tmp_path = tmp_path / "project"
    tmp_path.mkdir()
    (tmp_path / "tox.ini").write_text(
        "[tox]\nenvlist = py311\n[testenv]\ncommands =\n  python -m doctest README.rst\n"
        "  pytest --doctest-modules {envsitepackagesdir}/pkg\n  pytest --cov {envsitepackagesdir}/pkg tests\n")
    _, plan = read_tox(box, tmp_path, tmp_path.parent / "tox")
    assert plan.tests == [["python", "-m", "doctest", "README.rst"], ["python", "-m", "pytest", "tests"]]
    assert plan.tox_env_dir.endswith("py311")
