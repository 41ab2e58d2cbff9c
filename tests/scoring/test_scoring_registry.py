"""The item-type registry: validate, read_response, grade, public_view; lint; CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from examprep.commands.grade import grade_command
from examprep.scoring import Outcome, check_file, grade, item_type, lint_item, registered_types, validate_item

CHOICE = {"id": "c1", "type": "choice", "section": "vocabulary", "question_type": "kanji_reading",
          "stem": "まいにち {電車} で いきます。", "target": "電車",
          "options": ["でんしゃ", "でんしや", "てんしゃ", "でんちゃ"], "key": 0,
          "explanation": {"en": "電車 is でんしゃ."}, "readings": {"電車": "でんしゃ", "毎日": "まいにち"}}
MULTI = {"id": "m1", "type": "multi_choice", "options": ["a", "b", "c", "d"], "keys": [0, 2], "explanation": {"en": "x"}}
TEXT = {"id": "t1", "type": "text", "mode": "reading", "target": "学校", "stem": "{学校}", "answers": ["がっこう"],
        "explanation": {"en": "x"}}
ORDER = {"id": "o1", "type": "order", "stem": "わたしは {*} です。", "fragments": ["がくせい", "の", "にほんご", "がっこう"],
         "key": [2, 3, 1, 0], "star": 2, "explanation": {"en": "x"}}
PASSAGE = {"id": "p1", "type": "passage", "section": "reading", "question_type": "short_passage", "text": "メモです。",
           "items": [dict(CHOICE, id="p1-q1"), dict(TEXT, id="p1-q2")]}
LISTENING = {"id": "l1", "type": "listening", "section": "listening", "question_type": "task_based",
             "script": "おとこの ひとが はなしています。", "items": [dict(MULTI, id="l1-q1")]}


def test_registry_has_every_type_and_a_clear_error():
    assert set(registered_types()) == {"choice", "multi_choice", "text", "order", "passage", "listening"}
    with pytest.raises(KeyError, match="unknown item type 'essay'.*choice"):
        item_type("essay")


@pytest.mark.parametrize("spec", [CHOICE, MULTI, TEXT, ORDER, PASSAGE, LISTENING], ids=lambda s: s["type"])
def test_valid_specs_have_no_errors(spec):
    assert [p for p in validate_item(spec) if p.severity == "error"] == []


@pytest.mark.parametrize("spec,field,fragment", [
    (dict(CHOICE, key=4), "key", "not among the 4 options"),
    (dict(CHOICE, options=["あ", "い", "あ"]), "options[2]", "repeats options[0]"),
    (dict(MULTI, keys=[0, 0]), "keys[1]", "repeated"),
    (dict(MULTI, keys=[7]), "keys[0]", "not among"),
    (dict(TEXT, mode="form"), "form", "needs `form`"),
    (dict(TEXT, mode="form", form="gerund"), "form", "unknown form"),
    (dict(TEXT, answers=["がっこう", "がっこう"]), "answers[1]", "repeats"),
    (dict(TEXT, answers=["学校"]), "answers[0]", "kana"),
    (dict(ORDER, key=[0, 1, 2, 2]), "key", "permutation"),
    (dict(ORDER, star=4), "star", "not one of the 4 blanks"),
    (dict(ORDER, stem="わたしは です。"), "stem", "{*}"),
    (dict(PASSAGE, text=" "), "text", "non-empty"),
    (dict(LISTENING, script=""), "script", "non-empty"),
    (dict(PASSAGE, items=[dict(CHOICE, id="x"), dict(TEXT, id="x")]), "items[1].id", "repeats"),
    (dict(PASSAGE, items=[dict(CHOICE, id="x", key=9)]), "items[0].key", "not among"),
    (dict(PASSAGE, items=[dict(LISTENING, id="x")]), "items[0].type", "do not nest"),
])
def test_validation_errors_name_the_field(spec, field, fragment):
    problems = validate_item(spec)
    assert any(p.field == field and fragment in p.message and p.severity == "error" for p in problems), problems


@pytest.mark.parametrize("odd", [None, 3, "choice", [], {}, {"type": None}, {"type": "choice", "options": "abc", "key": "0"},
                                 {"type": "order", "fragments": None, "key": None, "star": None, "stem": None},
                                 {"type": "passage", "items": [1, None, {"type": "nope"}]}])
def test_validate_never_raises_on_odd_input(odd):
    problems = validate_item(odd)
    assert problems and all(p.severity in ("error", "warning") for p in problems)


def test_choice_and_multi_choice_grading():
    assert grade(CHOICE, 0).verdict == "correct"
    wrong = grade(CHOICE, 1)
    assert wrong.verdict == "incorrect" and "でんしゃ" in wrong.feedback
    assert grade(CHOICE, None).detail["reason"] == "empty"
    assert grade(MULTI, [2, 0]).verdict == "correct"
    assert grade(MULTI, [0]).credit == 0.0
    partial = grade(dict(MULTI, partial_credit=True), [0, 1, 2])
    assert partial.verdict == "partial" and partial.credit == 0.5


def test_text_grading_uses_the_engine():
    out = grade(TEXT, "がこう")
    assert out.verdict == "incorrect" and out.detail["slip"] == "small_tsu_missing"
    assert grade(TEXT, "学校").detail["reason"] == "reading_kanji_copied"


def test_order_grading_star_and_full_order():
    star_key = ORDER["key"][ORDER["star"]]
    assert grade(ORDER, star_key).verdict == "correct"
    assert grade(ORDER, (star_key + 1) % 4).verdict == "incorrect"
    assert grade(ORDER, [2, 3, 1, 0]).detail["order_correct"] is True
    lucky = grade(ORDER, [3, 2, 1, 0])
    assert lucky.verdict == "correct" and lucky.detail["order_correct"] is False and "full order" in lucky.feedback
    assert grade(ORDER, [0, 0, 1, 2]).detail["reason"] == "invalid_order"


def test_group_grade_is_the_mean_credit():
    out = grade(PASSAGE, {"p1-q1": 0, "p1-q2": "がっこー"})
    assert out.verdict == "partial" and out.credit == 0.75
    assert set(out.detail["children"]) == {"p1-q1", "p1-q2"}
    assert grade(PASSAGE, {}).verdict == "incorrect"


def test_read_response_parses_and_refuses_clearly():
    class MultiDict(dict):
        def getlist(self, name):
            return self.get(name, [])

    assert item_type("choice").read_response({"answer": "2"}) == 2
    assert item_type("multi_choice").read_response(MultiDict(answer=["2", "0", "2"])) == [0, 2]
    assert item_type("order").read_response({"answer": ["2", "3", "1", "0"]}) == [2, 3, 1, 0]
    assert item_type("order").read_response({"answer": "1"}) == 1
    assert item_type("text").read_response({"answer": " がっこう "}) == " がっこう "
    assert item_type("passage").read_response({"answer[p1-q1]": "0"}) == {"p1-q1": "0"}
    for kind, form, message in [("choice", {}, "choose an option"), ("choice", {"answer": "x"}, "not one of"),
                                ("multi_choice", {"answer": []}, "at least one"), ("text", {"answer": "  "}, "type an answer"),
                                ("order", {"answer": ["1", "1"]}, "only once"), ("choice", {"answer": "-1"}, "not one of")]:
        with pytest.raises(ValueError, match=message):
            item_type(kind).read_response(form)


def test_public_view_hides_answers():
    for spec in (CHOICE, MULTI, TEXT, ORDER, PASSAGE, LISTENING):
        view = json.dumps(item_type(spec["type"]).public_view(spec), ensure_ascii=False)
        for secret in ('"key"', '"keys"', '"answers"', '"explanation"'):
            assert secret not in view
    choice = item_type("choice").public_view(CHOICE)
    assert choice["readings"] == {"毎日": "まいにち"}  # the target's reading is withheld
    assert "script" not in item_type("listening").public_view(LISTENING)
    assert "text" in item_type("passage").public_view(PASSAGE)
    kanji = item_type("text").public_view(dict(TEXT, mode="kanji", answers=["学校"]))
    assert "target" not in kanji
    order = item_type("order").public_view(ORDER)
    assert sorted(f["index"] for f in order["fragments"]) == [0, 1, 2, 3]
    assert [f["index"] for f in order["fragments"]] != ORDER["key"]
    assert order == item_type("order").public_view(ORDER)  # stable


def test_outcome_guards_its_invariants():
    with pytest.raises(ValueError):
        Outcome("maybe", 0.5, "x")
    with pytest.raises(ValueError):
        Outcome("correct", 1.5, "x")


# --- lint ------------------------------------------------------------------------------------


def _errors(problems):
    return [(p.field, p.message) for p in problems if p.severity == "error"]


def test_lint_reading_item_without_a_dictionary_reading():
    problems = lint_item(dict(TEXT, answers=["がこう"]))
    assert any(f == "answers" and "がっこう" in m for f, m in _errors(problems))
    assert _errors(lint_item(TEXT)) == []


def test_lint_kanji_reading_choice_key_and_distractors():
    bad_key = dict(CHOICE, key=1)
    assert any(f == "options[1]" and "not a dictionary reading" in m for f, m in _errors(lint_item(bad_key)))
    two_right = dict(CHOICE, target="明日", stem="{明日}", options=["あした", "あす", "あさ", "あと"], key=0, readings={})
    assert any(f == "options[1]" and "two right answers" in m for f, m in _errors(lint_item(two_right)))
    assert _errors(lint_item(CHOICE)) == []


def test_lint_orthography_distractor_that_is_another_spelling():
    spec = dict(CHOICE, question_type="orthography", target="うけつけ", stem="{うけつけ}",
                options=["受付", "受け付け", "請付", "受附"], key=0, readings={})
    assert any(f == "options[1]" for f, _ in _errors(lint_item(spec)))


def test_lint_word_and_form_items():
    word = dict(TEXT, mode="word", target=None, answers=["暑い", "熱い"])
    assert any(f == "answers[1]" and "Same reading, different word" in m for f, m in _errors(lint_item(word)))
    assert _errors(lint_item(dict(word, answers=["暑い", "あつい"]))) == []
    form = dict(TEXT, mode="form", form="te", answers=["書いた"])
    assert any(f == "answers[0]" and "て-form" in m for f, m in _errors(lint_item(form)))
    kana_first = dict(TEXT, mode="form", form="nai", answers=["すわない", "吸わない"])
    assert _errors(lint_item(kana_first)) == []


def test_lint_warns_about_furigana_the_tokenizer_gets_wrong():
    spec = dict(CHOICE, stem="明日 {電車} で いきます。", readings={})
    assert any(p.severity == "warning" and "明日" in p.message for p in lint_item(spec))
    approved = dict(CHOICE, stem="明日 {電車} で いきます。", readings={"明日": "あした"})
    assert not any("明日" in p.message for p in lint_item(approved))


def test_check_file_reports_file_and_line(tmp_path):
    path = tmp_path / "items.yaml"
    path.write_text(
        "- id: a\n  type: choice\n  section: vocabulary\n  question_type: kanji_reading\n  stem: '{学校}'\n"
        "  target: 学校\n  options: [がっこう, がこう, かっこう]\n  key: 5\n  explanation: {en: x}\n"
        "- id: b\n  type: text\n  section: vocabulary\n  question_type: kanji_reading\n  stem: '{学校}'\n"
        "  target: 学校\n  mode: reading\n  answers: [がこう]\n  explanation: {en: x}\n",
        encoding="utf-8",
    )
    lines = [str(p) for p in check_file(str(path))]
    assert f"{path}:8: items[0].key: key 5 is not among the 3 options (0-2) [error]" in lines
    assert any(line.startswith(f"{path}:17: items[1].answers:") and "[error]" in line for line in lines)


# --- CLI ---------------------------------------------------------------------------------------


def test_grade_command_prints_the_outcome_as_json():
    result = CliRunner().invoke(grade_command, ["--mode", "word", "--expected", "暑い", "熱い"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["verdict"] == "incorrect" and data["detail"]["reason"] == "homophone"
    assert "熱い" in result.output  # ensure_ascii=False
    ok = CliRunner().invoke(grade_command, ["--mode", "reading", "--expected", "あした", "--accept", "あす", "あす"])
    assert json.loads(ok.output)["verdict"] == "correct"
    form = CliRunner().invoke(grade_command, ["--mode", "form", "--expected", "書いて", "--form", "te", "書いた"])
    assert json.loads(form.output)["detail"]["form_given"] == "ta"
    bad = CliRunner().invoke(grade_command, ["--mode", "word", "--expected", " ", "x"])
    assert bad.exit_code != 0 and "empty" in bad.output
