"""CI tracing: real projects' test suites, run under a recorder, turned into verified function tasks.

sources (git, local directories, PyPI sdists) -> config (tox, travis, discovery: a Plan) -> venv (built
in the sandbox with network) -> testrun (traced, in the sandbox without network) -> traces (the
recorder's store read back) -> synth (tasks) -> verification in the sandbox. `pipeline.trace_sources`
runs it all, resumably per source; `bench.bench_trace` measures the recorder against MonkeyType.
"""

from sftmine.ci.pipeline import trace_sources
from sftmine.ci.project import TraceOptions

__all__ = ["TraceOptions", "trace_sources"]
