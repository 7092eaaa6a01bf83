"""One virtualenv per project: created here, the recorder put in, then installs in the sandbox.

The virtualenv is created on the host by `virtualenv` (it runs only the chosen interpreter and seeds pip
from its own wheels); every `pip install` runs in the sandbox with network to the package index and the
user's pip configuration. The project itself is installed editable, so its code runs from the checkout
where the recorder looks for it.
"""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sftmine.ci.box import Box, Session, tail
from sftmine.ci.config.plan import Plan
from sftmine.ci.record.recorder import install_tracer
from sftmine.errors import EnvError, IndexUnreachable
from sftmine.records import Status

PIP_FLAGS = ["--no-input", "--progress-bar", "off", "--disable-pip-version-check"]


# What pip prints when it cannot reach the index (urllib3's retries, DNS, refused or reset connections).
NETWORK_SIGNS = ("NewConnectionError", "Connection refused", "Max retries exceeded", "Temporary failure in name "
                 "resolution", "Name or service not known", "ConnectTimeoutError", "ReadTimeoutError",
                 "Network is unreachable", "ConnectionResetError", "Connection reset by peer",
                 "503 Service Unavailable", "502 Bad Gateway", "504 Gateway")


@dataclass
class Env:
    venv: Path
    python: str
    site_packages: list[str]
    steps: list[dict[str, Any]] = field(default_factory=list)


def create_venv(venv: Path, python: str) -> Env:
    try:
        session = _virtualenv(venv, python, [])
    except EnvError:
        # virtualenv's own pip wheels stop at some old Python; that Python's bundled ensurepip still works.
        session = _virtualenv(venv, python, ["--no-seed"])
        subprocess.run([str(session.creator.exe), "-m", "ensurepip", "--default-pip"], check=False,
                       capture_output=True, timeout=300)
    site = Path(session.creator.purelib)
    install_tracer(site)
    return Env(venv, str(session.creator.exe), sorted({str(site), str(session.creator.platlib)}))


def _virtualenv(venv: Path, python: str, extra: list[str]):
    import virtualenv

    try:
        return virtualenv.cli_run([str(venv), "-p", python, "--no-periodic-update", "-q", *extra],
                                  setup_logging=False)
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - virtualenv raises many kinds
        raise EnvError(f"virtualenv for {python} failed: {exc}") from None


def build_env(plan: Plan, checkout: Path, venv: Path, box: Box, deadline: float) -> Env:
    env = create_venv(venv, plan.python)
    if not plan.install_project:
        # Not installable: its tests import it from the checkout, and so must the tasks judged here.
        # Written before the sandbox gets the folder, so no link planted there can redirect it.
        (Path(env.site_packages[0]) / "_sftmine_checkout.pth").write_text(f"{checkout / plan.cwd}\n")
    with box.session(network=True, writable=[checkout, venv], pythons=[env.python]) as session:
        for args in plan.pip:
            _pip(session, env, checkout, args, "dependencies", deadline)
        if plan.install_project:
            target = "." + (f"[{','.join(plan.extras)}]" if plan.extras else "")
            step = _pip(session, env, checkout, ["-e", target], "project", deadline)
            if step["status"] != Status.PASSED.value and plan.project_required:
                _raise_if_offline(env)
                raise EnvError(f"installing the project failed ({step['detail']}): {step['stderr']}")
    _raise_if_offline(env)  # a dependency the index did not serve would fail the tests for no fault of theirs
    return env


def _pip(session: Session, env: Env, checkout: Path, args: list[str], what: str, deadline: float) -> dict[str, Any]:
    left = deadline - time.monotonic()
    if left <= 5:
        raise EnvError("time budget spent before the install finished")
    outcome = session.run([env.python, "-m", "pip", "install", *PIP_FLAGS, *args], cwd=checkout, wall_s=left)
    step = {"what": what, "args": args, "status": outcome.status.value, "detail": outcome.detail,
            "duration_s": round(outcome.duration_s, 2), "stderr": tail(outcome.stderr, 5)}
    step["index_unreachable"] = outcome.status is not Status.PASSED and any(
        sign in outcome.stderr for sign in NETWORK_SIGNS)
    env.steps.append(step)
    return step


def _raise_if_offline(env: Env) -> None:
    for step in env.steps:
        if step.get("index_unreachable"):
            raise IndexUnreachable(f"the package index did not answer while installing {step['what']}: "
                                   f"{step['stderr']}")
