"""Bank report: is a bank big and good enough for its mock exam?

``build_report(bank_dir, blueprint)`` gathers, from the bank files alone:

* items per section and question type (active / draft), against what the
  blueprint asks per mock, and how many mocks' worth each type holds;
* the difficulty spread: a histogram of b (calibrated parameters where the
  bank has them, the priors otherwise);
* the simulator's precision for the mock blueprint: bias / RMSE / SE by
  ability band, item exposure (maximum rate, and how many of N candidates
  would see the most exposed item);
* the repeated-mocks check (issue 5): one candidate sits the mock
  ``ATTEMPTS`` times, each attempt avoiding what the earlier ones showed;
  pass when no two of those mocks share more than ``MAX_SHARED`` of their
  items.  When it fails, the question types short of items are named with
  the shortfall.

``render_markdown`` and ``render_html`` write it out (HTML is standalone:
inline CSS and SVG, nothing fetched).
"""
from __future__ import annotations

import html
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from examprep.adaptive.blueprint import Blueprint, load_blueprint
from examprep.adaptive.pool import ItemPool
from examprep.adaptive.simulation import SimulationReport, RepeatReport, repeated_mocks, simulate
from examprep.banks.quality import LONGEST_MAX_ADVANTAGE, LONGEST_RATIO, longest_key_items, longest_strategy
from examprep.banks.reader import ParsedBank, read_bank

ATTEMPTS = 20
MAX_SHARED = 0.20
#: banks need about this many times the counting bound (see ``TypeRow.needed``)
#: once content quotas and maximum information narrow the choice; the shipped
#: banks pass from about 1.4 times it
NEEDED_MARGIN = 1.5
B_EDGES = tuple(np.arange(-3.0, 3.01, 0.5))


@dataclass
class TypeRow:
    section: str
    question_type: str
    per_mock: int
    active: int
    draft: int
    generated: int

    @property
    def mocks_worth(self) -> float:
        return self.active / self.per_mock if self.per_mock else math.inf

    @property
    def bound(self) -> int:
        """Fewest items with which ATTEMPTS mocks of ``per_mock`` items can share
        at most MAX_SHARED pairwise at all: the A*n item places, spread as evenly
        as possible over N items, give sum over items of C(r, 2) shared pairs with
        r = A*n/N, and that must fit in C(A, 2) * MAX_SHARED * n, so
        N >= A*n / (1 + (A - 1) * MAX_SHARED)  (about 4.2 n for 20 mocks at 20 %)."""
        return math.ceil(ATTEMPTS * self.per_mock / (1 + (ATTEMPTS - 1) * MAX_SHARED)) if self.per_mock else 0

    @property
    def needed(self) -> int:
        """A rule of thumb (the simulation decides): the bound with a margin."""
        return math.ceil(NEEDED_MARGIN * self.bound)

    @property
    def short_by(self) -> int:
        return max(0, self.needed - self.active)


