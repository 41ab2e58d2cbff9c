"""AdaptiveEngine.start(seen=...): unseen first, then reuse spread over all earlier attempts."""
from __future__ import annotations

import json

import numpy as np
import pytest

from examprep.adaptive import AdaptiveEngine, parse_blueprint
from examprep.adaptive.engine import decode_seen, encode_seen, seen_items
from examprep.adaptive.pool import synthetic_pool
from examprep.adaptive.simulation import repeated_mocks

BP = parse_blueprint({
    "id": "t-mock", "kind": "mock", "bank": "synthetic", "exposure": {"method": "randomesque", "k": 3},
    "parts": [{"id": "p", "minutes": 10, "content": [{"section": "vocabulary", "question_types": {"kanji_reading": 5}}]}],
})


def run(engine, state, theta=0.0, seed=0):
    rng = np.random.default_rng(seed)
    while (ids := engine.next_items(state)):
        for i in ids:
            state = engine.record(state, i, float(rng.random() < 0.5))
    return state


def test_seen_items_are_avoided_while_unseen_ones_remain():
    pool = synthetic_pool(12, seed=1)
    eng = AdaptiveEngine(BP, pool)
    first = run(eng, eng.start(seed=1))["items"]
    second = run(eng, eng.start(seed=2, seen=first))["items"]
    assert not set(first) & set(second)
    # 2 unseen left: they come first, the other 3 are seen ones
    third = run(eng, eng.start(seed=3, seen=first + second))["items"]
    fresh = set(pool.ids) - set(first) - set(second)
    assert fresh <= set(third) and len(fresh) == 2
    assert set(third) - fresh <= set(first) | set(second)


def test_reuse_is_drawn_from_a_window_that_changes_with_each_attempt():
    from examprep.adaptive.engine import SEEN_WINDOW

    pool = synthetic_pool(60, seed=1)
    eng = AdaptiveEngine(BP, pool)
    everything = list(pool.ids)  # all seen: every item is a reuse
    picks = [set(run(eng, eng.start(seed=seed, seen=everything))["items"]) for seed in range(8)]
    assert all(len(p) == 5 for p in picks)
    # not the same few items every time, and not only the oldest ones
    assert len(set().union(*picks)) > 2 * 5
    assert set().union(*picks) - set(everything[:5 * SEEN_WINDOW])


def test_reuse_is_spread_over_earlier_mocks_not_replayed():
    """A type holding 16 sittings' worth (20 x 80%): sittings 17-20 must reuse items,
    and they take them from all earlier sittings, not the first one again."""
    bp = parse_blueprint({
        "id": "t-mock20", "kind": "mock", "bank": "synthetic", "exposure": {"method": "randomesque", "k": 3},
        "parts": [{"id": "p", "minutes": 10, "content": [{"section": "vocabulary", "question_types": {"kanji_reading": 20}}]}],
    })
    rep = repeated_mocks(bp, synthetic_pool(320, seed=4), attempts=20, seed=0)
    assert rep.lengths == [20] * 20
    assert rep.max_shared <= 0.25  # replaying the oldest sitting gave 0.9-1.0 here


def test_state_stays_small_and_json():
    pool = synthetic_pool(3000, seed=2)
    eng = AdaptiveEngine(BP, pool)
    seen = list(pool.ids[:2000])
    state = eng.start(seed=0, seen=seen + ["no-such-item"])
    assert len(json.dumps(state["seen"])) < 6000
    assert seen_items(json.loads(json.dumps(state)), pool) == seen
    assert list(decode_seen(encode_seen([1, 70000, 5]))) == [1, 70000, 5]
    old = dict(state)
    old.pop("seen")  # a state stored before `seen` existed still runs
    assert len(run(eng, old)["items"]) == 5


def test_twenty_mocks_from_a_large_pool_share_nothing():
    pool = synthetic_pool(120, seed=3)
    rep = repeated_mocks(BP, pool, attempts=20, seed=0)
    assert rep.max_shared == 0.0 and rep.lengths == [5] * 20
    small = repeated_mocks(BP, synthetic_pool(30, seed=3), attempts=20, seed=0)
    assert 0.0 < small.max_shared <= 1.0
    # re-use is spread: no attempt replays an earlier one entirely
    assert small.max_shared < 1.0
