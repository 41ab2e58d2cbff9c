"""Adaptive engine benchmark: examprep against catsim and catpie (one CAT step)
and against girth (2PL calibration), in one run.

    .venv/bin/python benchmarks/adaptive.py            # full run (make bench)
    .venv/bin/python benchmarks/adaptive.py --quick    # smaller, for a smoke test

A *step* is what happens after each response in a live test: update the
ability estimate and pick the next item.  Bank: 10,000 3PL items; each
simulated candidate answers 30 items; every step is timed on its own and the
table reports medians.  Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from examprep.adaptive.calibration import calibrate, simulate_responses  # noqa: E402
from examprep.adaptive.estimation import EAPAccumulator  # noqa: E402
from examprep.adaptive.selection import InfoIndex, select_max_info  # noqa: E402

N_ITEMS = 10_000
TEST_LENGTH = 30


def make_bank(seed: int = 0):
    rng = np.random.default_rng(seed)
    a = rng.lognormal(0.0, 0.3, N_ITEMS)
    b = rng.normal(0.0, 1.0, N_ITEMS)
    c = rng.uniform(0.05, 0.3, N_ITEMS)
    return a, b, c


def p3(theta, a, b, c):
    return c + (1 - c) / (1 + np.exp(-a * (theta - b)))


def run_examprep(a, b, c, thetas, seed, use_index=True):
    rng = np.random.default_rng(seed)
    index = InfoIndex(a, b, c)
    times, est = [], []
    for true in thetas:
        acc = EAPAccumulator()
        eligible = np.ones(N_ITEMS, dtype=bool)
        theta = 0.0
        for _ in range(TEST_LENGTH):
            t0 = time.perf_counter()
            j = index.best(theta, eligible) if use_index else select_max_info(theta, a, b, c, eligible)
            times.append(time.perf_counter() - t0)
            eligible[j] = False
            u = float(rng.random() < p3(true, a[j], b[j], c[j]))
            t0 = time.perf_counter()
            theta, _ = acc.add(u, a[j], b[j], c[j])
            times[-1] += time.perf_counter() - t0
        est.append(theta)
    return times, np.array(est)


def run_catsim(a, b, c, thetas, seed):
    from catsim.estimation.numerical import NumericalSearchEstimator
    from catsim.item_bank import ItemBank
    from catsim.selection.selection import MaxInfoSelector

    rng = np.random.default_rng(seed)
    bank = ItemBank(np.column_stack([a, b, c, np.ones(N_ITEMS)]))
    selector, estimator = MaxInfoSelector(), NumericalSearchEstimator()
    times, est = [], []
    for true in thetas:
        administered, responses = [], []
        theta = 0.0
        for _ in range(TEST_LENGTH):
            t0 = time.perf_counter()
            j = selector.select(item_bank=bank, administered_items=administered, est_theta=theta)
            times.append(time.perf_counter() - t0)
            administered.append(j)
            responses.append(bool(rng.random() < p3(true, a[j], b[j], c[j])))
            t0 = time.perf_counter()
            theta = estimator.estimate(item_bank=bank, administered_items=administered, response_vector=responses,
                                       est_theta=theta)
            times[-1] += time.perf_counter() - t0
        est.append(theta)
    return times, np.array(est)


def run_catpie(a, b, c, thetas, seed):
    import catpie

    rng = np.random.default_rng(seed)
    bank = [(float(x), float(y), float(z), 1.0) for x, y, z in zip(a, b, c)]
    times, est = [], []
    for true in thetas:
        administered, responses = [], []
        theta = 0.0
        for _ in range(TEST_LENGTH):
            t0 = time.perf_counter()
            j = catpie.selectNextItem(bank, theta, administered).item
            times.append(time.perf_counter() - t0)
            administered.append(j)
            responses.append(int(rng.random() < p3(true, a[j], b[j], c[j])))
            t0 = time.perf_counter()
            theta = catpie.estimateTheta(bank, administered, responses, method="EAP").theta
            times[-1] += time.perf_counter() - t0
        est.append(theta)
    return times, np.array(est)


def calibration(n_items: int, n_people: int, seed: int = 3):
    rng = np.random.default_rng(seed)
    a, b = rng.lognormal(0, 0.3, n_items), rng.normal(0, 1, n_items)
    x, _ = simulate_responses(a, b, np.zeros(n_items), n_people, seed=seed + 1)
    rows = []
    t0 = time.perf_counter()
    r = calibrate(x, "2PL")
    rows.append(("examprep calibrate (2PL MML-EM)", time.perf_counter() - t0,
                 np.corrcoef(a, r.a)[0, 1], np.corrcoef(b, r.b)[0, 1]))
    try:
        from girth import twopl_mml
    except ImportError:  # pragma: no cover
        rows.append(("girth twopl_mml", None, None, None))
    else:
        t0 = time.perf_counter()
        g = twopl_mml(x.T.astype(int))
        rows.append(("girth twopl_mml", time.perf_counter() - t0,
                     np.corrcoef(a, g["Discrimination"])[0, 1], np.corrcoef(b, g["Difficulty"])[0, 1]))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    n_cand = 3 if args.quick else 20
    n_slow = 2 if args.quick else 5
    a, b, c = make_bank()
    thetas = np.random.default_rng(args.seed).standard_normal(n_cand)
    run_examprep(a, b, c, thetas[:1], 0)  # warm-up
    results = {}
    results["examprep (InfoIndex.best + incremental EAP)"] = run_examprep(a, b, c, thetas, args.seed)
    results["examprep (select_max_info on raw arrays + incremental EAP)"] = run_examprep(a, b, c, thetas, args.seed, False)
    results["catsim 0.21 (MaxInfoSelector + NumericalSearchEstimator)"] = run_catsim(a, b, c, thetas[:n_slow], args.seed)
    results["catpie 0.2 (selectNextItem MFI + estimateTheta EAP)"] = run_catpie(a, b, c, thetas[:n_slow], args.seed)
    base = statistics.median(results["examprep (InfoIndex.best + incremental EAP)"][0])
    print(f"## Adaptive step: {N_ITEMS:,}-item 3PL bank, {TEST_LENGTH} items per candidate\n")
    print(f"Python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}; seed {args.seed}\n")
    print("| engine | candidates | steps | median step (µs) | p90 step (µs) | ratio to examprep |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, (times, est) in results.items():
        med = statistics.median(times)
        p90 = float(np.percentile(times, 90))
        print(f"| {name} | {len(est)} | {len(times)} | {med * 1e6:,.1f} | {p90 * 1e6:,.1f} | {med / base:,.1f}x |")
    n_items, n_people = (50, 1000) if args.quick else (200, 5000)
    print(f"\n## 2PL calibration: {n_items} items x {n_people:,} simulated candidates\n")
    print("| method | seconds | r(a) | r(b) |")
    print("|---|---:|---:|---:|")
    for name, secs, ra, rb in calibration(n_items, n_people):
        if secs is None:
            print(f"| {name} | not installed | | |")
        else:
            print(f"| {name} | {secs:.2f} | {ra:.3f} | {rb:.3f} |")


if __name__ == "__main__":
    main()
