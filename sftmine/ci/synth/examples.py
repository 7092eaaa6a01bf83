"""A docstring written from recorded calls, for a function its authors left undocumented.

The prompt of a traced task is its signature and docstring; without a docstring a model sees only a
name. As HumanEval's prompts do, the docstring then shows what the function does by example: its
shortest recorded calls that returned a value (one other than None or nothing, where there is one), in
doctest form, with what they returned (a generator: its first values; a method: the attributes of the
object it was called on). Every example is one of the task's own test cases, so the prompt promises
nothing the tests do not check. Texts are the value grammar's (`pkg.mod.Point(x=1, y=2)`), so a call
reads as the test makes it.
"""

from __future__ import annotations

from sftmine.ci.synth.cases import by_attributes
from sftmine.records import Case
from sftmine.sandbox.wire import Ref, from_literal, to_literal

MAX_EXAMPLES = 2
MAX_CHARS = 700  # all examples together (a method's show its receiver); longer calls make no docstring


def example_docstring(tests: list[Case], entry_point: str, indent: str) -> str | None:
    """The docstring's source lines at `indent`, or None when no recorded call makes a short example."""
    shown, used = [], 0
    examples = [(c, text) for c in tests if (text := _example(c, entry_point)) is not None]
    # A call that returned something tells more than one that returned None or yielded nothing.
    for _case, text in sorted(examples, key=lambda e: (e[0].expected in ("None", "[]"), len(e[1]))):
        if used + len(text) > MAX_CHARS or len(shown) == MAX_EXAMPLES:
            break
        shown.append(text)
        used += len(text)
    if not shown or any('"""' in t for t in shown):
        return None
    raw = "r" if any("\\" in t for t in shown) else ""
    lines = ["Examples, recorded from the project's own tests:"]
    for text in shown:
        lines += ["", *text.splitlines()]
    body = "".join(f"{indent}{line}\n" if line else "\n" for line in lines)
    return f'{indent}{raw}"""{body.lstrip()}{indent}"""\n'


def _example(case: Case, entry_point: str) -> str | None:
    if case.expected is None or case.raises is not None:
        return None
    arguments = [to_literal(v) for v in from_literal(case.args or "[]")]
    arguments += [f"{k}={to_literal(v)}" for k, v in from_literal(case.kwargs or "{}").items()]
    name = entry_point
    before = ""
    if case.receiver is not None:
        owner, method = entry_point.split(".", 1)
        receiver = from_literal(case.receiver)
        if isinstance(receiver, Ref) and receiver.path.rsplit(".", 1)[-1] == owner:
            name = f"{owner}.{method}"  # a class method's receiver: the class itself
        elif by_attributes(receiver):
            before = f"With obj a {owner} whose attributes are {to_literal(receiver.args[0])}:\n"
            name = f"obj.{method}"
        else:
            return None  # an enum member, a record: no short way to say which
    call = f"{name}({', '.join(arguments)})"
    if case.take is not None:
        call = f"list(itertools.islice({call}, {case.take}))"
    return f"{before}>>> {call}\n{case.expected}"

