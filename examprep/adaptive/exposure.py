"""Stored Sympson-Hetter exposure parameters of a blueprint.

``examprep simulate BLUEPRINT --sympson-hetter`` computes them by the
iterative simulation (:func:`simulation.sympson_hetter_parameters`) and
writes ``question_banks/blueprints/exposure/<blueprint id>.yaml`` beside the
blueprint. A pool for a blueprint whose ``exposure.method`` is
``sympson_hetter`` gets them attached with :func:`attach_exposure`; items
not listed (new since the last computation) have K = 1 until it is run again.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from .blueprint import BLUEPRINT_DIR, Blueprint
from .pool import ItemPool


def exposure_file(blueprint: Blueprint) -> Path:
    folder = Path(blueprint.source).parent if blueprint.source and Path(blueprint.source).exists() else BLUEPRINT_DIR
    return folder / "exposure" / f"{blueprint.id}.yaml"


def save_exposure(blueprint: Blueprint, pool: ItemPool, k: np.ndarray, **provenance: Any) -> Path:
    """Write the K values below 1 (the others are 1 by default) with their provenance."""
    path = exposure_file(blueprint)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {
        "blueprint": blueprint.id,
        "bank": pool.bank_id,
        "method": "sympson_hetter",
        "computed": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "pool_items": len(pool),
        **provenance,
        "k": {item_id: round(float(v), 4) for item_id, v in zip(pool.ids, k) if v < 1.0},
    }
    path.write_text("# written by `examprep simulate --sympson-hetter`; do not edit by hand\n"
                    + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def load_exposure(blueprint: Blueprint) -> dict[str, float]:
    path = exposure_file(blueprint)
    if not path.exists():
        return {}
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): float(v) for k, v in (doc.get("k") or {}).items()}


def attach_exposure(blueprint: Blueprint, pool: ItemPool) -> ItemPool:
    """The pool with the blueprint's stored K values when it uses Sympson-Hetter."""
    if blueprint.exposure.method != "sympson_hetter":
        return pool
    k = load_exposure(blueprint)
    return pool.with_exposure_k(k) if k else pool
