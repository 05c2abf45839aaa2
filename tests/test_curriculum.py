"""The bundled curriculum: six modules, their facilitator guides, and the follow-up reflections.

Guides, workshop files and notebooks name each other; these tests read all three and check
that they agree, so a renamed file or a changed timing cannot drift out of step unnoticed.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import eightwords
from huddle.content import CURRICULUM, bundled_workshops, check_text
from huddle.content.reflections import bundled_reflection_ids, load_reflection
from huddle.model import KINDS
from huddle.model.kinds import EXERCISE_KINDS
from huddle.model.reflection import check_reflection, journal_markdown
from huddle.model.text import localized
from huddle.participant.answers import ANSWER_WIDGETS
from huddle.participant.exercises import EXERCISE_WIDGETS

ROOT = Path(__file__).resolve().parent.parent
GUIDES = ROOT / "facilitator_guides"
WORKSHOPS = ROOT / "src" / "huddle" / "content" / "workshops"
MODULES = list(CURRICULUM)
GUIDE_SECTIONS = [
    "Objectives", "Timing", "Materials and tech set-up", "Script",
    "Small-group prompts", "Safety notes", "Adaptations", "Evaluation",
]
NOTES_SECTIONS = [
    "Who facilitates", "Running the technology", "Group agreements", "Distress protocol", "Escalation",
    "A participant in crisis online", "Co-facilitation", "Adapting for nurses, pharmacists and other professions",
    "Adapting for international medical graduates", "Running online", "Activity kinds",
]
ADAPTATIONS = ["### 30 minutes", "### 60 minutes", "### 90 minutes", "### Online", "### IMG-focused", "### Nurses and pharmacists"]
ALLOWANCE_ROWS = {"Joining and settling": "joining", "Transitions": "transitions", "Break": "break"}
#: The modules with a paired rehearsal (a boundary, asking for help) and those that say when it is more than stress.
REHEARSALS = ("foundations", "coping-that-backfires", "connection-and-help-seeking")
MORE_THAN_STRESS = ("stress-and-the-body", "coping-that-backfires")
#: Objectives a reviewer cannot observe ("Know ...") are not allowed to open an objective.
UNMEASURABLE = re.compile(r"^(know|understand|appreciate|be aware|learn|feel)\b", re.I)
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
    """A module's file as data, its text in the file's main language (English)."""
    return localized(yaml.safe_load((WORKSHOPS / f"{module}.yaml").read_text(encoding="utf-8")))


GUIDE_FILES = {front_matter(p)[0]["workshop"]: p for p in sorted(GUIDES.glob("0*.md"))}


def test_six_modules_each_with_a_guide():
    assert sorted(GUIDE_FILES) == sorted(f"src/huddle/content/workshops/{m}.yaml" for m in MODULES)
    assert [front_matter(p)[0]["module"] for p in sorted(GUIDES.glob("0*.md"))] == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("module", MODULES)
def test_module_file_validates_and_has_the_agreed_shape(module):
    workshop = bundled_workshops()[module]  # raises with every problem if the file is invalid
    assert 60 <= workshop.minutes <= 90
    assert workshop.planned_minutes() == workshop.minutes
    # Slack for what is not an activity: joining, moving between activities, and a break in a long module.
    assert workshop.allowances.get("joining", 0) >= 2 and workshop.allowances.get("transitions", 0) >= 3
    if workshop.minutes >= 90:
        assert workshop.allowances.get("break", 0) >= 8 and workshop.break_after
    practice = sum(a.minutes for a in workshop.activities if a.kind in EXERCISE_KINDS)
    assert practice >= 6, f"{practice} minutes of skill practice"
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


def guide(module: str) -> tuple[dict, str, dict[str, str]]:
    """The front matter, body and ``##`` sections of a module's guide."""
    meta, body = front_matter(GUIDE_FILES[f"src/huddle/content/workshops/{module}.yaml"])
    return meta, body, sections(body)


