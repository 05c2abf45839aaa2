"""The projector fits whatever screen the lecture hall has: from a 1024×768 projector to a 4K
screen, the code, the join address, the QR code, the prompt and the results are all in view
without scrolling and nothing overlaps, also when the prompt takes several lines. The short
address it shows (HOST/CODE) is one a browser can really open."""

from __future__ import annotations

import pytest
import requests
from browser import DESKTOP, screenshot
from servers import participant

pytestmark = pytest.mark.browser

SIZES = [(1024, 768), (1280, 720), (1366, 768), (1920, 1080), (3840, 2160)]

#: The boxes of what the room must see, measured in the page: text by the extent of its text
#: (a line that overflows its box still counts), the chart by the picture drawn inside its
#: <img> (object-fit: contain keeps it whole, at the box's top left).
BOXES = """() => {
  const text = (selector) => {
    const element = document.querySelector(selector);
    if (!element) return null;
    const range = document.createRange();
    range.selectNodeContents(element);
    const box = range.getBoundingClientRect();
    const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    return {left: box.left, top: box.top, right: box.right, bottom: box.bottom, lines: tops.size};
  };
  const box = (selector) => {
    const element = document.querySelector(selector);
    if (!element) return null;
    const r = element.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
  };
  const picture = () => {
    const img = document.querySelector('.huddle-projector-results img');
    if (!img || !img.naturalWidth) return null;
    const r = img.getBoundingClientRect();
    const scale = Math.min(r.width / img.naturalWidth, r.height / img.naturalHeight);
    return {left: r.left, top: r.top, right: r.left + img.naturalWidth * scale, bottom: r.top + img.naturalHeight * scale, scale};
  };
  const projector = document.querySelector('.huddle-projector');
  const corner = document.elementFromPoint(1, 1);
  return {
    code: text('.huddle-join-code'), address: text('.huddle-join-url'), qr: box('.huddle-qr svg'),
    prompt: text('.huddle-projector-prompt'), results: picture(),
    timer: document.querySelector('.huddle-projector .huddle-timer:not([hidden])') ? text('.huddle-projector .huddle-timer') : null,
    frame: projector.getBoundingClientRect().toJSON(), corner: Boolean(corner && projector.contains(corner)),
    scrolls: projector.scrollHeight > projector.clientHeight + 1 || projector.scrollWidth > projector.clientWidth + 1,
    page: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
  };
}"""


def overlap(a: dict, b: dict) -> float:
    """The area two boxes share (0 when they only touch)."""
    width = min(a["right"], b["right"]) - max(a["left"], b["left"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return max(0.0, width) * max(0.0, height)


def check_fits(projector, size: tuple[int, int], *, lines: int, timer: bool = False) -> dict:
    width, height = size
    projector.set_viewport_size({"width": width, "height": height})
    projector.wait_for_timeout(400)
    found = projector.evaluate(BOXES)
    where = f"at {width}×{height}: {found}"
    parts = {name: found[name] for name in ("code", "address", "qr", "prompt", "results", *(["timer"] if timer else []))}
    assert all(parts.values()), f"something is missing {where}"
    for name, part in parts.items():
        assert part["left"] >= -0.5 and part["top"] >= -0.5 and part["right"] <= width + 0.5 and part["bottom"] <= height + 0.5, f"the {name} is not wholly in view {where}"
    names = list(parts)
    for number, first in enumerate(names):
        for second in names[number + 1:]:
            assert overlap(parts[first], parts[second]) < 1, f"the {first} and the {second} overlap {where}"
    assert parts["prompt"]["lines"] >= lines, f"the prompt should wrap here {where}"
    # Sizes follow the window: on a 4K screen the code and the chart are not 1080p-sized.
    assert parts["code"]["bottom"] - parts["code"]["top"] >= height * 0.05, f"the code is too small to read from the back {where}"
    assert (parts["results"]["bottom"] - parts["results"]["top"]) >= height * 0.35, f"the chart is too small {where}"
    assert not found["scrolls"] and found["page"] == [width, height], f"the projector scrolls {where}"
    frame = found["frame"]
    assert frame["x"] == 0 and frame["y"] == 0 and frame["width"] == width and frame["height"] == height and found["corner"], f"a frame shows around the projector {where}"
    return found


def test_the_projector_fits_every_common_screen(server, chromium):
    session = server.create_session()
    server.control(session, "open", activity="energy")
    for n in range(10):
        assert server.answer(session, "energy", participant(1200 + n), ["steady", "flat"][n % 2]).status_code == 201
    server.control(session, "reveal")
    context = chromium.new_context(viewport=DESKTOP)
    try:
        dashboard = context.new_page()
        dashboard.goto(session["dashboard_url"])
        link = dashboard.get_by_role("link", name="Open the projector view")
        link.wait_for(timeout=60_000)
        with context.expect_page() as opened:
            link.click()
        projector = opened.value
        projector.locator(".huddle-projector-results img").wait_for(timeout=60_000)
        assert projector.title() == f"Projector · {session['code']}"
        assert projector.get_by_text("Which best describes your energy right now?").count() == 1
        for size in SIZES:
            check_fits(projector, size, lines=1)
            screenshot(projector, f"projector-{size[0]}x{size[1]}")

        # A longer prompt, over two or three lines, and a running timer: the chart gets what is
        # left, still whole.
        server.control(session, "open", activity="recharge")
        server.control(session, "timer", seconds=300)
        for n in range(6):
            server.answer(session, "recharge", participant(1220 + n), ["sleep", "people"] if n % 2 else ["sleep", "quiet", "people"])
        server.control(session, "reveal")
        projector.get_by_role("heading", name="What has helped you recharge this month? Pick any that apply.").wait_for(timeout=15_000)
        projector.locator(".huddle-projector-results img[alt*='A proper night']").wait_for(timeout=15_000)
        projector.locator(".huddle-projector .huddle-timer:not([hidden])").wait_for(timeout=15_000)
        for size in SIZES:
            check_fits(projector, size, lines=2, timer=True)
            screenshot(projector, f"projector-long-prompt-{size[0]}x{size[1]}")
        alt = projector.locator(".huddle-projector-results img").get_attribute("alt")
        assert "A proper night's sleep: 6" in alt and "Time with people I like: 6" in alt, alt

        # The short address on the screen is one a browser can open: it leads to the join page.
        shown = projector.locator(".huddle-join-url").inner_text().replace("\n", "").strip()
        assert shown == f"127.0.0.1:{server.port}/{session['code']}"
        first = requests.get(f"http://{shown.lower()}", allow_redirects=False, timeout=10)
        assert first.status_code == 302 and first.headers["Location"] == f"/voila/render/join.ipynb?code={session['code']}"
        followed = requests.get(f"http://{shown}", timeout=60)
        assert followed.status_code == 200 and followed.url == f"{server.base}/voila/render/join.ipynb?code={session['code']}"
        assert requests.get(f"{server.base}/BBBBBB", allow_redirects=False, timeout=10).status_code == 404, "six characters that cannot be a code"
        phone = context.new_page()
        phone.goto(f"http://{shown}")
        phone.get_by_text("Before you join").wait_for(timeout=60_000)
    finally:
        context.close()
