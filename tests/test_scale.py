"""A large room on one server (issue 18): the pool follows the room, the server may hold the
sockets of hundreds of pages, and the live-room simulator runs end to end at a small size.

The figures at 30 to 200 participants come from ``make benchmark-room N=...``, not from here."""

from __future__ import annotations

import json
import math
import resource
import subprocess
import sys
from pathlib import Path

import pytest
import zmq
from servers import run_coroutine

from huddle.server.kernels import LATE_RESERVE, HuddleKernelManager, pool_target, raise_open_files, sockets_for

ROOT = Path(__file__).resolve().parent.parent


def test_the_pool_refills_to_the_room_then_keeps_a_small_reserve():
    # A room of 200 expected: before anyone joins, all 200 are started ahead.
    assert pool_target(200, in_use=0) == 200
    # Halfway through the burst, only what the room still needs.
    assert pool_target(200, in_use=120) == 80
    # Once the room is in (and after late joiners), a reserve of 5 %, never a second pool of 200.
    assert pool_target(200, in_use=200) == pool_target(200, in_use=260) == math.ceil(200 * LATE_RESERVE) == 10
    # A small room still keeps one kernel ready; no pool, no kernels.
    assert pool_target(5, in_use=5) == 1 and pool_target(0, in_use=0) == 0
    # When the room leaves (pages closed and culled), the pool is refilled for the next one.
    assert pool_target(200, in_use=3) == 197


def test_the_servers_context_holds_more_sockets_than_zeromqs_default():
    """ZeroMQ's default context allows 1,023 sockets, which a room of about 125 pages used up
    ("Too many open files"). The kernel manager's context is raised before its first socket:
    here it really holds 1,500 at once."""
    needed = sockets_for(200)
    assert needed > 1500
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1500 + 256:
        pytest.skip(f"this machine allows {hard} open files in all")
    manager = HuddleKernelManager(max_sockets=needed)
    try:
        assert manager.context.get(zmq.MAX_SOCKETS) >= min(needed, manager.context.get(zmq.SOCKET_LIMIT))
        sockets = [manager.context.socket(zmq.DEALER) for _ in range(1500)]
        for socket in sockets:
            socket.close(linger=0)
    finally:
        manager.context.term()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert raise_open_files(soft) == soft  # asking for no more changes nothing


def test_a_small_live_room_joins_answers_and_follows_the_facilitator(tmp_path: Path):
    """The live-room benchmark's own simulator, at five participants and two late joiners: every
    join works (late ones too, while the pool refills), every page follows each change, every
    answer is counted, and the server holds the room plus a small reserve, not two pools."""
    out = tmp_path / "room.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "room.py"), "--participants", "5", "--late", "2", "--rounds", "3", "--browsers", "0", "--json", str(out)],
        capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(out.read_text())
    assert result["join"]["failed"] == 0, result["join"]["failures"]
    assert result["late_joiners"] == {**result["late_joiners"], "joined": 2, "failed": 0}
    changes = result["per_change"] + result["late_joiners"]["changes_meanwhile"]
    assert changes and all(change["pages_not_showing"] == 0 for change in changes), changes
    assert result["submit"]["lost"] == 0 and result["submit"]["counted"] == 5
    # Every change costs each page a bounded number of widget messages.
    assert all(0 < change["messages_per_participant"] < 200 for change in result["per_change"])
    room = result["memory"]["room"]
    assert result["memory"]["kernels_held"] <= room + math.ceil(5 * LATE_RESERVE)
    assert result["server_log"] == {"too_many_open_files": 0, "iopub_timeouts": 0, "tracebacks": 0}


def test_a_room_of_waiting_pages_shares_one_read_of_the_store_per_change():
    """200 long polls woken by one change read the store once and encode one body; a change
    made here makes the next read fresh; a read older than half a second is not reused."""
    import asyncio

    from huddle.server.api import REREAD_SECONDS, SharedStates

    async def room() -> None:
        reads = []

        async def reader() -> dict:
            reads.append(1)
            await asyncio.sleep(0.01)
            return {"code": "ABC234", "revision": len(reads)}

        shared = SharedStates()
        answers = await asyncio.gather(*(shared.read("ABC234", "en", reader) for _ in range(200)))
        assert len(reads) == 1 and len({body for _, body in answers}) == 1
        shared.changed("ABC234")
        state, _ = await shared.read("ABC234", "en", reader)
        assert len(reads) == 2 and state["revision"] == 2
        await shared.read("ABC234", "es", reader)  # another language is another read
        assert len(reads) == 3
        await asyncio.sleep(REREAD_SECONDS + 0.05)
        await shared.read("ABC234", "en", reader)
        assert len(reads) == 4

        async def failing() -> dict:
            raise KeyError("gone")

        with pytest.raises(KeyError):
            await shared.read("ZZZ999", None, failing)
        state, _ = await shared.read("ZZZ999", None, reader)  # a failed read is not kept
        assert len(reads) == 5

    run_coroutine(room())


def test_the_room_benchmark_over_two_servers_on_one_postgresql(tmp_path: Path):
    """The README's two-server run (`room.py --servers 2`), small: four participants split over
    two servers sharing one PostgreSQL all join, follow changes made on the first server, and are
    all counted."""
    out = tmp_path / "room.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "room.py"), "--participants", "4", "--servers", "2", "--late", "2", "--rounds", "2",
         "--browsers", "0", "--json", str(out)],
        capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(out.read_text())
    assert result["servers"] == 2 and result["store"] == "postgresql"
    assert result["join"]["failed"] == 0 and result["late_joiners"]["failed"] == 0
    changes = result["per_change"] + result["late_joiners"]["changes_meanwhile"]
    assert changes and all(change["pages_not_showing"] == 0 for change in changes), changes
    assert result["submit"] == {**result["submit"], "counted": 4, "lost": 0}
