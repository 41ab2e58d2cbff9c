"""Table-driven answer matching: every mode, with the hard cases a teacher meets."""

from __future__ import annotations

import pytest

from examprep.scoring import grade_text

C, P, X = "correct", "partial", "incorrect"

# (mode, expected, accepted, answer, verdict, reason-or-None, extra kwargs)
CASES = [
    # --- reading: kana compared as a reading string ---------------------------------
    ("reading", "がっこう", (), "がっこう", C, "correct", {}),
    ("reading", "がっこう", (), "ガッコウ", C, "correct_script", {}),
    ("reading", "がっこう", (), "ｶﾞｯｺｳ", C, "correct_script", {}),             # half-width katakana
    ("reading", "がっこう", (), "　がっこう。 ", C, "correct", {}),               # ideographic space, punctuation
    ("reading", "がっこう", (), "がこう", X, "small_tsu_missing", {}),
    ("reading", "がっこう", (), "がっこー", P, "long_mark_hiragana", {}),
    ("reading", "がっこう", (), "がっこ", X, "long_vowel_missing", {}),
    ("reading", "きって", (), "きて", X, "small_tsu_missing", {}),
    ("reading", "きて", (), "きって", X, "small_tsu_extra", {}),
    ("reading", "おばあさん", (), "おばさん", X, "long_vowel_missing", {}),        # a different word, not a slip to forgive
    ("reading", "せんせい", (), "せんせえ", X, "long_vowel_spelling", {}),        # pron would fold this: we do not
    ("reading", "でんしゃ", (), "でんしや", X, "small_kana", {}),
    ("reading", "でんしゃ", (), "てんしゃ", X, "dakuten", {}),
    ("reading", "がっこう", (), "gakkou", X, "romaji_right", {}),
    ("reading", "がっこう", (), "gakko", X, "romaji_right", {}),                   # romaji long vowel dropped: still a hint
    ("reading", "がっこう", (), "densha", X, "romaji", {}),
    ("reading", "がっこう", (), "学校", X, "reading_kanji_copied", {"target": "学校"}),
    ("reading", "がっこう", (), "学校", X, "reading_not_kana", {}),
    ("reading", "あした", ("あす",), "あす", C, "correct", {"target": "明日"}),
    ("reading", "あした", ("あす",), "みょうにち", X, "reading_wrong", {"target": "明日"}),
    ("reading", "コーヒー", (), "こーひー", C, "correct", {}),
    ("reading", "コーヒー", (), "コ-ヒ-", C, "correct", {}),                     # hyphens typed for ー
    ("reading", "コーヒー", (), "こうひい", P, "long_mark_katakana", {}),
    ("reading", "さんにん", (), "3にん", X, "reading_not_kana", {}),
    ("reading", "がっこう", (), "", X, "empty", {}),
    # --- word: any standard spelling of the same word ---------------------------------
    ("word", "暑い", (), "暑い", C, "correct", {}),
    ("word", "暑い", (), "あつい", C, "correct_kana", {}),
    ("word", "暑い", (), "アツイ", C, "correct_kana", {}),
    ("word", "暑い", (), "熱い", X, "homophone", {}),
    ("word", "暑い", (), "厚い", X, "homophone", {}),
    ("word", "橋", (), "箸", X, "homophone", {}),
    ("word", "箸", (), "橋", X, "homophone", {}),
    ("word", "橋", (), "はし", C, "correct_kana", {}),
    ("word", "受付", (), "受け付け", C, "correct_variant", {}),
    ("word", "受け付け", (), "受付", C, "correct_variant", {}),
    ("word", "受付", (), "受付け", C, "correct_variant", {}),
    ("word", "行う", (), "行なう", C, "correct_variant", {}),
    ("word", "少ない", (), "少い", P, "irregular_spelling", {}),                   # irregular okurigana
    ("word", "少ない", (), "少なない", X, "malformed_form", {}),
    ("word", "登る", (), "上る", P, "other_kanji", {}),
    ("word", "三人", (), "３人", C, "correct_number", {}),
    ("word", "三人", (), "3人", C, "correct_number", {}),
    ("word", "三人", (), "さんにん", C, "correct_kana", {}),
    ("word", "明日", (), "あした", C, "correct_kana", {}),
    ("word", "明日", (), "あす", C, "correct_kana", {}),
    ("word", "日本", (), "にほん", C, "correct_kana", {}),
    ("word", "学校", (), "がこう", X, "small_tsu_missing", {}),
    ("word", "学校", (), "病院", X, "wrong_word", {}),
    ("word", "学校", (), "gakkou", X, "romaji_right", {}),
    ("word", "暑い", (), "暑かった", P, "word_other_form", {}),
    ("word", "コーヒー", (), "こうひい", P, "long_mark_katakana", {}),
    ("word", "勉強", ("べんきょう",), "べんきょう", C, "correct", {}),
    # --- kanji: must be written in kanji --------------------------------------------
    ("kanji", "学校", (), "学校", C, "correct", {}),
    ("kanji", "学校", (), "がっこう", X, "kanji_required", {}),
    ("kanji", "学校", (), "学こう", X, "kanji_partly", {}),
    ("kanji", "暑い", (), "熱い", X, "homophone", {}),
    ("kanji", "三人", (), "3人", P, "number_in_kanji", {}),
    ("kanji", "受付", (), "受け付け", C, "correct_variant", {}),
    ("kanji", "食べる", (), "食る", X, "okurigana_wrong", {}),
    ("kanji", "学校", (), "びょういん", X, "kanji_required_wrong", {}),
    # --- particle: は/へ/を typed as spoken ----------------------------------------------
    ("particle", "は", (), "は", C, "correct", {}),
    ("particle", "は", (), "わ", P, "particle_pronounced", {}),
    ("particle", "へ", (), "え", P, "particle_pronounced", {}),
    ("particle", "を", (), "お", P, "particle_pronounced", {}),
    ("particle", "には", (), "にわ", P, "particle_pronounced", {}),
    ("particle", "に", (), "で", X, "particle_wrong", {}),
    ("particle", "を", (), "が", X, "particle_wrong", {}),
    ("particle", "へ", ("に",), "に", C, "correct", {}),
    ("particle", "は", (), "wa", X, "romaji", {}),
    # --- form: right word in the asked conjugation -------------------------------------
    ("form", "食べます", (), "食べます", C, "correct", {"form": "masu"}),
    ("form", "食べます", (), "食べる", X, "wrong_form", {"form": "masu"}),
    ("form", "食べます", (), "たべる", X, "wrong_form", {"form": "masu"}),
    ("form", "食べます", (), "たべます", C, "correct_kana", {"form": "masu"}),
    ("form", "書いて", (), "書きて", X, "malformed_form", {"form": "te"}),
    ("form", "書いて", (), "かきて", X, "malformed_form", {"form": "te"}),
    ("form", "書いて", (), "書いた", X, "wrong_form", {"form": "te"}),
    ("form", "書いて", (), "かいて", C, "correct_kana", {"form": "te"}),
    ("form", "書いて", (), "書いて", C, "correct", {}),                          # form taken from expected
    ("form", "行って", (), "行きて", X, "malformed_form", {"form": "te"}),
    ("form", "行って", (), "いって", C, "correct_kana", {"form": "te"}),
    ("form", "来ない", (), "こない", C, "correct_kana", {"form": "nai"}),
    ("form", "来ない", (), "きない", X, None, {"form": "nai"}),
    ("form", "しました", (), "します", X, "wrong_form", {"form": "mashita"}),
    ("form", "勉強します", (), "勉強する", X, "wrong_form", {"form": "masu"}),
    ("form", "高くて", (), "高いて", X, None, {"form": "te"}),
    ("form", "高くて", (), "たかくて", C, "correct_kana", {"form": "te"}),
    ("form", "静かでした", (), "静かだった", X, "wrong_form", {"form": "polite_past"}),
    ("form", "見られる", (), "見れる", P, "ranuki", {"form": "potential"}),
    ("form", "書いて", (), "読んで", X, "wrong_word", {"form": "te"}),
]


