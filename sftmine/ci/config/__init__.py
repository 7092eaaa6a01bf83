"""Reading a project's CI configuration (tox, travis, or test discovery) into a plan."""
