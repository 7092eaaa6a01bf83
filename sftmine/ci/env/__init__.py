"""A project's environment: this machine's interpreters, the user's pip setup, the virtualenv."""
