import json
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import IntegrationWarning, quad
from scipy.optimize import brentq

from examprep.adaptive import EAPAccumulator, estimate_eap, estimate_map, estimate_mle, information, probability
from examprep.adaptive.irt import log_likelihood, model_parameters


def items(draw, n, three=True):
    a = np.array(draw(st.lists(st.floats(0.3, 2.5), min_size=n, max_size=n)))
    b = np.array(draw(st.lists(st.floats(-3, 3), min_size=n, max_size=n)))
    c = np.array(draw(st.lists(st.floats(0, 0.35), min_size=n, max_size=n))) if three else np.zeros(n)
    return a, b, c


@st.composite
def pattern(draw, three=True, fractional=False):
    n = draw(st.integers(0, 40))
    a, b, c = items(draw, n, three)
    if fractional:
        u = np.array(draw(st.lists(st.sampled_from([0.0, 0.25, 0.5, 1.0]), min_size=n, max_size=n)))
    else:
        u = np.array(draw(st.lists(st.sampled_from([0.0, 1.0]), min_size=n, max_size=n)))
    return u, a, b, c


def direct_posterior_moments(u, a, b, c, m, s):
    with warnings.catch_warnings():
        # quad may warn that round-off stops it short of 1e-12: still far below 1e-6
        warnings.simplefilter("ignore", IntegrationWarning)
        return _moments(u, a, b, c, m, s)


def _moments(u, a, b, c, m, s):
    def f(x, k):
        return x**k * np.exp(float(log_likelihood(x, u, a, b, c)) - 0.5 * ((x - m) / s) ** 2)
    kw = dict(epsabs=0, epsrel=1e-12, limit=400, points=list(np.linspace(-4, 4, 17)))
    z = quad(f, -4, 4, args=(0,), **kw)[0]
    mean = quad(f, -4, 4, args=(1,), **kw)[0] / z
    var = quad(lambda x: (x - mean) ** 2 * f(x, 0), -4, 4, **kw)[0] / z
    return mean, np.sqrt(var)


@settings(max_examples=60, deadline=None)
@given(pattern(fractional=True), st.floats(-1.5, 1.5), st.floats(0.5, 1.5))
def test_eap_matches_direct_integration_of_the_posterior(p, m, s):
    u, a, b, c = p
    theta, se = estimate_eap(u, a, b, c, prior_mean=m, prior_sd=s)
    mean, sd = direct_posterior_moments(u, a, b, c, m, s)
    assert abs(theta - mean) < 1e-6
    assert abs(se - sd) < 1e-6


def test_eap_extreme_patterns_and_prior_from_history():
    a, b, c = np.full(20, 1.5), np.linspace(-2, 2, 20), np.full(20, 0.2)
    hi, _ = estimate_eap(np.ones(20), a, b, c)
    lo, _ = estimate_eap(np.zeros(20), a, b, c)
    assert hi > 1.5 and lo < -1.5
    for u in (np.ones(20), np.zeros(20)):
        mean, sd = direct_posterior_moments(u, a, b, c, 0.0, 1.0)
        theta, se = estimate_eap(u, a, b, c)
        assert abs(theta - mean) < 1e-6 and abs(se - sd) < 1e-6
    # no responses: the prior itself
    t0, s0 = estimate_eap([], [], [], [], prior_mean=0.7, prior_sd=0.5)
    assert t0 == pytest.approx(0.7, abs=1e-9) and s0 == pytest.approx(0.5, abs=1e-6)
    # a history prior pulls the same answers towards it
    u = np.array([1, 0, 1, 1, 0], float)
    assert estimate_eap(u, a[:5], b[:5], c[:5], prior_mean=1.0)[0] > estimate_eap(u, a[:5], b[:5], c[:5])[0]


@settings(max_examples=40, deadline=None)
@given(pattern())
def test_incremental_update_equals_batch(p):
    u, a, b, c = p
    acc = EAPAccumulator(0.2, 0.9)
    for k in range(u.size):
        acc.add(u[k], a[k], b[k], c[k])
    theta, se = acc.estimate()
    bt, bse = estimate_eap(u, a, b, c, 0.2, 0.9)
    assert theta == pytest.approx(bt, abs=1e-10) and se == pytest.approx(bse, abs=1e-10)


@settings(max_examples=60, deadline=None)
@given(pattern(three=False, fractional=True))
def test_mle_matches_a_bracketing_root_finder(p):
    u, a, b, c = p
    theta, se = estimate_mle(u, a, b, c)
    if u.size == 0:
        assert se == float("inf")
        return
    if np.all(u == 1):
        assert theta == 4.0
        return
    if np.all(u == 0):
        assert theta == -4.0
        return
    score = lambda t: float(np.sum(a * (u - probability(t, a, b))))  # 2PL score, decreasing
    if score(-4) <= 0:
        assert theta == pytest.approx(-4.0, abs=1e-6)
    elif score(4) >= 0:
        assert theta == pytest.approx(4.0, abs=1e-6)
    else:
        assert theta == pytest.approx(brentq(score, -4, 4, xtol=1e-13), abs=1e-8)
        assert se == pytest.approx(1 / np.sqrt(information(theta, a, b).sum()), rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(pattern(three=False), st.floats(-1, 1), st.floats(0.5, 1.5))
def test_map_matches_a_bracketing_root_finder(p, m, s):
    u, a, b, c = p
    theta, _ = estimate_map(u, a, b, c, prior_mean=m, prior_sd=s)
    score = lambda t: float(np.sum(a * (u - probability(t, a, b)))) - (t - m) / s**2
    assert theta == pytest.approx(brentq(score, -4, 4, xtol=1e-13), abs=1e-8)


def test_mle_3pl_finds_the_global_maximum():
    rng = np.random.default_rng(4)
    a, b, c = rng.uniform(0.5, 2, 30), rng.normal(0, 1, 30), rng.uniform(0.1, 0.3, 30)
    u = (rng.random(30) < probability(0.5, a, b, c)).astype(float)
    theta, _ = estimate_mle(u, a, b, c)
    grid = np.linspace(-4, 4, 80001)
    assert theta == pytest.approx(grid[np.argmax(log_likelihood(grid, u, a, b, c))], abs=1e-3)


def test_vectorised_shapes_and_models():
    a, b, c = model_parameters("3PL", [0.0, 1.0, -1.0], a=[1, 2, 0.5], c=0.2)
    th = np.linspace(-3, 3, 7)
    assert probability(th, a, b, c).shape == (7, 3)
    assert information(th, a, b, c).shape == (7, 3)
    # 1PL at theta = b is 1/2 and its information 1/4
    a1, b1, c1 = model_parameters("1PL", [0.3])
    assert probability(0.3, a1, b1, c1)[0] == pytest.approx(0.5)
    assert information(0.3, a1, b1, c1)[0] == pytest.approx(0.25)
    # 3PL information equals the textbook a^2 (Q/P) ((P-c)/(1-c))^2
    p = probability(th, a, b, c)
    textbook = a**2 * ((1 - p) / p) * ((p - c) / (1 - c)) ** 2
    assert np.allclose(information(th, a, b, c), textbook, rtol=1e-12)
    with pytest.raises(ValueError):
        estimate_eap([1.5], [1.0], [0.0])
    with pytest.raises(ValueError):
        estimate_eap([1, 0], [1.0], [0.0])
    assert json.dumps(estimate_eap([1], [1.0], [0.0]))  # plain floats
