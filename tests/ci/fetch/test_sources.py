"""Source specs: parsing, source lists, and fetching git repositories at a pinned commit."""

from __future__ import annotations

import git
import pytest

from sftmine.ci.fetch.sources import Source, fetch_git, fetch_path, read_source_list
from sftmine.errors import ConfigError, InputFileError


@pytest.mark.parametrize("spec, kind, location, pin", [
    ("pypi:semver", "pypi", "semver", None),
    ("pypi:semver==3.0.2", "pypi", "semver", "3.0.2"),
    ("https://github.com/owner/repo.git", "git", "https://github.com/owner/repo.git", None),
    ("https://github.com/owner/repo@0123abcd", "git", "https://github.com/owner/repo", "0123abcd"),
    ("git+https://example.org/r.git@v1.2", "git", "https://example.org/r.git", "v1.2"),
    ("git@github.com:owner/repo.git", "git", "git@github.com:owner/repo.git", None),
])
def test_parse_remote_specs(spec, kind, location, pin):
    assert Source.parse(spec) == Source(spec, kind, location, pin)


def test_a_local_directory_is_git_when_it_has_a_repository(fixture_repo, tmp_path):
    repo = fixture_repo("plain_project")
    assert Source.parse(str(repo)).kind == "git"
    assert Source.parse(f"{repo}@HEAD").pin == "HEAD"
    (tmp_path / "loose").mkdir()
    assert Source.parse(str(tmp_path / "loose")).kind == "path"


@pytest.mark.parametrize("spec, message", [
    ("pypi:", "pypi:NAME or pypi:NAME==VERSION"),
    ("pypi:semver>=3", "pypi:NAME or pypi:NAME==VERSION"),
    ("/no/such/dir", "not a git URL, an existing directory or pypi:NAME"),
])
def test_bad_specs_name_the_fix(spec, message):
    with pytest.raises(ConfigError, match=message):
        Source.parse(spec)


def test_a_plain_directory_cannot_be_pinned(tmp_path):
    with pytest.raises(ConfigError, match="not a git repository"):
        Source.parse(f"{tmp_path}@abc123")


def test_slugs_are_distinct_per_spec():
    a, b = Source.parse("pypi:semver==3.0.1"), Source.parse("pypi:semver==3.0.2")
    assert a.slug != b.slug and a.slug.startswith("pypi-semver-")


def test_source_list_skips_comments_and_blanks(tmp_path):
    listing = tmp_path / "sources.txt"
    listing.write_text("# projects\npypi:semver==3.0.2  # a comment\n\n  https://example.org/r.git@abc\n")
    assert read_source_list(listing) == ["pypi:semver==3.0.2", "https://example.org/r.git@abc"]
    with pytest.raises(InputFileError, match="no such source list"):
        read_source_list(tmp_path / "missing.txt")


def test_fetch_git_checks_out_the_pinned_commit(fixture_repo, tmp_path):
    path = fixture_repo("plain_project")
    repo = git.Repo(path)
    first = repo.head.commit.hexsha
    (path / "roman.py").write_text("# rewritten\n")
    repo.git.commit("-am", "second", author="t <t@example.invalid>")
    fetched = fetch_git(Source.parse(f"{path}@{first}"), tmp_path / "out")
    assert fetched.version == first and fetched.label == f"git:plain_project@{first[:12]}"
    assert "def to_roman" in (fetched.checkout / "roman.py").read_text()
    latest = fetch_git(Source.parse(str(path)), tmp_path / "latest")
    assert (latest.checkout / "roman.py").read_text() == "# rewritten\n"


def test_fetch_git_reports_an_unknown_commit(fixture_repo, tmp_path):
    path = fixture_repo("plain_project")
    with pytest.raises(InputFileError, match="git failed"):
        fetch_git(Source.parse(f"{path}@0000000000"), tmp_path / "out")


def test_fetch_path_copies_without_tool_folders(tmp_path):
    src = tmp_path / "src"
    (src / ".tox" / "py311").mkdir(parents=True)
    (src / "mod.py").write_text("x = 1\n")
    fetched = fetch_path(Source.parse(str(src)), tmp_path / "copy")
    assert (fetched.checkout / "mod.py").is_file() and not (fetched.checkout / ".tox").exists()
    assert fetched.label == "path:src"
