"""Ability estimation: EAP (with its posterior SD), MAP and bounded MLE.

Responses are credits in [0, 1]: 0/1 for dichotomous items, a fraction for
partial credit (a ``multi_choice`` item with partial credit, a ``text`` answer
graded "partial").  The likelihood of credit u is P^u Q^(1-u).

EAP integrates over Gauss-Legendre nodes on ``[lo, hi]`` (default 61 points
on [-4, 4]).  Gauss-Legendre rather than equally spaced points because the
posterior is smooth: with the same 61 points the integral agrees with an
adaptive integration of the posterior over [-4, 4] to far better than 1e-6,
including the all-correct / all-wrong cases whose mass sits near the ends.

The incremental form (:class:`EAPAccumulator`, :func:`add_response`) keeps the
log-likelihood at the nodes, so recording a response costs O(points) and never
revisits earlier responses.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .irt import EPS, log_likelihood, logistic, probability, test_information

DEFAULT_POINTS = 61
DEFAULT_BOUNDS = (-4.0, 4.0)


@dataclass(frozen=True)
class Quadrature:
    """Gauss-Legendre nodes and weights on ``[lo, hi]``."""

    nodes: NDArray[np.float64]
    weights: NDArray[np.float64]
    log_weights: NDArray[np.float64]
    lo: float
    hi: float
    nodes_sq: NDArray[np.float64]

    @property
    def points(self) -> int:
        return int(self.nodes.size)


@lru_cache(maxsize=32)
def quadrature(points: int = DEFAULT_POINTS, lo: float = DEFAULT_BOUNDS[0], hi: float = DEFAULT_BOUNDS[1]) -> Quadrature:
    if points < 2:
        raise ValueError("quadrature needs at least 2 points")
    if not hi > lo:
        raise ValueError("quadrature needs lo < hi")
    x, w = np.polynomial.legendre.leggauss(points)
    nodes = 0.5 * (hi - lo) * x + 0.5 * (hi + lo)
    weights = 0.5 * (hi - lo) * w
    nodes.setflags(write=False)
    weights.setflags(write=False)
    logw = np.log(weights)
    logw.setflags(write=False)
    sq = nodes * nodes
    sq.setflags(write=False)
    return Quadrature(nodes, weights, logw, float(lo), float(hi), sq)


def log_normal_prior(nodes: ArrayLike, mean: float = 0.0, sd: float = 1.0) -> NDArray[np.float64]:
    """Log density of N(mean, sd) up to a constant (constants cancel in EAP)."""
    if not sd > 0:
        raise ValueError("prior_sd must be positive")
    z = (np.asarray(nodes, dtype=float) - mean) / sd
    return -0.5 * z * z


def item_log_likelihood(
    nodes: NDArray[np.float64], credit: float, a: float, b: float, c: float = 0.0
) -> NDArray[np.float64]:
    """Log-likelihood of one response at every node (O(points))."""
    x = np.minimum(a * (b - nodes), 700.0)
    e = np.exp(x)  # P* = 1 / (1 + e)
    # log P = log((1 + c e) / (1 + e)),  log Q = log((1 - c) e / (1 + e))
    log1pe = np.log1p(e)
    if credit >= 1.0:
        return (np.log1p(c * e) if c else 0.0) - log1pe
    logq = x + (np.log1p(-c) if c else 0.0) - log1pe
    if credit <= 0.0:
        return logq
    logp = (np.log1p(c * e) if c else 0.0) - log1pe
    return credit * logp + (1.0 - credit) * logq


def eap_from_log_posterior(q: Quadrature, log_post: ArrayLike) -> tuple[float, float]:
    """Posterior mean and SD from the log posterior (unnormalised) at the nodes."""
    lp = np.asarray(log_post, dtype=float)
    w = np.exp(lp - lp.max())
    w *= q.weights
    total = w.sum()
    m1 = w @ q.nodes / total
    m2 = w @ q.nodes_sq / total
    return float(m1), float(np.sqrt(max(m2 - m1 * m1, 0.0)))


def posterior_density(q: Quadrature, log_post: ArrayLike) -> NDArray[np.float64]:
    """Normalised posterior density at the nodes (integrates to 1 with q.weights)."""
    lp = np.asarray(log_post, dtype=float)
    w = np.exp(lp - lp.max())
    return w / (w @ q.weights)


def _arrays(responses: ArrayLike, a: ArrayLike, b: ArrayLike, c: ArrayLike | None):
    u = np.atleast_1d(np.asarray(responses, dtype=float))
    a = np.atleast_1d(np.asarray(a, dtype=float))
    b = np.atleast_1d(np.asarray(b, dtype=float))
    c = np.zeros_like(b) if c is None else np.broadcast_to(np.asarray(c, dtype=float), b.shape)
    if not (u.shape == a.shape == b.shape):
        raise ValueError("responses, a, b and c must have one entry per administered item")
    if u.size and (np.any(u < 0) or np.any(u > 1) or np.any(np.isnan(u))):
        raise ValueError("credits must lie in [0, 1]")
    return u, a, b, c


def estimate_eap(
    responses: ArrayLike,
    a: ArrayLike,
    b: ArrayLike,
    c: ArrayLike | None = None,
    prior_mean: float = 0.0,
    prior_sd: float = 1.0,
    points: int = DEFAULT_POINTS,
    bounds: tuple[float, float] = DEFAULT_BOUNDS,
) -> tuple[float, float]:
    """EAP ability estimate and its posterior SD (the standard error).

    ``responses``, ``a``, ``b``, ``c`` are over the administered items only.
    With no responses the result is the prior (truncated to ``bounds``).
    """
    u, a, b, c = _arrays(responses, a, b, c)
    q = quadrature(points, *bounds)
    lp = log_normal_prior(q.nodes, prior_mean, prior_sd)
    if u.size:
        lp = lp + log_likelihood(q.nodes, u, a, b, c)
    return eap_from_log_posterior(q, lp)


class EAPAccumulator:
    """Incremental EAP: ``add`` is O(points); nothing is recomputed."""

    __slots__ = ("q", "log_post")

    def __init__(self, prior_mean: float = 0.0, prior_sd: float = 1.0, points: int = DEFAULT_POINTS,
                 bounds: tuple[float, float] = DEFAULT_BOUNDS) -> None:
        self.q = quadrature(points, *bounds)
        self.log_post = log_normal_prior(self.q.nodes, prior_mean, prior_sd)

    def add(self, credit: float, a: float, b: float, c: float = 0.0) -> tuple[float, float]:
        self.log_post = self.log_post + item_log_likelihood(self.q.nodes, credit, a, b, c)
        return self.estimate()

    def estimate(self) -> tuple[float, float]:
        return eap_from_log_posterior(self.q, self.log_post)


# --------------------------------------------------------------------------- MLE / MAP


def _score(theta: float, u, a, b, c, prior_mean: float | None, prior_sd: float | None) -> float:
    """d/dtheta of the log-likelihood (plus log prior for MAP)."""
    star = logistic(a * (theta - b))
    p = np.clip(c + (1.0 - c) * star, EPS, 1.0 - EPS)
    # d log L / d theta = sum a (u - P) (P - c) / (P (1 - c)) ; (P-c)/(1-c) = P*
    s = float(np.sum(a * (u - p) * star / p))
    if prior_sd is not None:
        s -= (theta - prior_mean) / (prior_sd * prior_sd)
    return s


def _objective(theta: NDArray[np.float64], u, a, b, c, prior_mean, prior_sd) -> NDArray[np.float64]:
    val = log_likelihood(theta, u, a, b, c)
    if prior_sd is not None:
        val = val - 0.5 * ((theta - prior_mean) / prior_sd) ** 2
    return val


def _illinois(f, lo: float, hi: float, flo: float, fhi: float, tol: float = 1e-12, maxiter: int = 200) -> float:
    """Root of f in [lo, hi] with f(lo) > 0 > f(hi) (Illinois regula falsi)."""
    side = 0
    x = lo
    for _ in range(maxiter):
        x = (lo * fhi - hi * flo) / (fhi - flo)
        fx = f(x)
        if fx == 0.0 or hi - lo < tol:
            return x
        if fx > 0:
            lo, flo = x, fx
            if side == 1:
                fhi *= 0.5
            side = 1
        else:
            hi, fhi = x, fx
            if side == -1:
                flo *= 0.5
            side = -1
        if abs(hi - lo) < tol:
            break
    return x


def _mode(u, a, b, c, bounds, prior_mean=None, prior_sd=None, grid_points: int = 161) -> float:
    lo, hi = bounds
    # locate the global maximum on a fine grid (the 3PL likelihood can have
    # several local maxima), then polish the root of the score around it
    grid = np.linspace(lo, hi, grid_points)
    k = int(np.argmax(_objective(grid, u, a, b, c, prior_mean, prior_sd)))

    def f(t: float) -> float:
        return _score(t, u, a, b, c, prior_mean, prior_sd)

    left = grid[max(k - 1, 0)]
    right = grid[min(k + 1, grid_points - 1)]
    fl, fr = f(left), f(right)
    if k == 0 and fl <= 0:
        return float(lo)
    if k == grid_points - 1 and fr >= 0:
        return float(hi)
    if fl <= 0:  # maximum sits on the grid point itself or the score is flat
        return float(left)
    if fr >= 0:
        return float(right)
    return float(_illinois(f, left, right, fl, fr))


def estimate_mle(
    responses: ArrayLike, a: ArrayLike, b: ArrayLike, c: ArrayLike | None = None,
    bounds: tuple[float, float] = DEFAULT_BOUNDS,
) -> tuple[float, float]:
    """Bounded maximum-likelihood estimate and 1/sqrt(test information).

    All-correct returns the upper bound, all-wrong the lower bound (the MLE
    does not exist there); with no responses the SE is infinite.
    """
    u, a, b, c = _arrays(responses, a, b, c)
    lo, hi = bounds
    if u.size == 0:
        return 0.5 * (lo + hi), float("inf")
    if np.all(u >= 1.0):
        theta = float(hi)
    elif np.all(u <= 0.0):
        theta = float(lo)
    else:
        theta = _mode(u, a, b, c, bounds)
    info = float(test_information(theta, a, b, c))
    return theta, (1.0 / np.sqrt(info) if info > 0 else float("inf"))


def estimate_map(
    responses: ArrayLike, a: ArrayLike, b: ArrayLike, c: ArrayLike | None = None,
    prior_mean: float = 0.0, prior_sd: float = 1.0, bounds: tuple[float, float] = DEFAULT_BOUNDS,
) -> tuple[float, float]:
    """Maximum a posteriori estimate (normal prior) and its SE from the curvature."""
    if not prior_sd > 0:
        raise ValueError("prior_sd must be positive")
    u, a, b, c = _arrays(responses, a, b, c)
    theta = _mode(u, a, b, c, bounds, prior_mean, prior_sd) if u.size else float(np.clip(prior_mean, *bounds))
    info = float(test_information(theta, a, b, c)) if u.size else 0.0
    return theta, float(1.0 / np.sqrt(info + 1.0 / prior_sd**2))


__all__ = [
    "DEFAULT_BOUNDS", "DEFAULT_POINTS", "EAPAccumulator", "Quadrature", "eap_from_log_posterior",
    "estimate_eap", "estimate_map", "estimate_mle", "item_log_likelihood", "log_normal_prior",
    "posterior_density", "probability", "quadrature",
]
