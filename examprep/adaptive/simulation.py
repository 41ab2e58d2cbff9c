"""Simulated candidates through a blueprint: precision, length, exposure.

True abilities are drawn from N(0, 1) (or given); responses follow the pool's
own parameters (so this measures the test design and the bank's coverage,
not calibration error).  Results are tabulated by ability band.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from numpy.typing import NDArray

from .blueprint import Blueprint
from .engine import AdaptiveEngine
from .pool import ItemPool

BANDS: tuple[float, ...] = (-np.inf, -2.0, -1.0, 0.0, 1.0, 2.0, np.inf)


@dataclass(frozen=True)
class BandRow:
    low: float
    high: float
    n: int
    bias: float
    rmse: float
    mean_se: float
    mean_length: float

    @property
    def label(self) -> str:
        if self.low == -np.inf:
            return f"< {self.high:g}"
        if self.high == np.inf:
            return f">= {self.low:g}"
        return f"[{self.low:g}, {self.high:g})"


@dataclass(frozen=True)
class SimulationReport:
    blueprint: str
    pool_size: int
    n: int
    seed: int
    true_theta: NDArray[np.float64]
    estimate: NDArray[np.float64]
    se: NDArray[np.float64]
    length: NDArray[np.int64]
    exposure: NDArray[np.float64]
    bands: tuple[BandRow, ...]

    @property
    def bias(self) -> float:
        return float(np.mean(self.estimate - self.true_theta))

    @property
    def rmse(self) -> float:
        return float(np.sqrt(np.mean((self.estimate - self.true_theta) ** 2)))

    @property
    def max_exposure(self) -> float:
        return float(self.exposure.max()) if self.exposure.size else 0.0

    @property
    def unused_share(self) -> float:
        return float(np.mean(self.exposure == 0)) if self.exposure.size else 0.0

    def table(self) -> str:
        lines = [
            f"Simulation of {self.blueprint}: {self.n} candidates, pool of {self.pool_size} items, seed {self.seed}",
            "",
            "| true theta | n | bias | RMSE | mean SE | mean length |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for r in self.bands:
            if r.n:
                lines.append(f"| {r.label} | {r.n} | {r.bias:+.3f} | {r.rmse:.3f} | {r.mean_se:.3f} | {r.mean_length:.1f} |")
        lines.append(f"| all | {self.n} | {self.bias:+.3f} | {self.rmse:.3f} | {float(np.mean(self.se)):.3f} | {float(np.mean(self.length)):.1f} |")
        lines += [
            "",
            f"test length: min {int(self.length.min())}, mean {float(self.length.mean()):.1f}, max {int(self.length.max())}",
            f"item exposure: max {self.max_exposure:.3f}, mean {float(self.exposure.mean()):.3f}, "
            f"unused items {self.unused_share:.1%} of the pool",
            f"correlation of true and estimated theta: {float(np.corrcoef(self.true_theta, self.estimate)[0, 1]):.3f}"
            if self.n > 2 else "",
        ]
        return "\n".join(lines).rstrip() + "\n"

    def svg(self, width: int = 640, height: int = 360) -> str:
        return precision_svg(self, width, height)


def simulate(blueprint: Blueprint, pool: ItemPool, n: int, seed: int = 0,
             true_theta: Sequence[float] | None = None, bands: Sequence[float] = BANDS) -> SimulationReport:
    engine = AdaptiveEngine(blueprint, pool)
    rng = np.random.default_rng(seed)
    theta = rng.standard_normal(n) if true_theta is None else np.asarray(true_theta, dtype=float)
    n = theta.size
    est = np.empty(n)
    se = np.empty(n)
    length = np.empty(n, dtype=np.int64)
    counts = np.zeros(len(pool))
    for k in range(n):
        state = engine.start(seed=int(rng.integers(2**62)))
        t = theta[k]
        while True:
            sel = engine.select(state)
            if sel is None:
                break
            for n_done, i in enumerate(sel.items):
                p = pool.c[i] + (1 - pool.c[i]) / (1 + np.exp(-pool.a[i] * (t - pool.b[i])))
                state = engine.record(state, pool.ids[i], float(rng.random() < p), sel if n_done == 0 else None)
                counts[i] += 1
        est[k], se[k], length[k] = state["theta"], state["se"], len(state["items"])
    rows = []
    for lo, hi in zip(bands[:-1], bands[1:]):
        m = (theta >= lo) & (theta < hi)
        if m.any():
            d = est[m] - theta[m]
            rows.append(BandRow(lo, hi, int(m.sum()), float(d.mean()), float(np.sqrt((d * d).mean())),
                                float(se[m].mean()), float(length[m].mean())))
        else:
            rows.append(BandRow(lo, hi, 0, float("nan"), float("nan"), float("nan"), float("nan")))
    return SimulationReport(blueprint.id, len(pool), n, seed, theta, est, se, length,
                            counts / max(n, 1), tuple(rows))


def sympson_hetter_parameters(blueprint: Blueprint, pool: ItemPool, r_max: float | None = None,
                              n: int = 500, iterations: int = 8, seed: int = 0) -> NDArray[np.float64]:
    """Sympson-Hetter exposure parameters by the usual iterative simulation:
    K_i <- min(1, K_i * r_max / P(selected_i)) until no item is administered
    more often than ``r_max``."""
    r = r_max if r_max is not None else blueprint.exposure.r_max
    k = np.ones(len(pool))
    for it in range(iterations):
        sim = simulate(blueprint, pool.with_exposure_k(k), n, seed=seed + it)
        admin = sim.exposure
        sel = np.where(k > 0, admin / np.maximum(k, 1e-9), 0.0)  # P(selected) = P(administered) / K
        k = np.where(sel > r, r / np.maximum(sel, 1e-9), 1.0)
        if admin.max() <= r:
            break
    return k


def precision_svg(report: SimulationReport, width: int = 640, height: int = 360) -> str:
    """Conditional RMSE and mean SE by true ability, as a standalone SVG."""
    pad_l, pad_r, pad_t, pad_b = 56, 16, 28, 44
    x0, x1 = -3.0, 3.0
    edges = np.linspace(x0, x1, 13)
    mids, rmse, mse = [], [], []
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (report.true_theta >= lo) & (report.true_theta < hi)
        if m.sum() >= 3:
            d = report.estimate[m] - report.true_theta[m]
            mids.append((lo + hi) / 2)
            rmse.append(float(np.sqrt((d * d).mean())))
            mse.append(float(report.se[m].mean()))
    ymax = max([0.5] + rmse + mse) * 1.1
    def sx(v: float) -> float:
        return pad_l + (v - x0) / (x1 - x0) * (width - pad_l - pad_r)
    def sy(v: float) -> float:
        return height - pad_b - v / ymax * (height - pad_t - pad_b)
    def path(ys: list[float]) -> str:
        return " ".join(f"{'M' if i == 0 else 'L'}{sx(x):.1f},{sy(y):.1f}" for i, (x, y) in enumerate(zip(mids, ys)))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           f'font-family="sans-serif" font-size="12">',
           f'<title>Precision by ability: {report.blueprint}</title>',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{pad_l}" y="18" font-size="14">Precision by true ability: {report.blueprint} '
           f'({report.n} simulated candidates)</text>']
    for t in np.arange(x0, x1 + 0.01, 1.0):
        out.append(f'<line x1="{sx(t):.1f}" y1="{sy(0):.1f}" x2="{sx(t):.1f}" y2="{pad_t}" stroke="#eee"/>')
        out.append(f'<text x="{sx(t):.1f}" y="{height - pad_b + 16}" text-anchor="middle">{t:g}</text>')
    step = 0.1 if ymax <= 0.8 else 0.2
    for v in np.arange(0, ymax, step):
        out.append(f'<line x1="{pad_l}" y1="{sy(v):.1f}" x2="{width - pad_r}" y2="{sy(v):.1f}" stroke="#eee"/>')
        out.append(f'<text x="{pad_l - 6}" y="{sy(v) + 4:.1f}" text-anchor="end">{v:.1f}</text>')
    out.append(f'<text x="{(pad_l + width - pad_r) / 2:.0f}" y="{height - 8}" text-anchor="middle">true ability (theta)</text>')
    if mids:
        out.append(f'<path d="{path(rmse)}" fill="none" stroke="#c0392b" stroke-width="2"/>')
        out.append(f'<path d="{path(mse)}" fill="none" stroke="#2c7fb8" stroke-width="2" stroke-dasharray="6 4"/>')
    out.append(f'<text x="{width - pad_r - 150}" y="{pad_t + 14}" fill="#c0392b">RMSE</text>')
    out.append(f'<text x="{width - pad_r - 150}" y="{pad_t + 30}" fill="#2c7fb8">mean SE (dashed)</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class RepeatReport:
    """One simulated candidate sitting the same mock several times, each
    attempt started with the earlier ones as ``seen``."""

    blueprint: str
    attempts: tuple[tuple[str, ...], ...]
    overlap: NDArray[np.float64]  # share of items shared, attempt x attempt

    @property
    def max_shared(self) -> float:
        n = len(self.attempts)
        if n < 2:
            return 0.0
        return float(self.overlap[np.triu_indices(n, 1)].max())

    @property
    def worst_pair(self) -> tuple[int, int]:
        n = len(self.attempts)
        iu = np.triu_indices(n, 1)
        k = int(np.argmax(self.overlap[iu]))
        return int(iu[0][k]), int(iu[1][k])

    @property
    def lengths(self) -> list[int]:
        return [len(a) for a in self.attempts]


def repeated_mocks(blueprint: Blueprint, pool: ItemPool, attempts: int = 20, theta: float = 0.0,
                   seed: int = 0) -> RepeatReport:
    """Run ``attempts`` mocks for one candidate of ability ``theta``; the share
    of items two attempts have in common is |A & B| / min(|A|, |B|)."""
    engine = AdaptiveEngine(blueprint, pool)
    rng = np.random.default_rng(seed)
    done: list[tuple[str, ...]] = []
    for _ in range(attempts):
        state = engine.start(seed=int(rng.integers(2**62)), seen=done)
        while True:
            sel = engine.select(state)
            if sel is None:
                break
            for n_done, i in enumerate(sel.items):
                p = pool.c[i] + (1 - pool.c[i]) / (1 + np.exp(-pool.a[i] * (theta - pool.b[i])))
                state = engine.record(state, pool.ids[i], float(rng.random() < p), sel if n_done == 0 else None)
        items = tuple(state["items"])
        done.append(items)
    sets = [set(a) for a in done]
    n = len(sets)
    overlap = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            denom = min(len(sets[i]), len(sets[j])) or 1
            overlap[i, j] = overlap[j, i] = len(sets[i] & sets[j]) / denom
    return RepeatReport(blueprint.id, tuple(done), overlap)
