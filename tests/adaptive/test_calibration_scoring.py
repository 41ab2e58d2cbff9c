import numpy as np
import pytest
from click.testing import CliRunner

from examprep.adaptive import ItemPool, NormalPosterior, PoolItem, ReferenceForm, estimate_scores, item_prior, parse_blueprint
from examprep.adaptive.blueprint import load_blueprint
from examprep.adaptive.calibration import calibrate, read_response_csv, simulate_responses
from examprep.commands.adaptive import calibrate_command, simulate_command


def test_calibration_recovers_simulated_2pl_parameters():
    rng = np.random.default_rng(11)
    a, b = rng.lognormal(0, 0.3, 40), rng.normal(0, 1, 40)
    x, _ = simulate_responses(a, b, np.zeros(40), 2000, seed=12)
    r = calibrate(x, "2PL")
    assert r.converged
    assert np.corrcoef(b, r.b)[0, 1] >= 0.98
    assert np.corrcoef(a, r.a)[0, 1] >= 0.90
    assert abs(np.mean(r.b - b)) < 0.15  # the N(0, 1) scale is the simulation's
    assert r.flagged() == []
    assert r.provenance()["responses"] == 80000


def test_calibration_with_missing_cells_3pl_and_problem_items():
    rng = np.random.default_rng(5)
    a, b, c = rng.lognormal(0, 0.25, 30), rng.normal(0, 1, 30), np.full(30, 0.2)
    x, _ = simulate_responses(a, b, c, 2000, seed=6)
    x[rng.random(x.shape) < 0.5] = np.nan  # half the cells not given, as in adaptive tests
    x[:, 0] = np.where(np.isnan(x[:, 0]), np.nan, 1.0)  # an item everybody gets right
    r = calibrate(x, "3PL")
    assert np.corrcoef(b[1:], r.b[1:])[0, 1] >= 0.95
    assert np.all((r.c > 0.05) & (r.c < 0.4))
    flagged = dict(r.flagged())
    assert 0 in flagged and "no variance" in flagged[0][0]


def test_csv_reading_and_the_offline_command(tmp_path):
    cands, items, m = read_response_csv("candidate,q1,q2,q3\nc1,1,0,\nc2,0.5,1,1\n")
    assert cands == ["c1", "c2"] and items == ["q1", "q2", "q3"]
    assert np.isnan(m[0, 2]) and m[1, 0] == 0.5
    with pytest.raises(ValueError, match="line 2"):
        read_response_csv("q1,q2\n1,2\n")
    rng = np.random.default_rng(1)
    x, _ = simulate_responses(rng.lognormal(0, 0.3, 12), rng.normal(0, 1, 12), np.zeros(12), 600, seed=2)
    path = tmp_path / "r.csv"
    path.write_text("\n".join([",".join(f"i{j}" for j in range(12))] + [",".join(str(int(v)) for v in row) for row in x]))
    out = tmp_path / "params.csv"
    res = CliRunner().invoke(calibrate_command, ["offline", "--csv", str(path), "--out", str(out)])
    assert res.exit_code == 0, res.output
    lines = out.read_text().splitlines()
    assert lines[0].startswith("item,a,b,c") and len(lines) == 13


def test_simulate_command_on_a_real_blueprint(tmp_path):
    svg = tmp_path / "p.svg"
    res = CliRunner().invoke(simulate_command, ["jlpt-n5-mock", "--examinees", "20", "--seed", "3", "--plot", str(svg)])
    assert res.exit_code == 0, res.output
    assert "| true theta | n | bias | RMSE | mean SE | mean length |" in res.output
    assert "item exposure: max" in res.output and svg.read_text().startswith("<svg")
    assert CliRunner().invoke(simulate_command, ["no-such-blueprint"]).exit_code != 0


