"""Benchmark: a room joining at once, kernel memory, and how fast pages follow the facilitator.

Starts a real ``huddle serve`` with a kernel pool, waits until the pool has settled, then:

1. join burst: CLIENTS light HTTP clients and BROWSERS real Chromium pages open the join link
   within one second; reports time to the page's HTML (light clients) and to an interactive
   page (Chromium: the "Join" button usable), p50 / p95 / max;
2. first-join bytes: what one fresh browser downloads (compressed), and on a second visit;
3. kernel memory: resident set size of the participant kernels in use;
4. open -> page shows: the facilitator opens an activity, time until every browser shows it;
5. submit -> tally: a browser sends an answer, time until the facilitator's tally counts it.

    .venv/bin/python benchmarks/participants.py --clients 25 --browsers 5

Targets (PRODUCT section 9): 30 joining within one second all served within 0.5 s and interactive
within 3 s at p95; first join at most 2 MB; at most 60 MB per kernel; open -> shows and submit ->
tally within 1 s at p95.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import CHROMIUM, LAUNCH_ARGS  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {}
    p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
    return {"p50": round(statistics.median(ordered), 3), "p95": round(p95, 3), "max": round(ordered[-1], 3), "n": len(ordered)}


def kernel_pids(server_pid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if re.search(rf"^PPid:\s+{server_pid}$", (entry / "status").read_text(), re.M) and b"ipykernel" in (entry / "cmdline").read_bytes():
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def rss_mb(pid: int) -> float:
    return int(re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{pid}/status").read_text()).group(1)) / 1024


def wait_for_settled_pool(server_pid: int, size: int, timeout: float = 300) -> float:
    """Wait until the pool's kernels exist and have stopped using CPU (the notebook has run)."""
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        pids = kernel_pids(server_pid)
        if len(pids) >= size:
            before = {pid: cpu_ticks(pid) for pid in pids}
            time.sleep(1.5)
            if all(cpu_ticks(pid) - before[pid] <= 2 for pid in pids if Path(f"/proc/{pid}").exists()):
                return time.monotonic() - began
        else:
            time.sleep(0.5)
    raise SystemExit(f"the kernel pool of {size} did not settle in {timeout} s")


def start_server(data: Path, port: int, pool: int, extra: list[str] | None = None) -> subprocess.Popen:
    """A fresh ``huddle serve`` on ``port`` with its data in ``data/data`` and its log in
    ``data/server.log``."""
    log = open(data / "server.log", "wb")
    return subprocess.Popen(
        [sys.executable, "-m", "huddle.cli", "serve", "--port", str(port), "--data", str(data / "data"), "--pool-size", str(pool), *(extra or [])],
        stdout=log, stderr=log,
    )


def wait_until_healthy(api: str, server: subprocess.Popen, data: Path) -> None:
    """Wait until the server answers /health; stop with its log's address if it exits first."""
    while True:
        try:
            if requests.get(f"{api}/health", timeout=5).ok:
                return
        except requests.RequestException:
            time.sleep(0.2)
        if server.poll() is not None:
            raise SystemExit(f"the server stopped; see {data / 'server.log'}")


