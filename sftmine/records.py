"""The records every stage exchanges: tasks, samples, verdicts, filtered tasks.

A record is a plain dataclass that turns into a JSON object (`to_dict`) and back (`from_dict`).
Unknown keys are rejected so a typo in a hand-written file is caught at the door.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeVar

from sftmine.errors import RecordError

T = TypeVar("T", bound="Record")


class Status(str, Enum):
    """How one execution (or one sample against all its tests) ended."""

    PASSED = "passed"
    FAILED = "failed"
    TIMEOUT = "timeout"
    MEMORY = "memory"
    RUNTIME_ERROR = "runtime_error"
    SANDBOX_ERROR = "sandbox_error"


class Style(str, Enum):
    FUNCTION = "function"
    STDIO = "stdio"


class Origin(str, Enum):
    SAMPLE = "sample"
    TRACED = "traced"
    OFFICIAL = "official"
    GENERATED = "generated"


class Record:
    """Mixin: dict round-trip for the dataclasses below."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            out[f.name] = _plain(getattr(self, f.name))
        return out

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        if not isinstance(data, dict):
            raise RecordError(f"{cls.__name__}: expected a JSON object, got {type(data).__name__}")
        names = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        unknown = set(data) - set(names)
        if unknown:
            raise RecordError(f"{cls.__name__}: unknown field(s) {sorted(unknown)}; allowed: {sorted(names)}")
        kwargs = {}
        for name, value in data.items():
            kwargs[name] = _coerce(cls, name, value)
        try:
            return cls(**kwargs)
        except TypeError as exc:
            raise RecordError(f"{cls.__name__}: {exc}") from None


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


_NESTED: dict[tuple[str, str], type] = {}


def _coerce(cls: type, name: str, value: Any) -> Any:
    nested = _NESTED.get((cls.__name__, name))
    if nested is not None and value is not None:
        if isinstance(value, list):
            return [nested.from_dict(v) for v in value]  # type: ignore[attr-defined]
        return nested.from_dict(value)  # type: ignore[attr-defined]
    enum = {"style": Style, "status": Status}.get(name)
    if enum is not None and value is not None:
        try:
            return enum(value)
        except ValueError:
            allowed = [e.value for e in enum]
            raise RecordError(f"{cls.__name__}.{name}: {value!r} is not one of {allowed}") from None
    return value


@dataclass
class Case(Record):
    """One test. Function cases hold Python-literal text; stdio cases hold raw text."""

    args: str | None = None  # literal of a list, e.g. "[1, (2, 3)]"
    kwargs: str | None = None  # literal of a dict
    expected: str | None = None  # literal of the return value
    raises: str | None = None  # exception class name expected instead of a return
    stdin: str | None = None
    stdout: str | None = None
    origin: str = Origin.SAMPLE.value
    checker: dict[str, Any] | None = None  # per-case override of the task's checker
    take: int | None = None  # a generator's case: `expected` is list(islice(result, take))
    receiver: str | None = None  # a method's case: the object it is called on (see wire.rebuild_receiver)
    state: str | None = None  # ... and the receiver's attributes after the call, when the call changes them

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        for name in ("take", "receiver", "state"):  # absent from ordinary cases, so their records and
            if out[name] is None:  # fingerprints stay as they were
                del out[name]
        return out


@dataclass
class Task(Record):
    task_id: str
    prompt: str
    style: Style = Style.FUNCTION
    entry_point: str | None = None
    canonical_solution: str | None = None
    tests: list[Case] = field(default_factory=list)
    test_code: str | None = None  # human-eval style `def check(candidate): ...`, when the source has one
    checker: dict[str, Any] = field(default_factory=lambda: {"kind": "exact"})
    limits: dict[str, Any] = field(default_factory=lambda: {"time_s": 10.0, "memory_mb": 512})
    source: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    fingerprint: str | None = None

    def __post_init__(self) -> None:
        if not self.task_id:
            raise RecordError("Task: task_id must be a non-empty string")
        if self.style is Style.FUNCTION and not self.entry_point:
            raise RecordError(f"Task {self.task_id}: function tasks need an entry_point")
        if self.fingerprint is None:
            self.fingerprint = self.compute_fingerprint()

    def verdict_inputs(self) -> dict[str, Any]:
        """Everything that decides a verdict; hashed into the fingerprint."""
        return {
            "style": self.style.value,
            "prompt": self.prompt,
            "entry_point": self.entry_point,
            "tests": [t.to_dict() for t in self.tests],
            "test_code": self.test_code,
            "checker": self.checker,
            "limits": self.limits,
        }

    def compute_fingerprint(self) -> str:
        return stable_hash(self.verdict_inputs())


