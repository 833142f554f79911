"""Load on the service: N concurrent clients post a sample draft to POST /v1/check for a bounded time
against a `vbassist serve` this script starts on loopback (or an existing loopback URL), and print
throughput, latency percentiles and errors.

    .venv/bin/python bench/api_load.py                       # 8 clients, 60 s, tests/data sample
    .venv/bin/python bench/api_load.py --clients 16 --duration 30 --workers 2
    .venv/bin/python bench/api_load.py --hostile 2           # 8 normal clients + 2 sending a span bomb

With `--hostile N`, N more clients post the span bomb over and over (the 57 kB sample with one cell
spanning 30 million grid columns, built here by tests/api/hostile.py); the normal clients' numbers
are reported on their own, the bombs' answers beside them, and the largest resident memory of the
service and of any of its worker processes (sampled from /proc).

Loopback only: this is a benchmark, not a load generator for someone else's server.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # tests/api/hostile.py builds the span bomb

from tests.api.hostile import span_bomb  # noqa: E402

DEFAULT_FILE = REPO / "tests" / "data" / "vb2025_hagersten-alvsjo_familjehemsenheten.docx"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_CLIENTS = 64
MAX_DURATION = 600.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_cpu_seconds(root_pid: int) -> float | None:
    """CPU seconds (user + system) of a process and all its descendants, from /proc (Linux only)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = None
    for pid in tree_pids(root_pid):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total = (total or 0.0) + (int(fields[11]) + int(fields[12])) / ticks
    return total


def tree_pids(root_pid: int) -> list[int]:
    """A process and all its descendants, from /proc (Linux only)."""
    parent: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    found, frontier = [root_pid], {root_pid}
    while frontier:
        frontier = {pid for pid, up in parent.items() if up in frontier} - set(found)
        found += sorted(frontier)
    return found


def resident_mb(pid: int) -> float:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, IndexError):
        return 0.0


async def watch_memory(root_pid: int, peaks: dict[str, float], stop: asyncio.Event) -> None:
    """The largest resident memory of the service process and of any process below it."""
    while not stop.is_set():
        pids = tree_pids(root_pid)
        peaks["service"] = max(peaks.get("service", 0.0), resident_mb(root_pid))
        peaks["worker"] = max([peaks.get("worker", 0.0), *(resident_mb(p) for p in pids[1:])])
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.05)


def start_server(
    workers: int, corpus: bool, data_dir: Path | None = None
) -> tuple[subprocess.Popen[bytes], str, Path]:
    """`vbassist serve` on a free loopback port; `data_dir` None = a new empty one (no index)."""
    root = Path(tempfile.mkdtemp(prefix="vbassist-bench-api-"))
    port = _free_port()
    env = {
        **os.environ,
        "VBASSIST_DATA_DIR": str(data_dir or root / "data"),
        "VBASSIST_WORKERS": str(workers),
        "VBASSIST_API_TOKENS": "",
        "VBASSIST_ADMIN_TOKENS": "",
    }
    if not corpus:
        (root / "corpus").mkdir()
        env["VBASSIST_CORPUS_DIR"] = str(root / "corpus")
    log = root / "server.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "vbassist.cli", "serve", "--port", str(port), "--no-index"],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            cwd=REPO,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/v1/health", timeout=2).status_code == 200:
                return proc, url, log
        except httpx.TransportError:
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"the server did not start; its log:\n{log.read_text(errors='replace')[-3000:]}")


async def run_load(
    url: str,
    data: bytes,
    name: str,
    clients: int,
    duration: float,
    on_start: Callable[[], None] = lambda: None,
    hostile: int = 0,
    server_pid: int | None = None,
) -> dict[str, object]:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    bombs: dict[str, list[float]] = {}  # the bombs' answers (status) and how long each took
    peaks: dict[str, float] = {}
    stop_at = 0.0
    bomb = span_bomb() if hostile else b""

    async def client(c: httpx.AsyncClient) -> None:
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            try:
                response = await c.post("/v1/check", files={"file": (name, data)})
                ok = response.status_code == 200
                key = str(response.status_code)
            except httpx.HTTPError as exc:
                ok, key = False, type(exc).__name__
            elapsed = time.perf_counter() - started
            if ok:
                latencies.append(elapsed)
            else:
                errors[key] = errors.get(key, 0) + 1

    async def bomber(c: httpx.AsyncClient) -> None:
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            try:
                key = str((await c.post("/v1/check", files={"file": ("bomb.docx", bomb)})).status_code)
            except httpx.HTTPError as exc:
                key = type(exc).__name__
            bombs.setdefault(key, []).append(time.perf_counter() - started)

    total = clients + hostile
    limits = httpx.Limits(max_connections=total, max_keepalive_connections=total)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as c:
        # one warm-up request per client: worker processes and the corpus cache are ready before timing
        await asyncio.gather(*(c.post("/v1/check", files={"file": (name, data)}) for _ in range(clients)))
        on_start()
        stop = asyncio.Event()
        watcher = asyncio.ensure_future(watch_memory(server_pid, peaks, stop)) if server_pid else None
        started = time.perf_counter()
        stop_at = started + duration
        await asyncio.gather(*(client(c) for _ in range(clients)), *(bomber(c) for _ in range(hostile)))
        wall = time.perf_counter() - started
        stop.set()
        if watcher is not None:
            await watcher
    return {"latencies": latencies, "errors": errors, "wall": wall, "bombs": bombs, "peaks": peaks}


