"""The participant page with a keyboard alone, in a real Chromium, and the decisions behind it.

The browser test uses nothing but ``page.keyboard`` (Tab, Shift+Tab, Enter, Space, arrows): type
the code, join, answer a choice and a scale the facilitator opens, skip one, open and close the
support sheet. At every screen change focus must be on the new screen's heading, every control
Tab reaches must show a focus ring, and each new activity must be said by the page's one polite
live region. The pure part (which drawing is a new screen, what is announced, which contact
numbers become links) is checked without a browser.
"""

from __future__ import annotations

import re

import pytest
import requests
from browser import PHONE, screenshot

from huddle.participant.flow import ActivityScreen, CodeEntry, Ended, ParticipantFlow, Privacy, Problem, Waiting, Wording, cue
from huddle.participant.support import contact_html, support_html

ENERGY = "Which best describes your energy right now?"
WORKLOAD = "How manageable has your workload felt this week?"
RECHARGE = "What has helped you recharge this month? Pick any that apply."

#: What has focus: its tag, accessible-ish name, whether it is a screen heading, and whether a
#: focus ring shows on it (or, for a radio or checkbox, on the option card around it) without any
#: box of the page's frame cutting the ring off.
FOCUSED = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const ringed = (node) => {
    const style = getComputedStyle(node);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return outline || style.boxShadow !== 'none';
  };
  const input = element.matches('input[type=radio], input[type=checkbox]');
  const holder = input && !ringed(element) ? element.closest('label') || element : element;
  const style = getComputedStyle(holder);
  const reach = style.outlineStyle !== 'none' ? parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset || 0) : 0;
  const box = holder.getBoundingClientRect();
  const cut = [];
  // The page's frame must not cut a ring: the screen's box and everything around it. (The boxes
  // inside an answer widget, between its control and the screen, are that widget's own.)
  const screen = holder.parentElement.closest('.huddle-screen');
  for (let parent = screen || holder.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
    const own = getComputedStyle(parent);
    if (own.overflowX === 'visible' && own.overflowY === 'visible') continue;
    const edge = parent.getBoundingClientRect();
    if (box.left - reach < edge.left - 0.5 || box.right + reach > edge.right + 0.5 ||
        box.top - reach < edge.top - 0.5 || box.bottom + reach > edge.bottom + 0.5) {
      cut.push(parent.className);
    }
  }
  return {
    tag: element.tagName,
    name: (element.getAttribute('aria-label') || (element.labels && element.labels[0] && element.labels[0].innerText) || element.innerText || element.value || '').trim(),
    heading: element.hasAttribute('data-huddle-heading') || element.matches('.huddle-support-sheet h2'),
    ring: ringed(holder),
    cut,
    inDialog: !!element.closest('.huddle-support-sheet'),
  };
}"""

LIVE = """() => {
  const regions = document.querySelectorAll('[data-huddle-live]');
  const region = regions[0];
  return region ? {count: regions.length, role: region.getAttribute('role'), live: region.getAttribute('aria-live'),
                   text: region.textContent, same: window.__huddleLive === region} : null;
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED) or {}


def wait_for_heading(page, text: str, timeout: float = 15_000) -> None:
    """Wait until focus is on a screen heading that says ``text``."""
    try:
        page.wait_for_function(
            "(text) => { const e = document.activeElement; return !!e && (e.hasAttribute('data-huddle-heading') || e.matches('.huddle-support-sheet h2')) && e.textContent.trim() === text; }",
            arg=text, timeout=timeout,
        )
    except Exception as error:
        raise AssertionError(f"focus is not on the heading {text!r} but on {focused(page) or 'the page'}; the page says:\n{page.locator('.huddle-app').inner_text()}") from error


def press(page, key: str) -> dict:
    """Press ``key``; what has focus then, which must show its focus ring uncut."""
    page.keyboard.press(key)
    now = focused(page)
    if now and not now["heading"]:
        assert now["ring"], f"no focus ring on {now}"
        assert not now["cut"], f"the focus ring of {now['name']!r} is cut off by {now['cut']}"
    return now


def tab_to(page, name: str, *, back: bool = False, most: int = 30) -> dict:
    """Tab (or Shift+Tab) until the control named ``name`` has focus, checking each ring on the way."""
    for _ in range(most):
        now = press(page, "Shift+Tab" if back else "Tab")
        if now.get("name") == name:
            return now
    raise AssertionError(f"Tab never reached {name!r}")


