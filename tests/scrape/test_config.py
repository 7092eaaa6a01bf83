"""pipelines/competitive.yaml: the shipped config, and every mistake as one line naming the key and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from sftmine.errors import ConfigError
from sftmine.scrape import CompetitiveConfig, SiteConfig

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "pipelines" / "competitive.yaml"
ALL = "aoj, atcoder, codechef, codeforces, leetcode"


def test_the_shipped_config_replays_all_five_judges_offline_from_any_folder(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # its paths are relative to the file, not to where sftmine runs
    config = CompetitiveConfig.load(SHIPPED)
    assert [s.name for s in config.sites] == ["codeforces", "atcoder", "aoj", "leetcode", "codechef"]
    assert all(s.replay == REPO / "tests" / "fixtures" / "recorded" / s.name and s.replay.is_dir()
               for s in config.sites)
    assert (config.out, config.net) == (REPO / "runs" / "competitive", {})


def test_settings_per_site_and_for_the_client():
    config = CompetitiveConfig.from_dict({"out": "elsewhere", "sites": {
        "codeforces": {"since": 1901, "limit": 50}, "atcoder": None},
        "net": {"delays": {"atcoder.jp": 3.0}, "retries": 2}})
    assert config.sites == (SiteConfig("codeforces", since="1901", limit=50), SiteConfig("atcoder"))
    assert (config.out, config.net) == (Path("elsewhere"), {"delays": {"atcoder.jp": 3.0}, "retries": 2})


@pytest.mark.parametrize("data, message", [
    ({"sites": {"topcoder": {}}}, f"c.yaml: sites.topcoder: unknown site; choose from {ALL}"),
    ({"sites": {"codeforces": {"replya": "x"}}},
     "c.yaml: sites.codeforces.replya: unknown key; allowed in sites.codeforces: limit, replay, since"),
    ({"site": {"aoj": {}}}, "c.yaml: site: unknown key; allowed at the top: net, out, sites"),
    ({"sites": {"aoj": {"replay": "no/such/dir"}}},
     "c.yaml: sites.aoj.replay: no such folder 'no/such/dir'; record it with `make record-fixtures` "
     "(or `sftmine scrape aoj --record DIR`), or delete the replay line to scrape aoj live"),
    ({"sites": {"aoj": {"limit": 0}}},
     "c.yaml: sites.aoj.limit: expected a whole number of problems, 1 or more (got 0); delete it for no limit"),
    ({"sites": {"aoj": {"limit": "ten"}}}, "c.yaml: sites.aoj.limit: expected an integer or null, got 'ten'"),
    ({"sites": {}}, f"c.yaml: sites: name at least one judge, e.g. 'codeforces: {{}}'; choose from {ALL}"),
    ({"out": "x"}, "c.yaml: sites: name at least one judge"),
    ({"sites": ["aoj"]}, "c.yaml: sites: expected a mapping of keys to values, got list"),
    ({"sites": {"aoj": "live"}}, "c.yaml: sites.aoj: expected a mapping of keys to values, got str"),
    ({"sites": {"aoj": {}}, "net": {"delay": 1}}, "c.yaml: net.delay: unknown key; allowed in net: backoff, "),
    ({"sites": {"aoj": {}}, "net": {"mode": "replay"}}, "c.yaml: net.mode: unknown key"),
    ({"sites": {"aoj": {}}, "net": {"delays": {"x": -1}}},
     "c.yaml: net: request delays must be zero or more seconds"),
    ({"sites": {"aoj": {}}, "net": {"delays": 5}}, "c.yaml: net.delays: expected a mapping of keys to numbers, got int"),
    ("sites", "c.yaml: the top level: expected a mapping of keys to values, got str"),
])
def test_mistakes_are_one_line_naming_the_key_and_the_fix(data, message):
    with pytest.raises(ConfigError) as err:
        CompetitiveConfig.from_dict(data, source="c.yaml")
    assert str(err.value).startswith(message) and "\n" not in str(err.value)


@pytest.mark.parametrize("text, message", [
    (None, "cannot read the config (No such file or directory); pass a file like pipelines/competitive.yaml"),
    ("sites: {aoj: [}", "not valid YAML"),
    ("", "sites: name at least one judge"),
])
def test_unreadable_files(tmp_path, text, message):
    path = tmp_path / "competitive.yaml"
    if text is not None:
        path.write_text(text)
    with pytest.raises(ConfigError) as err:
        CompetitiveConfig.load(path)
    assert str(err.value).startswith(f"{path}: {message}") and "\n" not in str(err.value)
