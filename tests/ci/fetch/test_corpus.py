"""The corpus checker offline: a fake fetch puts fixture sdists where pip would, nothing reaches the index."""

from __future__ import annotations

import shutil
import threading

import pytest
from click.testing import CliRunner

from sftmine.ci.env.pipconf import PipSetup
from sftmine.ci.fetch import corpus
from sftmine.ci.fetch.corpus import (
    INDEX_ANSWER,
    NO_SDIST,
    Verdict,
    archive_version,
    check_all,
    check_candidate,
    download_reason,
    read_candidates,
    reason_kind,
    summary,
    write_excluded,
    write_sources,
)
from sftmine.ci.fetch.sources import Source, read_source_list
from sftmine.cli import main
from sftmine.errors import ConfigError, InputFileError
from tests.ci.fetch.test_admission import PURE_WITH_TESTS, make_sdist

NEWER_PYTHON = ("ERROR: Ignored the following versions that require a different python version: 2.0 Requires-Python "
                ">=3.12; 2.1 Requires-Python >=3.13\nERROR: Could not find a version that satisfies the requirement "
                "demo (from versions: none)\nERROR: No matching distribution found for demo\n")


class FakeIndex:
    """`Fetch` over prepared archives (name -> path) and answers (name -> reason); it counts its calls."""

    def __init__(self, archives=None, answers=None):
        self.archives, self.answers, self.calls = archives or {}, answers or {}, []
        self.lock = threading.Lock()

    def __call__(self, requirement, dest):
        name = requirement.split("==")[0]
        with self.lock:
            self.calls.append(requirement)
        if name in self.archives:
            shutil.copy(self.archives[name], dest)
            return None
        return self.answers.get(name, NO_SDIST)


@pytest.fixture
def index(tmp_path):
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    archives = {
        "good": make_sdist(fixtures, "good", PURE_WITH_TESTS, version="2.3.1"),
        "notests": make_sdist(fixtures, "notests", {"notests/__init__.py": "x = 1\n"}),
        "speedy": make_sdist(fixtures, "speedy", {**PURE_WITH_TESTS, "speedy/__init__.py": "",
                                                  "speedy/_speedups.c": "int x;\n"}),
        "rusty": make_sdist(fixtures, "rusty", {**PURE_WITH_TESTS, "pyproject.toml":
                                                '[build-system]\nrequires = ["maturin"]\nbuild-backend = "maturin"\n'}),
        "future": make_sdist(fixtures, "future", PURE_WITH_TESTS, requires_python=">=3.99"),
    }
    return FakeIndex(archives, {"flaky": "download failed: the package index did not answer"})


def sources(*names):
    return [Source.parse(f"pypi:{n}") for n in names]


def test_every_rule_gives_its_reason_in_candidate_order(tmp_path, index):
    verdicts = check_all(sources("good", "notests", "speedy", "rusty", "future", "missing", "flaky"),
                         tmp_path / "cache", index, threads=3)
    assert [(v.name, v.version, v.reason) for v in verdicts] == [
        ("good", "2.3.1", None),
        ("notests", "1.0", "no tests in the sdist"),
        ("speedy", "1.0", "compiled extension (speedy/_speedups.c)"),
        ("rusty", "1.0", "build backend maturin"),
        ("future", "1.0", "requires Python >=3.99"),
        ("missing", None, NO_SDIST),
        ("flaky", None, "download failed: the package index did not answer"),
    ]


def test_a_rerun_fetches_only_what_failed_to_download(tmp_path, index):
    cache = tmp_path / "cache"
    first = check_all(sources("good", "missing", "flaky"), cache, index)
    index.calls.clear()
    assert check_all(sources("good", "missing", "flaky"), cache, index) == first
    assert index.calls == ["flaky"]  # the archive and the index's answer are cached; an outage is not
    assert (cache / "sdists" / "missing" / INDEX_ANSWER).read_text() == NO_SDIST + "\n"
    assert not list(cache.glob(".download-*")) and not list(cache.glob(".unpack-*"))


