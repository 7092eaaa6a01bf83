import pytest

from sftmine.errors import ConfigError
from sftmine.records import Case, Style, Task
from sftmine.sampling.prompts import COMPLETION_STOPS, get_mode

FUNC = Task(task_id="t/f", prompt="import math\n\n\ndef root(x: float) -> float:\n    \"\"\"Square root.\"\"\"\n",
            entry_point="root", tests=[Case(args="[4.0]", expected="2.0")])
STDIO = Task(task_id="t/s", prompt='"""Print the sum of two integers read from one line."""\n', style=Style.STDIO,
             tests=[Case(stdin="1 2\n", stdout="3\n")])


def test_completion_mode_uses_the_papers_stop_sequences_and_appends_the_body():
    mode = get_mode("completion")
    prompt = mode.prompt(FUNC)
    assert prompt.text == FUNC.prompt and not prompt.is_chat
    assert prompt.stop == ("\nclass", "\ndef", "\n#", "\nif", "\nprint") == COMPLETION_STOPS
    assert mode.program(FUNC, "    return math.sqrt(x)\n") == FUNC.prompt + "    return math.sqrt(x)\n"


def test_completion_mode_cuts_at_the_first_stop_the_server_did_not_honour():
    text = "    return math.sqrt(x)\n\n\nprint(root(4))\ndef other():\n"
    assert get_mode("completion").extract(FUNC, text) == "    return math.sqrt(x)\n\n"


def test_chat_mode_wraps_the_prompt_in_an_instruction():
    prompt = get_mode("chat").prompt(FUNC)
    assert prompt.is_chat and len(prompt.messages) == 1 and prompt.messages[0]["role"] == "user"
    assert FUNC.prompt in prompt.messages[0]["content"] and "```python" in prompt.messages[0]["content"]


def test_chat_mode_merges_a_whole_function_with_the_prompts_imports():
    mode = get_mode("chat")
    code = mode.extract(FUNC, "Sure!\n```python\ndef root(x: float) -> float:\n    return math.sqrt(x)\n```\n")
    program = mode.program(FUNC, code)
    assert program.startswith("import math") and program.count("def root") == 1


def test_chat_mode_for_stdio_tasks_judges_the_program_itself():
    mode = get_mode("chat")
    assert "standard input" in mode.prompt(STDIO).messages[0]["content"]
    code = mode.extract(STDIO, "```python\na, b = map(int, input().split())\nprint(a + b)\n```")
    assert mode.program(STDIO, code) == "a, b = map(int, input().split())\nprint(a + b)\n"


def test_unknown_mode_names_the_choices():
    with pytest.raises(ConfigError, match="chat.*completion|completion.*chat"):
        get_mode("fill-in-the-middle")
