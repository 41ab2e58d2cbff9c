"""Bank validation: the reader's schema and structure checks, then the
per-type rules of the scoring registry, the Japanese-engine checks, and the
bank-wide quality gates. Every problem names file, line and field.
"""
from __future__ import annotations

import re
from pathlib import Path

from examprep import scoring
from examprep.banks import quality
from examprep.banks.reader import ParsedBank, Problem, field_path, read_bank

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_field(field: str) -> tuple:
    """'items[1].options[2]' -> ('items', 1, 'options', 2)."""
    return tuple(int(idx) if idx else name for name, idx in _PART.findall(field))


def validate_bank(path: str | Path, *, lint: bool = True) -> ParsedBank:
    bank = read_bank(path)
    children = {e.item_id: e for e in bank.entries if e.group_id is not None}
    # entries that already failed the schema get no further checks (one clear message each)
    failed = {(p.file, parse_field(p.field)[:1]) for p in bank.errors}
    for entry in bank.entries:
        if entry.group_id is not None:
            continue  # checked with its group, which validates and lints its items
        if (entry.file, entry.path[:1]) in failed:
            continue
        spec = entry.spec
        if entry.is_group:
            spec = {**spec, "items": [children[c].spec for c in entry.children if c in children]}
        found = scoring.validate_item(spec)
        if lint and not any(p.severity == "error" for p in found):
            found += scoring.lint_item(spec)
        for p in found:
            rel = parse_field(p.field)
            full = entry.path + rel
            line = bank.line_maps[entry.file].line_of(full)
            bank.problems.append(Problem(entry.file, line or entry.line, field_path(full), p.message, p.severity))
    bank.problems += quality_gates(bank)
    return bank


def quality_gates(bank: ParsedBank) -> list[Problem]:
    """Bank-wide checks (duplicate and near-duplicate stems, explanations, stem
    vocabulary level, balance of key positions): see ``examprep.banks.quality``."""
    return quality.gates(bank)
