"""The refresh's CI step across nights: a source whose server is down is retried, not dropped for good."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import git
import pytest

from sftmine.refresh import RefreshConfig
from sftmine.refresh import sources as steps
from sftmine.refresh.state import Run, StepState
from tests.ci.conftest import make_repo


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextmanager
def git_server(root: Path, port: int) -> Iterator[None]:
    """Bare repositories under ROOT served over git's "dumb" HTTP protocol (plain files) on loopback."""
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


def night(config: RefreshConfig) -> Run:
    return Run(config, config.out, False, StepState(config.out))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_a_source_whose_git_server_was_down_is_fetched_on_the_next_run(tmp_path):
    served = tmp_path / "served"
    bare = git.Repo.clone_from(make_repo(tmp_path / "plain_project", "plain_project"), served / "plain.git", bare=True)
    bare.git.update_server_info()  # the index files a dumb-HTTP client reads
    port = free_port()
    url = f"http://127.0.0.1:{port}/plain.git"
    config = RefreshConfig.from_dict({"out": str(tmp_path / "night"), "sandbox": {"backend": "bwrap", "workers": 2},
                                      "ci": {"sources": [url], "budget_s": 120, "min_calls": 3}})

    down = steps.ci(night(config))  # night 1: nothing listens on the port
    assert down.counts["tasks"] == 0
    assert f"\n  retry: {url}: git failed: " in down.message and "tried again on the next run" in down.message
    with git_server(served, port):  # night 2: the server is back
        up = steps.ci(night(config))
    assert up.ran and up.counts["tasks"] == 2 and up.counts["failed"] == [] and "retry:" not in up.message

    funnel = json.loads((config.out / "ci" / "funnel.json").read_text())
    source = funnel["per_source"][url]
    assert [a["outcome"] for a in source["attempts"]] == ["retry", "done"]
    assert "git failed" in source["attempts"][0]["reason"] and source["attempts"][1]["reason"] == ""
    assert funnel["stages"]["sources_tried"] == {"seen": 1, "kept": 1, "dropped": {}}
    assert funnel["stages"]["tasks_verified"]["kept"] == 2


def test_ones_own_task_file_is_a_refresh_import(tmp_path):
    mine = Path(__file__).resolve().parents[1] / "fixtures" / "sampling" / "easy_tasks.jsonl"
    config = RefreshConfig.from_dict({"out": str(tmp_path), "imports": [{"format": "tasks", "path": str(mine)}]})
    first = steps.imports(night(config))
    assert first.ran and first.counts["tasks"] == sum(1 for line in mine.read_text().splitlines() if line.strip())
    ids = [json.loads(line)["task_id"] for line in mine.read_text().splitlines() if line.strip()]
    assert [json.loads(line)["task_id"] for line in first.outputs[0].read_text().splitlines()] == ids
    assert not steps.imports(night(config)).ran  # unchanged: nothing new downstream
