"""Normalisation: unit cases and hypothesis properties."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from examprep.japanese import MAX_CHARS, answer_key, compact, digits_to_kanji, kanji_numerals_to_digits, normalize
from examprep.japanese.kana import romaji_to_hiragana, to_hiragana, to_katakana

japanese_text = st.text(
    alphabet=st.sampled_from(list("あいうえおかがきぎっゃーアイウカガッャｰｶﾞ学校暑熱三十一 　。、!？-~〜ー0123４ａＢ\t\n\u200b\u0301")),
    max_size=60,
)


def test_nfkc_width_and_edges():
    assert normalize("ｶﾞｯｺｳ") == "ガッコウ"
    assert normalize("　がっこう。 ") == "がっこう"
    assert normalize("「はし」") == "はし"
    assert normalize("３人") == "3人"
    assert normalize("ＡＢＣ") == "ABC"
    assert normalize("わたし　は\t がくせい") == "わたし は がくせい"
    assert compact("わたし　は がくせい") == "わたしはがくせい"


def test_long_vowel_marks_and_hyphens():
    assert normalize("コ-ヒ-") == "コーヒー"
    assert normalize("ｺｰﾋｰ") == "コーヒー"
    assert normalize("ラ〜メン") == "ラーメン"
    assert normalize("a-b") == "a-b"  # not after kana: left alone


def test_controls_and_format_characters_are_dropped():
    assert normalize("が\u200bっ\x00こう\u202e") == "がっこう"


def test_kana_folding():
    assert answer_key("ガッコウ") == "がっこう"
    assert to_katakana("がっこう") == "ガッコウ"
    assert to_hiragana("ヴァ") == "ゔぁ"


def test_kanji_numerals_and_digits():
    assert kanji_numerals_to_digits("三人") == "3人"
    assert kanji_numerals_to_digits("二十五日") == "25日"
    assert kanji_numerals_to_digits("百円") == "100円"
    assert kanji_numerals_to_digits("二〇二六年") == "2026年"
    assert kanji_numerals_to_digits("三万五千") == "35000"
    assert digits_to_kanji(25) == "二十五" and digits_to_kanji(100) == "百" and digits_to_kanji(3) == "三"


def test_romaji_conversion():
    assert romaji_to_hiragana("gakkou") == "がっこう"
    assert romaji_to_hiragana("konnichiwa") == "こんにちわ"
    assert romaji_to_hiragana("Tōkyō") == "とうきょう"
    assert romaji_to_hiragana("kin'en") == "きんえん"
    assert romaji_to_hiragana("xq") is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_normalize_never_raises_and_is_idempotent_on_any_text(s):
    once = normalize(s)
    assert normalize(once) == once
    assert len(once) <= MAX_CHARS


@settings(max_examples=300, deadline=None)
@given(japanese_text)
def test_normalize_is_idempotent_on_japanese_like_text(s):
    once = normalize(s)
    assert normalize(once) == once
    assert answer_key(answer_key(s)) == answer_key(s)


@settings(max_examples=20, deadline=None)
@given(st.text(min_size=1, max_size=5), st.integers(min_value=1000, max_value=5000))
def test_normalize_is_length_bounded(chunk, repeat):
    assert len(normalize(chunk * repeat)) <= MAX_CHARS
