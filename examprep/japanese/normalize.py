"""Text normalisation for typed answers and bank strings.

``normalize`` is the one canonical clean-up applied before anything else:

1. control, format and surrogate characters are dropped;
2. Unicode NFKC (full-width ASCII and digits become ASCII, half-width kana
   become full-width kana: unidic-lite knows neither form);
3. runs of whitespace (including the ideographic space) become one space;
4. a dash or tilde typed right after a kana becomes the long mark ー
   (コ-ヒ- -> コーヒー);
5. whitespace and punctuation at both ends are removed (。、「」!? ...);
6. the result is capped at ``MAX_CHARS`` characters.

It is idempotent, never raises on any ``str`` and never returns more than
``MAX_CHARS`` characters (property-tested). It keeps the script: folding
hiragana/katakana and removing inner spaces is ``answer_key``'s job.
"""

from __future__ import annotations

import re
import unicodedata

from .kana import normalize_long_marks, to_hiragana

MAX_CHARS = 1000
"""Longest normalised string. Answers are capped far lower before tokenising."""

_RAW_CAP = 4 * MAX_CHARS
_DROP_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
_WS_RE = re.compile(r"\s+")
_NUMERAL_RE = re.compile(r"[〇零一二三四五六七八九十百千万]+")
_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
# hiragana (no stand-alone ゛゜), katakana, ー and unified ideographs: NFKC-stable,
# printable, no space, dash or punctuation: such a string is already normal
_PLAIN_RE = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc\u4e00-\u9fff々]{1,256}")


def _drop_controls(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(
        ch for ch in text
        if ch in " \t\n\r\u3000" or ch.isspace() or unicodedata.category(ch) not in _DROP_CATEGORIES
    )


def _edge_chars(text: str) -> tuple[int, int]:
    start, end = 0, len(text)
    while start < end and (text[start].isspace() or unicodedata.category(text[start]).startswith("P")):
        start += 1
    while end > start and (text[end - 1].isspace() or unicodedata.category(text[end - 1]).startswith("P")):
        end -= 1
    return start, end


def _clean(text: str) -> str:
    text = _drop_controls(text)
    text = unicodedata.normalize("NFKC", text)
    text = _drop_controls(text)
    text = _WS_RE.sub(" ", text)
    text = normalize_long_marks(text)
    start, end = _edge_chars(text)
    return text[start:end]


def _is_edge(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] == "P"


def normalize(text: str) -> str:
    """Canonical clean-up of a typed answer or bank string (see module doc)."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if _PLAIN_RE.fullmatch(text):
        return text  # the common case: a typed kana / kanji answer
    if (
        len(text) <= 256 and text.isprintable() and "  " not in text
        and unicodedata.is_normalized("NFKC", text)
        and not (text and (_is_edge(text[0]) or _is_edge(text[-1])))
    ):
        # fast path (most typed answers): nothing to drop, fold, collapse or strip
        return normalize_long_marks(text)
    text = _clean(text[:_RAW_CAP])
    if len(text) > MAX_CHARS:
        text = _clean(text[:MAX_CHARS])[:MAX_CHARS]
    return text


def compact(text: str) -> str:
    """``normalize`` and remove every space: spaces carry no meaning in a
    Japanese answer (わたし は -> わたしは)."""
    text = normalize(text)
    if " " in text:
        # removing a space can put a combining mark next to a base character
        # or a dash right after a kana
        text = normalize_long_marks(unicodedata.normalize("NFKC", text.replace(" ", "")))
    return text


def answer_key(text: str) -> str:
    """The comparison key of an answer: compact, katakana folded to hiragana."""
    return to_hiragana(compact(text))


def _numeral_value(run: str) -> int | None:
    if all(ch in _KANJI_DIGITS for ch in run):
        # 二〇二六 style: digit by digit
        return int("".join(str(_KANJI_DIGITS[ch]) for ch in run))
    total = 0
    man = 0
    current = 0
    for ch in run:
        if ch in _KANJI_DIGITS:
            if current:
                return None  # two digits without a unit between: not a number
            current = _KANJI_DIGITS[ch] or 0
            if current == 0:
                return None
        elif ch in _KANJI_UNITS:
            total += (current or 1) * _KANJI_UNITS[ch]
            current = 0
        elif ch == "万":
            man += (total + current or 1) * 10000
            total = current = 0
        else:
            return None
    return man + total + current


def kanji_numerals_to_digits(text: str) -> str:
    """三人 -> 3人, 二十五日 -> 25日, 百円 -> 100円. Runs that are not a well-formed
    number are left alone. Used to compare numbers, never to display them."""

    def repl(m: re.Match[str]) -> str:
        value = _numeral_value(m.group(0))
        return m.group(0) if value is None else str(value)

    return _NUMERAL_RE.sub(repl, text)


_DIGIT_KANJI = "〇一二三四五六七八九"


def digits_to_kanji(number: int) -> str:
    """3 -> 三, 25 -> 二十五, 100 -> 百 (for feedback text, 0 <= number < 10^8)."""
    if number == 0:
        return "〇"
    if not 0 < number < 100_000_000:
        return str(number)

    def below_10000(n: int) -> str:
        out = ""
        for unit, name in ((1000, "千"), (100, "百"), (10, "十")):
            d, n = divmod(n, unit)
            if d:
                out += ("" if d == 1 else _DIGIT_KANJI[d]) + name
        if n:
            out += _DIGIT_KANJI[n]
        return out

    man, rest = divmod(number, 10000)
    return (below_10000(man) + "万" if man else "") + below_10000(rest)
