"""Workshop content as data: YAML files checked against a schema and the core's rules.

``load_workshop`` returns a ``Workshop`` or raises ``ContentError`` carrying every problem found,
each with its file and line, so a facilitator editing a copy can fix them all in one pass.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Collection

import yaml

from ..model import Problem, Workshop, build_workshop, check_workshop
from ..model.text import file_languages, localized, restricted, translation_problems
from ._lines import line_map, load as load_yaml

BUNDLED = resources.files(__package__) / "workshops"
NOTES = resources.files(__package__) / "notes"
#: The validated questionnaires shipped with Huddle, one YAML file per instrument, named by its id.
MEASURES = resources.files(__package__) / "measures"


@dataclass(frozen=True)
class Located:
    """A problem placed in a file: ``path:line: where: message``."""

    file: str
    line: int | None
    where: str
    message: str

    def __str__(self) -> str:
        line = f":{self.line}" if self.line else ""
        where = f" {self.where}:" if self.where else ""
        return f"{self.file}{line}:{where} {self.message}"


class ContentError(Exception):
    """A workshop file has problems; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Located]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@lru_cache(maxsize=1)
def _schema_validator() -> Any:
    # Imported here so that participant kernels, which only read the support file, stay light.
    from jsonschema import Draft202012Validator

    schema = json.loads((resources.files(__package__) / "workshop.schema.json").read_text())
    return Draft202012Validator(schema)


def _where(path: tuple[Any, ...]) -> str:
    parts = []
    for part in path:
        parts.append(f"[{part + 1}]" if isinstance(part, int) else f".{part}")
    return "".join(parts).lstrip(".")


