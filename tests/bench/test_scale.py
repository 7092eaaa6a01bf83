import json

import pytest
from click.testing import CliRunner

from sftmine.cli import main

pytest.importorskip("ray")


@pytest.mark.slow
def test_bench_scale_measures_every_side_on_the_same_verdicts(tmp_path):
    result = CliRunner().invoke(main, ["bench", "scale", "--work", str(tmp_path), "--tasks", "6", "--per-task", "4",
                                       "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["same_verdicts"] is True and figures["samples"] == 24
    for side in ("local", "ray_1_worker", "ray_2_workers", "ray_1_worker_1_sandbox", "ray_2_workers_1_sandbox"):
        assert figures[side]["kept"] == 6 and figures[side]["exec_per_s"] > 0
    assert figures["scaling_1_to_2_workers"] > 0 and figures["ray_2_vs_local"] > 0
