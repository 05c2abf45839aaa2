"""A generated example series, answered through ``huddle.service.Service`` as participants would.

For the programme-evaluation notebook when no data folder is given, for the benchmark and for
trying the report. Nobody real is in it: made-up people join each session, answer its measures
(most of them with a pairing code), its then-and-now ratings, its rating scales and polls and
its feedback, skipping now and then, and some come back for the four-week check-in.
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

from ..content import CURRICULUM, find_workshop
from ..model import Workshop
from ..model.kinds.measure import scale_values
from ..model.kinds.mood import options as mood_options
from ..service import Service
from ..store import open_store
from .load import FEEDBACK

MODULES = CURRICULUM
FOLLOW_UP = "followup-4-weeks"
#: Kinds the example answers (free text, exercises and group work are left alone); in module
#: sessions the polls are left alone too, apart from the feedback, to keep the example quick.
ANSWERED = ("measure", "retrospective", "scale", "choice", "mood", "multi_choice")
POLLS = ("choice", "mood", "multi_choice")


class _Person:
    """A made-up participant: a starting level that the series nudges up a little."""

    def __init__(self, number: int, rnd: random.Random, pairs: float) -> None:
        self.number = number
        self.level = min(0.95, max(0.05, rnd.gauss(0.5, 0.17)))  # where they sit on any scale, 0-1
        self.gain = rnd.gauss(0.07, 0.08)
        self.code = f"EX{number:04d}{chr(65 + number % 26)}" if rnd.random() < pairs else None

    def at(self, progress: float, rnd: random.Random) -> float:
        return min(1.0, max(0.0, self.level + self.gain * progress + rnd.gauss(0, 0.08)))


def _point(low: int, high: int, where: float) -> int:
    return int(round(low + (high - low) * where))


def _value(activity: Any, person: _Person, progress: float, rnd: random.Random) -> Any:
    settings = activity.settings
    if activity.kind == "measure":
        instrument = settings["instrument"]
        values = scale_values(instrument)
        low, high = min(values), max(values)
        answer: dict[str, int | None] = {}
        for item in instrument["items"]:
            where = person.at(progress, rnd)
            point = _point(low, high, 1 - where if item.get("reverse") else where)
            answer[item["id"]] = None if rnd.random() < 0.04 else point
        if all(v is None for v in answer.values()):
            answer[instrument["items"][0]["id"]] = _point(low, high, person.level)
        return answer
    if activity.kind == "retrospective":
        ratings = {}
        for item in settings["items"]:
            before = _point(1, 5, min(1.0, max(0.0, person.level + rnd.gauss(-0.1, 0.12))))
            ratings[item["id"]] = {"before": before, "now": min(5, before + rnd.choice([0, 1, 1, 1, 2]))}
        return ratings
    if activity.kind == "scale":
        return _point(int(settings.get("min", 1)), int(settings.get("max", 5)), person.at(progress, rnd))
    options = [o["id"] for o in (mood_options(settings) if activity.kind == "mood" else settings["options"])]
    if activity.kind == "multi_choice":
        most = min(3, len(options), int(settings.get("max_choices", len(options))))
        return sorted(rnd.sample(options, rnd.randint(1, most)), key=options.index)
    return rnd.choice(options)


WEEK = 7 * 24 * 60 * 60


def _run(service: Service, workshop: Workshop, name: str, people: list[_Person], progress: float, rnd: random.Random, counter: list[int]) -> str:
    code = service.create_session(workshop, "http://127.0.0.1:8866", name)["code"]
    tokens = {person.number: f"example-{code}-{person.number:06d}" for person in people}
    for person in people:
        service.join(code, {"participant": tokens[person.number]})
    for activity in workshop.activities:
        if activity.kind not in ANSWERED or (activity.kind in POLLS and not workshop.self_paced and activity.id not in FEEDBACK):
            continue
        if not workshop.self_paced:
            service.control(code, {"action": "open", "activity": activity.id})
        for person in people:
            counter[0] += 1
            body: dict[str, Any] = {"activity": activity.id, "participant": tokens[person.number], "submission_id": f"example-{counter[0]:010d}"}
            if rnd.random() < 0.06:
                body["skip"] = True
            else:
                body["value"] = _value(activity, person, progress, rnd)
                if activity.kind == "measure" and person.code:
                    body["link"] = person.code
            service.submit(code, body)
    service.control(code, {"action": "end"})
    return code


def example_series(folder: str | Path, *, name: str = "Example series", sessions: int = 3, participants: int = 20,
                   follow_up: bool = True, seed: int = 15) -> str:
    """Make an example series in the SQLite store of ``folder``; returns the series' name.

    ``sessions`` module sessions (2 to 6): the first ``sessions - 1`` modules in order and always
    module 6, so the pre measures of module 1 meet the post measures of module 6. Each has
    ``participants`` people; about one in ten of the first session's people is replaced by a
    newcomer in each later one, and about 70 % make a pairing code. With ``follow_up``, two thirds
    of the last session's people answer the four-week check-in. ``seed`` makes it repeatable.
    """
    if not 2 <= sessions <= len(MODULES):
        raise ValueError(f"an example series has 2 to {len(MODULES)} module sessions")
    rnd = random.Random(seed)
    store = open_store(folder)
    try:
        # One session a week, the follow-up four weeks after the last, ending today: the sessions
        # sort in the order they ran, and retention (from the series' last session) keeps them all.
        weeks = len(range(sessions)) + (4 if follow_up else 0)
        moment = [time.time() - weeks * WEEK]
        service = Service(store, clock=lambda: moment[0])
        cohort = [_Person(n, rnd, 0.7) for n in range(participants)]
        modules = list(MODULES[: sessions - 1]) + [MODULES[-1]]
        counter, newcomer = [0], participants
        for index, module in enumerate(modules):
            if index:
                for slot in range(participants):
                    if rnd.random() < 0.1:
                        cohort[slot] = _Person(newcomer, rnd, 0.7)
                        newcomer += 1
            _run(service, find_workshop(module), name, cohort, index / (len(modules) - 1), rnd, counter)
            moment[0] += WEEK
        if follow_up:
            moment[0] += 3 * WEEK
            returning = rnd.sample(cohort, max(1, participants * 2 // 3))
            _run(service, find_workshop(FOLLOW_UP), name, returning, 1.0, rnd, counter)
    finally:
        store.close()
    return name


__all__ = ["example_series"]
