"""fugashi + unidic-lite: one Tagger per thread, created lazily.

A MeCab tagger keeps per-call state; sharing one between threads gives wrong
analyses, so each thread gets its own (``threading.local``). The tagger is
built with the unidic-lite dictionary passed explicitly and checked: if
another dictionary answers (a full ``unidic`` install, a MECABRC pointing
elsewhere) the engine refuses to start with :class:`EngineError`, because
readings, lemmas and conjugation names below all assume unidic-lite.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import NamedTuple

from .kana import to_hiragana

MAX_TAG_CHARS = 200
"""Longest string handed to MeCab by the grader (answers are capped first)."""


class EngineError(RuntimeError):
    """The Japanese engine cannot run as configured (missing or wrong dictionary)."""


class Token(NamedTuple):
    """One token of an analysis (a NamedTuple: built for every token of every
    typed answer, and a frozen dataclass costs ~5x more to build)."""

    surface: str
    pos1: str
    pos2: str
    lemma: str          # unidic lemma: groups spellings (受付 / 受け付け -> 受け付け)
    orth_base: str      # dictionary form in the spelling used (書い -> 書く, 少い -> 少い)
    kana: str           # reading of the surface as katakana ('' when unknown)
    kana_base: str      # reading of the dictionary form as katakana
    ctype: str          # conjugation type ('五段-カ行', '下一段-バ行', '形容詞', '*')
    cform: str          # conjugation form ('連用形-イ音便', ...)
    unknown: bool

    @property
    def reading(self) -> str:
        """Hiragana reading of the surface (from `kana`, never `pron`)."""
        return to_hiragana(self.kana) if self.kana else ""

    @property
    def inflects(self) -> bool:
        return self.pos1 in ("動詞", "形容詞")

    @property
    def is_content(self) -> bool:
        return self.pos1 in ("名詞", "動詞", "形容詞", "形状詞", "副詞", "代名詞", "連体詞", "接続詞", "感動詞")


_local = threading.local()
_check_lock = threading.Lock()
_checked = False


def _dicdir() -> str:
    try:
        import unidic_lite
    except ImportError as exc:  # pragma: no cover - dependency is declared
        raise EngineError(
            "The Japanese engine needs the 'unidic-lite' dictionary package; install it with "
            "`pip install unidic-lite`."
        ) from exc
    return unidic_lite.DICDIR


def _build_tagger():
    import fugashi

    dicdir = _dicdir()
    rc = os.path.join(dicdir, "mecabrc")
    if not os.path.exists(os.path.join(dicdir, "sys.dic")):
        raise EngineError(f"unidic-lite dictionary not found at {dicdir}: reinstall unidic-lite.")
    try:
        tagger = fugashi.Tagger(f'-d "{dicdir}" -r "{rc}"')
    except RuntimeError as exc:
        raise EngineError(f"MeCab could not load the unidic-lite dictionary at {dicdir}: {exc}") from exc
    return tagger


def _verify(tagger) -> None:
    dicdir = os.path.realpath(_dicdir())
    info = tagger.dictionary_info
    loaded = [os.path.realpath(d.get("filename", "")) for d in info]
    if not loaded or not all(path.startswith(dicdir + os.sep) for path in loaded):
        raise EngineError(
            "The Japanese engine must run on the unidic-lite dictionary, but MeCab loaded "
            f"{loaded or 'no dictionary'} (expected files under {dicdir}). Remove a conflicting "
            "MECABRC setting or 'unidic' package, or reinstall unidic-lite."
        )
    probe = tagger("学校で書いた")
    fields = getattr(probe[0].feature, "_fields", ())
    got = [(w.surface, w.feature.lemma, w.feature.kana) for w in probe] if len(fields) == 26 else []
    if got[:3] != [("学校", "学校", "ガッコウ"), ("で", "で", "デ"), ("書い", "書く", "カイ")]:
        raise EngineError(
            "The loaded dictionary does not analyse like unidic-lite (probe '学校で書いた' gave "
            f"{got or fields}); the Japanese engine refuses to grade with it."
        )


def get_tagger():
    """This thread's tagger (created and verified on first use)."""
    tagger = getattr(_local, "tagger", None)
    if tagger is None:
        global _checked
        tagger = _build_tagger()
        if not _checked:
            with _check_lock:
                _verify(tagger)
                _checked = True
        _local.tagger = tagger
    return tagger


def check_engine() -> None:
    """Build this thread's tagger and verify the dictionary now; call it at
    application start-up to fail early with a clear :class:`EngineError`."""
    global _checked
    tagger = getattr(_local, "tagger", None) or _build_tagger()
    _verify(tagger)
    _checked = True
    _local.tagger = tagger


def _token(word) -> Token:
    # One split of the raw CSV is ~3x cheaper than fugashi's parsed `feature`
    # (which is rebuilt on every access); quoted fields (a comma inside) and
    # unknown words (fewer fields) take the parsed path.
    raw = word.feature_raw
    if '"' not in raw:
        f = raw.split(",")
        if len(f) > _KANA_BASE and not word.is_unk:
            lemma = f[_LEMMA]
            if lemma != "*":
                orth_base = f[_ORTH_BASE]
                return Token(
                    word.surface, f[_POS1], f[_POS2], lemma,
                    word.surface if orth_base == "*" else orth_base,
                    "" if f[_KANA] == "*" else f[_KANA], "" if f[_KANA_BASE] == "*" else f[_KANA_BASE],
                    f[_CTYPE], f[_CFORM], False,
                )
    return _token_parsed(word)


def _token_parsed(word) -> Token:
    f = word.feature
    lemma = f.lemma
    if lemma is None or word.is_unk:
        return Token(word.surface, f.pos1 or "", f.pos2 or "", word.surface, word.surface, "", "", "*", "*", True)
    return Token(
        word.surface, f.pos1, f.pos2, lemma, f.orthBase or word.surface,
        f.kana or "", f.kanaBase or "", f.cType or "*", f.cForm or "*", False,
    )


# field positions in unidic-lite's feature CSV (see fugashi.UnidicFeatures26)
_POS1, _POS2, _CTYPE, _CFORM, _LEMMA, _ORTH_BASE, _KANA, _KANA_BASE = 0, 1, 4, 5, 7, 10, 17, 18


def tokenize(text: str) -> list[Token]:
    """Analyse ``text`` (already normalised; capped at MAX_TAG_CHARS)."""
    if not text:
        return []
    tagger = get_tagger()
    return [_token(w) for w in tagger(text[:MAX_TAG_CHARS])]


def reading_of(text: str) -> str:
    """Tokenizer reading of a text as hiragana (kana passes through)."""
    return "".join(t.reading if t.kana else to_hiragana(t.surface) for t in tokenize(text))
