"""Feedback sentences for learners, in English and Urdu.

One key per situation; placeholders are Japanese strings or form labels.
Keep every sentence short, concrete and about the answer just given.
"""

from __future__ import annotations

import re
from typing import Mapping

MESSAGES: dict[str, tuple[str, str | None]] = {
    "correct": ("Correct.", "درست۔"),
    "correct_kana": (
        "Correct: {answer} is the word written in kana ({expected} in kanji).",
        "درست: {answer} اسی لفظ کا کانا میں لکھا ہوا روپ ہے (کانجی میں {expected})۔",
    ),
    "correct_script": (
        "Correct, though readings are normally written in hiragana: {expected}.",
        "درست، لیکن پڑھائی عام طور پر ہیراگانا میں لکھی جاتی ہے: {expected}۔",
    ),
    "correct_variant": (
        "Correct: {answer} is another standard spelling of {expected}.",
        "درست: {answer} بھی {expected} کا ایک معیاری املا ہے۔",
    ),
    "correct_number": (
        "Correct: {answer} and {expected} are the same number.",
        "درست: {answer} اور {expected} ایک ہی عدد ہیں۔",
    ),
    "empty": ("No answer was given.", "کوئی جواب نہیں دیا گیا۔"),
    "too_long": (
        "This answer is far too long: type only the word that is asked for.",
        "یہ جواب بہت لمبا ہے: صرف وہ لفظ لکھیں جو پوچھا گیا ہے۔",
    ),
    "romaji_right": (
        "Right sounds, but type it in Japanese script, not in romaji: {expected}.",
        "آوازیں درست ہیں، لیکن رومن حروف کے بجائے جاپانی رسم الخط میں لکھیں: {expected}۔",
    ),
    "romaji": (
        "Please type in Japanese script (hiragana), not in romaji.",
        "براہِ کرم رومن حروف کے بجائے جاپانی رسم الخط (ہیراگانا) میں لکھیں۔",
    ),
    "reading_kanji_copied": (
        "Write how {target} is read, in hiragana; copying the kanji does not answer the question.",
        "{target} کی پڑھائی ہیراگانا میں لکھیں؛ کانجی نقل کرنا اس سوال کا جواب نہیں۔",
    ),
    "reading_not_kana": (
        "A reading must be written in hiragana (for example {expected_hint}).",
        "پڑھائی ہیراگانا میں لکھی جاتی ہے (مثلاً {expected_hint})۔",
    ),
    "reading_wrong": (
        "Not the right reading: {target} is read {expected}.",
        "پڑھائی درست نہیں: {target} کو {expected} پڑھا جاتا ہے۔",
    ),
    "small_tsu_missing": (
        "Almost: a small っ (double consonant) is missing. The answer is {expected}.",
        "تقریباً درست: ایک چھوٹا っ (دوہرا حرف) رہ گیا ہے۔ جواب {expected} ہے۔",
    ),
    "small_tsu_extra": (
        "Almost: there is no small っ in this word. The answer is {expected}.",
        "تقریباً درست: اس لفظ میں چھوٹا っ نہیں ہے۔ جواب {expected} ہے۔",
    ),
    "long_vowel_missing": (
        "Almost: a long vowel is missing. The answer is {expected}.",
        "تقریباً درست: ایک لمبی آواز رہ گئی ہے۔ جواب {expected} ہے۔",
    ),
    "long_vowel_extra": (
        "Almost: this vowel is short, not long. The answer is {expected}.",
        "تقریباً درست: یہ آواز چھوٹی ہے، لمبی نہیں۔ جواب {expected} ہے۔",
    ),
    "long_vowel_spelling": (
        "Almost: the long vowel is spelled differently. The answer is {expected}.",
        "تقریباً درست: لمبی آواز کا املا مختلف ہے۔ جواب {expected} ہے۔",
    ),
    "small_kana": (
        "Almost: mind the small kana (ゃ ゅ ょ). The answer is {expected}.",
        "تقریباً درست: چھوٹے کانا (ゃ ゅ ょ) کا خیال رکھیں۔ جواب {expected} ہے۔",
    ),
    "dakuten": (
        "Almost: check the ゛ and ゜ marks (voiced sounds). The answer is {expected}.",
        "تقریباً درست: ゛ اور ゜ کے نشان دیکھیں۔ جواب {expected} ہے۔",
    ),
    "n": (
        "Almost: check the ん. The answer is {expected}.",
        "تقریباً درست: ん کو دیکھیں۔ جواب {expected} ہے۔",
    ),
    "long_mark_hiragana": (
        "Right sounds, but in hiragana a long vowel is written with a vowel letter, not ー: {expected}.",
        "آوازیں درست ہیں، لیکن ہیراگانا میں لمبی آواز ー سے نہیں بلکہ حرفِ علت سے لکھی جاتی ہے: {expected}۔",
    ),
    "long_mark_katakana": (
        "Right sounds, but this word writes its long vowel with ー: {expected}.",
        "آوازیں درست ہیں، لیکن اس لفظ میں لمبی آواز ー سے لکھی جاتی ہے: {expected}۔",
    ),
    "homophone": (
        "Same reading, different word: {answer} means \u201c{answer_gloss}\u201d; the word here is {expected} (\u201c{expected_gloss}\u201d).",
        "پڑھائی ایک جیسی، مگر لفظ مختلف: {answer} کا مطلب \u201c{answer_gloss}\u201d ہے؛ یہاں لفظ {expected} ہے۔",
    ),
    "homophone_plain": (
        "Same reading, different word: {answer} is not the word asked for; write {expected}.",
        "پڑھائی ایک جیسی، مگر لفظ مختلف: {answer} مطلوبہ لفظ نہیں؛ {expected} لکھیں۔",
    ),
    "wrong_word": (
        "Not the word asked for: the answer is {expected}.",
        "یہ مطلوبہ لفظ نہیں: درست جواب {expected} ہے۔",
    ),
    "kanji_required": (
        "Right word, but the question asks for kanji: write {expected}.",
        "لفظ درست ہے، لیکن سوال کانجی میں مانگتا ہے: {expected} لکھیں۔",
    ),
    "kanji_required_wrong": (
        "The question asks for the word in kanji: the answer is {expected}.",
        "سوال لفظ کو کانجی میں مانگتا ہے: جواب {expected} ہے۔",
    ),
    "kanji_partly": (
        "Part of the word is still in kana; write all of it in kanji: {expected}.",
        "لفظ کا کچھ حصہ ابھی کانا میں ہے؛ پورا لفظ کانجی میں لکھیں: {expected}۔",
    ),
    "number_in_kanji": (
        "Right number, but write it in kanji here: {expected}.",
        "عدد درست ہے، لیکن یہاں اسے کانجی میں لکھیں: {expected}۔",
    ),
    "okurigana_wrong": (
        "Right kanji, but the okurigana (the kana after the kanji) is wrong: write {expected}.",
        "کانجی درست ہے، لیکن اوکوریگانا (کانجی کے بعد کا کانا) غلط ہے: {expected} لکھیں۔",
    ),
    "irregular_spelling": (
        "Understood, but {answer} is an irregular spelling; the standard one is {expected}.",
        "بات سمجھ آ گئی، لیکن {answer} غیر معیاری املا ہے؛ معیاری املا {expected} ہے۔",
    ),
    "other_kanji": (
        "{answer} is another kanji spelling of the same word; here the right one is {expected}.",
        "{answer} اسی لفظ کا دوسرا کانجی املا ہے؛ یہاں درست املا {expected} ہے۔",
    ),
    "particle_pronounced": (
        "Almost: the particle is pronounced {answer} but written {expected}.",
        "تقریباً درست: یہ حرف {answer} بولا جاتا ہے لیکن {expected} لکھا جاتا ہے۔",
    ),
    "particle_wrong": (
        "Not the right particle here: the answer is {expected}.",
        "یہاں یہ حرف درست نہیں: جواب {expected} ہے۔",
    ),
    "particle_not_kana": (
        "Type the particle in hiragana: the answer is {expected}.",
        "حرف ہیراگانا میں لکھیں: جواب {expected} ہے۔",
    ),
    "wrong_form": (
        "Right word, wrong form: the question asks for the {asked} ({expected}), not the {given}.",
        "لفظ درست، مگر صیغہ غلط: سوال {asked} ({expected}) مانگتا ہے، {given} نہیں۔",
    ),
    "word_other_form": (
        "Right word, but not in the form needed here: {expected} ({asked}), not the {given}.",
        "لفظ درست، مگر یہاں مطلوبہ صیغے میں نہیں: {expected} ({asked})، {given} نہیں۔",
    ),
    "malformed_form": (
        "Right word, but {answer} is not a correct form of it; the {asked} is {expected}.",
        "لفظ درست، لیکن {answer} اس کا درست صیغہ نہیں؛ {asked} {expected} ہے۔",
    ),
    "ranuki": (
        "Understood, but {answer} is the colloquial ら-less potential; the standard form is {expected}.",
        "بات سمجھ آ گئی، لیکن {answer} بول چال کا ら کے بغیر صیغہ ہے؛ معیاری صیغہ {expected} ہے۔",
    ),
}


def _printf(template: str | None) -> str | None:
    """``{name}`` placeholders as ``%(name)s`` (printf formatting of a mapping is
    the cheapest Python has; the sentences are formatted for every answer)."""
    return None if template is None else re.sub(r"\{(\w+)\}", r"%(\1)s", template.replace("%", "%%"))


_COMPILED: dict[str, tuple[str, str | None, bool]] = {
    key: (_printf(en), _printf(ur), "{" in en or "{" in (ur or "")) for key, (en, ur) in MESSAGES.items()
}


def message_map(key: str, values: Mapping[str, str] | None = None) -> tuple[str, str | None]:
    """The (English, Urdu) sentence for ``key`` with ``values`` filled in."""
    en, ur, fields = _COMPILED[key]
    if not fields:
        return MESSAGES[key]
    return en % values, (ur % values if ur else None)


def message(key: str, **values: str) -> tuple[str, str | None]:
    return message_map(key, values)
