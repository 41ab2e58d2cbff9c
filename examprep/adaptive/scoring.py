"""From ability to an estimated scaled score and a probability of passing.

For each scoring section the blueprint names the item sections it covers and
the question-type counts of the real form.  Its *reference form* is that
form filled with the pool's items: every question type weighted by its
count, its items averaged.  At ability theta the expected proportion correct
on the reference form is

    pi_k(theta) = sum_j w_j P_j(theta)        (a test characteristic curve)

and the estimated scaled score is ``scale_k(pi_k(theta))``, a piecewise-linear
map (by default the straight line from 0 -> scale min to 1 -> scale max;
``scale_points`` in the blueprint bends it).  The total is the sum of the
section scores (JLPT) or their item-weighted mean (percentage tests).

The posterior of theta is carried through these monotone maps: the point
estimate is the posterior mean score, the interval comes from posterior
quantiles, and

    P(pass) = P(total >= total pass mark and every section >= its minimum)

is integrated over the posterior.  With one posterior for all sections the
sections move together; with one posterior per scoring section they are
treated as independent and the joint probability is integrated on a grid.
These are *estimates* from a mock test, never official scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
from numpy.typing import NDArray

from .blueprint import Blueprint, Scoring, ScoringSection
from .irt import probability
from .pool import ItemPool
from .posterior import GridPosterior, NormalPosterior, Posterior

DISCLAIMER = "Estimated from a mock test; not an official score."


@dataclass(frozen=True, eq=False)
class ReferenceForm:
    a: Mapping[str, NDArray[np.float64]]
    b: Mapping[str, NDArray[np.float64]]
    c: Mapping[str, NDArray[np.float64]]
    w: Mapping[str, NDArray[np.float64]]
    counts: Mapping[str, int]

    @classmethod
    def from_pool(cls, blueprint: Blueprint, pool: ItemPool) -> "ReferenceForm":
        if blueprint.scoring is None:
            raise ValueError(f"blueprint {blueprint.id} has no scoring sections")
        a, b, c, w, counts = {}, {}, {}, {}, {}
        for sec in blueprint.scoring.sections:
            weights = np.zeros(len(pool))
            n_items = 0
            for _, slot in blueprint.slots:
                secs = [s for s in slot.sections if s in sec.content]
                if not secs:
                    continue
                n_items += slot.count
                m = np.zeros(len(pool), dtype=bool)
                for s in secs:
                    if slot.question_types:
                        for q in slot.question_types:
                            m |= pool.mask(s, q)
                    else:
                        m |= pool.mask(s)
                if m.any():
                    weights[m] += slot.count / m.sum()
            if not weights.any():  # the pool has nothing for this section yet
                m = np.isin(np.array(pool.section, dtype=object), sec.content)
                if not m.any():
                    m = np.ones(len(pool), dtype=bool)
                if not m.any():
                    raise ValueError("empty item pool")
                weights[m] = 1.0
            keep = weights > 0
            a[sec.id], b[sec.id], c[sec.id] = pool.a[keep], pool.b[keep], pool.c[keep]
            w[sec.id] = weights[keep] / weights[keep].sum()
            counts[sec.id] = max(n_items, 1)
        return cls(a, b, c, w, counts)

    def proportion(self, section_id: str, theta: NDArray[np.float64]) -> NDArray[np.float64]:
        """Expected proportion correct on the reference form at each theta."""
        return probability(theta, self.a[section_id], self.b[section_id], self.c[section_id]) @ self.w[section_id]


@dataclass(frozen=True)
class SectionScore:
    id: str
    title: str
    score: float
    low: float
    high: float
    scale_min: float
    scale_max: float
    pass_min: float | None
    p_reach_min: float | None


@dataclass(frozen=True)
class ScoreEstimate:
    sections: tuple[SectionScore, ...]
    total: float
    total_low: float
    total_high: float
    total_min: float
    total_max: float
    total_pass_min: float | None
    p_pass: float
    band: str | None
    interval: float
    note: str = DISCLAIMER

    def section(self, section_id: str) -> SectionScore:
        return next(s for s in self.sections if s.id == section_id)

    def as_dict(self) -> dict:
        from dataclasses import asdict
        return asdict(self)


def to_scale(sec: ScoringSection, proportion: NDArray[np.float64]) -> NDArray[np.float64]:
    xs, ys = zip(*sec.points())
    return np.interp(proportion, xs, ys)


def _weighted_quantile(values: NDArray[np.float64], probs: NDArray[np.float64], q: float) -> float:
    order = np.argsort(values, kind="stable")
    cdf = np.cumsum(probs[order])
    k = int(np.searchsorted(cdf, q * cdf[-1]))
    return float(values[order][min(k, values.size - 1)])


def _as_posterior(p) -> Posterior:
    if isinstance(p, (GridPosterior, NormalPosterior)):
        return p
    mean, sd = p
    return NormalPosterior(float(mean), float(sd))


def _total(scoring: Scoring, scores: list[NDArray[np.float64]], counts: list[int]) -> NDArray[np.float64]:
    if scoring.combine == "sum":
        return np.sum(scores, axis=0)
    w = np.asarray(counts, dtype=float)
    return np.tensordot(w / w.sum(), np.asarray(scores), axes=1)


def estimate_scores(
    blueprint: Blueprint,
    posterior: Posterior | tuple[float, float] | Mapping[str, Posterior | tuple[float, float]],
    reference: ReferenceForm,
    interval: float = 0.8,
) -> ScoreEstimate:
    """Estimated scaled scores, intervals and P(pass) for ``blueprint``.

    ``posterior`` is one ability posterior (shared by all scoring sections),
    a ``(theta, se)`` pair (read as a normal posterior), or a mapping from
    scoring-section id to a posterior (sections treated as independent).
    """
    scoring = blueprint.scoring
    if scoring is None:
        raise ValueError(f"blueprint {blueprint.id} has no scoring sections")
    secs = scoring.sections
    counts = [int(reference.counts[s.id]) for s in secs]
    lo_q, hi_q = (1 - interval) / 2, 1 - (1 - interval) / 2
    if isinstance(posterior, Mapping):
        posts = [_as_posterior(posterior[s.id]) for s in secs]
        points = {1: 401, 2: 201, 3: 101}.get(len(secs), 41)
        grids = [p.discretise(points) for p in posts]
        axes = [to_scale(s, reference.proportion(s.id, g)) for s, (g, _) in zip(secs, grids)]
        mesh = np.meshgrid(*axes, indexing="ij", sparse=True)
        prob = np.ones([1] * len(secs))
        for k, (_, p) in enumerate(grids):
            shape = [1] * len(secs)
            shape[k] = p.size
            prob = prob * p.reshape(shape)
        full = [np.broadcast_to(m, prob.shape) for m in mesh]
        flat_p = prob.ravel()
        per_section = [(ax, p) for ax, (_, p) in zip(axes, grids)]
        total = _total(scoring, [f.ravel() for f in full], counts)
        ok = np.ones(flat_p.size, dtype=bool)
        for s, f in zip(secs, full):
            if s.pass_min is not None:
                ok &= f.ravel() >= s.pass_min
    else:
        grid, flat_p = _as_posterior(posterior).discretise()
        axes = [to_scale(s, reference.proportion(s.id, grid)) for s in secs]
        per_section = [(ax, flat_p) for ax in axes]
        total = _total(scoring, axes, counts)
        ok = np.ones(flat_p.size, dtype=bool)
        for s, ax in zip(secs, axes):
            if s.pass_min is not None:
                ok &= ax >= s.pass_min
    if scoring.total_pass_min is not None:
        ok &= total >= scoring.total_pass_min
    results = []
    for s, (ax, p) in zip(secs, per_section):
        results.append(SectionScore(
            id=s.id, title=s.title, score=float(ax @ p),
            low=_weighted_quantile(ax, p, lo_q), high=_weighted_quantile(ax, p, hi_q),
            scale_min=s.scale_min, scale_max=s.scale_max, pass_min=s.pass_min,
            p_reach_min=None if s.pass_min is None else float(p[ax >= s.pass_min].sum()),
        ))
    t_mean = float(total @ flat_p)
    band = None
    for b in scoring.bands:
        if t_mean >= b.min:
            band = b.label
    return ScoreEstimate(
        sections=tuple(results), total=t_mean,
        total_low=_weighted_quantile(total, flat_p, lo_q), total_high=_weighted_quantile(total, flat_p, hi_q),
        total_min=scoring.total_min, total_max=scoring.total_max, total_pass_min=scoring.total_pass_min,
        p_pass=float(flat_p[ok].sum()), band=band, interval=interval,
    )


__all__ = ["DISCLAIMER", "ReferenceForm", "ScoreEstimate", "SectionScore", "estimate_scores", "to_scale"]
