"""Queries in worker processes that can be stopped at once (DESIGN.md section 6).

The calling process never solves: python-sat solvers run in C, where a Python signal handler
waits until the solver returns, so the caller only waits for answers in select(), where a
handler runs at once. Each worker is a fresh interpreter (not a fork: forking a process whose
numba/OpenMP threads already ran can crash the child) started in its own process group, so the
solver children it forks (backends.pysat.decide_in_child) share that group and one killpg stops a
worker with everything it started. Workers and solver children also ask the kernel to kill them
when their parent dies (Linux, best effort), so not even a SIGKILLed caller leaves them behind.

Protocol on two pipes per worker: the caller sends one setup message, (setup, args, run), and
then one job at a time; the worker answers each job with ("ok", run(state, job)) or
("error", exception), where state = setup(*args) was computed once (model load, numba compile).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import selectors
import signal
import struct
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bnnverify.errors import BnnVerifyError, Interrupted

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
LIVENESS_POLL_S = 1.0  # while waiting for answers, check this often that every worker lives
EXIT_GRACE_S = 2.0  # a worker told to stop (its job pipe closed) gets this long, then SIGKILL
_HEADER = struct.Struct("!Q")  # message length, then the pickled message
_WORKER_CODE = (
    "import sys; from bnnverify.runner import serve; "
    "serve(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))"
)


@dataclass(frozen=True)
class WorkerTask:
    """What every worker does: state = setup(*setup_args) once, then run(state, job) per job.

    setup and run are module-level functions (pickled by name)."""

    setup: Callable[..., Any]
    setup_args: tuple
    run: Callable[[Any, Any], Any]


def die_with_parent(parent_pid: int) -> None:
    """Have the kernel SIGKILL this process when its parent exits (Linux prctl; elsewhere
    nothing); exit now if the parent is already gone."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)


@contextlib.contextmanager
def raise_on_signals() -> Iterator[None]:
    """SIGINT and SIGTERM raise Interrupted; from then on both are ignored, so a second signal
    never interrupts the cleanup. Restores the previous handlers unless a signal arrived (the
    process is about to exit). Only in the main thread; elsewhere nothing changes."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        for name in STOP_SIGNALS:
            signal.signal(name, signal.SIG_IGN)
        raise Interrupted(signum)

    previous = {name: signal.signal(name, stop) for name in STOP_SIGNALS}
    try:
        yield
    finally:
        if signal.getsignal(signal.SIGINT) is stop:  # no signal came: put the old ones back
            for name, handler in previous.items():
                signal.signal(name, handler)


class QueryRunner:
    """`workers` worker processes running `task`; map() yields results as they finish (in job
    order with one worker). close() (also on leaving a `with` block) stops every worker: on an
    exception at once (SIGKILL to each worker's process group), else after the workers exit."""

    def __init__(self, task: WorkerTask, workers: int) -> None:
        if workers < 0:
            raise ValueError(f"workers must be at least 0, got {workers}")
        self._workers: list[_Worker] = []
        try:
            for _ in range(workers):
                self._workers.append(_Worker.start(task))
        except BaseException:
            self.close(kill=True)
            raise

    @property
    def pids(self) -> list[int]:
        return [worker.process.pid for worker in self._workers]

    def map(self, jobs: Iterable[Any]) -> Iterator[Any]:
        """run(state, job) for every job, each result as soon as a worker returns it; a job
        that raised re-raises here (and the caller should close the runner)."""
        pending = iter(jobs)
        if not self._workers and next(pending, _NO_JOB) is not _NO_JOB:
            raise ValueError("a QueryRunner without workers cannot run jobs")
        with selectors.DefaultSelector() as selector:
            busy = 0
            for worker in self._workers:
                job = next(pending, _NO_JOB)
                if job is _NO_JOB:
                    break
                worker.send(job)
                selector.register(worker.results, selectors.EVENT_READ, worker)
                busy += 1
            while busy:
                events = selector.select(LIVENESS_POLL_S)
                if not events:
                    self._check_alive()
                for key, _ in events:
                    worker = key.data
                    status, value = worker.receive()
                    if status == "error":
                        raise value
                    job = next(pending, _NO_JOB)
                    if job is _NO_JOB:
                        selector.unregister(worker.results)
                        busy -= 1
                    else:
                        worker.send(job)
                    yield value

    def _check_alive(self) -> None:
        """Raise if a worker has exited: its answer will never come, even when a process it
        started (a solver child that outlived it) still holds the answer pipe open."""
        for worker in self._workers:
            if worker.process.poll() is not None:
                raise worker._died()

    def close(self, kill: bool = True) -> None:
        for worker in self._workers:
            worker.close_pipes()
        for worker in self._workers:
            if not kill:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    worker.process.wait(EXIT_GRACE_S)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(worker.process.pid, signal.SIGKILL)  # the worker and its solvers
            worker.process.wait()
        self._workers = []

    def __enter__(self) -> QueryRunner:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        self.close(kill=exc_type is not None)


_NO_JOB = object()


@dataclass
class _Worker:
    process: subprocess.Popen
    jobs: int  # fd the caller writes jobs to
    results: int  # fd the caller reads answers from

    @classmethod
    def start(cls, task: WorkerTask) -> _Worker:
        job_read, job_write = os.pipe()
        result_read, result_write = os.pipe()
        package_root = str(Path(__file__).resolve().parents[1])  # import this same bnnverify
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", _WORKER_CODE, str(job_read), str(result_write),
                 str(os.getpid())],
                pass_fds=(job_read, result_write), process_group=0, env=env,
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            )  # fmt: skip
        finally:
            os.close(job_read)
            os.close(result_write)
        worker = cls(process, job_write, result_read)
        worker.send((task.setup, task.setup_args, task.run))
        return worker

    def send(self, message: Any) -> None:
        try:
            _write_message(self.jobs, message)
        except BrokenPipeError:
            raise self._died() from None

    def receive(self) -> tuple[str, Any]:
        message = _read_message(self.results)
        if message is None:
            raise self._died()
        return message

    def _died(self) -> BnnVerifyError:
        code = self.process.wait()
        how = f"signal {-code}" if code < 0 else f"exit code {code}"
        return BnnVerifyError(
            f"a query worker (pid {self.process.pid}) died ({how}); please report this"
        )

    def close_pipes(self) -> None:
        for fd in (self.jobs, self.results):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.jobs = self.results = -1


def _write_message(fd: int, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _read_message(fd: int) -> Any:
    """The next message, or None at end of file (the other side closed or died)."""
    header = _read_exactly(fd, _HEADER.size)
    if header is None:
        return None
    data = _read_exactly(fd, _HEADER.unpack(header)[0])
    return None if data is None else pickle.loads(data)


def serve(job_fd: int, result_fd: int, parent_pid: int) -> None:
    """A worker's main loop (run in the child by _WORKER_CODE)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the caller stops workers, not a terminal
    die_with_parent(parent_pid)
    setup_message = _read_message(job_fd)
    if setup_message is None:
        return
    setup, args, run = setup_message
    state: Any = None
    failure: Exception | None = None  # a failed setup is reported with the first job's answer
    try:
        state = setup(*args)
    except Exception as error:
        failure = error
    while (job := _read_message(job_fd)) is not None:
        if failure is not None:
            _write_message(result_fd, ("error", _picklable(failure)))
            continue
        try:
            answer: tuple[str, Any] = ("ok", run(state, job))
        except Exception as error:
            answer = ("error", _picklable(error))
        _write_message(result_fd, answer)


def _picklable(error: Exception) -> Exception:
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return BnnVerifyError(f"{type(error).__name__}: {error}")
    return error
