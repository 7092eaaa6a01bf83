"""The big CI corpus: PyPI candidates checked one by one and pinned to their newest sdist for this Python.

Each candidate's sdist is downloaded once into a cache a rerun reuses (pip in the sandbox: it runs the
sdist's build backend for its metadata; the build requirements may come as wheels), unpacked into a
throw-away folder and judged by `admission`. The admitted ones become a source list of
`pypi:NAME==VERSION` lines in candidate order; every other candidate goes to a TSV with its reason.
An answer from the index (no sdist, none for this Python) is cached like an archive; a failed download
is tried again on the next run.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from sftmine.ci.box import Box
from sftmine.ci.env.pipconf import pip_setup
from sftmine.ci.env.venv import NETWORK_SIGNS
from sftmine.ci.fetch.admission import PYTHON, admission, canonical
from sftmine.ci.fetch.pypi import ARCHIVES, pip_download, pip_verdict, pkg_info, unpack
from sftmine.ci.fetch.sources import Source, read_source_list
from sftmine.errors import InputFileError, SftmineError
from sftmine.records import Status
from sftmine.sandbox.base import get_backend
from sftmine.store import atomic_path

NO_SDIST = "no sdist on the index"
DOWNLOAD_FAILED = "download failed"
INDEX_ANSWER = "index-answer.txt"  # in a candidate's cache folder: why the index has nothing for it

# Downloads `requirement` into the folder given; None when an sdist landed there, else the reason.
Fetch = Callable[[str, Path], "str | None"]


@dataclass(frozen=True)
class Verdict:
    name: str
    version: str | None  # None when no sdist was had
    reason: str | None = None  # None: admitted

    @property
    def admitted(self) -> bool:
        return self.reason is None


def read_candidates(path: Path) -> list[Source]:
    """One `NAME` or `NAME==VERSION` a line (`#` comments), as PyPI sources."""
    return [Source.parse("pypi:" + line.removeprefix("pypi:")) for line in read_source_list(path)]


def make_corpus(candidates: Path, out: Path, excluded: Path, cache: Path, backend: str = "auto", threads: int = 4,
                retry_failed: bool = False, progress: Callable[[int, int, Verdict], None] = lambda *_a: None,
                ) -> list[Verdict]:
    """Check every candidate of the list `candidates`; write the admitted to `out`, the rest to `excluded`."""
    sources = read_candidates(candidates)
    if not sources:
        raise InputFileError(f"{candidates}: no candidates; write one PyPI name a line")
    cache = cache.resolve()  # the sandbox binds it at this path
    cache.mkdir(parents=True, exist_ok=True)
    box = Box(get_backend(backend), pip_setup(cache))
    verdicts = check_all(sources, cache, pip_fetch(box), threads, retry_failed=retry_failed, progress=progress)
    if not any(v.admitted for v in verdicts):
        raise SftmineError(f"no candidate in {candidates} was admitted, so {out} is left as it was; "
                           f"see the reasons above")
    write_sources(out, verdicts, corpus_header(candidates.name, excluded.name, str(out)))
    write_excluded(excluded, verdicts)
    return verdicts


def corpus_header(candidates: str, excluded: str, out: str, python: str = PYTHON) -> str:
    dotted = ".".join(python.split(".")[:2])
    return (f"The big CI corpus: PyPI sdists that ship their tests, are pure Python and support Python {dotted},\n"
            "each pinned to its newest such release when the list was made. Made by `make ci-corpus`\n"
            f"(sftmine ci-corpus) from {candidates}; the candidates left out, and why:\n"
            f"{excluded}. Trace it:\n"
            f"  sftmine trace --from-file {out} --out runs/trace-ci-pypi --allow-test-failures")


def pip_fetch(box: Box, wall_s: float = 300.0) -> Fetch:
    def fetch(requirement: str, dest: Path) -> str | None:
        name = re.split(r"[=<>!~ ]", requirement, maxsplit=1)[0]
        outcome = pip_download(requirement, dest, box, wall_s, no_binary=name)
        return None if outcome.status is Status.PASSED else download_reason(name, outcome.stderr, outcome.detail)

    return fetch


def download_reason(name: str, stderr: str, detail: str = "") -> str:
    """pip's failure as a reason: the index's answer about `name`, or why the download itself failed (a
    build requirement the index lacks is the latter)."""
    if any(sign in stderr for sign in NETWORK_SIGNS):
        return f"{DOWNLOAD_FAILED}: the package index did not answer"
    missing = re.findall(r"No matching distribution found for (([A-Za-z0-9._-]+)\S*)", stderr)
    if canonical(name) in (canonical(project) for _req, project in missing):
        pythons = re.findall(r"Requires-Python ([^;\s]+)", stderr)
        return f"requires Python {pythons[-1]}" if pythons else NO_SDIST
    if missing:
        return f"{DOWNLOAD_FAILED}: build requirement {missing[0][0]} is not on the index"
    verdict = " ".join(pip_verdict(stderr).replace("ERROR: ", "").split()) or detail or "no message"
    return f"{DOWNLOAD_FAILED}: {verdict[:200]}"


def cached_sdist(source: Source, cache: Path, fetch: Fetch, retry_failed: bool = False) -> Path | str:
    """The candidate's archive in CACHE/sdists/KEY/ (fetched when not there yet), or why there is none."""
    folder = cache / "sdists" / (canonical(source.location) + (f"=={source.pin}" if source.pin else ""))
    archives = sorted(p for p in folder.glob("*") if p.name.endswith(ARCHIVES)) if folder.is_dir() else []
    if len(archives) == 1:
        return archives[0]
    if (folder / INDEX_ANSWER).is_file() and not retry_failed:
        return (folder / INDEX_ANSWER).read_text(encoding="utf-8").strip()
    cache.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".download-", dir=cache))
    try:
        reason = fetch(source.location + (f"=={source.pin}" if source.pin else ""), tmp)
        got = [p for p in tmp.iterdir() if p.is_file() and p.name.endswith(ARCHIVES)]
        if reason is None and len(got) != 1:
            reason = f"{DOWNLOAD_FAILED}: pip left {len(got)} sdist archives"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        if reason is None:
            archive = Path(shutil.move(got[0], folder / got[0].name))
            os.chown(archive, os.getuid(), os.getgid())  # from the sandbox's uid back to ours
            return archive
        if not reason.startswith(DOWNLOAD_FAILED):
            with atomic_path(folder / INDEX_ANSWER) as path:
                path.write_text(reason + "\n", encoding="utf-8")
        return reason
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def check_candidate(source: Source, cache: Path, fetch: Fetch, python: str = PYTHON,
                    retry_failed: bool = False) -> Verdict:
    """Download (or reuse) the candidate's sdist, unpack it aside and judge it; never raises for one sdist."""
    try:
        archive = cached_sdist(source, cache, fetch, retry_failed)
    except (SftmineError, OSError) as exc:
        return Verdict(source.location, source.pin, f"{DOWNLOAD_FAILED}: {' '.join(str(exc).split())[:200]}")
    if isinstance(archive, str):
        return Verdict(source.location, source.pin, archive)
    with tempfile.TemporaryDirectory(prefix=".unpack-", dir=cache) as tmp:
        try:
            checkout = unpack(archive, Path(tmp) / "sdist")
        except InputFileError as exc:
            return Verdict(source.location, archive_version(archive), f"cannot unpack the sdist: {exc}")
        version = pkg_info(checkout).get("Version") or archive_version(archive)
        return Verdict(source.location, version, admission(checkout, python))


