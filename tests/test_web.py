"""Pages: role checks, the bank browser, language and security headers."""
from __future__ import annotations

import pytest

from examprep.banks.service import load_bank
from tests.factories import write_bank


@pytest.fixture()
def loaded(db, tmp_path):
    load_bank(write_bank(tmp_path))


def test_home_for_visitors_invites_to_sign_in(client):
    html = client.get("/").get_data(as_text=True)
    assert "Sign in" in html and "CC BY-SA" in html


@pytest.mark.parametrize("path", ["/banks/", "/banks/test-bank", "/banks/test-bank/items/t-kanji-reading-0001"])
def test_bank_browser_needs_login(client, loaded, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["candidate", "oec"])
def test_bank_browser_is_refused_to_candidates_and_oec(client, loaded, as_role, role):
    as_role(role)
    assert client.get("/banks/").status_code == 403
    assert client.get("/banks/test-bank/items/t-kanji-reading-0001").status_code == 403


@pytest.mark.parametrize("role", ["instructor", "admin"])
def test_staff_see_items_with_key_and_explanation(client, loaded, as_role, role):
    as_role(role)
    index = client.get("/banks/").get_data(as_text=True)
    assert "Test bank" in index
    bank = client.get("/banks/test-bank").get_data(as_text=True)
    assert "t-kanji-reading-0001" in bank and "kanji_reading" in bank
    item = client.get("/banks/test-bank/items/t-kanji-reading-0001").get_data(as_text=True)
    assert '<u class="target">電車</u>' in item
    assert 'class="key"' in item and "でんしゃ" in item
    assert "電 is read でん" in item and 'lang="ur"' in item


def test_group_page_shows_passage_and_questions(client, loaded, as_role):
    as_role("instructor")
    html = client.get("/banks/test-bank/items/t-reading-01").get_data(as_text=True)
    assert "じゅぎょうは ９じからです" in html and "なんじからですか" in html


def test_order_item_shows_star_and_answer(client, loaded, as_role):
    as_role("admin")
    html = client.get("/banks/test-bank/items/t-composition-0001").get_data(as_text=True)
    assert 'class="blank star"' in html and "★の" in html


def test_bank_browser_filters_by_question_type(client, loaded, as_role):
    as_role("instructor")
    html = client.get("/banks/test-bank?section=grammar&question_type=sentence_composition").get_data(as_text=True)
    assert "t-composition-0001" in html and "t-kanji-reading-0001" not in html


def test_unknown_bank_and_item_are_404(client, loaded, as_role):
    as_role("instructor")
    assert client.get("/banks/nope").status_code == 404
    assert client.get("/banks/test-bank/items/nope").status_code == 404


def test_media_outside_the_bank_is_refused(client, loaded, as_role):
    as_role("instructor")
    assert client.get("/banks/test-bank/media/../bank.yaml").status_code == 404
    assert client.get("/banks/test-bank/media/bank.yaml").status_code == 404


def test_urdu_interface_is_right_to_left(client):
    html = client.get("/?lang=ur").get_data(as_text=True)
    assert 'dir="rtl"' in html and 'lang="ur"' in html


def test_about_lists_bank_credits(client, loaded):
    html = client.get("/about").get_data(as_text=True)
    assert "examprep authors (original items)" in html and "CC BY-SA 4.0" in html


def test_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_healthz(client):
    assert client.get("/healthz").get_json()["status"] == "ok"


def test_item_page_shows_the_parameters_the_engine_uses(client, loaded, as_role):
    as_role("instructor")
    html = client.get("/banks/test-bank/items/t-kanji-reading-0001").get_data(as_text=True)
    assert "The adaptive engine uses a = " in html and "a prior from the level" in html
    group = client.get("/banks/test-bank/items/t-reading-01").get_data(as_text=True)
    assert "IRT parameters" not in group
