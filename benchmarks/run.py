"""`make bench`: run every benchmark and write benchmarks/RESULTS.md.

Each benchmark is a standalone script that compares examprep with a named
peer in the same run and prints Markdown. This file runs them one after the
other (never in parallel: they time one core) and records the output with the
command that produced it. Notes on how to read each table stay in
benchmarks/results/<name>.md.
"""
from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = [
    ("grading", "Japanese text grading against bare fugashi tagging", ["grading.py"]),
    ("adaptive", "Adaptive step against catsim and catpie; calibration against girth", ["adaptive.py"]),
]


def main(argv: list[str]) -> int:
    only = set(argv)
    sections = []
    failed = 0
    for name, title, script in BENCHMARKS:
        if only and name not in only:
            continue
        cmd = [sys.executable, str(HERE / script[0]), *script[1:]]
        shown = " ".join([".venv/bin/python", f"benchmarks/{script[0]}", *script[1:]])
        print(f"== {shown}", flush=True)
        started = dt.datetime.now(dt.timezone.utc)
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=HERE.parent)
        print(proc.stdout, end="")
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            failed += 1
        seconds = (dt.datetime.now(dt.timezone.utc) - started).total_seconds()
        sections.append(
            f"## {title}\n\nCommand: `{shown}` (exit {proc.returncode}, {seconds:.0f} s). "
            f"How to read it: [results/{name}.md](results/{name}.md).\n\n{proc.stdout.strip()}\n"
        )
    if only:
        return failed
    head = (
        "# Benchmark results\n\n"
        f"Produced by `make bench` (`.venv/bin/python benchmarks/run.py`) on "
        f"{dt.date.today().isoformat()}: Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs. Peers run in the same process run as examprep; compare ratios, "
        "not absolute times, across machines.\n"
    )
    (HERE / "RESULTS.md").write_text(head + "\n" + "\n".join(sections), encoding="utf-8")
    print(f"wrote {HERE / 'RESULTS.md'}")
    return failed


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
