"""One pipeline for every property: run(property, region, config) -> Result.

classify -> falsify -> bound -> encode -> solve -> decode -> replay -> (certify), the same steps
in the same order for every property (properties/base.py says what each step asks of it):

- classify: a verdict without search (misclassified, skipped);
- falsify: cheap search on the packed engine; a point found is replayed like any other;
- bound: interval propagation per model; fixed neurons are never encoded (unless use_bounds is
  off, for baselines);
- encode + solve: the back-end named by config.solver reads the property's constraints
  (backends.make_sink) and decides them within what is left of config.timeout_s, which covers
  encoding and solving. A deadline passing during encoding, and a constraint too large to
  encode, give unknown with the reason, for every property;
- decode + replay: a model becomes an input of the box, replayed on both engines; one that does
  not replay is an encoding bug (ReplayError), never a result;
- certify (when a ProofRequest is given): a holds verdict needs a DRAT proof checked by an
  independent checker, else it is reported unknown (proofs.certified_result). The proof comes
  from the very formula and solve that gave the verdict when the request names the verdict's
  own solver and clause encoding; otherwise (e.g. the default portfolio reads native AtMost
  constraints, which have no DRAT form) the same encoder re-encodes the query, with the same
  bounds, into the requested clause encoding and a proof-logging solver re-solves it: the
  record says which route was taken and why.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any

from bnnverify import defaults
from bnnverify.attack import AttackConfig
from bnnverify.backends import Answer, SolveStatus, encoding_name, make_sink, solve
from bnnverify.backends.registry import nothing_true
from bnnverify.bounds import Bounds
from bnnverify.encode.real import RealInput, RealUndecided, Refinement
from bnnverify.encode.sink import EncodingTimeout, FormulaTooLarge
from bnnverify.errors import SolverError
from bnnverify.properties.base import Encoding, Property
from bnnverify.proofs import ProofRequest, certified_result, prove
from bnnverify.regions import InputBox, Region
from bnnverify.results import Result, Verdict


@dataclass(frozen=True)
class CheckConfig:
    solver: str = defaults.SOLVER
    encoding: str = defaults.ENCODING
    timeout_s: float | None = defaults.TIMEOUT_S
    use_bounds: bool = True
    attack: AttackConfig | None = field(default_factory=AttackConfig)


def run(
    prop: Property,
    region: Region,
    config: CheckConfig,
    index: int | None = None,
    proof: ProofRequest | None = None,
) -> Result:
    """Decide `prop` on `region` (see the module docstring for the steps)."""
    start = time.perf_counter()
    box = region.box(prop.models[0].net)
    common = Result(
        property=prop.name,
        index=index,
        eps=region.recorded_eps,
        l0=region.recorded_l0,
        verdict=Verdict.UNKNOWN,
        time_s=0.0,
        solver=config.solver,
        encoding=encoding_name(config.solver, config.encoding),
        decided_by="classifier",
        details=prop.details(),
    )

    def answer(**changes: Any) -> Result:
        details = common.details | changes.pop("details", {})
        return replace(common, time_s=time.perf_counter() - start, details=details, **changes)

    classified = prop.classify(box)
    common = replace(common, details=common.details | classified.details)
    if classified.verdict is not None:
        return answer(verdict=classified.verdict, reason=classified.reason)
    if config.attack is not None:
        found = prop.falsify(box, config.attack)
        if found is not None:
            x, details = prop.replay(found, box)
            return answer(
                verdict=Verdict.VIOLATED, decided_by="attack", counterexample=x, details=details
            )

    deadline = None if config.timeout_s is None else start + float(config.timeout_s)
    all_bounds = [model.bounds(box) for model in prop.models]
    bounds = all_bounds if config.use_bounds else None
    common = replace(
        common,
        decided_by="solver",
        fixed_neurons=sum(b.n_fixed for b in all_bounds) if config.use_bounds else 0,
        total_neurons=sum(b.n_total for b in all_bounds),
    )
    sink = make_sink(config.solver, config.encoding)
    try:
        encoded = prop.encode(sink, box, bounds, deadline)
    except EncodingTimeout:
        return answer(n_vars=sink.n_vars, n_clauses=sink.n_clauses, reason="timeout")
    except FormulaTooLarge as error:
        reason = f"formula too large: {error}"
        return answer(n_vars=sink.n_vars, n_clauses=sink.n_clauses, reason=reason)
    common = replace(
        common,
        n_vars=sink.n_vars,
        n_clauses=sink.n_clauses,
        decided_by=encoded.decided_by,
        details=common.details | encoded.details,
    )
    verdict_formula = Formula(sink, encoded, bounds)
    if encoded.refuted:
        return certify(answer(verdict=Verdict.HOLDS), prop, box, config, proof, verdict_formula)
    with_proof = proof is not None and proves_itself(config, proof)
    solved, decoded, refined = solve_and_decode(sink, encoded, config.solver, deadline, with_proof)
    if refined:
        common = replace(common, details=common.details | refined)
    if isinstance(decoded, str):
        return answer(reason=decoded)
    if decoded is not None:
        x, details = prop.replay(decoded, box)
        return answer(verdict=Verdict.VIOLATED, counterexample=x, details=details)
    if solved.status is SolveStatus.UNKNOWN:
        return answer(reason=solved.reason)
    result = answer(verdict=Verdict.HOLDS)
    return certify(result, prop, box, config, proof, verdict_formula, solved)


def solve_and_decode(
    sink: Any, encoded: Encoding, solver: str, deadline: float | None, with_proof: bool
) -> tuple[Answer, Any, dict[str, Any]]:
    """Solve; on SAT decode the model to an input: (answer, input or None, refinement fields).

    Over a real-domain model (encode.real) a model's layer-0 pattern may be unrealisable on
    the real box: the LP's certified blocking clauses are added and the formula solved again,
    until UNSAT (a proof), a realised input, or the deadline. The input slot holds a reason
    (str) when the LP could not decide a pattern; the fields count LP calls and clauses.
    """
    refined: dict[str, Any] = {}
    while True:
        remaining = None if deadline is None else deadline - time.perf_counter()
        if remaining is not None and remaining <= 0:
            return Answer(SolveStatus.UNKNOWN, nothing_true, "timeout", 0.0), None, refined
        solved = solve(sink, solver, timeout_s=remaining, with_proof=with_proof)
        if solved.status is not SolveStatus.SAT:
            return solved, None, refined
        try:
            return solved, encoded.inputs.decode(sink, solved.is_true), refined
        except Refinement as more:
            for clause in more.clauses:
                sink.add_clause(clause)
            refined["lp_calls"] = refined.get("lp_calls", 0) + 1
            refined["lp_blocking_clauses"] = refined.get("lp_blocking_clauses", 0) + len(
                more.clauses
            )
        except RealUndecided as undecided:
            return solved, str(undecided), refined


@dataclass(frozen=True, eq=False)
class Formula:
    """What the verdict was computed on: the sink, the property's encoding, the bounds used."""

    sink: Any
    encoding: Encoding
    bounds: list[Bounds] | None


