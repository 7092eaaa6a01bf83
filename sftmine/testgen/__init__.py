"""Test generation (mutated inputs labelled by a reference) and test-strength measurement (mutation analysis)."""

from sftmine.testgen.generate import Settings, generate_task
from sftmine.testgen.run import generate_file

__all__ = ["Settings", "generate_file", "generate_task"]
