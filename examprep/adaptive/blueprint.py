"""Blueprints: what a mock exam or a practice session asks for, as data.

A blueprint is a YAML file under ``question_banks/blueprints/``.  It names
its bank, its timed parts (each a list of content *slots*: a section, a
question type or a balanced set of topics, and how many items), the stop
rule, the exposure control and the scoring sections with their pass rules.
See docs/adaptive.md for the full format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import yaml

BLUEPRINT_DIR = Path(__file__).resolve().parents[2] / "question_banks" / "blueprints"


class BlueprintError(ValueError):
    """A blueprint file that cannot be used; the message names the field."""


@dataclass(frozen=True)
class Slot:
    """``count`` items from ``sections`` (restricted to ``question_types`` if
    given).  ``balance`` spreads the items evenly over the question types
    (topics) present in the pool."""

    sections: tuple[str, ...]
    question_types: tuple[str, ...] | None
    count: int
    balance: bool = False

    @property
    def label(self) -> str:
        qt = "/".join(self.question_types) if self.question_types else ("topics balanced" if self.balance else "any")
        return f"{'+'.join(self.sections)}:{qt}"


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    minutes: float | None
    slots: tuple[Slot, ...]

    @property
    def n_items(self) -> int:
        return sum(s.count for s in self.slots)


@dataclass(frozen=True)
class StopRule:
    target_se: float | None = None
    min_items: int = 0
    max_items: int | None = None


@dataclass(frozen=True)
class Exposure:
    method: str = "none"  # none | randomesque | sympson_hetter
    k: int = 1
    r_max: float = 0.25


@dataclass(frozen=True)
class ScoringSection:
    id: str
    title: str
    content: tuple[str, ...]  # item sections that count here
    scale_min: float
    scale_max: float
    pass_min: float | None = None
    #: piecewise-linear map from expected proportion correct to the scale
    scale_points: tuple[tuple[float, float], ...] = ()

    def points(self) -> tuple[tuple[float, float], ...]:
        return self.scale_points or ((0.0, self.scale_min), (1.0, self.scale_max))


@dataclass(frozen=True)
class Band:
    min: float
    label: str


@dataclass(frozen=True)
class Scoring:
    sections: tuple[ScoringSection, ...]
    combine: str = "sum"  # sum | weighted_mean (by item counts, for percentages) | single
    total_pass_min: float | None = None
    total_min: float = 0.0
    total_max: float = 0.0
    bands: tuple[Band, ...] = ()
    unconfirmed: bool = False


@dataclass(frozen=True)
class Blueprint:
    id: str
    title: str
    kind: str  # mock | practice
    bank: str
    parts: tuple[Part, ...]
    stop: StopRule = StopRule()
    exposure: Exposure = Exposure()
    prior_mean: float = 0.0
    prior_sd: float = 1.0
    points: int = 61
    bounds: tuple[float, float] = (-4.0, 4.0)
    scoring: Scoring | None = None
    level: str | None = None
    notes: str = ""
    source: str = field(default="", compare=False)

    @property
    def slots(self) -> tuple[tuple[int, Slot], ...]:
        """All slots in order, with the index of their part."""
        return tuple((p, s) for p, part in enumerate(self.parts) for s in part.slots)

    @property
    def max_items(self) -> int:
        total = sum(p.n_items for p in self.parts)
        return min(total, self.stop.max_items) if self.stop.max_items else total

    @property
    def total_minutes(self) -> float | None:
        mins = [p.minutes for p in self.parts]
        return None if any(m is None for m in mins) else float(sum(mins))  # type: ignore[arg-type]

    def count_for(self, sections: Sequence[str]) -> int:
        return sum(s.count for _, s in self.slots if set(s.sections) & set(sections))


# ---------------------------------------------------------------------- loading


def _req(d: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in d:
        raise BlueprintError(f"{where}: missing field '{key}'")
    return d[key]


def _num(v: Any, where: str, positive: bool = False) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise BlueprintError(f"{where}: expected a number, got {v!r}")
    if positive and not v > 0:
        raise BlueprintError(f"{where}: must be positive")
    return float(v)


def _slots(spec: Mapping[str, Any], where: str, default_count: int | None = None) -> list[Slot]:
    section = spec.get("section")
    sections = tuple(spec.get("sections") or ([section] if section else []))
    if not sections:
        raise BlueprintError(f"{where}: needs 'section' or 'sections'")
    qts = spec.get("question_types")
    balance = spec.get("topics") == "balanced" or bool(spec.get("balance", False))
    if isinstance(qts, Mapping):
        out = []
        for q, n in qts.items():
            if isinstance(n, bool) or not isinstance(n, int) or n < 0:
                raise BlueprintError(f"{where}.question_types.{q}: count must be a non-negative integer")
            if n:
                out.append(Slot(sections, (str(q),), n))
        if not out:
            raise BlueprintError(f"{where}: no items asked for")
        return out
    count = spec.get("count", default_count)
    if isinstance(count, bool) or not isinstance(count, int) or count <= 0:
        raise BlueprintError(f"{where}.count: must be a positive integer")
    if qts is not None and not (isinstance(qts, list) and all(isinstance(q, str) for q in qts)):
        raise BlueprintError(f"{where}.question_types: a mapping of counts or a list of ids")
    return [Slot(sections, tuple(qts) if qts else None, count, balance)]


def parse_blueprint(data: Mapping[str, Any], source: str = "<blueprint>") -> Blueprint:
    if not isinstance(data, Mapping):
        raise BlueprintError(f"{source}: a blueprint is a mapping")
    bid = str(_req(data, "id", source))
    kind = str(data.get("kind", "mock"))
    if kind not in ("mock", "practice"):
        raise BlueprintError(f"{source}: kind must be 'mock' or 'practice'")
    stop_d = data.get("stop") or {}
    stop = StopRule(
        target_se=_num(stop_d["target_se"], f"{source}: stop.target_se", True) if "target_se" in stop_d else None,
        min_items=int(stop_d.get("min_items", 0)),
        max_items=int(stop_d["max_items"]) if "max_items" in stop_d else None,
    )
    parts: list[Part] = []
    if kind == "mock":
        for i, p in enumerate(_req(data, "parts", source)):
            where = f"{source}: parts[{i}]"
            slots: list[Slot] = []
            for j, c in enumerate(_req(p, "content", where)):
                slots.extend(_slots(c, f"{where}.content[{j}]"))
            minutes = p.get("minutes")
            parts.append(Part(str(_req(p, "id", where)), str(p.get("title", p["id"])),
                              None if minutes is None else _num(minutes, f"{where}.minutes", True), tuple(slots)))
        if not parts:
            raise BlueprintError(f"{source}: a mock needs at least one part")
    else:
        sel = _req(data, "select", source)
        if stop.max_items is None:
            raise BlueprintError(f"{source}: a practice blueprint needs stop.max_items")
        if stop.target_se is None:
            raise BlueprintError(f"{source}: a practice blueprint needs stop.target_se")
        slots = _slots(sel, f"{source}: select", default_count=stop.max_items)
        minutes = data.get("minutes")
        parts.append(Part("practice", str(data.get("title", bid)),
                          None if minutes is None else _num(minutes, f"{source}: minutes", True), tuple(slots)))
    exp_d = data.get("exposure") or {}
    exposure = Exposure(method=str(exp_d.get("method", "none")), k=int(exp_d.get("k", 1)),
                        r_max=float(exp_d.get("r_max", 0.25)))
    if exposure.method not in ("none", "randomesque", "sympson_hetter"):
        raise BlueprintError(f"{source}: exposure.method must be none, randomesque or sympson_hetter")
    if exposure.k < 1:
        raise BlueprintError(f"{source}: exposure.k must be >= 1")
    prior = data.get("prior") or {}
    est = data.get("estimation") or {}
    scoring = _scoring(data["scoring"], f"{source}: scoring") if data.get("scoring") else None
    bounds = tuple(float(x) for x in est.get("bounds", (-4.0, 4.0)))
    return Blueprint(
        id=bid, title=str(data.get("title", bid)), kind=kind, bank=str(_req(data, "bank", source)),
        parts=tuple(parts), stop=stop, exposure=exposure,
        prior_mean=float(prior.get("mean", 0.0)), prior_sd=_num(prior.get("sd", 1.0), f"{source}: prior.sd", True),
        points=int(est.get("points", 61)), bounds=(bounds[0], bounds[1]),
        scoring=scoring, level=data.get("level"), notes=str(data.get("notes", "")), source=source,
    )


def _scoring(d: Mapping[str, Any], where: str) -> Scoring:
    secs = []
    for i, s in enumerate(_req(d, "sections", where)):
        w = f"{where}.sections[{i}]"
        scale = _req(s, "scale", w)
        pts = tuple((float(p), float(v)) for p, v in s.get("scale_points", ()))
        if pts and (any(b[0] <= a[0] for a, b in zip(pts, pts[1:])) or pts[0][0] != 0.0 or pts[-1][0] != 1.0):
            raise BlueprintError(f"{w}.scale_points: proportions must rise from 0 to 1")
        secs.append(ScoringSection(
            id=str(_req(s, "id", w)), title=str(s.get("title", s["id"])), content=tuple(_req(s, "content", w)),
            scale_min=_num(_req(scale, "min", w + ".scale"), w + ".scale.min"),
            scale_max=_num(_req(scale, "max", w + ".scale"), w + ".scale.max"),
            pass_min=None if s.get("pass_min") is None else _num(s["pass_min"], w + ".pass_min"),
            scale_points=pts,
        ))
    total = d.get("total") or {}
    combine = str(total.get("combine", "sum"))
    if combine not in ("sum", "weighted_mean"):
        raise BlueprintError(f"{where}.total.combine: sum or weighted_mean")
    if combine == "sum":
        tmin, tmax = sum(s.scale_min for s in secs), sum(s.scale_max for s in secs)
    else:
        tmin, tmax = min(s.scale_min for s in secs), max(s.scale_max for s in secs)
    bands = tuple(sorted((Band(float(b["min"]), str(b["label"])) for b in d.get("bands", ())), key=lambda b: b.min))
    return Scoring(tuple(secs), combine,
                   None if total.get("pass_min") is None else _num(total["pass_min"], where + ".total.pass_min"),
                   tmin, tmax, bands, bool(d.get("unconfirmed", False)))


def load_blueprint(path_or_id: str | Path) -> Blueprint:
    """Load a blueprint from a path, or by id from ``question_banks/blueprints``."""
    p = Path(path_or_id)
    if not p.exists():
        cand = BLUEPRINT_DIR / f"{path_or_id}.yaml"
        if not cand.exists():
            raise BlueprintError(f"no blueprint file or id {path_or_id!r} (looked in {BLUEPRINT_DIR})")
        p = cand
    with open(p, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return parse_blueprint(data, source=str(p))


def list_blueprints(directory: Path = BLUEPRINT_DIR) -> list[Blueprint]:
    return [load_blueprint(p) for p in sorted(directory.glob("*.yaml"))]
