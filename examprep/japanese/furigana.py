"""Furigana: ruby segments and HTML for a sentence.

``ruby_segments(text, readings)`` splits a text into ``(surface, reading)``
pairs; ``reading`` is hiragana for a run of kanji and None for kana,
punctuation and everything else. Okurigana stay outside the ruby
(食べる -> 食(た) べる). Readings approved on the item (``readings:
{明日: あした}``) win over the tokenizer, which reads 明日 アス, 日本 ニッポン,
お父さん お・チチ・さん. ``suggest_readings`` proposes such overrides for a
person to approve; ``item_furigana`` computes the approved segments the bank
loader stores with an item version.

Target markers of stems (``{電車}``, ``{*}``) are never given furigana (that
would give the answer away): the whole marker, braces included, is one
segment with reading None. ``ruby_html(..., targets=...)`` decides how it is
rendered: ``"keep"`` (default) passes ``{電車}`` through untouched, escaped;
``"underline"`` renders ``<u class="target">電車</u>``; ``"plain"`` drops
the braces.
"""

from __future__ import annotations

import re
import unicodedata
from html import escape
from typing import Iterable, Mapping, Sequence

from . import dictionary
from .kana import has_kanji, is_kanji_char, to_hiragana
from .tagger import get_tagger

Segment = tuple[str, "str | None"]

_TARGET_RE = re.compile(r"\{[^{}\n]*\}")
MAX_FURIGANA_CHARS = 20000


def _align(surface: str, reading: str) -> list[Segment]:
    """Split a word and its reading so that only kanji runs carry ruby."""
    reading = to_hiragana(reading)
    if not reading or not has_kanji(surface):
        return [(surface, None)]
    parts = re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]+|[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]+", surface)
    pattern = "".join("(.+?)" if is_kanji_char(p[0]) else "(" + re.escape(to_hiragana(p)) + ")" for p in parts)
    m = re.fullmatch(pattern, reading)
    if not m:
        return [(surface, reading)]
    return [(p, g if is_kanji_char(p[0]) else None) for p, g in zip(parts, m.groups())]


# Counters whose reading changes after a number (the number itself has no ruby):
# reading of the counter by the number's last digit (0 = ten, hundred, ...).
_COUNTER_KANA: dict[str, dict[str, str]] = {
    "本": dict(zip("1234567890", ["ポン", "ホン", "ボン", "ホン", "ホン", "ポン", "ホン", "ポン", "ホン", "ポン"])),
    "分": dict(zip("1234567890", ["プン", "フン", "プン", "プン", "フン", "プン", "フン", "プン", "フン", "プン"])),
    "杯": dict(zip("1234567890", ["パイ", "ハイ", "バイ", "ハイ", "ハイ", "パイ", "ハイ", "パイ", "ハイ", "パイ"])),
    "匹": dict(zip("1234567890", ["ピキ", "ヒキ", "ビキ", "ヒキ", "ヒキ", "ピキ", "ヒキ", "ピキ", "ヒキ", "ピキ"])),
    "階": dict(zip("1234567890", ["カイ", "カイ", "ガイ", "カイ", "カイ", "カイ", "カイ", "カイ", "カイ", "カイ"])),
    "泊": dict(zip("1234567890", ["パク", "ハク", "パク", "ハク", "ハク", "パク", "ハク", "パク", "ハク", "パク"])),
}
#: after 何, these particles make it なに (何も, 何か, 何を); elsewhere unidic's ナン stands (何人, 何でも)
_KA_DAYS = frozenset({2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 20, 24})
_NANI_BEFORE = frozenset({"も", "か", "を", "が", "に", "から", "より"})


def _context_kana(words: Sequence, i: int, kana: str) -> str:
    """Correct readings unidic-lite gets wrong in context but that follow a rule:
    言う read ユウ (its pronunciation) is written いう; 階 is かい, never the archaic
    きざはし; 人 after a country or 外国 is じん; 何 before も/か/を/... is
    なに; 数 standing alone before a particle is かず; a counter after a number
    (2本, 3分, 6杯) takes the number's sound change.  Anything else stays as the
    tokenizer reads it (the item's approved readings fix the rest)."""
    w = words[i]
    surface = w.surface
    nxt = words[i + 1] if i + 1 < len(words) else None
    prev = words[i - 1] if i else None
    if kana.startswith("ユ") and w.feature.lemma == "言う":
        return "イ" + kana[1:]
    if surface == "何人" and kana == "ナニジン" and not (nxt is not None and nxt.feature.lemma in ("です", "だ")):
        return "ナンニン"  # 何人いますか (how many people); 何人ですか (what nationality) stays
    if surface == "階" and kana == "キザハシ":  # archaic 'stairs': the floor of a building is かい
        return "カイ"
    if surface == "人" and kana == "ニン" and prev is not None and (
            prev.feature.pos2 == "固有名詞" or prev.surface in ("外国", "異国")):
        return "ジン"  # 外国人, アメリカ人, パキスタン人: a person of a country
    if surface == "何" and kana == "ナン" and nxt is not None and nxt.surface in _NANI_BEFORE:
        return "ナニ"
    if surface == "数" and kana == "スウ" and nxt is not None and nxt.feature.pos1 == "助詞" and not (
            prev is not None and prev.surface[-1:].isdigit()):
        return "カズ"
    if surface in _COUNTER_KANA and prev is not None and prev.surface and (
            prev.surface[-1].isdigit() or prev.surface == "何"):
        # 何本 なんぼん, 何分 なんぷん, ...: 何 changes a counter the way 3 does
        digit = "3" if prev.surface == "何" else unicodedata.normalize("NFKC", prev.surface[-1])
        return _COUNTER_KANA[surface].get(digit, kana)
    if surface == "日" and prev is not None and prev.surface.isdigit():
        n = int(unicodedata.normalize("NFKC", prev.surface))
        if n in _KA_DAYS:
            return "カ"  # ふつか, とおか, はつか, にじゅうよっか
        if n == 1 and i >= 2 and words[i - 2].surface == "月":
            return kana  # 4月1日 is ついたち: the ruby cannot split it; leave the tokenizer's
        return "ニチ"  # 1日 (a day's length), 11日, 15日, ...
    return kana