def subsections(text: str) -> dict[str, str]:
    parts = re.split(r"^### (.+)$", text, flags=re.M)
    return {title.strip(): part for title, part in zip(parts[1::2], parts[2::2])}


def table(text: str) -> list[tuple[str, float]]:
    """``(first cell, last cell as minutes)`` of every body row of the Markdown tables in ``text``."""
    rows = []
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if len(cells) >= 2 and re.fullmatch(r"\d+(\.\d+)?", cells[-1]):
            rows.append((cells[0], float(cells[-1])))
    return rows


def ids_in(text: str) -> set[str]:
    return set(re.findall(r"`([a-z0-9][a-z0-9_-]*)`", text))


@pytest.mark.parametrize("module", MODULES)
def test_guide_follows_the_shape_and_scripts_every_activity(module):
    meta, body, found = guide(module)
    expected = list(GUIDE_SECTIONS)
    if module in MORE_THAN_STRESS:
        expected.insert(expected.index("Safety notes"), "When it is more than stress")
    assert [title for title in found if title in expected] == expected
    front = body.split("\n## ", 1)[0].strip()
    heading, _, intro = front.partition("\n")
    assert heading == f"# Module {meta['module']}. {meta['title']}"
    assert len(intro.split()) >= 30, "a guide opens with an introduction"
    script = found["Script"]
    assert not re.search(r"^### ", script, re.M), "scripts are paragraphs led by the activity id, as in every guide"
    for activity in bundled_workshops()[module].activities:
        assert f"**`{activity.id}`**" in script, f"{activity.id} is in the script"
    assert [heading for heading in subsections(found["Adaptations"]) if f"### {heading}" in ADAPTATIONS] == [a[4:] for a in ADAPTATIONS]
    assert "facilitator-notes.md" in body
    assert not re.search(r"\b(TODO|FIXME|TBD)\b|lorem ipsum", body, re.I)


@pytest.mark.parametrize("module", MODULES)
def test_timing_table_times_every_activity_and_the_allowances(module):
    workshop = bundled_workshops()[module]
    _, _, found = guide(module)
    rows = dict(table(found["Timing"]))
    for activity in workshop.activities:
        assert rows.pop(f"`{activity.id}`") == activity.minutes, activity.id
    assert {ALLOWANCE_ROWS[label]: minutes for label, minutes in rows.items()} == workshop.allowances
    assert sum(dict(table(found["Timing"])).values()) == workshop.minutes
    assert f"Total: {workshop.minutes:g} minutes." in found["Timing"]


@pytest.mark.parametrize("module", MODULES)
def test_every_timed_adaptation_adds_up(module):
    workshop = bundled_workshops()[module]
    adaptations = subsections(guide(module)[2]["Adaptations"])
    ids = {a.id for a in workshop.activities}
    for length in (30, 60, 90):
        text = adaptations[f"{length} minutes"]
        if length == workshop.minutes:
            assert "run as written" in text.lower()
            continue
        rows = table(text)
        assert sum(minutes for _, minutes in rows) == length, f"the {length}-minute plan adds up"
        assert f"Total: {length} minutes." in text
        labels = dict(rows)
        assert labels.get("Joining and settling", 0) >= 2
        if length >= 90:
            assert labels.get("Break", 0) >= 8, "a 90-minute plan has a break"
        assert ids_in(" ".join(labels)) <= ids, "an adaptation names only this module's activities"


@pytest.mark.parametrize("module", MODULES)
def test_objectives_are_measurable_and_name_what_evaluates_them(module):
    ids = {a.id for a in bundled_workshops()[module].activities}
    for item in objectives(module):
        assert not UNMEASURABLE.match(item), item
        evaluated = re.search(r"\*Evaluated by:\*(.+)$", item, re.S)
        assert evaluated, f"names the item that evaluates it: {item}"
        named = ids_in(evaluated.group(1))
        assert named and named <= ids, item


