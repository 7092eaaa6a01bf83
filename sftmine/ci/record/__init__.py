"""Running a project's tests under the recorder, and reading back what it recorded."""
