import sftmine.filter


def test_filter_public_api():
    assert set(sftmine.filter.__all__) == {
        "NO_SAMPLES", "NO_TESTS", "POLICIES", "SANDBOX_ERROR", "UNSOLVED", "UNSTABLE", "Job", "Judging",
        "apply_policy", "decide", "filter_samples", "judge_dir", "program", "rank", "summarize"}
    assert all(hasattr(sftmine.filter, name) for name in sftmine.filter.__all__)