def test_a_keyboard_alone_joins_answers_skips_and_uses_support(server, chromium):
    session = server.create_session()
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{server.base}/")
        wait_for_heading(page, "Join a session", timeout=60_000)
        assert page.title() == "Join · Huddle"
        page.evaluate("() => { window.__huddleLive = document.querySelector('[data-huddle-live]'); }")

        # Code entry: the code field, then Join.
        assert press(page, "Tab")["tag"] == "INPUT"
        page.keyboard.type(session["code"].lower())
        assert press(page, "Tab")["name"] == "Join"
        page.keyboard.press("Enter")

        # The privacy notice: the stage chosen with an arrow key, Join with Space.
        wait_for_heading(page, "Before you join")
        page.wait_for_function("() => document.title === 'Join · Huddle demo: a twenty-minute tour'")
        assert press(page, "Tab")["tag"] == "SELECT"
        page.keyboard.press("ArrowDown")
        # (ipywidgets writes option labels with no-break spaces)
        assert page.evaluate("() => { const s = document.activeElement; return s.options[s.selectedIndex].text.replace(/\\s/g, ' '); }") == "Medical student"
        tab_to(page, "Join")
        page.keyboard.press("Space")
        wait_for_heading(page, "You're in")

        # A choice the facilitator opens: announced, focused, answered with the arrows.
        server.control(session, "open", activity="energy")
        wait_for_heading(page, ENERGY)
        page.wait_for_function("(text) => document.querySelector('[data-huddle-live]').textContent === text", arg=f"New activity: {ENERGY}")
        live = page.evaluate(LIVE)
        assert live == {"count": 1, "role": "status", "live": "polite", "text": f"New activity: {ENERGY}", "same": True}
        assert press(page, "Tab")["tag"] == "INPUT"
        page.keyboard.press("ArrowDown")  # the second option, "Steady"
        tab_to(page, "Send answer")
        page.keyboard.press("Enter")
        page.get_by_text("Received").wait_for(timeout=10_000)
        # The session changes (a timer starts) but the screen does not: focus stays put.
        server.control(session, "timer", seconds=120)
        page.get_by_text("left").first.wait_for(timeout=10_000)
        assert focused(page)["name"] in ("Send answer", "Update answer")

        # A scale: 4 of 5 with the right arrow.
        server.control(session, "open", activity="workload")
        wait_for_heading(page, WORKLOAD)
        page.wait_for_function("(text) => document.querySelector('[data-huddle-live]').textContent === text", arg=f"New activity: {WORKLOAD}")
        assert press(page, "Tab")["tag"] == "INPUT"
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        tab_to(page, "Send answer")
        page.keyboard.press("Space")
        page.get_by_text("Received").wait_for(timeout=10_000)

        # One skipped.
        server.control(session, "open", activity="recharge")
        wait_for_heading(page, RECHARGE)
        page.wait_for_function("(text) => document.querySelector('[data-huddle-live]').textContent === text", arg=f"New activity: {RECHARGE}")
        tab_to(page, "Skip this one")
        page.keyboard.press("Enter")
        page.get_by_text("Skipped").wait_for(timeout=10_000)
        screenshot(page, "keyboard-skipped-phone")

        # Support: focus on the sheet's heading, kept inside it, Escape back to the Support button.
        tab_to(page, "Support", back=True)
        page.keyboard.press("Enter")
        wait_for_heading(page, "Support")
        assert press(page, "Tab")["name"] == "Close support"  # the close control at the top
        assert press(page, "Shift+Tab")["name"] == "Back to the session"  # wrapped round to the last
        assert press(page, "Tab")["name"] == "Close support"  # and round again to the first
        for _ in range(12):
            assert press(page, "Tab")["inDialog"], "focus left the open support sheet"
        screenshot(page, "keyboard-support-phone")
        page.keyboard.press("Escape")
        assert focused(page)["name"] == "Support" and page.locator(".huddle-support-sheet").is_hidden()
        page.keyboard.press("Enter")
        wait_for_heading(page, "Support")
        press(page, "Tab")
        page.keyboard.press("Enter")  # Close support
        assert focused(page)["name"] == "Support" and page.locator(".huddle-support-sheet").is_hidden()

        # The end of the session is a new screen too.
        server.control(session, "end")
        wait_for_heading(page, "Thank you for taking part")
        assert page.evaluate(LIVE)["same"], "the live region was made again"
    finally:
        context.close()
    tally = server.tally(session)
    assert tally["energy"]["count"] == 1 and tally["workload"]["count"] == 1 and tally["recharge"]["skipped"] == 1


# --- the decisions behind it, without a browser -----------------------------------------------

OPEN = {"id": "energy", "kind": "choice", "prompt": "Energy?", "status": "open"}
OTHER = {"id": "win", "kind": "text", "prompt": "A small win?", "status": "open"}


