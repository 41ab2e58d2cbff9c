import json
from collections import Counter

import numpy as np
import pytest

from examprep.adaptive import AdaptiveEngine, EngineError, ItemPool, PoolItem, load_blueprint, parse_blueprint, run_attempt
from examprep.adaptive.blueprint import BlueprintError, list_blueprints
from examprep.adaptive.irt import probability
from examprep.adaptive.pool import synthetic_pool
from examprep.adaptive.simulation import simulate

N5 = load_blueprint("jlpt-n5-mock")
N5_SECTIONS = [(s, tuple(q for _, sl in N5.slots for q in sl.question_types if s in sl.sections))
               for s in ("vocabulary", "grammar", "reading", "listening")]


@pytest.fixture(scope="module")
def n5_pool():
    return synthetic_pool(800, seed=2, sections=N5_SECTIONS, group_size={"mid_passage": 2, "information_retrieval": 3})


def answerer(pool, theta, seed=0):
    rng = np.random.default_rng(seed)
    return lambda i: float(rng.random() < probability(theta, pool.a[i], pool.b[i], pool.c[i]))


def test_mock_follows_the_real_structure_and_groups_come_together(n5_pool):
    eng = AdaptiveEngine(N5, n5_pool)
    state = eng.start(seed=1)
    order = []
    answer = answerer(n5_pool, 0.5)
    while not eng.finished(state):
        ids = eng.next_items(state)
        groups = {n5_pool.group[n5_pool.index[i]] for i in ids}
        assert len(ids) == 1 or (len(groups) == 1 and None not in groups)  # a unit is one item or one group
        for item_id in ids:
            order.append(item_id)
            state = eng.record(state, item_id, answer(n5_pool.index[item_id]))
    got = Counter(n5_pool.question_type[n5_pool.index[i]] for i in order)
    want = {q: slot.count for _, slot in N5.slots for q in slot.question_types}
    assert got == want and len(order) == 67
    # parts come in exam order: every vocabulary item before grammar, listening last
    sections = [n5_pool.section[n5_pool.index[i]] for i in order]
    assert sections == sorted(sections, key=["vocabulary", "grammar", "reading", "listening"].index)
    assert len(set(order)) == len(order)


def test_state_is_json_and_any_worker_continues_it(n5_pool):
    a, b = AdaptiveEngine(N5, n5_pool), AdaptiveEngine(N5, n5_pool)
    s1 = a.start(seed=7)
    answer = answerer(n5_pool, -0.3, seed=3)
    s2 = json.loads(json.dumps(s1))
    for step in range(30):  # two workers alternate on the same stored state
        eng = a if step % 2 else b
        ids = eng.next_items(s2)
        assert ids == (b if step % 2 else a).next_items(s2)  # pure: the same items whoever asks
        s2 = json.loads(json.dumps(eng.record(s2, ids[0], answer(n5_pool.index[ids[0]]))))
    ref = a.start(seed=7)
    answer = answerer(n5_pool, -0.3, seed=3)
    for _ in range(30):
        ids = a.next_items(ref)
        ref = a.record(ref, ids[0], answer(n5_pool.index[ids[0]]))
    assert ref["items"] == s2["items"] and ref["theta"] == pytest.approx(s2["theta"], abs=1e-12)
    assert len(json.dumps(s2)) < 8000


def test_record_rejects_items_not_offered_and_bad_credit(n5_pool):
    eng = AdaptiveEngine(N5, n5_pool)
    s = eng.start(seed=1)
    offered = eng.next_items(s)
    other = next(i for i in n5_pool.ids if i not in offered)
    with pytest.raises(EngineError):
        eng.record(s, other, 1.0)
    with pytest.raises(EngineError):
        eng.record(s, offered[0], 1.5)
    other_bp = parse_blueprint({**_practice(), "id": "other"})
    with pytest.raises(EngineError):
        AdaptiveEngine(other_bp, n5_pool).next_items(s)


def _practice(**stop):
    return {"id": "p", "kind": "practice", "bank": "synthetic", "select": {"section": "vocabulary"},
            "stop": {"target_se": 0.35, "min_items": 3, "max_items": 40, **stop}}


def test_practice_stops_at_target_se_or_max_length(n5_pool):
    bp = parse_blueprint(_practice())
    eng = AdaptiveEngine(bp, n5_pool)
    s = run_attempt(eng, answerer(n5_pool, 0.0), eng.start(seed=2))
    assert s["se"] <= 0.35 < _se_before_last(eng, s)
    assert all(n5_pool.section[n5_pool.index[i]] == "vocabulary" for i in s["items"])
    short = AdaptiveEngine(parse_blueprint(_practice(max_items=6, target_se=0.01)), n5_pool)
    assert len(run_attempt(short, answerer(n5_pool, 0.0), short.start(seed=2))["items"]) == 6


def _se_before_last(eng, s):
    t = eng.start(prior=tuple(s["prior"]), seed=s["seed"])
    for i, u in zip(s["items"][:-1], s["credits"][:-1]):
        t = eng.record(t, i, u)
    return t["se"]


