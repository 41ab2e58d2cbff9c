"""Sympson-Hetter parameters: computed, stored beside the blueprint, attached to
the pool; exposure control never leaves a mock short of its quota."""
from __future__ import annotations

import numpy as np
import yaml

from examprep.adaptive.blueprint import parse_blueprint
from examprep.adaptive.exposure import attach_exposure, exposure_file, load_exposure, save_exposure
from examprep.adaptive.pool import synthetic_pool
from examprep.adaptive.simulation import simulate, sympson_hetter_parameters

BLUEPRINT = {
    "id": "tiny-mock", "title": "Tiny mock", "kind": "mock", "bank": "synthetic",
    "exposure": {"method": "sympson_hetter", "r_max": 0.3},
    "parts": [{"id": "all", "title": "All", "minutes": 10,
               "content": [{"section": "vocabulary", "question_type": "kanji_reading", "count": 10}]}],
    "scoring": {"sections": [{"id": "all", "title": "All", "content": ["vocabulary"], "scale": {"min": 0, "max": 100}}],
                "total": {"combine": "weighted_mean", "pass_min": 60}},
}


def _blueprint(tmp_path, **overrides):
    path = tmp_path / "tiny-mock.yaml"
    data = {**BLUEPRINT, **overrides}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return parse_blueprint(data, source=str(path))


def test_parameters_are_stored_beside_the_blueprint_and_attached(tmp_path):
    bp = _blueprint(tmp_path)
    pool = synthetic_pool(40, seed=3)
    k = sympson_hetter_parameters(bp, pool, n=80, iterations=3, seed=1)
    assert (k < 1).any()
    path = save_exposure(bp, pool, k, r_max=0.3, examinees=80, seed=1)
    assert path == exposure_file(bp) == tmp_path / "exposure" / "tiny-mock.yaml"
    stored = load_exposure(bp)
    assert set(stored) == {pool.ids[i] for i in np.flatnonzero(k < 1)}
    attached = attach_exposure(bp, pool)
    assert np.allclose(attached.exposure_k, np.round(k, 4))
    # a randomesque blueprint ignores the stored file
    other = _blueprint(tmp_path, exposure={"method": "randomesque", "k": 3})
    assert attach_exposure(other, pool) is pool


def test_exposure_control_lowers_the_maximum_exposure_and_never_leaves_a_mock_short(tmp_path):
    bp = _blueprint(tmp_path)
    pool = synthetic_pool(40, seed=3)
    plain = simulate(bp, pool, 100, seed=2)
    k = sympson_hetter_parameters(bp, pool, n=100, iterations=4, seed=1)
    controlled = simulate(bp, pool.with_exposure_k(k), 100, seed=2)
    assert controlled.exposure.max() < plain.exposure.max()
    assert controlled.length.min() == 10  # every simulated mock is complete
