"""Benchmark: a live room of N participants at the widget-protocol level (issue 18).

Starts a fresh ``huddle serve --pool-size N`` on this machine, then N simulated participants
(``simulated.py``: the join page, the kernel's websocket, the widget states, the browser token,
a Join press and answers, all as widget messages; no browser) and a few real Chromium pages
sampled alongside. It reports:

- pool fill: server start until every pooled kernel has run its notebook and gone quiet;
- join burst (all N within one second): the page's HTML, a ready kernel (widgets and a usable
  Join button), and Join pressed until "You're in"; and how many joins failed;
- facilitator open/advance until every page shows the new activity, p50 / p95 / max over rounds;
- submit burst: every participant answers at once, until the facilitator's tally counts all of
  them, and how many were lost;
- per change: messages and bytes each participant received, server and kernel CPU per
  participant (and the simulator's own, which shares the cores);
- memory: the server's RSS, the kernels held (and how many per participant), their RSS and USS;
- /health latency throughout (p50 / p95 / max while the room changes).

    make benchmark-room N=200
    .venv/bin/python benchmarks/room.py --participants 60 --rounds 5 --browsers 2
    .venv/bin/python benchmarks/room.py --participants 200 --servers 2   # two servers, one PostgreSQL

The targets (PRODUCT section 9 and issue 18): all join with a ready kernel; open -> every page
shows it within 1 s at p95; submit burst -> all counted within 1 s, none lost; kernels held at
most 1.1 x the room; at most 40 MB a kernel; /health within 100 ms at p95 during changes.
A small run (``--participants 5``) is part of ``make test`` as a smoke test of the simulator.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import requests
from tornado.httpclient import AsyncHTTPClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from participants import (  # noqa: E402
    cpu_ticks, free_port, kernel_pids, percentiles, rss_mb, start_server, wait_for_settled_pool, wait_until_healthy,
)
from simulated import SimParticipant  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")
#: Activities whose prompt is shown as the page's heading: a round waits for that heading.
ROUND_KINDS = {"mood", "choice", "multi_choice", "scale", "word_cloud", "text", "ranking"}


def uss_mb(pid: int) -> float:
    """A process's unique set size: the memory only it holds (private pages)."""
    text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    return sum(int(n) for n in re.findall(r"^Private_(?:Clean|Dirty):\s+(\d+)", text, re.M)) / 1024


class Health(threading.Thread):
    """Asks /health every quarter second and keeps each answer's latency under the current phase."""

    def __init__(self, api: str) -> None:
        super().__init__(daemon=True)
        self.api, self.phase, self.samples, self.failures = api, "idle", {}, 0
        self.running = True

    def run(self) -> None:
        session = requests.Session()
        while self.running:
            started = time.monotonic()
            try:
                ok = session.get(f"{self.api}/health", timeout=10).ok
            except requests.RequestException:
                ok = False
            if not ok:
                self.failures += 1
            self.samples.setdefault(self.phase, []).append(time.monotonic() - started)
            time.sleep(max(0.0, 0.25 - (time.monotonic() - started)))


def chromium_joins(join_url: str, count: int, results: list[float], failures: list[str]) -> None:
    """``count`` real Chromium pages join during the burst; seconds from the link to "You're in"."""
    if count <= 0:
        return
    from browser import CHROMIUM, LAUNCH_ARGS
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            for _ in range(count):
                context = browser.new_context(viewport={"width": 390, "height": 844})
                page = context.new_page()
                started = time.monotonic()
                try:
                    page.goto(join_url)
                    page.get_by_role("button", name="Join", exact=True).click(timeout=120_000)
                    page.get_by_text("You're in").wait_for(timeout=120_000)
                    results.append(time.monotonic() - started)
                except Exception as error:  # a blank page is the finding, not a crash of the benchmark
                    failures.append(type(error).__name__)
                finally:
                    context.close()
        finally:
            browser.close()


