"""All scraping HTTP goes through sftmine.net: no other sftmine module imports an HTTP client for it."""

from __future__ import annotations

import ast
from pathlib import Path

import sftmine

PACKAGE = Path(sftmine.__file__).parent
HTTP_MODULES = {"requests", "requests_cache", "urllib3", "urllib.request", "http.client", "aiohttp"}


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_only_the_net_package_imports_http_clients():
    offenders = {}
    for path in PACKAGE.rglob("*.py"):
        if path.is_relative_to(PACKAGE / "net"):
            continue
        found = {n for n in imported(path) if n in HTTP_MODULES or n.split(".")[0] in {"requests", "urllib3"}}
        if found:
            offenders[str(path.relative_to(PACKAGE))] = sorted(found)
    assert offenders == {}, "HTTP for scraping belongs in sftmine/net; sites get a Client"


def test_sites_reach_the_network_only_through_the_client_they_are_given():
    for path in (PACKAGE / "sites").glob("*.py"):
        assert not {n for n in imported(path) if n.startswith("sftmine.net")}, path.name
