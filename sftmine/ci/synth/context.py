"""What a lifted function needs from its module, and how the prompt provides it.

Every name the function reads but does not bind (in its body, decorators and defaults) must come from
somewhere. Builtins need nothing. A module-level import is repeated in the prompt (relative imports made
absolute). A module-level assignment or helper function whose own needs are met the same way (builtins,
standard-library imports, other such definitions) is copied into the prompt, so the task stays
standalone. Anything else the module defines (a class, a helper that needs the project) is imported from
the project's module, which makes the task need the project installed: such tasks are judged with the
project's virtualenv. A name bound nowhere, a `global` statement, or a module dunder drops the function.
Annotations are not evaluated (`from __future__ import annotations`) when they would need more than that.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass, field

from sftmine.ci.synth.names import Binding, free_names, module_bindings
from sftmine.ci.synth.source import FunctionSource, Unsynthesizable

BUILTINS = frozenset(dir(builtins))
DUNDER_BUILTINS = frozenset(("__import__", "__build_class__", "__debug__"))
FUTURE_ANNOTATIONS = "from __future__ import annotations"
MAX_INLINED = 4000  # characters of copied module code, beyond which the module is imported instead


@dataclass
class Context:
    future: list[str] = field(default_factory=list)
    imports: list[str] = field(default_factory=list)
    inlined: dict[str, str] = field(default_factory=dict)  # name -> copied definition, dependencies first
    from_module: list[str] = field(default_factory=list)
    needs_project: bool = False

    def preamble(self, module: str) -> str:
        lines = self.future + list(dict.fromkeys(self.imports))
        if self.from_module:
            lines.append(f"from {module} import {', '.join(self.from_module)}")
        text = "".join(line + "\n" for line in lines)
        previous = "imports" if text else None
        for code in self.inlined.values():
            kind = "assign" if code.count("\n") <= 1 else "def"
            if previous is not None:  # PEP 8 spacing: blank lines around definitions, one after imports
                text += "\n\n" if "def" in (kind, previous) else ("\n" if previous == "imports" else "")
            text, previous = text + code, kind
        return text + ("\n\n" if text else "")

    def absorb(self, other: Context) -> None:
        self.imports += other.imports
        self.inlined.update(other.inlined)


def resolve(fn: FunctionSource, text: str, module: str, is_package: bool) -> Context:
    node = fn.node
    if any(isinstance(n, (ast.Global, ast.Nonlocal)) for n in ast.walk(node)):
        raise Unsynthesizable("assigns a module global")
    bindings = module_bindings(fn.tree, text, module, is_package)
    code_names = free_names(node, include_annotations=False) - {node.name}
    ctx = Context()
    for name in _in_order(code_names, bindings):
        _provide(ctx, name, bindings, module)
    annotation_names = free_names(node, include_annotations=True) - code_names - {node.name}
    trial = Context()
    try:
        for name in _in_order(annotation_names, bindings):
            _provide(trial, name, bindings, module)
    except Unsynthesizable:
        trial.needs_project = True
    if trial.needs_project or trial.from_module:
        ctx.future.append(FUTURE_ANNOTATIONS)  # annotations then stay text and need nothing
    else:
        ctx.absorb(trial)
    return ctx


def _in_order(names: set[str], bindings: dict[str, Binding]) -> list[str]:
    return sorted(names, key=lambda n: (bindings[n].line if n in bindings else 0, n))


def _provide(ctx: Context, name: str, bindings: dict[str, Binding], module: str, depth: int = 0) -> None:
    if name.startswith("__") and name.endswith("__") and name not in DUNDER_BUILTINS:
        raise Unsynthesizable("uses a module dunder")  # __name__, __file__: the prompt's module differs
    if name in ctx.inlined or name in ctx.from_module or (name in BUILTINS and name not in bindings):
        return
    if name not in bindings:
        raise Unsynthesizable("unresolved name")
    binding = bindings[name]
    if binding.kind in ("stdlib", "import"):
        ctx.imports.append(binding.text)
        ctx.needs_project |= binding.kind == "import"
    elif binding.kind in ("assign", "function") and depth < 8 and _inline(ctx, name, bindings, module, depth):
        return
    elif module and module != "__main__":
        ctx.from_module.append(name)
        ctx.needs_project = True
    else:
        raise Unsynthesizable("needs module context")


def _inline(ctx: Context, name: str, bindings: dict[str, Binding], module: str, depth: int) -> bool:
    """Copy `name`'s definition (and what it needs) into the prompt when that keeps the task standalone."""
    binding = bindings[name]
    trial = Context(inlined=dict(ctx.inlined))
    trial.inlined[name] = ""  # a placeholder: recursion and mutual references resolve to it
    try:
        for dep in _in_order(binding.needs - {name}, bindings):
            _provide(trial, dep, bindings, module, depth + 1)
    except Unsynthesizable:
        return False
    del trial.inlined[name]
    trial.inlined[name] = binding.text  # after its dependencies
    if trial.needs_project or trial.from_module or sum(map(len, trial.inlined.values())) > MAX_INLINED:
        return False
    ctx.absorb(trial)
    return True

