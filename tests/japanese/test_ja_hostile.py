"""Grading is safe on hostile input: always a verdict, never a crash."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from examprep.japanese import tokenize
from examprep.japanese.tagger import MAX_TAG_CHARS
from examprep.scoring import grade_text

HOSTILE = [
    "",
    " ",
    "\x00\x01\x02",
    "あ" * 10_000,
    "学" * 10_000,
    "😀🙏🏽👨‍👩‍👧",
    "\u202eがっこう",
    "がっこう\n\n\tDROP TABLE items;",
    "<script>alert(1)</script>",
    "学校がっこうgakkou123😀",
    "\ud800",  # lone surrogate
    "ー" * 50,
    "{*}",
]
MODES = [("reading", "がっこう"), ("word", "学校"), ("kanji", "学校"), ("particle", "は"), ("form", "書いて")]


@pytest.mark.parametrize("answer", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("mode,expected", MODES)
def test_hostile_answers_get_a_verdict(mode, expected, answer):
    out = grade_text(expected, answer, mode)
    assert out.verdict in ("correct", "partial", "incorrect")
    assert 0.0 <= out.credit <= 1.0
    assert out.feedback
    if answer.strip() in ("", "\x00\x01\x02"):
        assert out.detail["reason"] == "empty"


def test_long_answers_are_refused_before_tokenising(monkeypatch):
    import examprep.japanese.match as match

    calls = []
    monkeypatch.setattr(match, "tokenize", lambda text: calls.append(text) or [])
    out = grade_text("学校", "学" * 10_000, "word")
    assert out.detail["reason"] == "too_long"
    assert calls == []


def test_tokenize_caps_its_input():
    tokens = tokenize("学校" * 1000)
    assert sum(len(t.surface) for t in tokens) <= MAX_TAG_CHARS


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80), st.sampled_from(MODES))
def test_any_text_gets_a_verdict(answer, mode_expected):
    mode, expected = mode_expected
    out = grade_text(expected, answer, mode)
    assert out.verdict in ("correct", "partial", "incorrect")
