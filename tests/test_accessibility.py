"""Every page state, checked by axe-core for WCAG 2.1 A/AA at phone and projector sizes.

The walk goes the way people use Huddle: a participant types the code, reads the notice, joins,
waits, moves through every activity of the demo workshop (self-paced, so each kind comes up),
opens support, sees revealed results and the end; the facilitator's control view and projector;
both reflection pages; and the short pages a visitor can meet (room full, no such page). Each
state is screenshotted under test-artifacts/screenshots/a11y-*.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from a11y import axe_violations, describe
from browser import screenshot
from servers import participant

from huddle.content import find_workshop

pytestmark = pytest.mark.browser

SIZES = {"phone": {"width": 390, "height": 844}, "hd": {"width": 1920, "height": 1080}}


class Audit:
    """Collects axe-core's findings state by state, so one run reports every state at once."""

    def __init__(self, size: str) -> None:
        self.size = size
        self.found: dict[str, list] = {}

    def check(self, page, state: str) -> None:
        page.wait_for_timeout(300)  # let the widgets' last update paint
        screenshot(page, f"a11y-{state}-{self.size}")
        violations = axe_violations(page)
        if violations:
            self.found[state] = violations

    def report(self) -> str:
        return "\n\n".join(f"[{state}]\n{describe(v)}" for state, v in self.found.items())

    @contextmanager
    def walk(self, context):
        """Run a walk through the pages; a step that fails still reports what was found before it."""
        try:
            yield
        except Exception as error:
            raise AssertionError(f"the walk stopped: {error}\n\nfound so far:\n{self.report()}") from error
        finally:
            context.close()
        assert not self.found, self.report()


def audited(chromium, size: str):
    """An audit, a browser context at ``size`` and a page in it."""
    context = chromium.new_context(viewport=SIZES[size])
    return Audit(size), context, context.new_page()


def heading(page, text: str, timeout: float = 30_000) -> None:
    page.get_by_role("heading", name=text).first.wait_for(timeout=timeout)


@pytest.mark.parametrize("size", SIZES)
def test_every_participant_state_passes_axe(server, chromium, size):
    audit, context, page = audited(chromium, size)
    with audit.walk(context):
        session = server.create_session()
        page.goto(f"{server.base}/")
        page.get_by_text("Join a session").wait_for(timeout=30_000)
        audit.check(page, "code-entry")
        page.goto(session["join_url"])
        page.get_by_text("Before you join").wait_for(timeout=30_000)
        audit.check(page, "privacy")
        page.get_by_role("button", name="Join", exact=True).click()
        page.get_by_text("You're in").wait_for(timeout=30_000)
        audit.check(page, "waiting")
        page.get_by_role("button", name="Support").click()
        page.get_by_role("heading", name="Support").wait_for()
        audit.check(page, "support")
        page.get_by_role("button", name="Close support").click()

        # Every activity, one after the other, in self-paced mode.
        server.control(session, "self_paced", enabled=True)
        activities = list(find_workshop("demo").activities)
        heading(page, activities[0].prompt)
        for number, activity in enumerate(activities):
            if number:
                page.get_by_role("button", name="Next ▶").last.click()
                heading(page, activity.prompt)
            audit.check(page, f"activity-{activity.kind}-{activity.id}")
        server.control(session, "self_paced", enabled=False)

        # Results, once enough people answered and the facilitator revealed them.
        server.control(session, "open", activity="energy")
        for n in range(6):
            server.answer(session, "energy", participant(800 + n), ["steady", "flat"][n % 2])
        server.control(session, "reveal")
        page.get_by_text("What the room said").wait_for(timeout=15_000)
        audit.check(page, "results")
        server.control(session, "end")
        page.get_by_text("Thank you").first.wait_for(timeout=15_000)
        audit.check(page, "ended")


@pytest.mark.parametrize("size", SIZES)
def test_the_facilitator_pages_pass_axe(server, chromium, size):
    audit, context, page = audited(chromium, size)
    with audit.walk(context):
        session = server.create_session()
        page.goto(session["dashboard_url"])
        page.get_by_role("link", name="Open the projector view").first.wait_for(timeout=60_000)
        audit.check(page, "dashboard")
        server.control(session, "open", activity="energy")
        for n in range(6):
            server.answer(session, "energy", participant(900 + n), ["steady", "flat"][n % 2])
        page.wait_for_timeout(3000)
        audit.check(page, "dashboard-live")
        with context.expect_page() as opened:
            page.get_by_role("link", name="Open the projector view").first.click()
        projector = opened.value
        projector.get_by_text(session["code"]).first.wait_for(timeout=60_000)
        audit.check(projector, "projector")


@pytest.mark.parametrize("size", SIZES)
def test_the_reflection_and_short_pages_pass_axe(server, chromium, size):
    audit, context, page = audited(chromium, size)
    with audit.walk(context):
        page.goto(f"{server.base}/voila/render/reflection-1-week.ipynb")
        heading(page, "One week on: keeping the skills warm")
        audit.check(page, "reflection-1-week")
        followup = server.create_session("followup-4-weeks")
        page.goto(f"{server.base}/voila/render/reflection-4-weeks.ipynb?server={server.base}&code={followup['code']}")
        heading(page, "Optional: an anonymous check-in")
        audit.check(page, "reflection-4-weeks")
        page.goto(f"{server.base}/voila/render/nothing-here.ipynb")
        heading(page, "There is no page at this address")
        audit.check(page, "no-such-page")