def test_retry_failed_asks_the_index_again(tmp_path, index):
    cache = tmp_path / "cache"
    check_candidate(Source.parse("pypi:later"), cache, index)
    index.archives["later"] = index.archives["good"]
    assert check_candidate(Source.parse("pypi:later"), cache, index).reason == NO_SDIST
    verdict = check_candidate(Source.parse("pypi:later"), cache, index, retry_failed=True)
    assert verdict.admitted and not (cache / "sdists" / "later" / INDEX_ANSWER).exists()


def test_a_pinned_candidate_is_fetched_at_its_pin_and_cached_apart(tmp_path, index):
    check_candidate(Source.parse("pypi:good==2.3.1"), tmp_path / "cache", index)
    assert index.calls == ["good==2.3.1"] and (tmp_path / "cache" / "sdists" / "good==2.3.1").is_dir()


def test_a_fetch_that_leaves_no_archive_is_a_failed_download(tmp_path):
    verdict = check_candidate(Source.parse("pypi:odd"), tmp_path / "cache", lambda _req, _dest: None)
    assert verdict == Verdict("odd", None, "download failed: pip left 0 sdist archives")


def test_a_fetch_that_raises_does_not_stop_the_others(tmp_path, index):
    def fetch(requirement, dest):
        if requirement == "boom":
            raise OSError("disk full")
        return index(requirement, dest)

    verdicts = check_all(sources("boom", "good"), tmp_path / "cache", fetch)
    assert verdicts[0].reason == "download failed: disk full" and verdicts[1].admitted


def test_a_broken_archive_is_left_out_with_its_reason(tmp_path):
    bad = tmp_path / "bad-1.0.tar.gz"
    bad.write_bytes(b"not a tarball")
    verdict = check_candidate(Source.parse("pypi:bad"), tmp_path / "cache", lambda _r, d: shutil.copy(bad, d) and None)
    assert verdict.version == "1.0" and verdict.reason.startswith("cannot unpack the sdist: bad-1.0.tar.gz")


def test_a_candidate_listed_twice_is_checked_once(tmp_path, index):
    verdicts = check_all(sources("good", "Good"), tmp_path / "cache", index)
    assert verdicts[1] == Verdict("Good", None, "listed twice (first as good)") and index.calls == ["good"]


def test_progress_reports_every_candidate(tmp_path, index):
    seen = []
    check_all(sources("good", "missing", "good"), tmp_path / "cache", index, progress=lambda *a: seen.append(a))
    assert sorted(done for done, _total, _v in seen) == [1, 2, 3] and {total for _d, total, _v in seen} == {3}


@pytest.mark.parametrize(("stderr", "reason"), [
    ("ERROR: Could not find a version that satisfies the requirement demo (from versions: none)\n"
     "ERROR: No matching distribution found for demo\n", NO_SDIST),
    (NEWER_PYTHON, "requires Python >=3.13"),
    ("WARNING: Retrying (Retry(total=4)) after connection broken by 'NewConnectionError'\n"
     "ERROR: No matching distribution found for demo\n", "download failed: the package index did not answer"),
    ("      ERROR: No matching distribution found for python-sbom>=0.1.2\n"
     "ERROR: Failed to build 'demo' when installing build dependencies for demo\n",
     "download failed: build requirement python-sbom>=0.1.2 is not on the index"),
    ("  error: subprocess-exited-with-error\nERROR: Failed to build 'demo' when getting requirements to build wheel\n",
     "download failed: Failed to build 'demo' when getting requirements to build wheel"),
])
def test_pip_failures_become_reasons(stderr, reason):
    assert download_reason("demo", stderr) == reason


def test_a_silent_failure_names_the_sandbox_detail():
    assert download_reason("demo", "", "wall time limit") == "download failed: wall time limit"


@pytest.mark.parametrize(("name", "version"), [("demo-1.2.3.tar.gz", "1.2.3"), ("python-dateutil-2.9.0.post0.tar.gz",
                                                                                  "2.9.0.post0"),
                                                ("zope.event-5.0.zip", "5.0"), ("oddname.tar.gz", None)])
def test_versions_from_archive_names(tmp_path, name, version):
    assert archive_version(tmp_path / name) == version


