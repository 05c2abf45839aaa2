"""The room's results on a phone and the reflection pages, in a real Chromium at three sizes.

Results: below k, only the combined bucket left, with a combined bucket, plain, and a scale; each
state read the way a screen reader reads it, checked by axe-core and screenshotted. Reflections:
collapsible sections a phone user can move through, every text box named by its question, the
page's title, and axe-core with every section open (a closed section hides its boxes from axe).
"""

from __future__ import annotations

import re

import pytest
from a11y import axe_violations, describe
from browser import pages_at, screenshot
from servers import participant

pytestmark = pytest.mark.browser

SIZES = {"390": {"width": 390, "height": 844}, "1280": {"width": 1280, "height": 720}, "1920": {"width": 1920, "height": 1080}}


@pytest.fixture
def pages(chromium):
    with pages_at(chromium, SIZES) as opened:
        yield opened


def room(page):
    """The results box: its list items as read aloud, and its visible text."""
    block = page.locator("h2", has_text="What the room said").locator("xpath=..")
    # textContent runs the label's box into the count's ("Steady:7 of 12"); a reader pauses there.
    items = [re.sub(r":(?=\S)", ": ", " ".join(text.split())) for text in block.locator("li").all_text_contents()]
    return items, block.inner_text()


def check(page, name: str) -> None:
    page.wait_for_timeout(300)
    screenshot(page, name)
    violations = axe_violations(page)
    assert not violations, f"{name}\n{describe(violations)}"
    # Nothing of the results is hidden from a screen reader behind a picture's role.
    assert page.locator(".huddle-bars[role=img], [aria-label='Results chart']").count() == 0


def test_results_on_every_screen_at_small_and_normal_numbers(server, pages):
    session = server.create_session()
    server.control(session, "open", activity="energy")
    for page in pages.values():
        page.goto(session["join_url"])
        page.get_by_text("Before you join").wait_for(timeout=30_000)
        page.get_by_role("button", name="Join", exact=True).click()
        page.get_by_role("heading", name="Which best describes your energy right now?").wait_for(timeout=30_000)
    given = 0

    def answer(option: str, times: int) -> None:
        nonlocal given
        for _ in range(times):
            server.answer(session, "energy", participant(600 + given), option)
            given += 1

    answer("charged", 3)
    server.control(session, "reveal")
    for name, page in pages.items():
        page.get_by_text("Waiting for more answers").wait_for(timeout=20_000)
        items, text = room(page)
        assert items == [] and not re.search(r"\d", text.replace("What the room said", ""))
        check(page, f"results-below-k-{name}")

    # 8 answers over 3 options, each below k: all of it would merge into one bar.
    answer("steady", 3)
    answer("flat", 2)
    for name, page in pages.items():
        page.get_by_text("spread too thinly").wait_for(timeout=20_000)
        items, text = room(page)
        assert items == [] and not re.search(r"\d", text.replace("What the room said", ""))
        check(page, f"results-only-merged-{name}")

    answer("steady", 4)  # steady 7; charged 3 and flat 2 are combined (5)
    for name, page in pages.items():
        page.get_by_text("12 answers so far").wait_for(timeout=20_000)
        items, _ = room(page)
        assert items == ["Steady: 7 of 12", "It changes by the hour: 0 of 12", "Other answers, combined: 5 of 12"], items
        assert page.locator(".huddle-bar-combined").count() == 1
        check(page, f"results-merged-{name}")

    answer("charged", 2)
    answer("flat", 3)  # charged 5, steady 7, flat 5: nothing merged
    for name, page in pages.items():
        page.get_by_text("17 answers so far").wait_for(timeout=20_000)
        assert page.locator(".huddle-bar-combined").count() == 0
        check(page, f"results-normal-{name}")

    server.control(session, "open", activity="workload")
    for n, value in enumerate([3] * 5 + [4] * 5 + [2]):
        server.answer(session, "workload", participant(700 + n), value)
    server.control(session, "reveal")
    for name, page in pages.items():
        page.get_by_text("11 answers so far").wait_for(timeout=20_000)
        _, text = room(page)
        assert "From 1 = Not at all to 5 = Completely" in " ".join(text.split())
        assert page.locator(".huddle-bar-combined", has_text="Points 2 and 3, combined").count() == 1
        check(page, f"results-scale-{name}")


REFLECTIONS = {
    "reflection-1-week": ("One week on: keeping the skills warm", "Reflection · One week on"),
    "reflection-4-weeks": ("Four weeks on: what stayed with you", "Reflection · Four weeks on"),
}


@pytest.mark.parametrize("notebook", REFLECTIONS)
def test_reflection_sections_fold_and_every_box_is_named(server, pages, notebook):
    heading, title = REFLECTIONS[notebook]
    for name, page in pages.items():
        page.goto(f"{server.base}/voila/render/{notebook}.ipynb")
        page.get_by_role("heading", name=heading).wait_for(timeout=60_000)
        assert page.title() == title
        toggles = page.locator("button.huddle-section-toggle")
        toggles.first.wait_for()
        count = toggles.count()
        assert count == 6
        # Only the first section is open: the page starts short enough to take in on a phone.
        assert [toggles.nth(i).get_attribute("aria-expanded") for i in range(count)] == ["true"] + ["false"] * (count - 1)
        assert page.get_by_text(re.compile("private", re.I)).count() == 1
        if name == "390":
            height = page.evaluate("() => Math.max(...[...document.querySelectorAll('body *')].map(e => e.scrollHeight))")
            assert height < 3500, height
        screenshot(page, f"{notebook}-{name}")
        # "Next" closes this section, opens the next and moves the focus to its heading.
        page.get_by_role("button", name=re.compile(r"^Next: 2\. ")).click()
        second = toggles.nth(1)
        page.wait_for_function("(b) => b.getAttribute('aria-expanded') === 'true' && document.activeElement === b", arg=second.element_handle(), timeout=20_000)
        assert toggles.first.get_attribute("aria-expanded") == "false"
        assert page.locator(".huddle-section-body").nth(0).is_hidden()
        screenshot(page, f"{notebook}-next-{name}")
        # The heading is a button a keyboard works: Enter opens and closes its section.
        toggles.nth(2).focus()
        page.keyboard.press("Enter")
        page.wait_for_function("(b) => b.getAttribute('aria-expanded') === 'true'", arg=toggles.nth(2).element_handle(), timeout=20_000)
        # axe with every section open, so every text box is checked; each is named by its question.
        for i in range(count):
            if toggles.nth(i).get_attribute("aria-expanded") == "false":
                toggles.nth(i).click()
        page.wait_for_function("() => [...document.querySelectorAll('.huddle-section-body')].every(b => b.offsetParent !== null)", timeout=20_000)
        page.wait_for_timeout(300)
        unnamed = page.evaluate(
            "() => [...document.querySelectorAll('textarea, input[type=text]')].filter(b => !(b.labels && b.labels.length && b.labels[0].textContent.trim()) && !b.getAttribute('aria-label') && !b.getAttribute('aria-labelledby')).length"
        )
        assert unnamed == 0
        violations = axe_violations(page)
        assert not violations, describe(violations)
        if name == "390":
            screenshot(page, f"{notebook}-all-open-{name}")
