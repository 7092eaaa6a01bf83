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
from sftmine.cli.signals import (
    EXIT_FAILED,
    EXIT_LOCKED,
    EXIT_SIGINT,
    EXIT_SIGTERM,
    EXIT_USAGE,
    Terminated,
    clean_exit_on_signals,
    interrupt_message,
)
from sftmine.errors import SftmineError, StageLockedError

# Impossible values (a negative timeout, zero workers) are usage errors, exit 2, before any work starts.
POSITIVE_INT = click.IntRange(min=1)
NON_NEGATIVE_INT = click.IntRange(min=0)
POSITIVE_FLOAT = click.FloatRange(min=0, min_open=True)
NON_NEGATIVE_FLOAT = click.FloatRange(min=0)


class Group(click.Group):
    """The exit-code convention of `sftmine.cli.signals`, in one place for every command.

    A usage error is one line and exit 2, an sftmine error one line and exit 1, a held lock 75, Ctrl-C
    130 and SIGTERM 143, each interrupt with a line saying what the stopped command left behind.
    """

    def invoke(self, ctx: click.Context) -> Any:
        with clean_exit_on_signals():
            try:
                return super().invoke(ctx)
            except click.UsageError as exc:  # click's three-line block, as one line naming the help to read
                where = exc.ctx.command_path if exc.ctx else ctx.command_path
                click.echo(f"error: {exc.format_message()} (see '{where} --help')", err=True)
                ctx.exit(EXIT_USAGE)
            except StageLockedError as exc:
                click.echo(f"error: {exc}", err=True)
                ctx.exit(EXIT_LOCKED)
            except SftmineError as exc:
                click.echo(f"error: {exc}", err=True)
                ctx.exit(EXIT_FAILED)
            except Terminated:  # before KeyboardInterrupt, which it derives from
                click.echo(interrupt_message(_path(ctx), "terminated"), err=True)
                ctx.exit(EXIT_SIGTERM)
            except KeyboardInterrupt:
                click.echo(interrupt_message(_path(ctx), "interrupted"), err=True)
                ctx.exit(EXIT_SIGINT)


def _path(ctx: click.Context) -> str:
    # Not ctx.command_path: under `python -m` that is the interpreter's words, not the command's.
    return f"sftmine {ctx.invoked_subcommand or ''}".strip()


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sftmine")
def main() -> None:
    """Mine supervised fine-tuning data for code models: problems with tests, kept when a model solves them."""


def sandbox_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--backend/--workers/--unsafe-no-sandbox, passed on as `pool_args`."""

    @click.option("--backend", default="auto", show_default=True,
                  help="Sandbox: auto (gVisor on a fast platform, else bubblewrap), gvisor, bwrap, "
                       "or process (unsafe).")
    @click.option("--workers", type=POSITIVE_INT, default=None, help="Warm sandbox workers [default: twice the CPU count].")
    @click.option("--unsafe-no-sandbox", is_flag=True, help="Allow --backend process (no isolation at all).")
    @functools.wraps(fn)
    def wrapper(*args: Any, backend: str, workers: int | None, unsafe_no_sandbox: bool, **kw: Any) -> Any:
        from sftmine.sandbox.base import check_backend

        if unsafe_no_sandbox and backend == "auto":
            backend = "process"
        check_backend(backend, unsafe=unsafe_no_sandbox)
        return fn(*args, pool_args={"backend": backend, "size": workers, "unsafe": unsafe_no_sandbox}, **kw)

    return wrapper


def executor_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--executor and the Ray settings, passed on as `executor_overrides` (they win over a config's)."""

    @click.option("--executor", type=click.Choice(["local", "ray"]),
                  help="Where the shards run: local (this machine, the default) or ray (a Ray cluster).")
    @click.option("--ray-address", help="ray: the cluster to join, e.g. auto or ray://head:10001 "
                                        "[default: start a local Ray instance].")
    @click.option("--ray-workers", type=POSITIVE_INT, help="ray: workers (actors) [default: cluster CPUs / CPUs per worker].")
    @click.option("--cpus-per-worker", type=POSITIVE_FLOAT, help="ray: CPUs each worker declares [default: 1].")
    @click.option("--gpus-per-worker", type=NON_NEGATIVE_FLOAT,
                  help="ray: GPUs each worker declares [default: 1 for vllm/transformers, else 0].")
    @click.option("--memory-mb", type=POSITIVE_INT, help="ray: memory each worker declares.")
    @click.option("--shard-size", type=POSITIVE_INT, help="Items per shard, on either executor [judge 16 tasks, sample 16, "
                  "trace 1 source].")
    @functools.wraps(fn)
    def wrapper(*args: Any, executor: str | None, ray_address: str | None, ray_workers: int | None,
                cpus_per_worker: float | None, gpus_per_worker: float | None, memory_mb: int | None,
                shard_size: int | None, **kw: Any) -> Any:
        overrides = {"name": executor, "address": ray_address, "workers": ray_workers,
                     "cpus_per_worker": cpus_per_worker, "gpus_per_worker": gpus_per_worker,
                     "memory_mb": memory_mb, "shard_size": shard_size}
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


# Options that name where a command writes: none may point into a snapshot (they are read-only).
OUTPUT_PARAMS = frozenset({"out", "report", "work", "cache", "record"})


def _guard_outputs(group: click.Group) -> None:
    """Check every output option of every command once, here, rather than in each command."""
    for command in group.commands.values():
        if isinstance(command, click.Group):
            _guard_outputs(command)
            continue
        for param in command.params:
            if param.name in OUTPUT_PARAMS:
                param.callback = _not_in_snapshot(param.callback)


def _not_in_snapshot(callback: Callable[..., Any] | None) -> Callable[..., Any]:
    def check(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        from sftmine.errors import ConfigError
        from sftmine.snapshot.guard import refuse_inside_snapshot

        value = callback(ctx, param, value) if callback else value
        if value is not None:
            try:
                refuse_inside_snapshot(value, "")
            except ConfigError as exc:
                raise click.BadParameter(str(exc).strip(), ctx, param) from None
        return value

    return check


_register_all()
_guard_outputs(main)
