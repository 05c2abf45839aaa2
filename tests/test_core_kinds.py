"""Each activity kind checks its own answers and tallies its own results."""

from __future__ import annotations

import pytest

from huddle.content import bundled_workshops
from huddle.model import KINDS, Answer, InvalidValue, TooLarge

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
]


@pytest.mark.parametrize("kind, value, error", BAD)
def test_bad_answers_raise_a_readable_error(kind, value, error):
    with pytest.raises(error) as raised:
        KINDS[kind].check_answer(DEMO[kind].settings, value)
    assert len(str(raised.value)) > 10


def answers(*values, status="approved"):
    return [Answer(v, status, f"item{i}") for i, v in enumerate(values)]


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
