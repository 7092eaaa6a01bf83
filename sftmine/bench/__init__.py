"""Benchmarks, each measuring sftmine against a reference in the same run: `sftmine bench exec|scale|trace|sample`.

They sit above the stages they measure (sandbox, executors, ci, sampling), so no stage imports them.
"""
