"""Stopping `bnnverify check` (DESIGN.md section 6): real subprocesses, real signals.

Oracle: the exit status (130 SIGINT, 143 SIGTERM), exactly one stderr line, every row of --out a
JSON object with the documented keys, and /proc: no process of the run's session alive afterwards
(a zombie waiting for init to reap it is dead). Queries on the benchmark network at eps 3
without the attack run for many seconds, so they are being solved when the signal comes; the
misclassified inputs 12 and 17 finish at once, so finished rows exist to be kept.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from oracle import ROW_KEYS

ROOT = Path(__file__).resolve().parents[1]
SLOW_MODEL = ROOT / "benchmarks" / "models" / "fmnist_784-200-100-100-100-10_binary.npz"
MISCLASSIFIED = (12, 17)  # by SLOW_MODEL, among the bundled samples
EXIT_LIMIT_S = 20.0  # generous; measured well under 1 s (see the report of issue 7)

pytestmark = pytest.mark.timeout(120)


def start_bnnverify(*args: str) -> subprocess.Popen:
    """`python -m bnnverify ARGS` in a session of its own (so /proc shows all it started)."""
    return subprocess.Popen(
        [sys.executable, "-m", "bnnverify", *args],
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


def start_check(out: Path, *extra: str) -> subprocess.Popen:
    return start_bnnverify(
        "check", "--model", str(SLOW_MODEL), "--eps", "3", "--no-attack", "--timeout", "30",
        "--out", str(out), *extra,
    )  # fmt: skip


def children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as stream:
                found += [int(p) for p in stream.read().split()]
    except OSError:
        pass
    return found


def descendants(pid: int) -> list[int]:
    found, todo = [], children(pid)
    while todo:
        found.append(todo.pop())
        todo += children(found[-1])
    return found


def wait_until_solving(
    process: subprocess.Popen, folder: Path, finished: int, workers: int
) -> list[int]:
    """Until `finished` rows are written (in any file of folder: --out or its temporary file)
    and, 2 s later, `workers` processes below the run that have no children of their own (the
    solvers) exist; the pids of every process below the run then."""
    deadline = time.monotonic() + 60
    while sum(len(p.read_bytes().splitlines()) for p in folder.iterdir()) < finished:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the finished rows never came"
        time.sleep(0.05)
    time.sleep(2)
    while len([pid for pid in descendants(process.pid) if not children(pid)]) < workers:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the solvers never started"
        time.sleep(0.1)
    return descendants(process.pid)


def session_alive(session: int) -> list[str]:
    alive = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as stream:
                fields = stream.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":  # fields: state, ppid, pgrp, session
            alive.append(name)
    return alive


def stop(process: subprocess.Popen, signals: list[int]) -> tuple[int, float, str]:
    started = time.monotonic()
    for k, signum in enumerate(signals):
        if k:
            time.sleep(0.1)
        os.kill(process.pid, signum)
    _, err = process.communicate(timeout=EXIT_LIMIT_S)
    return process.returncode, time.monotonic() - started, err


def assert_nothing_left(process: subprocess.Popen, pids: list[int]) -> None:
    deadline = time.monotonic() + 5  # init reaps the orphaned zombies
    while session_alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert session_alive(process.pid) == []
    for pid in pids:
        assert not Path(f"/proc/{pid}").exists() or _state(pid) == "Z"


def _state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat") as stream:
            return stream.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def assert_rows(out: Path, expected: set[int]) -> None:
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert all(ROW_KEYS <= set(row) for row in rows)
    assert {row["index"] for row in rows} == expected


@pytest.mark.parametrize(("signals", "status", "name"), [
    ([signal.SIGINT], 130, "SIGINT"),
    ([signal.SIGTERM], 143, "SIGTERM"),
    ([signal.SIGINT, signal.SIGINT], 130, "SIGINT"),  # a second Ctrl-C 0.1 s later
])  # fmt: skip
def test_a_signal_stops_every_worker_and_solver(tmp_path, signals, status, name):
    out = tmp_path / "r.jsonl"
    indices = ",".join(str(i) for i in (*MISCLASSIFIED, 0, 1, 2, 3))
    process = start_check(out, "--workers", "2", "--indices", indices)
    pids = wait_until_solving(process, tmp_path, len(MISCLASSIFIED), workers=2)
    code, took, err = stop(process, signals)
    assert code == status, err
    lines = err.strip().splitlines()
    assert [line for line in lines if "interrupted" in line] == [
        f"bnnverify: interrupted ({name}): 2 of 6 queries finished, rows kept in {out}"
    ]
    assert not [line for line in lines if "Traceback" in line or "error" in line]
    assert_rows(out, set(MISCLASSIFIED))
    assert_nothing_left(process, pids)
    assert took < EXIT_LIMIT_S


def test_one_worker_stops_as_promptly(tmp_path):
    out = tmp_path / "r.jsonl"
    process = start_check(out, "--workers", "1", "--indices", f"{MISCLASSIFIED[0]},0,1")
    pids = wait_until_solving(process, tmp_path, 1, workers=1)
    code, _, err = stop(process, [signal.SIGINT])
    assert code == 130, err
    assert err.strip().splitlines()[-1] == (
        f"bnnverify: interrupted (SIGINT): 1 of 3 queries finished, rows kept in {out}"
    )
    assert_rows(out, {MISCLASSIFIED[0]})
    assert_nothing_left(process, pids)


def test_resume_after_an_interrupt_runs_only_the_missing_queries(tmp_path):
    """An interrupt renames the finished rows over --out; --resume then runs only the rest."""
    out = tmp_path / "r.jsonl"
    process = start_check(out, "--workers", "2", "--indices", "12,17,0,1", "--timeout", "2")
    wait_until_solving(process, tmp_path, len(MISCLASSIFIED), workers=2)
    code, _, err = stop(process, [signal.SIGINT])
    assert code == 130, err
    first = [json.loads(line) for line in out.read_text().splitlines()]
    done = {row["index"] for row in first}
    assert set(MISCLASSIFIED) <= done
    resumed = subprocess.run(
        [sys.executable, "-m", "bnnverify", "check", "--model", str(SLOW_MODEL), "--eps", "3",
         "--no-attack", "--timeout", "2", "--out", str(out), "--indices", "12,17,0,1",
         "--workers", "2", "--resume", "--json"],
        capture_output=True, text=True, cwd=ROOT, timeout=100,
    )  # fmt: skip
    assert resumed.returncode == 3, resumed.stderr  # the slow queries end unknown (timeout)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows[: len(first)] == first
    assert sorted(row["index"] for row in rows) == [0, 1, 12, 17]
    summary = json.loads(resumed.stdout)
    assert summary["queries"] == 4 and summary["resumed"] == len(first)


def test_a_failed_run_leaves_an_existing_out_byte_for_byte(tmp_path):
    """A worker killed from outside is an error (exit 2, one line); the old --out stays."""
    out = tmp_path / "r.jsonl"
    out.write_text("".join(json.dumps({"index": i, "verdict": "holds"}) + "\n" for i in range(100)))
    before = out.read_bytes()
    process = start_check(out, "--workers", "1", "--indices", f"{MISCLASSIFIED[0]},0")
    wait_until_solving(process, tmp_path, 0, workers=1)
    worker = children(process.pid)[0]
    os.kill(worker, signal.SIGKILL)
    _, err = process.communicate(timeout=EXIT_LIMIT_S)
    assert process.returncode == 2, err
    lines = err.strip().splitlines()
    assert lines[-1].startswith("bnnverify: error: a query worker") and "died" in lines[-1]
    assert not [line for line in lines if "Traceback" in line]
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["r.jsonl"]  # the temporary file is gone
    assert_nothing_left(process, [])


@pytest.mark.parametrize("command", ["certify", "export"])
def test_sigterm_stops_certify_and_export_with_their_solver_children(tmp_path, command):
    """These run in the main process (no C call there blocks for long: CaDiCaL solves in a
    killable child, satcalls.decide_in_child); the signal comes while the large formula is
    being encoded (over a minute with cardnetwork here)."""
    argv = [
        command, "--model", str(SLOW_MODEL), "--eps", "3", "--no-attack", "--indices", "0",
        "--out", str(tmp_path / "o"), "--encoding", "cardnetwork",
    ]  # fmt: skip
    if command == "export":
        argv += ["--format", "dimacs"]
    process = start_bnnverify(*argv)
    time.sleep(4)
    assert process.poll() is None, process.communicate()
    pids = descendants(process.pid)
    code, _, err = stop(process, [signal.SIGTERM])
    assert code == 143, err
    assert err.strip().splitlines()[-1] == "bnnverify: interrupted (SIGTERM)"
    assert not [line for line in err.splitlines() if "Traceback" in line]
    assert_nothing_left(process, pids)
