"""Kana tables and helpers: script tests, hiragana/katakana folding, long vowels,
romaji detection and a small romaji-to-kana converter (used only for hints).

Everything here is plain string work: no tagger, no dictionary.
"""

from __future__ import annotations

import re
import unicodedata

# Hiragana U+3041..U+3096 map to katakana U+30A1..U+30F6 by +0x60.
_HIRA_START, _HIRA_END = 0x3041, 0x3096
_KATA_START, _KATA_END = 0x30A1, 0x30F6

_KATA_TO_HIRA = {c: c - 0x60 for c in range(_KATA_START, _KATA_END + 1)}
# ヷヸヹヺ have no single hiragana; fold them to the usual spellings.
_KATA_TO_HIRA.update({0x30F7: "わ\u3099", 0x30F8: "ゐ\u3099", 0x30F9: "ゑ\u3099", 0x30FA: "を\u3099"})
_HIRA_TO_KATA = {c: c + 0x60 for c in range(_HIRA_START, _HIRA_END + 1)}

LONG_MARK = "ー"
# Marks learners (or IMEs) type where a long-vowel mark is meant, after kana.
_DASHES = "-‐‑‒–—―−－~〜～"
_SMALL_TO_LARGE = str.maketrans("ぁぃぅぇぉゃゅょゎゕゖ", "あいうえおやゆよわかけ")


def to_hiragana(text: str) -> str:
    """Katakana to hiragana; everything else unchanged (ー is kept)."""
    return text.translate(_KATA_TO_HIRA)


def to_katakana(text: str) -> str:
    return text.translate(_HIRA_TO_KATA)


def is_hiragana_char(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


def is_katakana_char(ch: str) -> bool:
    return "\u30a0" <= ch <= "\u30ff" or "\u31f0" <= ch <= "\u31ff"


def is_kana_char(ch: str) -> bool:
    return is_hiragana_char(ch) or is_katakana_char(ch)


def is_kanji_char(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x20000 <= o <= 0x2FA1F
        or 0xF900 <= o <= 0xFAFF
        or ch in "々〆ヶ"
    )


_KANA_RE = re.compile(r"[\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff]+")
_KANJI_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f々〆ヶ]")
_LATIN_RE = re.compile(r"[A-Za-z]")


def is_kana(text: str) -> bool:
    """True when the whole (non-empty) string is kana (hiragana, katakana, ー)."""
    return bool(text) and _KANA_RE.fullmatch(text) is not None


def has_kanji(text: str) -> bool:
    return _KANJI_RE.search(text) is not None


def kanji_chars(text: str) -> str:
    return "".join(_KANJI_RE.findall(text))


def has_latin(text: str) -> bool:
    return _LATIN_RE.search(text) is not None


def script_of(text: str) -> str:
    """'hiragana', 'katakana', 'kana' (mixed), 'kanji' (contains kanji), 'latin', 'other', 'empty'."""
    if not text:
        return "empty"
    if has_kanji(text):
        return "kanji"
    if is_kana(text):
        core = text.replace(LONG_MARK, "")
        if not core:
            return "kana"
        if all(is_hiragana_char(c) for c in core):
            return "hiragana"
        if all(is_katakana_char(c) for c in core):
            return "katakana"
        return "kana"
    if has_latin(text):
        return "latin"
    return "other"


# --- vowels and long vowels -------------------------------------------------

_VOWEL_ROWS = {
    "a": "あかさたなはまやらわがざだばぱぁゃゎ",
    "i": "いきしちにひみりぎじぢびぴぃ",
    "u": "うくすつぬふむゆるぐずづぶぷぅゅゔっ",
    "e": "えけせてねへめれげぜでべぺぇ",
    "o": "おこそとのほもよろをごぞどぼぽぉょ",
}
VOWEL_OF: dict[str, str] = {ch: v for v, chars in _VOWEL_ROWS.items() for ch in chars}
VOWEL_OF["ん"] = "n"
_VOWEL_LETTER = {"a": "あ", "i": "い", "u": "う", "e": "え", "o": "お"}
# Which vowel letters may stand for a long vowel after a kana of each row
# (o-row: おう/おお, e-row: えい/ええ).
LONG_VOWEL_LETTERS = {"a": "あ", "i": "い", "u": "う", "e": "えい", "o": "おう"}


