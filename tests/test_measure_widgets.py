"""The questionnaire and then-and-now widgets, driven from Python; the last tests against a real server."""

from __future__ import annotations

import html

import pytest
from servers import participant
from test_participant_widgets import joined, screen_text

from huddle.client import Client
from huddle.content import bundled_workshops
from huddle.model import KINDS
from huddle.participant.answers import answer_widget
from huddle.participant.answers.measure import PAIR_INCOMPLETE, SKIP_ITEM, MeasureAnswer
from huddle.participant.answers.retrospective import RetrospectiveAnswer

DEMO = {a.id: a.to_public() for a in bundled_workshops()["demo"].activities}


def measure() -> MeasureAnswer:
    widget = answer_widget(DEMO["bounce-back"])
    assert isinstance(widget, MeasureAnswer)
    return widget


def retro() -> RetrospectiveAnswer:
    widget = answer_widget(DEMO["then-and-now"])
    assert isinstance(widget, RetrospectiveAnswer)
    return widget


def texts(widget) -> str:
    found = []

    def walk(node):
        for name in ("value", "description"):
            if isinstance(getattr(node, name, None), str):
                found.append(getattr(node, name))
        for child in getattr(node, "children", ()):
            walk(child)

    walk(widget.view)
    return html.unescape(" ".join(found))


def test_only_measures_take_a_pairing_code():
    assert [name for name, kind in KINDS.items() if kind.pairs] == ["measure"]


def test_a_measure_shows_every_item_as_its_own_named_group_of_the_scale():
    widget = measure()
    shown = texts(widget)
    assert "Please indicate the extent to which you agree" in shown
    assert "I tend to bounce back quickly after hard times" in shown
    assert "not a diagnosis" in shown and "Nobody's own score is ever shown" in shown
    assert "Smith BW" in shown  # the source, as the licence asks
    assert len(widget.radios) == 6
    for radio in widget.radios.values():
        assert [label for label, _ in radio.options] == ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree", "Skip this item"]
        assert any(c.startswith("huddle-labelledby--") for c in radio._dom_classes)
    assert widget.get() is None and "at least one statement" in widget.missing


def test_skipped_and_blank_items_are_sent_as_null():
    widget = measure()
    widget.radios["b1"].value = 4
    widget.radios["b2"].value = SKIP_ITEM
    assert widget.get() == {"b1": 4, "b2": None, "b3": None, "b4": None, "b5": None, "b6": None}
    widget.set({"b1": 2, "b3": 5, "b2": None})
    assert widget.get()["b1"] == 2 and widget.get()["b3"] == 5 and widget.get()["b2"] is None
    assert KINDS["measure"].check_answer(DEMO["bounce-back"], widget.get()) == widget.get()


def test_the_pairing_part_is_folded_away_and_makes_a_code_only_when_complete():
    widget = measure()
    widget.radios["b1"].value = 4
    assert widget.pair_box.layout.display == "none" and widget.pair_toggle.value is False
    assert widget.pair_toggle.description == "Pair my before and after answers (optional)"
    widget.pair_toggle.value = True
    assert widget.pair_box.layout.display is None
    assert "without knowing who you are" in texts(widget) and "never shown to anyone" in texts(widget)
    assert widget.link() is None and widget.get() is not None  # nothing typed: unpaired, fine
    widget.code_parts["letters"].value = "ma"
    # Half a code is not sent silently unpaired: the answer waits, and says why.
    assert widget.get() is None and widget.missing == PAIR_INCOMPLETE
    assert PAIR_INCOMPLETE in widget.pair_status.value
    widget.code_parts["day"].value = "7"
    widget.code_parts["town"].value = "Leeds"
    assert widget.link() == "MA07L" and widget.get()["b1"] == 4
    assert "MA07L" not in texts(widget)  # the code itself is never shown
    assert "the code goes with these answers" in widget.pair_status.value
    # Every control can be switched off together when the activity closes.
    widget.set_enabled(False)
    assert all(control.disabled for control in widget.controls())


