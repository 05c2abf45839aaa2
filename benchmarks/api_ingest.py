"""Benchmark: how many answers per second the API stores on loopback, with zero loss.

Starts a real ``huddle serve`` on a free port with a fresh data folder, opens an activity, and
lets CLIENTS processes send TOTAL answers (each from a distinct participant) as fast as they
can. Then it checks the tally holds every acknowledged answer and reports the store's size.

    .venv/bin/python benchmarks/api_ingest.py --total 6000 --clients 8
    .venv/bin/python benchmarks/api_ingest.py --store postgresql://USER@HOST:PORT/DB   # a scratch database

Target (PRODUCT section 9): at least 500 answers per second with no loss.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def send(args: tuple[str, str, int, int]) -> tuple[int, list[float]]:
    """One client: send answers for participants [start, start+count); acknowledged count, latencies."""
    api, code, start, count = args
    http = requests.Session()
    acknowledged, latencies = 0, []
    for n in range(start, start + count):
        body = {"activity": "energy", "participant": f"bench-participant-{n:08d}", "submission_id": f"sub-{n:010d}", "value": ["charged", "steady", "flat", "mixed"][n % 4]}
        began = time.perf_counter()
        response = http.post(f"{api}/sessions/{code}/responses", json=body, timeout=30)
        latencies.append(time.perf_counter() - began)
        if response.status_code == 201:
            acknowledged += 1
    return acknowledged, latencies


def join(args: tuple[str, str, int, int]) -> None:
    """One client's participants join, as their pages do before answering (not timed)."""
    api, code, start, count = args
    http = requests.Session()
    for n in range(start, start + count):
        http.post(f"{api}/sessions/{code}/join", json={"participant": f"bench-participant-{n:08d}"}, timeout=30).raise_for_status()


def run(total: int, clients: int, store: str | None = None) -> dict:
    data = Path(tempfile.mkdtemp(prefix="huddle-bench-"))
    port = free_port()
    log = open(data / "server.log", "wb")
    server = subprocess.Popen([sys.executable, "-m", "huddle.cli", "serve", "--port", str(port), "--data", str(data / "data"), "--pool-size", "0", *(["--store", store] if store else [])], stdout=log, stderr=log)
    api = f"http://127.0.0.1:{port}/huddle/api/v1"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{api}/health", timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the server did not start")
            time.sleep(0.1)
        token = (data / "data" / "admin-token").read_text().strip()
        session = requests.post(f"{api}/sessions", json={"workshop": "demo"}, headers={"Authorization": f"Bearer {token}"}).json()
        key = {"Authorization": f"Bearer {session['facilitator_key']}"}
        requests.post(f"{api}/sessions/{session['code']}/control", json={"action": "open", "activity": "energy"}, headers=key)

        share = total // clients
        jobs = [(api, session["code"], i * share, share) for i in range(clients)]
        with multiprocessing.Pool(clients) as pool:
            pool.map(join, jobs)
            began = time.perf_counter()
            results = pool.map(send, jobs)
        elapsed = time.perf_counter() - began
        acknowledged = sum(r[0] for r in results)
        latencies = sorted(l for r in results for l in r[1])
        tally = requests.get(f"{api}/sessions/{session['code']}/tally", headers=key).json()
        stored = next(a for a in tally["activities"] if a["id"] == "energy")["count"]
        # With PostgreSQL the size is the server's business; the SQLite file is measured here.
        store_bytes = 0 if store else sum(p.stat().st_size for p in (data / "data").glob("huddle.sqlite3*"))
        return {
            "store": "postgresql" if store else "sqlite",
            "answers_sent": share * clients,
            "acknowledged": acknowledged,
            "stored": stored,
            "lost": acknowledged - stored,
            "clients": clients,
            "seconds": round(elapsed, 2),
            "answers_per_second": round(acknowledged / elapsed, 1),
            "latency_ms_p50": round(statistics.median(latencies) * 1000, 1),
            "latency_ms_p95": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1),
            "store_bytes": store_bytes,
            "store_bytes_per_answer": round(store_bytes / max(1, stored), 1),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--total", type=int, default=6000, help="answers to send (default: %(default)s)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client processes (default: %(default)s)")
    parser.add_argument("--store", help="PostgreSQL URL of a scratch database to measure instead of SQLite")
    parser.add_argument("--target", type=float, default=500.0, help="answers per second to reach (default: %(default)s)")
    args = parser.parse_args(argv)
    result = run(args.total, args.clients, args.store)
    result["target_met"] = result["answers_per_second"] >= args.target and result["lost"] == 0
    print(json.dumps(result, indent=2))
    return 0 if result["lost"] == 0 else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
