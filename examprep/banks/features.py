"""Text-difficulty features of an item, for the adaptive engine's priors.

Stored with each item version at load time (so the priors of uncalibrated
items do not need the tokenizer at test time) and computed the same way when
a pool is built straight from the bank files (``examprep simulate``).
"""
from __future__ import annotations

import re
from typing import Any, Mapping

from examprep import japanese
from examprep.japanese.difficulty import LEVELS

_TARGET_MARKS = re.compile(r"[{}]|\{\*\}")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _texts(spec: Mapping[str, Any]) -> list[str]:
    out = [spec.get(k) for k in ("stem", "text", "script", "title")]
    for opt in spec.get("options") or []:
        out.append(opt.get("text") if isinstance(opt, Mapping) else opt)
    out += list(spec.get("fragments") or [])
    return [t for t in out if isinstance(t, str) and t.strip()]


def item_features(spec: Mapping[str, Any], level: str | None,
                  group: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """kanji_share, mean_sentence_length, share_above_level and estimated_level
    of the Japanese an item shows (with its passage or script, if any); {} if none."""
    parts = _texts(spec) + (_texts(group) if group else [])
    text = "\n".join(_TARGET_MARKS.sub("", t) for t in parts)
    if not _JAPANESE.search(text):
        return {}
    ref = level if level in LEVELS else None
    d = japanese.text_difficulty(text, ref)
    out: dict[str, Any] = {
        "kanji_share": d.kanji_share,
        "mean_sentence_length": d.mean_sentence_length,
        "estimated_level": d.estimated_level,
    }
    if ref is not None:
        out["share_above_level"] = round(len(d.words_above) / d.word_count, 4) if d.word_count else 0.0
    return out


def parsed_bank_features(parsed) -> dict[str, dict[str, Any]]:
    """Features of every answerable item of a ParsedBank (reader), by item id."""
    level = parsed.manifest.get("level")
    groups = {e.item_id: e.spec for e in parsed.entries if e.is_group}
    return {
        e.item_id: item_features(e.spec, e.spec.get("level") or level, groups.get(e.group_id))
        for e in parsed.entries if not e.is_group
    }
