"""`sftmine bench trace`: what recording costs, against MonkeyType on the same test suite in the same run.

One project's environment is built once (with MonkeyType added to it); then its test commands run,
interleaved round by round, untraced, under sftmine's recorder and under `monkeytype run`, all in the
same sandbox session. Each variant's median wall time (as the sandbox measured it) is divided by the
untraced one's.
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import time
from pathlib import Path
from typing import Any

from sftmine.ci.box import SYSTEM_PATH, Box
from sftmine.ci.config.commands import plugin_options
from sftmine.ci.config.plan import Plan
from sftmine.ci.config.read import make_plan
from sftmine.ci.env.pipconf import pip_setup
from sftmine.ci.env.venv import Env, build_env
from sftmine.ci.fetch.sources import Source
from sftmine.ci.funnel import CIFunnel
from sftmine.ci.project import TraceOptions, fetch
from sftmine.ci.record.recorder import trace_env
from sftmine.ci.record.traces import read_traces
from sftmine.errors import SftmineError
from sftmine.records import Status
from sftmine.sandbox.base import get_backend

VARIANTS = ("untraced", "sftmine", "monkeytype")


def bench_trace(spec: str, work: Path, rounds: int = 3, backend: str = "auto", unsafe: bool = False) -> dict[str, Any]:
    shutil.rmtree(work, ignore_errors=True)
    box = Box(get_backend(backend, unsafe=unsafe), pip_setup(work / "pip"))
    fetched = fetch(Source.parse(spec), work, box)
    plan = make_plan(fetched.checkout, box, work / "tox")
    plan.pip.append(["monkeytype"])
    env = build_env(plan, fetched.checkout, work / "venv", box, time.monotonic() + 1200)
    times: dict[str, list[float]] = {v: [] for v in VARIANTS}
    for r in range(rounds):
        (work / "traces" / str(r)).mkdir(parents=True)  # before the session hands the folder to the sandbox
    with box.session(network=False, writable=[fetched.checkout, work / "traces"], readonly=[env.venv],
                     pythons=[env.python]) as session:
        for r in range(rounds):
            for variant in VARIANTS:
                argvs, variables = _variant(variant, plan, env, fetched.checkout, work / "traces" / f"{r}")
                start = time.perf_counter()
                for argv in argvs:
                    outcome = session.run(argv, cwd=fetched.checkout / plan.cwd, wall_s=900, env=variables)
                    if outcome.status is not Status.PASSED:
                        raise SftmineError(f"bench: the {variant} run failed ({outcome.detail}): "
                                           f"{outcome.stderr[-300:]}")
                times[variant].append(time.perf_counter() - start)
    return _figures(fetched.label, box, plan, times, work, fetched.checkout)


def _variant(variant: str, plan: Plan, env: Env, checkout: Path, traces: Path) -> tuple[list[list[str]], dict]:
    variables = {**plan.env_vars, "PATH": f"{env.venv}/bin:{SYSTEM_PATH}", "VIRTUAL_ENV": str(env.venv),
                 "PYTHONDONTWRITEBYTECODE": "1", "PYTEST_ADDOPTS": " ".join(plugin_options(env.site_packages))}
    argvs = [[env.python, *cmd[1:]] for cmd in plan.tests]
    if variant == "sftmine":
        variables.update(trace_env(traces, checkout, [env.venv, traces.parent], TraceOptions().record))
    elif variant == "monkeytype":
        (checkout / plan.cwd / "monkeytype.sqlite3").unlink(missing_ok=True)
        argvs = [[env.python, "-m", "monkeytype", "run", *cmd[1:]] for cmd in plan.tests]
    return argvs, variables


def _figures(label: str, box: Box, plan: Plan, times: dict[str, list[float]], work: Path,
             checkout: Path) -> dict[str, Any]:
    median = {v: statistics.median(t) for v, t in times.items()}
    funnel = CIFunnel()
    read_traces(work / "traces" / "0", funnel)
    return {
        "project": label, "backend": box.backend.name, "env": plan.env, "rounds": len(times["untraced"]),
        "untraced_s": round(median["untraced"], 3), "sftmine_s": round(median["sftmine"], 3),
        "monkeytype_s": round(median["monkeytype"], 3),
        "sftmine_ratio": round(median["sftmine"] / median["untraced"], 3),
        "monkeytype_ratio": round(median["monkeytype"] / median["untraced"], 3),
        "sftmine_calls_recorded": funnel["calls_recorded"].kept,
        "monkeytype_traces": _monkeytype_rows(checkout / plan.cwd / "monkeytype.sqlite3"),
    }


def _monkeytype_rows(path: Path) -> int | None:
    if not path.is_file() or path.is_symlink():
        return None
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT COUNT(*) FROM monkeytype_call_traces").fetchone()[0]
    except sqlite3.DatabaseError:
        return None
