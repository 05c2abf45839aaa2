"""The bundled curriculum: six modules, their facilitator guides, and the follow-up reflections.

Guides, workshop files and notebooks name each other; these tests read all three and check
that they agree, so a renamed file or a changed timing cannot drift out of step unnoticed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from huddle.content import bundled_workshops, check_text
from huddle.content.reflections import bundled_reflection_ids, load_reflection
from huddle.model import KINDS
from huddle.model.kinds import EXERCISE_KINDS
from huddle.model.reflection import check_reflection, journal_markdown
from huddle.participant.answers import ANSWER_WIDGETS
from huddle.participant.exercises import EXERCISE_WIDGETS

ROOT = Path(__file__).resolve().parent.parent
GUIDES = ROOT / "facilitator_guides"
WORKSHOPS = ROOT / "src" / "huddle" / "content" / "workshops"
MODULES = [
    "foundations",
    "stress-and-the-body",
    "thinking-traps",
    "coping-that-backfires",
    "time-and-balance",
    "connection-and-help-seeking",
]
GUIDE_SECTIONS = [
    "Objectives", "Timing", "Materials and tech set-up", "Script",
    "Small-group prompts", "Safety notes", "Adaptations", "Evaluation",
]
NOTES_SECTIONS = [
    "Running the technology", "Group agreements", "Distress protocol", "Escalation",
    "Co-facilitation", "Adapting for international medical graduates", "Running online", "Activity kinds",
]
REFLECTION_NOTEBOOKS = {"reflection-1-week.ipynb": "one-week", "reflection-4-weeks.ipynb": "four-weeks"}


def front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S)
    assert match, f"{path.name} starts with YAML front matter"
    return yaml.safe_load(match.group(1)), match.group(2)


def sections(body: str) -> dict[str, str]:
    parts = re.split(r"^## (.+)$", body, flags=re.M)
    return {title.strip(): text for title, text in zip(parts[1::2], parts[2::2])}


def workshop_file(module: str) -> dict:
    return yaml.safe_load((WORKSHOPS / f"{module}.yaml").read_text(encoding="utf-8"))


GUIDE_FILES = {front_matter(p)[0]["workshop"]: p for p in sorted(GUIDES.glob("0*.md"))}


def test_six_modules_each_with_a_guide():
    assert sorted(GUIDE_FILES) == sorted(f"src/huddle/content/workshops/{m}.yaml" for m in MODULES)
    assert [front_matter(p)[0]["module"] for p in sorted(GUIDES.glob("0*.md"))] == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("module", MODULES)
def test_module_file_validates_and_has_the_agreed_shape(module):
    workshop = bundled_workshops()[module]  # raises with every problem if the file is invalid
    assert 60 <= workshop.minutes <= 90
    assert sum(a.minutes for a in workshop.activities) == workshop.minutes
    first, *_, helped, change = workshop.activities
    assert first.id == "check-in" and first.kind in ("mood", "scale")
    assert (helped.id, change.id) == ("feedback-helped", "feedback-change")
    assert change.kind == "text"
    kinds = {a.kind for a in workshop.activities}
    assert "group_report" in kinds, "every module has a small-group activity"
    assert kinds & set(EXERCISE_KINDS), "every module practises at least one skill"


def test_the_modules_together_practise_every_skill_exercise():
    used = {a.kind for m in MODULES for a in bundled_workshops()[m].activities}
    assert set(EXERCISE_KINDS) <= used


@pytest.mark.parametrize("module", MODULES)
def test_guide_and_workshop_file_name_each_other(module):
    path = f"src/huddle/content/workshops/{module}.yaml"
    guide = GUIDE_FILES[path]
    meta, body = front_matter(guide)
    data = workshop_file(module)
    assert data["facilitator_guide"] == f"facilitator_guides/{guide.name}"
    assert meta["title"] == data["title"] and meta["minutes"] == data["minutes"]
    assert meta["notebook"] == data["notebook"] == "notebooks/join.ipynb"
    assert meta["group_size"] == data["group_size"]
    for notebook in [meta["notebook"], *meta["reflection"]]:
        assert (ROOT / notebook).is_file(), notebook
    assert sorted(Path(n).name for n in meta["reflection"]) == sorted(REFLECTION_NOTEBOOKS)


@pytest.mark.parametrize("module", MODULES)
def test_guide_follows_the_shape_and_times_every_activity(module):
    meta, body = front_matter(GUIDE_FILES[f"src/huddle/content/workshops/{module}.yaml"])
    found = sections(body)
    assert [title for title in found if title in GUIDE_SECTIONS] == GUIDE_SECTIONS
    timing = found["Timing"]
    rows = [line for line in timing.splitlines() if line.startswith("|")]
    for activity in bundled_workshops()[module].activities:
        assert f"`{activity.id}`" in timing, f"{activity.id} is in the timing table"
        assert f"`{activity.id}`" in found["Script"], f"{activity.id} is in the script"
    assert len(rows) >= len(bundled_workshops()[module].activities) + 2  # header, rule, one row each
    for heading in ("### Online", "### IMG-focused"):
        assert heading in found["Adaptations"]
    assert "facilitator-notes.md" in body
    assert not re.search(r"\b(TODO|FIXME|TBD)\b|lorem ipsum", body, re.I)


def test_facilitator_notes_cover_technology_safety_and_every_kind():
    text = (GUIDES / "facilitator-notes.md").read_text(encoding="utf-8")
    found = sections(text)
    assert [title for title in found if title in NOTES_SECTIONS] == NOTES_SECTIONS
    described = set(re.findall(r"^### (\S+)$", found["Activity kinds"], re.M))
    used = {a.kind for w in bundled_workshops().values() for a in w.activities}
    assert used <= described == set(KINDS)


def test_every_kind_used_has_a_widget():
    used = {a.kind for w in bundled_workshops().values() for a in w.activities}
    assert used <= set(ANSWER_WIDGETS) | set(EXERCISE_WIDGETS)


def test_activities_that_touch_hard_experiences_carry_a_content_note():
    noted = [a for m in MODULES for a in bundled_workshops()[m].activities if a.content_note]
    assert len(noted) >= 4
    assert all(len(a.content_note) <= 300 for a in noted)


# follow-up reflections ----------------------------------------------------------------------


@pytest.mark.parametrize("notebook, reflection_id", REFLECTION_NOTEBOOKS.items())
def test_reflection_notebooks_are_thin_and_load_their_content(notebook, reflection_id):
    cells = json.loads((ROOT / "notebooks" / notebook).read_text())["cells"]
    source = "".join("".join(c["source"]) for c in cells)
    assert f'reflection_app("{reflection_id}")' in source and len(source.splitlines()) <= 5
    reflection = load_reflection(reflection_id)
    assert reflection.weeks == (1 if reflection_id == "one-week" else 4)
    assert any(s.exercise for s in reflection.sections), "a reflection revisits at least one skill"


def test_follow_up_sessions_point_at_the_reflection_notebooks():
    for weeks, notebook in (("1-week", "reflection-1-week.ipynb"), ("4-weeks", "reflection-4-weeks.ipynb")):
        data = workshop_file(f"followup-{weeks}")
        assert data["self_paced"] is True and data["notebook"] == f"notebooks/{notebook}"
        workshop = bundled_workshops()[f"followup-{weeks}"]
        assert all(KINDS[a.kind].collects for a in workshop.activities), "a check-in asks only anonymous choices"
        assert not any(KINDS[a.kind].free_text for a in workshop.activities)


def test_bundled_reflections_are_exactly_the_two():
    assert bundled_reflection_ids() == ["four-weeks", "one-week"]


@pytest.mark.parametrize("placeholder", ["TODO", "FIXME", "Lorem ipsum dolor"])
def test_placeholders_are_rejected_in_workshops_and_reflections(placeholder):
    text = (WORKSHOPS / "foundations.yaml").read_text(encoding="utf-8")
    first_prompt = bundled_workshops()["foundations"].activities[0].prompt
    broken = text.replace(first_prompt, f"{placeholder} {first_prompt}", 1)
    assert broken != text
    workshop, problems = check_text(broken, "foundations.yaml")
    assert workshop is None and any("placeholder" in p.message for p in problems)
    data = yaml.safe_load((ROOT / "src/huddle/content/reflections/one-week.yaml").read_text())
    data["sections"][0]["prompts"][0] = f"{placeholder}: write this"
    assert any("placeholder" in p.message for p in check_reflection(data))


def test_reflection_problems_are_each_reported_with_their_place():
    data = yaml.safe_load((ROOT / "src/huddle/content/reflections/four-weeks.yaml").read_text())
    data["weeks"] = 0
    data["sections"][1]["exercise"] = {"kind": "word_cloud"}
    data["sections"][2]["prompts"] = []
    data["sections"][3]["colour"] = "blue"
    where = {p.path: p.message for p in check_reflection(data)}
    assert ("weeks",) in where
    assert "skill exercises" in where[("sections", 1, "exercise", "kind")]
    assert ("sections", 2, "prompts") in where and ("sections", 3, "colour") in where


def test_journal_download_holds_only_what_was_written():
    reflection = load_reflection("one-week")
    first, second = reflection.sections[0], reflection.sections[1]
    text = journal_markdown(
        reflection,
        {first.id: ["A steady week", "", ""], second.id: [""]},
        {second.id: "Paced breathing: 4 breaths."},
        date="2026-11-22",
    )
    assert text.startswith(f"# {reflection.title}\n")
    assert f"## {first.title}" in text and f"**{first.prompts[0]}**\n\nA steady week" in text
    assert first.prompts[1] not in text, "unanswered prompts are left out"
    assert "Paced breathing: 4 breaths." in text
    assert f"## {reflection.sections[2].title}" not in text
    empty = journal_markdown(reflection, {}, {}, date="2026-11-22")
    assert "You have not written anything yet." in empty
