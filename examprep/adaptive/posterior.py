"""Ability posteriors as plain values: on a grid, or normal."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FINE_POINTS = 401


@dataclass(frozen=True, eq=False)
class GridPosterior:
    """Log posterior (unnormalised) at quadrature nodes with their weights."""

    nodes: NDArray[np.float64]
    log_density: NDArray[np.float64]
    weights: NDArray[np.float64]

    @property
    def mean(self) -> float:
        w = self._w()
        return float(w @ self.nodes)

    @property
    def sd(self) -> float:
        w = self._w()
        m = float(w @ self.nodes)
        return float(np.sqrt(w @ (self.nodes - m) ** 2))

    def _w(self) -> NDArray[np.float64]:
        w = np.exp(self.log_density - self.log_density.max()) * self.weights
        return w / w.sum()

    def discretise(self, points: int = FINE_POINTS) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """(theta, probability) on an even grid over the node range; the log
        density is interpolated linearly (it is smooth), so step functions of
        theta, such as pass/fail, can be integrated accurately."""
        grid = np.linspace(self.nodes[0], self.nodes[-1], points)
        lp = np.interp(grid, self.nodes, self.log_density)
        p = np.exp(lp - lp.max())
        return grid, p / p.sum()


@dataclass(frozen=True)
class NormalPosterior:
    """N(mean, sd) truncated to ``bounds``, e.g. from a stored (theta, se)."""

    mean: float
    sd: float
    bounds: tuple[float, float] = (-4.0, 4.0)

    def discretise(self, points: int = FINE_POINTS) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        grid = np.linspace(self.bounds[0], self.bounds[1], points)
        z = (grid - self.mean) / max(self.sd, 1e-6)
        p = np.exp(-0.5 * z * z)
        if p.sum() == 0:  # the mean lies far outside the bounds
            p = np.zeros_like(grid)
            p[int(np.argmin(np.abs(grid - self.mean)))] = 1.0
        return grid, p / p.sum()


Posterior = GridPosterior | NormalPosterior
