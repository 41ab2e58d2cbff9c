"""Loading is versioned by content and all-or-nothing per bank."""
from __future__ import annotations

import yaml
import pytest
from sqlalchemy import func, select

from examprep.banks.models import Bank, Item, ItemParameters, ItemVersion
from examprep.banks.service import BankInvalid, bank_stats, load_bank
from tests.factories import choice_item, write_bank


def count(db, model):
    return db.scalar(select(func.count()).select_from(model))


def test_load_creates_items_versions_and_groups(db, tmp_path):
    report = load_bank(write_bank(tmp_path))
    assert report.new_items == 5  # 2 choice, 1 order, a passage group and its question
    bank = db.scalar(select(Bank))
    items = {i.slug: i for i in bank.items}
    child = items["t-reading-01-q1"]
    assert child.group.slug == "t-reading-01" and child.section == "reading"
    assert child.current_version.content["question_type"] == "short_passage"
    assert all(i.current_version.number == 1 for i in items.values())


def test_reloading_an_unchanged_bank_changes_nothing_and_says_so(db, tmp_path):
    path = write_bank(tmp_path)
    load_bank(path)
    before = (count(db, Item), count(db, ItemVersion))
    report = load_bank(path)
    assert report.unchanged and "unchanged" in report.summary()
    assert (count(db, Item), count(db, ItemVersion)) == before


def test_editing_an_item_makes_a_new_version_and_keeps_the_old(db, tmp_path):
    load_bank(write_bank(tmp_path, [choice_item(1), choice_item(2, stem="{学校}")]))
    report = load_bank(write_bank(tmp_path, [choice_item(1, explanation={"en": "Better explanation."}), choice_item(2, stem="{学校}")]))
    assert (report.new_versions, report.unchanged_items, report.new_items) == (1, 1, 0)
    item = db.scalar(select(Item).where(Item.slug == "t-kanji-reading-0001"))
    assert [v.number for v in item.versions] == [1, 2]
    assert item.current_version.content["explanation"]["en"] == "Better explanation."


def test_reverting_an_edit_reuses_the_earlier_version(db, tmp_path):
    load_bank(write_bank(tmp_path, [choice_item(1)]))
    load_bank(write_bank(tmp_path, [choice_item(1, stem="{電車} に のります。")]))
    report = load_bank(write_bank(tmp_path, [choice_item(1)]))
    item = db.scalar(select(Item))
    assert report.reverted == 1 and item.current_version.number == 1 and len(item.versions) == 2


def test_tags_status_and_irt_do_not_make_new_versions(db, tmp_path):
    load_bank(write_bank(tmp_path, [choice_item(1)]))
    report = load_bank(write_bank(tmp_path, [choice_item(1, tags=["kanji"], status="draft", irt={"a": 1.2, "b": -0.4, "c": 0.2})]))
    item = db.scalar(select(Item))
    assert report.new_versions == 0 and len(item.versions) == 1
    assert item.status == "draft" and item.tags == ["kanji"]
    [params] = item.parameters
    assert (params.model, params.a, params.b, params.c, params.method) == ("3PL", 1.2, -0.4, 0.2, "bank")


def test_a_bank_with_an_error_loads_nothing(db, tmp_path):
    with pytest.raises(BankInvalid) as exc:
        load_bank(write_bank(tmp_path, [choice_item(1), choice_item(2, key=9, stem="{学校}")]))
    assert "key" in str(exc.value.problems[0])
    assert count(db, Bank) == 0 and count(db, Item) == 0


def test_removed_items_are_kept_for_past_responses(db, tmp_path):
    load_bank(write_bank(tmp_path, [choice_item(1), choice_item(2, stem="{学校}")]))
    report = load_bank(write_bank(tmp_path, [choice_item(1)]))
    gone = db.scalar(select(Item).where(Item.slug == "t-kanji-reading-0002"))
    assert report.removed == 1 and gone.removed_at is not None and gone.current_version is not None
    assert bank_stats(db.scalar(select(Bank))).items == 1


