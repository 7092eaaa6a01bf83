"""Sources of projects to trace: git repositories (URL or local path, at a pinned commit), plain local
directories, and PyPI sdists (`pypi:NAME[==VERSION]`).

A spec is parsed into a `Source`; fetching turns it into a checkout on disk plus the label and version
that go into every task it yields. Git goes through GitPython on the host (a clone runs none of the
repository's code). An sdist is fetched with `pip download --no-deps --no-binary :all:` inside the
sandbox, since pip runs the package's build backend to read its metadata, and unpacked here with the
archive members checked so none lands outside the target directory.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from sftmine.errors import ConfigError, InputFileError

PYPI = re.compile(r"^pypi:(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(==(?P<version>[A-Za-z0-9.+!_-]+))?$")
GIT_URL = re.compile(r"^(git\+)?(https?|ssh|git|file)://|^git@")


@dataclass(frozen=True)
class Source:
    spec: str
    kind: str  # git, path or pypi
    location: str  # URL, directory or package name
    pin: str | None = None  # commit/ref (git) or version (pypi)

    @classmethod
    def parse(cls, spec: str) -> Source:
        spec = spec.strip()
        match = PYPI.match(spec)
        if match:
            return cls(spec, "pypi", match["name"], match["version"])
        if spec.startswith("pypi:"):
            raise ConfigError(f"{spec!r}: write a PyPI source as pypi:NAME or pypi:NAME==VERSION")
        location, pin = _split_pin(spec)
        if GIT_URL.match(location):
            return cls(spec, "git", location.removeprefix("git+"), pin)
        path = Path(location).expanduser()
        if not path.is_dir():
            raise ConfigError(f"{spec!r} is not a git URL, an existing directory or pypi:NAME[==VERSION]")
        kind = "git" if (path / ".git").exists() else "path"
        if kind == "path" and pin:
            raise ConfigError(f"{spec!r}: {location} is not a git repository, so it cannot be pinned to {pin}")
        return cls(spec, kind, str(path.resolve()), pin)

    @property
    def name(self) -> str:
        base = self.location.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
        return re.sub(r"[^A-Za-z0-9._-]+", "-", base) or "project"

    @property
    def slug(self) -> str:
        """A directory name unique to this spec."""
        digest = hashlib.sha256(self.spec.encode()).hexdigest()[:10]
        return f"{self.kind}-{self.name}-{digest}"


def _split_pin(spec: str) -> tuple[str, str | None]:
    """`URL@REV` or `PATH@REV`: the @ after the last slash (so git@host:... is left alone)."""
    head, sep, tail = spec.rpartition("/")
    if "@" not in tail or (not head and spec.startswith("git@")):
        return spec, None
    name, _, pin = tail.rpartition("@")
    return (head + sep + name, pin) if name and pin else (spec, None)


def read_source_list(path: Path) -> list[str]:
    """One spec per line; blank lines and `#` comments ignored."""
    if not path.is_file():
        raise InputFileError(f"{path}: no such source list")
    specs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            specs.append(line)
    return specs


@dataclass
class Fetched:
    source: Source
    checkout: Path
    label: str  # what task ids name: pypi:semver==3.0.2, git:name@<12 hex>, path:name
    version: str  # commit sha, package version, or "" for a plain directory
    url: str


def fetch_git(source: Source, dest: Path) -> Fetched:
    import git

    try:
        repo = git.Repo.clone_from(source.location, dest, no_checkout=True)
        repo.git.checkout(source.pin or "HEAD", "--")
        sha = repo.head.commit.hexsha
    except git.GitCommandError as exc:
        raise InputFileError(f"{source.spec}: git failed: {git_message(exc.stderr)}") from None
    return Fetched(source, dest, f"git:{source.name}@{sha[:12]}", sha, source.location)


def git_message(stderr: str) -> str:
    """git's own verdict (its `fatal:`/`error:` lines) out of GitPython's quoted stderr block."""
    lines = [line.strip().strip("'\"").strip() for line in stderr.splitlines()]
    lines = [line.removeprefix("stderr:").strip() for line in lines if line]
    verdict = [line for line in lines if line.startswith(("fatal:", "error:"))]
    return (" ".join(verdict) or (lines[-1] if lines else "no message"))[:300]


def fetch_path(source: Source, dest: Path) -> Fetched:
    shutil.copytree(source.location, dest, symlinks=True,
                    ignore=shutil.ignore_patterns(".tox", ".nox", ".venv", "venv", "__pycache__", "*.pyc"))
    return Fetched(source, dest, f"path:{source.name}", "", source.location)
