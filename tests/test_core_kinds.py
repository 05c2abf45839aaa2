"""Each activity kind checks its own answers and tallies its own results."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from huddle.content import bundled_workshops
from huddle.model import KINDS, Answer, InvalidValue, TooLarge
from huddle.model.identity import answer_key, group_answer_key
from huddle.model.kinds import RESULT_STYLES

SRC = Path(__file__).resolve().parent.parent / "src" / "huddle"

DEMO = {a.kind: a for a in bundled_workshops()["demo"].activities}


def test_demo_workshop_has_one_activity_of_every_kind():
    assert set(DEMO) == set(KINDS)


GOOD = [
    ("choice", "steady", "steady"),
    ("mood", "okay", "okay"),
    ("multi_choice", ["quiet", "sleep"], ["sleep", "quiet"]),
    ("scale", 4, 4),
    ("word_cloud", ["  Tired!! ", "HOPEFUL"], ["tired", "hopeful"]),
    ("word_cloud", "stretched", ["stretched"]),
    ("text", "  a win \x00 ", "a win"),
    ("ranking", ["rest", "autonomy", "feedback", "connection"], ["rest", "autonomy", "feedback", "connection"]),
    ("group_report", "We will swap handover notes earlier.", "We will swap handover notes earlier."),
    ("questions", "  How do I say no to an extra shift? ", "How do I say no to an extra shift?"),
]


@pytest.mark.parametrize("kind, value, expected", GOOD)
def test_good_answers_are_normalised(kind, value, expected):
    activity = DEMO[kind]
    assert KINDS[kind].check_answer(activity.settings, value) == expected


BAD = [
    ("choice", "purple", InvalidValue),
    ("choice", None, InvalidValue),
    ("mood", 3, InvalidValue),
    ("multi_choice", [], InvalidValue),
    ("multi_choice", ["sleep", "sleep"], InvalidValue),
    ("multi_choice", ["sleep", "people", "outdoors", "quiet"], InvalidValue),
    ("multi_choice", "sleep", InvalidValue),
    ("scale", 6, InvalidValue),
    ("scale", 2.5, InvalidValue),
    ("scale", True, InvalidValue),
    ("scale", "3", InvalidValue),
    ("word_cloud", ["a", "b", "c"], InvalidValue),
    ("word_cloud", ["!!!"], InvalidValue),
    ("word_cloud", ["x" * 31], TooLarge),
    ("text", "   ", InvalidValue),
    ("text", "x" * 401, TooLarge),
    ("text", {"text": "hi"}, InvalidValue),
    ("ranking", ["rest", "feedback"], InvalidValue),
    ("ranking", ["rest", "rest", "feedback", "connection"], InvalidValue),
    ("group_report", 12, InvalidValue),
    ("questions", "   ", InvalidValue),
    ("questions", ["a question"], InvalidValue),
    ("questions", "x" * 281, TooLarge),
]


@pytest.mark.parametrize("kind, value, error", BAD)
def test_bad_answers_raise_a_readable_error(kind, value, error):
    with pytest.raises(error) as raised:
        KINDS[kind].check_answer(DEMO[kind].settings, value)
    assert len(str(raised.value)) > 10


def answers(*values, status="approved"):
    return [Answer(v, status, f"item{i}") for i, v in enumerate(values)]


def test_questions_are_listed_pinned_first_then_by_votes_and_answered_last():
    kind = KINDS["questions"]
    given = [
        Answer("Old news?", "answered", "a1"), Answer("Sleep after nights?", "approved", "b2"),
        Answer("Saying no?", "pinned", "c3"), Answer("Rotas?", "approved", "d4"), Answer("Secret", "pending", "e5"),
        Answer(None, "flagged", "f6"), Answer("Gone", "hidden", "g7"), Answer("Waiting", "queued", "h8"),
        Answer("Tied with rotas?", "approved", "a0"),
    ]
    votes = {"a1": 9, "b2": 1, "d4": 3, "a0": 3, "g7": 5, "e5": 4}
    data = kind.tally({"votes": votes}, given, 5).data
    # Equal votes go by the anonymous id (a0 before d4), never by the order they were asked in.
    assert [(q["text"], q["votes"]) for q in data["questions"]] == [
        ("Saying no?", 0), ("Tied with rotas?", 3), ("Rotas?", 3), ("Sleep after nights?", 1), ("Old news?", 9),
    ]
    assert [(q["pinned"], q["answered"]) for q in data["questions"]][::4] == [(True, False), (False, True)]
    # Pending, queued, hidden and crisis-flagged questions are counted, never listed.
    assert (data["pending"], data["hidden"], data["flagged"]) == (2, 1, 1)
    assert "Secret" not in str(data) and "Gone" not in str(data)


def test_questions_show_nothing_below_k_and_leave_out_a_banned_word():
    kind = KINDS["questions"]
    four = answers("One?", "Two?", "Three?", "Four about Dr Smith?")
    assert kind.tally({}, four, 5).suppressed and kind.tally({}, four, 5).data is None
    data = kind.tally({"banned": ["dr smith"]}, four, 4).data
    assert [q["text"] for q in data["questions"]] == ["One?", "Two?", "Three?"] and data["hidden"] == 1


def test_questions_settings_are_checked():
    check = KINDS["questions"].check_settings
    assert check({"max_length": 280, "per_person": 3}) == []
    assert check({"per_person": 0}) and check({"per_person": 11}) and check({"per_person": True}) and check({"max_length": 5})
    assert KINDS["questions"].many({"per_person": 5}) == 5 and KINDS["questions"].many({}) == 3


def test_word_cloud_hides_banned_and_rare_words():
    settings = DEMO["word_cloud"].settings
    given = answers(*([["tired", "stupid"]] * 6 + [["hopeful"]] * 2))
    tally = KINDS["word_cloud"].tally(settings, given, 5).data
    assert tally["words"] == [{"word": "tired", "count": 6}]
    assert tally["hidden_words"] == 1  # "hopeful": used by too few people to show


def test_free_text_shows_only_approved_answers():
    given = answers("one", "two", "three", "four") + answers("five", status="pending") + answers("six", status="hidden")
    tally = KINDS["text"].tally({}, given, 5).data
    assert [entry["text"] for entry in tally["approved"]] == ["one", "two", "three", "four"]
    assert tally["pending"] == 1 and tally["hidden"] == 1


def test_ranking_tallies_mean_rank():
    settings = DEMO["ranking"].settings
    order = ["rest", "feedback", "connection", "autonomy"]
    given = answers(*([order] * 4 + [list(reversed(order))]))
    rows = KINDS["ranking"].tally(settings, given, 5).data["options"]
    assert rows[0] == {"id": "rest", "label": "Rest", "mean_rank": 1.6}


def test_scale_mean_is_withheld_when_categories_are_merged():
    settings = DEMO["scale"].settings
    spread = KINDS["scale"].tally(settings, answers(*([3] * 5 + [4] * 5)), 5).data
    assert spread["mean"] == 3.5 and spread["merged"] is None
    lumpy = KINDS["scale"].tally(settings, answers(*([3] * 5 + [4, 5])), 5).data
    assert lumpy["mean"] is None and lumpy["merged"]["count"] >= 5


def test_multi_choice_hides_rare_options_independently():
    settings = DEMO["multi_choice"].settings
    given = answers(*([["sleep"]] * 5 + [["sleep", "quiet"]]))
    counts = {o["id"]: o["count"] for o in KINDS["multi_choice"].tally(settings, given, 5).data["options"]}
    assert counts == {"sleep": 6, "people": 0, "outdoors": 0, "exercise": 0, "quiet": None}


def test_group_reports_are_not_held_back_by_k():
    tally = KINDS["group_report"].tally({}, answers("Group 1 idea"), 5)
    assert tally.suppressed is False and tally.data["approved"][0]["text"] == "Group 1 idea"


# skill exercises ------------------------------------------------------------------------------

PRIVATE_EXERCISES = ["breathe", "grounding", "reframe", "goal", "sort", "floors", "debrief"]


@pytest.mark.parametrize("activity_id", PRIVATE_EXERCISES)
def test_a_private_exercise_accepts_nothing_at_all(activity_id):
    activity = next(a for a in DEMO.values() if a.id == activity_id)
    kind = KINDS[activity.kind]
    assert kind.exercise and not kind.collects_from(activity.settings)
    for value in ("I always get it wrong", ["a"], 3, None):
        with pytest.raises(InvalidValue, match="private"):
            kind.check_answer(activity.settings, value)
    assert kind.tally(activity.settings, [Answer("x")] * 10, 5).data == {"private": True}


def test_an_exercise_share_accepts_only_one_of_its_options():
    activity = DEMO["red_flags"]
    kind = KINDS["red_flags"]
    assert kind.collects_from(activity.settings)
    assert kind.check_answer(activity.settings, "alone") == "alone"
    for value in ("I drink every night", ["alone"], "ALONE", None):
        with pytest.raises(InvalidValue):
            kind.check_answer(activity.settings, value)
    assert kind.tally(activity.settings, [Answer("alone")] * 4, 5).suppressed  # below k nothing (P3)
    tally = kind.tally(activity.settings, [Answer("alone")] * 6 + [Answer("machine")] * 6, 5)
    counts = {o["id"]: o["count"] for o in tally.data["options"]}
    assert counts["alone"] == 6 and counts["machine"] == 6


@pytest.mark.parametrize("settings, message", [
    ({"inhale": 1}, "from 2 to 10"),
    ({"rounds": 31}, "from 1 to 30"),
    ({"share": {"options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}}, "required"),
    ({"share": {"question": "How was it?"}}, "options"),
])
def test_exercise_settings_are_checked(settings, message):
    problems = KINDS["breathing"].check_settings(settings)
    assert any(message in p.message for p in problems), problems


def test_red_flags_need_a_healthier_counterpart_for_each_flag():
    problems = KINDS["red_flags"].check_settings({"flags": [{"id": "a", "label": "A"}, {"id": "b", "label": "B", "healthier": "C"}]})
    assert any("healthier" in p.message for p in problems)


# what a kind says about itself ---------------------------------------------------------------


def test_every_kind_describes_itself():
    labels = [kind.label for kind in KINDS.values()]
    assert all(label.strip() for label in labels) and len(set(labels)) == len(labels)
    assert all(kind.result_style in RESULT_STYLES for kind in KINDS.values())
    # Free text is moderated and shown as a list (of texts, or of questions with their upvotes);
    # anything per group is a shared text.
    assert {n for n, k in KINDS.items() if k.free_text} == {n for n, k in KINDS.items() if k.result_style in ("texts", "voted_texts")}
    assert [n for n, k in KINDS.items() if k.upvotes] == [n for n, k in KINDS.items() if k.result_style == "voted_texts"] == ["questions"]
    assert [n for n, k in KINDS.items() if k.many] == ["questions"]
    assert all(k.free_text for k in KINDS.values() if k.per_group)
    assert all(k.result_style == "categories" for k in KINDS.values() if k.exercise)
    assert [n for n, k in KINDS.items() if k.per_group] == ["group_report"]
    assert [n for n, k in KINDS.items() if k.filters_banned] == ["word_cloud", "questions"]


def test_a_kind_with_an_unknown_result_style_is_refused():
    with pytest.raises(ValueError, match="result style"):
        dataclasses.replace(KINDS["choice"], result_style="pie")


def test_every_adapter_table_covers_every_kind():
    # Imported here: the rest of this module exercises the pure core only.
    from huddle.participant.answers import ANSWER_WIDGETS
    from huddle.participant.exercises import EXERCISE_WIDGETS
    from huddle.participant.results import RENDERERS
    from huddle.reports._common import kind_label
    from huddle.reports.charts import ALT, DRAW

    assert set(ANSWER_WIDGETS) == {name for name, kind in KINDS.items() if not kind.exercise}
    assert set(EXERCISE_WIDGETS) == {name for name, kind in KINDS.items() if kind.exercise}
    assert set(RENDERERS) == set(RESULT_STYLES)
    assert set(DRAW) == set(RESULT_STYLES)
    assert set(ALT) == {style for style, draw in DRAW.items() if draw is not None}
    assert all(kind_label(name) == kind.label for name, kind in KINDS.items())
    assert kind_label("retired_kind") == "Retired kind"  # a report still prints a name no longer registered


def test_a_group_answer_key_is_shared_by_the_group_and_unlinkable():
    salt = "s" * 32
    key = group_answer_key(salt, 2, "group-idea")
    assert key == group_answer_key(salt, 2, "group-idea")
    assert key not in {group_answer_key(salt, 3, "group-idea"), group_answer_key(salt, 2, "other"), group_answer_key("t" * 32, 2, "group-idea")}
    # Stored answers of sessions already running were keyed this way: it must not change.
    assert key == answer_key(salt, "\x00group:2", "group-idea")


NAME_TESTED = ["service.py", "reports", "dashboard", "participant", "participant/results.py", "participant/answers", "participant/exercises"]


def _name_tests(path: Path) -> list[str]:
    """``x == "word_cloud"``, ``x in ("text", "group_report")`` and the like: a kind named by hand."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Compare):
            continue
        for side in [node.left, *node.comparators]:
            items = side.elts if isinstance(side, (ast.Tuple, ast.List, ast.Set)) else [side]
            found += [
                f"{path.relative_to(SRC)}:{node.lineno} {item.value!r}"
                for item in items
                if isinstance(item, ast.Constant) and item.value in KINDS
            ]
    return found


def test_no_adapter_tests_a_kind_by_its_name():
    paths = [p for entry in NAME_TESTED for p in ([SRC / entry] if entry.endswith(".py") else sorted((SRC / entry).glob("*.py")))]
    assert [found for path in paths for found in _name_tests(path)] == []