def test_furigana_is_stored_with_the_version_using_item_readings(db, tmp_path):
    load_bank(write_bank(tmp_path, [choice_item(1, stem="{明日} 日本の がっこうへ いきます。", target="明日",
                                                options=["あした", "あさって", "きのう", "きょう"],
                                                readings={"明日": "あした", "日本": "にほん"})]))
    version = db.scalar(select(ItemVersion))
    segments = [list(s) for s in version.furigana["stem"]]
    assert ["日本", "にほん"] in segments  # the approved reading, not the tokenizer's ニッポン
    assert ["{明日}", None] in segments  # never furigana on the tested word: it would give the answer


def test_stats_count_items_with_and_without_irt(db, tmp_path):
    load_bank(write_bank(tmp_path, [choice_item(1, irt={"a": 1, "b": 0}), choice_item(2, stem="{学校}")]))
    s = bank_stats(db.scalar(select(Bank)))
    [row] = s.rows
    assert (row["items"], row["with_irt"], row["without_irt"]) == (2, 1, 1)
    assert s.urdu_share == 1.0


def test_cli_validate_exits_nonzero_with_file_line_messages(runner, tmp_path):
    bank = write_bank(tmp_path, [choice_item(1, key=5)])
    result = runner.invoke("banks", "validate", str(bank))
    assert result.exit_code == 1
    assert "items.yaml:" in result.output and ".key:" in result.output and "FAILED test-bank" in result.output


def test_cli_load_list_and_stats(runner, tmp_path, db):
    bank = write_bank(tmp_path)
    first = runner.invoke("banks", "load", str(bank))
    assert first.exit_code == 0 and "loaded: 5 new item(s) or group(s)" in first.output
    again = runner.invoke("banks", "load", str(tmp_path))
    assert again.exit_code == 0 and "test-bank: unchanged, nothing to load" in again.output
    listing = runner.invoke("banks", "list")
    assert "test-bank" in listing.output and "4 items" in listing.output
    stats = runner.invoke("banks", "stats", "test-bank")
    assert "vocabulary" in stats.output and "kanji_reading" in stats.output
    assert runner.invoke("banks", "stats", "nope").exit_code != 0


def test_cli_load_of_a_broken_bank_fails_and_loads_nothing(runner, tmp_path, db):
    good = write_bank(tmp_path, slug="good-bank")
    bad = write_bank(tmp_path, [choice_item(1, key=7)], slug="bad-bank")
    result = runner.invoke("banks", "load", str(good), str(bad))
    assert result.exit_code == 1
    assert "FAILED bad-bank" in result.output
    assert [b.slug for b in db.scalars(select(Bank))] == ["good-bank"]


def test_new_furigana_rules_refresh_the_stored_furigana_without_new_versions(db, tmp_path, monkeypatch):
    from examprep import japanese

    path = write_bank(tmp_path, [choice_item(1, stem="社長に何も言わないで {電車} に乗りました。")])
    load_bank(path)
    version = db.scalar(select(ItemVersion))
    assert [s for s in version.furigana["stem"] if s[0] == "言"] == [["言", "い"]]
    # a version stored by older rules (言う read ゆう) ...
    version.furigana = {"stem": [["言", "ゆ"]]}
    db.flush()
    assert load_bank(path).unchanged  # same files, same rules: nothing to do
    # ... is refreshed once the rules' version moves on; the content is unchanged, so no new version
    monkeypatch.setattr(japanese, "FURIGANA_VERSION", japanese.FURIGANA_VERSION + 1)
    report = load_bank(path)
    assert report.furigana_refreshed == 1 and report.new_versions == 0 and "refreshed" in report.summary()
    assert db.scalar(select(func.count()).select_from(ItemVersion)) == 1
    assert [s for s in db.scalar(select(ItemVersion)).furigana["stem"] if s[0] == "言"] == [["言", "い"]]
    assert load_bank(path).unchanged
