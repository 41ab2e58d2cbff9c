"""Readings unidic-lite gets wrong in context, corrected by rule in the furigana
engine (examprep.japanese.furigana._context_kana): every bank's stems and
passages are shown with these, so a wrong one teaches every candidate a wrong
reading."""
from __future__ import annotations

import pytest

from examprep.japanese.furigana import ruby_segments


def readings(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for s, r in ruby_segments(text):
        if r:
            out.setdefault(s, r)  # the first occurrence
    return out


@pytest.mark.parametrize("text,word,reading", [
    ("社長に言う", "言", "い"),            # not ゆ (the pronunciation)
    ("何も言わない", "何", "なに"),
    ("何かありますか", "何", "なに"),
    ("何を買いますか", "何", "なに"),
    ("何人いますか", "何人", "なんにん"),     # how many people
    ("何でもいいです", "何", "なん"),
    ("上の階へ行きます", "階", "かい"),      # never the archaic きざはし
    ("3階です", "階", "がい"),
    ("外国人のお客様", "人", "じん"),
    ("パキスタン人です", "人", "じん"),
    ("三人で行きます", "人", "にん"),
    ("数を数えます", "数", "かず"),
    ("数人が来ました", "数", "すう"),
    ("ロープが2本あります", "本", "ほん"),
    ("ロープが1本あります", "本", "ぽん"),
    ("ロープが3本あります", "本", "ぼん"),
    ("ロープが１０本あります", "本", "ぽん"),
    ("何本ありますか", "本", "ぼん"),
    ("4分待ちます", "分", "ぷん"),
    ("7分待ちます", "分", "ふん"),
    ("何分かかりますか", "分", "ぷん"),
    ("水を6杯", "杯", "ぱい"),
    ("1日に3回", "日", "にち"),
    ("2日かかります", "日", "か"),
    ("11日に来ます", "日", "にち"),
    ("20日に来ます", "日", "か"),
    ("1泊2食付き", "泊", "ぱく"),
    ("2泊します", "泊", "はく"),
])
def test_context_reading(text, word, reading):
    assert readings(text)[word] == reading


def test_one_kanji_readings_apply_only_where_the_kanji_is_a_word_of_its_own():
    approved = {"人": "ひと", "水": "みず", "根": "ね"}
    segs = {s: r for s, r in ruby_segments("人工授粉では、人が花粉をつけます。", approved) if r}
    assert segs["人"] == "ひと" and segs["人工"] == "じんこう"  # not ひと工
    segs = dict((s, r) for s, r in ruby_segments("水耕栽培では根が水の中にあります。", approved) if r)
    assert segs["水耕"] == "すいこう" and segs["水"] == "みず" and segs["根"] == "ね"
    # approved readings of longer words still apply wherever they appear
    assert ("外国人", "がいこくじん") in ruby_segments("外国人のお客様", {"外国人": "がいこくじん"})
