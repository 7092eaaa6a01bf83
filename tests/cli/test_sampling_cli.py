"""sample, judge, filter and bench sample through the command line, on the real embedded model."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from sftmine.cli import main
from tests.sampling.support import EASY_TASKS, UNSOLVABLE

SMALL = ["--max-tokens", "48", "--backend", "bwrap", "--workers", "2"]
# A task's 3 samples are one group, and the groups are decoded one after another, so a kill lands between
# groups: decoded all together, every task's samples end within a fraction of a second of each other.
GROUP_BY_GROUP = ["-o", "batch=3"]


def invoke(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result


def ok(*args):
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_sample_then_judge_then_sample_again_generates_nothing(tmp_path):
    out = tmp_path / "run"
    first = ok("sample", EASY_TASKS, "--n", 2, "--limit", 3, "--max-tokens", 48, "--out", out, "--json")
    assert (first["tasks"], first["samples"], first["generated"], first["cached"]) == (3, 6, 6, 0)
    assert len((out / "samples.jsonl").read_text().splitlines()) == 6
    stats = ok("judge", out, "--repeat", 1, "--backend", "bwrap", "--json")
    assert stats["tasks"] == 3 and stats["samples"] == 6 and stats["repeat"] == 1 and stats["sandbox"] == "bwrap"
    again = ok("sample", EASY_TASKS, "--n", 3, "--limit", 3, "--max-tokens", 48, "--out", out, "--json")
    assert (again["generated"], again["cached"]) == (3, 6)


def test_filter_writes_kept_dropped_and_stats_with_config_and_overrides(tmp_path):
    config = tmp_path / "filter.yaml"
    config.write_text("n: 50\nmax_tokens: 48\nrepeat: 1\npolicy: logprob\n")
    out = tmp_path / "run"
    stats = ok("filter", EASY_TASKS, "--config", config, "--n", 2, "--out", out, *SMALL, "--json")
    assert stats["tasks"] == 5 and stats["samples"] == 10 and stats["policy"] == "logprob"
    kept = [json.loads(line) for line in (out / "kept.jsonl").read_text().splitlines()]
    dropped = [json.loads(line) for line in (out / "dropped.jsonl").read_text().splitlines()]
    assert len(kept) == stats["kept"] >= 1 and all(len(k["passing"]) == 1 for k in kept)
    assert {d["task"]["task_id"]: d["drop_reason"] for d in dropped}[UNSOLVABLE] == "unsolved"
    assert json.loads((out / "stats.json").read_text()) == stats


def run_filter_process(out):
    code = "import sys; from sftmine.cli import main; sys.exit(main())"
    args = ["filter", str(EASY_TASKS), "--n", "3", "--out", str(out), "--repeat", "1", *SMALL, *GROUP_BY_GROUP, "--json"]
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def cached_samples(out) -> int:
    db = out / "cache" / "samples.sqlite"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT COUNT(*) FROM samples").fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # the table is not there yet


def verdicts(out):
    """The verdicts without their timings."""
    rows = [json.loads(line) for line in (out / "verdicts.jsonl").read_text().splitlines()]
    return [{k: v for k, v in row.items() if k != "duration_s"} for row in rows]


@pytest.mark.slow
def test_filter_killed_midway_then_rerun_equals_an_uninterrupted_run(tmp_path):
    whole, killed = tmp_path / "whole", tmp_path / "killed"
    proc = run_filter_process(killed)
    deadline = time.monotonic() + 300
    while cached_samples(killed) < 4 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = cached_samples(killed)
    assert 4 <= before < 15, "the run was not stopped midway"
    assert not (killed / "kept.jsonl").exists() and not (killed / "samples.jsonl").exists()

    resumed = ok("filter", EASY_TASKS, "--n", 3, "--out", killed, "--repeat", 1, *SMALL, *GROUP_BY_GROUP, "--json")
    info = json.loads((killed / "sampling.json").read_text())
    assert (info["cached"], info["generated"]) == (before, 15 - before)  # nothing cached was regenerated
    reference = ok("filter", EASY_TASKS, "--n", 3, "--out", whole, "--repeat", 1, *SMALL, *GROUP_BY_GROUP, "--json")
    for name in ("samples.jsonl", "kept.jsonl", "dropped.jsonl"):
        assert (killed / name).read_text() == (whole / name).read_text(), name
    assert verdicts(killed) == verdicts(whole)
    counters = ("executions", "verdict_cache_hits", "seconds")  # seconds: the runner's wall time
    assert {k: v for k, v in resumed.items() if k not in counters} == \
        {k: v for k, v in reference.items() if k not in counters}


def test_user_mistakes_are_one_line_errors(tmp_path):
    result = invoke("judge", tmp_path, "--backend", "bwrap")
    assert result.exit_code == 1 and "tasks.jsonl: missing; run `sftmine sample TASKS --out" in result.output
    result = invoke("sample", EASY_TASKS, "--out", tmp_path, "--model-backend", "gpt")
    assert result.exit_code == 1 and "error: unknown model backend 'gpt'" in result.output
    result = invoke("sample", EASY_TASKS, "--out", tmp_path, "-o", "threads")
    assert result.exit_code == 2 and "'threads' is not KEY=VALUE" in result.output
    result = invoke("sample", EASY_TASKS, "--out", tmp_path, "-o", "thread=1", "--n", 1)
    assert result.exit_code == 1 and "model backend llama-cpp: thread: unknown option; allowed: model, n_ctx, threads, batch" \
        in result.output
    result = invoke("sample", EASY_TASKS, "--out", tmp_path, "-o", "threads=lots", "--n", 1)
    assert result.exit_code == 1 and "threads: expected an integer or null, got 'lots'" in result.output
    result = invoke("filter", EASY_TASKS, "--out", tmp_path, "--model", tmp_path / "none.gguf")
    assert result.exit_code == 1 and "no such GGUF file" in result.output


def test_bench_sample_reports_the_three_sides_and_their_ratios():
    result = ok("bench", "sample", "--tasks", 1, "--n", 3, "--batch", 2, "--max-tokens", 12, "--json")
    assert (result["samples"], result["batch"], result["n"]) == (3, 2, 3)
    assert all(result[f"{side}_tok_per_s"] > 0 for side in ("sftmine", "high_level", "anchor"))
    assert result["sftmine_samples_per_s"] > 0
    assert result["vs_high_level"] == pytest.approx(result["sftmine_tok_per_s"] / result["high_level_tok_per_s"],
                                                    rel=0.01)
    assert result["vs_batched_anchor"] == pytest.approx(result["sftmine_tok_per_s"] / result["anchor_tok_per_s"],
                                                        rel=0.01)
    # the anchor decodes the same samples (same prompt evaluation, sampler chains, seeds and stops)
    assert result["anchor_tokens"] == result["sftmine_tokens"]


def test_the_filter_defaults_are_those_of_pipelines_filter_yaml():
    import dataclasses
    import re
    from pathlib import Path

    import yaml

    from sftmine.cli.sampling import filter_cmd
    from sftmine.sampling.config import RunConfig

    shipped = yaml.safe_load((Path(__file__).resolve().parents[2] / "pipelines" / "filter.yaml").read_text())
    defaults, from_file = RunConfig.load(None), RunConfig.load(Path("pipelines/filter.yaml"))
    assert dataclasses.asdict(defaults) == dataclasses.asdict(from_file)
    assert set(shipped) == {f.name for f in dataclasses.fields(RunConfig)}
    helps = {p.name: p.help or "" for p in filter_cmd.params}
    for key in ("mode", "n", "temperature", "top_p", "max_tokens", "seed", "repeat", "policy"):
        stated = re.search(r"\[default: ([^\]]+)\]", helps[key])
        assert stated and stated.group(1) == str(shipped[key]), (key, helps[key])
