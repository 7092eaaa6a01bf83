"""A project's sandbox sessions: its folders handed to its uid, links left pointing where they were."""

from __future__ import annotations

import os

from sftmine.ci.box import Box, hand_over
from sftmine.records import Status


def test_hand_over_changes_links_not_their_targets(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("host file")
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "sub" / "f.py").write_text("x = 1\n")
    os.symlink(outside, tree / "link")
    hand_over(tree, 123456)
    assert os.stat(tree / "sub" / "f.py").st_uid == 123456 and os.lstat(tree / "link").st_uid == 123456
    assert os.stat(outside).st_uid == 0


def test_a_session_runs_as_the_project_uid_in_its_writable_folder(tmp_path, bwrap_backend):
    box = Box(bwrap_backend)
    work = tmp_path / "work"
    with box.session(network=False, writable=[work]) as session:
        outcome = session.run(["/bin/sh", "-c", "id -u; touch made; echo $PYTHONHASHSEED"], cwd=work, wall_s=20)
    assert outcome.status is Status.PASSED, outcome.stderr
    assert outcome.stdout.split() == [str(box.uid), "0"]
    assert (work / "made").stat().st_uid == box.uid