def test_the_source_list_and_the_left_out_file(tmp_path):
    verdicts = [Verdict("good", "2.3.1"), Verdict("missing", None, NO_SDIST), Verdict("six", "1.17.0"),
                Verdict("speedy", "1.0", "compiled extension (speedy/_speedups.c)")]
    listing, excluded = tmp_path / "ci-sources-pypi.txt", tmp_path / "ci-sources-pypi.excluded.tsv"
    assert write_sources(listing, verdicts, "The corpus.\nMade by a test.") == 2
    assert listing.read_text().startswith("# The corpus.\n# Made by a test.\npypi:good==2.3.1\n")
    assert read_source_list(listing) == ["pypi:good==2.3.1", "pypi:six==1.17.0"]
    assert [Source.parse(s).pin for s in read_source_list(listing)] == ["2.3.1", "1.17.0"]
    assert write_excluded(excluded, verdicts) == 2
    assert excluded.read_text().splitlines() == ["name\tversion\treason", f"missing\t-\t{NO_SDIST}",
                                                 "speedy\t1.0\tcompiled extension (speedy/_speedups.c)"]
    assert oct(listing.stat().st_mode & 0o777) != "0o600" and not list(tmp_path.glob(".*.tmp"))


def test_the_summary_counts_reasons_by_kind():
    verdicts = [Verdict("a", "1"), Verdict("b", "1", "compiled extension (b/x.c)"),
                Verdict("c", "1", "compiled extension (c/y.pyx)"), Verdict("d", None, "requires Python >=3.12")]
    assert summary(verdicts) == ["1 admitted, 3 left out of 4 candidates", "    2  compiled extension",
                                 "    1  requires Python"]
    assert reason_kind(NO_SDIST) == NO_SDIST and reason_kind("build backend maturin") == "build backend"


def test_candidates_are_names_or_pins_with_comments(tmp_path):
    path = tmp_path / "candidates.txt"
    path.write_text("# popular\nrequests\n\nsemver==3.0.2  # pinned\npypi:six\n")
    assert [(s.location, s.pin) for s in read_candidates(path)] == [("requests", None), ("semver", "3.0.2"),
                                                                    ("six", None)]
    path.write_text("not a name!\n")
    with pytest.raises(ConfigError):
        read_candidates(path)


@pytest.fixture
def no_sandbox(monkeypatch, index):
    """make_corpus with the fake index in place of pip in the sandbox."""
    monkeypatch.setattr(corpus, "get_backend", lambda name: None)
    monkeypatch.setattr(corpus, "pip_setup", lambda work: PipSetup())
    monkeypatch.setattr(corpus, "pip_fetch", lambda box: index)
    return index


def test_the_command_writes_both_files_and_a_summary(tmp_path, no_sandbox):
    candidates = tmp_path / "candidates.txt"
    candidates.write_text("good\nnotests\nmissing\n")
    out = tmp_path / "pipelines" / "ci-sources-pypi.txt"
    result = CliRunner().invoke(main, ["ci-corpus", str(candidates), "--out", str(out), "--cache", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "1 admitted, 2 left out of 3 candidates"
    assert "good==2.3.1: admitted" in result.stderr and "missing: no sdist on the index" in result.stderr
    assert read_source_list(out) == ["pypi:good==2.3.1"]
    assert "from candidates.txt" in out.read_text() and "ci-sources-pypi.excluded.tsv" in out.read_text()
    assert (out.parent / "ci-sources-pypi.excluded.tsv").read_text().count("\n") == 3


def test_nothing_admitted_leaves_the_old_list_alone(tmp_path, no_sandbox):
    candidates, out = tmp_path / "candidates.txt", tmp_path / "out.txt"
    candidates.write_text("missing\n")
    out.write_text("pypi:good==2.3.1\n")
    result = CliRunner().invoke(main, ["ci-corpus", str(candidates), "--out", str(out), "--cache", str(tmp_path / "c")])
    assert result.exit_code == 1 and "no candidate" in result.stderr and "left as it was" in result.stderr
    assert out.read_text() == "pypi:good==2.3.1\n" and not (tmp_path / "out.excluded.tsv").exists()


def test_an_empty_candidate_list_is_an_error(tmp_path, no_sandbox):
    candidates = tmp_path / "candidates.txt"
    candidates.write_text("# nothing yet\n")
    with pytest.raises(InputFileError, match="no candidates"):
        corpus.make_corpus(candidates, tmp_path / "o.txt", tmp_path / "o.tsv", tmp_path / "c")
