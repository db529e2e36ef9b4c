"""Independent checks of DRAT proofs: drat-trim when it is on PATH, else dratify.

drat-trim (Wetzler, Heule & Hunt, SAT 2014) and dratify (pure Python; faster with
`import cdclkit.native`) share no code with the solvers that write the proofs. Also the DIMACS
writer the proofs refer to, and the one normalisation a solver's proof needs (the empty clause).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bnnverify.errors import SolverError, UsageError

CHECKERS = ("auto", "drat-trim", "dratify", "dratify-python")
DRAT_TRIM = "drat-trim"


@dataclass(frozen=True)
class CheckOutcome:
    """A proof check: ok iff the checker verified the proof refutes the CNF.

    `result` is "verified", "rejected" (the checker refused the proof), "timeout" or "error"
    (the checker could not run); only "verified" is ok.
    """

    ok: bool
    checker: str
    time_s: float
    message: str
    result: str = "verified"


def available_checker(checker: str = "auto") -> str:
    """The checker `check_drat` will run for `checker`; SolverError when none is installed."""
    if checker not in CHECKERS:
        raise UsageError(f"checker must be one of {', '.join(CHECKERS)}, got {checker!r}")
    if checker in ("auto", DRAT_TRIM) and shutil.which(DRAT_TRIM):
        return DRAT_TRIM
    if checker == DRAT_TRIM:
        raise SolverError("drat-trim is not on PATH (encodings/FORMATS.md shows how to build it)")
    try:
        import dratify
    except ImportError:
        raise SolverError(
            "no DRAT checker: pip install dratify (extra 'proof'), or put drat-trim on PATH"
        ) from None
    if checker == "dratify-python":
        return checker
    _register_native()
    return "dratify+native" if dratify.native_implementation() is not None else "dratify"


def _register_native() -> None:
    """cdclkit's Rust engine registers itself with dratify on import (optional extra)."""
    try:
        import cdclkit.native  # noqa: F401
    except ImportError:
        pass


def check_drat(
    cnf_path: str | Path,
    proof_path: str | Path,
    *,
    checker: str = "auto",
    time_limit_s: float | None = None,
) -> CheckOutcome:
    """Check that the text DRAT proof at `proof_path` refutes the DIMACS CNF at `cnf_path`.

    checker "auto": drat-trim on PATH, else dratify (native engine when installed); "dratify"
    and "dratify-python" force dratify (the latter its pure-Python engine). With a time limit,
    dratify runs in a child process that is killed at the limit (result "timeout").
    """
    name = available_checker(checker)
    started = time.perf_counter()
    if name == DRAT_TRIM:
        ok, result, message = _run_drat_trim(Path(cnf_path), Path(proof_path), time_limit_s)
    elif time_limit_s is None:
        engine = "python" if name == "dratify-python" else "auto"
        ok, result, message = _dratify(Path(cnf_path), Path(proof_path), engine)
    else:
        ok, result, message = _dratify_child(Path(cnf_path), Path(proof_path), name, time_limit_s)
    return CheckOutcome(ok, name, time.perf_counter() - started, message, result)


def _run_drat_trim(cnf: Path, proof: Path, time_limit_s: float | None) -> tuple[bool, str, str]:
    command = [shutil.which(DRAT_TRIM) or DRAT_TRIM, str(cnf), str(proof)]
    if time_limit_s is not None:
        command += ["-t", str(max(1, int(time_limit_s + 0.999)))]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True,
            timeout=None if time_limit_s is None else time_limit_s + 5,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return False, "timeout", f"drat-trim ran past {time_limit_s} s"
    lines = [line.strip() for line in done.stdout.replace("\r", "\n").splitlines()]
    verdicts = [line for line in lines if line.startswith("s ")]
    if verdicts == ["s VERIFIED"]:
        return True, "verified", "s VERIFIED"
    if any("TIMEOUT" in line.upper() for line in lines):
        return False, "timeout", f"drat-trim ran past {time_limit_s} s"
    if verdicts:
        return False, "rejected", verdicts[-1]
    return False, "error", f"drat-trim printed no 's' line (exit {done.returncode})"


def _dratify(cnf: Path, proof: Path, engine: str) -> tuple[bool, str, str]:
    from dratify import check_proof, parse_dimacs

    if engine != "python":
        _register_native()
    formula = parse_dimacs(cnf.read_text(encoding="utf-8"))
    try:
        result = check_proof(formula, proof.read_text(encoding="utf-8"), engine=engine)
    except ValueError as error:  # a malformed proof (e.g. truncated mid-clause) is refused
        return False, "rejected", f"malformed proof: {error}"
    if result.ok and result.reached_empty:
        return True, "verified", f"verified {result.steps} steps"
    reason = result.reason or "the proof does not derive the empty clause"
    return False, "rejected", reason


def _dratify_child(cnf: Path, proof: Path, name: str, time_limit_s: float) -> tuple[bool, str, str]:
    engine = "python" if name == "dratify-python" else "auto"
    code = (
        "import json, sys; from pathlib import Path; from bnnverify.drat import _dratify; "
        "print(json.dumps(_dratify(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])))"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, str(cnf), str(proof), engine],
            capture_output=True, text=True, timeout=time_limit_s,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return False, "timeout", f"dratify ran past {time_limit_s} s"
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
        return False, "error", f"dratify failed (exit {done.returncode}): {tail[0]}"
    ok, result, message = json.loads(done.stdout.strip().splitlines()[-1])
    return bool(ok), str(result), str(message)


def with_empty_clause(proof: Sequence[str]) -> list[str]:
    """The proof lines, ending in the empty clause `0`.

    Some solvers stop logging at a level-0 conflict (maplecm), or log nothing when unit
    propagation refutes the input (glucose). Appending `0` claims nothing unchecked: the checker
    verifies the empty clause by unit propagation like any other lemma (drat-trim accepts the
    proof either way; dratify requires the explicit line).
    """
    lines = [line.strip() for line in proof if line.strip()]
    if not lines or lines[-1] != "0":
        lines.append("0")
    return lines


def write_dimacs(
    path: str | Path, clauses: Sequence[Sequence[int]], n_vars: int, comments: Sequence[str] = ()
) -> None:
    """`c` comment lines, `p cnf n_vars n_clauses`, then one clause per line ending in 0."""
    lines = [f"c {line}" for line in comments]
    lines.append(f"p cnf {n_vars} {len(clauses)}")
    lines += [" ".join(map(str, clause)) + " 0" for clause in clauses]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
