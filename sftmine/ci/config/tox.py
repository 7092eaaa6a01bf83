"""tox projects: the configuration as tox itself resolves it, and the test environment chosen from it.

`tox config --format json` (tox >= 4.48) expands factors, substitutions, `{posargs}` and section
references exactly as a tox run would, so nothing here parses tox.ini. tox may import a project's
`toxfile.py` plugin while reading, so it runs in the sandbox, with no network and no provisioning.

Two passes, because tox can render an environment's commands only once it has found its interpreter,
and finding every interpreter for every environment means starting each one per environment (minutes
under gVisor): first every environment without interpreter discovery (names, base pythons), then only
the chosen one with the one interpreter it maps to here.
"""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Any

from sftmine.ci.box import Session, tail
from sftmine.ci.config.plan import Plan, choose_python, has_packaging, not_a_test_env, select_test_commands
from sftmine.ci.env import interpreters
from sftmine.errors import ConfigError
from sftmine.records import Status

INTERNAL_ENV = ("TOX_", "PIP_", "VIRTUAL_ENV", "PYTHONHASHSEED")
TRIES = 3  # environments rendered in full before giving up on tox


def uses_tox(checkout: Path) -> bool:
    if (checkout / "tox.ini").is_file() or (checkout / "tox.toml").is_file():
        return True
    for name, marker in (("setup.cfg", "[tox:tox]"), ("pyproject.toml", "[tool.tox")):
        path = checkout / name
        if path.is_file() and marker in path.read_text(encoding="utf-8", errors="replace"):
            return True
    return False


def tox_config(session: Session, checkout: Path, workdir: Path, env: str = "ALL",
               discover: tuple[str, ...] = ()) -> dict[str, Any]:
    """`workdir`: writable in the session; tox may create its work folder just to print the config, and
    the checkout is mounted read-only."""
    argv = [sys.executable, "-m", "tox", "config", "--format", "json", "-e", env, "--no-provision",
            "--root", str(checkout), "-c", str(checkout), "--workdir", str(workdir)]
    argv += ["--discover", *discover] if discover else []
    outcome = session.run(argv, cwd=checkout, wall_s=120, env={"NO_COLOR": "1"})
    text = outcome.stdout
    start = text.find("{")
    # tox exits non-zero when an environment's interpreter is missing, yet prints the whole config.
    if start < 0 or outcome.status in (Status.TIMEOUT, Status.MEMORY, Status.SANDBOX_ERROR):
        raise ConfigError(f"tox config failed ({outcome.detail}): {tail(outcome.stderr or text, 3)}")
    try:
        return json.loads(text[start:])
    except json.JSONDecodeError as exc:
        raise ConfigError(f"tox config printed no JSON ({exc.msg})") from None


def tox_plan(session: Session, checkout: Path, workdir: Path) -> Plan | None:
    """The test environment to trace: a listed one whose python is here, newest python first."""
    overview = tox_config(session, checkout, workdir)
    ranked, skipped = _ranked(overview)
    for tried, (_, name, interp, py_why) in enumerate(ranked):
        if tried == TRIES:
            skipped.update({n: "not tried: tox found no test environment among the first ones"
                            for _, n, _, _ in ranked[TRIES:]})
            break
        env = tox_config(session, checkout, workdir, name, (interp.path,)).get("env", {}).get(name)
        tests, others = _env_tests(env) if isinstance(env, dict) else ([], ["unreadable environment"])
        if not tests:
            skipped[name] = "no test command (" + "; ".join(others or ["no commands"]) + ")"
            continue
        skipped.update({n: f"another test environment was preferred ({name})" for _, n, _, _ in ranked[tried + 1:]})
        return _plan(name, env, tests, interp, py_why, checkout, skipped)
    return None


def _ranked(overview: dict[str, Any]) -> tuple[list[tuple], dict[str, str]]:
    """Environments that may run tests, best first: the python matches, listed in env_list, newest."""
    listed = list((overview.get("tox") or {}).get("env_list") or [])
    ranked, skipped = [], {}
    for name, env in (overview.get("env") or {}).items():
        why = not_a_test_env(name) if isinstance(env, dict) else "unreadable environment"
        if why:
            skipped[name] = why
            continue
        interp, py_why = choose_python(list(env.get("base_python") or []) or [name])
        exact = "using python" not in py_why
        ranked.append(((exact, name in listed, interp.version), name, interp, py_why))
    return sorted(ranked, key=lambda r: r[0], reverse=True), skipped


def _plan(name: str, env: dict[str, Any], tests: list[list[str]], interp: interpreters.Interpreter, py_why: str,
          checkout: Path, skipped: dict[str, str]) -> Plan:
    return Plan(config="tox", env=name, python=interp.path, python_version=interp.dotted, tests=tests,
                pip=[_pip_args(env.get("deps") or [])] if env.get("deps") else [],
                install_project=has_packaging(checkout),
                project_required=not (env.get("skip_install") or env.get("package") == "skip"),
                extras=list(env.get("extras") or []), cwd=_relative(env.get("change_dir"), checkout),
                env_vars={k: str(v) for k, v in (env.get("set_env") or {}).items() if not k.startswith(INTERNAL_ENV)},
                reason=f"tox env {name} runs tests; {py_why}", skipped=skipped,
                tox_env_dir=env["env_dir"] if isinstance(env.get("env_dir"), str) else None)


def _env_tests(env: dict[str, Any]) -> tuple[list[list[str]], list[str]]:
    """The env's test commands; one aimed at the installed copy in site-packages is left out, since the
    project is installed editable and its code runs (and is recorded) from the checkout."""
    commands = env.get("commands")
    if not isinstance(commands, list):
        return [], [f"tox could not render the commands: {commands}"]
    site = env.get("env_site_packages_dir")
    site = site if isinstance(site, str) and site else "\0"  # an env whose python is missing has an error here
    tests, others = select_test_commands([shlex.split(c.lstrip("-! ")) for c in commands])
    aimed = [t for t in tests if any(site in arg for arg in t)]  # after --cov and its value are gone
    others += ["tests the installed copy in site-packages"] * len(aimed)
    return [t for t in tests if t not in aimed], others


def _pip_args(deps: list[str]) -> list[str]:
    args: list[str] = []
    for dep in deps:
        args += shlex.split(dep) if dep.startswith("-") else [dep]
    return args


def _relative(path: str | None, checkout: Path) -> str:
    if not path:
        return "."
    resolved = Path(path).resolve()
    return str(resolved.relative_to(checkout.resolve())) if resolved.is_relative_to(checkout.resolve()) else "."
