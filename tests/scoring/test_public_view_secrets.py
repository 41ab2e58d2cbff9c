"""The browser's view of an item never carries anything that gives the answer."""
from examprep.scoring import item_type


def test_orthography_target_is_never_in_the_public_view():
    spec = {"id": "o1", "type": "choice", "section": "vocabulary", "question_type": "orthography",
            "stem": "{がっこう} に いきます。", "target": "学校", "options": ["学校", "学高", "字校", "学交"], "key": 0,
            "explanation": {"en": "学校"}, "irt": {"a": 1, "b": 0}, "source": {"name": "x"}}
    view = item_type("choice").public_view(spec)
    for secret in ("key", "target", "explanation", "irt", "source"):
        assert secret not in view
    assert view["options"] == spec["options"]