def run(clients: int, browsers: int, pool: int, rounds: int) -> dict:
    from playwright.sync_api import sync_playwright

    data = Path(tempfile.mkdtemp(prefix="huddle-bench-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    api = f"{base}/huddle/api/v1"
    server = start_server(data, port, pool)
    result: dict = {"pool_size": pool, "light_clients": clients, "browsers": browsers}
    try:
        wait_until_healthy(api, server, data)
        result["pool_settled_seconds"] = round(wait_for_settled_pool(server.pid, pool), 1)
        token = (data / "data" / "admin-token").read_text().strip()
        session = requests.post(f"{api}/sessions", json={"workshop": "demo"}, headers={"Authorization": f"Bearer {token}"}).json()
        key = {"Authorization": f"Bearer {session['facilitator_key']}"}
        control = lambda **body: requests.post(f"{api}/sessions/{session['code']}/control", json=body, headers=key).raise_for_status()

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            # Warm the browser's own start-up (not part of what a participant's phone does).
            contexts = [browser.new_context(viewport={"width": 390, "height": 844}) for _ in range(browsers)]
            pages = [context.new_page() for context in contexts]
            probes = []
            for page in pages:
                probe = page.context.new_cdp_session(page)
                probe.send("Performance.enable")
                probes.append(probe)

            # 1. the burst: light clients in threads, browsers started at the same moment.
            start = threading.Barrier(clients + 1)

            def light(_: int) -> float:
                start.wait()
                began = time.perf_counter()
                response = requests.get(session["join_url"], timeout=60)
                response.raise_for_status()
                return time.perf_counter() - began

            with ThreadPoolExecutor(clients) as threads:
                futures = [threads.submit(light, n) for n in range(clients)]
                start.wait()
                began = time.perf_counter()
                for page in pages:
                    page.goto(session["join_url"], wait_until="commit")
                interactive = []
                for page in pages:
                    page.get_by_role("button", name="Join", exact=True).wait_for(timeout=60_000)
                    interactive.append(time.perf_counter() - began)
                html_times = [f.result() for f in futures]
            result["burst_light_clients_html_seconds"] = percentiles(html_times)
            result["burst_browsers_interactive_seconds"] = percentiles(interactive)
            # The browsers run on the server's own two cores; their CPU time shows how much of
            # the wait is the browsers' work (a phone has its own processor for that).
            busy = []
            for probe in probes:
                values = {m["name"]: m["value"] for m in probe.send("Performance.getMetrics")["metrics"]}
                busy.append(values.get("TaskDuration", 0.0))
            result["browser_cpu_seconds_per_page"] = percentiles(busy)

            for page in pages:
                page.get_by_role("button", name="Join", exact=True).click()
                page.get_by_text("You're in").wait_for(timeout=30_000)

            # 3. kernel memory of every kernel now serving someone (and the idle pool).
            sizes = [rss_mb(pid) for pid in kernel_pids(server.pid)]
            result["kernel_rss_mb"] = {"median": round(statistics.median(sizes), 1), "max": round(max(sizes), 1), "kernels": len(sizes)}

            # 4. open -> every page shows the activity.
            activities = ["energy", "arrival-mood", "workload", "recharge"]
            shows = []
            for n in range(rounds):
                activity = activities[n % len(activities)]
                began = time.perf_counter()
                control(action="open", activity=activity)
                state = requests.get(f"{api}/sessions/{session['code']}").json()
                for page in pages:
                    page.get_by_role("heading", name=state["current"]["prompt"]).wait_for(timeout=10_000)
                    shows.append(time.perf_counter() - began)
            result["open_to_page_shows_seconds"] = percentiles(shows)

            # 5. submit -> the facilitator's tally counts it.
            control(action="open", activity="energy")
            page = pages[0]
            page.get_by_role("heading", name=re.compile("energy")).wait_for(timeout=10_000)
            choices = ["Charged up", "Steady", "Running on fumes", "It changes by the hour"]
            counted = []
            for n in range(rounds):
                page.get_by_text(choices[n % len(choices)], exact=True).click()
                button = page.get_by_role("button", name=re.compile("Send answer|Update answer"))
                before = requests.get(f"{api}/sessions/{session['code']}/export", params={"format": "json"}, headers=key).json()["answers"]
                began = time.perf_counter()
                button.click()
                while True:
                    now = requests.get(f"{api}/sessions/{session['code']}/export", params={"format": "json"}, headers=key).json()["answers"]
                    if now != before:
                        counted.append(time.perf_counter() - began)
                        break
                    if time.perf_counter() - began > 10:
                        raise SystemExit("an answer never reached the tally")
                    time.sleep(0.01)
            result["submit_to_tally_seconds"] = percentiles(counted)

            # 2. bytes of a first join, and of a second one in the same browser.
            context = browser.new_context()
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            total = {"bytes": 0, "requests": 0}

            def finished(event: dict) -> None:
                total["bytes"] += event["encodedDataLength"]
                total["requests"] += 1

            cdp.on("Network.loadingFinished", finished)
            for visit in ("first_join", "second_join"):
                total.update(bytes=0, requests=0)
                page.goto(session["join_url"])
                try:
                    page.get_by_role("button", name="Join", exact=True).wait_for(timeout=60_000)
                except Exception:
                    page.screenshot(path=str(data / f"{visit}.png"))
                    print("stuck page saved in", data, file=sys.stderr)
                    raise
                page.wait_for_timeout(1000)
                result[f"{visit}_megabytes"] = round(total["bytes"] / 1e6, 2)
                result[f"{visit}_requests"] = total["requests"]
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=60)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=27, help="light HTTP clients in the burst (default: %(default)s)")
    parser.add_argument("--browsers", type=int, default=3, help="real Chromium pages in the burst (default: %(default)s)")
    parser.add_argument("--pool", type=int, default=None, help="kernel pool size (default: clients + browsers)")
    parser.add_argument("--rounds", type=int, default=10, help="repetitions of the latency measurements (default: %(default)s)")
    args = parser.parse_args(argv)
    result = run(args.clients, args.browsers, args.pool if args.pool is not None else args.clients + args.browsers, args.rounds)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
