"""Questions from the room end to end in Chromium (issue 16, part 4): two participants ask on
their phones, the facilitator shares the questions from the dashboard, each participant upvotes
a question once (a second press does nothing), the facilitator marks one answered and both pages
show it. The page with its questions passes axe, works by keyboard and fits 320 px; the
participant page and the projector are saved at a phone's size, 1280x720 and 1920x1080."""

from __future__ import annotations

import re

import pytest
import requests
from a11y import axe_violations, describe
from browser import screenshot
from servers import participant, wait_until
from test_small_screens import MEASURE

pytestmark = pytest.mark.browser

ASK = "ask-us"
PROMPT = "What would you like to ask about looking after yourself in training?"
MINE = {"a": "How do I say no to an extra shift without feeling guilty?", "b": "Is it normal to dread night shifts?"}
OTHERS = ["What do we do about rotas that change at a day's notice?", "How do I switch off after a bad day?", "Who can I talk to in confidence?"]
SIZES = {"phone": {"width": 390, "height": 844}, "1280": {"width": 1280, "height": 720}, "1920": {"width": 1920, "height": 1080}}


def moderation(server, session) -> dict[str, dict]:
    response = requests.get(f"{server.api}/sessions/{session['code']}/moderation", headers={"Authorization": f"Bearer {session['facilitator_key']}"}, timeout=10)
    return {item["text"]: item for item in response.json()["items"] if item["activity"] == ASK}


def shared(server, session) -> dict[str, dict]:
    response = requests.get(f"{server.api}/sessions/{session['code']}/results/{ASK}", timeout=10)
    return {q["text"]: q for q in (response.json().get("tally") or {}).get("questions", [])}


def upvote(page, text: str):
    """The upvote button of one question (its name starts with the question's first words)."""
    return page.get_by_role("button", name=re.compile("^Upvote: " + re.escape(" ".join(text.split()[:4]))))


def row(page, text: str):
    return page.locator(".huddle-question", has_text=text)


def ask(page, text: str) -> None:
    box = page.get_by_role("textbox", name="Your question")
    box.fill(text)
    box.blur()  # the value reaches the kernel when the box is left, as a tap on Ask does
    page.get_by_role("button", name="Ask", exact=True).click()
    page.get_by_text("Sent. The facilitator sees each question before the room does.").wait_for(timeout=15_000)


