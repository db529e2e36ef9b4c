"""Certificates for "holds": the exact CNF, the solver's DRAT proof, an independent check.

A property's CNF (a clause encoding of what verify.run solves) is unsatisfiable iff the
property holds. The solver logs a text DRAT proof (python-sat `with_proof=True`) of the empty
clause from those clauses; a checker that shares no code with the solver replays it (drat.py).
The proof is solved without assumptions, so it derives the empty clause from the CNF as written
(see drat.with_empty_clause). maplesat is left out of the proof solvers: its proofs shift every
variable by one (ECOSYSTEM.md section 1).

The rule, once: a holds whose proof is missing, was not found in the budget, or failed its
check is reported unknown (certified_verdict), never holds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bnnverify.backends import Answer, SolveStatus, proof_solvers, solve
from bnnverify.drat import check_drat, with_empty_clause, write_dimacs
from bnnverify.errors import SolverError
from bnnverify.results import Result, Verdict


@dataclass(frozen=True)
class ProofRequest:
    """Back a holds verdict with a DRAT proof: files DIR/<stem>.cnf and DIR/<stem>.drat."""

    solver: str  # a DRAT-logging CNF solver (proofs.check_proof_solver)
    encoding: str  # a clause encoding
    out_dir: str
    stem: str
    checker: str = "auto"
    check_time_limit_s: float | None = None


@dataclass(frozen=True)
class ProofRecord:
    """One certified (or not) query: files, solver status, and the independent check.

    status: "refuted" (unsat, proof written), "sat" (no proof claimed) or "unknown" (budget);
    checked: True / False for a refuted query, None when there was nothing to check. `route`
    says whether the proof comes from the verdict's own solve or why it was re-solved.
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
    route: str = ""

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
            "proof_route": self.route,
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


def certified_result(result: Result, record: ProofRecord | None, detail: str = "") -> Result:
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
    detail = detail or (record.message if record is not None else "")
    suffix = f": {detail}" if detail else ""
    return replace(result, verdict=verdict, reason=f"holds not certified: {why}{suffix}")


def check_proof_solver(solver: str) -> None:
    """Raise SolverError unless `solver` logs DRAT proofs that checkers accept."""
    names = proof_solvers()
    if solver not in names:
        raise SolverError(
            f"solver {solver!r} cannot produce checkable DRAT proofs; use one of {', '.join(names)}"
        )


def prove(
    sink: Any,
    request: ProofRequest,
    comment: str,
    route: str,
    *,
    answer: Answer | None = None,
    timeout_s: float | None = None,
) -> ProofRecord:
    """Write the CNF in `sink` (a backends CnfBuilder) to DIR/<stem>.cnf, refute it with the
    request's DRAT-logging solver into DIR/<stem>.drat (or take `answer`, an unsat answer that
    already carries the proof of exactly this CNF), and check the proof independently.

    A satisfiable CNF gives status "sat" and no proof file (for a holds query two solvers then
    disagree: verify.certify raises); a budget that runs out gives status "unknown".
    """
    check_proof_solver(request.solver)
    if getattr(sink, "atmosts", None):
        raise SolverError("proofs need a clause encoding; 'native' AtMost constraints are no CNF")
    out = Path(request.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    cnf_path, proof_path = out / f"{request.stem}.cnf", out / f"{request.stem}.drat"
    for stale in (cnf_path, proof_path):
        stale.unlink(missing_ok=True)
    sizes = dict(n_vars=sink.n_vars, n_clauses=len(sink.clauses), route=route)
    write_dimacs(cnf_path, sink.clauses, sink.n_vars, [comment])
    if answer is None:
        answer = solve(sink, request.solver, timeout_s=timeout_s, with_proof=True)
    if answer.status is not SolveStatus.UNSAT:
        status = "sat" if answer.status is SolveStatus.SAT else "unknown"
        return ProofRecord(cnf_path, None, status, None, "", 0.0, answer.solve_time_s, 0,
                           message=answer.reason, **sizes)  # fmt: skip
    lines = with_empty_clause(answer.proof or [])
    proof_text = "\n".join(lines) + "\n"
    proof_path.write_text(proof_text, encoding="utf-8", newline="\n")
    outcome = check_drat(
        cnf_path, proof_path, checker=request.checker, time_limit_s=request.check_time_limit_s
    )
    return ProofRecord(
        cnf_path, proof_path, "refuted", outcome.ok, outcome.checker, outcome.time_s,
        answer.solve_time_s, len(lines), len(proof_text.encode("utf-8")),
        message=outcome.message, **sizes,
    )  # fmt: skip