_DASH_AFTER_KANA_RE = re.compile("(?<=[\u3041-\u309f\u30a0-\u30ff])[" + re.escape(_DASHES) + "]+")


def normalize_long_marks(text: str) -> str:
    """Dashes and tildes typed right after a kana become the long mark ー (コ-ヒ- -> コーヒー)."""
    return _DASH_AFTER_KANA_RE.sub(lambda m: LONG_MARK * len(m.group(0)), text)


def long_mark_equivalent(answer: str, expected: str) -> bool:
    """True when the two hiragana strings differ only in writing a long vowel
    as ー in one and as a vowel letter in the other (がっこー ~ がっこう,
    こーひー ~ こうひい). Both must be hiragana-folded already."""
    if answer == expected or (LONG_MARK not in answer and LONG_MARK not in expected):
        return False
    i = j = 0
    prev_vowel = ""
    while i < len(answer) and j < len(expected):
        a, e = answer[i], expected[j]
        if a == e:
            if a != LONG_MARK:
                prev_vowel = VOWEL_OF.get(a, "")
            i += 1
            j += 1
            continue
        if a == LONG_MARK and e in LONG_VOWEL_LETTERS.get(prev_vowel, ""):
            i += 1
            j += 1
            continue
        if e == LONG_MARK and a in LONG_VOWEL_LETTERS.get(prev_vowel, ""):
            i += 1
            j += 1
            continue
        return False
    return i == len(answer) and j == len(expected)


def strip_long_vowels(text: str) -> str:
    """Collapse long vowels: ー and a vowel letter repeating the previous vowel are dropped."""
    out: list[str] = []
    prev = ""
    for ch in text:
        if ch == LONG_MARK:
            continue
        if prev and ch in LONG_VOWEL_LETTERS.get(VOWEL_OF.get(prev, ""), "") and ch in "あいうえお":
            prev = ""
            continue
        out.append(ch)
        prev = ch
    return "".join(out)


