"""Potential verbs: UniDic files 泳げる as an ichidan verb whose lemma is 泳ぐ."""
import pytest

from examprep.scoring import grade_text


@pytest.mark.parametrize("answer,verdict,says", [
    ("泳げる", "correct", "Correct"),
    ("およげる", "correct", "Correct"),
    ("泳ぐ", "incorrect", "not the dictionary form"),
    ("泳げます", "incorrect", "not the polite"),
    ("泳げない", "incorrect", "ない-form"),
    ("泳げられる", "incorrect", "not a correct form"),
])
def test_potential_form_of_a_godan_verb(answer, verdict, says):
    outcome = grade_text("泳げる", answer, "form", form="potential")
    assert outcome.verdict == verdict and says in outcome.feedback


def test_a_potential_key_is_accepted_by_the_bank_check():
    from examprep.scoring import validate_item, lint_item

    spec = {"id": "x", "type": "text", "section": "grammar", "question_type": "grammar_form", "mode": "form",
            "form": "potential", "stem": "わたしは 100メートル（　）。", "answers": ["泳げる", "およげる"],
            "explanation": {"en": "泳ぐ → 泳げる"}}
    assert validate_item(spec) == [] and [p for p in lint_item(spec) if p.severity == "error"] == []
