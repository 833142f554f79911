"""The work pool: a task that outlives its request is stopped by killing its worker (even inside C code,
where no signal handler runs), a task over the memory limit is refused and its worker replaced, a slow
task does not hold up short ones, a worker is recycled after N tasks, and a dead worker costs one
request a 503, never the pool."""

from __future__ import annotations

import asyncio
import os
import re
import time
from collections.abc import Iterator

import pytest

from vbassist.api.errors import RequestTimeout, WorkerLost
from vbassist.api.pool import SLOW_AFTER_S, WorkPool
from vbassist.api.processes import WorkerLimits, resident_mb
from vbassist.errors import FileTooLargeError

from .conftest import alive
from .hostile import bad_file_task

# catastrophic backtracking: 2^40 steps inside the C regex engine, which never returns to Python code
# (a SIGALRM handler in the worker would only run once it is done, in hours)
BACKTRACK = ("(a+)+b", "a" * 40)


def _gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not alive(pid)


@pytest.fixture
def pool() -> Iterator[WorkPool]:
    pool = WorkPool(
        processes=1, threads=1, task_deadline_s=1.5, limits=WorkerLimits(memory_mb=512, max_jobs=3)
    )
    pool.warm()
    try:
        yield pool
    finally:
        pool.close()


def test_a_task_in_c_code_is_stopped_at_its_deadline(pool: WorkPool) -> None:
    [first] = pool.worker_pids()

    async def run() -> tuple[float, int]:
        started = time.perf_counter()
        with pytest.raises(RequestTimeout) as caught:
            await pool.run_cpu(re.fullmatch, *BACKTRACK)
        assert caught.value.code == "tidsgrans" and caught.value.http_status == 504
        stopped_after = time.perf_counter() - started
        return stopped_after, await pool.run_cpu(sum, [20, 22])

    stopped_after, answer = asyncio.run(run())
    assert 1.4 < stopped_after < 3.0 and answer == 42
    assert _gone_within(first, 5), "the worker running the task was stopped, not left running"
    assert first not in pool.worker_pids()


def test_a_cancelled_request_stops_its_task(pool: WorkPool) -> None:
    [first] = pool.worker_pids()

    async def run() -> int:
        task = asyncio.ensure_future(pool.run_cpu(re.fullmatch, *BACKTRACK))
        await asyncio.sleep(0.3)
        task.cancel()  # what the request middleware does when a request passes its timeout
        with pytest.raises(asyncio.CancelledError):
            await task
        return await pool.run_cpu(sum, [40, 2])

    started = time.perf_counter()
    assert asyncio.run(run()) == 42
    assert _gone_within(first, 2)
    assert time.perf_counter() - started < 1.4, "stopped when cancelled, not at the deadline"


def test_over_the_memory_limit_is_refused_and_the_memory_given_back(pool: WorkPool) -> None:
    [first] = pool.worker_pids()
    baseline = resident_mb(first)

    async def run() -> int:
        with pytest.raises(FileTooLargeError) as caught:
            await pool.run_cpu(bytearray, 1024 * 1024 * 1024)  # 1 GB in a worker allowed 512 MB
        assert caught.value.code == "for_stor_fil" and "512 MB" in caught.value.message
        # near miss: 64 MB is within the limit
        return len(await pool.run_cpu(bytearray, 64 * 1024 * 1024))

    assert asyncio.run(run()) == 64 * 1024 * 1024
    assert _gone_within(first, 5), "the worker that ran out of memory was replaced"
    deadline = time.monotonic() + 10  # its replacement starts in the background
    while not pool.worker_pids() and time.monotonic() < deadline:
        time.sleep(0.05)
    pids = pool.worker_pids()
    assert pids and all(resident_mb(pid) < baseline + 100 for pid in pids)


def test_a_slow_task_does_not_hold_up_short_ones(pool: WorkPool) -> None:
    pool.task_deadline_s = SLOW_AFTER_S + 2.5

    async def run() -> tuple[float, list[int]]:
        slow = asyncio.ensure_future(pool.run_cpu(re.fullmatch, *BACKTRACK))
        await asyncio.sleep(0.1)
        started = time.perf_counter()
        answers = [await pool.run_cpu(sum, [i, 1]) for i in range(2)]  # within max_jobs=3
        waited = time.perf_counter() - started
        workers_meanwhile = len(pool.worker_pids())
        with pytest.raises(RequestTimeout):
            await slow
        return waited, [workers_meanwhile, *answers]

    waited, (workers_meanwhile, *answers) = asyncio.run(run())
    assert answers == [1, 2]
    # one worker: the short tasks waited until the slow one was demoted, then a fresh worker took them
    assert waited < SLOW_AFTER_S + 2.5
    assert workers_meanwhile == 2  # the demoted one and its replacement, never more than 2 × processes


def test_a_worker_is_recycled_after_n_tasks(pool: WorkPool) -> None:
    [first] = pool.worker_pids()

    async def run() -> list[int]:
        return [await pool.run_cpu(os.getpid) for _ in range(4)]

    pids = asyncio.run(run())
    assert pids[:3] == [first] * 3 and pids[3] != first  # max_jobs=3


def test_a_bad_file_recycles_its_worker_only_when_it_cost_memory() -> None:
    pool = WorkPool(
        processes=1, threads=1, task_deadline_s=10, limits=WorkerLimits(memory_mb=512, max_jobs=100)
    )

    async def run() -> list[int]:
        first = await pool.run_cpu(os.getpid)
        await pool.run_cpu(bad_file_task, 0)  # refused before it cost anything: the worker is clean
        same = await pool.run_cpu(os.getpid)
        await pool.run_cpu(bad_file_task, 64)  # refused after the worker grew by 64 MB: replaced
        return [first, same, await pool.run_cpu(os.getpid)]

    try:
        first, same, after = asyncio.run(run())
    finally:
        pool.close()
    assert same == first and after != first


def test_a_dead_worker_gives_503_and_the_next_request_a_fresh_worker(pool: WorkPool) -> None:
    """A worker killed mid-task (out of memory, a crash in a C library): this request gets a 503 with a
    Swedish message, the next one a new worker."""

    async def run() -> int:
        with pytest.raises(WorkerLost) as caught:
            await pool.run_cpu(os._exit, 3)
        assert caught.value.http_status == 503 and "arbetsprocess" in caught.value.message.lower()
        return await pool.run_cpu(sum, [40, 2])

    assert asyncio.run(run()) == 42


def test_a_bug_in_a_task_comes_back_as_its_exception(pool: WorkPool) -> None:
    async def run() -> int:
        with pytest.raises(ZeroDivisionError):
            await pool.run_cpu(divmod, 1, 0)
        return await pool.run_cpu(sum, [1, 1])

    assert asyncio.run(run()) == 2
