"""Furigana checks of the bank linter."""
def test_an_approved_reading_spanning_several_tokens_silences_the_furigana_warning():
    from examprep.scoring import lint_item

    spec = {"id": "h1", "type": "choice", "section": "care_documents", "question_type": "handover",
            "stem": "三日間 入浴を 休みます。", "options": ["はい", "いいえ", "わからない"], "key": 0,
            "explanation": {"en": "x"}}
    assert any("三" in p.message or "日間" in p.message for p in lint_item(spec))
    assert not lint_item({**spec, "readings": {"三日間": "みっかかん"}})
