"""50 random items across every shipped bank (seeded), checked with the Japanese engine:
a typed item's model answer is graded correct, a choice item has exactly one option
graded correct and no repeated option, and a generated item passes lint."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from examprep import scoring
from examprep.banks.reader import find_banks

ROOT = Path(__file__).resolve().parents[2] / "question_banks"
SAMPLE = 50
SEED = 20261122


def _all_items():
    """Every item of every bank, read straight from the files (the reader's
    schema pass is tested elsewhere; this keeps collection fast)."""
    import glob

    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    out = []
    for path in find_banks([ROOT]):
        manifest = yaml.load((path / "bank.yaml").read_text(encoding="utf-8"), Loader=loader)
        files = sorted({f for pat in manifest.get("files") or ["items/*.yaml"] for f in glob.glob(str(path / pat))})
        for f in files:
            for entry in yaml.load(Path(f).read_text(encoding="utf-8"), Loader=loader) or []:
                children = entry.get("items") if entry.get("type") in ("passage", "listening") else [entry]
                for spec in children or []:
                    if spec.get("status", entry.get("status", "active")) == "rejected":
                        continue
                    spec = {"section": entry.get("section"), "question_type": entry.get("question_type"), **spec}
                    out.append((f"{manifest['id']}/{spec['id']}", spec))
    return out


ITEMS = _all_items()
PICKED = random.Random(SEED).sample(ITEMS, min(SAMPLE, len(ITEMS)))


def _text(option):
    return option.get("text") or option.get("image") if isinstance(option, dict) else str(option)


def test_the_sample_covers_several_banks_and_types():
    banks = {name.split("/")[0] for name, _ in PICKED}
    assert len(PICKED) == SAMPLE and len(banks) >= 4
    assert any("generated" in (spec.get("tags") or []) for _, spec in ITEMS)


@pytest.mark.parametrize("name,spec", PICKED, ids=[n for n, _ in PICKED])
def test_key_is_right_and_unique(name, spec):
    assert [p for p in scoring.validate_item(spec) if p.severity == "error"] == []
    if spec["type"] == "text":
        outcome = scoring.grade(spec, spec["answers"][0])
        assert outcome.verdict == "correct", (name, outcome)
    elif spec["type"] == "choice":
        options = [_text(o) for o in spec["options"]]
        assert len(set(options)) == len(options), f"{name}: an option appears twice"
        verdicts = [scoring.grade(spec, i).verdict for i in range(len(options))]
        assert verdicts.count("correct") == 1 and verdicts[spec["key"]] == "correct", (name, verdicts)
    if "generated" in (spec.get("tags") or []) and spec.get("status", "active") == "active":
        assert scoring.lint_item(spec) == [], name
