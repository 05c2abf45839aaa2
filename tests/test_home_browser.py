"""The facilitator home in Chromium (issue 16): a facilitator who has never used a terminal signs
in with the link the server printed, previews a module, starts it, adapts a copy, runs the copy,
and downloads the report of an earlier session; then the page is checked for accessibility and
photographed at a phone's, a 1280×720 projector's and a 1920×1080 screen's size."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests

from a11y import axe_violations, describe
from browser import screenshot
from servers import Server, participant, wait_until

pytestmark = pytest.mark.browser

SIZES = {"phone": {"width": 390, "height": 844}, "1280x720": {"width": 1280, "height": 720}, "1920x1080": {"width": 1920, "height": 1080}}


@pytest.fixture(scope="module")
def home_server(tmp_path_factory: pytest.TempPathFactory):
    server = Server(tmp_path_factory.mktemp("home") / "data").start()
    yield server
    server.stop()


def sign_in_link(server: Server) -> str:
    found = wait_until(lambda: re.search(r"/huddle/sign-in\?once=(\S+)", server.banner()), timeout=120, message="the sign-in link")
    return f"{server.base}/huddle/sign-in?once={found.group(1)}"


def workshop(page, text: str):
    """The home's entry of the workshop whose title has ``text``."""
    return page.locator(".huddle-home-workshop", has_text=text).first


def session_entry(page, code: str):
    """The home's entry of the session ``code``."""
    return page.locator(".huddle-home-session", has_text=code).first


def test_a_facilitator_signs_in_previews_starts_adapts_runs_and_looks_back(home_server: Server, chromium, tmp_path: Path):
    server = home_server
    # An earlier session, with answers from enough people to show, ended last week.
    earlier = server.create_session("demo")
    server.control(earlier, "open", activity="energy")
    for n in range(5):
        assert server.answer(earlier, "energy", participant(n), "steady").status_code == 201
    server.control(earlier, "end")

    context = chromium.new_context(viewport=SIZES["1280x720"], accept_downloads=True)
    try:
        page = context.new_page()
        # 1. Sign in with the one-time link.
        page.goto(sign_in_link(server))
        page.get_by_role("heading", name="Facilitator home", exact=True).wait_for(timeout=60_000)
        page.get_by_role("heading", name="Workshops", exact=True).wait_for(timeout=60_000)

        # 2. Preview module 1, as a participant will see it.
        workshop(page, "Foundations: what resilience").get_by_role("button", name="Preview").click()
        page.locator(".huddle-home-preview").get_by_text("Activity 1 of 17").wait_for(timeout=20_000)
        page.get_by_role("button", name="Next ▶").click()
        page.locator(".huddle-home-preview").get_by_text("Activity 2 of 17").wait_for(timeout=20_000)
        assert page.locator(".huddle-home-phone").count() == 1
        assert "Say:" not in page.locator(".huddle-home-phone").inner_text()  # speaker notes are not a participant's

        # 3. Start it: its join link, QR code and dashboard.
        workshop(page, "Foundations: what resilience").get_by_role("button", name="Start").click()
        card = page.locator(".huddle-home-started")
        card.wait_for(timeout=20_000)
        code = card.locator(".huddle-home-bigcode").inner_text().strip()
        assert card.locator("svg").count() == 1 and f"code={code}" in card.get_by_role("link", name=re.compile(code)).get_attribute("href")
        listed = requests.get(f"{server.api}/sessions", headers={"Authorization": f"Bearer {server.admin_token}"}, timeout=10).json()["sessions"]
        assert {"code": code, "workshop": "foundations"}.items() <= next(s for s in listed if s["code"] == code).items()

        # 4. Adapt a copy: every problem shows with its line as it is typed, then it is saved.
        workshop(page, "Foundations: what resilience").get_by_role("button", name="Adapt a copy").click()
        page.get_by_text("No problems: foundations-copy is ready to save").wait_for(timeout=20_000)
        editor = page.get_by_label("The workshop file (YAML)")
        text = editor.input_value()
        assert text.startswith("# Module 1") and "based_on: foundations" in text
        title = next(line for line in text.splitlines() if line.startswith("title:"))
        assert "(our copy)" in title
        broken = text.replace("id: foundations-copy", "id: foundations-nurses").replace(title, 'title: ""').replace("minutes: 60\n", "minutes: 61\n", 1)
        editor.fill(broken)
        problems = page.locator(".huddle-home-problems")
        problems.wait_for(timeout=20_000)
        title_line = broken.splitlines().index('title: ""') + 1
        wait_until(lambda: f"Line {title_line}: title" in problems.inner_text(), timeout=20, message="the title's problem and its line")
        assert "add up to 60 minutes, not 61" in problems.inner_text()
        assert page.get_by_role("button", name="Save workshop").is_disabled()
        editor.fill(broken.replace('title: ""', 'title: "Foundations for nurses and midwives"').replace("minutes: 61\n", "minutes: 60\n", 1))
        page.get_by_text("No problems: foundations-nurses is ready to save").wait_for(timeout=20_000)
        page.get_by_role("button", name="Save workshop").click()
        page.get_by_text("is saved. It is in the workshop list").wait_for(timeout=20_000)
        mine = workshop(page, "Foundations for nurses and midwives")
        assert "your site's" in mine.inner_text()
        with page.expect_download() as downloaded:
            mine.get_by_role("button", name="Download file").click()
        assert "Foundations for nurses and midwives" in Path(downloaded.value.path()).read_text()

        # 5. Run the copy: start it and open its dashboard, which needs no key in its address.
        mine.get_by_role("button", name="Start").click()
        page.locator(".huddle-home-started", has_text="Foundations for nurses and midwives").wait_for(timeout=20_000)
        screenshot(page, "home-started-1280x720")
        with context.expect_page() as opened:
            page.get_by_role("link", name=re.compile("Open its dashboard")).click()
        dashboard = opened.value
        dashboard.get_by_text("Foundations for nurses and midwives").first.wait_for(timeout=60_000)
        assert "key=" not in dashboard.url
        dashboard.get_by_role("button", name=re.compile("^Open")).first.wait_for(timeout=30_000)
        # The guide's speaker notes came with the copy (based_on).
        assert dashboard.locator(".huddle-notes").count() >= 1
        dashboard.close()

        # 6. Look back: the earlier session's report, run-sheet and answers.
        page.reload()
        session = session_entry(page, earlier["code"])
        session.wait_for(timeout=60_000)
        assert "Ended" in session.inner_text() and "5 joined" in session.inner_text()
        with page.expect_download() as report:
            session.get_by_role("button", name="Report").click()
        assert report.value.suggested_filename == f"huddle-report-{earlier['code']}.html"
        body = Path(report.value.path()).read_text()
        assert "Huddle demo" in body and "<html" in body
        with page.expect_download() as answers:
            session.get_by_role("button", name="Answers (CSV)").click()
        assert answers.value.suggested_filename.endswith(".csv") and "energy" in Path(answers.value.path()).read_text()

        # 7. Delete it, after saying yes.
        session.get_by_role("button", name="Delete…").click()
        page.get_by_role("button", name=f"Yes, delete {earlier['code']}").click()
        page.get_by_text(f"Session {earlier['code']} and every answer in it were deleted.").wait_for(timeout=20_000)
        assert requests.get(f"{server.api}/sessions/{earlier['code']}", timeout=10).status_code == 404
    finally:
        context.close()


