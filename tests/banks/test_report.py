"""Bank report: counts against the blueprint, difficulty, precision, repeated mocks."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from examprep.adaptive.blueprint import parse_blueprint
from examprep.banks.report import build_report, render
from tests.factories import choice_item, write_bank

ROOT_BANKS = Path(__file__).resolve().parents[2] / "question_banks"

BLUEPRINT = {
    "id": "t-mock", "kind": "mock", "bank": "test-bank", "level": "N5",
    "exposure": {"method": "randomesque", "k": 2},
    "parts": [{"id": "vocabulary", "title": "Vocabulary", "minutes": 10, "content": [
        {"section": "vocabulary", "question_types": {"kanji_reading": 3, "orthography": 1}}]}],
}


def _bank(tmp_path, n_reading, n_ortho):
    items = [choice_item(i, stem=f"{{学校}} {i}", key=i % 4) for i in range(1, n_reading + 1)]
    items += [choice_item(1000 + i, question_type="orthography", stem=f"{{がっこう}} {i}", target="がっこう",
                          options=["学校", "学枚", "字校", "学交"], key=i % 4) for i in range(1, n_ortho + 1)]
    items.append(choice_item(999, stem="{学校} draft", status="draft"))
    return write_bank(tmp_path, items)


def test_a_big_enough_bank_passes_the_repeated_mocks_check(tmp_path):
    rep = build_report(_bank(tmp_path, 60, 20), parse_blueprint(BLUEPRINT), examinees=30, seed=1)
    assert rep.repeat.max_shared == 0.0 and rep.passed
    assert len(rep.repeat.attempts) == 20 and rep.repeat.lengths == [4] * 20
    rows = {(t.section, t.question_type): t for t in rep.types}
    kr = rows[("vocabulary", "kanji_reading")]
    assert (kr.per_mock, kr.active, kr.draft, kr.mocks_worth) == (3, 60, 1, 20.0)
    md = render(rep, "md")
    assert "Repeated mocks: PASS" in md and "| vocabulary | kanji_reading | 3 | 60 | 0 | 1 | 20.0 | 0 |" in md
    assert sum(n for _, n in rep.histogram()) == 80
    # the factory's options are of equal length: picking the longest is blind guessing
    n, score, chance = rep.longest_strategy
    assert n == 80 and score == chance == 0.25
    assert "## Keys given away by length" in md and "(within the 15% margin allowed)" in md


def test_a_small_bank_fails_and_names_the_short_types(tmp_path):
    rep = build_report(_bank(tmp_path, 12, 20), parse_blueprint(BLUEPRINT), examinees=20, seed=0)
    assert not rep.passed and rep.repeat.max_shared > 0.2
    assert [t.question_type for t in rep.short_types] == ["kanji_reading"]
    # bound: 20 x 3 / (1 + 19 x 0.2) = 12.5 -> 13; with the 1.5 margin 20 needed
    assert (rep.short_types[0].bound, rep.short_types[0].needed, rep.short_types[0].short_by) == (13, 20, 8)
    md = render(rep, "md")
    assert "Repeated mocks: FAIL" in md and f"{rep.repeat.max_shared:.0%}" in md
    assert "vocabulary / kanji_reading: 12 active items, 20 needed for 20 mocks (3 per mock) - short by 8" in md


def test_the_counting_bound_is_a_real_limit():
    """Below the bound no selection can keep 20 mocks within 20 % of each other;
    a little above it the engine's repeat policy does."""
    from examprep.adaptive import parse_blueprint as pb
    from examprep.adaptive.pool import synthetic_pool
    from examprep.adaptive.simulation import repeated_mocks
    from examprep.banks.report import TypeRow

    assert TypeRow("knowledge", "*", 30, 0, 0, 0).bound == 125  # 600 / 4.8
    assert TypeRow("knowledge", "*", 20, 0, 0, 0).bound == 84
    bp = pb({"id": "t", "kind": "mock", "bank": "synthetic", "exposure": {"method": "randomesque", "k": 3},
             "parts": [{"id": "p", "minutes": 10, "content": [{"section": "vocabulary",
                                                                "question_types": {"kanji_reading": 20}}]}]})
    assert repeated_mocks(bp, synthetic_pool(80, seed=4), attempts=20, seed=0).max_shared > 0.2
    assert repeated_mocks(bp, synthetic_pool(110, seed=4), attempts=20, seed=0).max_shared <= 0.2


def test_html_report_is_standalone_and_well_formed(tmp_path):
    rep = build_report(_bank(tmp_path, 12, 4), parse_blueprint(BLUEPRINT), examinees=20)
    page = render(rep, "html")

    class Check(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack, self.tags = [], set()

        def handle_starttag(self, tag, attrs):
            self.tags.add(tag)
            if tag not in ("meta", "br", "rect", "line", "path"):
                self.stack.append(tag)

        def handle_endtag(self, tag):
            if tag in ("rect", "line", "path"):
                return
            assert self.stack and self.stack[-1] == tag, (tag, self.stack[-3:])
            self.stack.pop()

    c = Check()
    c.feed(page)
    assert {"table", "svg", "h1"} <= c.tags
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "") and "https://" not in page
    assert "RMSE" in page and "FAIL" in page


def test_report_command_writes_the_chosen_format(tmp_path):
    from click.testing import CliRunner

    from examprep.commands.banks_tools import report_command

    bank = _bank(tmp_path, 12, 4)
    bp = tmp_path / "t-mock.yaml"
    import yaml
    bp.write_text(yaml.safe_dump(BLUEPRINT), encoding="utf-8")
    out = tmp_path / "r.md"
    res = CliRunner().invoke(report_command, [str(bank), "--blueprint", str(bp), "--out", str(out), "-n", "10"])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").startswith("# Bank report: test-bank")
    res = CliRunner().invoke(report_command, [str(bank), "--blueprint", str(bp), "--out", str(tmp_path / "r.txt")])
    assert res.exit_code != 0 and ".html or .md" in res.output


def test_a_quota_on_a_whole_section_counts_every_question_type_in_it():
    report = build_report(ROOT_BANKS / "nursing-care-japanese", examinees=20, attempts=2)
    rows = {(t.section, t.question_type): t for t in report.types}
    section_total = sum(t.active for (s, q), t in rows.items() if s == "care_vocabulary" and q != "*")
    assert rows[("care_vocabulary", "*")].active == section_total > 0


SHIPPED_BANKS = sorted(p.name for p in ROOT_BANKS.iterdir() if (p / "bank.yaml").is_file())


def test_every_shipped_bank_has_a_mock_blueprint():
    assert len(SHIPPED_BANKS) == 12
    for bank in SHIPPED_BANKS:
        assert (ROOT_BANKS / "blueprints" / f"{bank}-mock.yaml").is_file(), bank


@pytest.mark.parametrize("bank", SHIPPED_BANKS)
def test_each_mock_can_be_sat_twenty_times_with_at_most_a_fifth_repeated(bank):
    """Issue 5: one candidate, 20 mocks, at most 20% of items shared by any two."""
    report = build_report(ROOT_BANKS / bank, examinees=5)
    assert report.repeat.lengths == [report.blueprint.max_items] * 20
    assert report.repeat.max_shared <= 0.20, f"{bank}: {report.repeat.max_shared:.0%} shared"
