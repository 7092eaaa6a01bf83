"""The `sftmine` command line: thin click commands over the library.

Each module in this package adds its commands through `register(main)`; the group finds them itself,
so a stage's commands live beside each other and nowhere else.
"""

from __future__ import annotations

import functools
import importlib
import json
import pkgutil
from collections.abc import Callable
from typing import Any

import click

from sftmine import __version__
from sftmine.cli.signals import Terminated, clean_exit_on_signals
from sftmine.errors import SftmineError


class Group(click.Group):
    """Turns every sftmine error into a one-line message and exit code 1; SIGTERM into 143, Ctrl-C into 130."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with clean_exit_on_signals():
                return super().invoke(ctx)
        except SftmineError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)
        except Terminated:
            click.echo("terminated; finished shards are kept, rerun to resume", err=True)
            ctx.exit(143)
        except KeyboardInterrupt:
            click.echo("interrupted; finished shards are kept, rerun to resume", err=True)
            ctx.exit(130)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sftmine")
def main() -> None:
    """Mine supervised fine-tuning data for code models: problems with tests, kept when a model solves them."""


def sandbox_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--backend/--workers/--unsafe-no-sandbox, passed on as `pool_args`."""

    @click.option("--backend", default="auto", show_default=True,
                  help="Sandbox: auto (gVisor on a fast platform, else bubblewrap), gvisor, bwrap, "
                       "or process (unsafe).")
    @click.option("--workers", type=int, default=None, help="Warm sandbox workers [default: twice the CPU count].")
    @click.option("--unsafe-no-sandbox", is_flag=True, help="Allow --backend process (no isolation at all).")
    @functools.wraps(fn)
    def wrapper(*args: Any, backend: str, workers: int | None, unsafe_no_sandbox: bool, **kw: Any) -> Any:
        if unsafe_no_sandbox and backend == "auto":
            backend = "process"
        return fn(*args, pool_args={"backend": backend, "size": workers, "unsafe": unsafe_no_sandbox}, **kw)

    return wrapper


def executor_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--executor and the Ray settings, passed on as `executor_overrides` (they win over a config's)."""

    @click.option("--executor", type=click.Choice(["local", "ray"]),
                  help="Where the shards run: local (this machine, the default) or ray (a Ray cluster).")
    @click.option("--ray-address", help="ray: the cluster to join, e.g. auto or ray://head:10001 "
                                        "[default: start a local Ray instance].")
    @click.option("--ray-workers", type=int, help="ray: workers (actors) [default: cluster CPUs / CPUs per worker].")
    @click.option("--cpus-per-worker", type=float, help="ray: CPUs each worker declares [default: 1].")
    @click.option("--gpus-per-worker", type=float,
                  help="ray: GPUs each worker declares [default: 1 for vllm/transformers, else 0].")
    @click.option("--memory-mb", type=int, help="ray: memory each worker declares.")
    @click.option("--shard-size", type=int, help="ray: items per shard [judge 16 tasks, sample 4, trace 1 source].")
    @click.option("--shard-dir", help="ray: where shard outputs go, a shared path or fsspec URL [default: OUT/shards].")
    @functools.wraps(fn)
    def wrapper(*args: Any, executor: str | None, ray_address: str | None, ray_workers: int | None,
                cpus_per_worker: float | None, gpus_per_worker: float | None, memory_mb: int | None,
                shard_size: int | None, shard_dir: str | None, **kw: Any) -> Any:
        overrides = {"name": executor, "address": ray_address, "workers": ray_workers,
                     "cpus_per_worker": cpus_per_worker, "gpus_per_worker": gpus_per_worker,
                     "memory_mb": memory_mb, "shard_size": shard_size, "shard_dir": shard_dir}
        return fn(*args, executor_overrides=overrides, **kw)

    return wrapper


def make_pool(pool_args: dict[str, Any]):
    from sftmine.sandbox.pool import Pool

    return Pool(pool_args["backend"], pool_args["size"], unsafe=pool_args["unsafe"])


def print_json(obj: Any) -> None:
    click.echo(json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False))


def _register_all() -> None:
    # core first: it owns the shared groups (`import`, `bench`) that other modules add to.
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: (i.name != "core", i.name)):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(main)


_register_all()
