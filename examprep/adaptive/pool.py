"""The item pool: plain arrays over the items of one bank version.

An :class:`ItemPool` is immutable data (cache it per bank version).  It knows
each item's parameters, section, question type, stimulus group and level, and
the *units* selection works on: a stimulus group is one unit, a lone item is
its own unit.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from .priors import item_prior
from .selection import InfoIndex


@dataclass(frozen=True)
class PoolItem:
    """Plain description of one item, the input to :meth:`ItemPool.from_items`."""

    id: str
    section: str
    question_type: str
    a: float | None = None
    b: float | None = None
    c: float | None = None
    group: str | None = None
    level: str | None = None
    n_options: int | None = None
    type: str = "choice"
    features: Mapping[str, float] | None = None


@dataclass(frozen=True, eq=False)
class ItemPool:
    ids: tuple[str, ...]
    a: NDArray[np.float64]
    b: NDArray[np.float64]
    c: NDArray[np.float64]
    section: tuple[str, ...]
    question_type: tuple[str, ...]
    group: tuple[str | None, ...]
    level: tuple[str | None, ...]
    calibrated: NDArray[np.bool_]
    #: Sympson-Hetter exposure-control parameters (1 = never held back)
    exposure_k: NDArray[np.float64]
    bank_id: str = ""
    # derived
    index: dict[str, int] = field(init=False, repr=False)
    unit_of_item: NDArray[np.intp] = field(init=False, repr=False)
    unit_items: tuple[NDArray[np.intp], ...] = field(init=False, repr=False)
    info_index: InfoIndex = field(init=False, repr=False)
    section_codes: dict[str, NDArray[np.bool_]] = field(init=False, repr=False)
    qtype_codes: dict[tuple[str, str], NDArray[np.bool_]] = field(init=False, repr=False)
    fingerprint: str = field(init=False)

    def __post_init__(self) -> None:
        n = len(self.ids)
        for name in ("a", "b", "c", "calibrated", "exposure_k"):
            if getattr(self, name).shape != (n,):
                raise ValueError(f"{name} must have one entry per item")
        for name in ("section", "question_type", "group", "level"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"{name} must have one entry per item")
        if len(set(self.ids)) != n:
            raise ValueError("item ids must be unique")
        if n and (np.any(self.a <= 0) or np.any(self.c < 0) or np.any(self.c >= 1)):
            raise ValueError("need a > 0 and 0 <= c < 1")
        set_ = object.__setattr__
        set_(self, "index", {item_id: i for i, item_id in enumerate(self.ids)})
        unit_keys: dict[Any, int] = {}
        unit_of = np.empty(n, dtype=np.intp)
        for i, g in enumerate(self.group):
            key = ("g", g) if g is not None else ("i", i)
            unit_of[i] = unit_keys.setdefault(key, len(unit_keys))
        set_(self, "unit_of_item", unit_of)
        order = np.argsort(unit_of, kind="stable")
        bounds = np.searchsorted(unit_of[order], np.arange(len(unit_keys) + 1))
        set_(self, "unit_items", tuple(order[bounds[u]:bounds[u + 1]] for u in range(len(unit_keys))))
        set_(self, "info_index", InfoIndex(self.a, self.b, self.c))
        sec = np.array(self.section, dtype=object)
        qt = np.array(self.question_type, dtype=object)
        set_(self, "section_codes", {s: sec == s for s in dict.fromkeys(self.section)})
        set_(self, "qtype_codes", {(s, q): (sec == s) & (qt == q) for s, q in dict.fromkeys(zip(self.section, self.question_type))})
        h = hashlib.sha256()
        h.update(self.bank_id.encode())
        for i in range(n):
            h.update(json.dumps([self.ids[i], round(float(self.a[i]), 6), round(float(self.b[i]), 6),
                                 round(float(self.c[i]), 6), self.section[i], self.question_type[i], self.group[i]]).encode())
        set_(self, "fingerprint", h.hexdigest()[:16])

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def n_units(self) -> int:
        return len(self.unit_items)

    def mask(self, section: str | None = None, question_type: str | None = None) -> NDArray[np.bool_]:
        n = len(self)
        if section is None:
            if question_type is None:
                return np.ones(n, dtype=bool)
            qt = np.array(self.question_type, dtype=object)
            return qt == question_type
        if question_type is None:
            return self.section_codes.get(section, np.zeros(n, dtype=bool))
        return self.qtype_codes.get((section, question_type), np.zeros(n, dtype=bool))

    def with_exposure_k(self, k: Mapping[str, float] | NDArray[np.float64]) -> "ItemPool":
        """A copy with Sympson-Hetter parameters (by item id or as an array)."""
        if isinstance(k, Mapping):
            arr = np.ones(len(self))
            for item_id, v in k.items():
                if item_id in self.index:
                    arr[self.index[item_id]] = float(v)
        else:
            arr = np.asarray(k, dtype=float).copy()
        return ItemPool(self.ids, self.a, self.b, self.c, self.section, self.question_type, self.group,
                        self.level, self.calibrated, np.clip(arr, 0.0, 1.0), self.bank_id)

    # ------------------------------------------------------------------ builders

    @classmethod
    def from_items(cls, items: Iterable[PoolItem | Mapping[str, Any]], bank_id: str = "",
                   bank_level: str | None = None) -> "ItemPool":
        """Build a pool; items without parameters get priors (see ``priors``)."""
        rows = [it if isinstance(it, PoolItem) else PoolItem(**dict(it)) for it in items]
        a, b, c, cal = [], [], [], []
        for it in rows:
            if it.a is not None and it.b is not None:
                a.append(float(it.a))
                b.append(float(it.b))
                c.append(float(it.c or 0.0))
                cal.append(True)
            else:
                pa, pb, pc = item_prior(it.level or bank_level, it.question_type, it.features,
                                        n_options=it.n_options, item_type=it.type, bank_level=bank_level)
                a.append(pa)
                b.append(pb)
                c.append(pc)
                cal.append(False)
        n = len(rows)
        return cls(
            ids=tuple(it.id for it in rows),
            a=np.array(a, dtype=float).reshape(n), b=np.array(b, dtype=float).reshape(n),
            c=np.array(c, dtype=float).reshape(n),
            section=tuple(it.section for it in rows), question_type=tuple(it.question_type for it in rows),
            group=tuple(it.group for it in rows), level=tuple(it.level or bank_level for it in rows),
            calibrated=np.array(cal, dtype=bool).reshape(n), exposure_k=np.ones(n), bank_id=bank_id,
        )

    @classmethod
    def from_parsed_bank(cls, parsed: Any, parameters: Mapping[str, Mapping[str, float]] | None = None,
                         include_drafts: bool = False,
                         features: Mapping[str, Mapping[str, Any]] | None = None) -> "ItemPool":
        """Build a pool from ``examprep.banks.reader.read_bank(path)``.

        ``parameters`` (item id -> {a, b, c}) overrides the parameters written
        in the bank files, e.g. the newest calibrated rows from the database.
        Group entries themselves are not items; their children are.  Items
        with ``status`` other than ``active`` are left out unless
        ``include_drafts``.  ``features`` (item id -> text-difficulty
        features) refine the priors of uncalibrated items.
        """
        manifest = dict(getattr(parsed, "manifest", {}) or {})
        bank_level = manifest.get("level")
        rows: list[PoolItem] = []
        for entry in parsed.entries:
            spec = dict(getattr(entry, "spec", {}) or {})
            if getattr(entry, "type", spec.get("type")) in ("passage", "listening"):
                continue
            status = spec.get("status", "active")
            if status == "rejected" or (status == "draft" and not include_drafts):
                continue
            irt = dict((parameters or {}).get(entry.item_id) or getattr(entry, "irt", None) or {})
            options = spec.get("options")
            rows.append(PoolItem(
                id=entry.item_id, section=entry.section, question_type=entry.question_type,
                a=irt.get("a"), b=irt.get("b"), c=irt.get("c"), group=getattr(entry, "group_id", None),
                level=spec.get("level"), n_options=len(options) if isinstance(options, list) else None,
                type=spec.get("type", "choice"), features=(features or {}).get(entry.item_id) or None,
            ))
        return cls.from_items(rows, bank_id=str(manifest.get("id", "")), bank_level=bank_level)


def synthetic_pool(
    n_items: int, seed: int = 0, sections: Sequence[tuple[str, Sequence[str]]] = (("vocabulary", ("kanji_reading",)),),
    group_size: Mapping[str, int] | None = None, bank_id: str = "synthetic",
) -> ItemPool:
    """A random 3PL pool for tests, simulations and benchmarks.

    Items are spread evenly over the (section, question type) pairs; a
    question type listed in ``group_size`` gets stimulus groups of that size.
    """
    rng = np.random.default_rng(seed)
    pairs = [(s, q) for s, qs in sections for q in qs]
    items: list[PoolItem] = []
    per = max(1, n_items // len(pairs))
    for s, q in pairs:
        size = (group_size or {}).get(q, 1)
        for k in range(per):
            g = f"{q}-g{k // size:04d}" if size > 1 else None
            items.append(PoolItem(
                id=f"{s}-{q}-{k:05d}", section=s, question_type=q, group=g,
                a=float(rng.lognormal(0.0, 0.3)), b=float(rng.normal(0.0, 1.0)), c=float(rng.uniform(0.05, 0.3)),
            ))
    return ItemPool.from_items(items, bank_id=bank_id)
