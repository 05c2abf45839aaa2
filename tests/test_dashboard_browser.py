"""The facilitator runs a session from the dashboard in Chromium while participants answer."""

from __future__ import annotations

import re
import time

import pytest
import requests
from browser import DESKTOP, PHONE, screenshot
from servers import participant, wait_until

pytestmark = pytest.mark.browser
PROJECTOR = {"width": 1920, "height": 1080}
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "<script>alert(2)</script> still here"


def http_participants(server, session, count: int, first: int) -> list[str]:
    tokens = [participant(first + n) for n in range(count)]
    for token in tokens:
        requests.post(f"{server.api}/sessions/{session['code']}/join", json={"participant": token}).raise_for_status()
    return tokens


def select_and_open(dashboard, server, session, number: int, activity: str) -> None:
    dashboard.locator(".huddle-activity-row").nth(number - 1).get_by_role("button", name="Select").click()
    dashboard.get_by_role("button", name="Open", exact=True).click()
    wait_until(lambda: (requests.get(f"{server.api}/sessions/{session['code']}").json()["current"] or {}).get("id") == activity, message=f"{activity} to open")


def test_facilitator_runs_the_room_from_the_dashboard(server, chromium):
    session = server.create_session()
    dialogs: list[str] = []
    facilitator = chromium.new_context(viewport=DESKTOP)
    dashboard = facilitator.new_page()
    dashboard.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    phone_context = chromium.new_context(viewport=PHONE)
    phone = phone_context.new_page()
    phone.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        dashboard.goto(session["dashboard_url"])
        dashboard.get_by_text("Pause requests").wait_for(timeout=30_000)
        # The first activity's speaker notes sit beside it, for the facilitator's eyes only.
        notes = dashboard.locator(".huddle-notes")
        notes.wait_for(timeout=10_000)
        assert "Speaker notes" in notes.inner_text() and "Reveal the chart once five people" in notes.inner_text()
        phone.goto(session["join_url"])
        phone.get_by_role("button", name="Join", exact=True).click()
        phone.get_by_text("You're in").wait_for(timeout=15_000)
        tokens = http_participants(server, session, 5, 100)

        # Open the energy question from the dashboard; the phone follows.
        select_and_open(dashboard, server, session, 2, "energy")
        phone.get_by_role("heading", name="Which best describes your energy right now?").wait_for(timeout=5_000)
        for n, token in enumerate(tokens):
            server.answer(session, "energy", token, ["steady", "flat"][n % 2])
        phone.get_by_text("Steady").click()
        started = time.monotonic()
        phone.get_by_role("button", name="Send answer").click()
        dashboard.get_by_text(re.compile(r"· 6 answers")).wait_for(timeout=5_000)
        assert time.monotonic() - started < 2.0  # includes the phone's own round trip
        dashboard.locator("img").first.wait_for(timeout=5_000)
        assert dashboard.locator(".huddle-chart img").get_attribute("alt"), "the chart says in words what it shows"
        # The open activity's button says what it does now; the highlight moved on to the next step.
        assert dashboard.get_by_role("button", name="Open", exact=True).count() == 0
        assert dashboard.get_by_role("button", name="Close", exact=True).is_visible()
        assert "mod-primary" in dashboard.get_by_role("button", name="Reveal results").get_attribute("class")
        assert dashboard.title() == f"Dashboard · {session['code']}"
        screenshot(dashboard, "dashboard-control-1366")
        # Links to share: this server, Binder (the server was started with --binder-repo), follow-ups.
        binder_join = dashboard.get_by_label("Join through Binder").input_value()
        assert binder_join.startswith("https://mybinder.org/v2/gh/huddle-workshops/huddle/HEAD?urlpath=voila%2Frender%2Fnotebooks%2Fjoin.ipynb")
        assert f"code%3D{session['code']}" in binder_join
        assert dashboard.get_by_label("One-week reflection, private").input_value() == f"{server.base}/voila/render/reflection-1-week.ipynb"

        dashboard.get_by_role("button", name="Reveal results").click()
        phone.get_by_text("What the room said").wait_for(timeout=5_000)

        # Free text: moderated before anyone else sees it, and always shown as text.
        select_and_open(dashboard, server, session, 6, "small-win")
        texts = [XSS_IMG, XSS_SCRIPT, "Walked home the long way", "Cooked for friends", "Slept in"]
        for token, text in zip(tokens, texts):
            server.answer(session, "small-win", token, text)
        dashboard.get_by_text(XSS_IMG).wait_for(timeout=5_000)
        dashboard.get_by_text("still here").wait_for()
        rows = dashboard.locator(".huddle-queue-item")
        rows.filter(has_text=XSS_IMG).get_by_role("button", name="Share with room").click()
        dashboard.locator(".huddle-queue-item", has_text="approved").wait_for(timeout=5_000)
        rows.filter(has_text="Slept in").get_by_role("button", name="Hide").click()
        dashboard.locator(".huddle-queue-item", has_text="hidden").wait_for(timeout=5_000)
        dashboard.get_by_role("button", name="Reveal results").click()
        # The click reaches the API through the dashboard's kernel: wait for the reveal to land.
        revealed = wait_until(
            lambda: (r := requests.get(f"{server.api}/sessions/{session['code']}/results/small-win", timeout=5)).status_code == 200 and r,
            timeout=10, message="the reveal to reach the API",
        )
        shown = revealed.json()["tally"]
        assert [e["text"] for e in shown["approved"]] == [XSS_IMG] and shown["hidden"] == 1

        projector_page = facilitator.new_page()
        projector_page.set_viewport_size(PROJECTOR)
        projector_page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        projector_page.goto(session["dashboard_url"] + "&view=projector")
        projector_page.get_by_text(session["code"], exact=True).wait_for(timeout=30_000)
        projector_page.get_by_text(XSS_IMG).wait_for(timeout=5_000)
        assert projector_page.locator("svg").count() >= 1  # the QR code
        screenshot(projector_page, "dashboard-projector-1920")

        # Breakout: groups of 3, the phone sees its group and sends the group's report.
        dashboard.get_by_role("button", name="Make groups").click()
        phone.get_by_text(re.compile(r"Group \d")).first.wait_for(timeout=5_000)
        screenshot(phone, "participant-breakout-phone")
        phone.locator("textarea").fill("Swap pagers for lunch")
        phone.get_by_role("button", name="Send answer").click()
        phone.get_by_text("Received").wait_for(timeout=5_000)
        dashboard.get_by_text("Swap pagers for lunch").wait_for(timeout=5_000)
        dashboard.locator(".huddle-queue-item", has_text="Swap pagers").get_by_role("button", name="Share with room").click()
        wait_until(lambda: "Swap pagers" in requests.get(f"{server.api}/sessions/{session['code']}/moderation", headers={"Authorization": f"Bearer {session['facilitator_key']}"}).text and any(
            i["status"] == "approved" and i["text"] == "Swap pagers for lunch"
            for i in requests.get(f"{server.api}/sessions/{session['code']}/moderation", headers={"Authorization": f"Bearer {session['facilitator_key']}"}).json()["items"]
        ), message="the group report to be shared")
        screenshot(dashboard, "dashboard-breakout-1366")
        assert dialogs == []
    finally:
        facilitator.close()
        phone_context.close()


