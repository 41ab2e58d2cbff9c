"""AdaptiveEngine.start(seen=...): unseen first, then the reuse that least raises the overlap with any earlier attempt."""
from __future__ import annotations

import json

import numpy as np
import pytest

from examprep.adaptive import AdaptiveEngine, parse_blueprint
from examprep.adaptive.engine import EngineError, decode_seen, encode_seen, seen_attempts
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
    second = run(eng, eng.start(seed=2, seen=[first]))["items"]
    assert not set(first) & set(second)
    # 2 unseen left: they come first, the other 3 are seen ones
    third = run(eng, eng.start(seed=3, seen=[first, second]))["items"]
    fresh = set(pool.ids) - set(first) - set(second)
    assert fresh <= set(third) and len(fresh) == 2
    assert set(third) - fresh <= set(first) | set(second)


def test_reuse_takes_from_each_earlier_attempt_as_little_as_it_can():
    pool = synthetic_pool(20, seed=1)
    eng = AdaptiveEngine(BP, pool)
    ids = list(pool.ids)
    earlier = [ids[0:5], ids[5:10], ids[10:15], ids[15:20]]  # every item seen, 4 attempts of 5
    for seed in range(6):
        picks = set(run(eng, eng.start(seed=seed, seen=earlier))["items"])
        assert len(picks) == 5
        # 5 items from 4 earlier attempts: no attempt gives more than 2
        assert max(len(picks & set(a)) for a in earlier) == 2


def test_reuse_prefers_items_seen_least_often():
    pool = synthetic_pool(10, seed=1)
    eng = AdaptiveEngine(BP, pool)
    ids = list(pool.ids)
    # items 0-4 were in three earlier attempts, items 5-9 in two; 5-9 cost the same overlap
    earlier = [ids[0:5], ids[0:5], ids[0:5] + ids[5:10], ids[5:10]]
    picks = set(run(eng, eng.start(seed=3, seen=earlier))["items"])
    assert picks == set(ids[5:10])


def test_seen_must_be_a_list_of_attempts():
    eng = AdaptiveEngine(BP, synthetic_pool(12, seed=1))
    with pytest.raises(EngineError, match="list of earlier attempts"):
        eng.start(seed=0, seen=list(eng.pool.ids[:3]))


def test_reuse_is_spread_over_earlier_mocks_not_replayed():
    """A type holding 16 sittings' worth (20 x 80%): sittings 17-20 must reuse items,
    and they take them from all earlier sittings, not the first one again."""
    bp = parse_blueprint({
        "id": "t-mock20", "kind": "mock", "bank": "synthetic", "exposure": {"method": "randomesque", "k": 3},
        "parts": [{"id": "p", "minutes": 10, "content": [{"section": "vocabulary", "question_types": {"kanji_reading": 20}}]}],
    })
    rep = repeated_mocks(bp, synthetic_pool(320, seed=4), attempts=20, seed=0)
    assert rep.lengths == [20] * 20
    # replaying the oldest sitting gave 0.9-1.0 here, a random window of seen items 0.2-0.25
    assert rep.max_shared <= 0.10


def test_state_stays_small_and_json():
    pool = synthetic_pool(3000, seed=2)
    eng = AdaptiveEngine(BP, pool)
    seen = list(pool.ids[:2000])
    state = eng.start(seed=0, seen=[seen[:1000] + ["no-such-item"], seen[1000:]])
    assert len(json.dumps(state["seen"])) < 6000
    assert seen_attempts(json.loads(json.dumps(state)), pool) == [seen[:1000], seen[1000:]]
    assert list(decode_seen(encode_seen([1, 70000, 5]))) == [1, 70000, 5]
    old = dict(state)
    old.pop("seen_sizes")  # a state stored before attempts were kept apart: one flat list
    assert seen_attempts(old, pool) == [seen]
    assert not set(run(eng, old)["items"]) & set(seen)
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
