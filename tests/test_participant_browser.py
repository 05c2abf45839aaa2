"""A participant's page in a real Chromium: join, answer every kind, reload, follow, results, safety."""

from __future__ import annotations

import re
import time

import pytest
from browser import DESKTOP, PHONE, screenshot
from servers import participant, wait_until

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    yield page
    context.close()


def join_by_link(page, session, name: str | None = None) -> None:
    page.goto(session["join_url"])
    page.get_by_text("Before you join").wait_for(timeout=30_000)
    if name:
        screenshot(page, f"{name}-privacy")
    page.get_by_role("button", name="Join", exact=True).click()


def wait_for_prompt(page, text: str, timeout: float = 10_000) -> None:
    page.get_by_role("heading", name=text).wait_for(timeout=timeout)


def send(page) -> None:
    page.get_by_role("button", name=re.compile("Send answer|Update answer")).click()
    page.get_by_text("Received").wait_for(timeout=10_000)


def test_join_by_typing_the_code(server, phone):
    session = server.create_session()
    phone.goto(f"{server.base}/")
    phone.get_by_text("Join a session").wait_for(timeout=30_000)
    screenshot(phone, "participant-code-entry-phone")
    phone.get_by_placeholder("CODE").fill("nope")
    phone.get_by_role("button", name="Join", exact=True).click()
    phone.get_by_text("6 letters and numbers").wait_for()
    phone.get_by_placeholder("CODE").fill(session["code"].lower())
    phone.get_by_role("button", name="Join", exact=True).click()
    phone.get_by_text("Before you join").wait_for(timeout=10_000)
    phone.get_by_role("button", name="Join", exact=True).click()
    phone.get_by_text("You're in").wait_for(timeout=10_000)
    screenshot(phone, "participant-waiting-phone")
    assert wait_until(lambda: server.full_tally(session)["participants"] == 1, message="the join to count")


def test_answer_every_kind_on_a_phone(server, phone):
    session = server.create_session()
    join_by_link(phone, session, "participant")
    phone.get_by_text("You're in").wait_for(timeout=10_000)

    steps = [
        ("arrival-mood", "How are you arriving today?", lambda: phone.get_by_text("Okay").click()),
        ("energy", "Which best describes your energy right now?", lambda: phone.get_by_text("Steady").click()),
        ("recharge", "What has helped you recharge this month? Pick any that apply.", lambda: (phone.get_by_text("Getting outside").click(), phone.get_by_text("Quiet time alone").click())),
        ("workload", "How manageable has your workload felt this week?", lambda: phone.locator(".huddle-scale label").filter(has_text="4").click()),
        ("one-word", "One or two words for how your rotation feels at the moment.", lambda: (phone.get_by_placeholder("Word 1").fill("Stretched"), phone.get_by_placeholder("Word 2").fill("hopeful"))),
        ("small-win", "Share a small win from the past week, however tiny.", lambda: phone.locator("textarea").fill("I went for a run <b>twice</b>")),
        ("priorities", "Rank what you would most like more of.", lambda: phone.get_by_role("button", name="Move Connection with peers up").click()),
        ("group-idea", "As a group: one change that would make next week easier.", lambda: phone.locator("textarea").fill("Shared handover template")),
    ]
    for activity, prompt, answer in steps:
        if activity == "group-idea":
            server.control(session, "breakout", size=2)  # report-backs are written in groups
        else:
            server.control(session, "open", activity=activity)
        wait_for_prompt(phone, prompt)
        answer()
        send(phone)
        screenshot(phone, f"participant-{activity}-phone")
    tally = server.tally(session)
    assert all(tally[activity]["count"] == 1 for activity, _, _ in steps), tally
    exported = server_export(server, session)
    assert exported["recharge"] == ["outdoors", "quiet"] and exported["workload"] == 4
    assert exported["one-word"] == ["stretched", "hopeful"]
    assert exported["priorities"] == ["rest", "connection", "feedback", "autonomy"]
    assert exported["small-win"] == "I went for a run <b>twice</b>"


def server_export(server, session) -> dict:
    import requests

    rows = requests.get(
        f"{server.api}/sessions/{session['code']}/export", params={"format": "json", "text": "true"},
        headers={"Authorization": f"Bearer {session['facilitator_key']}"},
    ).json()["answers"]
    return {row["activity"]: row["value"] for row in rows}


