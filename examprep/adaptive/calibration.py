"""Item calibration by marginal maximum likelihood (Bock-Aitkin EM).

Input is a response matrix (candidates x items) of credits in [0, 1] with
NaN where an item was not given (adaptive tests leave most cells empty).
The ability distribution is fixed at N(0, 1), which sets the scale.

E-step: posterior weights of every candidate at Q quadrature nodes, from
matrix products over the observed cells only.  M-step: for all items at once,
Fisher scoring on (log a, b, logit c) with the expected counts
r_jq (correct) and n_jq (given) at each node, plus normal priors on log a and
logit c (and a weak one on b), so items with few responses stay sensible.

Item fit is the RMSD between the model curve and the EM-implied proportion
correct at each node, weighted by the ability distribution (the statistic
used in PISA; values above 0.1 are flagged).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from dataclasses import dataclass, field
from typing import Iterable, Literal, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .irt import EPS, logistic

CalibrationModel = Literal["2PL", "3PL"]


@dataclass(frozen=True)
class Priors:
    log_a_mean: float = 0.0
    log_a_sd: float = 0.5
    b_sd: float = 3.0
    #: logit(0.2) = -1.386: the guessing floor of 4-5 options
    logit_c_mean: float = -1.386
    logit_c_sd: float = 0.6


@dataclass(frozen=True)
class ItemEstimate:
    a: float
    b: float
    c: float
    se_a: float
    se_b: float
    se_c: float | None
    n: int
    rmsd: float
    converged: bool
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class CalibrationResult:
    model: str
    a: NDArray[np.float64]
    b: NDArray[np.float64]
    c: NDArray[np.float64]
    items: tuple[ItemEstimate, ...]
    iterations: int
    converged: bool
    log_likelihood: float
    n_candidates: int
    n_responses: int
    method: str
    date: str
    item_ids: tuple[str, ...] = ()
    priors: Priors = field(default_factory=Priors)

    def flagged(self, rmsd_limit: float = 0.1) -> list[tuple[int, tuple[str, ...]]]:
        """(item index, problems) for items that did not converge or fit badly."""
        out = []
        for j, it in enumerate(self.items):
            probs = list(it.problems)
            if it.rmsd > rmsd_limit:
                probs.append(f"misfit: RMSD {it.rmsd:.3f} > {rmsd_limit}")
            if probs:
                out.append((j, tuple(probs)))
        return out

    def provenance(self) -> dict:
        return {"method": self.method, "model": self.model, "date": self.date, "responses": self.n_responses,
                "candidates": self.n_candidates, "iterations": self.iterations, "converged": self.converged,
                "log_likelihood": self.log_likelihood,
                "priors": {"log_a": [self.priors.log_a_mean, self.priors.log_a_sd], "b_sd": self.priors.b_sd,
                           "logit_c": [self.priors.logit_c_mean, self.priors.logit_c_sd] if self.model == "3PL" else None}}


def _derivs(theta, a, b, c, three):
    """P and dP/d(log a, b, logit c) at nodes (Q, J)."""
    d = theta[:, None] - b[None, :]
    star = logistic(a[None, :] * d)
    s1 = star * (1.0 - star)
    one_c = 1.0 - c
    p = c[None, :] + one_c[None, :] * star
    da = one_c * s1 * d * a          # dP/dlog a
    db = -one_c * s1 * a             # dP/db
    dc = (c * (1.0 - c))[None, :] * (1.0 - star) if three else None  # dP/dlogit c
    return p, da, db, dc


def calibrate(
    responses: ArrayLike,
    model: CalibrationModel = "2PL",
    priors: Priors | None = None,
    quad_points: int = 41,
    max_iter: int = 500,
    tol: float = 1e-4,
    init: tuple[ArrayLike, ArrayLike, ArrayLike] | None = None,
    item_ids: Sequence[str] = (),
) -> CalibrationResult:
    """Estimate 2PL/3PL parameters from a (candidates x items) credit matrix.

    NaN marks a cell with no response.  Converged when no parameter moves by
    more than ``tol`` in an EM cycle.
    """
    if model not in ("2PL", "3PL"):
        raise ValueError("model must be 2PL or 3PL")
    three = model == "3PL"
    pri = priors or Priors()
    x = np.asarray(responses, dtype=float)
    if x.ndim != 2:
        raise ValueError("responses must be a 2-d matrix (candidates x items)")
    seen = ~np.isnan(x)
    u = np.where(seen, x, 0.0)
    if np.any((u < 0) | (u > 1)):
        raise ValueError("credits must lie in [0, 1]")
    m = seen.astype(float)
    n_cand, n_items = x.shape
    # candidates with no response carry no information
    keep = seen.any(axis=1)
    u, m = u[keep], m[keep]
    nodes = np.linspace(-5.0, 5.0, quad_points)
    log_w = -0.5 * nodes**2
    log_w -= np.log(np.exp(log_w).sum())
    n_j = m.sum(axis=0)
    pbar = np.where(n_j > 0, u.sum(axis=0) / np.maximum(n_j, 1), 0.5)
    if init is not None:
        a, b, c = (np.asarray(v, dtype=float).copy() for v in init)
    else:
        a = np.ones(n_items)
        cc = np.clip(pbar, 0.02, 0.98)
        b = np.clip(-np.log(cc / (1 - cc)) * 1.2, -4, 4)
        c = np.full(n_items, 1.0 / (1.0 + np.exp(-pri.logit_c_mean)) if three else 0.0)
    if not three:
        c = np.zeros(n_items)
    converged = False
    it = 0
    loglik = -np.inf
    mean_lp = np.array([pri.log_a_mean, 0.0, pri.logit_c_mean])
    sd_lp = np.array([pri.log_a_sd, pri.b_sd, pri.logit_c_sd])
    k = 3 if three else 2
    for it in range(1, max_iter + 1):
        # ---------------- E-step
        p = np.clip(c[None, :] + (1 - c[None, :]) * logistic(a[None, :] * (nodes[:, None] - b[None, :])), EPS, 1 - EPS)
        lp, lq = np.log(p), np.log1p(-p)
        ll = u @ lp.T + (m - u) @ lq.T + log_w[None, :]  # (N, Q)
        mx = ll.max(axis=1, keepdims=True)
        w = np.exp(ll - mx)
        tot = w.sum(axis=1, keepdims=True)
        loglik = float((np.log(tot) + mx).sum())
        w /= tot
        r = w.T @ u    # (Q, J) expected credit at each node
        n = w.T @ m    # (Q, J) expected number given at each node
        # ---------------- M-step: Fisher scoring, all items at once
        phi = np.stack([np.log(a), b, np.log(c / (1 - c)) if three else np.zeros(n_items)])
        phi0 = phi.copy()
        for _ in range(20):
            a_, b_, c_ = np.exp(phi[0]), phi[1], (logistic(phi[2]) if three else np.zeros(n_items))
            pp, da, db, dc = _derivs(nodes, a_, b_, c_, three)
            pp = np.clip(pp, EPS, 1 - EPS)
            resid = (r - n * pp) / (pp * (1 - pp))
            wts = n / (pp * (1 - pp))
            ds = [da, db] + ([dc] if three else [])
            g = np.stack([(resid * dv).sum(axis=0) for dv in ds])
            info = np.empty((n_items, k, k))
            for i in range(k):
                for jj in range(i, k):
                    info[:, i, jj] = info[:, jj, i] = (wts * ds[i] * ds[jj]).sum(axis=0)
            g -= (phi[:k] - mean_lp[:k, None]) / sd_lp[:k, None] ** 2
            info[:, range(k), range(k)] += 1.0 / sd_lp[:k] ** 2
            step = np.linalg.solve(info, g.T[:, :, None])[:, :, 0].T
            step = np.clip(step, -1.0, 1.0)
            phi[:k] += step
            phi[1] = np.clip(phi[1], -6, 6)
            phi[0] = np.clip(phi[0], np.log(0.05), np.log(6.0))
            if np.max(np.abs(step)) < 1e-6:
                break
        a, b = np.exp(phi[0]), phi[1]
        if three:
            c = logistic(phi[2])
        change = float(np.max(np.abs(np.concatenate([a - np.exp(phi0[0]), b - phi0[1], c - (logistic(phi0[2]) if three else 0)]))))
        if change < tol:
            converged = True
            break
    # ---------------- standard errors, fit
    pp, da, db, dc = _derivs(nodes, a, b, c, three)
    pp = np.clip(pp, EPS, 1 - EPS)
    wts = n / (pp * (1 - pp))
    ds = [da, db] + ([dc] if three else [])
    info = np.empty((n_items, k, k))
    for i in range(k):
        for jj in range(i, k):
            info[:, i, jj] = info[:, jj, i] = (wts * ds[i] * ds[jj]).sum(axis=0)
    info[:, range(k), range(k)] += 1.0 / sd_lp[:k] ** 2
    cov = np.linalg.inv(info)
    se_phi = np.sqrt(np.clip(np.diagonal(cov, axis1=1, axis2=2), 0, None))
    se_a = a * se_phi[:, 0]
    se_b = se_phi[:, 1]
    se_c = c * (1 - c) * se_phi[:, 2] if three else None
    f = np.exp(log_w)
    obs = np.where(n > 1e-9, r / np.maximum(n, 1e-9), pp)
    rmsd = np.sqrt((f[:, None] * (obs - pp) ** 2).sum(axis=0))
    items = []
    for j in range(n_items):
        probs = []
        if n_j[j] == 0:
            probs.append("no responses")
        elif pbar[j] in (0.0, 1.0):
            probs.append(f"no variance: every response {'correct' if pbar[j] == 1 else 'wrong'}")
        if not converged:
            probs.append("EM did not converge")
        if a[j] >= 5.99 or a[j] <= 0.051:
            probs.append(f"a at its bound ({a[j]:.2f})")
        if abs(b[j]) >= 5.99:
            probs.append(f"b at its bound ({b[j]:.2f})")
        items.append(ItemEstimate(float(a[j]), float(b[j]), float(c[j]), float(se_a[j]), float(se_b[j]),
                                  None if se_c is None else float(se_c[j]), int(n_j[j]), float(rmsd[j]),
                                  converged and not probs, tuple(probs)))
    return CalibrationResult(
        model=model, a=a, b=b, c=c, items=tuple(items), iterations=it, converged=converged, log_likelihood=loglik,
        n_candidates=int(keep.sum()), n_responses=int(m.sum()), method=f"MML-EM {model} ({quad_points} nodes)",
        date=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"), item_ids=tuple(item_ids), priors=pri,
    )


def simulate_responses(a: ArrayLike, b: ArrayLike, c: ArrayLike, n: int, seed: int = 0,
                       theta: ArrayLike | None = None) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """0/1 responses of ``n`` N(0, 1) candidates (or the given thetas)."""
    rng = np.random.default_rng(seed)
    th = rng.standard_normal(n) if theta is None else np.asarray(theta, dtype=float)
    a, b, c = (np.asarray(v, dtype=float) for v in (a, b, c))
    p = c + (1 - c) * logistic(a * (th[:, None] - b))
    return (rng.random(p.shape) < p).astype(float), th


# ------------------------------------------------------------------ CSV


def read_response_csv(text_or_file) -> tuple[list[str], list[str], NDArray[np.float64]]:
    """Read a response matrix: header = item ids (an optional first column
    ``candidate``/``person``/``id`` holds candidate ids), cells 0/1 or a
    credit in [0, 1], empty = not given.  Returns (candidate ids, item ids, matrix)."""
    fh = io.StringIO(text_or_file) if isinstance(text_or_file, str) else text_or_file
    rows = list(csv.reader(fh))
    if not rows:
        raise ValueError("empty CSV")
    header = [h.strip() for h in rows[0]]
    has_id = header[0].lower() in ("candidate", "person", "id", "candidate_id", "user")
    items = header[1:] if has_id else header
    if not items or len(set(items)) != len(items):
        raise ValueError("the header must list distinct item ids")
    cands, data = [], []
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = row[1:] if has_id else row
        if len(cells) != len(items):
            raise ValueError(f"line {line_no}: {len(cells)} cells, expected {len(items)}")
        vals = []
        for col, cell in zip(items, cells):
            cell = cell.strip()
            if cell == "":
                vals.append(np.nan)
                continue
            try:
                v = float(cell)
            except ValueError:
                raise ValueError(f"line {line_no}, item {col}: {cell!r} is not a credit") from None
            if not 0.0 <= v <= 1.0:
                raise ValueError(f"line {line_no}, item {col}: credit {v} outside [0, 1]")
            vals.append(v)
        cands.append(row[0] if has_id else str(line_no - 1))
        data.append(vals)
    return cands, items, np.array(data, dtype=float).reshape(len(data), len(items))


def result_rows(result: CalibrationResult, item_ids: Sequence[str] | None = None) -> Iterable[dict]:
    ids = list(item_ids or result.item_ids or [str(j) for j in range(len(result.items))])
    for j, it in enumerate(result.items):
        yield {"item": ids[j], "a": round(it.a, 4), "b": round(it.b, 4), "c": round(it.c, 4),
               "se_a": round(it.se_a, 4), "se_b": round(it.se_b, 4),
               "se_c": None if it.se_c is None else round(it.se_c, 4), "n": it.n, "rmsd": round(it.rmsd, 4),
               "ok": it.converged and it.rmsd <= 0.1, "problems": "; ".join(it.problems)}
