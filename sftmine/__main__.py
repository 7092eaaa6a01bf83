"""`python -m sftmine`: the same command line as the `sftmine` script."""

from sftmine.cli import main

main(prog_name="sftmine")
