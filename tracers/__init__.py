"""The recorder injected into a traced project's environment (standard library only, no sftmine import).

Three roles, as in MonkeyType: `capture` (the profile callback), `logger` (buffers rows), `store` (one
SQLite file per process, read back with lazily decoded rows). Beside them: `codec` turns values into
literal text; `functions` finds a code object's function and its parameters; `paths` decides which
files are the project's; `hook` starts it all from a `.pth` line when the SFTMINE_TRACE environment
variable is set. sftmine copies this folder into the project's virtualenv as the package
`sftmine_tracer`, so every module here imports its siblings relatively. The value grammar is sftmine's
wire encoder (`wire_encode`, `wire_types`, `wire_objects` in sftmine/sandbox): installation copies those
files in beside the recorder, and in a source checkout the package reads them in place.
"""

import os

_GRAMMAR = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "sftmine", "sandbox")
if not os.path.isfile(os.path.join(os.path.dirname(os.path.abspath(__file__)), "wire_encode.py")) \
        and os.path.isdir(_GRAMMAR):
    __path__.append(os.path.realpath(_GRAMMAR))  # type: ignore[name-defined]  # noqa: F821
