"""The answer widgets and skill exercises at 320 px and at 200 % zoom, and the states they expose.

At 320×640 (the narrowest phone WCAG asks for) and 640×720 (a 1280 px window at 200 % zoom)
every activity of the demo workshop is walked, self-paced, and measured in the page: nothing
scrolls sideways (neither the document nor any of Voila's or ipywidgets' scrolling boxes), and
every visible button, input and label lies inside the window and is not cut by an ancestor that
hides overflow. Selected states (a ticked flag, a pressed chip, a sorted task) are measured too.

Then, at phone size, what a screen-reader or keyboard user relies on: radio groups named by their
prompt, ranking buttons named after their option and keeping focus as the option moves, the
pacer's buttons keeping focus, pressed states on toggle buttons, one skip wording, focus rings.
"""

from __future__ import annotations

import pytest
from browser import PHONE, screenshot

from huddle.content import find_workshop

pytestmark = pytest.mark.browser

SIZES = {"320px": {"width": 320, "height": 640}, "zoom-200": {"width": 640, "height": 720}}

#: What is wrong with the page's width, as sentences (empty when all fits).
MEASURE = """
() => {
  const width = window.innerWidth;
  const problems = [];
  const name = (e) => {
    const text = (e.getAttribute('aria-label') || e.textContent || e.placeholder || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    return `<${e.tagName.toLowerCase()} class="${typeof e.className === 'string' ? e.className : ''}"> "${text}"`;
  };
  const root = document.scrollingElement || document.documentElement;
  if (root.scrollWidth > width + 1) problems.push(`the page scrolls sideways: ${root.scrollWidth} > ${width}`);
  // Voila scrolls an inner box, and every ipywidgets box may scroll: none may scroll sideways.
  for (const e of document.querySelectorAll('body, body *')) {
    const style = getComputedStyle(e);
    if (/(auto|scroll)/.test(style.overflowX) && e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)
      problems.push(`${name(e)} scrolls sideways: ${e.scrollWidth} > ${e.clientWidth}`);
  }
  for (const e of document.querySelectorAll('button, input, textarea, select, label, summary, [role=button]')) {
    const box = e.getBoundingClientRect();
    const style = getComputedStyle(e);
    // Screen-reader-only labels are 1 px boxes, clipped on purpose.
    if (box.width <= 2 || box.height <= 2 || style.visibility === 'hidden') continue;
    if (box.left < -0.5 || box.right > width + 0.5)
      problems.push(`${name(e)} is outside the window: ${Math.round(box.left)}..${Math.round(box.right)} of ${width}`);
    if (/(hidden|clip)/.test(style.overflowX) && !['INPUT', 'TEXTAREA'].includes(e.tagName) && e.scrollWidth > e.clientWidth + 1)
      problems.push(`${name(e)} cuts its own text: ${e.scrollWidth} > ${e.clientWidth}`);
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      const cutsX = /(hidden|clip|auto|scroll)/.test(s.overflowX), cutsY = /(hidden|clip)/.test(s.overflowY);
      if (!cutsX && !cutsY) continue;
      const outer = a.getBoundingClientRect();
      if (cutsX && (box.left < outer.left - 0.5 || box.right > outer.right + 0.5)) {
        problems.push(`${name(e)} is cut sideways by ${name(a)}: ${Math.round(box.left)}..${Math.round(box.right)} in ${Math.round(outer.left)}..${Math.round(outer.right)}`);
        break;
      }
      // Above or below a scrolling box is only scrolled out of view, not cut.
      if (/(auto|scroll)/.test(s.overflowX) || /(auto|scroll)/.test(s.overflowY)) break;
      if (cutsY && (box.top < outer.top - 0.5 || box.bottom > outer.bottom + 0.5)) {
        problems.push(`${name(e)} is cut by ${name(a)}: ${Math.round(box.top)}..${Math.round(box.bottom)} in ${Math.round(outer.top)}..${Math.round(outer.bottom)}`);
        break;
      }
    }
  }
  return problems;
}
"""


def heading(page, text: str, timeout: float = 30_000) -> None:
    page.get_by_role("heading", name=text).first.wait_for(timeout=timeout)


def walk(server, page):
    """Join a new self-paced demo session and yield each activity once it is on screen."""
    session = server.create_session()
    server.control(session, "self_paced", enabled=True)
    page.goto(session["join_url"])
    page.get_by_role("button", name="Join", exact=True).click(timeout=60_000)
    for number, activity in enumerate(find_workshop("demo").activities):
        if number:
            page.get_by_role("button", name="Next ▶").last.click()
        heading(page, activity.prompt)
        page.wait_for_timeout(250)  # the widgets' last update paints
        yield activity


#: For some activities, a second state worth measuring: what a press or a tick shows.
def _choose(page, activity_id: str) -> bool:
    if activity_id == "priorities":
        page.get_by_role("button", name="Move Say in my schedule up").click()
    elif activity_id == "goal":
        for chip in ("Specific", "Measurable", "Achievable", "Relevant", "Time-bound"):
            page.get_by_role("button", name=chip).first.click()
    elif activity_id == "sort":
        for task, quadrant in (("Finish the discharge summaries", "Hand off"), ("Scroll the group chat", "Drop")):
            page.locator(".huddle-task", has_text=task).get_by_role("button", name=quadrant).click()
        page.locator(".huddle-matrix").wait_for()
    elif activity_id == "flags":
        for option in page.locator(".huddle-option").all():
            option.click()
        page.get_by_text("One small need met this week").wait_for()
    elif activity_id == "workload":
        page.locator(".huddle-scale label", has_text="5").click()
    else:
        return False
    page.wait_for_timeout(250)
    return True