def test_change_skip_and_reload_are_counted_once(server, phone):
    session = server.create_session()
    server.control(session, "open", activity="energy")
    join_by_link(phone, session)
    wait_for_prompt(phone, "Which best describes your energy right now?")
    phone.get_by_text("Steady").click()
    send(phone)
    phone.get_by_text("Running on fumes").click()
    send(phone)
    phone.reload()
    # Straight back (R7): no second notice or Join button, a one-line reminder instead.
    phone.get_by_text("Your answer is saved").wait_for(timeout=30_000)
    assert phone.get_by_text("Welcome back.").is_visible()
    assert phone.get_by_text("Before you join").count() == 0
    assert phone.get_by_role("button", name="Join", exact=True).count() == 0
    assert phone.get_by_label("Running on fumes").is_checked()
    screenshot(phone, "participant-after-reload-phone")
    entry = server.tally(session)["energy"]
    assert entry["count"] == 1 and server.full_tally(session)["participants"] == 1
    server.control(session, "open", activity="workload")
    wait_for_prompt(phone, "How manageable has your workload felt this week?")
    phone.get_by_role("button", name="Skip this one").click()
    phone.get_by_text("Skipped").wait_for()
    assert server.tally(session)["workload"]["skipped"] == 1


def test_a_new_browser_still_sees_the_notice_before_joining(server, chromium):
    """Someone else opening the same join link (another phone) is not taken for a returning participant."""
    session = server.create_session()
    server.control(session, "open", activity="energy")
    for _ in range(2):
        context = chromium.new_context(viewport=PHONE)
        page = context.new_page()
        try:
            join_by_link(page, session)
            wait_for_prompt(page, "Which best describes your energy right now?")
            assert page.get_by_text("Welcome back.").count() == 0
        finally:
            context.close()
    assert server.full_tally(session)["participants"] == 2


def test_page_follows_the_facilitator_within_a_second(server, phone):
    session = server.create_session()
    join_by_link(phone, session)
    phone.get_by_text("You're in").wait_for(timeout=10_000)
    for activity, prompt in [("energy", "Which best describes your energy right now?"), ("workload", "How manageable has your workload felt this week?")]:
        started = time.monotonic()
        server.control(session, "open", activity=activity)
        wait_for_prompt(phone, prompt, timeout=5_000)
        assert time.monotonic() - started < 1.0
    server.control(session, "timer", seconds=120)
    phone.get_by_text(re.compile(r"⏱ [12]:\d\d left")).wait_for(timeout=5_000)
    server.control(session, "close")
    # The page's live region may be saying the same words at that moment: wait for the visible line.
    phone.locator("p", has_text="This activity is closed now").wait_for(timeout=5_000)


def test_revealed_results_show_a_chart_and_hide_counts_below_k(server, chromium):
    session = server.create_session()
    server.control(session, "open", activity="energy")
    for size_name, size in (("phone", PHONE), ("desktop", DESKTOP)):
        context = chromium.new_context(viewport=size)
        page = context.new_page()
        join_by_link(page, session)
        wait_for_prompt(page, "Which best describes your energy right now?")
        if size_name == "phone":
            page.get_by_text("Steady").click()
            send(page)
            server.control(session, "reveal")
            page.get_by_text("Waiting for more answers").wait_for(timeout=5_000)
            results = page.locator("h2", has_text="What the room said").locator("xpath=..").inner_text()
            assert not re.search(r"\d", results.replace("What the room said", ""))
            screenshot(page, "participant-results-below-k-phone")
            for n in range(5):
                server.answer(session, "energy", participant(700 + n), "steady")
        page.locator(".huddle-bars").wait_for(timeout=10_000)
        page.get_by_text("6 answers so far").wait_for(timeout=10_000)
        screenshot(page, f"participant-results-{size_name}")
        context.close()


def test_support_is_one_tap_away_and_crisis_language_shows_it(server, phone):
    session = server.create_session()
    server.control(session, "open", activity="small-win")
    join_by_link(phone, session)
    wait_for_prompt(phone, "Share a small win from the past week, however tiny.")
    phone.get_by_role("button", name="Support").click()
    phone.get_by_text("Samaritans").wait_for()
    screenshot(phone, "participant-support-phone")
    phone.get_by_role("button", name="Close support").click()
    phone.locator("textarea").fill("Nothing. I keep thinking everyone would be better off without me")
    phone.get_by_role("button", name="Send answer").click()
    phone.get_by_text("things may be really hard right now").wait_for(timeout=5_000)
    screenshot(phone, "participant-crisis-support-phone")
    assert server.full_tally(session)["signals"]["crisis"] == 1


def test_pause_signal_is_counted(server, phone):
    session = server.create_session()
    join_by_link(phone, session)
    phone.get_by_role("button", name="I need a pause").click()
    phone.get_by_text("never who").wait_for(timeout=5_000)
    assert server.full_tally(session)["signals"]["pause"] == 1


def test_unknown_code_and_stopped_server_show_their_messages(own_server, phone):
    server = own_server()
    phone.goto(f"{server.base}/voila/render/join.ipynb?code=ZZZZZZ")
    phone.get_by_text("There is no session with the code ZZZZZZ").wait_for(timeout=30_000)
    session = server.create_session()
    join_by_link(phone, session)
    phone.get_by_text("You're in").wait_for(timeout=10_000)
    server.stop()
    phone.get_by_text("Connection lost").wait_for(timeout=20_000)
    screenshot(phone, "participant-connection-lost-phone")
    assert "Traceback" not in phone.content()
