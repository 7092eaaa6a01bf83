from datetime import datetime, timezone

from sftmine.snapshot import from_dirs, open_snapshot
from sftmine.snapshot.stage import SnapshotSettings, SnapshotStage
from sftmine.stages import run_stage, scratch
from tests.fixtures.datasets.build import EXPECTED, write_filter_dir

T1 = datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc)


def test_the_snapshot_stage_counts_the_filter_and_hands_back_the_folder(tmp_path):
    inputs = from_dirs(write_filter_dir(tmp_path / "filter"))
    with scratch("snapshot") as files:
        result = run_stage(SnapshotStage, SnapshotSettings(), [*inputs.kept, *inputs.dropped], files,
                           {"root": tmp_path / "out", "inputs": inputs, "now": T1}, progress=False)
        assert files.stats.is_file()
    assert (result.funnel.kept, result.funnel.seen - result.funnel.kept) == (EXPECTED["kept"], EXPECTED["dropped"])
    assert dict(result.funnel.dropped) == {"unsolved": EXPECTED["dropped"]}
    snap = open_snapshot(result.written.snapshot.path)
    assert result.written.created and snap.manifest["tasks"]["kept"] == EXPECTED["kept"]
    assert [r.task.task_id for r in snap.kept()] == sorted(r.task.task_id for r in inputs.kept)
    assert not files.output.parent.exists()  # the runner's own files went with the scratch folder
