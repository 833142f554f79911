"""The work pool: a task that outlives its request is stopped inside the worker (so slow files cannot
occupy every worker), and the worker goes on serving."""

from __future__ import annotations

import asyncio
import time

import pytest

from vbassist.api.errors import RequestTimeout
from vbassist.api.workers import DeadlinePassed, WorkPool, with_deadline


def test_with_deadline_stops_a_task_and_clears_the_timer() -> None:
    started = time.perf_counter()
    with pytest.raises(DeadlinePassed):
        with_deadline(0.2, time.sleep, 5)
    assert time.perf_counter() - started < 2
    # near miss: a task inside its deadline returns its value, and no alarm fires later
    assert with_deadline(0.3, sum, [1, 2, 3]) == 6
    time.sleep(0.4)


def test_a_worker_process_survives_a_stopped_task() -> None:
    pool = WorkPool(processes=1, threads=1, task_deadline_s=0.5)
    try:

        async def run() -> tuple[float, int]:
            started = time.perf_counter()
            with pytest.raises(RequestTimeout) as caught:
                await pool.run_cpu(time.sleep, 10)
            assert caught.value.code == "tidsgrans" and caught.value.http_status == 504
            stopped_after = time.perf_counter() - started
            return stopped_after, await pool.run_cpu(sum, [20, 22])

        stopped_after, answer = asyncio.run(run())
        assert stopped_after < 5 and answer == 42
    finally:
        pool.close()


def test_a_dead_worker_gives_503_and_a_fresh_pool() -> None:
    """A worker killed mid-task (out of memory, a crash in a C library): this request gets a 503 with a
    Swedish message, the next one a new pool."""
    import os

    from vbassist.api.errors import WorkerLost

    pool = WorkPool(processes=1, threads=1)
    try:

        async def run() -> int:
            with pytest.raises(WorkerLost) as caught:
                await pool.run_cpu(os._exit, 3)
            assert caught.value.http_status == 503 and "arbetsprocess" in caught.value.message.lower()
            return await pool.run_cpu(sum, [40, 2])

        assert asyncio.run(run()) == 42
    finally:
        pool.close()
