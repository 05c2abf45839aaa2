"""Debian's Chromium driven by Playwright, the way a participant's browser would be."""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}

# The flags this machine's Chromium needs: no sandbox as root, and no background traffic,
# which a closed network refuses.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def screenshot(page, name: str) -> Path:
    """Save a screenshot of the whole page under test-artifacts/screenshots/.

    Voila scrolls an inner panel, not the document, so the window is made as tall as the
    content for the picture and then put back.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size
    tallest = page.evaluate("() => Math.max(...[...document.querySelectorAll('body *')].map(e => e.scrollHeight))")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(tallest) + 40, 4000))})
    try:
        page.screenshot(path=str(path))
    finally:
        page.set_viewport_size(size)
    return path


def join_and_answer_energy(page, *, timeout: float = 30_000) -> None:
    """From the privacy notice: join, answer the demo's energy question with "Steady", see it received."""
    page.get_by_text("Before you join").wait_for(timeout=timeout)
    page.get_by_role("button", name="Join", exact=True).click()
    page.get_by_role("heading", name="Which best describes your energy right now?").wait_for(timeout=timeout)
    page.locator(".widget-radio-box label", has_text="Steady").click()
    page.get_by_role("button", name="Send answer").click()
    page.get_by_text("Received").wait_for(timeout=15_000)


@contextmanager
def pages_at(chromium, sizes: dict[str, dict[str, int]]):
    """One page per named viewport size, each in its own browser context, closed afterwards."""
    contexts = {name: chromium.new_context(viewport=size) for name, size in sizes.items()}
    try:
        yield {name: context.new_page() for name, context in contexts.items()}
    finally:
        for context in contexts.values():
            context.close()
