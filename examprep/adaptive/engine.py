"""The adaptive test engine.

``AdaptiveEngine(blueprint, pool)`` holds only immutable data (cache it per
blueprint and bank version).  Everything about one attempt lives in a small
JSON-serialisable ``state`` dict, so any worker can continue any attempt:

    engine = AdaptiveEngine(blueprint, pool)
    state = engine.start(prior=(0.3, 0.9))          # or seed=... for tests
    while not engine.finished(state):
        for item_id in engine.next_items(state):    # a lone item or a whole passage
            state = engine.record(state, item_id, credit)

``next_items`` is a pure function of the state (selection randomness comes
from ``seed`` and the step number), so a reload shows the same items.
``record`` updates the ability posterior incrementally: the log posterior at
the quadrature nodes gains one term, nothing is recomputed from scratch.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from .blueprint import Blueprint, Part, Slot
from .estimation import eap_from_log_posterior, item_log_likelihood, log_normal_prior, quadrature
from .pool import ItemPool
from .posterior import GridPosterior
from .selection import randomesque, sympson_hetter

STATE_VERSION = 1
#: how many of a candidate's latest earlier attempts ``seen`` keeps
MAX_SEEN_ATTEMPTS = 50


def encode_seen(indices: Sequence[int]) -> str:
    """Pool indices (oldest first) as a compact string: base64 of uint16/uint32."""
    arr = np.asarray(indices, dtype=np.int64)
    if arr.size == 0:
        return ""
    if arr.max() < 2**16:
        return "h" + base64.b64encode(arr.astype("<u2").tobytes()).decode("ascii")
    return "i" + base64.b64encode(arr.astype("<u4").tobytes()).decode("ascii")


def decode_seen(text: str) -> NDArray[np.intp]:
    if not text:
        return np.zeros(0, dtype=np.intp)
    dtype = {"h": "<u2", "i": "<u4"}.get(text[0])
    if dtype is None:
        raise ValueError("unknown encoding of seen items")
    return np.frombuffer(base64.b64decode(text[1:]), dtype=dtype).astype(np.intp)


class EngineError(ValueError):
    """A state that does not belong to this engine, or a response that was not asked for."""


@dataclass(frozen=True)
class Selection:
    slot: int
    items: list[int]
    blocked: list[int]


class AdaptiveEngine:
    def __init__(self, blueprint: Blueprint, pool: ItemPool) -> None:
        self.blueprint = blueprint
        self.pool = pool
        self.q = quadrature(blueprint.points, *blueprint.bounds)
        self._slots: tuple[tuple[int, Slot], ...] = blueprint.slots
        self._slot_masks = [self._content_mask(s) for _, s in self._slots]
        self._qt = np.array(pool.question_type, dtype=object)
        self._seen_cache: dict[tuple[str, tuple[int, ...]], NDArray[np.bool_]] = {}

    def _content_mask(self, slot: Slot) -> NDArray[np.bool_]:
        m = np.zeros(len(self.pool), dtype=bool)
        for s in slot.sections:
            if slot.question_types:
                for q in slot.question_types:
                    m |= self.pool.mask(s, q)
            else:
                m |= self.pool.mask(s)
        return m

    # ------------------------------------------------------------------ state

    def start(self, prior: tuple[float, float] | None = None, seed: int | None = None,
              seen: Iterable[str] | None = None) -> dict[str, Any]:
        """A fresh attempt.  ``prior`` = (mean, sd), e.g. from the candidate's
        history; the blueprint's prior otherwise.  ``seed`` fixes the exposure
        randomness (tests, simulations); by default it is random.

        ``seen`` lists the candidate's earlier attempts, oldest first, each
        as the item ids it showed (ids no longer in the pool are ignored;
        only the latest ``MAX_SEEN_ATTEMPTS`` count).  Selection then keeps a
        repeat sitting as fresh as the pool allows: unseen units first, and
        once they run out the units that least raise the overlap with any one
        earlier attempt (see docs/adaptive.md).  The state keeps them
        compactly as pool indices (``encode_seen``) and attempt sizes."""
        mean, sd = prior if prior is not None else (self.blueprint.prior_mean, self.blueprint.prior_sd)
        if not sd > 0:
            raise EngineError("prior sd must be positive")
        log_post = log_normal_prior(self.q.nodes, float(mean), float(sd))
        theta, se = eap_from_log_posterior(self.q, log_post)
        return {
            "version": STATE_VERSION,
            "blueprint": self.blueprint.id,
            "pool": self.pool.fingerprint,
            "seed": int(secrets.randbits(62) if seed is None else seed),
            "step": 0,
            "prior": [float(mean), float(sd)],
            "log_post": log_post.tolist(),
            "theta": theta,
            "se": se,
            "items": [],
            "credits": [],
            "pending": [],
            "blocked": [],
            "slot": 0,
            "filled": [0] * len(self._slots),
            **self._encode_attempts(seen),
        }

    def _encode_attempts(self, seen: Iterable[Iterable[str]] | None) -> dict[str, Any]:
        flat: list[int] = []
        sizes: list[int] = []
        for attempt in list(seen or ())[-MAX_SEEN_ATTEMPTS:]:
            if isinstance(attempt, str):
                raise EngineError("seen is a list of earlier attempts, each a list of item ids")
            idx = list(dict.fromkeys(i for i in map(self.pool.index.get, attempt) if i is not None))
            if idx:
                flat.extend(idx)
                sizes.append(len(idx))
        return {"seen": encode_seen(flat), "seen_sizes": sizes}

    def _seen_matrix(self, state: Mapping[str, Any]) -> NDArray[np.bool_] | None:
        """Earlier attempts x pool items: True where the attempt showed the
        item.  None when nothing was seen.  (A state from before attempts were
        kept apart holds one flat list: it counts as one attempt.)"""
        text = state.get("seen", "")
        if not text:
            return None
        key = (text, tuple(state.get("seen_sizes") or ()))
        m = self._seen_cache.get(key)
        if m is None:
            if len(self._seen_cache) >= 32:  # a few attempts in flight per engine; keep it small
                self._seen_cache.clear()
            m = self._seen_cache[key] = self._build_seen_matrix(*key)
        return m

    def _build_seen_matrix(self, text: str, sizes: tuple[int, ...]) -> NDArray[np.bool_]:
        flat = decode_seen(text)
        sizes = sizes or (flat.size,)
        rows = np.repeat(np.arange(len(sizes)), sizes)
        m = np.zeros((len(sizes), len(self.pool)), dtype=bool)
        m[rows, flat] = True
        m.flags.writeable = False
        return m

    def check(self, state: Mapping[str, Any]) -> None:
        if state.get("version") != STATE_VERSION:
            raise EngineError(f"unknown state version {state.get('version')!r}")
        if state.get("blueprint") != self.blueprint.id:
            raise EngineError(f"state belongs to blueprint {state.get('blueprint')!r}, not {self.blueprint.id!r}")
        if state.get("pool") != self.pool.fingerprint:
            raise EngineError("state was started on a different version of the item pool")

    # -------------------------------------------------------------- selection

    def _stop_reached(self, state: Mapping[str, Any]) -> bool:
        stop = self.blueprint.stop
        n = len(state["items"])
        if stop.max_items is not None and n >= stop.max_items:
            return True
        return stop.target_se is not None and n >= max(stop.min_items, 1) and state["se"] <= stop.target_se

    def _select(self, state: Mapping[str, Any]) -> Selection | None:
        pool = self.pool
        used_items = np.fromiter((pool.index[i] for i in state["items"]), dtype=np.intp, count=len(state["items"]))
        available = np.ones(len(pool), dtype=bool)
        if used_items.size:
            used_units = np.unique(pool.unit_of_item[used_items])
            available &= ~np.isin(pool.unit_of_item, used_units)
        held_back = np.zeros(len(pool), dtype=bool)  # passed over by Sympson-Hetter in this attempt
        for i in state["blocked"]:
            held_back[pool.index[i]] = True
        slot_i = int(state["slot"])
        info = None
        while slot_i < len(self._slots):
            part_i, slot = self._slots[slot_i]
            remaining = slot.count - int(state["filled"][slot_i])
            eligible = self._slot_masks[slot_i] & available
            if held_back.any():
                # held-back items stay out only while the slot can still be filled without them:
                # exposure control must never leave a mock short of its quota
                kept = eligible & ~held_back
                if int(kept.sum()) >= remaining:
                    eligible = kept
            if remaining > 0 and eligible.any():
                if slot.balance:
                    eligible = self._balance(eligible, slot_i, used_items)
                eligible = self._least_reused(state, eligible, used_items)
                if info is None:
                    info = pool.info_index.information(float(state["theta"]))
                return self._choose(state, slot_i, eligible, info, remaining)
            slot_i += 1
        return None

    def _least_reused(self, state: Mapping[str, Any], eligible: NDArray[np.bool_],
                      used: NDArray[np.intp]) -> NDArray[np.bool_]:
        """Keep the eligible units that least raise this attempt's overlap with
        any one earlier attempt (the largest |this & earlier| after adding the
        unit), and of those the ones the candidate has seen least often.
        Unseen units always qualify, so they come first while any is left;
        after that the reuse is spread so that no earlier attempt is replayed."""
        seen = self._seen_matrix(state)
        if seen is None:
            return eligible
        units = self.pool.unit_of_item
        overlap = seen[:, used].sum(axis=1) if used.size else np.zeros(seen.shape[0], dtype=np.int64)
        cand = np.flatnonzero(eligible)
        # items of each candidate unit shown by each earlier attempt
        rows, cols = np.nonzero(seen[:, cand])
        n_units = self.pool.n_units
        added = np.bincount(rows * n_units + units[cand[cols]],
                            minlength=seen.shape[0] * n_units).reshape(seen.shape[0], n_units)
        cand_units = np.unique(units[cand])
        added = added[:, cand_units]
        cost = (overlap[:, None] + added).max(axis=0)
        times = added.sum(axis=0)
        best = cost == cost.min()
        best &= times == times[best].min()
        keep = np.zeros(self.pool.n_units, dtype=bool)
        keep[cand_units[best]] = True
        return eligible & keep[units]

    def _balance(self, eligible: NDArray[np.bool_], slot_i: int, used: NDArray[np.intp]) -> NDArray[np.bool_]:
        """Keep only topics (question types) given least so far in this slot."""
        topics = np.unique(self._qt[eligible])
        in_slot = used[self._slot_masks[slot_i][used]] if used.size else used
        given = {t: 0 for t in topics}
        for t in self._qt[in_slot]:
            if t in given:
                given[t] += 1
        low = min(given.values())
        keep = [t for t, n in given.items() if n == low]
        return eligible & np.isin(self._qt, keep)

    def _choose(self, state: Mapping[str, Any], slot_i: int, eligible: NDArray[np.bool_],
                info: NDArray[np.float64], remaining: int) -> Selection:
        pool = self.pool
        units = pool.unit_of_item
        masked = np.where(eligible, info, 0.0)
        unit_score = np.bincount(units, weights=masked, minlength=pool.n_units)
        unit_ok = np.bincount(units, weights=eligible, minlength=pool.n_units)
        big = np.flatnonzero(unit_ok > remaining)
        for u in big:  # a group larger than the quota is scored by what it contributes
            members = pool.unit_items[u]
            unit_score[u] = np.sort(masked[members])[::-1][:remaining].sum()
        cand = np.flatnonzero(unit_ok > 0)
        exposure = self.blueprint.exposure
        rng = np.random.default_rng([int(state["seed"]), int(state["step"])])
        # equal information (e.g. uncalibrated items sharing a prior) is broken at random
        ranked = cand[np.lexsort((rng.random(cand.size), -np.round(unit_score[cand], 12)))]
        blocked: list[int] = []
        if exposure.method == "randomesque" and exposure.k > 1:
            unit = randomesque(ranked, exposure.k, rng)
        elif exposure.method == "sympson_hetter":
            k_unit = np.ones(pool.n_units)
            np.minimum.at(k_unit, units, pool.exposure_k)
            unit, passed = sympson_hetter(ranked, k_unit, rng)
            for u in passed:
                blocked.extend(int(i) for i in pool.unit_items[u] if eligible[i])
        else:
            unit = int(ranked[0])
        members = [int(i) for i in pool.unit_items[unit] if eligible[i]]
        if len(members) > remaining:
            best = sorted(members, key=lambda i: -info[i])[:remaining]
            members = sorted(best)
        return Selection(slot_i, members, blocked)

    # ------------------------------------------------------------------- API

    def next_items(self, state: Mapping[str, Any]) -> list[str]:
        """Item ids to present now: the rest of a started group, else the next
        unit (one item, or every item of a passage / listening script)."""
        self.check(state)
        if state["pending"]:
            return list(state["pending"])
        if self._stop_reached(state):
            return []
        sel = self._select(state)
        return [] if sel is None else [self.pool.ids[i] for i in sel.items]

    def select(self, state: Mapping[str, Any]) -> Selection | None:
        """The next unit as a :class:`Selection` (None when the test is over);
        pass it to ``record(..., selection=...)`` to skip re-selecting."""
        self.check(state)
        if state["pending"] or self._stop_reached(state):
            return None
        return self._select(state)

    def record(self, state: Mapping[str, Any], item_id: str, credit: float,
               selection: Selection | None = None) -> dict[str, Any]:
        """Record a response (credit in [0, 1]) and return the new state."""
        self.check(state)
        credit = float(credit)
        if not 0.0 <= credit <= 1.0:
            raise EngineError("credit must lie in [0, 1]")
        new = dict(state)
        if item_id in state["pending"]:
            new["pending"] = [i for i in state["pending"] if i != item_id]
        else:
            sel = selection if selection is not None else (
                None if (state["pending"] or self._stop_reached(state)) else self._select(state))
            ids = [] if sel is None else [self.pool.ids[i] for i in sel.items]
            if item_id not in ids:
                raise EngineError(f"item {item_id!r} was not offered at this point of the attempt")
            new["pending"] = [i for i in ids if i != item_id]
            new["blocked"] = list(state["blocked"]) + [self.pool.ids[i] for i in sel.blocked]
            new["step"] = int(state["step"]) + 1
            new["slot"] = sel.slot
        new["filled"] = list(state["filled"])
        new["filled"][new["slot"]] += 1
        new["items"] = list(state["items"]) + [item_id]
        new["credits"] = list(state["credits"]) + [credit]
        i = self.pool.index[item_id]
        log_post = np.asarray(state["log_post"]) + item_log_likelihood(
            self.q.nodes, credit, self.pool.a[i], self.pool.b[i], self.pool.c[i])
        new["log_post"] = log_post.tolist()
        new["theta"], new["se"] = eap_from_log_posterior(self.q, log_post)
        return new

    def finished(self, state: Mapping[str, Any]) -> bool:
        self.check(state)
        if state["pending"]:
            return False
        return self._stop_reached(state) or self._select(state) is None

    def skip_part(self, state: Mapping[str, Any]) -> dict[str, Any]:
        """The part's time is up: drop what is pending and move to the next part."""
        self.check(state)
        part = self.current_part_index(state)
        new = dict(state)
        new["pending"] = []
        nxt = next((k for k, (p, _) in enumerate(self._slots) if p > part), len(self._slots))
        new["slot"] = max(int(state["slot"]), nxt)
        return new

    def current_part_index(self, state: Mapping[str, Any]) -> int:
        slot = int(state["slot"])
        if not state["pending"]:
            sel = None if self._stop_reached(state) else self._select(state)
            if sel is None:
                return len(self.blueprint.parts)
            slot = sel.slot
        return self._slots[slot][0] if slot < len(self._slots) else len(self.blueprint.parts)

    def current_part(self, state: Mapping[str, Any]) -> Part | None:
        i = self.current_part_index(state)
        return self.blueprint.parts[i] if i < len(self.blueprint.parts) else None

    # -------------------------------------------------------------- results

    def posterior(self, state: Mapping[str, Any]) -> GridPosterior:
        return GridPosterior(self.q.nodes, np.asarray(state["log_post"], dtype=float), self.q.weights)

    def section_posteriors(self, state: Mapping[str, Any]) -> dict[str, GridPosterior]:
        """One posterior per scoring section from that section's responses
        alone (with the attempt's prior).  Scoring sections without responses
        get the overall posterior."""
        if self.blueprint.scoring is None:
            return {}
        mean, sd = state["prior"]
        idx = np.array([self.pool.index[i] for i in state["items"]], dtype=np.intp)
        credits = np.asarray(state["credits"], dtype=float)
        sec = np.array(self.pool.section, dtype=object)[idx] if idx.size else np.array([], dtype=object)
        out: dict[str, GridPosterior] = {}
        overall = self.posterior(state)
        for s in self.blueprint.scoring.sections:
            m = np.isin(sec, s.content)
            if not m.any():
                out[s.id] = overall
                continue
            lp = log_normal_prior(self.q.nodes, mean, sd)
            for i, u in zip(idx[m], credits[m]):
                lp = lp + item_log_likelihood(self.q.nodes, float(u), self.pool.a[i], self.pool.b[i], self.pool.c[i])
            out[s.id] = GridPosterior(self.q.nodes, lp, self.q.weights)
        return out


def seen_attempts(state: Mapping[str, Any], pool: ItemPool) -> list[list[str]]:
    """The ``seen`` attempts a state was started with (ids in the pool), oldest first."""
    flat = [pool.ids[i] for i in decode_seen(state.get("seen", ""))]
    out, k = [], 0
    for n in state.get("seen_sizes") or ([len(flat)] if flat else []):
        out.append(flat[k:k + n])
        k += n
    return out


def run_attempt(engine: AdaptiveEngine, answer, state: dict[str, Any] | None = None,
                max_steps: int = 10_000) -> dict[str, Any]:
    """Drive an attempt to the end; ``answer(item_index) -> credit``."""
    state = engine.start(seed=0) if state is None else state
    for _ in range(max_steps):
        ids = engine.next_items(state)
        if not ids:
            return state
        for item_id in ids:
            state = engine.record(state, item_id, answer(engine.pool.index[item_id]))
    raise EngineError("attempt did not finish")


__all__ = ["AdaptiveEngine", "EngineError", "STATE_VERSION", "decode_seen", "encode_seen", "run_attempt", "seen_attempts"]
