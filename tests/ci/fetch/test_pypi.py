"""Unpacking sdists: the top folder is the checkout, and no member may land outside the target."""

from __future__ import annotations

import io
import tarfile
import zipfile

import pytest

from sftmine.ci.fetch.pypi import pkg_info, unpack
from sftmine.errors import InputFileError

PKG_INFO = "Metadata-Version: 2.1\nName: demo\nVersion: 1.2.3\nLicense: MIT\n\nLicense: not a header\n"


def make_tar(path, members):
    with tarfile.open(path, "w:gz") as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data.encode()))
    return path


def test_a_tarball_unpacks_to_its_top_folder(tmp_path):
    archive = make_tar(tmp_path / "demo-1.2.3.tar.gz", {"demo-1.2.3/PKG-INFO": PKG_INFO, "demo-1.2.3/demo.py": "x = 1\n"})
    checkout = unpack(archive, tmp_path / "out")
    assert checkout.name == "demo-1.2.3" and (checkout / "demo.py").read_text() == "x = 1\n"
    assert pkg_info(checkout) == {"Metadata-Version": "2.1", "Name": "demo", "Version": "1.2.3", "License": "MIT"}


def test_a_zip_unpacks_too(tmp_path):
    with zipfile.ZipFile(tmp_path / "demo-1.0.zip", "w") as zf:
        zf.writestr("demo-1.0/demo.py", "y = 2\n")
    assert (unpack(tmp_path / "demo-1.0.zip", tmp_path / "out") / "demo.py").is_file()


@pytest.mark.parametrize("name", ["../escape.py", "demo/../../escape.py"])
def test_members_outside_the_target_are_refused(tmp_path, name):
    archive = make_tar(tmp_path / "evil.tar.gz", {name: "boom\n"})
    with pytest.raises(InputFileError, match="evil.tar.gz"):
        unpack(archive, tmp_path / "out")
    assert not (tmp_path / "escape.py").exists()


def test_an_absolute_member_lands_inside(tmp_path):
    archive = make_tar(tmp_path / "abs.tar.gz", {"/abs/inside.py": "ok\n"})
    assert (unpack(archive, tmp_path / "out") / "inside.py").read_text() == "ok\n"


def test_zip_members_outside_the_target_are_refused(tmp_path):
    with zipfile.ZipFile(tmp_path / "evil.zip", "w") as zf:
        zf.writestr("../escape.py", "boom\n")
    with pytest.raises(InputFileError, match="outside the target"):
        unpack(tmp_path / "evil.zip", tmp_path / "out")


def test_no_pkg_info_is_an_empty_dict(tmp_path):
    assert pkg_info(tmp_path) == {}
