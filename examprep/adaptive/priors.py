"""Starting parameters for items that have not been calibrated yet.

The values are heuristics on the logit scale of a bank (theta ~ N(0, 1) for
the candidates the bank is written for).  They only steer selection until
``examprep calibrate`` replaces them with estimates from real responses, so
they aim to be roughly right, not precise:

* **b** starts at the offset of the item's level from the bank's level
  (one level is about one logit; an N4 item in an N5 bank starts at +1),
  plus a per-question-type offset (longer passages and composition are
  harder than kanji reading), plus text-difficulty features when the
  Japanese engine has measured the item text.
* **a** starts at 1.0 (0.9 for listening and long reading items, which
  depend more on one stimulus; 1.1 for typed answers, which cannot be
  guessed).
* **c** is the guessing floor 1 / number of options for choice items
  (0.25 for 4 options, 1/3 for 3), capped at 0.45 for true/false; 0 for typed
  answers and order items whose full order is graded.
"""

from __future__ import annotations

from typing import Mapping

LEVEL_CENTRE: dict[str, float] = {
    # JLPT levels, one logit apart
    "N5": -2.0, "N4": -1.0, "N3": 0.0, "N2": 1.0, "N1": 2.0,
    # CEFR-style labels used by JFT-Basic and skills banks
    "A1": -1.5, "A2": -0.5, "A2.1": -1.0, "B1": 0.5,
}

#: difficulty offset by question type (logits), from the JLPT task design:
#: recognition of a reading < choosing a form < composing / long texts
QUESTION_TYPE_OFFSET: dict[str, float] = {
    "kanji_reading": -0.4, "orthography": -0.2, "contextual_expression": 0.0, "paraphrase": 0.2,
    "usage": 0.5, "grammar_form": 0.0, "sentence_composition": 0.4, "text_grammar": 0.3,
    "short_passage": 0.0, "mid_passage": 0.3, "long_passage": 0.6, "information_retrieval": 0.1,
    "task_based": 0.0, "point_comprehension": 0.2, "summary": 0.6, "verbal_expression": -0.1,
    "quick_response": 0.1,
    # JFT-Basic
    "kanji_usage": 0.0, "word_meaning": -0.2, "word_usage": 0.3, "grammar": 0.1, "expression": 0.0,
    "conversation": 0.1, "announcement": 0.2, "reading_comprehension": 0.2, "information_search": 0.0,
}

LOWER_A_TYPES = {"long_passage", "summary", "task_based", "point_comprehension", "conversation", "announcement"}

#: weights of the text-difficulty features (each centred on a typical value)
FEATURE_WEIGHTS: dict[str, tuple[float, float]] = {
    # name: (typical value, logits per unit above it)
    "kanji_share": (0.2, 2.0),             # share of characters that are kanji
    "mean_sentence_length": (20.0, 0.03),  # characters per sentence
    "share_above_level": (0.0, 3.0),       # share of words above the item's level
}


def level_centre(level: str | None) -> float | None:
    if level is None:
        return None
    return LEVEL_CENTRE.get(str(level).upper())


def item_prior(
    level: str | None,
    question_type: str,
    features: Mapping[str, float] | None = None,
    *,
    n_options: int | None = None,
    item_type: str = "choice",
    bank_level: str | None = None,
) -> tuple[float, float, float]:
    """Prior (a, b, c) for an uncalibrated item.

    ``features`` are plain numbers, e.g. from the Japanese engine's
    ``text_difficulty``: ``kanji_share``, ``mean_sentence_length``,
    ``share_above_level`` and ``estimated_level`` (a level label or its
    centre as a number).  Unknown keys are ignored.
    """
    item_c = level_centre(level)
    bank_c = level_centre(bank_level) if bank_level else item_c
    b = 0.0 if item_c is None or bank_c is None else item_c - bank_c
    b += QUESTION_TYPE_OFFSET.get(question_type, 0.0)
    if features:
        for name, (typical, weight) in FEATURE_WEIGHTS.items():
            v = features.get(name)
            if v is not None:
                b += weight * (float(v) - typical)
        est = features.get("estimated_level")
        est_c = level_centre(est) if isinstance(est, str) else (float(est) if est is not None else None)
        ref = item_c if item_c is not None else bank_c
        if est_c is not None and ref is not None:
            b += 0.5 * (est_c - ref)
    b = max(-3.5, min(3.5, b))
    a = 0.9 if question_type in LOWER_A_TYPES else 1.0
    if item_type == "text":
        return 1.1, b, 0.0
    if item_type in ("order", "multi_choice"):
        # the ★ pick is a 1-of-n choice; multi-choice all-or-nothing guessing is rare
        c = 1.0 / n_options if (item_type == "order" and n_options) else (0.25 if item_type == "order" else 0.05)
        return a, b, c
    n = n_options or (3 if question_type in ("verbal_expression", "quick_response") else 4)
    return a, b, min(0.45, 1.0 / max(2, n))
