"""PyPI sdists: `pip download --no-deps --no-binary :all:` in the sandbox, then a checked unpack here."""

from __future__ import annotations

import shutil
import sys
import tarfile
import zipfile
from pathlib import Path

from sftmine.ci.box import Box, tail
from sftmine.ci.fetch.sources import Fetched, Source
from sftmine.errors import InputFileError
from sftmine.records import Status
from sftmine.sandbox import Outcome

ARCHIVES = (".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".zip")


def fetch_pypi(source: Source, work: Path, box: Box, wall_s: float = 300.0) -> Fetched:
    download = work / "download"
    requirement = source.location + (f"=={source.pin}" if source.pin else "")
    outcome = pip_download(requirement, download, box, wall_s)
    if outcome.status is not Status.PASSED:
        raise InputFileError(f"{source.spec}: pip download failed ({outcome.detail}): {pip_verdict(outcome.stderr)}")
    checkout = unpack(the_archive(download, source.spec), work / "sdist")
    version = pkg_info(checkout).get("Version") or source.pin or ""
    url = f"https://pypi.org/project/{source.location}/{version}/"
    return Fetched(source, checkout, f"pypi:{source.location}=={version}", version, url)


def pip_download(requirement: str, download: Path, box: Box, wall_s: float = 300.0,
                 no_binary: str = ":all:") -> Outcome:
    """`pip download --no-deps` of one sdist into `download`, in the sandbox with network (pip runs the
    sdist's build backend for its metadata). `no_binary` names what must come as an sdist: `:all:` takes
    the build requirements from sdists too, the package's own name lets them come as wheels."""
    argv = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", no_binary, "-d", str(download),
            requirement]
    with box.session(network=True, writable=[download]) as session:
        return session.run(argv, cwd=download, wall_s=wall_s)


def the_archive(download: Path, what: str) -> Path:
    """The one sdist archive pip left in `download`."""
    archives = [p for p in download.iterdir() if p.is_file() and not p.is_symlink() and p.name.endswith(ARCHIVES)]
    if len(archives) != 1:
        raise InputFileError(f"{what}: expected one sdist in {download}, found {len(archives)}")
    return archives[0]


def pip_verdict(stderr: str) -> str:
    """pip's ERROR lines (its reason), else the last lines of its output."""
    errors = [line.strip() for line in stderr.splitlines() if line.startswith("ERROR:")]
    return " ".join(errors) if errors else tail(stderr, 3)


def unpack(archive: Path, dest: Path) -> Path:
    """Extract with every member checked to stay inside `dest`; return the sdist's top directory."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    try:
        _extract(archive, dest)
    except (tarfile.TarError, zipfile.BadZipFile, OSError) as exc:
        raise InputFileError(f"{archive.name}: cannot unpack ({exc})") from None
    entries = list(dest.iterdir())
    return entries[0] if len(entries) == 1 and entries[0].is_dir() else dest


def _extract(archive: Path, dest: Path) -> None:
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as zf:
            for name in zf.namelist():
                _check_inside(dest, name, archive)
            zf.extractall(dest)
    else:
        with tarfile.open(archive) as tf:
            if hasattr(tarfile, "data_filter"):
                tf.extractall(dest, filter="data")
            else:  # an interpreter without extraction filters: check names and refuse links
                for member in tf.getmembers():
                    _check_inside(dest, member.name, archive)
                    if member.issym() or member.islnk() or member.isdev():
                        raise InputFileError(f"{archive.name}: refusing special member {member.name}")
                tf.extractall(dest)


def _check_inside(dest: Path, name: str, archive: Path) -> None:
    target = (dest / name).resolve()
    if not target.is_relative_to(dest.resolve()):
        raise InputFileError(f"{archive.name}: member {name!r} would land outside the target directory")


def pkg_info(checkout: Path) -> dict[str, str]:
    """The first value of each header of an sdist's PKG-INFO (Version, License, ...); {} without one."""
    info = checkout / "PKG-INFO"
    if not info.is_file() or info.is_symlink():
        return {}
    headers: dict[str, str] = {}
    for line in info.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip():
            break  # the description follows the headers
        key, sep, value = line.partition(":")
        if sep and not key.startswith(" "):
            headers.setdefault(key.strip(), value.strip())
    return headers