@pytest.mark.parametrize("mode,expected,accepted,answer,verdict,reason,kwargs", CASES,
                         ids=[f"{c[0]}:{c[1]}<-{c[3] or 'empty'}" for c in CASES])
def test_matching_table(mode, expected, accepted, answer, verdict, reason, kwargs):
    out = grade_text(expected, answer, mode, accepted, **kwargs)
    assert out.verdict == verdict, out
    if reason is not None:
        assert out.detail["reason"] == reason, out
    assert out.credit == {"correct": 1.0, "partial": 0.5, "incorrect": 0.0}[verdict]
    assert out.feedback and out.feedback.endswith((".", "。"))
    assert out.feedback_ur


def test_table_is_large_and_covers_every_mode():
    assert len(CASES) >= 60
    assert {c[0] for c in CASES} == {"reading", "word", "kanji", "particle", "form"}


def test_form_feedback_names_the_form_asked_and_given():
    out = grade_text("書いて", "書いた", "form", form="te")
    assert out.detail["form_asked"] == "te" and out.detail["form_given"] == "ta"
    assert "て-form" in out.feedback and "た-form" in out.feedback and "書いて" in out.feedback
    polite = grade_text("食べます", "食べる", "form", form="masu")
    assert polite.detail == {"reason": "wrong_form", "form_asked": "polite", "form_given": "plain"}
    assert "polite" in polite.feedback and "dictionary form" in polite.feedback


def test_homophone_feedback_gives_both_meanings():
    out = grade_text("橋", "箸", "word")
    assert "Same reading, different word" in out.feedback
    assert "chopsticks" in out.feedback and "bridge" in out.feedback


def test_reading_near_miss_names_the_slip_and_the_answer():
    out = grade_text("がっこう", "がこう", "reading", target="学校")
    assert "small っ" in out.feedback and "がっこう" in out.feedback


def test_particle_partial_gives_the_reason():
    out = grade_text("は", "わ", "particle")
    assert "pronounced わ but written は" in out.feedback


def test_unknown_mode_and_empty_expected_are_author_errors():
    with pytest.raises(ValueError, match="unknown text mode"):
        grade_text("がっこう", "がっこう", "spelling")
    with pytest.raises(ValueError, match="empty"):
        grade_text("  ", "がっこう", "reading")


def test_accepted_answers_are_accepted_in_every_mode():
    for mode in ("word", "kanji", "form"):
        assert grade_text("受付", "受け付け", mode, ("受け付け",)).verdict == "correct"
