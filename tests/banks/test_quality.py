"""Bank-wide quality gates (examprep.banks.quality, run by validate)."""
from __future__ import annotations

from examprep.banks import quality
from examprep.banks.validator import validate_bank
from tests.factories import choice_item, write_bank


def problems(tmp_path, items, **manifest):
    bank = validate_bank(write_bank(tmp_path, items, **manifest), lint=False)
    return [str(p) for p in bank.errors], [str(p) for p in bank.warnings]


def test_identical_question_is_an_error_near_duplicate_a_warning(tmp_path):
    long = "わたしは まいにち あさ はやく おきて {電車} で とおい がっこうへ いきます"
    a = choice_item(1, stem=long + "。")
    same = choice_item(2, stem=long.replace(" ", "") + "！")   # spacing and punctuation do not count
    near = choice_item(3, stem=long + "よ。")
    other_opts = choice_item(4, stem=long + "よ。", options=["でんしゃ", "てんしゃ", "でんしや", "てんしや"])
    errors, warnings = problems(tmp_path, [a, same, near, other_opts])
    assert len(errors) == 1 and "same question as t-kanji-reading-0001" in errors[0]
    near_w = [w for w in warnings if "nearly the same question" in w]
    assert len(near_w) == 1 and "t-kanji-reading-0001" in near_w[0] and "[2].stem" in near_w[0]


def test_a_different_question_with_the_same_options_is_fine(tmp_path):
    a = choice_item(1, stem="まいにち {電車} で がっこうへ いきます。")
    b = choice_item(2, stem="あしたは {電車} に のって うみへ いきます。")
    errors, warnings = problems(tmp_path, [a, b])
    assert errors == [] and not any("nearly" in w for w in warnings)


def test_blank_explanation_is_an_error(tmp_path):
    errors, _ = problems(tmp_path, [choice_item(1, explanation={"en": "   "})])
    assert len(errors) == 1 and "explanation.en" in errors[0] and "blank" in errors[0]


def test_words_above_the_bank_level_are_named(tmp_path):
    hard = choice_item(1, stem="この {電車} の 概念 を 検討 します。")
    easy = choice_item(2, stem="きのう {電車} で 学校 へ 行きました。")
    _, warnings = problems(tmp_path, [hard, easy])
    level = [w for w in warnings if "above N5" in w]
    assert len(level) == 1 and "[0].stem" in level[0] and "概念" in level[0] and "検討" in level[0]
    # an N1 bank accepts the same stem; a skills bank is not checked at all
    _, warnings = problems(tmp_path / "n1", [hard], level="N1")
    assert not any("above" in w for w in warnings)
    _, warnings = problems(tmp_path / "sk", [hard], exam="skills", level=None, sector="construction")
    assert not any("above" in w for w in warnings)


def test_item_level_overrides_the_bank_level(tmp_path):
    item = choice_item(1, stem="この {電車} の 概念 を 検討 します。", level="N1")
    _, warnings = problems(tmp_path, [item])
    assert not any("above" in w for w in warnings)


def test_jft_basic_is_held_to_n4():
    assert quality.words_above("駅で切符を買います。", "N4") == ()
    assert "概念" in quality.words_above("概念を説明します。", "N4")


def test_jaccard_of_bigrams():
    assert quality.jaccard(quality.bigrams("あいうえお"), quality.bigrams("あいうえお。")) == 1.0
    assert quality.jaccard(quality.bigrams("あいうえ"), quality.bigrams("かきくけ")) == 0.0


def test_key_balance_warning_is_kept(tmp_path):
    items = [choice_item(i, stem=f"{{学校}} {i}") for i in range(1, 25)]
    _, warnings = problems(tmp_path, items)
    assert any("unbalanced keys: option 1 is the key in 24 of 24" in w for w in warnings)


def test_engine_calls_are_cached(tmp_path):
    quality.words_above.cache_clear()
    items = [choice_item(i, stem="きのう {電車} で 学校 へ 行きました。", options=[f"でんしゃ{i}", "てんしゃ", "でんしや", "でんちゃ"])
             for i in range(1, 6)]
    problems(tmp_path, items)
    info = quality.words_above.cache_info()
    assert info.misses == 1 and info.hits == 4  # five identical stems, one analysis


def _situation(n: int, key: int, long_key: bool) -> dict:
    short = ["すぐに帰る", "何もしない", "客に任せる", "あとで考える"]
    opts = list(short)
    opts[key] = "手を洗って消毒し、責任者に報告してから作業にもどる" if long_key else "報告する"
    return choice_item(n, stem=f"作業中に手を切りました。どうしますか。({n})", target=None, options=opts, key=key)


def test_a_bank_whose_keys_are_the_longest_options_gets_a_warning(tmp_path):
    # 15 of 30 keys are the longest option: picking the longest scores 50% + a share of ties
    items = [_situation(n, n % 4, long_key=n < 15) for n in range(30)]
    _, warnings = problems(tmp_path, items)
    longest = [w for w in warnings if "longest option" in w]
    assert len(longest) == 1 and "t-kanji-reading-0000" in longest[0]
    bank = validate_bank(write_bank(tmp_path / "again", items), lint=False)
    n, score, chance = quality.longest_strategy(bank.items)
    assert n == 30 and chance == 0.25 and score > chance + quality.LONGEST_MAX_ADVANTAGE
    checked, flagged = quality.longest_key_items(bank.items)
    # widest margin first: the 15 long keys lead the list
    assert checked == 30 and {e.item_id for _, e in flagged[:15]} == {f"t-kanji-reading-{n:04d}" for n in range(15)}
    assert all(r >= quality.LONGEST_RATIO for r, _ in flagged[:15])


def test_a_few_long_keys_are_fine(tmp_path):
    # the short key 報告する is shorter than every distractor
    items = [_situation(n, n % 4, long_key=n < 4) for n in range(30)]
    _, warnings = problems(tmp_path, items)
    assert not any("longest option" in w for w in warnings)
