"""The query runner on real worker processes: answers, errors, and a worker that dies."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from bnnverify.errors import BnnVerifyError
from bnnverify.runner import QueryRunner, WorkerTask

HERE = Path(__file__).resolve().parent


def setup_offset(offset: int) -> int:
    return offset


def add_offset(offset: int, job: int) -> int:
    if job < 0:
        raise ValueError(f"negative job {job}")
    return job + offset


def die_leaving_a_child(state: None, job: int) -> int:
    """Exit without answering, while a forked child keeps the answer pipe open for a while."""
    if os.fork() == 0:
        time.sleep(30)
        os._exit(0)
    os._exit(1)


def setup_nothing() -> None:
    return None


@pytest.fixture
def importable_tests(monkeypatch):
    """Workers are fresh interpreters: let them import this module by its pytest name."""
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]))


@pytest.mark.parametrize("workers", [1, 2])
def test_runner_answers_every_job_once(importable_tests, workers):
    task = WorkerTask(setup_offset, (100,), add_offset)

    with QueryRunner(task, workers) as runner:
        answers = list(runner.map(range(7)))

    assert sorted(answers) == [100 + j for j in range(7)]
    if workers == 1:
        assert answers == [100 + j for j in range(7)]  # in job order


def test_an_error_in_a_job_is_raised_in_the_caller(importable_tests):
    with pytest.raises(ValueError, match="negative job -3"):
        with QueryRunner(WorkerTask(setup_offset, (0,), add_offset), 1) as runner:
            list(runner.map([1, -3, 2]))


def test_a_worker_that_dies_is_an_error_not_a_hang(importable_tests):
    """Its child still holds the answer pipe, so no end of file comes: the runner must notice
    the dead worker by itself."""
    started = time.perf_counter()
    with pytest.raises(BnnVerifyError, match="died"):
        with QueryRunner(WorkerTask(setup_nothing, (), die_leaving_a_child), 1) as runner:
            list(runner.map([0]))
    assert time.perf_counter() - started < 20  # the child sleeps 30 s