@lru_cache(maxsize=1)
def bundled_instruments() -> dict[str, dict[str, Any]]:
    """Every instrument shipped with Huddle (``measures/*.yaml``), by id."""
    found = {}
    for entry in sorted(MEASURES.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            instrument = yaml.safe_load(entry.read_text(encoding="utf-8"))
            found[instrument["id"]] = instrument
    return found


def instrument_for(instrument: dict[str, Any], languages: Any) -> dict[str, Any]:
    """A copy of a bundled instrument for a workshop written in ``languages``: its text narrowed
    to those languages (plain strings for a workshop in one language), its own language fields
    left out, and ``written_in`` naming its language when the workshop is in one it lacks."""
    main, own = file_languages(instrument)
    shown = {key: value for key, value in copy.deepcopy(instrument).items() if key not in ("language", "languages")}
    narrowed = restricted(shown, tuple(languages), own)
    if any(tag not in own for tag in languages):
        # A validated questionnaire is never translated by us: a page in a language it lacks
        # shows its published wording, and says so (``written_in``).
        narrowed["written_in"] = main
    return narrowed


def expand_instruments(data: Any) -> tuple[Any, list[Problem]]:
    """The workshop data with each activity's ``instrument: ID`` replaced by that bundled
    instrument's whole mapping, and a problem for each id that is not bundled.

    Expanded here, before the kind checks the activity, so a session's snapshot carries the
    whole instrument and its scoring stays as it was if the file changes later. A mapping given
    inline (a site's own instrument) is left as it is, for the kind to check.
    """
    activities = data.get("activities") if isinstance(data, dict) else None
    if not isinstance(activities, list):
        return data, []
    problems: list[Problem] = []
    expanded = []
    for index, activity in enumerate(activities):
        named = activity.get("instrument") if isinstance(activity, dict) else None
        if isinstance(named, str):
            known = bundled_instruments()
            if named in known:
                activity = {**activity, "instrument": instrument_for(known[named], file_languages(data)[1])}
            else:
                names = ", ".join(sorted(known))
                problems.append(Problem(
                    ("activities", index, "instrument"),
                    f"no bundled instrument has the id '{named}' (bundled: {names}); or give the instrument inline as a mapping",
                ))
        expanded.append(activity)
    return {**data, "activities": expanded}, problems


def check_text(text: str, name: str) -> tuple[Workshop | None, list[Located]]:
    """Parse and check YAML text; the workshop (or None) and every problem, located."""
    try:
        data = load_yaml(text)
        lines = line_map(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        return None, [Located(name, mark.line + 1 if mark else None, "", f"this is not valid YAML: {reason}")]

    def locate(problem: Problem) -> Located:
        path = problem.path
        while path and path not in lines:
            path = path[:-1]
        return Located(name, lines.get(path), _where(problem.path), problem.message)

    data, unknown = expand_instruments(data)
    # A file in several languages is checked once per language, each time with every text in
    # that language alone, so the schema and the kinds' checks see plain strings; a problem
    # found in several languages is said once.
    main, languages = file_languages(data)
    problems = list(unknown) + translation_problems(data)
    for language in languages:
        shown = localized(data, language, languages, main)
        problems += [Problem(tuple(error.absolute_path), error.message) for error in _schema_validator().iter_errors(shown)]
        # An instrument id that is not bundled is said once, by the expansion, not again by its kind.
        problems += [p for p in check_workshop(shown) if p.path not in {u.path for u in unknown}]
    located = sorted({locate(p): None for p in problems}, key=lambda p: (p.line or 0, p.where))
    if located:
        return None, located
    return build_workshop(data), []


def load_workshop(path: str | Path) -> Workshop:
    """The workshop in a YAML file; raises ``ContentError`` listing every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError([Located(str(path), None, "", f"cannot be read: {error}")]) from error
    workshop, problems = check_text(text, str(path))
    if problems:
        raise ContentError(problems)
    assert workshop is not None
    return workshop


#: The six modules of the bundled curriculum, in the order a series runs them.
CURRICULUM = (
    "foundations",
    "stress-and-the-body",
    "thinking-traps",
    "coping-that-backfires",
    "time-and-balance",
    "connection-and-help-seeking",
)


def bundled_workshops() -> dict[str, Workshop]:
    """Every workshop shipped with Huddle, by id."""
    found = {}
    for entry in sorted(BUNDLED.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            workshop, problems = check_text(entry.read_text(encoding="utf-8"), entry.name)
            if problems:
                raise ContentError(problems)
            assert workshop is not None
            found[workshop.id] = with_guide_notes(workshop)
    return found


def note_digest(note: str) -> str:
    """The short digest a translated speaker note records of the English note it translates."""
    return hashlib.sha256(note.encode("utf-8")).hexdigest()[:8]


def translated_notes(guide: str, language: str, english: dict[str, Any]) -> dict[str, str]:
    """The speaker notes of ``guide`` in ``language`` (``notes/LANGUAGE/ID.yaml``), each kept only
    while it still translates the English note it was made from (its ``of`` digest matches)."""
    source = NOTES / language / f"{guide}.yaml"
    if not source.is_file():
        return {}
    given = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    return {
        activity: str(entry["text"]) for activity, entry in given.items()
        if isinstance(entry, dict) and activity in english and entry.get("of") == note_digest(str(english[activity])) and entry.get("text")
    }


def with_guide_notes(workshop: Workshop, guide: str | None = None) -> Workshop:
    """The workshop with the speaker notes its guide's script gives each activity
    (``notes/ID.yaml``, copied from the guide by ``scripts/speaker_notes.py``); notes written in
    the workshop file itself win. ``guide`` names the bundled workshop whose notes to use (a
    site's copy names the one it was adapted from); by default, the workshop's own. A workshop
    in several languages also gets the notes translated into them (``notes/es/ID.yaml``)."""
    source = NOTES / f"{guide or workshop.id}.yaml"
    if not str(guide or workshop.id).replace("-", "").replace("_", "").isalnum():
        return workshop
    if not source.is_file():
        return workshop
    notes = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    activities = tuple(a if a.notes or a.id not in notes else replace(a, notes=str(notes[a.id])) for a in workshop.activities)
    kept = workshop.source
    if kept is not None:
        # A workshop in several languages keeps its file's data for its sessions' snapshots:
        # the notes go there too, in every language they are translated into (the guide's
        # English where one is not).
        translations = {tag: translated_notes(guide or workshop.id, tag, notes) for tag in workshop.languages if tag != "en"}

        def noted(activity_id: str) -> Any:
            given = {"en": str(notes[activity_id]), **{tag: said[activity_id] for tag, said in translations.items() if activity_id in said}}
            return given if len(given) > 1 and "en" in workshop.languages else given["en"]

        kept = {**kept, "activities": [
            {**a, "notes": noted(a["id"])} if isinstance(a, dict) and not a.get("notes") and a.get("id") in notes else a
            for a in kept.get("activities", [])
        ]}
    return replace(workshop, activities=activities, source=kept)


#: How a site's copy of a bundled workshop is named: its id gets this added (its title, "(our copy)").
COPY_ID = "-copy"


def bundled_source(workshop_id: str) -> str | None:
    """The text of a bundled workshop's file, or None when no bundled workshop has this id."""
    for entry in sorted(BUNDLED.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            text = entry.read_text(encoding="utf-8")
            data = yaml.safe_load(text)
            if isinstance(data, dict) and data.get("id") == workshop_id:
                return text
    return None


def copied_title(title: Any) -> Any:
    """A copy's title: the original's with "(our copy)" added, in each language it is given in."""
    from ..i18n import _, using

    if isinstance(title, dict):
        copied = {}
        for language, text in title.items():
            with using(language):
                copied[language] = _("{title} (our copy)").format(title=text)
        return copied
    with using("en"):
        return _("{title} (our copy)").format(title=title)


def copy_source(workshop_id: str) -> str | None:
    """A bundled workshop's file made ready to adapt: a new id and title, and ``based_on`` naming
    the original so its guide's speaker notes stay with the copy. The rest of the file (its
    comments included) is as shipped. None when no bundled workshop has this id."""
    text = bundled_source(workshop_id)
    if text is None:
        return None
    lines = text.splitlines()
    data = yaml.safe_load(text)
    out, done, done_title, skipping = [], False, False, False
    for line in lines:
        if not done and line.startswith("id:"):
            out += [f"id: {workshop_id}{COPY_ID}", f"based_on: {workshop_id}"]
            done = True
        elif line.startswith("title:") and not done_title:
            out.append("title: " + json.dumps(copied_title(data["title"]), ensure_ascii=False))
            done_title = True
            skipping = isinstance(data["title"], dict) and line.strip() == "title:"
        elif skipping and line.startswith("  "):
            continue  # the lines of a title given per language, written above as one mapping
        elif skipping:
            skipping = False
            out.append(line)
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def site_workshop(text: str, reserved: Collection[str] = ()) -> tuple[Workshop | None, list[Located]]:
    """A site's workshop from its YAML (or JSON) text, with every problem located: those of
    ``check_text``, and an id that is one of ``reserved`` (the bundled workshops' ids). A copy
    ``based_on`` a bundled workshop gets that guide's speaker notes."""
    workshop, problems = check_text(text, "workshop")
    if workshop is None:
        return None, problems
    if workshop.id in reserved:
        line = line_map(text).get(("id",))
        return None, [Located("workshop", line, "id", f"'{workshop.id}' is the id of a workshop bundled with Huddle; give yours an id of its own, such as '{workshop.id}{COPY_ID}'")]
    based_on = (load_yaml(text) or {}).get("based_on")
    return with_guide_notes(workshop, based_on) if based_on else workshop, []


def find_workshop(name: str) -> Workshop:
    """A bundled workshop by id, or a workshop file by path; raises ``ContentError`` if neither."""
    bundled = bundled_workshops()
    if name in bundled:
        return bundled[name]
    if Path(name).is_file():
        return load_workshop(name)
    known = ", ".join(sorted(bundled))
    raise ContentError([Located(name, None, "", f"no bundled workshop has this id and no such file exists (bundled: {known})")])


__all__ = ["CURRICULUM", "ContentError", "Located", "bundled_instruments", "bundled_source", "instrument_for", "bundled_workshops", "check_text", "copy_source", "expand_instruments", "find_workshop", "load_workshop", "site_workshop"]
