"""Many participants at once: exact counts, one stored answer per person (R2), changes counted once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from servers import participant


def test_fifty_participants_answer_concurrently_and_counts_are_exact(server):
    session = server.create_session()
    server.control(session, "open", activity="energy")
    choices = ["charged", "steady", "flat", "mixed"]

    def take_part(n: int) -> list[int]:
        token = participant(n)
        first = server.answer(session, "energy", token, choices[n % 4], submission_id=f"first-{n:04d}")
        # A double click: the same submission arrives twice.
        double = server.answer(session, "energy", token, choices[n % 4], submission_id=f"first-{n:04d}")
        statuses = [first.status_code, double.status_code]
        if n % 5 == 0:
            # Every fifth person changes their mind while the activity is open.
            statuses.append(server.answer(session, "energy", token, "mixed", submission_id=f"second-{n:04d}").status_code)
        return statuses

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(take_part, range(50)))

    assert all(r[0] == 201 and r[1] == 200 for r in results)
    assert all(r[2] == 200 for r in results if len(r) == 3)
    entry = server.tally(session)["energy"]
    assert entry["count"] == 50 and entry["skipped"] == 0
    counts = {o["id"]: o["count"] for o in entry["tally"]["options"]}
    expected = {choice: 0 for choice in choices}
    for n in range(50):
        expected["mixed" if n % 5 == 0 else choices[n % 4]] += 1
    assert counts == expected


def test_participant_who_changes_their_answer_is_counted_once(server):
    session = server.create_session()
    server.control(session, "open", activity="workload")
    for value in (1, 2, 5, 3):
        assert server.answer(session, "workload", participant(1), value).status_code in (200, 201)
    for n in range(2, 6):
        server.answer(session, "workload", participant(n), 3)
    entry = server.tally(session)["workload"]
    assert entry["count"] == 5
    assert {o["id"]: o["count"] for o in entry["tally"]["options"]}["3"] == 5