def _pool():
    items = [PoolItem(f"v{i}", "vocabulary", "kanji_reading", a=1.2, b=b, c=0.2) for i, b in enumerate(np.linspace(-2, 2, 9))]
    items += [PoolItem(f"l{i}", "listening", "task_based", a=1.0, b=b, c=0.25) for i, b in enumerate(np.linspace(-1, 3, 9))]
    return ItemPool.from_items(items, bank_id="t")


BP = {"id": "m", "bank": "t", "parts": [
    {"id": "v", "content": [{"section": "vocabulary", "question_types": {"kanji_reading": 10}}]},
    {"id": "l", "content": [{"section": "listening", "question_types": {"task_based": 5}}]}],
    "scoring": {"sections": [
        {"id": "lk", "content": ["vocabulary"], "scale": {"min": 0, "max": 120}, "pass_min": 38},
        {"id": "li", "content": ["listening"], "scale": {"min": 0, "max": 60}, "pass_min": 19}],
        "total": {"pass_min": 90}}}


def test_scores_and_pass_probability():
    bp, pool = parse_blueprint(BP), _pool()
    ref = ReferenceForm.from_pool(bp, pool)
    probs = [estimate_scores(bp, (t, 0.3), ref).p_pass for t in np.linspace(-3, 3, 13)]
    assert all(np.diff(probs) >= -1e-12) and probs[0] < 0.01 and probs[-1] > 0.99
    # a point posterior: pass iff every rule holds at that theta
    for t in np.linspace(-2, 2, 9):
        e = estimate_scores(bp, NormalPosterior(t, 1e-4), ref)
        lk, li = e.section("lk").score, e.section("li").score
        assert e.total == pytest.approx(lk + li)
        assert e.p_pass == pytest.approx(float(lk >= 38 and li >= 19 and lk + li >= 90), abs=1e-6)
        assert e.section("lk").low <= lk <= e.section("lk").high
    # the section minimum binds: listening far weaker than vocabulary
    both = estimate_scores(bp, {"lk": (2.5, 0.2), "li": (-2.5, 0.2)}, ref)
    assert both.section("lk").p_reach_min > 0.99 and both.p_pass < 0.01
    assert estimate_scores(bp, {"lk": (2.5, 0.2), "li": (2.5, 0.2)}, ref).p_pass > 0.99


def test_percentage_tests_and_bands():
    bp = load_blueprint("jft-basic-mock")
    pool = ItemPool.from_items([PoolItem(f"i{k}", "reading", "reading_comprehension", a=1, b=0, c=0) for k in range(5)])
    e = estimate_scores(bp, NormalPosterior(0.0, 1e-4), ReferenceForm.from_pool(bp, pool))
    assert e.total == pytest.approx(130.0, abs=0.5) and e.band is None  # half right on a 10-250 line
    e = estimate_scores(bp, NormalPosterior(2.0, 1e-4), ReferenceForm.from_pool(bp, pool))
    assert e.total == pytest.approx(10 + 240 / (1 + np.exp(-2.0)), abs=0.5)  # 221.4
    assert e.band == "A2" and e.p_pass > 0.99
    e = estimate_scores(bp, NormalPosterior(1.0, 1e-4), ReferenceForm.from_pool(bp, pool))
    assert e.band == "A2.1" and e.p_pass < 0.01  # 185.4


def test_item_priors():
    a, b, c = item_prior("N5", "kanji_reading", n_options=4)
    assert c == 0.25 and b < 0
    assert item_prior("N5", "quick_response")[2] == pytest.approx(1 / 3)
    assert item_prior("N4", "kanji_reading", bank_level="N5")[1] == pytest.approx(b + 1.0)
    hard = item_prior("N5", "mid_passage", {"kanji_share": 0.5, "share_above_level": 0.2, "estimated_level": "N4"})
    assert hard[1] > item_prior("N5", "mid_passage")[1] + 1.0
    assert item_prior(None, "x", item_type="text")[2] == 0.0
    assert item_prior("N5", "x", n_options=2)[2] == 0.45  # true/false, capped below the schema's 0.5