def _pct(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, round(p / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[k]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8, at most 64)")
    parser.add_argument(
        "--duration", type=float, default=60.0, help="seconds of load (default 60, at most 600)"
    )
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="the draft to post")
    parser.add_argument(
        "--workers", type=int, default=2, help="check worker processes of the server (VBASSIST_WORKERS)"
    )
    parser.add_argument("--corpus", action="store_true", help="check against the repository's corpus as well")
    parser.add_argument("--url", help="an already running service on loopback instead of starting one")
    parser.add_argument(
        "--hostile", type=int, default=0, help="more clients that send the span bomb (default 0, at most 8)"
    )
    args = parser.parse_args()
    clients = max(1, min(args.clients, MAX_CLIENTS))
    hostile = max(0, min(args.hostile, 8))
    duration = max(1.0, min(args.duration, MAX_DURATION))
    data = args.file.read_bytes()

    proc = None
    if args.url:
        host = urlsplit(args.url).hostname or ""
        if host not in LOOPBACK:
            raise SystemExit(f"refusing {args.url}: loopback only (127.0.0.1, localhost, ::1)")
        url = args.url.rstrip("/")
    else:
        proc, url, _ = start_server(args.workers, args.corpus)
    server_cpu: list[float | None] = []

    def on_timed_start() -> None:
        server_cpu.append(tree_cpu_seconds(proc.pid) if proc is not None else None)

    try:
        cpu_before = os.times()
        result = asyncio.run(
            run_load(
                url,
                data,
                args.file.name,
                clients,
                duration,
                on_timed_start,
                hostile=hostile,
                server_pid=proc.pid if proc is not None else None,
            )
        )
        server_cpu.append(tree_cpu_seconds(proc.pid) if proc is not None else None)
        cpu_after = os.times()
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()

    latencies = sorted(result["latencies"])  # type: ignore[arg-type]
    errors: dict[str, int] = result["errors"]  # type: ignore[assignment]
    wall: float = result["wall"]  # type: ignore[assignment]
    n = len(latencies)
    print(
        f"file: {args.file.name} ({len(data) / 1024:.0f} kB), clients: {clients}, duration: {wall:.1f} s, "
        f"server check workers: {args.workers if not args.url else '?'}, cores: {os.cpu_count()}"
    )
    if hostile:
        print(
            f"normal clients: {clients}, hostile clients (span bomb, {len(span_bomb()) / 1024:.0f} kB): {hostile}"
        )
    print(f"requests ok: {n}, errors: {sum(errors.values())} {errors if errors else ''}".rstrip())
    print(f"throughput: {n / wall:.1f} req/s")
    if latencies:
        print(
            f"latency ms: p50 {_pct(latencies, 50) * 1000:.0f}, p95 {_pct(latencies, 95) * 1000:.0f}, "
            f"p99 {_pct(latencies, 99) * 1000:.0f}, mean {statistics.fmean(latencies) * 1000:.0f}, "
            f"max {latencies[-1] * 1000:.0f}"
        )
    if len(server_cpu) == 2 and None not in server_cpu and n:
        used = server_cpu[1] - server_cpu[0]  # type: ignore[operator]
        print(
            f"server CPU: {used:.1f} s over {wall:.1f} s ({used / wall * 100:.0f} % of one core), "
            f"{used / n * 1000:.0f} ms per request"
        )
    bombs: dict[str, list[float]] = result["bombs"]  # type: ignore[assignment]
    for status, times in sorted(bombs.items()):
        times.sort()
        print(
            f"span bombs answered {status}: {len(times)}, ms: p50 {_pct(times, 50) * 1000:.0f}, "
            f"max {times[-1] * 1000:.0f}"
        )
    peaks: dict[str, float] = result["peaks"]  # type: ignore[assignment]
    if peaks:
        print(
            f"peak resident memory MB: service process {peaks.get('service', 0):.0f}, "
            f"largest worker {peaks.get('worker', 0):.0f}"
        )
    client_cpu = (cpu_after.user - cpu_before.user) + (cpu_after.system - cpu_before.system)
    print(f"load generator CPU: {client_cpu:.1f} s ({client_cpu / wall * 100:.0f} % of one core)")


if __name__ == "__main__":
    main()