@pytest.mark.parametrize("size", SIZES)
def test_every_activity_fits_without_sideways_scrolling_or_clipping(server, chromium, size):
    context = chromium.new_context(viewport=SIZES[size])
    page = context.new_page()
    found: dict[str, list[str]] = {}
    try:
        for activity in walk(server, page):
            problems = page.evaluate(MEASURE)
            if _choose(page, activity.id):
                problems += [f"after choosing: {p}" for p in page.evaluate(MEASURE)]
            if problems:
                screenshot(page, f"small-{activity.id}-{size}")
                found[activity.id] = problems
    finally:
        context.close()
    assert not found, "\n".join(f"[{a}]\n  " + "\n  ".join(p) for a, p in found.items())


def focused_name(page) -> str:
    return page.evaluate("() => { const e = document.activeElement; return e ? (e.getAttribute('aria-label') || e.textContent.trim()) : ''; }")


def test_names_states_and_focus_of_the_answer_controls(server, chromium):
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        for activity in walk(server, page):
            if activity.kind in ("mood", "choice", "scale"):
                # A radio group is named by its prompt, and one Tab stop: arrows move the choice.
                group = page.get_by_role("radiogroup", name=activity.prompt)
                group.wait_for()
                assert page.get_by_role("button", name="Skip this one").is_visible()
            if activity.id == "energy":
                page.get_by_role("radio", name="Charged up").focus()
                page.keyboard.press("ArrowDown")
                assert page.get_by_role("radio", name="Steady").is_checked()
                page.get_by_role("button", name="Send answer").click()
                page.get_by_text("Received").wait_for(timeout=10_000)
            elif activity.id == "workload":
                assert page.get_by_role("radiogroup", name="1 = Not at all, 5 = Completely").count() == 1
            elif activity.id == "one-word":
                box = page.get_by_role("textbox", name="Word 1 of 2")
                box.focus()
                ring = box.evaluate("e => { const s = getComputedStyle(e); return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }")
                assert ring[0] == "solid" and ring[1] >= 2 and ring[2] == "rgb(29, 43, 54)", ring
                screenshot(page, "states-word-cloud-focus-phone")
            elif activity.id == "small-win":
                assert page.get_by_role("textbox", name=activity.prompt).count() == 1
            elif activity.id == "priorities":
                # Moving an option keeps focus on that option's button, wherever the row went.
                page.get_by_role("button", name="Move Connection with peers up").click()
                page.wait_for_function("() => document.activeElement && document.activeElement.getAttribute('aria-label') === 'Move Connection with peers up'")
                page.get_by_role("status").filter(has_text="Connection with peers: now 2 of 4").wait_for(state="attached")
                page.keyboard.press("Enter")  # again, from the keyboard: now at the top, "up" is disabled
                page.wait_for_function("() => document.activeElement && document.activeElement.getAttribute('aria-label') === 'Move Connection with peers down'")
                rows = page.locator(".huddle-rank-row").all_inner_texts()
                assert rows[0].startswith("1. Connection with peers"), rows
                assert page.get_by_role("button", name="Move Connection with peers up").is_disabled()
                screenshot(page, "states-ranking-focus-phone")
            elif activity.id == "breathe":
                # The pacer's buttons keep focus; the one that reaches its limit hands it on.
                shorter = page.get_by_role("button", name="Shorter In")
                shorter.focus()
                page.keyboard.press("Enter")
                assert focused_name(page) == "Shorter In"
                page.keyboard.press("Enter")  # 2 s is the shortest in-breath
                page.wait_for_function("() => document.activeElement && document.activeElement.getAttribute('aria-label') === 'Longer In'")
                assert shorter.is_disabled()
            elif activity.id == "goal":
                chip = page.get_by_role("group", name="SMART checks your micro goal meets").get_by_role("button", name="Specific")
                assert chip.get_attribute("aria-pressed") == "false"
                chip.click()
                page.wait_for_function("() => document.querySelector('.huddle-chips [aria-pressed=true]')")
                assert chip.get_attribute("aria-pressed") == "true"
                assert chip.evaluate("e => getComputedStyle(e, '::before').content").startswith('"✓')
                screenshot(page, "states-smart-goal-pressed-phone")
            elif activity.id == "sort":
                task = page.get_by_role("group", name="Reply to the rota email")
                task.get_by_role("button", name="Plan").click()
                page.wait_for_function("() => document.querySelector('.huddle-quadrant-pick [aria-pressed=true]')")
                pressed = [b.get_attribute("aria-pressed") for b in task.get_by_role("button").all()]
                assert pressed == ["false", "true", "false", "false"], pressed
                page.get_by_role("group", name="Your tasks by quadrant").wait_for()
                screenshot(page, "states-priority-sort-pressed-phone")
            elif activity.id == "flags":
                page.get_by_role("radiogroup", name="If you like, tell the room anonymously which one you recognise most.").wait_for()
                assert page.get_by_role("button", name="Skip this one").is_visible()
            elif activity.kind in ("reframe", "journal"):
                for box in page.locator(".huddle-exercise textarea").all():
                    assert box.evaluate("e => e.labels.length === 1 && e.labels[0].textContent.trim().length > 3")
    finally:
        context.close()