@dataclass
class BankReport:
    bank: str
    title: str
    blueprint: Blueprint
    types: list[TypeRow]
    b_values: np.ndarray
    calibrated: int
    simulation: SimulationReport | None
    repeat: RepeatReport | None
    examinees: int
    seed: int
    notes: list[str] = field(default_factory=list)
    #: (text choice items, pick-the-longest score, blind-guess score) and the items whose
    #: key is at least as long as every other option, widest margin first: (ratio, id, file:line)
    longest_strategy: tuple[int, float, float] = (0, 0.0, 0.0)
    longest_keys: list[tuple[float, str, str]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.repeat is not None and self.repeat.max_shared <= MAX_SHARED and not self.unfilled

    @property
    def unfilled(self) -> int:
        if self.repeat is None:
            return 0
        return max(0, self.blueprint.max_items - min(self.repeat.lengths or [0]))

    @property
    def short_types(self) -> list[TypeRow]:
        return [t for t in self.types if t.per_mock and t.short_by > 0]

    def histogram(self) -> list[tuple[str, int]]:
        b = np.clip(self.b_values, B_EDGES[0], B_EDGES[-1] - 1e-9)
        counts, _ = np.histogram(b, bins=B_EDGES)
        return [(f"[{lo:+.1f}, {hi:+.1f})", int(n)) for lo, hi, n in zip(B_EDGES[:-1], B_EDGES[1:], counts)]


def _mock_blueprint(bank_id: str) -> Blueprint:
    return load_blueprint(f"{bank_id}-mock")


def build_report(bank_dir: str | Path, blueprint: str | Blueprint | None = None, examinees: int = 300,
                 seed: int = 0, attempts: int = ATTEMPTS) -> BankReport:
    bank_dir = Path(bank_dir)
    parsed: ParsedBank = read_bank(bank_dir)
    bp = blueprint if isinstance(blueprint, Blueprint) else (
        load_blueprint(blueprint) if blueprint else _mock_blueprint(parsed.slug))
    per_mock: Counter = Counter()
    for _, slot in bp.slots:
        for s in slot.sections:
            for q in slot.question_types or ("*",):
                per_mock[(s, q)] += slot.count
    active: Counter = Counter()
    draft: Counter = Counter()
    generated: Counter = Counter()
    for e in parsed.items:
        key = (e.section, e.question_type)
        if e.status == "active":
            active[key] += 1
        elif e.status == "draft":
            draft[key] += 1
        if "generated" in e.tags and e.status == "active":
            generated[key] += 1
    for s, q in list(per_mock):
        if q == "*":  # a quota on the whole section (skills tests, Nursing Care Japanese): count every type in it
            for counter in (active, draft, generated):
                counter[(s, q)] = sum(n for (s2, q2), n in list(counter.items()) if s2 == s and q2 != "*")
    keys = list(dict.fromkeys(list(per_mock) + sorted(set(active) | set(draft))))
    types = [TypeRow(s, q, per_mock.get((s, q), 0), active[(s, q)], draft[(s, q)], generated[(s, q)]) for s, q in keys]
    pool = ItemPool.from_parsed_bank(parsed)
    notes = []
    if parsed.errors:
        notes.append(f"{len(parsed.errors)} read errors: run `examprep banks validate {bank_dir}`")
    sim = rep = None
    if len(pool):
        sim = simulate(bp, pool, examinees, seed=seed)
        rep = repeated_mocks(bp, pool, attempts, theta=0.0, seed=seed)
    else:
        notes.append("the bank has no active items")
    active = [e for e in parsed.items if e.status == "active"]
    _, flagged = longest_key_items(active)
    return BankReport(parsed.slug, str(parsed.manifest.get("title", parsed.slug)), bp, types, pool.b.copy(),
                      int(pool.calibrated.sum()), sim, rep, examinees, seed, notes, longest_strategy(active),
                      [(ratio, e.item_id, f"{e.file}:{e.line}") for ratio, e in flagged])


# ----------------------------------------------------------------------------- rendering


def _verdict(r: BankReport) -> str:
    if r.repeat is None:
        return "FAIL: no active items"
    share = r.repeat.max_shared
    i, j = r.repeat.worst_pair if len(r.repeat.attempts) > 1 else (0, 0)
    text = (f"{'PASS' if r.passed else 'FAIL'}: {len(r.repeat.attempts)} mocks for one candidate share at most "
            f"{share:.0%} of their items (mocks {i + 1} and {j + 1}; target <= {MAX_SHARED:.0%})")
    if r.unfilled:
        text += f"; the bank cannot fill the mock: {r.unfilled} of {r.blueprint.max_items} items missing"
    return text


def _sections(r: BankReport) -> dict[str, Any]:
    types = [[t.section, t.question_type, t.per_mock or "-", t.active, t.generated, t.draft,
              ("-" if not t.per_mock else f"{t.mocks_worth:.1f}"), (t.short_by if t.per_mock else "-")]
             for t in r.types]
    sim_rows = []
    if r.simulation is not None:
        s = r.simulation
        for b in s.bands:
            if b.n:
                sim_rows.append([b.label, b.n, f"{b.bias:+.3f}", f"{b.rmse:.3f}", f"{b.mean_se:.3f}", f"{b.mean_length:.1f}"])
        sim_rows.append(["all", s.n, f"{s.bias:+.3f}", f"{s.rmse:.3f}", f"{float(np.mean(s.se)):.3f}",
                         f"{float(np.mean(s.length)):.1f}"])
    return {"types": types, "sim": sim_rows}


def _exposure_text(r: BankReport) -> str:
    s = r.simulation
    if s is None:
        return "no simulation (no active items)"
    most = int(round(s.max_exposure * s.n))
    return (f"maximum exposure rate {s.max_exposure:.3f}: the most used item is seen by {most} of {s.n} simulated "
            f"candidates; mean exposure {float(s.exposure.mean()):.3f}; {s.unused_share:.1%} of active items never used")


_NEEDED_NOTE = (f"'short by': active items below {NEEDED_MARGIN} x the fewest with which {ATTEMPTS} mocks could "
                f"share at most {MAX_SHARED:.0%} at all ({ATTEMPTS} x per mock / (1 + {ATTEMPTS - 1} x {MAX_SHARED}))"
                f"; a rule of thumb, the simulation decides.")


def _longest_text(r: BankReport) -> str:
    n, score, chance = r.longest_strategy
    if not n:
        return "no choice items with text options"
    verdict = "over" if score - chance > LONGEST_MAX_ADVANTAGE else "within"
    clear = sum(1 for ratio, _, _ in r.longest_keys if ratio >= LONGEST_RATIO)
    return (f"always picking the longest option scores {score:.0%} on {n} choice items, blind guessing {chance:.0%} "
            f"({verdict} the {LONGEST_MAX_ADVANTAGE:.0%} margin allowed); the key is the longest option (or tied) in "
            f"{len(r.longest_keys)} items, at least {LONGEST_RATIO}x every other option in {clear}")


def _shortage_text(r: BankReport) -> list[str]:
    if r.passed:
        return []
    short = r.short_types
    if not short:
        return ["No question type is below the rule-of-thumb size; the overlap comes from stimulus groups "
                "or selection constraints (see the per-type table)."]
    return [f"{t.section} / {t.question_type}: {t.active} active items, {t.needed} needed for {ATTEMPTS} mocks "
            f"({t.per_mock} per mock) - short by {t.short_by}" for t in short]


def render_markdown(r: BankReport) -> str:
    parts = _sections(r)
    out = [f"# Bank report: {r.bank}", "", f"{r.title}. Blueprint `{r.blueprint.id}` "
           f"({r.blueprint.max_items} items per mock). Seed {r.seed}.", ""]
    out += [f"**Repeated mocks: {_verdict(r)}**", ""]
    for line in _shortage_text(r):
        out.append(f"- {line}")
    out += ["", "## Items per question type", "",
            "| section | question type | per mock | active | of them generated | draft | mocks' worth | short by |",
            "|---|---|---:|---:|---:|---:|---:|---:|"]
    out += ["| " + " | ".join(map(str, row)) + " |" for row in parts["types"]]
    out += ["", _NEEDED_NOTE, "",
            "## Difficulty (b)", "",
            f"{r.calibrated} of {len(r.b_values)} active items have calibrated parameters; the others use priors.", "",
            "| b | items |", "|---|---:|"]
    out += [f"| {label} | {n} |" for label, n in r.histogram()]
    out += ["", f"## Precision ({r.examinees} simulated candidates)", "",
            "| true theta | n | bias | RMSE | mean SE | mean length |", "|---|---:|---:|---:|---:|---:|"]
    out += ["| " + " | ".join(map(str, row)) + " |" for row in parts["sim"]]
    out += ["", f"Exposure: {_exposure_text(r)}.", ""]
    out += ["## Keys given away by length", "", f"{_longest_text(r).capitalize()}.", ""]
    out += [f"- {item} ({where}): {ratio:.1f}x" for ratio, item, where in r.longest_keys[:20]]
    if len(r.longest_keys) > 20:
        out.append(f"- ... {len(r.longest_keys) - 20} more")
    out += [""] + [f"Note: {n}" for n in r.notes]
    return "\n".join(out).rstrip() + "\n"


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _histogram_svg(hist: list[tuple[str, int]], width: int = 560, height: int = 200) -> str:
    top = max([n for _, n in hist] + [1])
    bw = (width - 40) / len(hist)
    bars = []
    for k, (label, n) in enumerate(hist):
        h = (height - 50) * n / top
        x = 30 + k * bw
        bars.append(f'<rect x="{x:.1f}" y="{height - 30 - h:.1f}" width="{bw - 4:.1f}" height="{h:.1f}" fill="#2c7fb8">'
                    f'<title>{html.escape(label)}: {n}</title></rect>')
        bars.append(f'<text x="{x + bw / 2 - 2:.1f}" y="{height - 34 - h:.1f}" text-anchor="middle" font-size="10">{n}</text>')
        bars.append(f'<text x="{x:.1f}" y="{height - 14}" font-size="10">{B_EDGES[k]:+.1f}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
            f'aria-label="histogram of item difficulty b">{"".join(bars)}</svg>')


def render_html(r: BankReport) -> str:
    parts = _sections(r)
    ok = r.passed
    short = "".join(f"<li>{html.escape(s)}</li>" for s in _shortage_text(r))
    body = [
        f"<h1>Bank report: {html.escape(r.bank)}</h1>",
        f"<p>{html.escape(r.title)}. Blueprint <code>{html.escape(r.blueprint.id)}</code> "
        f"({r.blueprint.max_items} items per mock). Seed {r.seed}.</p>",
        f'<p class="{"pass" if ok else "fail"}"><strong>Repeated mocks: {html.escape(_verdict(r))}</strong></p>',
        f"<ul>{short}</ul>" if short else "",
        "<h2>Items per question type</h2>",
        _table(["section", "question type", "per mock", "active", "of them generated", "draft", "mocks' worth", "short by"],
               parts["types"]),
        f"<p>{html.escape(_NEEDED_NOTE)}</p>",
        "<h2>Difficulty (b)</h2>",
        f"<p>{r.calibrated} of {len(r.b_values)} active items have calibrated parameters; the others use priors.</p>",
        _histogram_svg(r.histogram()),
        f"<h2>Precision ({r.examinees} simulated candidates)</h2>",
        _table(["true theta", "n", "bias", "RMSE", "mean SE", "mean length"], parts["sim"]),
        f"<p>Exposure: {html.escape(_exposure_text(r))}.</p>",
        r.simulation.svg() if r.simulation is not None else "",
        "<h2>Keys given away by length</h2>",
        f"<p>{html.escape(_longest_text(r).capitalize())}.</p>",
        _table(["item", "where", "key / longest other"],
               [[item, where, f"{ratio:.1f}x"] for ratio, item, where in r.longest_keys]) if r.longest_keys else "",
        "".join(f"<p>Note: {html.escape(n)}</p>" for n in r.notes),
    ]
    css = ("body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
           "table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:right}"
           "td:first-child,td:nth-child(2),th{text-align:left}.pass{color:#1a7f37}.fail{color:#b42318}")
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Bank report: {html.escape(r.bank)}</title>'
            f"<style>{css}</style></head><body>\n" + "\n".join(b for b in body if b) + "\n</body></html>\n")


def render(r: BankReport, fmt: str) -> str:
    if fmt not in ("md", "html"):
        raise ValueError("format must be md or html")
    return render_html(r) if fmt == "html" else render_markdown(r)


__all__ = ["ATTEMPTS", "BankReport", "MAX_SHARED", "TypeRow", "build_report", "render", "render_html", "render_markdown"]
