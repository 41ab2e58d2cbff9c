"""Tagger per thread, dictionary check, furigana, text difficulty."""

from __future__ import annotations

import dataclasses
import json
import threading

import pytest

from examprep.japanese import (
    EngineError,
    get_tagger,
    item_furigana,
    ruby_html,
    ruby_segments,
    suggest_readings,
    text_difficulty,
    tokenize,
)
from examprep.japanese import tagger as tagger_mod


def test_one_tagger_per_thread_and_consistent_analyses():
    main = get_tagger()
    assert get_tagger() is main
    seen, results, errors = [], [], []
    sentences = ["学校で書いた", "明日は日本へ行きます", "受付は二階です", "暑いですね"]
    expected = {s: [(t.surface, t.lemma) for t in tokenize(s)] for s in sentences}

    def work():
        try:
            seen.append(get_tagger())  # keep the object: a freed id can be reused
            for _ in range(200):
                for s in sentences:
                    results.append([(t.surface, t.lemma) for t in tokenize(s)] == expected[s])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len({id(t) for t in seen}) == 4 and all(t is not main for t in seen)
    assert all(results)


def test_wrong_dictionary_fails_with_a_clear_message(monkeypatch, tmp_path):
    class FakeTagger:
        dictionary_info = [{"filename": str(tmp_path / "ipadic" / "sys.dic")}]

    monkeypatch.setattr(tagger_mod, "_local", threading.local())
    monkeypatch.setattr(tagger_mod, "_build_tagger", lambda: FakeTagger())
    with pytest.raises(EngineError, match="unidic-lite"):
        tagger_mod.check_engine()


def test_check_engine_passes_on_unidic_lite():
    tagger_mod.check_engine()


def test_readings_come_from_kana_not_pron():
    tokens = tokenize("先生")
    assert tokens[0].reading == "せんせい"  # pron would be センセー


def test_ruby_segments_keep_okurigana_out_and_use_item_readings():
    segs = ruby_segments("明日は食べます", {"明日": "あした"})
    assert segs == [("明日", "あした"), ("は", None), ("食", "た"), ("べます", None)]
    assert "".join(s for s, _ in segs) == "明日は食べます"
    json.dumps(segs, ensure_ascii=False)


def test_tokenizer_misreadings_are_fixed_by_item_readings():
    raw = dict(ruby_segments("日本"))
    assert raw["日本"] == "にっぽん"  # the tokenizer's choice
    fixed = ruby_segments("お父さんと日本へ", {"お父さん": "おとうさん", "日本": "にほん"})
    assert ("父", "とう") in fixed and ("日本", "にほん") in fixed


def test_suggest_readings_proposes_taught_readings():
    assert suggest_readings("明日、お父さんと日本へ行きます。") == {
        "明日": "あした", "お父さん": "おとうさん", "日本": "にほん",
    }


def test_targets_never_get_furigana():
    segs = ruby_segments("毎日 {電車} で 行きます")
    assert ("{電車}", None) in segs
    assert "{電車}" in ruby_html(segs)
    assert '<u class="target">電車</u>' in ruby_html("毎日 {電車} で", targets="underline")
    assert "<rt>でんしゃ</rt>" not in ruby_html("毎日 {電車} で", targets="plain")


def test_ruby_html_escapes_and_skips_known_levels():
    html = ruby_html("<b>学校</b>と病院")
    assert "&lt;b&gt;" in html and "<ruby>学校<rt>がっこう</rt></ruby>" in html
    skipped = ruby_html("学校と病院", skip_level="N5")
    assert "学校<rt>" not in skipped and "<ruby>病院<rt>びょういん</rt></ruby>" in skipped
    with pytest.raises(ValueError):
        ruby_html("学校", skip_level="N9")


def test_item_furigana_never_covers_reading_options():
    spec = {"stem": "{電車} で 行きます", "target": "電車", "question_type": "kanji_reading",
            "options": ["でんしゃ", "電気"], "readings": {"明日": "あした"}}
    out = item_furigana(spec)
    assert set(out) == {"stem"}


def test_text_difficulty_profiles_and_levels():
    easy = text_difficulty("わたしは毎日学校へ行きます。きのうは友だちと映画を見ました。")
    hard = text_difficulty("政府は経済政策の抜本的な見直しを検討しているが、財源の確保が課題となっている。", level="N4")
    assert easy.level_profile["N5"] == 1.0
    assert easy.estimated_level in ("N5", "N4")
    assert hard.estimated_level in ("N2", "N1")
    assert {"政府", "検討", "確保"} <= set(hard.words_above)
    assert 0 < easy.kanji_share < hard.kanji_share < 1
    assert easy.sentence_count == 2 and easy.mean_sentence_length == 15.0
    json.dumps(dataclasses.asdict(hard), ensure_ascii=False)


def test_text_difficulty_on_empty_and_odd_text():
    d = text_difficulty("")
    assert d.estimated_level == "N5" and d.word_count == 0
    assert text_difficulty("😀😀。!!").word_count == 0
