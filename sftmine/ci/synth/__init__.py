"""Turning recorded calls into tasks: prompt, canonical solution and test cases."""