def proves_itself(config: CheckConfig, proof: ProofRequest) -> bool:
    """True when the verdict's own solve can log the requested proof: the request names the
    verdict's solver and clause encoding (proofs.check_proof_solver vetted the solver)."""
    return (proof.solver, proof.encoding) == (config.solver, config.encoding)


def certify(
    result: Result,
    prop: Property,
    box: InputBox,
    config: CheckConfig,
    proof: ProofRequest | None,
    formula: Formula,
    solved: Answer | None = None,
) -> Result:
    """A holds result with its proof record (and unknown when the proof is not certified);
    unchanged without a ProofRequest. `solved` is the verdict's answer, carrying its proof when
    proves_itself (None when the encoder refuted the formula before any solve)."""
    if proof is None:
        return result
    comment = f"bnnverify {prop.name} CNF, index {result.index}, encoding {proof.encoding}"
    if proves_itself(config, proof):
        formula.encoding.complete()  # the whole formula, also when refuted by its clauses
        route = "the formula that gave the verdict"
        record = prove(formula.sink, proof, comment, route, answer=solved,
                       timeout_s=config.timeout_s)  # fmt: skip
    else:
        bounds = formula.bounds
        route = re_solve_reason(config, proof)
        proof_sink = make_sink(proof.solver, proof.encoding)
        try:
            prop.encode(proof_sink, box, bounds, None).complete()
        except FormulaTooLarge as error:
            return certified_result(result, None, f"formula too large: {error}")
        learned = formula.encoding.inputs
        if isinstance(learned, RealInput):  # the LP's certified lemmas, by variable name
            learned.add_blocking(proof_sink)
        record = prove(proof_sink, proof, comment, route, timeout_s=config.timeout_s)
    if record.status == "sat":  # two solvers disagree: a bug, never a result
        raise SolverError(
            f"query {result.index}: the proof solver found the holds query satisfiable; "
            "please report this"
        )
    return certified_result(replace(result, proof=record), record)


def re_solve_reason(config: CheckConfig, proof: ProofRequest) -> str:
    """Why the proof needs a second solve: the verdict's back-end cannot give this proof."""
    if config.encoding == "native":
        why = "native AtMost constraints have no DRAT form"
    else:
        why = f"the proof was asked of {proof.solver}/{proof.encoding}"
    return f"re-encoded and re-solved ({config.solver}/{config.encoding}: {why})"


def query_encoding(prop: Property, region: Region, sink: Any, use_bounds: bool = True) -> tuple:
    """The formula `run` would solve, written into `sink` (export): (Encoding, bounds list)."""
    box = region.box(prop.models[0].net)
    all_bounds = [model.bounds(box) for model in prop.models]
    encoded: Encoding = prop.encode(sink, box, all_bounds if use_bounds else None, None)
    encoded.complete()
    return encoded, all_bounds
