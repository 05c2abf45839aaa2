"""Benchmark: how long the session report takes for 100 participants and 20 activities.

Builds a 20-activity workshop of every live kind, lets 100 participants join and answer every
activity through the real ``Service`` over SQLite in a temporary folder (no HTTP), approves a few
free-text answers, then times the report end to end: ``Service.summary``, ``Service.tally``,
``Service.workshop`` and ``build_report`` (every chart drawn). Prints one JSON line.

    .venv/bin/python benchmarks/report.py [--participants 100] [--out report.html]

Target (PRODUCT section 9): under 5 s.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from huddle.model import build_workshop, check_workshop
from huddle.reports import build_report
from huddle.service import Service
from huddle.store import SQLiteStore

WORDS = ["tired", "hopeful", "busy", "stretched", "curious", "calm", "anxious", "proud", "learning", "okay"]
OPTIONS = [
    {"id": "sleep", "label": "A proper night's sleep"},
    {"id": "people", "label": "Time with people I like"},
    {"id": "outdoors", "label": "Getting outside"},
    {"id": "exercise", "label": "Moving my body"},
    {"id": "quiet", "label": "Quiet time alone"},
]


def workshop_data() -> dict[str, Any]:
    """Twenty activities, in the shape of a workshop file (see content/workshops/demo.yaml)."""
    kinds = [
        {"kind": "mood"},
        {"kind": "choice", "options": OPTIONS[:4]},
        {"kind": "multi_choice", "options": OPTIONS, "max_choices": 3},
        {"kind": "scale", "min": 1, "max": 5, "min_label": "Not at all", "max_label": "Completely"},
        {"kind": "word_cloud", "max_words": 2},
        {"kind": "text", "max_length": 400},
        {"kind": "ranking", "options": OPTIONS[:4]},
        {"kind": "scale", "min": 0, "max": 10, "min_label": "Not likely", "max_label": "Very likely"},
        {"kind": "choice", "options": OPTIONS},
        {"kind": "multi_choice", "options": OPTIONS[:4]},
    ]
    activities = []
    for index in range(19):
        settings = kinds[index % len(kinds)]
        activities.append({"id": f"a{index + 1:02d}", "prompt": f"Question {index + 1}: how has this week gone ({settings['kind']})?", "minutes": 2, **settings})
    activities.append({"id": "a20", "kind": "group_report", "prompt": "As a group: one change for next week.", "minutes": 2})
    data = {"id": "bench", "title": "Report benchmark", "minutes": 40, "activities": activities}
    problems = check_workshop(data)
    assert not problems, problems
    return data


def value_for(settings: dict[str, Any], kind: str, rnd: random.Random, n: int) -> Any:
    ids = [o["id"] for o in settings.get("options", OPTIONS)]
    if kind == "mood":
        return rnd.choice(["great", "good", "good", "okay", "okay", "low", "struggling"])
    if kind == "choice":
        return rnd.choice(ids)
    if kind == "multi_choice":
        return rnd.sample(ids, rnd.randint(1, min(3, len(ids))))
    if kind == "scale":
        return rnd.randint(settings["min"], settings["max"])
    if kind == "word_cloud":
        return rnd.sample(WORDS, 2)
    if kind == "ranking":
        return rnd.sample(ids, len(ids))
    return f"Answer {n}: a small win <b>this</b> week, & something I learned."


def populate(service: Service, store: SQLiteStore, participants: int, seed: int = 7) -> str:
    rnd = random.Random(seed)
    workshop = build_workshop(workshop_data())
    code = service.create_session(workshop, "http://127.0.0.1:8866")["code"]
    people = [f"bench-participant-{n:08d}" for n in range(participants)]
    for person in people:
        service.join(code, {"participant": person})
    submission = 0
    for activity in workshop.activities:
        if activity.kind == "group_report":
            service.control(code, {"action": "breakout", "size": 5, "activity": activity.id})
        else:
            service.control(code, {"action": "open", "activity": activity.id})
        for n, person in enumerate(people):
            submission += 1
            body: dict[str, Any] = {"activity": activity.id, "participant": person, "submission_id": f"bench-{submission:010d}"}
            if rnd.random() < 0.05:
                body["skip"] = True
            else:
                body["value"] = value_for(dict(activity.settings), activity.kind, rnd, n)
            service.submit(code, body)
        if activity.kind in ("text", "group_report"):
            for answer in store.answers(code, activity.id)[:5]:
                if not answer.skipped:
                    store.set_answer_status(code, activity.id, answer.key, "approved")
    service.control(code, {"action": "end"})
    return code


def run(participants: int, out: Path | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="huddle-report-bench-") as folder:
        store = SQLiteStore.in_folder(Path(folder) / "data")
        service = Service(store)
        code = populate(service, store, participants)
        began = time.perf_counter()
        html = build_report(
            service.summary(code), service.tally(code), service.workshop(code), generated=time.strftime("%d %B %Y, %H:%M")
        )
        seconds = time.perf_counter() - began
        store.close()
    if out:
        out.write_text(html, encoding="utf-8")
    activities = len(workshop_data()["activities"])
    return {"participants": participants, "activities": activities, "seconds": round(seconds, 3), "html_bytes": len(html.encode())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--out", type=Path, help="also save the report here")
    args = parser.parse_args()
    print(json.dumps(run(args.participants, args.out)))


if __name__ == "__main__":
    main()
