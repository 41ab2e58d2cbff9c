"""Calibrate a loaded bank from stored responses (the DB side of
``examprep calibrate``).  The estimation itself is the pure
:mod:`examprep.adaptive.calibration`; this module reads responses, and stores
new :class:`ItemParameters` rows with provenance.  It flushes; the CLI commits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from examprep.adaptive.calibration import CalibrationResult, Priors, calibrate
from examprep.banks.models import Bank, Item, ItemParameters, ItemVersion
from examprep.delivery.models import Attempt, Response

GROUP_TYPES = ("passage", "listening")


@dataclass(frozen=True)
class ResponseMatrix:
    item_ids: list[int]
    item_slugs: list[str]
    version_ids: list[int | None]
    attempt_ids: list[int]
    matrix: np.ndarray  # attempts x items, NaN = not given


def response_matrix(session: Session, bank: Bank) -> ResponseMatrix:
    """Every response to the bank's items, one row per attempt.

    Responses to any version of an item count for the item (a content edit
    small enough to keep the id); the newest row wins if an attempt somehow
    holds two.
    """
    items = session.scalars(
        select(Item).where(Item.bank_id == bank.id, Item.type.not_in(GROUP_TYPES), Item.removed_at.is_(None))
        .order_by(Item.position)
    ).all()
    col = {it.id: j for j, it in enumerate(items)}
    rows = session.execute(
        select(Response.attempt_id, ItemVersion.item_id, Response.credit)
        .join(ItemVersion, Response.item_version_id == ItemVersion.id)
        .join(Attempt, Response.attempt_id == Attempt.id)
        .where(ItemVersion.item_id.in_(list(col)))
        .order_by(Response.id)
    ).all()
    attempts = sorted({r.attempt_id for r in rows})
    row_of = {a: i for i, a in enumerate(attempts)}
    m = np.full((len(attempts), len(items)), np.nan)
    for r in rows:
        m[row_of[r.attempt_id], col[r.item_id]] = min(1.0, max(0.0, float(r.credit)))
    return ResponseMatrix([it.id for it in items], [it.slug for it in items],
                          [it.current_version_id for it in items], attempts, m)


@dataclass(frozen=True)
class BankCalibration:
    result: CalibrationResult
    data: ResponseMatrix
    stored: list[str]
    skipped: dict[str, str]


def calibrate_bank(session: Session, bank_slug: str, model: str = "2PL", min_responses: int = 30,
                   priors: Priors | None = None, dry_run: bool = False) -> BankCalibration:
    bank = session.scalars(select(Bank).where(Bank.slug == bank_slug)).one_or_none()
    if bank is None:
        raise LookupError(f"no loaded bank {bank_slug!r} (run `examprep banks load` first)")
    data = response_matrix(session, bank)
    answered = ~np.isnan(data.matrix)
    cols = np.flatnonzero(answered.sum(axis=0) > 0)
    if data.matrix.shape[0] < 2 or cols.size == 0:
        raise ValueError(f"bank {bank_slug} has too few responses to calibrate "
                         f"({data.matrix.shape[0]} attempts, {int(answered.sum())} responses)")
    sub = data.matrix[:, cols]
    result = calibrate(sub, model=model, priors=priors, item_ids=[data.item_slugs[j] for j in cols])
    stored: list[str] = []
    skipped: dict[str, str] = {slug: "no responses" for j, slug in enumerate(data.item_slugs) if j not in set(cols)}
    prov = result.provenance()
    for k, j in enumerate(cols):
        est = result.items[k]
        slug = data.item_slugs[j]
        if est.n < min_responses:
            skipped[slug] = f"{est.n} responses (< {min_responses})"
            continue
        if not est.converged:
            skipped[slug] = "; ".join(est.problems) or "did not converge"
            continue
        if dry_run:
            stored.append(slug)
            continue
        session.add(ItemParameters(
            item_id=data.item_ids[j], item_version_id=data.version_ids[j], model=model,
            a=est.a, b=est.b, c=est.c if model == "3PL" else 0.0,
            method=f"mml-em-{model.lower()}", n_responses=est.n,
            details={**prov, "se": {"a": est.se_a, "b": est.se_b, "c": est.se_c}, "rmsd": est.rmsd,
                     "attempts": len(data.attempt_ids)},
        ))
        stored.append(slug)
    session.flush()
    return BankCalibration(result, data, stored, skipped)
