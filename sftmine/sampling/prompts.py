"""Prompt modes: what a model is shown for a task, what code its answer holds, what program is judged.

`completion` is for base models: the task's prompt as is, the Codex paper's stop sequences, and the body
appended to the prompt. `chat` is for instruct models: an instruction around the prompt, code extracted
from the reply, and a whole-function answer merged with the prompt's imports and helpers.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from sftmine.errors import ConfigError
from sftmine.records import Style, Task
from sftmine.sampling.base import Prompt
from sftmine.sampling.extract import extract_code, merge

COMPLETION_STOPS = ("\nclass", "\ndef", "\n#", "\nif", "\nprint")
# A closed fence followed by a blank line ends the answer; what follows is commentary.
CHAT_STOPS = ("\n```\n\n",)

FUNCTION_INSTRUCTION = (
    "Complete the following Python function. Answer with the whole function in one ```python code block.\n\n"
    "```python\n{prompt}```"
)
PROGRAM_INSTRUCTION = (
    "Write a Python 3 program that solves the following problem, reading standard input and writing "
    "standard output. Answer with the whole program in one ```python code block.\n\n{prompt}"
)


class Mode(ABC):
    name: str = ""

    @abstractmethod
    def prompt(self, task: Task) -> Prompt:
        """What the backend is given."""

    @abstractmethod
    def extract(self, task: Task, text: str) -> str:
        """The code in a generation (the training target)."""

    @abstractmethod
    def program(self, task: Task, code: str) -> str:
        """The whole module the judge runs."""


class CompletionMode(Mode):
    name = "completion"

    def prompt(self, task: Task) -> Prompt:
        return Prompt(text=task.prompt, stop=COMPLETION_STOPS)

    def extract(self, task: Task, text: str) -> str:
        # Servers may honour only some stop sequences (OpenAI's API takes four), so cut here too.
        cuts = [i for i in (text.find(s) for s in COMPLETION_STOPS) if i >= 0]
        return text[:min(cuts)] if cuts else text

    def program(self, task: Task, code: str) -> str:
        return task.prompt + code


class ChatMode(Mode):
    name = "chat"

    def prompt(self, task: Task) -> Prompt:
        template = PROGRAM_INSTRUCTION if task.style is Style.STDIO else FUNCTION_INSTRUCTION
        return Prompt(messages=({"role": "user", "content": template.format(prompt=task.prompt)},),
                      stop=CHAT_STOPS)

    def extract(self, task: Task, text: str) -> str:
        return extract_code(text, task.entry_point if task.style is Style.FUNCTION else None)

    def program(self, task: Task, code: str) -> str:
        if task.style is Style.STDIO or not task.entry_point:
            return code
        return merge(task.prompt, code, task.entry_point)


MODES: dict[str, Mode] = {m.name: m for m in (CompletionMode(), ChatMode())}


def get_mode(name: str) -> Mode:
    mode = MODES.get(name)
    if mode is None:
        raise ConfigError(f"unknown prompt mode {name!r}; choose one of {sorted(MODES)}")
    return mode
