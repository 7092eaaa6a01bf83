"""Trace, judge and sample on a local Ray instance (num_cpus=2): the same bytes as the local executor."""

from __future__ import annotations

import json
import shutil

import pytest

from sftmine.executors import ExecutorConfig
from sftmine.filter.run import VERDICT_CACHE, judge_run
from sftmine.records import Task
from sftmine.sampling.config import RunConfig
from sftmine.sampling.run import sample_dir
from sftmine.store import Cache, read_records
from tests.executors.support import judge_run_dir
from tests.sampling.support import easy_tasks

ray = pytest.importorskip("ray")
POOL = {"backend": "bwrap", "size": 2, "unsafe": False}
OUTPUTS = ("kept.jsonl", "dropped.jsonl", "verdicts.jsonl")


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, configure_logging=False)
    yield
    ray.shutdown()


def ray_config(**kw) -> ExecutorConfig:
    return ExecutorConfig(name="ray", **kw)


def without_fetch_time(out) -> list[bytes]:
    """tasks.jsonl, sorted, with the one field that differs between any two runs (when it was fetched) blanked."""
    tasks = [t.to_dict() for t in read_records(out / "tasks.jsonl", Task)]
    for t in tasks:
        assert t["source"]["fetched_at"]
        t["source"]["fetched_at"] = None
    return sorted(json.dumps(t, sort_keys=True).encode() for t in tasks)


def sorted_lines(path):
    return sorted(path.read_bytes().splitlines())


def test_judge_on_ray_equals_local_byte_for_byte_and_a_rerun_executes_nothing(tmp_path):
    local, remote = judge_run_dir(tmp_path / "local"), tmp_path / "ray"
    shutil.copytree(local, remote)
    ours = judge_run(local, POOL, repeat=2, policy="all", progress=False)
    theirs = judge_run(remote, POOL, 2, "all", ray_config(workers=2, shard_size=3), progress=False)
    for name in OUTPUTS:
        assert (remote / name).read_bytes() == (local / name).read_bytes(), name
        assert sorted_lines(remote / name) == sorted_lines(local / name)
    assert ours["dropped"] == theirs["dropped"] == {"unsolved": 2}
    assert theirs["kept"] == ours["kept"] == 10 and (theirs["shards"], theirs["executor"]) == (4, "ray")
    again = judge_run(remote, POOL, 2, "all", ray_config(workers=2, shard_size=3), progress=False)
    assert again["executions"] == 0 and again["verdict_cache_hits"] == theirs["executions"] > 0
    assert (remote / "kept.jsonl").read_bytes() == (local / "kept.jsonl").read_bytes()


def test_a_local_judge_after_a_ray_one_executes_nothing_the_cache_holding_rays_verdicts(tmp_path):
    run = judge_run_dir(tmp_path / "run", tasks=4, per_task=2)
    remote = judge_run(run, POOL, 1, "all", ray_config(workers=2, shard_size=2), progress=False)
    outputs = {name: (run / name).read_bytes() for name in OUTPUTS}
    cached = dict(Cache(run / VERDICT_CACHE, table="verdicts").items())
    assert remote["shards"] == 2 and remote["executions"] == len(cached) > 0
    judged = {json.loads(line)["sample_key"] for line in outputs["verdicts.jsonl"].splitlines()}
    assert judged <= {v["sample_key"] for v in cached.values()}
    local = judge_run(run, POOL, 1, "all", progress=False)
    assert (local["executions"], local["verdict_cache_hits"]) == (0, len(cached))
    assert {name: (run / name).read_bytes() for name in OUTPUTS} == outputs