def archive_version(archive: Path) -> str | None:
    """The version in an sdist's file name (NAME-VERSION.tar.gz), for an sdist without PKG-INFO."""
    stem = next((archive.name[: -len(s)] for s in ARCHIVES if archive.name.endswith(s)), archive.name)
    match = re.match(r"^.+?-(\d[^-]*)$", stem)
    return match[1] if match else None


def check_all(sources: list[Source], cache: Path, fetch: Fetch, threads: int = 4, python: str = PYTHON,
              retry_failed: bool = False, progress: Callable[[int, int, Verdict], None] = lambda *_a: None,
              ) -> list[Verdict]:
    """A verdict per candidate, in candidate order; `threads` downloads at a time."""
    first: dict[str, Source] = {}
    verdicts: dict[int, Verdict] = {}
    with ThreadPoolExecutor(max_workers=threads) as pool:
        futures = {}
        for i, source in enumerate(sources):
            seen = first.setdefault(canonical(source.location), source)
            if seen is not source:
                verdicts[i] = Verdict(source.location, source.pin, f"listed twice (first as {seen.location})")
                progress(len(verdicts), len(sources), verdicts[i])
            else:
                futures[pool.submit(check_candidate, source, cache, fetch, python, retry_failed)] = i
        for future in as_completed(futures):
            verdicts[futures[future]] = future.result()
            progress(len(verdicts), len(sources), verdicts[futures[future]])
    return [verdicts[i] for i in range(len(sources))]


def write_sources(path: Path, verdicts: list[Verdict], header: str) -> int:
    """The admitted candidates as a source list (`pypi:NAME==VERSION` a line) under a `#` header."""
    lines = [f"pypi:{v.name}=={v.version}" for v in verdicts if v.admitted]
    comment = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    with atomic_path(path) as tmp:
        tmp.write_text(comment + "".join(line + "\n" for line in lines), encoding="utf-8")
    return len(lines)


def write_excluded(path: Path, verdicts: list[Verdict]) -> int:
    """The left-out candidates as TSV: name, version (or -), reason."""
    rows = [(v.name, v.version or "-", v.reason or "") for v in verdicts if not v.admitted]
    with atomic_path(path) as tmp:
        tmp.write_text("".join("\t".join(r) + "\n" for r in [("name", "version", "reason"), *rows]), encoding="utf-8")
    return len(rows)


def reason_kind(reason: str) -> str:
    """A reason without its particulars (the file, the backend, the version), for counting."""
    for kind in ("compiled extension", "requires Python", "build backend", "build requires", "setup.py builds",
                 DOWNLOAD_FAILED, "listed twice", "cannot unpack"):
        if reason.startswith(kind):
            return kind
    return reason


def summary(verdicts: list[Verdict]) -> list[str]:
    kinds = Counter(reason_kind(v.reason) for v in verdicts if v.reason)
    admitted = sum(v.admitted for v in verdicts)
    lines = [f"{admitted} admitted, {len(verdicts) - admitted} left out of {len(verdicts)} candidates"]
    return lines + [f"{count:5d}  {kind}" for kind, count in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))]
