"""Item response functions and Fisher information (logistic, D = 1).

Every function is vectorised: ``theta`` may be a scalar or an array of
ability points and ``a``, ``b``, ``c`` arrays over items.  The result has the
shape ``theta.shape + a.shape`` (points first, items last), so a whole bank
is evaluated at a whole quadrature grid in one call.

Models (all with the logistic metric, scaling constant D = 1; there is no
1.702 factor anywhere in examprep):

* 1PL  P = 1 / (1 + exp(-(theta - b)))            (a = 1, c = 0)
* 2PL  P = 1 / (1 + exp(-a (theta - b)))          (c = 0)
* 3PL  P = c + (1 - c) / (1 + exp(-a (theta - b)))

A 1PL or 2PL bank is just a 3PL bank with ``a = 1`` and/or ``c = 0``; use
:func:`model_parameters` to build the arrays.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

Model = Literal["1PL", "2PL", "3PL"]

#: probabilities are kept inside [EPS, 1 - EPS] so logs stay finite
EPS = 1e-12


def model_parameters(
    model: Model, b: ArrayLike, a: ArrayLike | None = None, c: ArrayLike | None = None
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Return ``(a, b, c)`` float arrays for ``model``, filling the fixed ones.

    1PL ignores ``a`` and ``c`` (a = 1, c = 0); 2PL ignores ``c`` (c = 0).
    """
    b_arr = np.atleast_1d(np.asarray(b, dtype=float))
    n = b_arr.shape
    if model == "1PL":
        return np.ones(n), b_arr, np.zeros(n)
    if a is None:
        raise ValueError(f"{model} needs discriminations a")
    a_arr = np.broadcast_to(np.asarray(a, dtype=float), n).copy()
    if model == "2PL":
        return a_arr, b_arr, np.zeros(n)
    if model == "3PL":
        c_arr = np.zeros(n) if c is None else np.broadcast_to(np.asarray(c, dtype=float), n).copy()
        return a_arr, b_arr, c_arr
    raise ValueError(f"unknown IRT model {model!r} (1PL, 2PL or 3PL)")


def _outer(theta: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
    return np.subtract.outer(np.asarray(theta, dtype=float), np.asarray(b, dtype=float))


def logistic(x: ArrayLike) -> NDArray[np.float64]:
    """Numerically safe 1 / (1 + exp(-x))."""
    x = np.asarray(x, dtype=float)
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def probability(theta: ArrayLike, a: ArrayLike, b: ArrayLike, c: ArrayLike = 0.0) -> NDArray[np.float64]:
    """P(correct | theta) for every (ability point, item) pair."""
    a = np.asarray(a, dtype=float)
    c = np.asarray(c, dtype=float)
    star = logistic(a * _outer(theta, b))
    return c + (1.0 - c) * star


def information(theta: ArrayLike, a: ArrayLike, b: ArrayLike, c: ArrayLike = 0.0) -> NDArray[np.float64]:
    """Fisher information of each item at each ability point.

    I(theta) = a^2 (Q / P) ((P - c) / (1 - c))^2, which for c = 0 is a^2 P Q.
    """
    a = np.asarray(a, dtype=float)
    c = np.asarray(c, dtype=float)
    star = logistic(a * _outer(theta, b))  # the 2PL part P*
    p = c + (1.0 - c) * star
    # (P - c)/(1 - c) = P*, Q = (1 - c)(1 - P*)
    return a * a * (1.0 - c) * star * star * (1.0 - star) / np.maximum(p, EPS)


def test_information(theta: ArrayLike, a: ArrayLike, b: ArrayLike, c: ArrayLike = 0.0) -> NDArray[np.float64]:
    """Sum of item information over the items (last axis)."""
    return information(theta, a, b, c).sum(axis=-1)


def log_likelihood(
    theta: ArrayLike, responses: ArrayLike, a: ArrayLike, b: ArrayLike, c: ArrayLike = 0.0
) -> NDArray[np.float64]:
    """Log-likelihood of ``responses`` (credit in [0, 1] per item) at each theta.

    Fractional credit u contributes u log P + (1 - u) log Q, the usual
    "fractional response" extension of the Bernoulli likelihood.
    """
    u = np.asarray(responses, dtype=float)
    p = np.clip(probability(theta, a, b, c), EPS, 1.0 - EPS)
    return (u * np.log(p) + (1.0 - u) * np.log1p(-p)).sum(axis=-1)
