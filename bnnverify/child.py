"""A call in a forked child process with a hard time limit: the solvers whose own limit cannot
be trusted (backends/pysat.py: CaDiCaL, Gluecard, the portfolio; backends/maxsat.py: RC2;
model_count.py: Ganak, ApproxMC) run through call_in_child.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable
from typing import Any

from bnnverify.errors import SolverError
from bnnverify.runner import die_with_parent


def call_in_child(
    function: Callable[..., Any], args: tuple, wait_s: float | None, name: str, quiet: bool = False
) -> tuple[bool, Any]:
    """function(*args) in a forked child process: (True, its value), or (False, None) when it
    has not answered within wait_s seconds (None: no limit), the child then killed.

    The hard time limit of the solvers whose own limit cannot be trusted (backends/pysat.py,
    backends/maxsat.py, model_count.py). The child ignores SIGINT (its parent stops it), dies
    with its parent, and with `quiet` sends its C-level stdout and stderr to /dev/null (Ganak
    prints progress there). An exception in the child, or a child that dies (e.g. out of
    memory), is one SolverError line naming `name`. Needs fork() (Linux, macOS).
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    job = (sender, function, args, os.getpid(), quiet)
    child = context.Process(target=_child_main, args=job, daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(wait_s):
            return False, None
        try:
            failed, value = receiver.recv()
        except EOFError:
            child.join()
            raise SolverError(f"{name} died (exit code {child.exitcode}; out of memory?)") from None
        if failed:
            raise SolverError(f"{name} failed: {value}")
        return True, value
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()


def _child_main(
    sender: Any, function: Callable[..., Any], args: tuple, parent_pid: int, quiet: bool
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops (kills) this child
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler (no traceback)
    die_with_parent(parent_pid)  # nothing left running when its parent is killed
    if quiet:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
    try:
        sender.send((False, function(*args)))
    except Exception as error:  # reported by the parent as one SolverError line
        sender.send((True, f"{type(error).__name__}: {error}"))
    finally:
        sender.close()