def objectives(module: str) -> list[str]:
    text = guide(module)[2]["Objectives"]
    items = [part.strip() for part in re.split(r"^\d+\. ", text, flags=re.M)[1:]]
    assert len(items) >= 3
    return [" ".join(item.split()) for item in items]


@pytest.mark.parametrize("module", REHEARSALS)
def test_people_rehearse_in_pairs(module):
    workshop = bundled_workshops()[module]
    rehearsals = [a for a in workshop.activities if a.id.startswith("rehearse-")]
    assert rehearsals and sum(a.minutes for a in rehearsals) >= 6
    script = guide(module)[2]["Script"]
    for activity in rehearsals:
        paragraph = script.split(f"**`{activity.id}`**", 1)[1].split("\n\n**`", 1)[0].lower()
        assert "pair" in paragraph or "partner" in paragraph
    wanted = {"coping-that-backfires": "rehearse-a-boundary", "connection-and-help-seeking": "rehearse-asking"}.get(module)
    assert wanted is None or wanted in {a.id for a in rehearsals}


@pytest.mark.parametrize("module", MORE_THAN_STRESS)
def test_stress_and_coping_say_when_it_is_more_than_stress(module):
    activity = bundled_workshops()[module].activity("more-than-stress")
    assert activity is not None and activity.content_note
    text = guide(module)[2]["When it is more than stress"].lower()
    for words in ("depression", "anxiety", "two weeks", "today", "support"):
        assert words in text, words


@pytest.mark.parametrize("module", MODULES)
def test_every_module_speaks_to_nurses_and_pharmacists(module):
    data = (WORKSHOPS / f"{module}.yaml").read_text(encoding="utf-8").lower()
    _, _, found = guide(module)
    for text in (data, found["Script"].lower(), subsections(found["Adaptations"])["Nurses and pharmacists"].lower()):
        assert "nurs" in text and "pharmac" in text


def curriculum_files() -> list[Path]:
    """Every file a facilitator reads aloud or a participant reads."""
    content = ROOT / "src" / "huddle" / "content"
    return sorted([*GUIDES.rglob("*.md"), *content.rglob("*.yaml")])


def test_the_facts_the_review_found_wrong_stay_fixed():
    for path in curriculum_files():
        text = " ".join(path.read_text(encoding="utf-8").replace("’", "'").split())
        name = path.relative_to(ROOT)
        assert "tells the body" not in text, f"{name}: a settled mechanism for the out-breath"
        assert not re.search(r"\b(six|6) hours\b", text, re.I), f"{name}: adults are advised seven or more hours of sleep"
        assert not re.search(r"(does|will|doesn't|won't) (not )?count against", text, re.I), f"{name}: a promise licensing rules can break"
        for stays in re.finditer(r"stays here", text, re.I):
            assert "unless" in text[stays.end(): stays.end() + 40], f"{name}: confidentiality has limits"
    from huddle.model.kinds.floors import DEFAULT_FLOORS

    sleep = next(floor for floor in DEFAULT_FLOORS if floor["id"] == "sleep")
    assert "7" in sleep["hint"] or "seven" in sleep["hint"]


def test_every_link_in_the_guides_resolves_and_the_promised_materials_exist():
    linked: set[Path] = set()
    for page in GUIDES.rglob("*.md"):
        for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text(encoding="utf-8")):
            if re.match(r"^(https?:|mailto:|tel:|#)", target):
                continue
            path = (page.parent / target.split("#")[0]).resolve()
            assert path.exists(), f"{page.name} links {target}"
            linked.add(path)
    for material in ("slides/group-agreements.md", "slides/thinking-traps.md", "scripts/body-scan.md", "LICENSE"):
        assert (GUIDES / material).resolve() in linked, f"{material} exists and a guide links it"


