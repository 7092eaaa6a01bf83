"""Getting a project's sources: git repositories, local folders, PyPI sdists, and the PyPI corpus."""
