"""The loop that runs a stage's shards on a group of workers, with progress (see sftmine.stages.runner,
which decides what is due and keeps what comes back)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from tqdm import tqdm

from sftmine.executors.base import Executor, WorkerSpec


def run_on_workers(executor: Executor, spec: WorkerSpec, payloads: list[Any], desc: str, total: int,
                   progress: bool = True, unit: str = "shard",
                   on_result: Callable[[int, Any], None] | None = None,
                   sizes: list[int] | None = None) -> list[Any]:
    """Run `payloads` on a group of workers (none started if there is nothing to run); their results.

    `total` counts the finished ones too, for the progress bar, in payloads or, given `sizes` (the units of
    each payload), in units; `on_result(position, result)` sees each result as it arrives. On an error or
    Ctrl-C the other workers are ended at once, not after their shards.
    """
    results: list[Any] = []
    left = sum(sizes) if sizes is not None else len(payloads)
    with tqdm(total=total, initial=total - left, desc=desc, unit=unit, file=sys.stderr,
              disable=None if progress else True) as bar:
        if payloads:
            group = executor.group(spec, len(payloads))
            try:
                for pos, result in group.map(payloads):
                    if on_result:
                        on_result(pos, result)
                    results.append(result)
                    bar.update(sizes[pos] if sizes is not None else 1)
            except BaseException:
                group.close(wait=False)
                raise
            group.close()
    return results