def test_facilitator_notes_cover_technology_safety_and_every_kind():
    text = (GUIDES / "facilitator-notes.md").read_text(encoding="utf-8")
    found = sections(text)
    assert [title for title in found if title in NOTES_SECTIONS] == NOTES_SECTIONS
    described = set(re.findall(r"^### (\S+)$", found["Activity kinds"], re.M))
    used = {a.kind for w in bundled_workshops().values() for a in w.activities}
    assert used <= described == set(KINDS)


def test_the_notes_say_who_may_facilitate_and_where_confidentiality_ends():
    found = sections((GUIDES / "facilitator-notes.md").read_text(encoding="utf-8"))
    agreements = " ".join(found["Group agreements"].split())
    assert "What is said here stays here, unless someone's safety is at risk" in agreements
    who = found["Who facilitates"].lower()
    for words in ("on-call", "assess", "voluntary", "modest"):
        assert words in who, words
    online = found["A participant in crisis online"].lower()
    for words in ("location", "emergency", "breakout", "on-call"):
        assert words in online, words
    foundations = bundled_workshops()["foundations"].activity("agreements")
    labels = {option["id"]: option["label"] for option in foundations.settings["options"]}
    assert labels["stays-here"] == "What is said here stays here, unless someone's safety is at risk"


def test_the_front_section_is_a_complete_package():
    found = sections((GUIDES / "README.md").read_text(encoding="utf-8"))
    for title in ("Rationale", "Limits of the evidence", "Intended audience", "Facilitator requirements", "The modules",
                  "Objectives and how each is evaluated", "Evaluation", "Materials", "References", "Licence"):
        assert title in found, title
    limits = found["Limits of the evidence"].lower()
    assert ("modest" in limits or "small" in limits) and "voluntary" in limits
    assert len(re.findall(r"^\d+\. ", found["References"], re.M)) >= 10
    assert "CC BY 4.0" in found["Licence"]
    assert "Attribution 4.0 International Public License" in (GUIDES / "LICENSE").read_text(encoding="utf-8")
    for module in MODULES:
        assert GUIDE_FILES[f"src/huddle/content/workshops/{module}.yaml"].name in found["The modules"]
    # The objectives table is made from the guides, and must match them.
    assert "| 1.1 |" in found["Objectives and how each is evaluated"]
    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "objectives_table.py"), "--check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


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


def test_no_run_of_eight_words_is_shared_with_the_source_documents():
    known = eightwords.stored()
    if eightwords.SEEDS.is_dir():  # beside the repository: the stored fingerprints must be current
        assert eightwords.fingerprints_of(sorted(eightwords.SEEDS.glob("*.txt"))) == known, "run python tests/eightwords.py"
    assert len(known) > 10_000
    copied = {}
    for path in curriculum_files():
        text = path.read_text(encoding="utf-8")
        # A reference list names papers by their titles, as the sources' own reference lists do.
        text = re.sub(r"^## References\n.*?(?=^## |\Z)", "", text, flags=re.M | re.S)
        if found := eightwords.shared_runs(text, known):
            copied[str(path.relative_to(ROOT))] = found
    assert not copied, copied


def test_the_eight_word_check_finds_a_copied_run(tmp_path):
    source = tmp_path / "source.txt"
    source.write_text("Resilience is the capacity to adapt, recover and grow when the work gets hard.", encoding="utf-8")
    known = eightwords.fingerprints_of([source])
    assert eightwords.shared_runs("As a source put it: the capacity to adapt, recover and grow when THE work gets hard!", known)
    assert not eightwords.shared_runs("Resilience means adapting and recovering, and growing, when work is hard.", known)
    seeds = sorted(eightwords.SEEDS.glob("*.txt"))
    if seeds:  # beside the repository, a run copied from a real source is found too
        sentence = " ".join(eightwords.words(seeds[0].read_text(encoding="utf-8"))[200:212])
        assert eightwords.shared_runs(f"Our own words, then: {sentence}.", eightwords.stored())
