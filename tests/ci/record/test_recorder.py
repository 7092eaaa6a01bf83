"""The recorder package as sftmine handles it: loaded here to read traces, copied into a virtualenv."""

from __future__ import annotations

import json
import subprocess
import sys

from sftmine.ci.record.recorder import ENV, GRAMMAR, install_tracer, store_module, trace_env, tracer_dir


def test_install_copies_every_module_and_a_pth_line_keyed_on_the_variable(tmp_path):
    install_tracer(tmp_path)
    copied = sorted(p.name for p in (tmp_path / "sftmine_tracer").glob("*.py"))
    assert copied == sorted([p.name for p in tracer_dir().glob("*.py")] + [p.name for p in GRAMMAR])
    line = (tmp_path / "sftmine_tracer.pth").read_text()
    assert line.startswith("import os; ") and ENV in line and line.count("\n") == 1


def test_the_installed_copy_encodes_with_the_grammar_it_carries(tmp_path):
    install_tracer(tmp_path)
    code = ("import datetime, sys; sys.path.insert(0, sys.argv[1]); import sftmine_tracer.codec as c; "
            "print(c.encode(datetime.date(2024, 5, 6)), c.wire_encode.__file__.startswith(sys.argv[1]))")
    done = subprocess.run([sys.executable, "-I", "-c", code, str(tmp_path)], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["datetime.date(2024,", "5,", "6)", "True"]


def test_the_store_reader_is_the_recorder_s_own(tmp_path):
    store = store_module()
    assert store.__name__ == "sftmine_tracer.store" and store.trace_files(str(tmp_path)) == []


def test_trace_env_carries_the_settings(tmp_path):
    env = trace_env(tmp_path / "t", tmp_path / "c", [tmp_path / "v"], {"max_calls": 5})
    assert json.loads(env[ENV]) == {"out": str(tmp_path / "t"), "root": str(tmp_path / "c"),
                                    "exclude": [str(tmp_path / "v")], "max_calls": 5}
