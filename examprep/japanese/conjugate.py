"""Conjugation tables for verbs, i-adjectives and na-adjectives/nouns with the copula.

The grader needs to know *which form* a typed answer is, also for a kana
answer that must never be tokenised on its own. So instead of analysing the
answer, we generate the forms of the expected word (in its kanji spelling and
in kana) and look the answer up. ``FORMS`` names every form the bank's
``form`` field may ask for; ``FORM_ALIASES`` maps the other usual names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .kana import to_hiragana

FORM_LABELS: dict[str, str] = {
    "plain": "dictionary form",
    "polite": "polite ます/です form",
    "te": "て-form",
    "ta": "plain past た-form",
    "nai": "plain negative ない-form",
    "nakatta": "plain past negative なかった-form",
    "polite_past": "polite past ました/でした form",
    "polite_negative": "polite negative ません form",
    "polite_past_negative": "polite past negative ませんでした form",
    "volitional": "volitional よう/おう form",
    "polite_volitional": "polite volitional ましょう form",
    "potential": "potential form",
    "potential_ranuki": "colloquial potential without ら",
    "passive": "passive form",
    "causative": "causative form",
    "imperative": "imperative form",
    "ba": "ば-conditional",
    "tara": "たら-conditional",
    "tai": "たい-form",
    "te_iru": "ている form",
    "te_imasu": "ています form",
    "naide": "ないで form",
    "adverbial": "adverbial く-form",
    "attributive": "な-form before a noun",
}
FORMS = frozenset(FORM_LABELS)
FORM_ALIASES: dict[str, str] = {
    "dictionary": "plain", "dict": "plain", "jisho": "plain", "plain_present": "plain",
    "masu": "polite", "desu": "polite", "polite_present": "polite",
    "past": "ta", "plain_past": "ta", "te_form": "te", "ta_form": "ta",
    "negative": "nai", "plain_negative": "nai", "nai_form": "nai",
    "past_negative": "nakatta", "plain_past_negative": "nakatta",
    "mashita": "polite_past", "deshita": "polite_past",
    "masen": "polite_negative", "masen_deshita": "polite_past_negative",
    "volitional_plain": "volitional", "mashou": "polite_volitional",
    "conditional": "ba", "ba_form": "ba", "tara_form": "tara",
    "progressive": "te_iru", "te_iru_form": "te_iru", "teimasu": "te_imasu", "teiru": "te_iru",
    "ku": "adverbial", "na": "attributive",
}


def canonical_form(name: str | None) -> str | None:
    """Canonical form name for a bank's ``form`` value, or None if unknown."""
    if not name:
        return None
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    key = FORM_ALIASES.get(key, key)
    return key if key in FORMS else None


def form_label(name: str | None) -> str:
    return FORM_LABELS.get(name or "", name or "unknown form")


_ROWS = {
    # dictionary ending: (a, i, e, o)
    "う": ("わ", "い", "え", "お"), "く": ("か", "き", "け", "こ"), "ぐ": ("が", "ぎ", "げ", "ご"),
    "す": ("さ", "し", "せ", "そ"), "つ": ("た", "ち", "て", "と"), "ぬ": ("な", "に", "ね", "の"),
    "ぶ": ("ば", "び", "べ", "ぼ"), "む": ("ま", "み", "め", "も"), "る": ("ら", "り", "れ", "ろ"),
}
_TE = {"う": "って", "つ": "って", "る": "って", "む": "んで", "ぶ": "んで", "ぬ": "んで", "く": "いて", "ぐ": "いで", "す": "して"}
_HONORIFIC_RA = {"くださる", "いらっしゃる", "なさる", "おっしゃる", "ござる"}


def _past(te: str) -> str:
    return te[:-1] + ("だ" if te.endswith("で") else "た")


