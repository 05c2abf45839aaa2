"""A real participant in Chromium joins by link, answers a choice, and it shows in the tally."""

from __future__ import annotations

import pytest
from browser import DESKTOP, PHONE, screenshot
from servers import wait_until

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size_name, size", [("phone", PHONE), ("desktop", DESKTOP)])
def test_participant_joins_by_link_and_submits_a_choice(server, chromium, size_name, size):
    session = server.create_session()
    server.control(session, "open", activity="energy")
    context = chromium.new_context(viewport=size)
    page = context.new_page()
    try:
        page.goto(session["join_url"])
        page.get_by_text("Which best describes your energy right now?").wait_for(timeout=30_000)
        page.get_by_text("no name, email").wait_for()
        screenshot(page, f"backbone-join-{size_name}")
        page.get_by_label("Steady").check()
        page.get_by_role("button", name="Submit").click()
        page.get_by_text("Your answer was received").wait_for(timeout=10_000)
        screenshot(page, f"backbone-answered-{size_name}")
    finally:
        context.close()
    entry = wait_until(lambda: server.tally(session)["energy"], message="the answer to reach the tally")
    assert entry["count"] == 1


def test_page_without_a_code_explains_how_to_join(server, chromium):
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{server.base}/")
        page.get_by_text("Join a Huddle session").wait_for(timeout=30_000)
        screenshot(page, "backbone-no-code-phone")
    finally:
        context.close()


def test_unknown_code_shows_a_plain_message(server, chromium):
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{server.base}/voila/render/join.ipynb?code=ZZZZZZ")
        page.get_by_text("There is no session with that code").wait_for(timeout=30_000)
        assert "Traceback" not in page.content()
    finally:
        context.close()