def process_cpu(server_pids: list[int]) -> tuple[int, int]:
    """CPU ticks so far of the servers and of all their kernels together."""
    kernels = 0
    for server_pid in server_pids:
        for pid in kernel_pids(server_pid):
            try:
                kernels += cpu_ticks(pid)
            except OSError:
                continue
    return sum(cpu_ticks(pid) for pid in server_pids), kernels


async def run_room(bases: list[str], code: str, key: str, activities: list[dict[str, Any]], n: int, rounds: int, health: Health,
                   server_pids: list[int], browsers: int, late: int) -> dict[str, Any]:
    """The room: participants spread over the servers at ``bases`` in turn; the facilitator
    works on the first."""
    base = bases[0]
    api = f"{base}/huddle/api/v1"
    headers = {"Authorization": f"Bearer {key}"}
    AsyncHTTPClient.configure(None, max_clients=max(10, n))
    client = AsyncHTTPClient()
    people = [SimParticipant(bases[i % len(bases)], code) for i in range(n)]
    result: dict[str, Any] = {}

    # 1. The join burst: all N within one second, Chromium pages alongside.
    health.phase = "join burst"
    chromium_times: list[float] = []
    chromium_failures: list[str] = []
    sampler = threading.Thread(target=chromium_joins, args=(f"{base}/voila/render/join.ipynb?code={code}", browsers, chromium_times, chromium_failures))
    sampler.start()

    async def join(person: SimParticipant) -> None:
        await asyncio.sleep(random.uniform(0, 1))
        await person.join(client, timeout=180)

    began = time.monotonic()
    cpu_before = process_cpu(server_pids)
    outcomes = await asyncio.gather(*(join(p) for p in people), return_exceptions=True)
    cpu_after = process_cpu(server_pids)
    failed = [f"{type(o).__name__}: {o}" for o in outcomes if isinstance(o, BaseException)]
    joined = [p for p, o in zip(people, outcomes) if not isinstance(o, BaseException)]
    await asyncio.to_thread(sampler.join)
    result["join"] = {
        "failed": len(failed), "failures": sorted(set(failed))[:5], "burst_seconds": round(time.monotonic() - began, 2),
        "html": percentiles([p.times["html"] for p in joined]),
        "ready": percentiles([p.times["ready"] for p in joined]),
        "join_to_in": percentiles([p.times["in"] for p in joined]),
        "chromium_link_to_in": percentiles(chromium_times), "chromium_failed": chromium_failures,
        # Everything the burst cost (the Chromium pages' share included), per participant.
        "server_cpu_ms_per_join": round((cpu_after[0] - cpu_before[0]) / TICKS * 1000 / max(1, n), 1),
        "kernel_cpu_ms_per_join": round((cpu_after[1] - cpu_before[1]) / TICKS * 1000 / max(1, n), 1),
    }
    await asyncio.sleep(2)

    # 2. Rounds: the facilitator opens the next activity; every page must show it.
    health.phase = "changes"
    shown: list[float] = []
    per_change: list[dict[str, Any]] = []
    submit: dict[str, Any] = {}

    async def change(activity: dict[str, Any], room: list[SimParticipant]) -> dict[str, Any]:
        for person in room:
            person.received.reset()
        before = process_cpu(server_pids)
        simulator_before = time.process_time()
        started = time.monotonic()
        response = requests.post(f"{api}/sessions/{code}/control", json={"action": "open", "activity": activity["id"]}, headers=headers, timeout=30)
        response.raise_for_status()

        async def sees(person: SimParticipant) -> float | None:
            try:
                await person.until(lambda: person.shows(activity["prompt"]), 60)
                return time.monotonic() - started
            except TimeoutError:
                return None

        seen = await asyncio.gather(*(sees(p) for p in room))
        every = max((s for s in seen if s is not None), default=None)
        shown.extend(s for s in seen if s is not None)
        await asyncio.sleep(1.5)  # the last messages of the change arrive; its CPU is spent
        after = process_cpu(server_pids)
        simulator = time.process_time() - simulator_before
        taken = [p.received.reset() for p in room]
        count = max(1, len(room))
        return {
            "activity": activity["id"], "every_page_seconds": round(every, 3) if every else None,
            "pages_not_showing": sum(1 for s in seen if s is None),
            "messages_per_participant": round(sum(m for m, _ in taken) / count, 1),
            "kb_per_participant": round(sum(b for _, b in taken) / count / 1024, 1),
            "server_cpu_ms_per_participant": round((after[0] - before[0]) / TICKS * 1000 / count, 2),
            "kernel_cpu_ms_per_participant": round((after[1] - before[1]) / TICKS * 1000 / count, 2),
            # The simulated pages share the machine's cores with what they measure.
            "simulator_cpu_ms_per_participant": round(simulator * 1000 / count, 2),
        }

    for activity in activities[:rounds]:
        per_change.append(await change(activity, joined))
        if activity["kind"] == "choice" and not submit:
            submit = await submit_burst(api, code, headers, joined, activity)

    # 3. Late joiners while the room keeps changing and the pool refills: each must get a
    # working page. These changes are timed too, but their CPU includes the new kernels'.
    health.phase = "late joiners"
    latecomers = [SimParticipant(bases[i % len(bases)], code) for i in range(late)]

    async def join_late(person: SimParticipant) -> None:
        await asyncio.sleep(random.uniform(0, 3))
        await person.join(client, timeout=180)

    late_joins = asyncio.gather(*(join_late(p) for p in latecomers), return_exceptions=True)
    during_late = [await change(activity, joined) for activity in activities[rounds:rounds + 2]]
    late_outcomes = await late_joins
    late_failed = [f"{type(o).__name__}: {o}" for o in late_outcomes if isinstance(o, BaseException)]
    result["late_joiners"] = {
        "joined": len(latecomers) - len(late_failed), "failed": len(late_failed), "failures": sorted(set(late_failed))[:5],
        "ready": percentiles([p.times["ready"] for p, o in zip(latecomers, late_outcomes) if not isinstance(o, BaseException)]),
        "changes_meanwhile": during_late,
    }
    people += latecomers
    result["open_to_every_page"] = percentiles([c["every_page_seconds"] for c in per_change if c["every_page_seconds"]])
    result["per_change_mean"] = {
        name: round(sum(c[name] for c in per_change) / max(1, len(per_change)), 2)
        for name in ("messages_per_participant", "kb_per_participant", "server_cpu_ms_per_participant", "kernel_cpu_ms_per_participant",
                     "simulator_cpu_ms_per_participant")
    }
    result["open_to_one_page"] = percentiles(shown)
    result["per_change"] = per_change
    result["submit"] = submit
    health.phase = "idle"
    for person in people:
        await person.close()
    return result