def test_then_and_now_needs_both_rows_of_an_item():
    widget = retro()
    shown = texts(widget)
    assert "Knowing what participants see on their phones" in shown and "1 = Not at all confident" in shown
    assert widget.get() is None and "at least one item" in widget.missing
    widget.radios["see-phones"]["before"].value = 2
    assert widget.get() is None and widget.missing.startswith("Item 1: pick a number for both Before and Now")
    widget.radios["see-phones"]["now"].value = 4
    assert widget.get() == {"see-phones": {"before": 2, "now": 4}}
    widget.radios["run-poll"]["now"].value = 3
    assert widget.get() is None and widget.missing.startswith("Item 2")
    widget.clears[1].click()
    assert widget.get() == {"see-phones": {"before": 2, "now": 4}}
    assert KINDS["retrospective"].check_answer(DEMO["then-and-now"], widget.get()) == widget.get()
    widget.set({"run-poll": {"before": 1, "now": 5}})
    assert widget.get() == {"run-poll": {"before": 1, "now": 5}}


# against a real server ---------------------------------------------------------------------------


def test_a_participant_answers_the_questionnaire_and_the_room_sees_only_a_mean(server):
    session = server.create_session()
    app = joined(server, session)
    server.control(session, "open", activity="bounce-back")
    app.refresh()
    assert isinstance(app.answer, MeasureAnswer)
    assert "I have a hard time making it through stressful events" in screen_text(app)
    app.submit_button.click()
    assert "at least one statement" in app.status.value  # nothing chosen: nothing sent
    for item_id, value in zip(app.answer.radios, [5, 1, 4, 2, 4, 1]):
        app.answer.radios[item_id].value = value
    app.submit_button.click()
    assert "Received" in app.status.value
    assert server.tally(session)["bounce-back"]["count"] == 1
    assert server.tally(session)["bounce-back"]["suppressed"] is True
    # Four more people: scores 4.5 (ours), 3.0 x 2, and two who answered too few items (no score).
    for n, value in enumerate([{"b1": 5, "b2": 5, "b3": 5, "b4": 5, "b5": 5, "b6": 5}] * 2 + [{"b1": 3}] * 2):
        assert server.answer(session, "bounce-back", participant(600 + n), value).status_code in (200, 201)
    entry = server.tally(session)["bounce-back"]
    assert entry["count"] == 5 and entry["suppressed"] is True and entry["tally"] is None  # 3 scores < k
    for n in range(2):
        server.answer(session, "bounce-back", participant(700 + n), {"b1": 1, "b2": 5, "b3": 2, "b4": 4, "b5": 2, "b6": 5})
    entry = server.tally(session)["bounce-back"]
    # Scores 4.5, 3, 3, 1.5, 1.5 -> mean 13.5 / 5 = 2.7.
    assert entry["tally"]["n"] == 5 and entry["tally"]["mean"] == 2.7
    server.control(session, "reveal")
    app.refresh()
    assert "5 people · mean 2.7 on 1–5" in app.results.value


def test_a_pairing_code_goes_with_the_answer_and_is_not_kept_outside_a_series(server):
    session = server.create_session()
    server.control(session, "open", activity="bounce-back")
    widget = measure()
    widget.radios["b1"].value = 4
    widget.code_parts["letters"].value, widget.code_parts["day"].value, widget.code_parts["town"].value = "MA", "07", "L"
    server.join(session, participant(650))
    receipt = Client(server.api).submit(session["code"], "bounce-back", participant(650), widget.get(), link=widget.link())
    assert receipt["status"] == "stored" and receipt["linked"] is False


@pytest.mark.parametrize("activity_id", ["then-and-now"])
def test_a_participant_rates_then_and_now(server, activity_id):
    session = server.create_session()
    app = joined(server, session)
    server.control(session, "open", activity=activity_id)
    app.refresh()
    assert isinstance(app.answer, RetrospectiveAnswer)
    app.answer.radios["see-phones"]["before"].value = 2
    app.submit_button.click()
    assert "Item 1: pick a number for both" in app.status.value
    app.answer.radios["see-phones"]["now"].value = 4
    app.submit_button.click()
    assert "Received" in app.status.value
    assert server.tally(session)[activity_id]["count"] == 1