@dataclass
class Sample(Record):
    task_id: str
    fingerprint: str
    model: str
    params: dict[str, Any]
    seed: int
    index: int
    text: str
    code: str
    n_tokens: int | None = None
    mean_logprob: float | None = None

    @property
    def key(self) -> str:
        return f"{self.task_id}#{self.index}"


@dataclass
class CaseResult(Record):
    status: Status
    detail: str = ""


@dataclass
class Verdict(Record):
    sample_key: str
    task_id: str
    status: Status
    tests: list[CaseResult] = field(default_factory=list)
    duration_s: float = 0.0
    backend: str = ""
    detail: str = ""
    # Which tests failed: "check" (the task's own check code) or a case origin. Generated cases are judged
    # after the original ones, so "generated" means the original tests passed: a false positive caught.
    failed_origin: str = ""

    @property
    def passed(self) -> bool:
        return self.status is Status.PASSED


@dataclass
class FilteredTask(Record):
    task: Task
    n: int
    c: int
    pass_at: dict[str, float]
    kept: bool
    drop_reason: str | None = None
    passing: list[Sample] = field(default_factory=list)


@dataclass
class SampledTask(Record):
    """A task with its samples: what the judge takes, one task at a time."""

    task: Task
    samples: list[Sample] = field(default_factory=list)


@dataclass
class JudgedTask(Record):
    """What the judge makes of a task: its filter result and its samples' first-round verdicts."""

    result: FilteredTask
    verdicts: list[Verdict] = field(default_factory=list)


@dataclass
class SourceSpec(Record):
    """A project to trace: `pypi:NAME==VERSION`, a git URL or a local folder."""

    spec: str


@dataclass
class TracedSource(Record):
    """A source's last attempt: its outcome (see sftmine.ci.attempts) and how many tasks it gave."""

    spec: str
    outcome: str
    tasks: int = 0
    reason: str = ""


@dataclass
class ExportRows(Record):
    """One kept task's rows in an export format."""

    task_id: str
    rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Removal(Record):
    """A task dedup removed: why, and the kept task (or benchmark problem) it duplicates."""

    task_id: str
    source: str
    reason: str
    match: str
    detail: dict[str, Any] = field(default_factory=dict)


_NESTED.update(
    {
        ("Task", "tests"): Case,
        ("Verdict", "tests"): CaseResult,
        ("FilteredTask", "task"): Task,
        ("FilteredTask", "passing"): Sample,
        ("SampledTask", "task"): Task,
        ("SampledTask", "samples"): Sample,
        ("JudgedTask", "result"): FilteredTask,
        ("JudgedTask", "verdicts"): Verdict,
    }
)


def stable_hash(obj: Any) -> str:
    """sha256 of canonical JSON: the same value always gives the same key."""
    text = json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class ProblemRef(Record):
    """A problem a site listed, to fetch; `error` says why it could not be fetched or parsed."""

    site: str
    url: str
    error: str | None = None


@dataclass
class RawProblem(Record):
    """A problem as a site describes it, before it becomes a task."""

    site: str
    problem_id: str  # unique within the site, e.g. "1850/A", "abc308/a", "ITP1_1_A"; task ids are site/problem_id
    url: str
    title: str
    statement: str  # plain text with TeX kept ($...$); sections joined with blank lines
    input_spec: str = ""
    output_spec: str = ""
    constraints: str = ""
    samples: list[dict[str, str]] = field(default_factory=list)  # {"input": ..., "output": ...}
    official_tests: list[dict[str, str]] = field(default_factory=list)
    generated_tests: list[dict[str, str]] = field(default_factory=list)  # e.g. CodeContests' generated inputs
    time_limit_s: float | None = None
    memory_mb: int | None = None
    tags: list[str] = field(default_factory=list)
    difficulty: str | None = None
    rating: int | None = None
    contest_id: str | None = None
    # interactive, special_judge, images, pdf_only, premium, design, float_tolerance...
    flags: dict[str, Any] = field(default_factory=dict)
    # Function-style problems (LeetCode, imports with a function name): starter code and signature.
    starter_code: str | None = None
    entry_point: str | None = None
    function_tests: list[dict[str, Any]] = field(default_factory=list)  # {"args": literal, "expected": literal}
    solutions: list[str] = field(default_factory=list)  # known-correct Python programs, when a source ships them
    license: str | None = None
    fetched_at: str | None = None
    # Site details a task does not need but a later run or a reader might: listing ids, contest name, note.
    extra: dict[str, Any] = field(default_factory=dict)
