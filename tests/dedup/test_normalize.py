from sftmine.dedup.normalize import task_tokens, words
from sftmine.records import Task

PROMPT = '''from typing import List


def has_close_elements(numbers: List[float], threshold: float) -> bool:
    """ Check if in given list of numbers, are any two numbers closer to each other than
    given threshold.
    >>> has_close_elements([1.0, 2.0, 3.0], 0.5)
    False
    """
'''
SOLUTION = "    for a in numbers:\n        if a > threshold:  # big\n            return True\n    return False\n"


def _task(prompt: str, solution: str | None = SOLUTION, entry: str = "has_close_elements") -> Task:
    return Task(task_id="t", prompt=prompt, entry_point=entry, canonical_solution=solution)


def _renamed(text: str) -> str:
    return text.replace("has_close_elements", "near_pair").replace("numbers", "xs").replace("threshold", "eps")


def test_renaming_the_function_and_parameters_changes_no_token():
    original, renamed = task_tokens(_task(PROMPT)), task_tokens(_task(_renamed(PROMPT), _renamed(SOLUTION), "near_pair"))
    assert renamed.program == original.program
    assert renamed.prompt_code == original.prompt_code
    # docstring words name the parameters ("numbers") as English; only the doctest call is code
    assert renamed.prose.count("v0") == original.prose.count("v0") == 1


def test_layout_comments_and_docstring_do_not_count_in_the_program():
    spaced = SOLUTION.replace("if a > threshold:  # big", "if a>threshold :")
    assert task_tokens(_task(PROMPT, spaced)).program == task_tokens(_task(PROMPT)).program
    no_doc = PROMPT.split('    """')[0]
    program = task_tokens(_task(no_doc + "    pass\n", None)).prompt_code
    assert "check" not in program and '"""' not in " ".join(program)


def test_free_names_and_attributes_keep_their_spelling():
    a = _task("def show(title):\n    \"\"\"Show a box.\"\"\"\n", "    return _show(title, INFO, box.kind)\n", "show")
    b = _task("def show(title):\n    \"\"\"Show a box.\"\"\"\n", "    return _show(title, ERROR, box.kind)\n", "show")
    ta, tb = task_tokens(a), task_tokens(b)
    assert ta.program != tb.program
    assert "_show" in ta.program and "INFO" in ta.program and "kind" in ta.program
    assert "title" not in ta.program  # a parameter: the author's choice


def test_an_english_word_that_is_also_the_function_name_stays_a_word():
    encode = task_tokens(_task('def encode(data):\n    """Encode a file of data."""\n', None, "encode"))
    decode = task_tokens(_task('def decode(data):\n    """Decode a file of data."""\n', None, "decode"))
    assert encode.prose != decode.prose


def test_symbols_are_words_so_different_operators_differ():
    assert words("Same as a <= b.") != words("Same as a < b.")
    assert words("Same  as\n a + b") == words("same as a + b")


def test_a_prompt_that_does_not_parse_falls_back_to_words():
    tokens = task_tokens(Task(task_id="t", prompt="def broken(:\n    'Sum the list'\n", entry_point="broken"))
    assert tokens.prompt_code == [] and "sum" in tokens.prose and tokens.program is None
