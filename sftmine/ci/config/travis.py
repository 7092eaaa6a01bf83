"""`.travis.yml`: python versions (top level and matrix/jobs include), install and script lines.

Install lines that are `pip install ...` become pip steps and `pip install -e .`/`setup.py develop`
the project install; a script line becomes a test command when it runs a test runner. Other lines
(apt, curl, linters) are recorded as skipped: they cannot run offline in the sandbox anyway.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import yaml

from sftmine.ci.config.plan import Plan, choose_python, has_packaging, select_test_commands
from sftmine.errors import ConfigError

SHELL_SPLIT = re.compile(r"\s*(?:&&|;|\|\|)\s*")


def read_travis(checkout: Path) -> dict[str, Any] | None:
    path = checkout / ".travis.yml"
    if not path.is_file():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8", errors="replace"))
    except yaml.YAMLError as exc:
        raise ConfigError(f".travis.yml is not valid YAML: {str(exc).splitlines()[0]}") from None
    return data if isinstance(data, dict) else None


def travis_plan(data: dict[str, Any], checkout: Path) -> Plan | None:
    jobs = _jobs(data)
    versions = [str(v) for job in jobs for v in _as_list(job.get("python"))]
    script = next((_as_list(job["script"]) for job in jobs if job.get("script")), [])
    tests, others = select_test_commands(_commands(script))
    if not tests:
        return None
    interp, py_why = choose_python(sorted(set(versions), key=_version_key, reverse=True) or ["python3"])
    skipped = {f"script: {why}": "not a test command" for why in others}
    pip, project, install_skipped = _install(_as_list(data.get("install")), checkout)
    skipped.update({f"install: {line}": "not a pip install" for line in install_skipped})
    return Plan(config="travis", env=f"python {interp.dotted}", python=interp.path, python_version=interp.dotted,
                tests=tests, pip=pip, install_project=project or has_packaging(checkout),
                project_required=project, env_vars=_global_env(data.get("env")),
                reason=f".travis.yml runs tests; {py_why}", skipped=skipped)


def _jobs(data: dict[str, Any]) -> list[dict[str, Any]]:
    jobs = [data]
    for key in ("matrix", "jobs"):
        section = data.get(key)
        if isinstance(section, dict):
            jobs += [{**data, **j} for j in _as_list(section.get("include")) if isinstance(j, dict)]
    return jobs


def _install(lines: list[str], checkout: Path) -> tuple[list[list[str]], bool, list[str]]:
    if not lines and (checkout / "requirements.txt").is_file():
        lines = ["pip install -r requirements.txt"]  # what Travis does when no install is given
    pip, project, skipped = [], False, []
    for argv in _commands(lines):
        words = argv[2:] if argv[:2] == ["python", "-m"] or argv[:2] == ["python3", "-m"] else argv
        if words[:2] == ["pip", "install"]:
            args = words[2:]
            if args in (["-e", "."], ["."], ["--editable", "."]):
                project = True
            else:
                pip.append(args)
        elif words[1:3] in (["setup.py", "develop"], ["setup.py", "install"]):
            project = True
        else:
            skipped.append(" ".join(argv))
    return pip, project, skipped


def _commands(lines: list[str]) -> list[list[str]]:
    out = []
    for line in lines:
        for part in SHELL_SPLIT.split(str(line)):
            try:
                argv = shlex.split(part)
            except ValueError:
                continue
            if argv:
                out.append(argv)
    return out


def _global_env(env: Any) -> dict[str, str]:
    lines = _as_list(env.get("global") if isinstance(env, dict) else env)
    out = {}
    for line in lines[:1] if not isinstance(env, dict) else lines:
        for token in shlex.split(str(line)) if isinstance(line, str) else []:
            key, sep, value = token.partition("=")
            if sep and key.isidentifier():
                out[key] = value
    return out


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else -1 for p in version.split("."))
