"""Raw problems become tasks: prompt, tests with their origin, checker, limits, source (see DESIGN.md)."""

from sftmine.tasks.build import Dropped, build_task, task_id
from sftmine.tasks.run import build_all, build_tasks, funnel_path, read_raw, write_tasks
from sftmine.tasks.screen import drop_reason

__all__ = ["Dropped", "build_all", "build_task", "build_tasks", "drop_reason", "funnel_path", "read_raw", "task_id",
           "write_tasks"]