def test_the_home_is_accessible_and_fits_every_screen(home_server: Server, chromium):
    for name, size in SIZES.items():
        context = chromium.new_context(viewport=size, bypass_csp=True)  # axe is injected as an inline script
        try:
            page = context.new_page()
            # Each browser signs in with the form, as one without the printed link would.
            page.goto(f"{home_server.base}/voila/render/home.ipynb")
            page.get_by_label("Admin token").fill(home_server.admin_token)
            if name == "phone":
                assert axe_violations(page) == [], describe(axe_violations(page))
                screenshot(page, "home-sign-in-phone")
            page.get_by_role("button", name="Sign in").click()
            page.get_by_role("heading", name="Workshops", exact=True).wait_for(timeout=60_000)
            workshop(page, "Foundations: what resilience").get_by_role("button", name="Preview").click()
            page.locator(".huddle-home-preview").get_by_text("Activity 1 of 17").wait_for(timeout=20_000)
            workshop(page, "Huddle demo").get_by_role("button", name="Adapt a copy").click()
            page.get_by_text("No problems: demo-copy").wait_for(timeout=20_000)
            violations = axe_violations(page)
            assert violations == [], describe(violations)
            widest = page.evaluate("() => Math.max(...[...document.querySelectorAll('.huddle-home *')].map(e => e.getBoundingClientRect().right))")
            assert widest <= size["width"] + 1, f"something sticks out of a {size['width']} px screen"
            screenshot(page, f"home-{name}")
        finally:
            context.close()


def test_the_home_works_by_keyboard(home_server: Server, chromium):
    context = chromium.new_context(viewport=SIZES["1280x720"])
    try:
        page = context.new_page()
        page.goto(f"{home_server.base}/huddle/sign-in")
        page.keyboard.type(home_server.admin_token)  # the token field has focus when the form opens
        page.keyboard.press("Enter")
        page.get_by_role("heading", name="Workshops", exact=True).wait_for(timeout=60_000)
        # Tab to the first workshop's Preview button and press it.
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement && document.activeElement.textContent.trim() === 'Preview'"):
                break
        else:
            pytest.fail("Tab never reached a Preview button")
        page.keyboard.press("Enter")
        page.locator(".huddle-home-preview").get_by_text("Activity 1 of").wait_for(timeout=20_000)
    finally:
        context.close()
