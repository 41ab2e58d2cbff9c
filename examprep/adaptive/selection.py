"""Item selection: maximum Fisher information with exposure control.

The primitives here work on plain arrays over the bank.  The engine
(:mod:`examprep.adaptive.engine`) builds the eligibility mask from the
blueprint's content quotas and hands stimulus groups in as units.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .irt import EPS


def item_information(
    theta: float, a: NDArray[np.floating], b: NDArray[np.floating], c: NDArray[np.floating],
    scale: NDArray[np.floating] | None = None,
) -> NDArray[np.floating]:
    """Fisher information of every item at one ability value (fast path).

    With e = exp(a (b - theta)):  P* = 1/(1+e),  P = (1 + c e)/(1 + e) and
    I = a^2 (1 - c) e / ((1 + e)^2 (1 + c e)), one exponential per item.
    ``scale`` may carry the precomputed a^2 (1 - c).  Works in the dtype of
    ``b`` (float32 for the screening pass of :class:`InfoIndex`).
    """
    e = np.subtract(b, b.dtype.type(theta))
    e *= a
    # exp(x)^3 must stay finite: x <= 60 in float64, <= 25 in float32 (values
    # past the cap are overestimated but remain below InfoIndex.TINY)
    np.minimum(e, 60.0 if e.dtype == np.float64 else 25.0, out=e)
    np.exp(e, out=e)
    den = e + 1.0
    den *= den
    t = c * e
    t += 1.0
    den *= t
    if scale is None:
        scale = a * a * (1.0 - c)
    e *= scale
    e /= den
    return e


class InfoIndex:
    """Exact maximum-information search over a fixed bank.

    A float32 pass screens every item (the exponential is ~4x cheaper in
    single precision); the few items within a relative 1e-4 of the best are
    then re-evaluated in float64 and the exact argmax is returned.  Float32
    errors here are below 1e-5 relative, so the float64 winner is always among
    the re-evaluated candidates; if the best information is below 1e-6 (where
    float32 capping and precision could mislead) the whole bank is evaluated
    in float64.
    """

    __slots__ = ("a", "b", "c", "scale", "a32", "b32", "c32", "scale32")

    REL_TOL = 1e-4
    TINY = 1e-6

    def __init__(self, a: ArrayLike, b: ArrayLike, c: ArrayLike) -> None:
        self.a = np.ascontiguousarray(a, dtype=np.float64)
        self.b = np.ascontiguousarray(b, dtype=np.float64)
        self.c = np.ascontiguousarray(np.broadcast_to(np.asarray(c, dtype=np.float64), self.b.shape))
        if not (self.a.shape == self.b.shape == self.c.shape) or self.a.ndim != 1:
            raise ValueError("a, b and c must be 1-d arrays of the same length")
        self.scale = self.a * self.a * (1.0 - self.c)
        self.a32 = self.a.astype(np.float32)
        self.b32 = self.b.astype(np.float32)
        self.c32 = self.c.astype(np.float32)
        self.scale32 = self.scale.astype(np.float32)

    def __len__(self) -> int:
        return int(self.a.size)

    def information(self, theta: float) -> NDArray[np.float64]:
        return item_information(theta, self.a, self.b, self.c, self.scale)

    def best(self, theta: float, eligible: NDArray[np.bool_]) -> int:
        if eligible.shape != self.a.shape:
            raise ValueError("eligible must be a boolean mask over the bank")
        info32 = item_information(theta, self.a32, self.b32, self.c32, self.scale32)
        np.multiply(info32, eligible, out=info32)  # ineligible -> 0 (information is >= 0)
        k = int(np.argmax(info32))
        top = float(info32[k])
        if top < self.TINY:
            if not eligible.any():
                raise ValueError("no eligible item")
            info = self.information(theta)
            info[~eligible] = -np.inf
            return int(np.argmax(info))
        cand = np.flatnonzero(info32 >= np.float32(top * (1.0 - self.REL_TOL)))
        if cand.size == 1:
            return k
        exact = item_information(theta, self.a[cand], self.b[cand], self.c[cand], self.scale[cand])
        return int(cand[int(np.argmax(exact))])


def select_max_info(theta: float, a: ArrayLike, b: ArrayLike, c: ArrayLike, eligible: ArrayLike) -> int:
    """Bank index of the most informative eligible item at ``theta``.

    Ties go to the lowest index.  Raises ``ValueError`` when nothing is
    eligible.  For repeated calls on one bank build an :class:`InfoIndex`
    once and call its ``best`` method (this function builds one per call).
    """
    return InfoIndex(a, b, c).best(float(theta), np.asarray(eligible, dtype=bool))


def unit_information(info: NDArray[np.float64], unit_of_item: NDArray[np.intp], n_units: int) -> NDArray[np.float64]:
    """Sum of item information per unit (stimulus group or lone item)."""
    return np.bincount(unit_of_item, weights=info, minlength=n_units)


def rank_candidates(scores: NDArray[np.float64], eligible: NDArray[np.bool_]) -> NDArray[np.intp]:
    """Eligible indices ordered by decreasing score (stable: ties by index)."""
    idx = np.flatnonzero(eligible)
    order = np.argsort(-scores[idx], kind="stable")
    return idx[order]


def randomesque(ranked: NDArray[np.intp], k: int, rng: np.random.Generator) -> int:
    """Pick uniformly among the ``k`` best candidates (Kingsbury & Zara 1989)."""
    if ranked.size == 0:
        raise ValueError("no eligible item")
    top = ranked[: max(1, min(int(k), ranked.size))]
    return int(top[rng.integers(top.size)]) if top.size > 1 else int(top[0])


def sympson_hetter(ranked: NDArray[np.intp], k_param: NDArray[np.float64], rng: np.random.Generator) -> tuple[int, list[int]]:
    """Sympson-Hetter: walk down the ranking, administer candidate i with
    probability ``k_param[i]``.  Returns the chosen index and the candidates
    passed over (they stay blocked for the rest of this candidate's test).
    If every candidate is passed over the last one is taken, so a test never
    stalls.
    """
    if ranked.size == 0:
        raise ValueError("no eligible item")
    draws = rng.random(ranked.size)
    accepted = np.flatnonzero(draws <= k_param[ranked])
    pos = int(accepted[0]) if accepted.size else ranked.size - 1
    return int(ranked[pos]), [int(i) for i in ranked[:pos]]


__all__ = ["InfoIndex", "item_information", "randomesque", "rank_candidates", "select_max_info", "sympson_hetter", "unit_information"]
