"""Scoring (pure: no Flask, no SQLAlchemy): a registry with one class per
item type that validates an item spec, reads a response from a form, grades
it into an :class:`Outcome` and gives the browser's view of the item.

Public entry points::

    grade_text(expected, answer, mode, accepted=()) -> Outcome
    item_type(name) -> ItemType
    validate_item(spec) -> list[Problem]
    lint_item(spec) -> list[Problem]
    grade(spec, response) -> Outcome
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from ..japanese import judge
from .base import Outcome, Problem, ItemType, error, item_type, registered_types
from . import types as _types  # noqa: F401  (registers the item types)
from .lint import FileProblem, check_file

__all__ = [
    "FileProblem", "ItemType", "Outcome", "Problem", "check_file", "grade", "grade_text", "item_type",
    "lint_item", "registered_types", "validate_item",
]


def grade_text(
    expected: str,
    answer: str,
    mode: str,
    accepted: Sequence[str] = (),
    *,
    form: str | None = None,
    target: str | None = None,
) -> Outcome:
    """Grade a typed Japanese answer (modes: reading, word, kanji, particle, form).

    ``form`` names the conjugation asked in mode ``form`` (otherwise it is the
    form of ``expected``); ``target`` is the word a reading is asked for (used
    in feedback). Never raises on the answer; ValueError on an unknown mode
    or an empty ``expected``.
    """
    j = judge(expected, answer, mode, tuple(accepted), form=form, target=target)
    return Outcome(j.verdict, j.credit, j.feedback, j.feedback_ur, j.detail)


def validate_item(spec: Any) -> list[Problem]:
    """Semantic rules beyond the JSON Schema. Never raises."""
    if not isinstance(spec, Mapping):
        return [error("", "an item must be a mapping")]
    try:
        kind = item_type(spec.get("type"))
    except KeyError as exc:
        return [error("type", str(exc.args[0]))]
    try:
        return kind.validate(spec)
    except Exception as exc:  # noqa: BLE001 - validation must report, not crash
        return [error("", f"could not validate this item: {exc}")]


def lint_item(spec: Any) -> list[Problem]:
    """Engine-based checks (slower; see docs/grading.md for severities). Never raises."""
    if not isinstance(spec, Mapping):
        return []
    try:
        kind = item_type(spec.get("type"))
    except KeyError:
        return []
    try:
        return kind.lint(spec)
    except Exception as exc:  # noqa: BLE001
        return [Problem("", f"the Japanese checks could not run on this item: {exc}", "warning")]


def grade(spec: Mapping, response: Any) -> Outcome:
    """Grade ``response`` for ``spec`` (dispatch on ``spec['type']``)."""
    return item_type(spec.get("type")).grade(spec, response)
