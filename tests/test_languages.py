"""Languages (issue 17): content in several languages, the choice of language, and the
translation catalogues' parity with the code's strings."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import requests

from huddle.content import check_text
from huddle.i18n import LOCALE_DIR, accept_language, available, environment_language, negotiate, ngettext, using, _
from huddle.model import build_workshop
from huddle.model.text import localized, pick, translation_problems
from servers import Server, participant

ROOT = Path(__file__).resolve().parent.parent
BILINGUAL = """\
id: bilingual
title: {en: "A check-in", es: "Un momento para empezar"}
language: en
languages: [en, es]
activities:
  - id: arrive
    kind: choice
    prompt:
      en: "How are you arriving?"
      es: "¿Cómo llegas?"
    options:
      - {id: calm, label: {en: Calm, es: Con calma}}
      - {id: rushed, label: {en: Rushed, es: Con prisa}}
"""
PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%\([a-z_]+\)s")


# content in several languages ---------------------------------------------------------------

def test_a_workshop_in_two_languages_shows_either_and_keeps_one_set_of_ids():
    workshop, problems = check_text(BILINGUAL, "bilingual.yaml")
    assert problems == [] and workshop is not None
    assert (workshop.language, workshop.languages, workshop.title) == ("en", ("en", "es"), "A check-in")
    spanish = build_workshop(workshop.to_data(), "es")
    assert spanish.title == "Un momento para empezar" and spanish.activities[0].prompt == "¿Cómo llegas?"
    assert [o["id"] for o in spanish.activities[0].settings["options"]] == ["calm", "rushed"]
    assert [o["label"] for o in spanish.activities[0].settings["options"]] == ["Con calma", "Con prisa"]
    # A language the file does not give falls back to its main one.
    assert build_workshop(workshop.to_data(), "fr").title == "A check-in"


def test_a_text_missing_in_a_declared_language_is_reported_with_its_line():
    missing = BILINGUAL.replace("{id: rushed, label: {en: Rushed, es: Con prisa}}", "{id: rushed, label: {en: Rushed}}")
    _, problems = check_text(missing, "bilingual.yaml")
    assert [(p.line, p.where, p.message) for p in problems] == [
        (13, "activities[1].options[2].label", "has no text in es, which the file declares in languages"),
    ]
    unchecked = missing.replace("languages: [en, es]", "languages: [en, es, klingon]")
    assert any("'klingon' is not a language tag" in p.message for p in check_text(unchecked, "x")[1])


def test_huddle_validate_names_the_missing_language(tmp_path: Path):
    path = tmp_path / "w.yaml"
    path.write_text(BILINGUAL.replace('es: "¿Cómo llegas?"', ""), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "huddle.cli", "validate", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "has no text in es" in result.stderr


def test_plain_strings_stay_valid_and_settings_that_are_mappings_are_not_text():
    data = {"languages": ["en", "es"], "title": "Same in both", "share": {"question": {"en": "Share?", "es": "¿Compartir?"}}, "opt": {"id": "x"}}
    shown = localized(data, "es")
    assert shown == {"languages": ["en", "es"], "title": "Same in both", "share": {"question": "¿Compartir?"}, "opt": {"id": "x"}}
    assert translation_problems(data) == []
    assert pick({"en": "Hello", "es": " "}, "es") == "Hello"  # an empty translation falls back


def test_every_bundled_bilingual_file_gives_every_text_in_spanish():
    from huddle.content import bundled_workshops
    from huddle.content.reflections import load_reflection
    from huddle.content.support import load_support

    for workshop_id in ("demo", "foundations"):
        workshop = bundled_workshops()[workshop_id]
        assert "es" in workshop.languages, workshop_id
        spanish = build_workshop(workshop.to_data(), "es")
        english = build_workshop(workshop.to_data(), "en")
        changed = sum(1 for es, en in zip(spanish.activities, english.activities) if es.prompt != en.prompt)
        assert changed == len(english.activities), f"{workshop_id}: every prompt has its own Spanish"
    for reflection in ("one-week", "four-weeks"):
        assert load_reflection(reflection, "es").title != load_reflection(reflection, "en").title
    spain = load_support(region="es", language="es")
    assert any("112" in r.contact for r in spain.resources) and any("024" in r.contact for r in spain.resources)
    assert all(not re.search(r"\b(the|and|you|your|call)\b", f"{r.name} {r.offers} {r.hours} {r.audience}", re.I) for r in spain.resources), "Spanish only for Spain"
    mexico = load_support(region="mx", language="es")
    assert any("800 911 2000" in r.contact for r in mexico.resources)


# choosing the language ------------------------------------------------------------------------

def test_the_browsers_languages_choose_an_available_one():
    assert accept_language("fr-CA;q=0.4, es-MX, en;q=0.8, *;q=0.1") == ["es-MX", "en", "fr-CA"]
    assert accept_language("garbage;;;, ;q=x") == []
    assert negotiate(["fr", "es-MX", "en"]) == "es"
    assert negotiate(["de", "fr"]) == "en"
    assert negotiate([]) == "en"
    assert environment_language({"LANG": "es_ES.UTF-8"}) == "es"
    assert environment_language({"LANG": "C"}) == "en"
    assert "es" in available()


def test_plurals_follow_the_languages_rules():
    with using("en"):
        assert ngettext("{count} answer", "{count} answers", 1).format(count=1) == "1 answer"
        assert ngettext("{count} answer", "{count} answers", 2).format(count=2) == "2 answers"
    with using("es"):
        assert _("Send answer") != "Send answer"


# the catalogues -------------------------------------------------------------------------------

def catalogue(language: str):
    from babel.messages.pofile import read_po

    with open(LOCALE_DIR / language / "LC_MESSAGES" / "huddle.po", encoding="utf-8") as handle:
        return read_po(handle, locale=language)


def template():
    from babel.messages.pofile import read_po

    with open(LOCALE_DIR / "huddle.pot", encoding="utf-8") as handle:
        return read_po(handle)


def test_the_template_holds_every_string_of_the_code(tmp_path: Path):
    """Extracting again finds nothing the committed template lacks (run make i18n-update)."""
    from babel.messages.pofile import read_po

    out = tmp_path / "fresh.pot"
    subprocess.run(
        [sys.executable, "-c", "from babel.messages.frontend import main; main()", "extract", "-F", "babel.cfg", "-k", "_", "-k", "N_", "-k", "ngettext:1,2", "-o", str(out), "."],
        cwd=ROOT, check=True, capture_output=True, timeout=300,
    )
    with open(out, encoding="utf-8") as handle:
        fresh = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    committed = {m.id if isinstance(m.id, str) else m.id[0] for m in template() if m.id}
    assert fresh - committed == set(), "strings not in huddle.pot yet: run make i18n-update"


def test_every_interface_string_has_a_spanish_translation_with_the_same_placeholders():
    spanish = catalogue("es")
    wanted = [m for m in template() if m.id]
    assert len(wanted) > 300, "the interface strings were extracted"
    missing, placeholders = [], []
    for message in wanted:
        found = spanish.get(message.id)
        if found is None or found.fuzzy or not found.string or (isinstance(found.string, tuple) and not all(found.string)):
            missing.append(message.id)
            continue
        sources = [message.id] if isinstance(message.id, str) else list(message.id)
        targets = [found.string] if isinstance(found.string, str) else list(found.string)
        wanted_names = set().union(*(PLACEHOLDER.findall(s) for s in sources))
        for target in targets:
            # A plural form may leave out {count} (Spanish says "una respuesta"), nothing else.
            if set(PLACEHOLDER.findall(target)) - wanted_names or (wanted_names - {"{count}", "%(count)s"}) - set(PLACEHOLDER.findall(target)):
                placeholders.append((message.id, target))
    assert missing == [], f"{len(missing)} strings without Spanish, e.g. {missing[:5]}"
    assert placeholders == [], f"placeholders differ: {placeholders[:5]}"


def key(text):
    """A message id or translation as a dictionary key (plural ones are lists or tuples)."""
    return tuple(text) if isinstance(text, (list, tuple)) else text


def test_the_compiled_catalogue_is_the_one_the_po_file_makes():
    from babel.messages.mofile import read_mo

    with open(LOCALE_DIR / "es" / "LC_MESSAGES" / "huddle.mo", "rb") as handle:
        compiled = {key(m.id): key(m.string) for m in read_mo(handle) if m.id}
    written = {key(m.id): key(m.string) for m in catalogue("es") if m.id and not m.fuzzy}
    assert compiled == written, "run make i18n-compile"


# answers in two languages -------------------------------------------------------------------

def test_answers_given_in_two_languages_are_tallied_together(server: Server):
    session = server.create_session("demo")
    server.control(session, "open", activity="energy")
    spanish = requests.get(f"{server.api}/sessions/{session['code']}", params={"language": "es"}, timeout=10).json()
    english = requests.get(f"{server.api}/sessions/{session['code']}", timeout=10).json()
    assert spanish["current"]["prompt"] != english["current"]["prompt"] and spanish["languages"] == ["en", "es"]
    assert [o["id"] for o in spanish["current"]["options"]] == [o["id"] for o in english["current"]["options"]]
    for n in range(3):
        assert server.answer(session, "energy", participant(900 + n), "steady").status_code == 201
    tally = server.tally(session)["energy"]
    assert tally["count"] == 3
    # Hostile or odd language values are ignored, never a 500.
    for odd in ("", "x" * 500, "../../etc", "es-ES", "zz"):
        assert requests.get(f"{server.api}/sessions/{session['code']}", params={"language": odd}, timeout=10).status_code == 200


def test_a_session_of_module_one_can_run_in_spanish(server: Server, tmp_path: Path):
    admin = {"Authorization": f"Bearer {server.admin_token}"}
    listed = {w["id"]: w for w in requests.get(f"{server.api}/workshops", timeout=10).json()["workshops"]}
    assert listed["foundations"]["languages"] == ["en", "es"] and listed["thinking-traps"]["languages"] == ["en"]
    created = requests.post(f"{server.api}/sessions", json={"workshop": "foundations", "language": "es"}, headers=admin, timeout=10)
    assert created.status_code == 201, created.text
    state = requests.get(f"{server.api}/sessions/{created.json()['code']}", timeout=10).json()
    assert state["language"] == "es" and state["title"].startswith("Fundamentos")
    # Each participant may still choose the other language.
    assert requests.get(f"{server.api}/sessions/{created.json()['code']}", params={"language": "en"}, timeout=10).json()["title"].startswith("Foundations")
    for body in ({"workshop": "thinking-traps", "language": "es"}, {"workshop": "foundations", "language": 7}, {"workshop": "foundations", "language": "../x"}):
        refused = requests.post(f"{server.api}/sessions", json=body, headers=admin, timeout=10)
        assert refused.status_code == 400 and refused.json()["error"]["message"]
    # The CLI, on a data folder of its own, says so in one line.
    result = subprocess.run([sys.executable, "-m", "huddle.cli", "session", "create", "thinking-traps", "--language", "es", "--data", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and len(result.stderr.strip().splitlines()) == 1


def test_a_questionnaire_without_a_validated_spanish_wording_says_so_on_a_spanish_page():
    """The BRS has no Spanish wording we may ship: a Spanish page shows its published English,
    marked as English for screen readers, and says why in Spanish; an English page says nothing."""
    from huddle.content import bundled_instruments, bundled_workshops, instrument_for
    from huddle.participant.answers.measure import SHOWN_IN, MeasureAnswer

    workshop = bundled_workshops()["foundations"]
    brs = localized(next(a for a in workshop.activities if a.kind == "measure").to_public(), "es", workshop.languages, workshop.language)
    instrument = brs["instrument"]
    assert instrument["written_in"] == "en" and instrument["items"][0]["text"].startswith("I tend to bounce back")
    with using("es"):
        shown = MeasureAnswer(brs)
        notice = _(SHOWN_IN).format(language="inglés")
        intro = shown.view.children[0].value
        assert notice in intro.replace("&#x27;", "'") and "lang='en'" in shown.view.children[1].children[0].value
        assert all("huddle-lang--en" in radio._dom_classes for radio in shown.radios.values())
    with using("en"):
        english = MeasureAnswer(brs)
        assert "huddle-measure-shown-in" not in english.view.children[0].value
        assert "lang=" not in english.view.children[1].children[0].value
    # WHO-5 has its official Spanish: nothing is marked.
    assert "written_in" not in instrument_for(bundled_instruments()["who5"], ("en", "es"))


def test_no_stylesheet_assumes_text_runs_left_to_right():
    """Content may come in a right-to-left language: text is aligned to its start, never to the
    left, and each line of content takes its direction from its own letters."""
    sheets = sorted([*(ROOT / "src" / "huddle").rglob("*.css"), *(ROOT / "src" / "huddle").rglob("*.j2")])
    assert sheets
    for sheet in sheets:
        text = sheet.read_text()
        assert not re.search(r"text-align:\s*(left|right)", text), f"{sheet.name} aligns text to a side"
    for name in ("participant/static/participant.css", "dashboard/static/dashboard.css"):
        assert "unicode-bidi: plaintext" in (ROOT / "src" / "huddle" / name).read_text()


def test_module_ones_speaker_notes_come_in_spanish_and_a_stale_translation_is_named():
    """The control view shows the notes in the language the dashboard shows the workshop in;
    a Spanish note translates the English one it names by digest, so a changed guide fails here."""
    import yaml

    from huddle.content import NOTES, note_digest

    english = yaml.safe_load((NOTES / "foundations.yaml").read_text(encoding="utf-8"))
    for translated in sorted((Path(str(NOTES)) / "es").glob("*.yaml")):
        source = yaml.safe_load((Path(str(NOTES)) / translated.name).read_text(encoding="utf-8"))
        spanish_notes = yaml.safe_load(translated.read_text(encoding="utf-8"))
        assert list(spanish_notes) == list(source), f"{translated.name}: not the same activities as the English notes"
        stale = [activity for activity, entry in spanish_notes.items() if entry["of"] != note_digest(str(source[activity]))]
        assert stale == [], f"{translated.name}: the English of these notes changed, translate them again: {stale}"
    assert (Path(str(NOTES)) / "es" / "foundations.yaml").is_file() and english


def test_the_facilitator_reads_module_ones_notes_in_spanish(server: Server):
    session = server.create_session("foundations")
    headers = {"Authorization": f"Bearer {session['facilitator_key']}"}
    shown = {
        language: {a["id"]: a.get("notes", "") for a in requests.get(f"{server.api}/sessions/{session['code']}/workshop", params={"language": language}, headers=headers, timeout=10).json()["activities"]}
        for language in ("en", "es")
    }
    assert shown["en"]["check-in"].startswith("Say:") and not shown["es"]["check-in"].startswith("Say:")
    assert "bienvenida" in shown["es"]["check-in"]
    # Notes never reach the public state, in either language.
    for language in ("en", "es"):
        public = requests.get(f"{server.api}/sessions/{session['code']}", params={"language": language}, timeout=10).text
        assert shown["en"]["check-in"][:40] not in public and shown["es"]["check-in"][:40] not in public
