"""Admission to the CI corpus, on small sdists built here: tests inside, pure Python, a Python that fits."""

from __future__ import annotations

import io
import tarfile

import pytest

from sftmine.ci.fetch.admission import (
    admission,
    build_system,
    canonical,
    compiled,
    python_mismatch,
    setup_py_extension,
)
from sftmine.ci.fetch.pypi import unpack

PYPROJECT = '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n'


def pkg_info(name: str, version: str, requires_python: str | None = None) -> str:
    extra = f"Requires-Python: {requires_python}\n" if requires_python else ""
    return f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n{extra}\nA description.\n"


def make_sdist(tmp_path, name: str, files: dict[str, str], version: str = "1.0", requires_python: str | None = None):
    """An sdist tarball NAME-VERSION.tar.gz with a PKG-INFO and `files` under its top folder."""
    archive = tmp_path / f"{name}-{version}.tar.gz"
    members = {"PKG-INFO": pkg_info(name, version, requires_python), "pyproject.toml": PYPROJECT, **files}
    with tarfile.open(archive, "w:gz") as tf:
        for path, text in members.items():
            data = text.encode()
            info = tarfile.TarInfo(f"{name}-{version}/{path}")
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return archive


def checkout_of(tmp_path, name: str, files: dict[str, str], **kw):
    return unpack(make_sdist(tmp_path, name, files, **kw), tmp_path / f"unpacked-{name}")


PURE_WITH_TESTS = {"demo/__init__.py": "def f(x):\n    return x\n", "tests/test_demo.py": "def test_f(): pass\n"}


def test_a_pure_sdist_with_tests_is_admitted(tmp_path):
    assert admission(checkout_of(tmp_path, "demo", PURE_WITH_TESTS)) is None


def test_tests_beside_the_module_count_too(tmp_path):
    files = {"six.py": "x = 1\n", "test_six.py": "def test(): pass\n"}
    assert admission(checkout_of(tmp_path, "six", files)) is None


def test_an_sdist_without_tests_is_left_out(tmp_path):
    files = {"demo/__init__.py": "x = 1\n", "README.md": "tests live in the repository\n"}
    assert admission(checkout_of(tmp_path, "demo", files)) == "no tests in the sdist"


def test_a_c_source_in_the_package_is_a_compiled_extension(tmp_path):
    files = {**PURE_WITH_TESTS, "demo/_speedups.c": "int main(void) { return 0; }\n"}
    assert admission(checkout_of(tmp_path, "demo", files)) == "compiled extension (demo/_speedups.c)"


@pytest.mark.parametrize("path", ["src/demo/_fast.pyx", "demo/_native/lib.rs", "demo/ext/core.cpp"])
def test_cython_rust_and_cpp_sources_in_a_package_count_as_compiled(tmp_path, path):
    package = path.rsplit("/", 1)[0]
    checkout = checkout_of(tmp_path, "demo", {**PURE_WITH_TESTS, f"{package}/__init__.py": "", path: "// code\n"})
    assert compiled(checkout) == f"compiled extension ({path})"


def test_c_sources_outside_any_package_are_not_extensions(tmp_path):
    files = {**PURE_WITH_TESTS, "launcher.c": "int main(void);\n", "PC/launcher.c": "int main(void);\n"}
    assert admission(checkout_of(tmp_path, "demo", files)) is None


def test_c_files_that_are_test_or_doc_inputs_are_not_built(tmp_path):
    files = {**PURE_WITH_TESTS, "tests/c_files/example.c": "int x;\n", "docs/examples/lexer.rs": "fn main() {}\n"}
    assert admission(checkout_of(tmp_path, "demo", files)) is None


def test_a_maturin_build_backend_is_left_out(tmp_path):
    files = {**PURE_WITH_TESTS,
             "pyproject.toml": '[build-system]\nrequires = ["maturin>=1,<2"]\nbuild-backend = "maturin"\n'}
    assert admission(checkout_of(tmp_path, "demo", files)) == "build backend maturin"


@pytest.mark.parametrize(("requires", "reason"), [('["setuptools", "Cython>=3"]', "build requires cython"),
                                                   ('["setuptools", "setuptools_rust"]', "build requires setuptools-rust"),
                                                   ('["hatchling", "hatch-vcs"]', None)])
def test_compiling_build_requirements_are_named(tmp_path, requires, reason):
    files = {**PURE_WITH_TESTS, "pyproject.toml": f'[build-system]\nrequires = {requires}\n'}
    assert build_system(checkout_of(tmp_path, "demo", files)) == reason


def test_scikit_build_core_and_meson_backends_are_named_in_full(tmp_path):
    files = {**PURE_WITH_TESTS, "pyproject.toml": '[build-system]\nbuild-backend = "scikit_build_core.build"\n'}
    assert build_system(checkout_of(tmp_path, "demo", files)) == "build backend scikit_build_core.build"


def test_an_unreadable_pyproject_says_nothing(tmp_path):
    files = {**PURE_WITH_TESTS, "pyproject.toml": "[build-system\n"}
    assert build_system(checkout_of(tmp_path, "demo", files)) is None


@pytest.mark.parametrize(("setup_py", "reason"), [
    ("from setuptools import setup, Extension\nsetup(ext_modules=[Extension('d._c', ['d/_c.c'])])\n",
     "setup.py builds an extension (Extension)"),
    ("from setuptools import setup\nsetup(cffi_modules=['build.py:ffi'])\n", "setup.py builds an extension (cffi_modules)"),
    ("from Cython.Build import cythonize\nsetup(ext_modules=cythonize('d/*.pyx'))\n",
     "setup.py builds an extension (cythonize)"),
    ("from setuptools import setup\n# Extension('d._c') some day\nsetup(name='d', ext_modules=[])\n", None),
])
def test_setup_py_extensions(tmp_path, setup_py, reason):
    checkout = checkout_of(tmp_path, "demo", {**PURE_WITH_TESTS, "setup.py": setup_py})
    assert setup_py_extension(checkout) == reason
    assert admission(checkout) == reason


def test_a_python_newer_than_this_one_is_left_out(tmp_path):
    checkout = checkout_of(tmp_path, "demo", PURE_WITH_TESTS, requires_python=">=3.99")
    assert admission(checkout) == "requires Python >=3.99"


@pytest.mark.parametrize(("requires", "python", "reason"), [(">=3.8", "3.11.7", None), ("<3.11", "3.11.7", "requires Python <3.11"),
                                                            (">=3.11.4", "3.11.7", None), ("", "3.11.7", None),
                                                            ("three", "3.11.7", "unreadable Requires-Python 'three'")])
def test_requires_python_against_a_given_interpreter(tmp_path, requires, python, reason):
    checkout = checkout_of(tmp_path, "demo", PURE_WITH_TESTS, requires_python=requires or None)
    assert python_mismatch(checkout, python) == reason


def test_tests_are_checked_before_purity(tmp_path):
    files = {"demo/__init__.py": "x = 1\n", "demo/_c.c": "int x;\n"}
    assert admission(checkout_of(tmp_path, "demo", files)) == "no tests in the sdist"


def test_names_are_normalized_as_pypi_does():
    assert canonical("Jinja2") == "jinja2" and canonical("ruamel.yaml") == "ruamel-yaml"
    assert canonical("typing_extensions") == "typing-extensions"
