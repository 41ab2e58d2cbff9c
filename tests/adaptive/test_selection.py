import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from examprep.adaptive import InfoIndex, information, select_max_info
from examprep.adaptive.selection import randomesque, rank_candidates, sympson_hetter


@st.composite
def bank(draw):
    n = draw(st.integers(1, 300))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.2, 4.0, n)
    b = rng.uniform(-5, 5, n)
    c = rng.uniform(0, 0.49, n)
    eligible = rng.random(n) < draw(st.floats(0.05, 1.0))
    if not eligible.any():
        eligible[rng.integers(n)] = True
    return a, b, c, eligible


@settings(max_examples=150, deadline=None)
@given(bank(), st.floats(-6, 6))
def test_selection_is_the_argmax_of_information_among_eligible(bk, theta):
    a, b, c, eligible = bk
    j = select_max_info(theta, a, b, c, eligible)
    info = information(theta, a, b, c)
    assert eligible[j]
    assert info[j] == info[eligible].max()
    # ties go to the lowest index
    assert j == np.flatnonzero(eligible & (info == info[eligible].max()))[0]


def test_near_ties_are_resolved_in_double_precision():
    # two items whose information differs by ~1e-9 relative: float32 cannot tell them apart
    a = np.array([1.0, 1.0 + 1e-9, 0.5])
    b = np.zeros(3)
    c = np.zeros(3)
    assert select_max_info(0.0, a, b, c, np.ones(3, bool)) == 1
    idx = InfoIndex(a, b, c)
    assert idx.best(0.0, np.array([True, False, True])) == 0


def test_far_away_items_still_give_the_exact_argmax():
    a = np.array([2.0, 2.5, 3.0])
    b = np.array([4.9, 4.95, 5.0])
    c = np.zeros(3)
    theta = -6.0  # information ~1e-20: the float64 fallback path
    assert select_max_info(theta, a, b, c, np.ones(3, bool)) == int(np.argmax(information(theta, a, b, c)))


def test_no_eligible_item_is_an_error():
    with pytest.raises(ValueError):
        select_max_info(0.0, [1.0], [0.0], [0.0], [False])
    with pytest.raises(ValueError):
        select_max_info(0.0, [1.0, 1.0], [0.0, 0.0], [0.0, 0.0], [True])


def test_randomesque_draws_only_among_the_k_best():
    scores = np.array([0.1, 0.9, 0.5, 0.8, 0.7])
    ranked = rank_candidates(scores, np.ones(5, bool))
    assert list(ranked) == [1, 3, 4, 2, 0]
    rng = np.random.default_rng(0)
    picks = {randomesque(ranked, 3, rng) for _ in range(300)}
    assert picks == {1, 3, 4}
    assert randomesque(ranked, 1, rng) == 1


def test_sympson_hetter_respects_exposure_parameters():
    ranked = np.array([2, 0, 1])
    k = np.array([1.0, 1.0, 0.0])  # the best item is never administered
    rng = np.random.default_rng(0)
    for _ in range(50):
        chosen, passed = sympson_hetter(ranked, k, rng)
        assert chosen == 0 and passed == [2]
    half = np.array([1.0, 1.0, 0.5])
    firsts = [sympson_hetter(ranked, half, rng)[0] == 2 for _ in range(2000)]
    assert 0.45 < np.mean(firsts) < 0.55