def _verb_forms(base: str, kana_base: str, ctype: str) -> dict[str, list[str]]:
    """Forms of a verb written ``base`` (kanji or kana); ``kana_base`` decides
    irregularities. Values are lists (a form may have two spellings)."""
    forms: dict[str, list[str]] = {}
    if ctype.startswith("カ行変格"):
        p = base[:-2]
        if base.endswith("来る"):
            i_s = a_s = p + "来"
            ba = p + "来れば"
        else:
            i_s, a_s, ba = p + "き", p + "こ", p + "くれば"
        forms = {
            "plain": [base], "polite": [i_s + "ます"], "te": [i_s + "て"], "ta": [i_s + "た"],
            "nai": [a_s + "ない"], "nakatta": [a_s + "なかった"], "naide": [a_s + "ないで"],
            "polite_past": [i_s + "ました"], "polite_negative": [i_s + "ません"],
            "polite_past_negative": [i_s + "ませんでした"], "polite_volitional": [i_s + "ましょう"],
            "volitional": [a_s + "よう"], "potential": [a_s + "られる"], "potential_ranuki": [a_s + "れる"],
            "passive": [a_s + "られる"], "causative": [a_s + "させる"], "imperative": [a_s + "い"],
            "ba": [ba], "tara": [i_s + "たら"], "tai": [i_s + "たい"],
            "te_iru": [i_s + "ている"], "te_imasu": [i_s + "ています"],
        }
        return forms
    if ctype.startswith("サ行変格"):
        p = base[:-2]  # 勉強する -> 勉強 (when written as one word)
        return {
            "plain": [base], "polite": [p + "します"], "te": [p + "して"], "ta": [p + "した"],
            "nai": [p + "しない"], "nakatta": [p + "しなかった"], "naide": [p + "しないで"],
            "polite_past": [p + "しました"], "polite_negative": [p + "しません"],
            "polite_past_negative": [p + "しませんでした"], "polite_volitional": [p + "しましょう"],
            "volitional": [p + "しよう"], "potential": [p + "できる"], "passive": [p + "される"],
            "causative": [p + "させる"], "imperative": [p + "しろ", p + "せよ"], "ba": [p + "すれば"],
            "tara": [p + "したら"], "tai": [p + "したい"], "te_iru": [p + "している"],
            "te_imasu": [p + "しています"],
        }
    if ctype.startswith(("上一段", "下一段")):
        s = base[:-1]
        return {
            "plain": [base], "polite": [s + "ます"], "te": [s + "て"], "ta": [s + "た"],
            "nai": [s + "ない"], "nakatta": [s + "なかった"], "naide": [s + "ないで"],
            "polite_past": [s + "ました"], "polite_negative": [s + "ません"],
            "polite_past_negative": [s + "ませんでした"], "polite_volitional": [s + "ましょう"],
            "volitional": [s + "よう"], "potential": [s + "られる"], "potential_ranuki": [s + "れる"],
            "passive": [s + "られる"], "causative": [s + "させる"], "imperative": [s + "ろ"],
            "ba": [s + "れば"], "tara": [s + "たら"], "tai": [s + "たい"],
            "te_iru": [s + "ている"], "te_imasu": [s + "ています"],
        }
    if ctype.startswith("五段"):
        end = base[-1:]
        if end not in _ROWS:
            return {}
        s = base[:-1]
        a, i, e, o = _ROWS[end]
        if kana_base in _HONORIFIC_RA:
            i = "い"
        te = s + _TE[end]
        if kana_base in ("いく", "ゆく") or (ctype == "五段-カ行" and kana_base.endswith("いく") and base.endswith("行く")):
            te = s + "って"
        if kana_base in ("とう", "こう") and end == "う":  # 問う, 請う
            te = s + "うて"
        nai = s + a + "ない"
        nakatta = s + a + "なかった"
        if kana_base == "ある":
            nai, nakatta = "ない", "なかった"
        forms = {
            "plain": [base], "polite": [s + i + "ます"], "te": [te], "ta": [_past(te)],
            "nai": [nai], "nakatta": [nakatta], "naide": [nai + "で"],
            "polite_past": [s + i + "ました"], "polite_negative": [s + i + "ません"],
            "polite_past_negative": [s + i + "ませんでした"], "polite_volitional": [s + i + "ましょう"],
            "volitional": [s + o + "う"], "potential": [s + e + "る"], "passive": [s + a + "れる"],
            "causative": [s + a + "せる"], "imperative": [s + (i if kana_base in _HONORIFIC_RA else e)],
            "ba": [s + e + "ば"], "tara": [_past(te) + "ら"], "tai": [s + i + "たい"],
            "te_iru": [te + "いる"], "te_imasu": [te + "います"],
        }
        if kana_base == "ある":
            del forms["potential"]
        return forms
    return {}


