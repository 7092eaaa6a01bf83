"""Whether an unpacked sdist belongs in the CI corpus: it ships tests, is pure Python, and runs here.

Pure Python means nothing to compile: no C, C++, Cython, Rust or Fortran source in a Python package
outside the test, documentation and example folders (a lexer's or parser's test inputs are not built),
no build backend or build requirement that exists to compile (maturin, meson-python, scikit-build,
Cython, ...), and no extension declared in setup.py. Each answer is None (admitted) or a one-line reason naming the evidence.
"""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from sftmine.ci.config.discovery import SKIP_DIRS, test_files
from sftmine.ci.fetch.pypi import pkg_info

try:
    import tomllib
except ImportError:  # Python 3.10: tox's own dependency has the same parser
    import tomli as tomllib  # type: ignore[no-redef]

PYTHON = platform.python_version()  # the interpreter pip resolves for and the tracer's virtualenvs use
COMPILED_SOURCES = (".c", ".cc", ".cpp", ".cxx", ".pyx", ".rs", ".f", ".f90")
NOT_BUILT = frozenset(("tests", "test", "testing", "docs", "doc", "examples", "example", "benchmarks", "bench"))
COMPILING_BACKENDS = ("maturin", "mesonpy", "scikit_build_core", "skbuild", "py_build_cmake", "enscons", "sipbuild")
COMPILING_REQUIRES = frozenset(("cython", "maturin", "setuptools-rust", "scikit-build", "scikit-build-core",
                                "meson-python", "pybind11", "cffi", "numpy", "nanobind"))
# What builds an extension in setup.py (a bare `ext_modules=[]` does not).
SETUP_PY_EXTENSION = re.compile(r"\b(Extension|RustExtension|cythonize)\s*\(|\b(cffi_modules)\s*=")


def admission(checkout: Path, python: str = PYTHON) -> str | None:
    """None when the sdist at `checkout` is admitted, else why not."""
    if not test_files(checkout, limit=1):
        return "no tests in the sdist"
    return compiled(checkout) or python_mismatch(checkout, python)


def compiled(checkout: Path) -> str | None:
    """The first sign that the sdist builds an extension, or None."""
    source = compiled_source(checkout)
    if source:
        return f"compiled extension ({source})"
    return build_system(checkout) or setup_py_extension(checkout)


def compiled_source(checkout: Path) -> str | None:
    """A compiled language's source inside a Python package (a folder with __init__.py): an extension's.

    Elsewhere (a Windows launcher's source at the top, a vendored tool) it is built, if at all, only when
    the build configuration says so, which `build_system` and `setup_py_extension` read.
    """
    for root, dirs, files in os.walk(checkout):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and d.lower() not in NOT_BUILT and not d.startswith("."))
        if "__init__.py" not in files:
            continue
        for name in sorted(files):
            if name.lower().endswith(COMPILED_SOURCES):
                return (Path(root) / name).relative_to(checkout).as_posix()
    return None


def build_system(checkout: Path) -> str | None:
    """A compiling build backend or build requirement in pyproject.toml."""
    try:
        table = tomllib.loads((checkout / "pyproject.toml").read_text(encoding="utf-8")).get("build-system") or {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    backend = str(table.get("build-backend") or "")
    if backend.split(".")[0] in COMPILING_BACKENDS:
        return f"build backend {backend}"
    for requirement in table.get("requires") or []:
        name = re.match(r"\s*([A-Za-z0-9._-]*)", str(requirement))[1]  # type: ignore[index]
        if canonical(name) in COMPILING_REQUIRES:
            return f"build requires {canonical(name)}"
    return None


def setup_py_extension(checkout: Path) -> str | None:
    try:
        text = (checkout / "setup.py").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    match = SETUP_PY_EXTENSION.search(code)
    return f"setup.py builds an extension ({match[1] or match[2]})" if match else None


def python_mismatch(checkout: Path, python: str) -> str | None:
    """The sdist's Requires-Python when `python` does not satisfy it."""
    requires = pkg_info(checkout).get("Requires-Python", "").strip()
    if not requires:
        return None
    try:
        supported = SpecifierSet(requires).contains(python, prereleases=True)
    except InvalidSpecifier:
        return f"unreadable Requires-Python {requires!r}"
    return None if supported else f"requires Python {requires}"


def canonical(name: str) -> str:
    """PEP 503's normalized project name."""
    return re.sub(r"[-_.]+", "-", name).lower()
