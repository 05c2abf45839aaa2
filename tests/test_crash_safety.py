"""R1: every answer acknowledged before a SIGKILL is still there after a restart."""

from __future__ import annotations

import signal

from servers import Server, participant


def test_acknowledged_answers_survive_kill_9_and_restart(own_server):
    first = own_server()
    session = first.create_session()
    first.control(session, "open", activity="energy")
    acknowledged = 0
    for n in range(40):
        response = first.answer(session, "energy", participant(n), "steady")
        if response.status_code == 201:
            acknowledged += 1
    assert acknowledged == 40

    first.kill(signal.SIGKILL)
    again = own_server(data=first.data)
    entry = again.tally(session)["energy"]
    assert entry["count"] == acknowledged
    # The session carries on where it was: the activity is still open for latecomers.
    assert again.answer(session, "energy", participant(999), "flat").status_code == 201
    assert isinstance(again, Server)
