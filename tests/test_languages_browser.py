"""Two languages in one room, in Chromium (issue 17): a participant whose browser asks for Spanish
joins in Spanish while another answers in English; the tally counts both; the Spanish page
shows no English interface text; the switch at the top changes one page alone and is kept."""

from __future__ import annotations

import re

import pytest
import requests

from a11y import axe_violations, describe
from browser import screenshot
from huddle.i18n import _, using
from servers import Server, wait_until

pytestmark = pytest.mark.browser

#: Interface strings an English page shows around a poll; none may be left on a Spanish page.
ENGLISH = ("Send answer", "Update answer", "Skip this one", "I need a pause", "Support", "Received", "Language", "Join")


def spanish(message: str) -> str:
    with using("es"):
        return _(message)


def test_a_spanish_and_an_english_participant_answer_the_same_poll(server: Server, chromium):
    session = server.create_session("demo")
    server.control(session, "open", activity="energy")
    states = {lang: requests.get(f"{server.api}/sessions/{session['code']}", params={"language": lang}, timeout=10).json() for lang in ("en", "es")}
    label = {lang: next(o["label"] for o in states[lang]["current"]["options"] if o["id"] == "steady") for lang in ("en", "es")}
    join = f"{server.base}/voila/render/join.ipynb?code={session['code']}"
    es_context = chromium.new_context(locale="es-ES", viewport={"width": 390, "height": 844}, bypass_csp=True)
    en_context = chromium.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    try:
        pages = {"es": es_context.new_page(), "en": en_context.new_page()}
        for lang, page in pages.items():
            page.goto(join)
        # Spanish: the privacy notice, the poll and the receipt, all in Spanish.
        es = pages["es"]
        es.get_by_role("button", name=spanish("Join"), exact=True).click()
        es.get_by_role("heading", name=states["es"]["current"]["prompt"]).wait_for(timeout=30_000)
        assert es.evaluate("() => document.documentElement.lang") == "es"
        es.locator(".widget-radio-box label", has_text=label["es"]).click()
        es.get_by_role("button", name=spanish("Send answer")).click()
        es.get_by_text(spanish("✓ Received. You can change it while this activity is open.")).first.wait_for(timeout=15_000)
        shown = es.inner_text("body")
        leftovers = [text for text in ENGLISH if re.search(rf"\b{re.escape(text)}\b", shown)]
        assert leftovers == [], f"English left on the Spanish page: {leftovers}"
        violations = axe_violations(es)
        assert violations == [], describe(violations)
        screenshot(es, "languages-spanish-phone")
        # English, at the same time, in the same session.
        en = pages["en"]
        en.get_by_role("button", name="Join", exact=True).click()
        en.get_by_role("heading", name=states["en"]["current"]["prompt"]).wait_for(timeout=30_000)
        en.locator(".widget-radio-box label", has_text=label["en"]).click()
        en.get_by_role("button", name="Send answer").click()
        en.get_by_text("Received").first.wait_for(timeout=15_000)
        assert en.evaluate("() => document.documentElement.lang") == "en"
        # One tally, both answers.
        wait_until(lambda: server.tally(session)["energy"]["count"] == 2, timeout=15, message="both answers counted")
        # The switch turns the English page into Spanish, and it stays so after a reload; the
        # Spanish page is not touched.
        en.get_by_label("Language").select_option(label="Español")
        en.get_by_role("heading", name=states["es"]["current"]["prompt"]).wait_for(timeout=30_000)
        en.get_by_role("button", name=spanish("Update answer")).wait_for(timeout=15_000)
        en.reload()
        en.get_by_role("heading", name=states["es"]["current"]["prompt"]).wait_for(timeout=60_000)
        assert es.evaluate("() => document.documentElement.lang") == "es"
        screenshot(en, "languages-switched-phone")
    finally:
        es_context.close()
        en_context.close()


def test_the_facilitator_runs_module_one_in_spanish(server: Server, chromium):
    session = server.create_session("foundations")
    context = chromium.new_context(locale="es-MX", viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        page.goto(session["dashboard_url"])
        page.get_by_role("button", name=spanish("Open")).first.wait_for(timeout=60_000)
        spanish_title = requests.get(f"{server.api}/sessions/{session['code']}", params={"language": "es"}, timeout=10).json()["title"]
        page.get_by_text(spanish_title).first.wait_for(timeout=30_000)
        assert "Open" not in [b.inner_text().strip() for b in page.get_by_role("button").all()]
        screenshot(page, "languages-dashboard-1280x720")
        # The workshop's other language, on this dashboard alone: its text in English, the
        # interface still in Spanish.
        english_title = requests.get(f"{server.api}/sessions/{session['code']}", params={"language": "en"}, timeout=10).json()["title"]
        page.get_by_label(spanish("Workshop text in")).select_option(label="English")
        page.get_by_text(english_title).first.wait_for(timeout=30_000)
        page.get_by_role("button", name=spanish("Open")).first.wait_for(timeout=30_000)
        assert page.get_by_label(spanish("Workshop text in")).evaluate("menu => menu.options[menu.selectedIndex].text") == "English"
        violations = axe_violations(page)
        assert violations == [], describe(violations)
        screenshot(page, "languages-dashboard-english-text-1280x720")
    finally:
        context.close()


def test_a_spanish_page_says_why_a_questionnaire_is_in_english(server: Server, chromium):
    """The BRS has no validated Spanish wording in Huddle: the Spanish page shows its published
    English marked lang="en" (a screen reader switches voice), and says why in Spanish."""
    session = server.create_session("demo")
    server.control(session, "open", activity="bounce-back")
    for size_name, size in (("phone", {"width": 390, "height": 844}), ("1280x720", {"width": 1280, "height": 720}), ("1920x1080", {"width": 1920, "height": 1080})):
        context = chromium.new_context(locale="es-ES", viewport=size)
        try:
            page = context.new_page()
            page.goto(session["join_url"])
            page.get_by_role("button", name=spanish("Join"), exact=True).click()
            notice = page.locator(".huddle-measure-shown-in")
            notice.wait_for(timeout=30_000)
            assert "inglés" in notice.inner_text()
            first = page.locator(".huddle-measure-text").first
            assert first.get_attribute("lang") == "en" and "bounce back" in first.inner_text()
            wait_until(lambda: page.locator(".huddle-measure-scale .widget-radio-box label[lang='en']").count() == 6 * 5, timeout=10, message="the scale's English labels marked")
            skip = page.locator(".huddle-measure-scale .widget-radio-box label").nth(5)
            assert skip.get_attribute("lang") is None and skip.inner_text().strip() == spanish("Skip this item")
            assert "Brief Resilience Scale score" not in page.locator(".huddle-measure .huddle-private").inner_text()
            if size_name == "phone":
                violations = axe_violations(page)
                assert violations == [], describe(violations)
            screenshot(page, f"languages-spanish-questionnaire-{size_name}")
        finally:
            context.close()