def test_a_ray_judge_after_a_local_one_executes_nothing_on_the_workers(tmp_path):
    run = judge_run_dir(tmp_path / "run", tasks=4, per_task=2)
    local = judge_run(run, POOL, 1, "all", progress=False)
    outputs = {name: (run / name).read_bytes() for name in OUTPUTS}
    remote = judge_run(run, POOL, 1, "all", ray_config(workers=2, shard_size=2), progress=False)
    assert remote["shards"] == 2 and remote["executions"] == 0
    assert remote["verdict_cache_hits"] == local["executions"] > 0
    assert {name: (run / name).read_bytes() for name in OUTPUTS} == outputs


@pytest.mark.slow
def test_sample_on_ray_equals_local_and_reuses_the_cache(tmp_path):
    tasks = easy_tasks()[:3]
    config = RunConfig(n=2, max_tokens=32, options={"threads": 1, "n_ctx": 1024})
    local = sample_dir(tasks, config, tmp_path / "local", progress=False)
    remote = sample_dir(tasks, config, tmp_path / "ray", progress=False,
                        executor=ray_config(workers=2, shard_size=2))
    assert (tmp_path / "ray" / "samples.jsonl").read_bytes() == (tmp_path / "local" / "samples.jsonl").read_bytes()
    assert (local["generated"], remote["generated"], remote["shards"]) == (6, 6, 2)
    more = RunConfig(n=3, max_tokens=32, options={"threads": 1, "n_ctx": 1024})
    grown = sample_dir(tasks, more, tmp_path / "ray", progress=False, executor=ray_config(workers=2, shard_size=2))
    assert (grown["generated"], grown["cached"], grown["samples"]) == (3, 6, 9)
    sample_dir(tasks, more, tmp_path / "local", progress=False)
    assert (tmp_path / "ray" / "samples.jsonl").read_bytes() == (tmp_path / "local" / "samples.jsonl").read_bytes()


@pytest.mark.slow
def test_trace_on_ray_equals_local(tmp_path):
    from sftmine.ci.pipeline import trace_sources
    from sftmine.ci.project import TraceOptions
    from tests.ci.conftest import make_repo

    specs = [str(make_repo(tmp_path / name, name)) for name in ("plain_project", "travis_project")]
    out = tmp_path / "out"
    local = trace_sources(specs, out, TraceOptions(budget_s=240), backend="bwrap")
    out.rename(tmp_path / "out-local")  # tasks name their virtualenv: trace again into the same path
    remote = trace_sources(specs, out, TraceOptions(budget_s=240), backend="bwrap",
                           executor=ray_config(workers=2))
    assert local["tasks"] == remote["tasks"] >= 5
    assert without_fetch_time(out) == without_fetch_time(tmp_path / "out-local")
    assert [t.task_id for t in read_records(out / "tasks.jsonl", Task)]
    assert json.loads((out / "funnel.json").read_text())["finished"] == 2


def test_generated_tests_on_ray_equal_local_and_share_the_cache(tmp_path):
    from sftmine.importers.humaneval import import_humaneval
    from sftmine.store import write_jsonl
    from sftmine.testgen.generate import Settings
    from sftmine.testgen.run import generate_file

    write_jsonl(tmp_path / "in.jsonl", import_humaneval()[:5])
    settings = Settings(per_task=5, candidates=20)
    local = generate_file(tmp_path / "in.jsonl", tmp_path / "local.jsonl", settings, POOL)
    remote = generate_file(tmp_path / "in.jsonl", tmp_path / "ray.jsonl", settings, POOL,
                           executor=ray_config(workers=2, shard_size=2))
    assert (tmp_path / "ray.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    assert local["labelled_now"] == remote["labelled_now"] == 5 and local["cases_by_origin"]["generated"] > 0
    stats = json.loads((tmp_path / "ray.stats.json").read_text())
    assert (stats["executor"], stats["shards"]) == ("ray", 3)
    again = generate_file(tmp_path / "in.jsonl", tmp_path / "local.jsonl", settings, POOL,
                          cache_path=tmp_path / "ray.jsonl.cache.sqlite")
    assert again["labelled_now"] == 0 and again["from_cache"] == 5  # what Ray labelled, a local cache reuses
