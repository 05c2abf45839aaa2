"""The live page's reused answer controls in a real Chromium (issue 18): when the room moves on,
the same radio group takes the next question's options, and in the browser nothing chosen
before stays chosen, the group is named by the new question, and the page still passes axe."""

from __future__ import annotations

import pytest
from a11y import axe_violations, describe
from browser import pages_at, screenshot

pytestmark = pytest.mark.browser

SIZES = {"phone": {"width": 320, "height": 720}, "1280": {"width": 1280, "height": 720}, "1920": {"width": 1920, "height": 1080}}
#: What the group of options is called by screen readers (its aria-labelledby target's text).
GROUP_NAME = """() => {
  const radios = document.querySelector('.huddle-answer .widget-radio');
  const ids = (radios && radios.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean);
  return ids.map((id) => (document.getElementById(id) || {}).textContent || '').join(' ');
}"""
CHECKED = "() => [...document.querySelectorAll('.huddle-answer input[type=radio]')].filter((r) => r.checked).length"


def test_moving_on_keeps_the_radio_group_and_carries_nothing_over(server, chromium):
    session = server.create_session()
    with pages_at(chromium, SIZES) as pages:
        for page in pages.values():
            page.goto(session["join_url"])
            page.get_by_role("button", name="Join", exact=True).click(timeout=30_000)
            page.get_by_text("You're in").wait_for(timeout=30_000)
        server.control(session, "open", activity="arrival-mood")
        for page in pages.values():
            page.get_by_role("heading", name="How are you arriving today?").wait_for(timeout=15_000)
            page.locator(".widget-radio-box label").first.click()
            page.get_by_role("button", name="Send answer").click()
            page.get_by_text("Received").wait_for(timeout=15_000)

        for activity, prompt, option in (
            ("energy", "Which best describes your energy right now?", "Steady"),
            ("workload", "How manageable has your workload felt this week?", "5"),
        ):
            server.control(session, "open", activity=activity)
            for name, page in pages.items():
                page.get_by_role("heading", name=prompt).wait_for(timeout=15_000)
                page.locator(".huddle-answer .widget-radio-box label", has_text=option).first.wait_for(timeout=15_000)
                assert page.evaluate(CHECKED) == 0, f"{activity} at {name}: an option was already chosen"
                page.wait_for_function(f"() => ({GROUP_NAME})().includes({prompt!r})", timeout=10_000)
                assert page.get_by_role("button", name="Send answer").is_visible()
                violations = axe_violations(page)
                assert not violations, describe(violations)
                screenshot(page, f"reused-{activity}-{name}")
