"""Draft latency through the service: a real `vbassist serve` (uvicorn, worker processes) on loopback,
one client posting each enhetsmål in turn to POST /v1/draft, as JSON (a parsed report and the goal's
title) and as the add-in sends it (the .docx and the title). Used by bench/draft_eval.py --api."""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
from api_load import start_server

WARM_UP = 3


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def time_through_api(
    documents: list[tuple[Any, dict[int, str]]], settings: Any, *, sources: bool
) -> list[str]:
    """p50/p95 of POST /v1/draft for every enhetsmål of `documents`, JSON and upload; lines to print."""
    os.environ["VBASSIST_LLM"] = settings.llm or ""  # the service drafts as the in-process run did
    proc, url, _ = start_server(2, True, Path(settings.data_dir).resolve())
    timings: dict[str, list[float]] = {"json": [], "upload": []}
    failures: dict[str, int] = {}
    try:
        with httpx.Client(base_url=url, timeout=120) as client:
            requests = []
            for report, _ in documents:
                data = Path(report.source).read_bytes()
                for position, goal in enumerate(report.enhetsmal()):
                    copy = report.model_copy(deep=True)
                    copy.enhetsmal()[position].analys = []
                    body = {"report": copy.model_dump(mode="json"), "goal": goal.title, "sources": sources}
                    form = {"goal": goal.title, "unit": report.unit or "", "sources": str(sources).lower()}
                    requests.append((body, Path(report.source).name, data, form))
            for body, name, data, form in requests[:WARM_UP]:  # worker processes and index loaded
                client.post("/v1/draft", json=body)
                client.post("/v1/draft", files={"file": (name, data)}, data=form)
            for body, name, data, form in requests:
                for mode in ("json", "upload"):
                    start = time.perf_counter()
                    if mode == "json":
                        response = client.post("/v1/draft", json=body)
                    else:
                        response = client.post("/v1/draft", files={"file": (name, data)}, data=form)
                    elapsed = time.perf_counter() - start
                    if response.status_code == 200:
                        timings[mode].append(elapsed)
                    else:
                        key = f"{mode} {response.status_code}"
                        failures[key] = failures.get(key, 0) + 1
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    lines = [f"through the API (uvicorn, sources={sources}, {os.cpu_count()} cores shared):"]
    for mode, label in (("json", "JSON report + goal"), ("upload", "upload .docx + goal (parse included)")):
        values = timings[mode]
        if values:
            lines.append(
                f"  {label}: n={len(values)} p50 {1000 * statistics.median(values):.0f} ms, "
                f"p95 {1000 * _p95(values):.0f} ms, max {1000 * max(values):.0f} ms"
            )
    if failures:
        lines.append(f"  failed requests: {failures}")
    return lines
