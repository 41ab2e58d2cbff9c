"""`examprep calibrate BANK` on stored responses: new parameter rows with provenance,
picked up by the item pool the engine uses."""
from __future__ import annotations

import numpy as np
from sqlalchemy import select

from examprep.banks.models import Bank, Item, ItemParameters
from examprep.banks.pools import pool_for_bank
from examprep.banks.service import load_bank
from examprep.delivery.models import Attempt, Response
from tests.factories import choice_item, make_user, write_bank

N_ITEMS, N_CANDIDATES = 12, 400


def _bank_with_responses(db, tmp_path, seed=7):
    items = [choice_item(i, stem=f"{{学校}} {i}", target="学校", options=["がっこう", "がこう", "かっこう", "がっこ"])
             for i in range(1, N_ITEMS + 1)]
    load_bank(write_bank(tmp_path, items))
    bank = db.scalar(select(Bank))
    rows = db.scalars(select(Item).where(Item.bank_id == bank.id).order_by(Item.position)).all()
    rng = np.random.default_rng(seed)
    a_true = rng.uniform(0.8, 2.0, N_ITEMS)
    b_true = np.linspace(-1.8, 1.8, N_ITEMS)
    theta = rng.normal(size=N_CANDIDATES)
    p = 1 / (1 + np.exp(-a_true * (theta[:, None] - b_true)))
    x = (rng.random(p.shape) < p).astype(float)
    user = make_user()
    for i in range(N_CANDIDATES):
        attempt = Attempt(user_id=user.id, bank_id=bank.id, blueprint="test", mode="practice", state={})
        db.add(attempt)
        db.flush()
        db.add_all(Response(attempt_id=attempt.id, item_version_id=it.current_version_id, answer=0,
                            verdict="correct" if x[i, j] else "incorrect", credit=x[i, j], feedback={})
                   for j, it in enumerate(rows))
    db.flush()
    return bank, rows, a_true, b_true


def test_calibrate_stores_new_parameters_with_provenance(runner, db, tmp_path):
    bank, rows, a_true, b_true = _bank_with_responses(db, tmp_path)
    before = pool_for_bank(bank)
    assert not before.calibrated.any()  # priors only

    result = runner.invoke("calibrate", "test-bank", "--min-responses", "100")
    assert result.exit_code == 0, result.output
    assert f"stored new parameters for {N_ITEMS} items" in result.output

    params = {p.item_id: p for p in db.scalars(select(ItemParameters))}
    assert len(params) == N_ITEMS
    first = params[rows[0].id]
    assert first.method == "mml-em-2pl" and first.model == "2PL" and first.n_responses == N_CANDIDATES
    assert first.item_version_id == rows[0].current_version_id
    assert first.details["attempts"] == N_CANDIDATES and "se" in first.details
    b_est = np.array([params[it.id].b for it in rows])
    assert np.corrcoef(b_est, b_true)[0, 1] > 0.95

    after = pool_for_bank(bank)
    assert after.calibrated.all()
    assert np.allclose(after.b, b_est)


def test_calibrate_skips_items_with_too_few_responses(runner, db, tmp_path):
    _bank_with_responses(db, tmp_path)
    result = runner.invoke("calibrate", "test-bank", "--min-responses", "1000")
    assert "stored new parameters for 0 items" in result.output
    assert "(< 1000)" in result.output
    assert db.scalar(select(ItemParameters)) is None


def test_calibrate_dry_run_stores_nothing(runner, db, tmp_path):
    _bank_with_responses(db, tmp_path)
    result = runner.invoke("calibrate", "test-bank", "--dry-run", "--min-responses", "100")
    assert f"would store new parameters for {N_ITEMS} items" in result.output
    assert db.scalar(select(ItemParameters)) is None


def test_calibrate_an_unknown_bank_says_so(runner, db):
    result = runner.invoke("calibrate", "no-such-bank")
    assert result.exit_code != 0 and "no loaded bank 'no-such-bank'" in result.output
