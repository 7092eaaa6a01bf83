"""Which raw problems cannot become a faithful task, and why (every drop has a reason).

A task must be judged the way the site judges it, from a statement a model can read. Interactive
problems need a live judge, special judges need the site's checker, image-dependent statements and
PDF-only statements lose what the model needs to see, file I/O and in-place answers have nothing on
stdout or in a return value to compare; none of them are mangled into a task.
"""

from __future__ import annotations

import re

from sftmine.records import RawProblem

# Checked in this order; the first that applies is the reason reported.
_FLAG_REASONS = ("pdf_only", "premium", "design", "interactive", "special_judge", "images", "file_io", "in_place")
_CUSTOM_TYPES = re.compile(r"\b(ListNode|TreeNode|Node|NestedInteger|Employee|Interval)\b")


def drop_reason(raw: RawProblem) -> str | None:
    for flag in _FLAG_REASONS:
        if raw.flags.get(flag):
            return flag
    if not (raw.statement or "").strip() and not raw.title:
        return "empty_statement"
    if is_function(raw):
        if raw.starter_code and _CUSTOM_TYPES.search(raw.starter_code):
            return "custom_types"  # arguments a test cannot write as plain literals
        return None if raw.function_tests else "no_tests"
    if not raw.samples and not raw.official_tests:
        return "no_samples"
    return None


def is_function(raw: RawProblem) -> bool:
    return bool(raw.entry_point)
