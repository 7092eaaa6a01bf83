import ast
import json

import pytest

from sftmine.export import export
from sftmine.export.base import Skip
from sftmine.export.codexd import CodexD, split_docstring


def test_pairs_are_the_code_without_its_docstring_and_the_docstring(snapshot, tmp_path):
    out = tmp_path / "codexd.jsonl"
    result = export(snapshot, "codex-d", str(out), "all")
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert result.rows == len(rows) == 12 and result.funnel.dropped == {"stdio_task": 2}
    for row in rows:
        tree = ast.parse(row["prompt"])
        func = tree.body[0]
        assert isinstance(func, ast.FunctionDef) and ast.get_docstring(func) is None
        assert row["completion"] and '"""' not in row["completion"]
    clamp = next(r for r in rows if r["task_id"] == "fixture/clamp")
    assert clamp == {"task_id": "fixture/clamp", "target": "sample",
                     "prompt": "def clamp(value: int, low: int = 0, high: int = 10) -> int:\n"
                               "    return max(low, min(high, value))\n",
                     "completion": "Limit value to the closed range [low, high] and return it."}


def test_a_method_behind_a_wrapper_and_functions_without_docstrings():
    program = ("def twoSum(*args, **kwargs):\n    return Solution().twoSum(*args, **kwargs)\n\n\n"
               "class Solution:\n    def twoSum(self, nums, target):\n        '''Indices of two numbers adding to "
               "target.'''\n        seen = {}\n        return seen\n")
    code, doc = split_docstring(program, "twoSum")
    assert code == "def twoSum(self, nums, target):\n    seen = {}\n    return seen\n"
    assert doc == "Indices of two numbers adding to target."
    assert split_docstring("def f(x):\n    return x\n", "f") is None
    assert split_docstring('def f(x):\n    """Only a docstring."""\n', "f") is None


def test_a_docstring_sftmine_wrote_from_recorded_calls_makes_no_pair(snapshot):
    record = next(r for r in snapshot.kept() if r.task.task_id == "fixture/clamp")
    assert CodexD().rows(record, "all")
    record.task.meta["docstring"] = "examples"  # a traced function its authors left undocumented
    with pytest.raises(Skip, match="no_docstring"):
        CodexD().rows(record, "all")
