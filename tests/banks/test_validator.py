"""Every kind of bad input gives one clear line naming file, line and field."""
from __future__ import annotations

import pytest

from examprep.banks.validator import validate_bank, parse_field
from tests.factories import choice_item, order_item, passage_group, write_bank


def errors_of(bank_dir):
    bank = validate_bank(bank_dir, lint=False)
    return [str(p) for p in bank.errors]


def test_a_good_bank_has_no_errors(tmp_path):
    assert errors_of(write_bank(tmp_path)) == []


def test_reports_duplicate_id_with_both_places(tmp_path):
    bank = write_bank(tmp_path, [choice_item(1), choice_item(1, stem="{学校} に いきます。")])
    [err] = errors_of(bank)
    assert "items/items.yaml:" in err
    assert "duplicate id 't-kanji-reading-0001'" in err and "first used at" in err


def test_reports_key_not_among_options(tmp_path):
    bank = write_bank(tmp_path, [choice_item(1), choice_item(2, key=4, stem="{学校}")])
    [err] = errors_of(bank)
    line = err.split(":")[1]
    text = (bank / "items" / "items.yaml").read_text().splitlines()
    assert text[int(line) - 1].strip().startswith("key: 4")
    assert "[1].key" in err


def test_reports_section_missing_from_manifest(tmp_path):
    bank = write_bank(tmp_path, [choice_item(1, section="kanji")])
    [err] = errors_of(bank)
    assert "[0].section" in err and "'kanji' is not listed in bank.yaml" in err


def test_reports_missing_required_field(tmp_path):
    item = choice_item(1)
    del item["section"]
    [err] = errors_of(write_bank(tmp_path, [item]))
    assert "items.yaml:1:" in err and "'section' is required" in err


def test_reports_yaml_syntax_error_with_line(tmp_path):
    bank = write_bank(tmp_path)
    (bank / "items" / "broken.yaml").write_text("- id: x\n  type: choice\n  stem: [unclosed\n  key: 0\n", encoding="utf-8")
    [err] = errors_of(bank)
    assert err.startswith(str(bank / "items" / "broken.yaml").lstrip("/").split("/", 0)[0]) or "broken.yaml:" in err
    assert "YAML syntax error" in err and "broken.yaml:" in err


def test_reports_wrong_type(tmp_path):
    [err] = errors_of(write_bank(tmp_path, [choice_item(1, key="first")]))
    assert "[0].key" in err and "must be integer" in err


def test_reports_missing_audio_file(tmp_path):
    group = {"id": "t-listen-01", "type": "listening", "section": "listening", "question_type": "task_based",
             "script": "おとこの ひとが はなしています。", "audio": "audio/t-listen-01.mp3",
             "items": [choice_item(9, section=None, question_type=None, stem="なにを かいますか。")]}
    for k in ("section", "question_type"):
        group["items"][0].pop(k)
    bank = write_bank(tmp_path, [group])
    [err] = errors_of(bank)
    assert "[0].audio" in err and "audio file 'audio/t-listen-01.mp3' does not exist" in err
    (bank / "audio").mkdir()
    (bank / "audio" / "t-listen-01.mp3").write_bytes(b"ID3")
    assert errors_of(bank) == []


def test_reports_unknown_field(tmp_path):
    [err] = errors_of(write_bank(tmp_path, [choice_item(1, answer=0)]))
    assert "'answer'" in err and "[0]" in err


def test_reports_duplicate_yaml_key(tmp_path):
    bank = write_bank(tmp_path)
    (bank / "items" / "dup.yaml").write_text("- id: x1\n  type: choice\n  key: 0\n  key: 1\n", encoding="utf-8")
    errs = errors_of(bank)
    assert any("dup.yaml:4: key: key given twice" in e for e in errs)


def test_reports_bad_order_item(tmp_path):
    [err] = errors_of(write_bank(tmp_path, [order_item(1, key=[0, 0, 1, 2])]))
    assert "[0].key" in err


def test_reports_group_child_problems_with_their_path(tmp_path):
    group = passage_group(1)
    group["items"][0]["key"] = 7
    [err] = errors_of(write_bank(tmp_path, [group]))
    assert "[0].items[0].key" in err


def test_reports_same_question_twice(tmp_path):
    [err] = errors_of(write_bank(tmp_path, [choice_item(1), choice_item(2)]))
    assert "same question as t-kanji-reading-0001" in err


def test_manifest_errors_name_the_manifest(tmp_path):
    bank = write_bank(tmp_path, exam="toefl")
    [err] = errors_of(bank)
    assert "bank.yaml" in err and "exam" in err and "'toefl' is not one of" in err


def test_unbalanced_keys_are_a_warning(tmp_path):
    items = [choice_item(i, stem=f"{{学校}} {i}") for i in range(1, 25)]
    bank = validate_bank(write_bank(tmp_path, items), lint=False)
    assert bank.errors == []
    assert any("unbalanced keys: option 1 is the key in 24 of 24" in str(w) for w in bank.warnings)


@pytest.mark.parametrize("field,expected", [
    ("key", ("key",)), ("options[2]", ("options", 2)), ("items[1].options[0].image", ("items", 1, "options", 0, "image")),
])
def test_parse_field(field, expected):
    assert parse_field(field) == expected


def test_the_shipped_banks_validate():
    from pathlib import Path

    from examprep.banks.reader import find_banks

    banks = find_banks([Path(__file__).resolve().parents[2] / "question_banks"])
    assert banks, "question_banks/ has no bank"
    for path in banks:
        bank = validate_bank(path)
        assert bank.errors == [], "\n".join(map(str, bank.errors))
