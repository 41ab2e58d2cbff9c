"""The Japanese engine (pure: no Flask, no SQLAlchemy).

fugashi + unidic-lite tokenisation (one tagger per thread), normalisation,
answer matching for typed answers, furigana and text difficulty.
"""

from .conjugate import FORM_LABELS, FORMS, canonical_form, form_label
from .difficulty import TextDifficulty, text_difficulty
from .furigana import FURIGANA_VERSION, item_furigana, reading_suggestions, ruby_html, ruby_segments, suggest_readings
from .kana import has_kanji, is_kana, romaji_to_hiragana, to_hiragana, to_katakana
from .match import MODES, Judgement, judge
from .normalize import MAX_CHARS, answer_key, compact, digits_to_kanji, kanji_numerals_to_digits, normalize
from .tagger import EngineError, Token, check_engine, get_tagger, reading_of, tokenize

__all__ = [
    "FURIGANA_VERSION",
    "EngineError", "FORMS", "FORM_LABELS", "Judgement", "MAX_CHARS", "MODES", "TextDifficulty", "Token",
    "answer_key", "canonical_form", "check_engine", "compact", "digits_to_kanji", "form_label", "get_tagger",
    "has_kanji", "is_kana", "item_furigana", "judge", "kanji_numerals_to_digits", "normalize", "reading_of",
    "reading_suggestions", "romaji_to_hiragana", "ruby_html", "ruby_segments", "suggest_readings", "text_difficulty", "to_hiragana",
    "to_katakana", "tokenize",
]