def test_two_participants_ask_upvote_once_and_see_a_question_answered(server, chromium):
    session = server.create_session()
    server.control(session, "open", activity=ASK)
    contexts = [chromium.new_context(viewport=SIZES["phone"]) for _ in range(3)]
    phone_a, phone_b, screen = (context.new_page() for context in contexts)
    dialogs: list[str] = []
    for page in (phone_a, phone_b, screen):
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for page, mine in ((phone_a, MINE["a"]), (phone_b, MINE["b"])):
            page.goto(session["join_url"])
            page.get_by_role("button", name="Join", exact=True).click(timeout=60_000)
            page.get_by_role("heading", name=PROMPT).wait_for(timeout=30_000)
            page.get_by_text("You can ask up to 3 questions, anonymously.").wait_for(timeout=15_000)
            assert page.get_by_role("button", name="Skip this one").count() == 0
            ask(page, mine)
            page.get_by_text("You can ask 2 more.").wait_for(timeout=10_000)
            assert page.get_by_role("textbox", name="Your question").input_value() == ""
        # Two questions are no batch: the facilitator has none to read yet (P8), the room none to see.
        assert moderation(server, session) == {}
        phone_a.get_by_text("Questions show here once enough have been asked").wait_for(timeout=15_000)
        for n, text in enumerate(OTHERS):
            assert server.answer(session, ASK, participant(9100 + n), text).status_code == 201
        waiting = wait_until(lambda: len(moderation(server, session)) == 5 and moderation(server, session), message="the batch of five")

        # The facilitator shares participant A's question from the dashboard, the rest by the API.
        dashboard = contexts[2].new_page()
        dashboard.set_viewport_size({"width": 1366, "height": 768})
        dashboard.goto(session["dashboard_url"])
        dashboard.get_by_role("heading", name="Questions from the room").wait_for(timeout=60_000)
        dashboard.locator(".huddle-queue-item", has_text=MINE["a"]).get_by_role("button", name="Share with room").click()
        wait_until(lambda: MINE["a"] in shared(server, session), message="A's question to be shared")
        for text in [MINE["b"], *OTHERS]:
            server.control(session, "moderate", activity=ASK, item=waiting[text]["item"], status="approved")
        for page in (phone_a, phone_b):
            for text in [*MINE.values(), *OTHERS]:
                row(page, text).wait_for(timeout=15_000)

        # A upvotes B's question: the button is pressed and disabled, the count goes up, and a
        # second press does nothing.
        button = upvote(phone_a, MINE["b"])
        assert button.get_attribute("aria-pressed") == "false" and button.inner_text().strip() == "Upvote"
        box = button.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
        button.click()
        phone_a.wait_for_function(
            "() => [...document.querySelectorAll('.huddle-upvote')].some(b => b.getAttribute('aria-pressed') === 'true' && b.disabled)", timeout=10_000
        )
        button = upvote(phone_a, MINE["b"])
        assert button.get_attribute("aria-pressed") == "true" and button.is_disabled() and "Upvoted" in button.inner_text()
        row(phone_a, MINE["b"]).get_by_text("1 vote", exact=True).wait_for(timeout=10_000)
        button.click(force=True)  # pressed once more
        phone_a.wait_for_timeout(1000)
        assert shared(server, session)[MINE["b"]]["votes"] == 1

        # B upvotes the same question from the keyboard; focus stays on a button of the list.
        row(phone_b, MINE["b"]).get_by_text("1 vote", exact=True).wait_for(timeout=15_000)  # the list's own refresh
        upvote(phone_b, MINE["b"]).focus()
        phone_b.keyboard.press("Enter")
        row(phone_b, MINE["b"]).get_by_text("2 votes", exact=True).wait_for(timeout=10_000)
        phone_b.wait_for_function("() => document.activeElement && document.activeElement.matches('button.huddle-upvote:not(:disabled)')", timeout=5_000)
        assert upvote(phone_b, MINE["b"]).get_attribute("aria-pressed") == "true"
        assert shared(server, session)[MINE["b"]]["votes"] == 2
        # Most upvoted first, on both phones (A's within its list's next refresh).
        for page in (phone_a, phone_b):
            row(page, MINE["b"]).get_by_text("2 votes", exact=True).wait_for(timeout=15_000)
            assert page.locator(".huddle-question").first.inner_text().startswith(MINE["b"])

        # The facilitator marks it answered on the dashboard: both phones show it, last in the list.
        dashboard.locator(".huddle-queue-item", has_text=MINE["b"]).get_by_text("2 votes").wait_for(timeout=10_000)
        dashboard.locator(".huddle-queue-item", has_text=MINE["b"]).get_by_role("button", name="Mark answered").click()
        for page in (phone_a, phone_b):
            row(page, MINE["b"]).get_by_text("Answered", exact=True).wait_for(timeout=15_000)
            page.locator(".huddle-question").last.filter(has_text=MINE["b"]).wait_for(timeout=5_000)
        assert shared(server, session)[MINE["b"]]["answered"] is True
        dashboard.locator(".huddle-queue-item", has_text=MINE["b"]).get_by_role("button", name="Not answered yet").wait_for(timeout=10_000)
        screenshot(dashboard, "questions-dashboard-1366")
        # Pinned: the question being taken now goes to the top of every list.
        dashboard.locator(".huddle-queue-item", has_text=OTHERS[1]).get_by_role("button", name="Pin").click()
        row(phone_a, OTHERS[1]).get_by_text("Pinned", exact=True).wait_for(timeout=15_000)
        phone_a.locator(".huddle-question").first.filter(has_text=OTHERS[1]).wait_for(timeout=5_000)

        # The page with its questions: WCAG 2.1 A/AA, and nothing cut or sideways at 320 px.
        phone_a.wait_for_timeout(300)
        violations = axe_violations(phone_a)
        assert not violations, describe(violations)
        for name, size in SIZES.items():
            phone_a.set_viewport_size(size)
            phone_a.wait_for_timeout(400)
            screenshot(phone_a, f"questions-participant-{name}")
        phone_a.set_viewport_size({"width": 320, "height": 640})
        phone_a.wait_for_timeout(400)
        problems = phone_a.evaluate(MEASURE)
        screenshot(phone_a, "questions-participant-320")
        assert not problems, "\n".join(problems)

        # The projector: the pinned question, then the open ones by votes, in large type.
        screen.goto(session["dashboard_url"] + "&view=projector")
        screen.get_by_text(session["code"], exact=True).wait_for(timeout=60_000)
        screen.locator(".huddle-projector-questions li").first.wait_for(timeout=15_000)
        projected = screen.locator(".huddle-projector-questions li").all_inner_texts()
        assert projected[0].startswith("Now: " + OTHERS[1]), projected
        assert not any(MINE["b"] in line for line in projected), "an answered question makes room"
        for name, size in SIZES.items():
            screen.set_viewport_size(size)
            screen.wait_for_timeout(400)
            screenshot(screen, f"questions-projector-{name}")
        violations = axe_violations(screen)
        assert not violations, describe(violations)
        assert dialogs == []
    finally:
        for context in contexts:
            context.close()