def test_adaptivity_harder_items_for_stronger_candidates(n5_pool):
    bp = parse_blueprint(_practice(max_items=15, target_se=0.01))
    eng = AdaptiveEngine(bp, n5_pool)
    mean_b = {}
    for theta in (-2.0, 2.0):
        s = run_attempt(eng, answerer(n5_pool, theta, 5), eng.start(seed=5))
        mean_b[theta] = np.mean([n5_pool.b[n5_pool.index[i]] for i in s["items"][5:]])
    assert mean_b[2.0] > mean_b[-2.0] + 1.0


def test_topics_balanced_and_skip_part():
    items = [PoolItem(f"k{t}{i}", "knowledge", topic, a=1.0, b=0.1 * i, c=0.2)
             for t, topic in enumerate(("hygiene", "cooking", "service")) for i in range(10)]
    items += [PoolItem(f"p{i}", "practical", "photo", a=1.0, b=0.0, c=0.2) for i in range(5)]
    pool = ItemPool.from_items(items, bank_id="skills-x")
    bp = parse_blueprint({"id": "s", "bank": "skills-x", "kind": "mock", "parts": [
        {"id": "k", "minutes": 30, "content": [{"section": "knowledge", "count": 9, "topics": "balanced"}]},
        {"id": "p", "minutes": 10, "content": [{"section": "practical", "count": 3}]}]})
    eng = AdaptiveEngine(bp, pool)
    s = eng.start(seed=0)
    for _ in range(4):
        s = eng.record(s, eng.next_items(s)[0], 1.0)
    assert eng.current_part(s).id == "k"
    s = eng.skip_part(s)  # time is up for the knowledge part
    assert eng.current_part(s).id == "p"
    s = run_attempt(eng, lambda i: 0.0, s)
    assert [i[0] for i in s["items"]] == ["k"] * 4 + ["p"] * 3
    s = run_attempt(eng, lambda i: 1.0, eng.start(seed=3))
    topics = Counter(pool.question_type[pool.index[i]] for i in s["items"][:9])
    assert topics == {"hygiene": 3, "cooking": 3, "service": 3}


def test_sympson_hetter_blueprint_and_simulation_report(n5_pool):
    bp = parse_blueprint({**_practice(max_items=10, target_se=0.01), "exposure": {"method": "sympson_hetter"}})
    k = np.ones(len(n5_pool))
    eng0 = AdaptiveEngine(bp, n5_pool)
    first = eng0.next_items(eng0.start(seed=0))[0]
    k[n5_pool.index[first]] = 0.0  # never give the most informative first item
    eng = AdaptiveEngine(bp, n5_pool.with_exposure_k(k))
    for seed in range(5):
        s = run_attempt(eng, lambda i: 1.0, eng.start(seed=seed))
        assert first not in s["items"] and first in s["blocked"]
    rep = simulate(bp, n5_pool, 40, seed=1)
    assert rep.length.tolist() == [10] * 40
    assert 0 < rep.max_exposure <= 1 and 0 < rep.unused_share < 1
    assert "| all | 40 |" in rep.table() and rep.svg().startswith("<svg")


def test_every_blueprint_file_is_valid_and_jlpt_counts_match_exams_md():
    bps = {b.id: b for b in list_blueprints()}
    for bank in ("jlpt-n5", "jlpt-n4", "jlpt-n3", "jft-basic", "nursing-care-japanese", "skills-caregiving",
                 "skills-food-service", "skills-construction", "skills-agriculture", "skills-manufacturing",
                 "skills-accommodation", "skills-it"):
        assert f"{bank}-mock" in bps
        assert any(b.bank == bank and b.kind == "practice" for b in bps.values())
    assert [p.minutes for p in bps["jlpt-n4-mock"].parts] == [25, 55, 35]
    assert [p.minutes for p in bps["jlpt-n3-mock"].parts] == [30, 70, 40]
    assert bps["jlpt-n4-mock"].max_items == 7 + 5 + 8 + 4 + 4 + 13 + 4 + 4 + 3 + 3 + 2 + 8 + 7 + 5 + 8
    n3 = bps["jlpt-n3-mock"].scoring
    assert [s.pass_min for s in n3.sections] == [19, 19, 19] and n3.total_pass_min == 95
    assert bps["jft-basic-mock"].max_items == 50 and bps["jft-basic-mock"].total_minutes == 60
    assert bps["nursing-care-japanese-mock"].max_items == 15
    with pytest.raises(BlueprintError, match="count"):
        parse_blueprint({"id": "x", "bank": "b", "parts": [{"id": "p", "content": [{"section": "v", "count": 0}]}]})
    with pytest.raises(BlueprintError, match="target_se"):
        parse_blueprint({"id": "x", "bank": "b", "kind": "practice", "select": {"section": "v"}, "stop": {"max_items": 5}})


def test_the_adaptive_package_is_pure():
    """No module of examprep.adaptive imports Flask, SQLAlchemy or another examprep package."""
    import ast
    from pathlib import Path

    import examprep.adaptive as pkg

    for path in Path(pkg.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [n.name for n in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [("." * node.level) + (node.module or "")]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in ("flask", "sqlalchemy", "flask_login", "flask_wtf"), (path, name)
                assert not name.startswith("examprep") or name.startswith("examprep.adaptive"), (path, name)