def _adjective_forms(base: str, kana_base: str) -> dict[str, list[str]]:
    if not base.endswith("い"):
        return {}
    s = base[:-1]
    if kana_base in ("いい",) and base == "いい":
        s = "よ"
    elif kana_base == "いい":
        s = base[:-1]
    return {
        "plain": [base], "polite": [base + "です"], "te": [s + "くて"], "ta": [s + "かった"],
        "nai": [s + "くない"], "nakatta": [s + "くなかった"],
        "polite_past": [s + "かったです"], "polite_negative": [s + "くないです", s + "くありません"],
        "polite_past_negative": [s + "くなかったです", s + "くありませんでした"],
        "adverbial": [s + "く"], "ba": [s + "ければ"], "tara": [s + "かったら"],
    }


def _copula_forms(stem: str) -> dict[str, list[str]]:
    return {
        "plain": [stem + "だ", stem], "polite": [stem + "です"], "te": [stem + "で"], "ta": [stem + "だった"],
        "nai": [stem + "じゃない", stem + "ではない"], "nakatta": [stem + "じゃなかった", stem + "ではなかった"],
        "polite_past": [stem + "でした"],
        "polite_negative": [stem + "じゃありません", stem + "ではありません", stem + "じゃないです", stem + "ではないです"],
        "polite_past_negative": [stem + "じゃありませんでした", stem + "ではありませんでした", stem + "じゃなかったです"],
        "ba": [stem + "なら", stem + "ならば"], "tara": [stem + "だったら"], "attributive": [stem + "な"],
    }


@dataclass
class FormTable:
    """All generated forms of one word (with any fixed prefix before it)."""

    lemma: str
    kind: str                                   # 'verb' | 'adjective' | 'copula'
    forms: dict[str, list[str]] = field(default_factory=dict)       # form -> spellings (kanji)
    kana_forms: dict[str, list[str]] = field(default_factory=dict)  # form -> hiragana spellings
    by_surface: dict[str, frozenset[str]] = field(default_factory=dict)  # spelling (kanji or kana) -> forms

    def forms_of(self, surface: str) -> frozenset[str]:
        return self.by_surface.get(surface) or self.by_surface.get(to_hiragana(surface), frozenset())

    def spelling(self, form: str) -> str | None:
        values = self.forms.get(form)
        return values[0] if values else None


def build_table(
    lemma: str, orth_base: str, kana_base: str, ctype: str, pos1: str,
    prefix: str = "", prefix_kana: str = "",
) -> FormTable | None:
    """Forms of one inflecting word. ``orth_base`` is the dictionary form in
    the spelling to generate (書く), ``kana_base`` its reading in hiragana."""
    kana_base = to_hiragana(kana_base)
    if pos1 == "動詞":
        kind = "verb"
        orth = _verb_forms(orth_base, kana_base, ctype)
        kana = _verb_forms(kana_base, kana_base, ctype)
    elif pos1 == "形容詞":
        kind = "adjective"
        orth = _adjective_forms(orth_base, kana_base)
        kana = _adjective_forms(kana_base, kana_base)
    elif pos1 in ("形状詞", "名詞", "代名詞"):
        kind = "copula"
        orth = _copula_forms(orth_base)
        kana = _copula_forms(kana_base)
    else:
        return None
    if not orth:
        return None
    table = FormTable(lemma=lemma, kind=kind)
    by_surface: dict[str, set[str]] = {}
    for name, spellings in orth.items():
        table.forms[name] = [prefix + s for s in spellings]
        for s in table.forms[name]:
            by_surface.setdefault(s, set()).add(name)
    for name, spellings in kana.items():
        table.kana_forms[name] = [prefix_kana + s for s in spellings]
        for s in table.kana_forms[name]:
            by_surface.setdefault(s, set()).add(name)
    table.by_surface = {k: frozenset(v) for k, v in by_surface.items()}
    return table
