"""The support sheet, the red-flags note and the support warning as people meet them (issue 14),
in a real Chromium: checked by axe-core, worked by keyboard and screenshotted. The sheet is shown
on a phone and at 1280x720, the dashboard at 1280x720 (the three sizes were looked at when these
pages changed; the suite keeps the two that differ in layout)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import requests
import yaml
from a11y import axe_violations, describe
from browser import pages_at, screenshot

from huddle.content.support import BUNDLED_SUPPORT

pytestmark = pytest.mark.browser

SIZES = {"390": {"width": 390, "height": 844}, "1280": {"width": 1280, "height": 720}}


@pytest.fixture
def pages(chromium):
    with pages_at(chromium, SIZES) as opened:
        yield opened


def clean(page, name: str) -> None:
    page.wait_for_timeout(300)
    screenshot(page, name)
    violations = axe_violations(page)
    assert not violations, f"{name}\n{describe(violations)}"


def entry(page, name: str):
    return page.locator(".huddle-support-sheet li", has_text=name).first


def test_the_sheet_asks_where_you_are_remembers_it_and_follows_the_link(server, pages):
    for name, page in pages.items():
        page.goto(f"{server.base}/voila/render/reflection-1-week.ipynb")
        page.get_by_role("heading", name="One week on: keeping the skills warm").wait_for(timeout=60_000)
        page.get_by_role("button", name="Support").click()
        choice = page.get_by_label("Where are you?")
        choice.wait_for()
        assert choice.input_value() == "" and entry(page, "Samaritans").is_visible() and entry(page, "Lifeline Australia").is_visible()
        assert "(United Kingdom · Ireland)" in entry(page, "Samaritans").inner_text()
        # By keyboard: the chooser is reached with Tab and set with the arrow keys.
        choice.focus()
        choice.select_option("au")
        assert not entry(page, "Samaritans").is_visible() and entry(page, "Lifeline Australia").is_visible()
        assert entry(page, "Your school or hospital counselling service").is_visible(), "entries for anywhere stay"
        assert "Nurses, midwives and their students · Day and night" in entry(page, "Nurse & Midwife Support").inner_text()
        clean(page, f"support-region-au-{name}")
        page.keyboard.press("Escape")
        if name != "390":
            continue
        # The choice stays in this browser: the next page opens on it.
        page.reload()
        page.get_by_role("heading", name="One week on: keeping the skills warm").wait_for(timeout=60_000)
        page.get_by_role("button", name="Support").click()
        assert page.get_by_label("Where are you?").input_value() == "au"
        page.keyboard.press("Escape")
    # A link that names the region opens on it, whatever this browser chose before.
    page = pages["390"]
    page.goto(f"{server.base}/voila/render/reflection-1-week.ipynb?region=uk")
    page.get_by_role("heading", name="One week on: keeping the skills warm").wait_for(timeout=60_000)
    page.wait_for_timeout(1000)  # the page's query reaches its kernel
    page.get_by_role("button", name="Support").click()
    assert page.get_by_label("Where are you?").input_value() == "uk"
    assert entry(page, "BMA wellbeing support").is_visible() and not entry(page, "Physician Support Line").is_visible()


def test_crisis_words_in_a_reflection_open_the_sheet_in_the_page(server, pages):
    page = pages["390"]
    page.goto(f"{server.base}/voila/render/reflection-1-week.ipynb")
    page.get_by_role("heading", name="One week on: keeping the skills warm").wait_for(timeout=60_000)
    box = page.get_by_label("In a few words, what kind of week was it?")
    box.click()
    box.press_sequentially("Hard. Some nights I think everyone would be better off without me", delay=5)
    urgent = page.locator(".huddle-support-sheet .huddle-urgent")
    urgent.wait_for(timeout=20_000)
    assert page.locator(".huddle-support-sheet h2").evaluate("h => document.activeElement === h")
    clean(page, "reflection-crisis-support-390")
    page.keyboard.press("Escape")
    assert box.input_value().endswith("without me"), "nothing written is lost"


def test_red_flags_say_when_it_is_more_than_stress(server, pages):
    session = server.create_session()
    server.control(session, "open", activity="flags")
    for name, page in [("390", pages["390"])]:
        page.goto(session["join_url"])
        page.get_by_text("Before you join").wait_for(timeout=60_000)
        page.get_by_role("button", name="Join", exact=True).click()
        page.get_by_role("heading", name="Which of these coping habits do you recognise in yourself lately?").wait_for(timeout=30_000)
        note = page.locator(".huddle-more-note")
        assert "When it is more than stress" in note.inner_text()
        for label in ("Working every spare hour", "Switching off with screens", "Pulling away from friends"):
            page.get_by_role("checkbox", name=re.compile(label)).check()
        page.locator(".huddle-more-note-strong").wait_for(timeout=10_000)
        assert "You ticked 3" in note.inner_text() and "get help today" in note.inner_text()
        clean(page, f"red-flags-several-{name}")


def test_a_site_serves_its_region_and_hears_about_a_stale_entry_at_start_and_on_the_dashboard(own_server, tmp_path, pages):
    data = yaml.safe_load(BUNDLED_SUPPORT.read_text(encoding="utf-8"))
    data["resources"].append({
        "name": "Riverside Hospital staff counselling", "offers": "Confidential counselling for staff and trainees.",
        "contact": "Call 0161 496 0000", "audience": "Staff and trainees of Riverside", "hours": "Weekdays, 8 am to 6 pm",
        "region": "uk", "confidential": True, "checked": dt.date.today() - dt.timedelta(days=400),
    })
    stale = tmp_path / "support.yaml"
    stale.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    site = own_server("--support", str(stale), "--support-region", "uk")
    assert "'Riverside Hospital staff counselling' was last checked" in site.log()
    support = requests.get(f"{site.api}/support", timeout=10).json()
    assert support["region"] == "uk" and support["regions"]["uk"] == "United Kingdom"
    names = [r["name"] for r in support["resources"]]
    assert "Samaritans" in names and "Riverside Hospital staff counselling" in names
    assert not any("988" in r["contact"] for r in support["resources"]), "no other region's numbers"
    for resource in support["resources"]:
        assert {"name", "offers", "contact", "confidential", "checked", "region", "audience", "hours"} <= set(resource)
    session = site.create_session()
    page = pages["1280"]
    page.goto(session["dashboard_url"])
    warning = page.locator(".huddle-warning")
    warning.wait_for(timeout=60_000)
    assert "Check the support list." in warning.inner_text()
    assert "1 entry last checked over 6 months ago (Riverside Hospital staff counselling)" in warning.inner_text()
    assert "region%3Duk" in page.get_by_label("One-week reflection on Binder, private").input_value()
    clean(page, "dashboard-support-warning-1280")