async def submit_burst(api: str, code: str, headers: dict[str, str], joined: list[SimParticipant], activity: dict[str, Any]) -> dict[str, Any]:
    """Every participant answers ``activity`` at once; time until the tally counts them all."""
    label = activity["options"][0]["label"]
    started = time.monotonic()
    outcomes = await asyncio.gather(*(p.answer(label, timeout=60) for p in joined), return_exceptions=True)
    receipts = time.monotonic() - started
    counted, deadline = 0, time.monotonic() + 60
    while time.monotonic() < deadline:
        tally = requests.get(f"{api}/sessions/{code}/tally", headers=headers, timeout=30).json()
        counted = next((a.get("count", 0) for a in tally["activities"] if a["id"] == activity["id"]), 0)
        if counted >= len(joined):
            break
        await asyncio.sleep(0.05)
    return {
        "participants": len(joined), "counted": counted, "lost": len(joined) - counted,
        "all_counted_seconds": round(time.monotonic() - started, 3), "all_receipts_seconds": round(receipts, 3),
        "send_failures": sum(1 for o in outcomes if isinstance(o, BaseException)),
    }


def run(n: int, rounds: int, browsers: int, pool: int | None, extra: list[str], late: int | None = None, servers: int = 1) -> dict[str, Any]:
    """One room on ``servers`` fresh Huddle servers: one uses its own SQLite file; several share
    one throwaway PostgreSQL database (the scale-out path), each with its share of the pool."""
    root = Path(tempfile.mkdtemp(prefix="huddle-room-"))
    pool = n if pool is None else pool
    share = -(-pool // servers)
    cluster = None
    extra = list(extra)
    if servers > 1:
        from postgres import start_cluster

        cluster = start_cluster()
        extra += ["--store", cluster.new_database()]
    started = time.monotonic()
    ports = [free_port() for _ in range(servers)]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    folders = [root / f"server-{k + 1}" for k in range(servers)]
    procs = []
    for folder, port in zip(folders, ports):
        folder.mkdir()
        procs.append(start_server(folder, port, share, extra))
    api = f"{bases[0]}/huddle/api/v1"
    result: dict[str, Any] = {"participants": n, "pool_size": pool, "servers": servers, "store": "postgresql" if cluster else "sqlite", "cpus": os.cpu_count()}
    health = Health(api)
    try:
        for base, proc, folder in zip(bases, procs, folders):
            wait_until_healthy(f"{base}/huddle/api/v1", proc, folder)
        for proc in procs:
            wait_for_settled_pool(proc.pid, share, timeout=900)
        result["pool_fill_seconds"] = round(time.monotonic() - started, 1)
        token = (folders[0] / "data" / "admin-token").read_text().strip()
        session = requests.post(f"{api}/sessions", json={"workshop": "demo"}, headers={"Authorization": f"Bearer {token}"}, timeout=180).json()
        workshop = requests.get(f"{api}/sessions/{session['code']}/workshop", headers={"Authorization": f"Bearer {session['facilitator_key']}"}, timeout=30).json()
        activities = [a for a in workshop["activities"] if a["kind"] in ROUND_KINDS and "&" not in a["prompt"] and "<" not in a["prompt"]]
        health.start()
        late = max(2, n // 10) if late is None else late
        pids = [proc.pid for proc in procs]
        result.update(asyncio.run(run_room(bases, session["code"], session["facilitator_key"], activities, n, rounds, health, pids, browsers, late)))
        room = n + browsers + late
        time.sleep(3)  # the pool's refill after the burst, counted in the kernels held
        kernels = [pid for server_pid in pids for pid in kernel_pids(server_pid)]
        result["memory"] = {
            "server_rss_mb": round(sum(rss_mb(pid) for pid in pids), 1),
            "room": room, "kernels_held": len(kernels), "kernels_per_participant": round(len(kernels) / max(1, room), 2),
            "kernel_rss_mb": percentiles([rss_mb(pid) for pid in kernels]),
            "kernel_uss_mb": percentiles([uss_mb(pid) for pid in kernels]),
            "kernels_total_rss_gb": round(sum(rss_mb(pid) for pid in kernels) / 1024, 2),
        }
        result["health"] = {phase: percentiles(samples) for phase, samples in health.samples.items()}
        result["health_failures"] = health.failures
        text = "".join((folder / "server.log").read_text(errors="replace") for folder in folders)
        result["server_log"] = {
            "too_many_open_files": text.count("Too many open files"),
            "iopub_timeouts": text.count("Timeout waiting for IOPub output"),
            "tracebacks": text.count("Traceback (most recent call last)"),
        }
    finally:
        health.running = False
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
        if cluster is not None:
            cluster.destroy()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", "-n", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=5, help="activities the facilitator opens, one after another")
    parser.add_argument("--browsers", type=int, default=2, help="real Chromium pages joining during the burst")
    parser.add_argument("--pool-size", type=int, default=None, help="the server's kernel pool (default: the room's size)")
    parser.add_argument("--late", type=int, default=None, help="participants joining after the burst, during the rounds (default: a tenth of the room, at least 2)")
    parser.add_argument("--servers", type=int, default=1, help="Huddle servers sharing the room on one throwaway PostgreSQL (default 1: one server on SQLite)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("serve_args", nargs="*", help="more options for huddle serve (after --)")
    args = parser.parse_args(argv)
    result = run(args.participants, args.rounds, args.browsers, args.pool_size, args.serve_args, args.late, args.servers)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
