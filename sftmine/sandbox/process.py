"""No isolation at all: the worker and its children run as plain host processes.

Only for machines where neither gVisor nor bubblewrap can run, and only behind --unsafe-no-sandbox.
rlimits and timeouts still apply; the filesystem, network and environment do not get hidden.
"""

from __future__ import annotations

from sftmine.sandbox.base import Backend, Launch, SandboxSpec, register


@register
class ProcessBackend(Backend):
    name = "process"
    safe = False

    def problem(self) -> str | None:
        return None

    def launch(self, argv: list[str], spec: SandboxSpec) -> Launch:
        return Launch(list(argv), env=dict(spec.env))