def test_only_a_new_screen_moves_focus_and_only_a_new_activity_is_announced():
    waiting, energy = Waiting(), ActivityScreen(OPEN, open_now=True)
    first = cue(None, CodeEntry())
    assert first.moved and not first.announce
    reloaded = cue(None, energy)  # a reload lands on the open activity: focused, not announced
    assert reloaded.moved and not reloaded.announce
    assert not cue(CodeEntry(), CodeEntry(Wording.BAD_CODE)).moved  # the box and focus stay
    assert cue(CodeEntry(), Privacy()).moved
    assert not cue(waiting, Waiting()).moved  # the long poll brought the same screen back
    new = cue(waiting, energy)
    assert new.moved and new.activity_changed and new.announce == "New activity: Energy?"
    same = cue(energy, ActivityScreen(OPEN, open_now=True, revealed=True))  # results came in
    assert not same.moved and not same.announce and not same.activity_changed
    closed = cue(energy, ActivityScreen(OPEN, open_now=False))
    assert closed.moved and closed.announce == Wording.CLOSED and not closed.activity_changed
    assert cue(ActivityScreen(OPEN, open_now=False), energy).announce == "Open again: Energy?"
    assert cue(energy, ActivityScreen(OTHER, open_now=True)).announce == "New activity: A small win?"
    # Moving through activities oneself: focus on the heading is enough, nothing is announced.
    paced = cue(ActivityScreen(OPEN, True, navigation=(0, 2)), ActivityScreen(OTHER, True, navigation=(1, 2)))
    assert paced.moved and paced.activity_changed and not paced.announce
    assert cue(energy, waiting).activity_changed and cue(energy, Ended()).moved
    retry = Problem("down", lambda: waiting)
    assert cue(retry, Problem("down", lambda: waiting)).moved  # a new Try again button each time


def test_the_tab_title_names_the_workshop_once_known():
    flow = ParticipantFlow()
    assert flow.page_title == "Join · Huddle"
    flow.state = {"title": "Foundations"}
    assert flow.page_title == "Join · Foundations"


@pytest.mark.parametrize(("contact", "links"), [
    ("Call your local emergency number: 911 (US, Canada), 999 (UK), 112 (EU), 000 (Australia)", ["tel:911", "tel:999", "tel:112", "tel:000"]),
    ("Call or text 988", ["tel:988"]),
    ("Call 116 123 (free)", ["tel:116123"]),
    ("Call 1-888-409-0141", ["tel:18884090141"]),
    ("Call (555) 123-4567 or +44 20 7946 0958.", ["tel:5551234567", "tel:+442079460958"]),
    ("Text SHOUT to 85258", ["sms:85258"]),
    ("Call 9:30-17:00 on weekdays, 24/7 at weekends", []),
    ("Your programme office or facilitator can give you the direct number", []),
    ("Room 1204, open since 2019", []),  # no calling word: nothing is a number to dial
    ("Call the desk, checked 2026-11-22", []),
    ("Call 12345678901234567890", []),
])
def test_phone_numbers_in_a_contact_line_become_links_conservatively(contact, links):
    import re

    assert re.findall(r"href='([^']*)'", contact_html(contact)) == links


def test_contact_lines_are_escaped_around_their_links():
    made = contact_html("Call <b>116 123</b> & ask")
    assert made == "Call &lt;b&gt;<a class='huddle-tel' href='tel:116123'>116 123</a>&lt;/b&gt; &amp; ask"
    sheet = support_html({"resources": [{"name": "<i>x</i>", "offers": "o", "contact": "Call 999", "checked": "2026-11-22"}]})
    assert "&lt;i&gt;" in sheet and "href='tel:999'" in sheet and "<i>" not in sheet


def test_the_control_view_runs_on_single_keys_that_can_be_switched_off(server, chromium):
    from servers import wait_until

    session = server.create_session()
    context = chromium.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        page.goto(session["dashboard_url"])
        switch = page.get_by_label("Keyboard shortcuts: O open or close · R reveal or hide results · N next activity · T 1-minute timer · S stop the timer")
        switch.wait_for(timeout=60_000)
        assert switch.is_checked()
        state = lambda: server.full_tally(session)  # noqa: E731
        current = lambda: (requests.get(f"{server.api}/sessions/{session['code']}", timeout=10).json()["current"] or {})  # noqa: E731
        page.locator("body").press("o")
        wait_until(lambda: current().get("status") == "open", message="O to open the first activity")
        page.locator("body").press("n")
        wait_until(lambda: current().get("id") == "energy", message="N to move on")
        page.locator("body").press("t")
        wait_until(lambda: requests.get(f"{server.api}/sessions/{session['code']}", timeout=10).json()["timer"], message="T to start a timer")
        # Letters typed into a box are words, not commands.
        box = page.get_by_label("Word to hide")
        if box.is_visible():
            box.type("no")
        page.wait_for_timeout(500)
        assert current().get("id") == "energy"
        # Switched off, the keys do nothing; the choice is kept in this browser.
        switch.uncheck()
        page.locator("body").press("n")
        page.wait_for_timeout(800)
        assert current().get("id") == "energy" and state()
        page.reload()
        page.get_by_text("Keyboard shortcuts:").wait_for(timeout=60_000)
        assert not page.get_by_label(re.compile("^Keyboard shortcuts")).is_checked()
        screenshot(page, "dashboard-shortcuts-1280")
    finally:
        context.close()
