"""Certificates for "holds": the exact CNF, the solver's DRAT proof, an independent check.

A robustness CNF (bnnverify.encode.cnf.build_robustness_cnf, a clause encoding) is
unsatisfiable iff the property holds. The solver logs a text DRAT proof (python-sat
`with_proof=True`) of the empty clause from those clauses; a checker that shares no code with
the solver replays it: drat-trim (Wetzler, Heule & Hunt, SAT 2014) when it is on PATH, else
dratify (pure Python; faster with `import cdclkit.native`). The proof is solved without
assumptions, so it derives the empty clause from the CNF as written (see with_empty_clause).
maplesat is left out: its proofs shift every variable by one (ECOSYSTEM.md section 1).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bnnverify.bounds import InputBox
from bnnverify.errors import SolverError, UsageError
from bnnverify.model import BinaryNetwork
from bnnverify.verify import CheckResult, Verdict

PROOF_SOLVERS = (
    "cadical103", "cadical153", "cadical195", "cadical300", "glucose3", "glucose4", "glucose42",
    "gluecard3", "gluecard4", "maplechrono", "maplecm",
)  # fmt: skip
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


@dataclass(frozen=True)
class ProofRecord:
    """One certified (or not) query: files, solver status, and the independent check.

    status: "refuted" (unsat, proof written), "sat" (no proof claimed) or "unknown" (budget);
    checked: True / False for a refuted query, None when there was nothing to check.
    """

    cnf_path: Path
    proof_path: Path | None
    status: str
    checked: bool | None
    checker: str
    check_time_s: float
    solve_time_s: float
    proof_lines: int
    proof_bytes: int = 0
    n_vars: int = 0
    n_clauses: int = 0
    message: str = ""

    def to_row(self) -> dict:
        """The results-file fields: proof, proof_checked, proof_checker, proof_check_time_s."""
        return {
            "proof": None if self.proof_path is None else str(self.proof_path),
            "proof_cnf": str(self.cnf_path),
            "proof_status": self.status,
            "proof_checked": self.checked,
            "proof_checker": self.checker or None,
            "proof_check_time_s": round(self.check_time_s, 6),
            "proof_solve_time_s": round(self.solve_time_s, 6),
            "proof_lines": self.proof_lines,
        }


def is_certified(record: ProofRecord | None) -> bool:
    """True iff the record is a refutation that an independent checker verified."""
    return record is not None and record.status == "refuted" and record.checked is True


def certified_verdict(verdict: Verdict, record: ProofRecord | None) -> Verdict:
    """The verdict once a proof was asked for: a holds whose proof is missing, was not found
    in the budget, or failed its check becomes unknown (never a guess, DESIGN.md section 3).

    Every other verdict passes through unchanged.
    """
    if verdict is Verdict.HOLDS and not is_certified(record):
        return Verdict.UNKNOWN
    return verdict


def certified_result(result: CheckResult, record: ProofRecord | None) -> CheckResult:
    """`result` under certified_verdict; an uncertified holds says why in its reason."""
    verdict = certified_verdict(result.verdict, record)
    if verdict is result.verdict:
        return result
    if record is None:
        why = "no proof"
    elif record.status != "refuted":
        why = f"the proof solver answered {record.status}"
    else:
        why = "the proof check failed"
    detail = f": {record.message}" if record is not None and record.message else ""
    return replace(result, verdict=verdict, reason=f"holds not certified: {why}{detail}")


def check_proof_solver(solver: str) -> None:
    """Raise SolverError unless `solver` logs DRAT proofs that checkers accept."""
    if solver not in PROOF_SOLVERS:
        raise SolverError(
            f"solver {solver!r} cannot produce checkable DRAT proofs; use one of "
            f"{', '.join(PROOF_SOLVERS)}"
        )


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
        "import json, sys; from pathlib import Path; from bnnverify.proofs import _dratify; "
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


def prove_robustness(
    net: BinaryNetwork,
    box: InputBox,
    label: int,
    targets: Sequence[int] | None = None,
    *,
    encoding: str = "totalizer",
    solver: str = "cadical195",
    out_dir: str | Path,
    stem: str,
    timeout_s: float | None = None,
    checker: str = "auto",
    check_time_limit_s: float | None = None,
) -> ProofRecord:
    """Write `<stem>.cnf`, refute it with a DRAT-logging solver into `<stem>.drat`, check it.

    The CNF is build_robustness_cnf with bounds, the formula `check` decides: unsatisfiable iff
    robustness holds on `box`. A satisfiable CNF gives status "sat" and no proof file; a budget
    that runs out gives "unknown". Only "refuted" with checked=True certifies "holds".
    """
    from bnnverify.encode.cnf import build_robustness_cnf
    from bnnverify.formula import FormulaTooLarge, SolveStatus
    from bnnverify.solvers import solve_cnf

    check_proof_solver(solver)
    if encoding == "native":
        raise SolverError("proofs need a clause encoding; 'native' AtMost constraints are no CNF")
    available_checker(checker)  # fail before solving when no checker is installed
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    cnf_path, proof_path = out / f"{stem}.cnf", out / f"{stem}.drat"
    for stale in (cnf_path, proof_path):
        stale.unlink(missing_ok=True)
    try:
        formula = build_robustness_cnf(net, box, label, targets, encoding=encoding)
    except FormulaTooLarge as error:
        return ProofRecord(cnf_path, None, "unknown", None, "", 0.0, 0.0, 0,
                           message=f"formula too large: {error}")  # fmt: skip
    builder = formula.builder
    write_dimacs(cnf_path, builder.clauses, builder.n_vars,
                 [f"bnnverify robustness CNF, label {label}, encoding {encoding}"])  # fmt: skip
    sizes = dict(n_vars=builder.n_vars, n_clauses=len(builder.clauses))
    result = solve_cnf(builder, solver, timeout_s=timeout_s, with_proof=True)
    if result.status is not SolveStatus.UNSAT:
        status = "sat" if result.status is SolveStatus.SAT else "unknown"
        return ProofRecord(cnf_path, None, status, None, "", 0.0, result.solve_time_s, 0,
                           message=result.reason, **sizes)  # fmt: skip
    lines = with_empty_clause(result.proof or [])
    proof_text = "\n".join(lines) + "\n"
    proof_path.write_text(proof_text, encoding="utf-8", newline="\n")
    outcome = check_drat(cnf_path, proof_path, checker=checker, time_limit_s=check_time_limit_s)
    return ProofRecord(
        cnf_path, proof_path, "refuted", outcome.ok, outcome.checker, outcome.time_s,
        result.solve_time_s, len(lines), len(proof_text.encode("utf-8")),
        message=outcome.message, **sizes,
    )  # fmt: skip


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