def _strip_dakuten(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", decomposed.replace("\u3099", "").replace("\u309a", ""))


def diagnose_kana(answer: str, expected: str) -> str | None:
    """Name the kind of spelling slip between two different hiragana strings,
    or None if it is not a recognised slip. Keys: small_tsu_missing,
    small_tsu_extra, long_vowel_missing, long_vowel_extra, long_vowel_spelling,
    small_kana,
    dakuten, n."""
    if answer == expected:
        return None
    if answer.replace("っ", "") == expected.replace("っ", ""):
        return "small_tsu_missing" if answer.count("っ") < expected.count("っ") else "small_tsu_extra"
    if answer.translate(_SMALL_TO_LARGE) == expected.translate(_SMALL_TO_LARGE):
        return "small_kana"
    if strip_long_vowels(answer) == strip_long_vowels(expected):
        if len(answer) == len(expected):
            return "long_vowel_spelling"
        return "long_vowel_missing" if len(answer) < len(expected) else "long_vowel_extra"
    if len(answer) == len(expected) and _strip_dakuten(answer) == _strip_dakuten(expected):
        return "dakuten"
    if answer.replace("ん", "") == expected.replace("ん", ""):
        return "n"
    return None


# --- romaji ---------------------------------------------------------------

_ROMAJI = {
    "a": "あ", "i": "い", "u": "う", "e": "え", "o": "お",
    "ka": "か", "ki": "き", "ku": "く", "ke": "け", "ko": "こ",
    "ga": "が", "gi": "ぎ", "gu": "ぐ", "ge": "げ", "go": "ご",
    "sa": "さ", "si": "し", "shi": "し", "su": "す", "se": "せ", "so": "そ",
    "za": "ざ", "zi": "じ", "ji": "じ", "zu": "ず", "ze": "ぜ", "zo": "ぞ",
    "ta": "た", "ti": "ち", "chi": "ち", "tu": "つ", "tsu": "つ", "te": "て", "to": "と",
    "da": "だ", "di": "ぢ", "du": "づ", "de": "で", "do": "ど",
    "na": "な", "ni": "に", "nu": "ぬ", "ne": "ね", "no": "の",
    "ha": "は", "hi": "ひ", "hu": "ふ", "fu": "ふ", "he": "へ", "ho": "ほ",
    "ba": "ば", "bi": "び", "bu": "ぶ", "be": "べ", "bo": "ぼ",
    "pa": "ぱ", "pi": "ぴ", "pu": "ぷ", "pe": "ぺ", "po": "ぽ",
    "ma": "ま", "mi": "み", "mu": "む", "me": "め", "mo": "も",
    "ya": "や", "yu": "ゆ", "yo": "よ",
    "ra": "ら", "ri": "り", "ru": "る", "re": "れ", "ro": "ろ",
    "la": "ら", "li": "り", "lu": "る", "le": "れ", "lo": "ろ",
    "wa": "わ", "wo": "を",
    "kya": "きゃ", "kyu": "きゅ", "kyo": "きょ", "gya": "ぎゃ", "gyu": "ぎゅ", "gyo": "ぎょ",
    "sha": "しゃ", "shu": "しゅ", "sho": "しょ", "sya": "しゃ", "syu": "しゅ", "syo": "しょ", "she": "しぇ",
    "ja": "じゃ", "ju": "じゅ", "jo": "じょ", "zya": "じゃ", "zyu": "じゅ", "zyo": "じょ", "jya": "じゃ", "jyu": "じゅ", "jyo": "じょ", "je": "じぇ",
    "cha": "ちゃ", "chu": "ちゅ", "cho": "ちょ", "tya": "ちゃ", "tyu": "ちゅ", "tyo": "ちょ", "che": "ちぇ",
    "nya": "にゃ", "nyu": "にゅ", "nyo": "にょ", "hya": "ひゃ", "hyu": "ひゅ", "hyo": "ひょ",
    "bya": "びゃ", "byu": "びゅ", "byo": "びょ", "pya": "ぴゃ", "pyu": "ぴゅ", "pyo": "ぴょ",
    "mya": "みゃ", "myu": "みゅ", "myo": "みょ", "rya": "りゃ", "ryu": "りゅ", "ryo": "りょ",
    "fa": "ふぁ", "fi": "ふぃ", "fe": "ふぇ", "fo": "ふぉ", "vu": "ゔ", "ti'": "てぃ",
}
_MACRONS = str.maketrans({"ā": "aa", "ī": "ii", "ū": "uu", "ē": "ee", "ō": "ou", "â": "aa", "î": "ii", "û": "uu", "ê": "ee", "ô": "ou"})
_ROMAJI_OK = re.compile(r"[a-z'\-\s]+")


_ROMAJI_LETTER_RE = re.compile(r"[A-Za-zāīūēōâîûêôĀĪŪĒŌÂÎÛÊÔ]")


def looks_like_romaji(text: str) -> bool:
    """True when the answer is (mostly) Latin letters: a learner typing romaji."""
    if _ROMAJI_LETTER_RE.search(text) is None:
        return False  # the common case: no Latin letter at all
    letters = len(_ROMAJI_LETTER_RE.findall(text))
    return letters > 0 and letters >= 0.6 * len(text.replace(" ", ""))


def romaji_to_hiragana(text: str) -> str | None:
    """Convert Hepburn / Kunrei / wapuro romaji to hiragana; None if it does not parse.
    Used only to tell a learner that their romaji spelled the right reading."""
    s = text.lower().translate(_MACRONS).replace(" ", "")
    if not s or not _ROMAJI_OK.fullmatch(s):
        return None
    out: list[str] = []
    i = 0
    while i < len(s):
        ch = s[i]
        if ch == "-":
            out.append(LONG_MARK)
            i += 1
            continue
        if ch == "'":
            i += 1
            continue
        if ch == "n" and (i + 1 == len(s) or s[i + 1] not in "aiueoy"):
            out.append("ん")
            i += 1
            continue
        if i + 1 < len(s) and ch == s[i + 1] and ch not in "aiueon":
            out.append("っ")
            i += 1
            continue
        if s.startswith("tch", i):
            out.append("っ")
            i += 1
            continue
        for size in (3, 2, 1):
            chunk = s[i : i + size]
            if len(chunk) == size and chunk in _ROMAJI:
                out.append(_ROMAJI[chunk])
                i += size
                break
        else:
            return None
    return "".join(out)
