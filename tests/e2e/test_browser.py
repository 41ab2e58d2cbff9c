"""Main journeys in a real browser: sign in, browse a bank, read an item with its key."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import shot, sign_in

pytestmark = pytest.mark.e2e


def test_instructor_browses_a_bank_to_an_item_with_its_key(page, live_server):
    sign_in(page, live_server, "instructor@e2e.test")
    page.click("text=Question banks")
    page.click("text=Test bank")
    assert page.locator("h1").inner_text() == "Test bank"
    page.click("text=t-kanji-reading-0001")
    assert page.locator("u.target").first.inner_text() == "電車"
    assert page.locator(".options li.key").inner_text().startswith("でんしゃ")
    assert "電 is read でん" in page.locator(".explanation").inner_text()
    assert page.locator(".explanation [lang=ur]").get_attribute("dir") == "rtl"
    shot(page, "instructor-item")


def test_candidate_sees_the_urdu_interface_right_to_left_and_no_bank_browser(phone, live_server):
    sign_in(phone, live_server, "candidate@e2e.test")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert phone.locator("html").get_attribute("lang") == "ur"
    assert "خوش آمدید" in phone.locator("h1").inner_text()
    assert phone.locator("text=سوالیہ بینک").count() == 0
    # nothing overflows sideways on a 360px phone
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(phone, "candidate-home-ur-phone")
    response = phone.goto(live_server + "/banks/")
    assert response.status == 403


def test_language_switch_keeps_the_page(page, live_server):
    sign_in(page, live_server, "instructor@e2e.test")
    page.goto(live_server + "/banks/")
    page.select_option("select#lang", "ja")
    page.click(".lang button")
    page.wait_for_load_state()
    assert page.url.endswith("/banks/")
    assert page.locator("h1").inner_text() == "問題バンク"


def test_japanese_content_reads_left_to_right_on_an_urdu_page(page, live_server):
    """On an Urdu (RTL) page the stem, the options and the English explanation
    stay left-to-right (otherwise 。 and option numbers jump to the wrong end);
    only the Urdu explanation is right-to-left."""
    sign_in(page, live_server, "instructor@e2e.test")
    page.goto(live_server + "/banks/")
    page.click("text=Test bank")
    page.click("text=t-kanji-reading-0001")
    page.goto(page.url.split("?")[0] + "?lang=ur")
    assert page.locator("html").get_attribute("dir") == "rtl"
    direction = "el => getComputedStyle(el).direction"
    assert page.locator(".stem").first.evaluate(direction) == "ltr"
    assert page.locator(".options li").first.evaluate(direction) == "ltr"
    assert page.locator(".explanation [lang=en]").evaluate(direction) == "ltr"
    assert page.locator(".explanation [lang=ur]").evaluate(direction) == "rtl"
    # the options list is numbered at the left edge, like the stem
    stem_box = page.locator(".stem").first.bounding_box()
    first_option = page.locator(".options li").first.bounding_box()
    assert abs(first_option["x"] - stem_box["x"]) < stem_box["width"] / 2
    shot(page, "instructor-item-ur")
