"""The reflection pages as widgets (no browser): folding sections, named boxes, "private" said once."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import ipywidgets as w
import pytest

from huddle.content.reflections import load_reflection
from huddle.participant.reflection import ReflectionApp
from huddle.participant.sections import after_next

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def widgets(root: w.Widget):
    """Every widget on the page, depth first."""
    yield root
    for child in getattr(root, "children", ()):
        yield from widgets(child)


def test_after_next_closes_this_section_and_opens_the_next():
    assert after_next([True, False, False], 0) == [False, True, False]
    assert after_next([True, False, True], 1) == [True, False, True]  # others keep what the person chose
    assert after_next([False, False, True], 2) == [False, False, False]  # the last one just closes


@pytest.mark.parametrize("reflection_id", ["one-week", "four-weeks"])
def test_only_the_first_section_is_open_and_next_moves_on(reflection_id):
    app = ReflectionApp(reflection_id)
    assert [s.expanded for s in app.sections] == [True] + [False] * (len(app.sections) - 1)
    assert [s.body.layout.display for s in app.sections] == [None] + ["none"] * (len(app.sections) - 1)
    titles = [s.toggle.title for s in app.sections]
    assert titles == [f"{n}. {section.title}" for n, section in enumerate(load_reflection(reflection_id).sections, start=1)]
    focus = app.sections[1].toggle.focus_requests
    app.next_section(0)
    assert [s.expanded for s in app.sections][:2] == [False, True]
    assert app.sections[0].body.layout.display == "none" and app.sections[1].body.layout.display is None
    assert app.sections[1].toggle.focus_requests == focus + 1
    # The last section has no "Next" button; every other one names where it goes.
    nexts = [[c.description for c in s.body.children if isinstance(c, w.Button) and c.description.startswith("Next: ")] for s in app.sections]
    assert nexts[:-1] == [[f"Next: {t} ▶"] for t in titles[1:]] and nexts[-1] == []


@pytest.mark.parametrize("reflection_id", ["one-week", "four-weeks"])
def test_every_prompt_box_is_named_by_its_question(reflection_id):
    # The question is the box's own description, which ipywidgets draws as its <label for>, above it.
    app = ReflectionApp(reflection_id)
    for section in load_reflection(reflection_id).sections:
        boxes = app.boxes[section.id]
        assert [box.description for box in boxes] == [html.escape(prompt) for prompt in section.prompts]
        assert all("huddle-field" in box._dom_classes for box in boxes)


@pytest.mark.parametrize("reflection_id", ["one-week", "four-weeks"])
def test_the_page_says_private_once(reflection_id):
    app = ReflectionApp(reflection_id)
    texts = " ".join(
        re.sub(r"<[^>]+>", " ", widget.value)
        for widget in widgets(app.view)
        if isinstance(widget, w.HTML) and not widget.value.lstrip().startswith("<style>")
    )
    assert len(re.findall(r"\bprivate\b", texts, re.I)) == 1, texts


@pytest.mark.parametrize("notebook, title", [("reflection-1-week.ipynb", "Reflection · One week on"), ("reflection-4-weeks.ipynb", "Reflection · Four weeks on")])
def test_each_reflection_notebook_has_its_own_page_title(notebook, title):
    # Voila writes the notebook's metadata title into the page's <title>.
    assert json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))["metadata"]["title"] == title