def _tag_segments(chunk: str, singles: Mapping[str, str] | None = None) -> list[Segment]:
    """Segments of ``chunk`` from the tokenizer; ``singles`` are approved readings of
    one-kanji words, applied only where the tokenizer finds that kanji as a word of
    its own (人: ひと must not turn 人工 into ひと工)."""
    out: list[Segment] = []
    for line_no, line in enumerate(chunk.split("\n")):
        if line_no:
            out.append(("\n", None))
        if not line:
            continue
        consumed = 0
        words = list(get_tagger()(line))
        for i, w in enumerate(words):
            ws = getattr(w, "white_space", "") or ""
            if ws:
                out.append((ws, None))
            surface = w.surface
            consumed += len(ws) + len(surface)
            kana = w.feature.kana if not w.is_unk else None
            if singles and surface in singles:
                out.extend(_align(surface, singles[surface]))
            elif has_kanji(surface) and kana:
                out.extend(_align(surface, _context_kana(words, i, kana)))
            else:
                out.append((surface, None))
        if consumed < len(line):  # trailing whitespace MeCab does not report
            out.append((line[consumed:], None))
    return out


def _override_regex(readings: Mapping[str, str] | None) -> re.Pattern[str] | None:
    """Approved readings of words of two or more characters, matched in the text
    (one-kanji words go to ``_tag_segments``: a lone kanji is often part of a
    compound or a verb with another reading)."""
    keys = [k for k in (readings or {}) if k and isinstance(k, str) and len(k) > 1]
    if not keys:
        return None
    return re.compile("|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)))


def _merge(segments: Iterable[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for s, r in segments:
        if not s:
            continue
        if r is None and out and out[-1][1] is None and not _TARGET_RE.fullmatch(out[-1][0]) and not _TARGET_RE.fullmatch(s):
            out[-1] = (out[-1][0] + s, None)
        else:
            out.append((s, r))
    return out


def ruby_segments(text: str, readings: Mapping[str, str] | None = None) -> list[Segment]:
    """``(surface, hiragana reading | None)`` pairs covering ``text`` exactly (JSON-able)."""
    if not text:
        return []
    text = text[:MAX_FURIGANA_CHARS]
    overrides = _override_regex(readings)
    out: list[Segment] = []
    pos = 0
    for m in _TARGET_RE.finditer(text):
        out.extend(_plain_segments(text[pos : m.start()], readings, overrides))
        out.append((m.group(0), None))
        pos = m.end()
    out.extend(_plain_segments(text[pos:], readings, overrides))
    return [(s, r) for s, r in _merge(out)]


def _plain_segments(chunk: str, readings, overrides) -> list[Segment]:
    if not chunk:
        return []
    singles = {k: v for k, v in (readings or {}).items()
               if isinstance(k, str) and len(k) == 1 and isinstance(v, str) and v} or None
    if overrides is None:
        return _tag_segments(chunk, singles)
    out: list[Segment] = []
    pos = 0
    for m in overrides.finditer(chunk):
        out.extend(_tag_segments(chunk[pos : m.start()], singles) if m.start() > pos else [])
        out.extend(_align(m.group(0), readings[m.group(0)]))
        pos = m.end()
    if pos < len(chunk):
        out.extend(_tag_segments(chunk[pos:], singles))
    return out


def _skip(surface: str, skip_level: str | None) -> bool:
    if not skip_level:
        return False
    kanji = [c for c in surface if is_kanji_char(c) and c not in "々〆ヶ"]
    return bool(kanji) and all(dictionary.level_at_most(dictionary.kanji_level(c), skip_level) for c in kanji)


def ruby_html(
    text_or_segments: str | Sequence[Sequence],
    readings: Mapping[str, str] | None = None,
    skip_level: str | None = None,
    targets: str = "keep",
) -> str:
    """Escaped HTML with ``<ruby>漢字<rt>かんじ</rt></ruby>``.

    ``skip_level="N5"`` leaves out furigana on words whose kanji are all
    N5 (``"N4"``: N5 and N4 ...). ``targets`` renders ``{…}`` markers:
    ``keep`` | ``underline`` | ``plain`` (see the module doc).
    """
    if targets not in ("keep", "underline", "plain"):
        raise ValueError("targets must be 'keep', 'underline' or 'plain'")
    if skip_level is not None and skip_level not in dictionary.LEVEL_INDEX:
        raise ValueError(f"skip_level must be one of {', '.join(dictionary.LEVELS)}")
    segments = ruby_segments(text_or_segments, readings) if isinstance(text_or_segments, str) else text_or_segments
    html: list[str] = []
    for seg in segments:
        surface, reading = seg[0], seg[1]
        if reading and not _skip(surface, skip_level):
            html.append(f"<ruby>{escape(surface)}<rt>{escape(reading)}</rt></ruby>")
        elif reading is None and _TARGET_RE.fullmatch(surface) and targets != "keep":
            inner = escape(surface[1:-1])
            html.append(f'<u class="target">{inner}</u>' if targets == "underline" else inner)
        else:
            html.append(escape(surface))
    return "".join(html)


# Readings the tokenizer gets wrong for words beginners are taught (checked
# against JMdict by the tests): the suggestion a person approves.
TAUGHT_READINGS: dict[str, str] = {
    "明日": "あした", "日本": "にほん", "日本語": "にほんご", "日本人": "にほんじん",
    "お父さん": "おとうさん", "お母さん": "おかあさん", "お兄さん": "おにいさん", "お姉さん": "おねえさん",
    "お祖父さん": "おじいさん", "お祖母さん": "おばあさん",
}


def reading_suggestions(text: str) -> list[tuple[str, str, str]]:
    """``(word, tokenizer reading, suggested reading)`` for words whose furigana
    the tokenizer would get wrong: taught readings it misses (TAUGHT_READINGS:
    明日 あす -> あした) and kanji compounds (2+ kanji, one token) whose
    tokenizer reading no JMdict entry lists. Single kanji are left alone
    (rendaku and suffix readings make them noisy)."""
    out: dict[str, tuple[str, str]] = {}
    if not text:
        return []
    text = text[:MAX_FURIGANA_CHARS]
    for word, taught in TAUGHT_READINGS.items():
        if word in text:
            tagged = _tagger_reading(word)
            if tagged != taught:
                out[word] = (tagged, taught)
    for w in get_tagger()(text):
        surface = w.surface
        if surface in out or any(surface in k for k in out) or w.is_unk or w.feature.pos1 != "名詞":
            continue
        if sum(1 for c in surface if is_kanji_char(c)) < 2:
            continue
        kana = to_hiragana(w.feature.kana or "")
        dict_readings = dictionary.readings_of(surface)
        if kana and dict_readings and kana not in dict_readings:
            out[surface] = (kana, dictionary.common_readings_of(surface)[:1][0] if dictionary.common_readings_of(surface) else dict_readings[0])
    return [(word, tagged, suggested) for word, (tagged, suggested) in out.items()]


def suggest_readings(text: str) -> dict[str, str]:
    """``{word: reading}`` overrides to approve for ``text`` (see reading_suggestions)."""
    return {word: suggested for word, _, suggested in reading_suggestions(text)}


def _tagger_reading(word: str) -> str:
    return "".join(to_hiragana(w.feature.kana or w.surface) for w in get_tagger()(word))


#: bump when the rules above change what ruby_segments returns: the bank loader
#: then recomputes the furigana it stored with unchanged item versions
FURIGANA_VERSION = 3


def item_furigana(spec: Mapping) -> dict[str, list[Segment]]:
    """Furigana segments for the visible text of an item or group, with the
    item's approved ``readings`` applied: keys ``stem``, ``text``, ``title``,
    ``options[i]`` (not for kanji-reading / orthography items, where it
    would give the key away). The bank loader stores this with the item version."""
    readings = spec.get("readings") if isinstance(spec.get("readings"), Mapping) else None
    out: dict[str, list[Segment]] = {}
    for field in ("stem", "text", "title"):
        value = spec.get(field)
        if isinstance(value, str) and value:
            out[field] = ruby_segments(value, readings)
    options = spec.get("options")
    # never on the options of an item about a word's writing or reading:
    # the furigana would give the key away
    if isinstance(options, list) and not spec.get("target") and spec.get("question_type") not in (
        "kanji_reading", "orthography", "kanji_usage",
    ):
        for i, opt in enumerate(options):
            text = opt.get("text") if isinstance(opt, Mapping) else opt
            if isinstance(text, str) and has_kanji(text):
                out[f"options[{i}]"] = ruby_segments(text, readings)
    return out