def test_a_wrong_key_shows_no_session_data(server, chromium):
    session = server.create_session()
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(session["dashboard_url"].split("&key=")[0] + "&key=not-the-key")
        page.get_by_text("This dashboard link is not valid").wait_for(timeout=30_000)
        content = page.inner_text("body")
        assert "Huddle demo" not in content and "energy" not in content
        page.goto(session["dashboard_url"].split("&key=")[0])
        page.get_by_text("This dashboard address has no facilitator key").wait_for(timeout=30_000)
    finally:
        context.close()


DASHBOARD_SIZES = [(390, 844), (683, 768), (1280, 720), (1920, 1080)]

#: Controls cut off by the window or by a box around them, and anything that scrolls sideways.
#: Text inputs are left out of the scrolling check: a long address scrolls inside its own field.
LAYOUT = """() => {
  const controls = [...document.querySelectorAll('.huddle-dash button, .huddle-dash input, .huddle-dash select, .huddle-dash a, .huddle-dash summary')]
    .filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden');
  const clipped = [];
  for (const element of controls) {
    const box = element.getBoundingClientRect();
    if (box.left < -0.5 || box.right > innerWidth + 0.5) { clipped.push(element.outerHTML.slice(0, 80)); continue; }
    for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
      if (getComputedStyle(parent).overflowX === 'visible') continue;
      const outer = parent.getBoundingClientRect();
      if (box.left < outer.left - 0.5 || box.right > outer.right + 0.5) { clipped.push(element.outerHTML.slice(0, 80)); break; }
    }
  }
  const sideways = [...document.querySelectorAll('body *')]
    .filter((e) => e.tagName !== 'INPUT' && e.scrollWidth > e.clientWidth + 1 && !['visible', 'hidden', 'clip'].includes(getComputedStyle(e).overflowX))
    .map((e) => e.className.toString().slice(0, 80));
  const focus = document.querySelector('.huddle-focus-panel').getBoundingClientRect();
  const list = document.querySelector('.huddle-activities-panel').getBoundingClientRect();
  return {clipped, sideways, page: document.documentElement.scrollWidth, stacked: list.top >= focus.bottom - 1};
}"""


def test_the_dashboard_fits_a_phone_and_a_laptop(server, chromium):
    session = server.create_session()
    server.control(session, "open", activity="energy")
    for n in range(10):
        server.answer(session, "energy", participant(1300 + n), ["steady", "flat"][n % 2])
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(session["dashboard_url"])
        page.locator(".huddle-chart img").wait_for(timeout=60_000)
        table = page.get_by_text("The numbers as a table")
        table.click()
        assert page.locator(".huddle-results-table tbody tr").count() == 4, "every option the chart draws, in words"
        for width, height in DASHBOARD_SIZES:
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(400)
            found = page.evaluate(LAYOUT)
            assert found["clipped"] == [] and found["sideways"] == [] and found["page"] == width, f"at {width}×{height}: {found}"
            assert found["stacked"] == (width <= 900), f"one column on a narrow screen, two on a wide one ({width}×{height})"
            screenshot(page, f"dashboard-{width}x{height}")
    finally:
        context.close()
