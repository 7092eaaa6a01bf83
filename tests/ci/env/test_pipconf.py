"""The user's pip configuration carried into the sandbox: variables, one config file, local paths."""

from __future__ import annotations

import configparser

from sftmine.ci.env.pipconf import local_paths, pip_setup, write_config
from sftmine.sandbox import Mount


def test_local_paths_bind_existing_folders_and_the_root_of_a_file_index(tmp_path):
    (tmp_path / "wheels").mkdir()
    (tmp_path / "index" / "simple").mkdir(parents=True)
    mounts = local_paths([f"{tmp_path}/wheels https://pypi.org/simple", f"file://{tmp_path}/index/simple",
                          f"{tmp_path}/missing", "relative/path"])
    assert mounts == [Mount(f"{tmp_path}/wheels", f"{tmp_path}/wheels"), Mount(f"{tmp_path}/index", f"{tmp_path}/index")]


def test_write_config_keeps_sections_and_values(tmp_path):
    path = tmp_path / "pip.conf"
    write_config(path, {"global.find-links": "/opt/wheels", "install.no-cache-dir": "1"})
    parser = configparser.ConfigParser()
    parser.read(path)
    assert parser["global"]["find-links"] == "/opt/wheels" and parser["install"]["no-cache-dir"] == "1"


def test_pip_variables_pass_through_and_name_their_paths(tmp_path, monkeypatch):
    (tmp_path / "links").mkdir()
    monkeypatch.setenv("PIP_FIND_LINKS", str(tmp_path / "links"))
    monkeypatch.setenv("PIP_DEFAULT_TIMEOUT", "5")
    setup = pip_setup(tmp_path / "work")
    assert setup.env["PIP_FIND_LINKS"] == str(tmp_path / "links") and setup.env["PIP_DEFAULT_TIMEOUT"] == "5"
    assert Mount(str(tmp_path / "links"), str(tmp_path / "links")) in setup.mounts
    if "PIP_CONFIG_FILE" in setup.env:  # this machine has pip config files: they are merged into one
        assert Mount(setup.env["PIP_CONFIG_FILE"], setup.env["PIP_CONFIG_FILE"]) in setup.mounts
