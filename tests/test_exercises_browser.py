"""The skill exercises and the follow-up reflection pages in a real Chromium at phone size.

Each exercise is used once the way a participant would, with a screenshot of each. What a person
types into an exercise or a reflection stays in their page: the test looks for it in the
database file afterwards and must not find it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import DESKTOP, PHONE, screenshot
from servers import wait_until

from huddle.content import find_workshop
from huddle.model import KINDS

pytestmark = pytest.mark.browser

PRIVATE_WORDS = {
    "grounding": "a green mug with a chipped handle",
    "reframe": "I always get the drug doses wrong",
    "goal": "Walk to the hospital on Tuesdays",
    "sort": "Call the bank about the rent",
    "floors": "Six hours on work nights",
    "debrief": "The handover ran late and I snapped at a colleague",
    "reflection": "I slept better after switching my phone off at ten",
}


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def heading(page, text: str, timeout: float = 15_000) -> None:
    page.get_by_role("heading", name=text).wait_for(timeout=timeout)


def next_activity(page, prompt: str) -> None:
    page.get_by_role("button", name="Next ▶").last.click()
    heading(page, prompt)


def download_text(page, button: str) -> tuple[str, str]:
    with page.expect_download(timeout=15_000) as info:
        page.get_by_role("button", name=button).click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_text(encoding="utf-8")


def database_bytes(server) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(Path(server.data).glob("huddle.sqlite3*")))


def test_every_skill_exercise_on_a_phone_stays_private(server, phone):
    session = server.create_session()
    server.control(session, "self_paced", enabled=True)
    phone.goto(session["join_url"])
    phone.get_by_role("button", name="Join", exact=True).click(timeout=30_000)
    heading(phone, "How are you arriving today?")
    demo = find_workshop("demo").activities
    before = next(n for n, activity in enumerate(demo) if KINDS[activity.kind].exercise)
    for _ in range(before):  # past the live polls to the first exercise
        phone.get_by_role("button", name="Next ▶").last.click()
    heading(phone, "Paced breathing: follow the circle for a minute or two.")

    # Breathing: shorten the counts, start, and watch the pacer change phase in the browser.
    for label, times in (("Shorter In", 2), ("Shorter Hold", 4), ("Shorter Out", 4)):
        for _ in range(times):
            phone.get_by_role("button", name=label).click()
    phone.get_by_text("2s").first.wait_for()
    phone.get_by_role("button", name="Start").click()
    phone.locator(".huddle-pacer-phase", has_text="Breathe in").wait_for(timeout=5_000)
    phone.locator(".huddle-pacer-phase", has_text="Breathe out").wait_for(timeout=5_000)
    screenshot(phone, "exercise-breathing-phone")
    phone.get_by_role("button", name="Stop").click()
    phone.get_by_text("Paused").wait_for()

    next_activity(phone, "5-4-3-2-1: come back to the room through your senses.")
    phone.locator("textarea").first.fill(PRIVATE_WORDS["grounding"])
    screenshot(phone, "exercise-grounding-phone")
    for _ in range(5):
        phone.get_by_role("button", name=re.compile("Next sense ▶|Finish")).first.click()
    phone.get_by_role("heading", name="Done").wait_for()

    next_activity(phone, "Take one thought that has been nagging you and look at it again.")
    boxes = phone.locator("textarea")
    boxes.nth(0).fill(PRIVATE_WORDS["reframe"])
    boxes.nth(1).fill("I had to recheck two doses on Monday")
    boxes.nth(2).fill("Pharmacy signed off every chart this week")
    boxes.nth(3).fill("Checking doses twice is what careful doctors do")
    screenshot(phone, "exercise-reframe-phone")
    name, text = download_text(phone, "Download what I wrote")
    assert name == "huddle-reframe.md"
    assert PRIVATE_WORDS["reframe"] in text and "Checking doses twice is what careful doctors do" in text
    assert "nothing in it was sent anywhere" in text

    next_activity(phone, "Build one goal in three layers, from this week to this year.")
    phone.locator("textarea").first.fill(PRIVATE_WORDS["goal"])
    phone.get_by_role("button", name="Specific").first.click()
    phone.get_by_role("button", name="Time-bound").first.click()
    screenshot(phone, "exercise-smart-goal-phone")
    _, text = download_text(phone, "Download what I wrote")
    assert PRIVATE_WORDS["goal"] in text and "SMART checks met: Specific, Time-bound." in text

    next_activity(phone, "Sort this week's tasks: what is urgent, what is important?")
    phone.get_by_placeholder("Add a task of your own").fill(PRIVATE_WORDS["sort"])
    phone.get_by_role("button", name="Add", exact=True).click()
    task = phone.locator(".huddle-task", has_text=PRIVATE_WORDS["sort"])
    task.get_by_role("button", name="Do").click()
    phone.locator(".huddle-task", has_text="Scroll the group chat").get_by_role("button", name="Drop").click()
    phone.locator(".huddle-q-do", has_text=PRIVATE_WORDS["sort"]).wait_for()
    phone.locator(".huddle-q-drop", has_text="Scroll the group chat").wait_for()
    screenshot(phone, "exercise-priority-sort-phone")

    next_activity(phone, "Set your floors: the minimum you protect even in a hard week.")
    phone.get_by_placeholder("My floor").first.fill(PRIVATE_WORDS["floors"])
    screenshot(phone, "exercise-floors-phone")

    next_activity(phone, "Which of these coping habits do you recognise in yourself lately?")
    phone.locator(".huddle-option", has_text="Pulling away from friends until the exam is over").click()
    phone.get_by_text("A short, regular check-in with one person").wait_for()
    # The one anonymous share: the flag recognised most, sent as an option id only.
    phone.locator(".widget-radio-box label", has_text="Working every spare hour").click()
    phone.get_by_role("button", name="Send answer").click()
    phone.get_by_text("Received").wait_for(timeout=10_000)
    screenshot(phone, "exercise-red-flags-phone")
    phone.set_viewport_size(DESKTOP)
    screenshot(phone, "exercise-red-flags-desktop")
    phone.set_viewport_size(PHONE)

    next_activity(phone, "Debrief a recent shift or exam in three short notes, just for you.")
    phone.locator("textarea").first.fill(PRIVATE_WORDS["debrief"])
    screenshot(phone, "exercise-journal-phone")
    _, text = download_text(phone, "Download what I wrote")
    assert PRIVATE_WORDS["debrief"] in text

    # Going back keeps what was typed: exercise widgets live as long as the page.
    phone.get_by_role("button", name="◀ Back").last.click()
    heading(phone, "Which of these coping habits do you recognise in yourself lately?")
    phone.get_by_role("button", name="◀ Back").last.click()
    heading(phone, "Set your floors: the minimum you protect even in a hard week.")
    assert phone.get_by_placeholder("My floor").first.input_value() == PRIVATE_WORDS["floors"]

    tally = {e["id"]: e for e in server.full_tally(session)["activities"]}
    assert tally["flags"]["count"] == 1
    assert all(tally[a]["tally"] == {"private": True} and tally[a]["count"] == 0 for a in ("breathe", "grounding", "reframe", "goal", "sort", "floors", "debrief"))
    stored = database_bytes(server)
    for words in PRIVATE_WORDS.values():
        assert words.encode() not in stored


def test_one_week_reflection_works_offline_and_downloads_the_journal(server, phone):
    phone.goto(f"{server.base}/voila/render/reflection-1-week.ipynb?token=binder-adds-this")
    heading(phone, "One week on: keeping the skills warm", timeout=30_000)
    phone.locator("textarea").first.fill(PRIVATE_WORDS["reflection"])
    phone.get_by_role("button", name="Support").click()
    phone.get_by_role("heading", name="Support").wait_for()
    phone.get_by_role("button", name="Close support").click()
    screenshot(phone, "reflection-1-week-phone")
    phone.set_viewport_size(DESKTOP)
    screenshot(phone, "reflection-1-week-desktop")
    phone.set_viewport_size(PHONE)
    name, text = download_text(phone, "Download what I wrote (Markdown file)")
    assert re.fullmatch(r"huddle-reflection-one-week-\d{4}-\d{2}-\d{2}\.md", name)
    assert text.startswith("# One week on: keeping the skills warm")
    assert PRIVATE_WORDS["reflection"] in text
    # No join address in the link: nothing to send, so no check-in is offered.
    assert phone.get_by_text("anonymous check-in", exact=False).count() <= 1  # the intro's mention only
    assert phone.get_by_role("button", name="Send check-in").count() == 0
    assert PRIVATE_WORDS["reflection"].encode() not in database_bytes(server)


def test_a_reflection_draft_survives_a_reload_only_when_the_participant_asks(server, phone):
    page = f"{server.base}/voila/render/reflection-1-week.ipynb"
    first_box = phone.locator("textarea").first
    # Off by default: a reload starts from a blank page.
    phone.goto(page)
    heading(phone, "One week on: keeping the skills warm", timeout=30_000)
    first_box.fill("Typed without keeping a draft")
    phone.reload()
    heading(phone, "One week on: keeping the skills warm", timeout=30_000)
    phone.get_by_text("Keep a draft of what I write in this browser").wait_for()
    assert first_box.input_value() == ""
    # Ticked: the draft is kept in this browser and comes back after a reload.
    phone.get_by_text("Keep a draft of what I write in this browser").click()
    first_box.fill(PRIVATE_WORDS["reflection"])
    wait_until(lambda: PRIVATE_WORDS["reflection"] in (phone.evaluate("localStorage.getItem('huddle-reflection-one-week')") or ""), message="the draft to be kept")
    phone.reload()
    phone.get_by_text("Your draft from earlier was brought back").wait_for(timeout=30_000)
    wait_until(lambda: first_box.input_value() == PRIVATE_WORDS["reflection"], message="the draft to come back")
    screenshot(phone, "reflection-draft-restored-phone")
    # Forget removes it from the device.
    phone.get_by_role("button", name="Forget my draft on this device").click()
    phone.get_by_text("Your draft was removed from this device").wait_for()
    assert phone.evaluate("localStorage.getItem('huddle-reflection-one-week')") is None
    assert PRIVATE_WORDS["reflection"].encode() not in database_bytes(server)


def test_four_week_reflection_sends_only_the_ticked_anonymous_check_in(server, phone):
    followup = server.create_session("followup-4-weeks")
    link = f"{server.base}/voila/render/reflection-4-weeks.ipynb?server={server.base}&code={followup['code']}&token=abc123"
    phone.goto(link)
    heading(phone, "Optional: an anonymous check-in", timeout=30_000)
    phone.locator("textarea").first.fill(PRIVATE_WORDS["reflection"])
    assert not phone.get_by_role("button", name="Send check-in").is_visible()
    phone.get_by_text("Yes, send a short anonymous check-in").click()
    phone.locator(".widget-radio-box label", has_text="Good").first.click()
    phone.get_by_role("button", name="Send check-in").click()
    phone.get_by_text("Sent anonymously").wait_for(timeout=10_000)
    screenshot(phone, "reflection-4-weeks-checkin-phone")
    tally = {e["id"]: e for e in server.full_tally(followup)["activities"]}
    assert wait_until(lambda: server.full_tally(followup)["participants"] == 1, message="the check-in to count")
    assert tally["checkin-mood"]["count"] == 1
    assert PRIVATE_WORDS["reflection"].encode() not in database_bytes(server)
