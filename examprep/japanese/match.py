"""Judge a typed Japanese answer the way a careful teacher would.

``judge(expected, answer, mode, accepted=(), form=None, target=None)`` returns
a :class:`Judgement`. Modes (see docs/grading.md):

* ``reading``  - kana reading of a word. The typed kana is compared as a
  reading string (hiragana/katakana folded), never tokenised; romaji and kanji
  are refused with a hint; near misses (small っ, long vowels, ゛) are named.
* ``word``     - any standard spelling of the same word: identity is the
  unidic lemma (+ JMdict spellings), conjugation compared by generated form
  tables; a homophone with other kanji is wrong.
* ``kanji``    - like ``word`` but the answer must be written in kanji.
* ``particle`` - は/へ/を typed as わ/え/お is partial, with the reason.
* ``form``     - the right word in the asked conjugation form.

Everything about the expected answer is analysed once and cached; per answer
the work is one normalisation, a few set lookups and at most one tagger call.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple, Sequence

from . import dictionary
from .conjugate import FormTable, build_table, canonical_form, form_label
from .kana import (
    LONG_MARK,
    diagnose_kana,
    has_kanji,
    is_kana,
    is_katakana_char,
    kanji_chars,
    long_mark_equivalent,
    looks_like_romaji,
    romaji_to_hiragana,
    strip_long_vowels,
    to_hiragana,
)
from .messages import message_map
from .normalize import answer_key, compact, kanji_numerals_to_digits
from .tagger import MAX_TAG_CHARS, Token, tokenize

MODES = ("reading", "word", "kanji", "particle", "form")
CORRECT, PARTIAL, INCORRECT = "correct", "partial", "incorrect"


class Judgement(NamedTuple):
    """The verdict on one answer (a NamedTuple: one is built per answer)."""

    verdict: str
    credit: float
    feedback: str
    feedback_ur: str | None
    detail: dict


def _j(verdict: str, credit: float, key: str, detail: dict | None = None, **values: str) -> Judgement:
    en, ur = message_map(key, values)
    d = {"reason": key}
    if detail:
        d.update(detail)
    return Judgement(verdict, credit, en, ur, d)


# --- expected-side analysis (cached) ------------------------------------------------


@dataclass(frozen=True)
class _Word:
    """Everything about an expected answer that does not depend on the answer."""

    display: str                      # the model answer as shown in feedback
    keys: frozenset[str]              # answer keys of expected + accepted
    kana_keys: frozenset[str]         # hiragana readings accepted for a kana answer
    reading: str                      # main hiragana reading
    tokens: tuple[Token, ...]
    content_lemmas: tuple[str, ...]
    head: Token | None
    prefix: str
    prefix_kana: str
    table: FormTable | None
    asked_forms: frozenset[str]       # forms the question asks for (empty: any)
    asked_spelling: str               # expected in the asked form (for feedback)
    kanji: str                        # kanji characters of the expected spelling
    spellings: frozenset[str]         # JMdict spellings of the same word (dictionary form)
    irregular: frozenset[str]
    gloss: str
    numeric_key: str | None           # key with kanji numerals as digits, if the word has a number
    max_len: int


def _first_content(tokens: Sequence[Token]) -> int | None:
    for i, t in enumerate(tokens):
        if t.inflects:
            return i
    for i, t in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if t.pos1 == "形状詞" or (t.pos1 in ("名詞", "代名詞") and nxt is not None and nxt.lemma in ("だ", "です")):
            return i
    return None


def _token_reading(t: Token) -> str:
    return t.reading if t.kana else to_hiragana(t.surface)


@lru_cache(maxsize=4096)
def _analyse(expected: str, accepted: tuple[str, ...], mode: str, form: str | None) -> _Word:
    exp = compact(expected)
    all_answers = (exp,) + tuple(compact(a) for a in accepted if compact(a))
    keys = frozenset(to_hiragana(a) for a in all_answers)
    # analyse a spelling with kanji when there is one: short kana strings are
    # mis-analysed by the tokenizer (すわない), 吸わない is not
    anchor = exp if not is_kana(exp) else next((a for a in all_answers if has_kanji(a)), exp)
    tokens = tuple(tokenize(anchor)) if anchor else ()
    tagger_reading = "".join(_token_reading(t) for t in tokens)
    kana_keys: set[str] = {to_hiragana(a) for a in all_answers if is_kana(a)}
    explicit_kana = bool(kana_keys)
    if not is_kana(exp) and tagger_reading:
        kana_keys.add(tagger_reading)
    spellings: set[str] = set()
    irregular: set[str] = set()
    gloss = ""
    head_idx = _first_content(tokens)
    head = tokens[head_idx] if head_idx is not None else None
    lookup_word = head.orth_base if (head is not None and head.inflects and head_idx == 0) else anchor
    if mode != "reading" and has_kanji(lookup_word):
        entries = dictionary.entries_with_spelling(lookup_word)
        if entries:
            # several entries (上手: じょうず / うわて) - keep those that read as the tagger does
            base_reading = to_hiragana(head.kana_base) if (head is not None and lookup_word != anchor) else tagger_reading
            chosen = [e for e in entries if base_reading in e.readings] or list(entries)
            for e in chosen:
                spellings.update(e.spellings)
                irregular.update(e.irregular)
            gloss = chosen[0].gloss
            if lookup_word == anchor and not explicit_kana:
                for e in chosen:
                    kana_keys.update(e.readings)
    reading = next((k for k in (to_hiragana(a) for a in all_answers) if is_kana(k)), tagger_reading or to_hiragana(exp))
    table = None
    prefix = prefix_kana = ""
    if head is not None and head_idx is not None:
        prefix = "".join(t.surface for t in tokens[:head_idx])
        prefix_kana = "".join(_token_reading(t) for t in tokens[:head_idx])
        base = head.orth_base if head.inflects else head.surface
        kana_base = to_hiragana(head.kana_base) if head.inflects else _token_reading(head)
        table = build_table(head.lemma, base, kana_base, head.ctype, head.pos1, prefix, prefix_kana)
        table = _potential_verb_table(head, prefix, prefix_kana) or table
    asked: frozenset[str] = frozenset()
    wanted = canonical_form(form)
    if wanted:
        asked = frozenset({wanted})
    elif table is not None:
        asked = table.forms_of(exp) or table.forms_of(anchor)
    asked_spelling = exp
    content = tuple(t.lemma for t in tokens if t.is_content or t.inflects)
    has_number = any(t.pos2 == "数詞" for t in tokens) or any(c.isdigit() for c in exp)
    numeric_key = kanji_numerals_to_digits(to_hiragana(exp)) if has_number else None
    longest = max(len(a) for a in all_answers) if all_answers else 0
    return _Word(
        display=exp, keys=keys, kana_keys=frozenset(kana_keys), reading=reading, tokens=tokens,
        content_lemmas=content, head=head, prefix=prefix, prefix_kana=prefix_kana, table=table,
        asked_forms=asked, asked_spelling=asked_spelling, kanji=kanji_chars(exp),
        spellings=frozenset(spellings), irregular=frozenset(irregular), gloss=gloss,
        numeric_key=numeric_key, max_len=max(3 * longest, longest + 12),
    )


@lru_cache(maxsize=8192)
def _answer_table(lemma: str, orth_base: str, kana_base: str, ctype: str, pos1: str, prefix: str, prefix_kana: str):
    return build_table(lemma, orth_base, kana_base, ctype, pos1, prefix, prefix_kana)


@lru_cache(maxsize=4096)
def _godan_source(lemma: str) -> Token | None:
    toks = tokenize(lemma)
    if len(toks) == 1 and toks[0].pos1 == "動詞" and toks[0].ctype.startswith("五段"):
        return toks[0]
    return None


def _potential_verb_table(head: Token, prefix: str, prefix_kana: str) -> FormTable | None:
    """UniDic files potential verbs (泳げる, 書ける) as ichidan verbs with the
    godan verb as lemma (泳ぐ). Their forms belong to the godan verb's table,
    where 泳げる is the potential form, not a dictionary form of its own."""
    if head.pos1 != "動詞" or not head.ctype.startswith("下一段") or head.lemma == head.orth_base:
        return None
    src = _godan_source(head.lemma)
    if src is None:
        return None
    table = _answer_table(src.lemma, src.orth_base, to_hiragana(src.kana_base), src.ctype, src.pos1,
                          prefix, prefix_kana)
    if table is None or prefix + head.orth_base not in table.forms.get("potential", ()):
        return None
    return table


# --- reading and particle modes -------------------------------------------------------


@lru_cache(maxsize=8192)
def _options(expected: str, accepted: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """(model answer as shown, answer keys of expected + accepted): cached per item."""
    return compact(expected), tuple(k for k in (answer_key(a) for a in (expected, *accepted)) if k)


def _judge_reading(expected: str, key: str, raw: str, accepted: tuple[str, ...], target: str | None) -> Judgement:
    shown, readings = _options(expected, accepted)
    tgt = target or "the word"
    if key in readings:
        if any(is_katakana_char(c) for c in raw) and not any(is_katakana_char(c) for c in shown):
            return _j(CORRECT, 1.0, "correct_script", expected=shown)
        return _j(CORRECT, 1.0, "correct")
    if has_kanji(key):
        if target and (key == to_hiragana(compact(target)) or compact(target) in raw):
            return _j(INCORRECT, 0.0, "reading_kanji_copied", {"refused": "kanji"}, target=target)
        return _j(INCORRECT, 0.0, "reading_not_kana", {"refused": "kanji"}, expected_hint=shown)
    if looks_like_romaji(key):
        converted = romaji_to_hiragana(key)
        if converted is not None and any(strip_long_vowels(converted) == strip_long_vowels(r) for r in readings):
            return _j(INCORRECT, 0.0, "romaji_right", {"refused": "romaji"}, expected=shown)
        return _j(INCORRECT, 0.0, "romaji", {"refused": "romaji"})
    if not is_kana(key):
        return _j(INCORRECT, 0.0, "reading_not_kana", {"refused": "script"}, expected_hint=shown)
    for r in readings:
        if long_mark_equivalent(key, r):
            if LONG_MARK in key:
                return _j(PARTIAL, 0.5, "long_mark_hiragana", expected=shown)
            return _j(PARTIAL, 0.5, "long_mark_katakana", expected=shown)
    for r in readings:
        slip = diagnose_kana(key, r)
        if slip:
            return _j(INCORRECT, 0.0, slip, {"slip": slip}, expected=shown)
    return _j(INCORRECT, 0.0, "reading_wrong", target=tgt, expected=shown)


_PARTICLE_SPOKEN = {"は": "わ", "へ": "え", "を": "お"}


def _judge_particle(expected: str, key: str, accepted: tuple[str, ...]) -> Judgement:
    shown, options = _options(expected, accepted)
    if key in options:
        return _j(CORRECT, 1.0, "correct")
    if not is_kana(key):
        if looks_like_romaji(key):
            return _j(INCORRECT, 0.0, "romaji", {"refused": "romaji"})
        return _j(INCORRECT, 0.0, "particle_not_kana", expected=shown)
    for opt in options:
        if len(opt) == len(key) and any(c in _PARTICLE_SPOKEN for c in opt) and all(
            a == b or _PARTICLE_SPOKEN.get(b) == a for a, b in zip(key, opt)
        ):
            return _j(PARTIAL, 0.5, "particle_pronounced", {"written": opt, "typed": key}, answer=key, expected=opt)
    return _j(INCORRECT, 0.0, "particle_wrong", expected=shown)


# --- word, kanji and form modes -------------------------------------------------------


def _asked_spelling(w: _Word, kana: bool = False) -> str:
    if w.table is not None and w.asked_forms:
        forms = w.table.kana_forms if kana else w.table.forms
        for f in sorted(w.asked_forms):
            if forms.get(f):
                return forms[f][0]
    return w.display


def _asked_label(w: _Word) -> str:
    return " / ".join(form_label(f) for f in sorted(w.asked_forms)) or "form asked"


def _form_verdict(w: _Word, given: frozenset[str], mode: str, answer: str) -> Judgement | None:
    """Judge a recognised form of the right word; None if the form is the asked one."""
    if not w.asked_forms or given & w.asked_forms:
        return None
    detail = {"form_asked": sorted(w.asked_forms)[0], "form_given": sorted(given)[0]}
    if given == {"potential_ranuki"} and "potential" in w.asked_forms:
        detail["form_asked"] = "potential"
        return _j(PARTIAL, 0.5, "ranuki", detail, answer=answer, expected=_asked_spelling(w))
    values = dict(asked=_asked_label(w), given=" / ".join(form_label(f) for f in sorted(given)), expected=_asked_spelling(w))
    if mode == "form":
        return _j(INCORRECT, 0.0, "wrong_form", detail, **values)
    return _j(PARTIAL, 0.5, "word_other_form", detail, **values)


def _judge_kana_word(w: _Word, key: str, mode: str, raw: str) -> Judgement:
    if mode == "kanji":
        right = key in w.kana_keys or (w.table is not None and bool(w.table.forms_of(key)))
        return _j(INCORRECT, 0.0, "kanji_required" if right else "kanji_required_wrong", {"refused": "kana"}, expected=w.display)
    if key in w.kana_keys:
        if mode == "form" and w.table is not None and w.asked_forms and not (w.table.forms_of(key) & w.asked_forms):
            pass  # a reading of the dictionary form, not the asked form: judged below
        else:
            return _j(CORRECT, 1.0, "correct_kana" if has_kanji(w.display) else "correct", answer=raw, expected=w.display)
    if w.table is not None:
        given = w.table.forms_of(key)
        if given:
            verdict = _form_verdict(w, given, mode, raw)
            return verdict or _j(CORRECT, 1.0, "correct_kana" if has_kanji(w.display) else "correct", answer=raw, expected=_asked_spelling(w))
    for r in w.kana_keys:
        if long_mark_equivalent(key, r):
            return _j(PARTIAL, 0.5, "long_mark_hiragana" if LONG_MARK in key else "long_mark_katakana", expected=w.display)
    if w.table is not None and w.table.kind in ("verb", "adjective"):
        stem = (w.table.kana_forms.get("polite") or w.table.kana_forms.get("adverbial") or [""])[0]
        stem = stem[: -2] if stem.endswith("ます") else stem[:-1]
        if len(stem) >= 2 and key.startswith(stem) and key != stem:
            return _j(INCORRECT, 0.0, "malformed_form", {"form_asked": sorted(w.asked_forms)[0] if w.asked_forms else None},
                      answer=raw, asked=_asked_label(w), expected=_asked_spelling(w))
    target = _asked_spelling(w, kana=True) if w.table is not None else w.reading
    slip = diagnose_kana(key, target) or diagnose_kana(key, w.reading)
    if slip:
        return _j(INCORRECT, 0.0, slip, {"slip": slip}, expected=_asked_spelling(w))
    return _j(INCORRECT, 0.0, "wrong_word", expected=_asked_spelling(w))


def _spelling_verdict(w: _Word, answer_base: str, expected_base: str, raw: str, correct_expected: str) -> Judgement:
    """Same word, same form, different spelling: okurigana variant, other kanji, irregular."""
    if answer_base in w.irregular:
        return _j(PARTIAL, 0.5, "irregular_spelling", {"spelling": "irregular"}, answer=raw, expected=correct_expected)
    same_kanji = kanji_chars(answer_base) == kanji_chars(expected_base)
    listed = answer_base in w.spellings or not w.spellings
    if same_kanji and listed:
        return _j(CORRECT, 1.0, "correct_variant", {"spelling": "variant"}, answer=raw, expected=correct_expected)
    if same_kanji:
        return _j(PARTIAL, 0.5, "irregular_spelling", {"spelling": "unlisted"}, answer=raw, expected=correct_expected)
    if not has_kanji(answer_base):
        return _j(CORRECT, 1.0, "correct_kana", answer=raw, expected=correct_expected)
    return _j(PARTIAL, 0.5, "other_kanji", {"spelling": "other_kanji"}, answer=raw, expected=correct_expected)


def _judge_written_word(w: _Word, key: str, mode: str, raw: str) -> Judgement:
    # 1. a known form of the expected word, in the expected spelling
    if w.table is not None:
        given = w.table.forms_of(key)
        if given:
            return _form_verdict(w, given, mode, raw) or _j(CORRECT, 1.0, "correct")
    # 2. numbers written with digits
    if w.numeric_key is not None and kanji_numerals_to_digits(key) == w.numeric_key:
        if mode == "kanji" and any(c.isdigit() for c in key):
            return _j(PARTIAL, 0.5, "number_in_kanji", expected=w.display)
        return _j(CORRECT, 1.0, "correct_number", answer=raw, expected=w.display)
    # 3. kanji mode: part of the word left in kana
    if mode == "kanji" and w.kanji and has_kanji(key):
        ak = kanji_chars(key)
        if len(ak) < len(w.kanji) and all(c in w.kanji for c in ak) and to_hiragana(key) != key.replace(ak, ""):
            return _j(INCORRECT, 0.0, "kanji_partly", expected=w.display)
    # 4. analyse the answer (the only tagger call on the answer side)
    tokens = tokenize(key[:MAX_TAG_CHARS])
    idx = _first_content(tokens)
    head = tokens[idx] if idx is not None else None
    lemmas = tuple(t.lemma for t in tokens if t.is_content or t.inflects)
    same_lemma = w.head is not None and head is not None and head.lemma == w.head.lemma
    if w.head is not None and w.head.inflects:
        same_word = same_lemma and head is not None and head.inflects
        if same_word and w.prefix:
            same_word = "".join(t.surface for t in tokens[:idx]) in (w.prefix,) or to_hiragana(
                "".join(_token_reading(t) for t in tokens[:idx])) == w.prefix_kana
    else:
        same_word = bool(lemmas) and lemmas == w.content_lemmas
    answer_base = head.orth_base if (head is not None and head.inflects) else key
    expected_base = w.head.orth_base if (w.head is not None and w.head.inflects) else w.display
    if not same_word and has_kanji(answer_base) and answer_base in w.spellings:
        same_word = True  # JMdict lists it as a spelling of the same word
    if same_word:
        if head is not None and head.inflects and w.table is not None:
            prefix = "".join(t.surface for t in tokens[:idx])
            prefix_kana = "".join(_token_reading(t) for t in tokens[:idx])
            given = frozenset()
            potential = _potential_verb_table(head, prefix, prefix_kana)
            if potential is not None:
                given = potential.forms_of(key)
            if not given:  # a form of the potential verb itself (泳げます) is judged on its own table
                table = _answer_table(head.lemma, head.orth_base, to_hiragana(head.kana_base), head.ctype,
                                      head.pos1, prefix, prefix_kana)
                given = table.forms_of(key) if table is not None else frozenset()
                if potential is not None:  # 泳げられる: no potential of a potential
                    given = given - {"potential", "potential_ranuki", "passive", "causative", "causative_passive"}
            if not given:
                return _j(INCORRECT, 0.0, "malformed_form",
                          {"form_asked": sorted(w.asked_forms)[0] if w.asked_forms else None},
                          answer=raw, asked=_asked_label(w), expected=_asked_spelling(w))
            verdict = _form_verdict(w, given, mode, raw)
            if verdict is not None:
                return verdict
        return _spelling_verdict(w, answer_base, expected_base, raw, _asked_spelling(w))
    # 5. a different word: homophone, wrong okurigana, or simply wrong
    if head is not None and w.head is not None and head.inflects and w.head.inflects:
        same_reading = to_hiragana(head.kana_base) == to_hiragana(w.head.kana_base)
    else:
        same_reading = "".join([_token_reading(t) for t in tokens]) in w.kana_keys
    if same_reading and has_kanji(key):
        other = dictionary.entries_with_spelling(answer_base) if has_kanji(answer_base) else ()
        if other and w.gloss and other[0].gloss:
            return _j(INCORRECT, 0.0, "homophone", {"homophone": answer_base}, answer=answer_base,
                      answer_gloss=other[0].gloss, expected=expected_base, expected_gloss=w.gloss)
        return _j(INCORRECT, 0.0, "homophone_plain", {"homophone": answer_base}, answer=raw, expected=_asked_spelling(w))
    if w.kanji and kanji_chars(key) == w.kanji and key != w.display:
        return _j(INCORRECT, 0.0, "okurigana_wrong", expected=_asked_spelling(w))
    return _j(INCORRECT, 0.0, "wrong_word", expected=_asked_spelling(w))


# --- entry point ------------------------------------------------------------------------


def judge(
    expected: str,
    answer: str,
    mode: str,
    accepted: Sequence[str] = (),
    *,
    form: str | None = None,
    target: str | None = None,
) -> Judgement:
    """Judge ``answer`` against ``expected`` (+ ``accepted``) in ``mode``.

    Never raises on the answer (any string, any length); raises ValueError
    for an unknown mode or an empty expected answer (author errors).
    """
    if mode not in MODES:
        raise ValueError(f"unknown text mode {mode!r}; expected one of {', '.join(MODES)}")
    if not isinstance(expected, str):
        raise ValueError("the expected answer is empty")
    if not isinstance(answer, str):
        answer = "" if answer is None else str(answer)
    accepted = tuple(a for a in accepted if isinstance(a, str)) if accepted else ()
    shown, _keys = _options(expected, accepted)
    if not shown:
        raise ValueError("the expected answer is empty")
    raw = compact(answer)
    key = to_hiragana(raw)
    if not key:
        return _j(INCORRECT, 0.0, "empty")
    if mode == "reading":
        if len(key) > 4 * len(shown) + 12:
            return _j(INCORRECT, 0.0, "too_long")
        return _judge_reading(expected, key, raw, accepted, target)
    if mode == "particle":
        if len(key) > 4 * len(shown) + 12:
            return _j(INCORRECT, 0.0, "too_long")
        return _judge_particle(expected, key, accepted)
    w = _analyse(expected, accepted, mode, form)
    if key in w.keys and not (mode == "kanji" and is_kana(raw) and has_kanji(w.display)):
        if mode == "form" and w.table is not None and w.asked_forms and key != to_hiragana(w.display):
            given = w.table.forms_of(key)
            if given and not given & w.asked_forms:
                return _form_verdict(w, given, mode, raw)  # type: ignore[return-value]
        return _j(CORRECT, 1.0, "correct")
    if len(key) > w.max_len:
        return _j(INCORRECT, 0.0, "too_long")
    if is_kana(raw):
        return _judge_kana_word(w, key, mode, raw)
    if looks_like_romaji(raw):
        converted = romaji_to_hiragana(raw)
        right = converted is not None and (
            any(strip_long_vowels(converted) == strip_long_vowels(r) for r in w.kana_keys)
            or (w.table is not None and bool(w.table.forms_of(converted))))
        return _j(INCORRECT, 0.0, "romaji_right" if right else "romaji", {"refused": "romaji"}, expected=_asked_spelling(w))
    return _judge_written_word(w, raw, mode, raw)
