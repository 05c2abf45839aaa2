"""A questionnaire and then-and-now ratings in a real session, by keyboard alone, on a phone and a laptop.

Each state passes axe-core (WCAG 2.1 A/AA), nothing scrolls sideways (down to 320 px), every
option is a target of at least 44 px, and each state is screenshotted under
test-artifacts/screenshots/measure-*.
"""

from __future__ import annotations

import pytest
from a11y import axe_violations, describe
from browser import screenshot
from servers import participant
from test_keyboard import focused, press, tab_to, wait_for_heading

from huddle.content import bundled_workshops

pytestmark = pytest.mark.browser

SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 720}, "narrow": {"width": 320, "height": 640}}
DEMO = {a.id: a for a in bundled_workshops()["demo"].activities}
MEASURE, RETRO = DEMO["bounce-back"], DEMO["then-and-now"]

#: Anything in the participant's page reaching past the window's right edge, and option cards
#: lower than 44 px (the smallest comfortable touch target).
LAYOUT = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('.huddle-app *')]
    .filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > width + 0.5)
    .map((e) => `${e.tagName}.${e.className}`);
  const small = [...document.querySelectorAll('.huddle-answer .widget-radio-box label, .huddle-answer button, .huddle-answer input[type=text]')]
    .filter((e) => e.getClientRects().length && e.getBoundingClientRect().height < 44)
    .map((e) => e.textContent.trim() || e.className);
  return {wide: wide.slice(0, 5), small: small.slice(0, 5)};
}"""


def check(page, state: str, size: str, found: dict) -> None:
    page.wait_for_timeout(300)  # the widgets' last update paints
    screenshot(page, f"measure-{state}-{size}")
    layout = page.evaluate(LAYOUT)
    assert layout == {"wide": [], "small": []}, (state, layout)
    violations = axe_violations(page)
    if violations:
        found[state] = describe(violations)


@pytest.mark.parametrize("size", SIZES)
def test_a_questionnaire_and_then_and_now_by_keyboard(server, chromium, size):
    session = server.create_session()
    context = chromium.new_context(viewport=SIZES[size])
    page = context.new_page()
    found: dict[str, str] = {}
    try:
        server.control(session, "open", activity=MEASURE.id)
        page.goto(session["join_url"])
        wait_for_heading(page, "Before you join", timeout=60_000)
        tab_to(page, "Join")
        page.keyboard.press("Enter")
        wait_for_heading(page, MEASURE.prompt)
        assert page.get_by_role("radiogroup", name="1. I tend to bounce back quickly after hard times").is_visible()
        check(page, "open", size, found)

        # Six statements: Tab into each group, arrows to choose; the second is skipped (the last
        # choice, reached by going up from the first), the fifth left blank.
        moves = ["ArrowDown"] * 3, ["ArrowUp"], ["ArrowDown"] * 2, ["ArrowDown"], None, ["ArrowDown"]
        for number, keys in enumerate(moves, start=1):
            now = press(page, "Tab")
            assert now["tag"] == "INPUT", (number, now)
            if keys is None:
                continue
            for key in keys:
                page.keyboard.press(key)
        checked = page.locator(".huddle-measure-scale input:checked").evaluate_all("(inputs) => inputs.map((i) => i.closest('label').textContent.trim())")
        assert checked == ["Agree", "Skip this item", "Neutral", "Disagree", "Disagree"], checked

        # The pairing part is folded away until asked for, and says it is open.
        toggle = page.get_by_role("button", name="Pair my before and after answers (optional)")
        assert toggle.get_attribute("aria-expanded") == "false"
        tab_to(page, "Pair my before and after answers (optional)")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelector('.huddle-disclosure').getAttribute('aria-expanded') === 'true'")
        page.get_by_text("without knowing who you are").wait_for()
        for text in ("Ma", "07", "L"):
            assert press(page, "Tab")["tag"] == "INPUT"
            page.keyboard.type(text)
        page.get_by_text("the code goes with these answers").wait_for(timeout=10_000)
        check(page, "pairing", size, found)
        assert "MA07L" not in page.locator(".huddle-app").inner_text()  # the code itself is never shown
        tab_to(page, "Send answer")
        page.keyboard.press("Enter")
        page.get_by_text("Received").wait_for(timeout=15_000)
        entry = server.tally(session)[MEASURE.id]
        assert entry["count"] == 1 and entry["suppressed"]

        # Four of six answered is too few for a BRS score (it needs five), so the mean is of five
        # others' scores (each 4.0), not ours: the room sees one group mean.
        for n in range(5):
            server.answer(session, MEASURE.id, participant(4000 + n), {"b1": 4, "b2": 2, "b3": 4, "b4": 2, "b5": 4, "b6": 2})
        server.control(session, "reveal")
        page.get_by_text("5 people · mean 4.0 on 1–5").wait_for(timeout=15_000)
        assert "not a diagnosis" in page.locator(".huddle-app").inner_text()
        check(page, "results", size, found)

        # Then and now: Tab to each row, arrows to pick, Send.
        server.control(session, "open", activity=RETRO.id)
        wait_for_heading(page, RETRO.prompt)
        check(page, "retro-open", size, found)
        for keys in (["ArrowRight"], ["ArrowRight"] * 3):  # before 2, now 4 for the first item
            assert press(page, "Tab")["tag"] == "INPUT"
            for key in keys:
                page.keyboard.press(key)
        tab_to(page, "Send answer")
        page.keyboard.press("Enter")
        page.get_by_text("Received").wait_for(timeout=15_000)
        for n in range(4):
            server.answer(session, RETRO.id, participant(4100 + n), {"see-phones": {"before": 1, "now": 4}, "run-poll": {"before": 2, "now": 3}})
        server.control(session, "reveal")
        page.get_by_text("rated these").wait_for(timeout=15_000)
        check(page, "retro-results", size, found)
        assert focused(page) is not None
    finally:
        context.close()
    assert not found, "\n\n".join(f"[{state}]\n{text}" for state, text in found.items())
    assert server.tally(session)[RETRO.id]["tally"]["items"][0]["before"] == pytest.approx((2 + 4 * 1) / 5)
