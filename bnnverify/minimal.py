"""Minimal perturbation (DESIGN.md section 3): the smallest L-infinity (or L0) distance from x0 of
an input the model misclassifies (some class c != label ties or beats it), as MaxSAT (RC2,
backends/maxsat.py).

For x0 with label l, within the region R = the L-inf ball of max_eps around x0 (clipped; for
L0 without max_eps the whole input range):

1. classify: a misclassified x0 is reported, never searched; x0 itself violating (a tie with
   the label) has distance 0.
2. attack (packed engine, bnnverify.minimal_attack): a violating point p gives the upper
   bound u = |p - x0|; u = 1 is optimal (x0 itself does not violate): no solver.
3. encode: robustness over the box B (encode_robustness, interval bounds of B), B = ball(u) for
   L-inf when the attack found u (the optimum lies in it: sound, and far fewer free neurons),
   else R; then the distance objective (encode/distance.py: soft unit clauses whose optimum
   cost is the minimal distance over B's violating inputs, and the optimum's decoded input has
   exactly that distance).
4. solve with RC2 under the time left of the per-input timeout; decode and replay the optimum
   on both engines (replay_robustness), its distance checked equal to the cost (ReplayError
   otherwise: an encoding bug). Hard part unsat: no misclassified input in R (L-inf: the
   distance is > max_eps). Budget out: the interval [lower, upper] (lower from RC2's cores, or 1;
   upper from the attack's point, or None), never a guessed distance.

Export (`export_instance`): the instance as WCNF (python-sat's WCNF.to_file, hard clauses in a
clause encoding) and as OPB with its objective (min: sum z_r or sum c_i), per input.

Over 300 lines: the two norms' objectives, the MaxSAT solve in a child and the replay of the
optimum are one search; the distance literals are in encode/distance.py.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from bnnverify.attack import AttackConfig
from bnnverify.backends.cnf import CnfBuilder
from bnnverify.backends.maxsat import MaxSatStatus, check_maxsat_solver, solve_maxsat, to_wcnf
from bnnverify.backends.text import OpbSink
from bnnverify.bounds import Bounds
from bnnverify.encode.cardinality import NATIVE
from bnnverify.encode.distance import add_l0_objective, add_linf_objective, encoded_pixels
from bnnverify.encode.inputs import OrderInput
from bnnverify.encode.sink import ConstraintSink, EncodingTimeout, FormulaTooLarge
from bnnverify.errors import ReplayError, SolverError, UsageError
from bnnverify.minimal_attack import attack
from bnnverify.model import Ints
from bnnverify.properties.base import Model
from bnnverify.properties.robustness import (
    encode_robustness,
    replay_robustness,
    robustness_targets,
    violated_classes,
)
from bnnverify.regions import InputBox, linf_box
from bnnverify.results import Result, Verdict

LINF, L0 = "linf", "l0"
NORMS = (LINF, L0)
# Measured on the bundled model (report of issue 12 item 3): RC2 over native AtMost
# constraints with Minicard as its oracle was the fastest; see the CLI help for the others.
SOLVER = "minicard"
ENCODING = "native"
MAX_EPS = 8  # L-inf: the largest distance searched when --max-eps is not given
EXPORT_ENCODING = "kmtotalizer"  # the clause encoding of a WCNF export of a native formula

OPTIMUM, NONE, OPEN, MISCLASSIFIED = "optimum", "none", "open", "misclassified"
DETAILS = ("label", "predicted", "counterexample_predicted", "norm", "outcome", "distance",
           "lower", "upper", "encoded_radius", "n_soft", "solve_time_s")  # fmt: skip


@dataclass(frozen=True)
class MinimalConfig:
    solver: str = SOLVER
    encoding: str = ENCODING
    timeout_s: float | None = 60.0  # per input: attack, encoding and solving
    attack: AttackConfig | None = AttackConfig()
    use_bounds: bool = True


@dataclass(frozen=True)
class MinimalQuery:
    """One input: flat int64 x0, its true label, the norm, and max_eps (the L-inf radius of the
    region; None for L0: the whole input range)."""

    index: int | None
    x0: Ints
    label: int
    norm: str = LINF
    max_eps: int | None = MAX_EPS


@dataclass(frozen=True)
class MinimalResult:
    """One input's answer. outcome: "optimum" (distance, with a counterexample at exactly that
    distance), "none" (no misclassified input in the region: lower = max_eps + 1 for L-inf),
    "open" (budget out: lower <= the minimal distance <= upper, upper None when unknown), or
    "misclassified". decided_by: "classifier", "attack" or "solver"."""

    index: int | None
    norm: str
    max_eps: int | None
    label: int
    predicted: int
    outcome: str
    distance: int | None = None
    lower: int | None = None
    upper: int | None = None
    counterexample: Ints | None = None
    counterexample_predicted: int | None = None
    decided_by: str = "classifier"
    time_s: float = 0.0
    solve_time_s: float = 0.0
    solver: str = SOLVER
    encoding: str = ENCODING
    encoded_radius: int | None = None  # the L-inf radius of the encoded box (None: no solver)
    n_vars: int = 0
    n_clauses: int = 0
    n_soft: int = 0
    fixed_neurons: int = 0
    total_neurons: int = 0
    reason: str = ""

    @property
    def verdict(self) -> Verdict:
        """Robustness on the region: violated when a counterexample is known."""
        if self.outcome == MISCLASSIFIED:
            return Verdict.MISCLASSIFIED
        if self.counterexample is not None:
            return Verdict.VIOLATED
        return Verdict.HOLDS if self.outcome == NONE else Verdict.UNKNOWN

    def to_result(self) -> Result:
        """As a results.Result (its to_row writes the results-file row)."""
        details = {name: getattr(self, name) for name in DETAILS}
        return Result(property="minimal", index=self.index, eps=self.max_eps,
                      verdict=self.verdict, time_s=self.time_s, solver=self.solver,
                      encoding=self.encoding, decided_by=self.decided_by, n_vars=self.n_vars,
                      n_clauses=self.n_clauses, fixed_neurons=self.fixed_neurons,
                      total_neurons=self.total_neurons, counterexample=self.counterexample,
                      reason=self.reason, details=details)  # fmt: skip


def distance(x: Ints, x0: Ints, norm: str) -> int:
    """|x - x0| in the norm: max |x_i - x0_i| (L-inf) or #{i : x_i != x0_i} (L0)."""
    diff = np.abs(np.asarray(x, dtype=np.int64) - np.asarray(x0, dtype=np.int64))
    if norm == LINF:
        return int(diff.max(initial=0))
    return int(np.count_nonzero(diff))


def region_box(model: Model, query: MinimalQuery) -> InputBox:
    """The region R: ball(max_eps) around x0, or the whole input range (L0 without max_eps)."""
    net = model.net
    if model.real is not None or net.real:
        raise UsageError("minimal perturbation needs integer inputs; this model has real inputs")
    if query.norm not in NORMS:
        raise UsageError(f"norm must be one of {list(NORMS)}, got {query.norm!r}")
    span = net.input_max - net.input_min
    if query.max_eps is None and query.norm == LINF:
        raise UsageError("the L-inf norm needs max_eps (the largest distance searched)")
    eps = region_radius(model, query)
    if not 0 <= eps <= span:
        raise UsageError(f"max_eps must be an integer in [0, {span}] for this model, got {eps}")
    return linf_box(net, query.x0, eps)


def minimal_perturbation(model: Model, query: MinimalQuery, config: MinimalConfig) -> MinimalResult:
    """The minimal distance of a misclassified input from query.x0 (the module docstring)."""
    start = time.perf_counter()
    deadline = None if config.timeout_s is None else start + float(config.timeout_s)
    check_maxsat_solver(config.solver, config.encoding)
    region = region_box(model, query)
    x0, net = region.center, model.net
    assert x0 is not None  # linf_box sets the center
    targets = robustness_targets(net, query.label, None)
    predicted = int(model.packed.predict(x0[None])[0])
    base = MinimalResult(query.index, query.norm, query.max_eps, query.label, predicted, OPEN,
                         solver=config.solver, encoding=config.encoding)  # fmt: skip

    def answer(**changes: Any) -> MinimalResult:
        return replace(base, time_s=time.perf_counter() - start, **changes)

    def witness(x: Ints, box: InputBox) -> dict[str, Any]:
        x, cex_predicted = replay_robustness(model, x, box.lo, box.hi, query.label, targets)
        return {"counterexample": x, "counterexample_predicted": cex_predicted}

    if predicted != query.label:
        return answer(outcome=MISCLASSIFIED)
    if violated_classes(net, x0, query.label, targets):
        return answer(outcome=OPTIMUM, distance=0, lower=0, upper=0, **witness(x0, region))
    found = None
    if config.attack is not None:
        found = attack(model, query.norm, region, query.label, targets, config.attack, deadline)
    if found is not None:
        upper = distance(found, x0, query.norm)
        base = replace(base, upper=upper, lower=1, decided_by="attack", **witness(found, region))
        if upper == 1:  # x0 itself does not violate: nothing is closer
            return answer(outcome=OPTIMUM, distance=1)
    radius = (
        base.upper if query.norm == LINF and base.upper is not None else region_radius(model, query)
    )
    box = encoded_box(model, query, radius)
    return solve_minimal(model, query, config, box, radius, targets, base, start, deadline)


def region_radius(model: Model, query: MinimalQuery) -> int:
    """The L-inf radius of the region: max_eps, or the width of the input range (L0 only)."""
    span = model.net.input_max - model.net.input_min
    return span if query.max_eps is None else int(query.max_eps)


def encoded_box(model: Model, query: MinimalQuery, radius: int) -> InputBox:
    """The box encoded: ball(radius) for L-inf, the region for L0."""
    if query.norm == LINF:
        return linf_box(model.net, query.x0, radius)
    return region_box(model, query)


def solve_minimal(
    model: Model,
    query: MinimalQuery,
    config: MinimalConfig,
    box: InputBox,
    radius: int,
    targets: Sequence[int],
    base: MinimalResult,
    start: float,
    deadline: float | None,
) -> MinimalResult:
    """Steps 3 and 4 of the module docstring on the box `box` (L-inf radius `radius`)."""
    bounds = model.bounds(box)
    decided_by = "solver" if base.counterexample is None else base.decided_by  # of the upper
    base = replace(base, encoded_radius=radius, fixed_neurons=bounds.n_fixed,
                   total_neurons=bounds.n_total, lower=1, decided_by=decided_by)  # fmt: skip
    sink = CnfBuilder(config.encoding)

    def answer(**changes: Any) -> MinimalResult:
        sizes = {"n_vars": sink.n_vars, "n_clauses": sink.n_clauses}
        return replace(base, time_s=time.perf_counter() - start, **(sizes | changes))

    used = bounds if config.use_bounds else None
    try:
        inputs, soft = encode_minimal(sink, model, box, query, targets, radius, used, deadline)
    except EncodingTimeout:
        return answer(reason="timeout")
    except FormulaTooLarge as error:
        return answer(reason=f"formula too large: {error}")
    base = replace(base, n_soft=len(soft))
    left = None if deadline is None else deadline - time.perf_counter()
    if left is not None and left <= 0:
        return answer(reason="timeout")
    solved = solve_maxsat(sink, soft, config.solver, left)
    base = replace(base, solve_time_s=solved.solve_time_s)
    if solved.status is MaxSatStatus.UNKNOWN:
        return answer(lower=max(1, solved.lower), reason=solved.reason)
    if solved.status is MaxSatStatus.UNSAT:
        if base.counterexample is not None:
            raise SolverError("RC2 refuted a box that holds the attack's counterexample; a bug")
        return answer(outcome=NONE, lower=None if query.norm == L0 else radius + 1)
    assert solved.model is not None and solved.cost is not None
    true_vars = {lit for lit in solved.model if lit > 0}
    x, predicted = replay_robustness(
        model, inputs.decode(sink, true_vars.__contains__), box.lo, box.hi, query.label, targets
    )
    found = distance(x, query.x0, query.norm)
    if found != solved.cost:
        raise ReplayError(f"the optimum's input lies at distance {found}, RC2's cost is "
                          f"{solved.cost}; the objective encoding is wrong")  # fmt: skip
    return answer(outcome=OPTIMUM, distance=found, lower=found, upper=found, counterexample=x,
                  counterexample_predicted=predicted, decided_by="solver")  # fmt: skip


def encode_minimal(
    sink: ConstraintSink,
    model: Model,
    box: InputBox,
    query: MinimalQuery,
    targets: Sequence[int],
    radius: int,
    bounds: Bounds | None,
    deadline: float | None = None,
) -> tuple[OrderInput, list[int]]:
    """The hard constraints (a violation in `box`) and the soft literals (module docstring)."""
    inputs = OrderInput(box)
    encode_robustness(sink, model.net, box, query.label, targets, bounds, deadline, inputs)
    assert box.center is not None
    pixels = encoded_pixels(sink, inputs, box.center)
    if query.norm == LINF:
        soft = add_linf_objective(sink, inputs, pixels, box.center, radius)
    else:
        soft = add_l0_objective(sink, inputs, pixels, box.center)
    inputs.finish(sink)  # the order clauses of any unary variable the objective made
    return inputs, soft


@dataclass(frozen=True)
class MinimalJob:
    """One input of `bnnverify minimal` for a worker (runner.WorkerTask run: run_minimal_job)."""

    query: MinimalQuery
    config: MinimalConfig
    export_dir: str | None = None

    @property
    def index(self) -> int | None:
        return self.query.index


def run_minimal_job(models: Sequence[Model], job: MinimalJob) -> MinimalResult:
    result = minimal_perturbation(models[0], job.query, job.config)
    if job.export_dir is not None:
        export_instance(models[0], job.query, job.config, result, job.export_dir)
    return result


def export_instance(
    model: Model, query: MinimalQuery, config: MinimalConfig, result: MinimalResult, directory: str
) -> list[Path]:
    """DIR/<index>_<norm>.wcnf and .opb: the instance RC2 was given for this input (its box,
    its bounds; a native formula re-encoded in EXPORT_ENCODING for the WCNF). Inputs decided
    without a solver (result.encoded_radius None) have none: run without the attack to get
    the instance over the whole region."""
    if result.encoded_radius is None:
        return []
    radius = result.encoded_radius
    box = encoded_box(model, query, radius)
    targets = robustness_targets(model.net, query.label, None)
    bounds = model.bounds(box) if config.use_bounds else None
    stem = Path(directory) / f"{query.index}_{query.norm}"
    comments = [
        f"bnnverify minimal perturbation: index {query.index}, label {query.label}, norm "
        f"{query.norm}, the L-inf box of radius {radius} around x0 (clipped to the input range)",
        "hard: some class ties or beats the label; optimum cost = the minimal distance",
    ]
    encoding = EXPORT_ENCODING if config.encoding == NATIVE else config.encoding
    cnf = CnfBuilder(encoding)
    _, soft = encode_minimal(cnf, model, box, query, targets, radius, bounds)
    Path(directory).mkdir(parents=True, exist_ok=True)
    wcnf = to_wcnf(cnf, soft)
    wcnf.to_file(f"{stem}.wcnf", comments=[f"c {line}" for line in comments])
    opb = OpbSink()
    _, soft = encode_minimal(opb, model, box, query, targets, radius, bounds)
    assert all(lit < 0 for lit in soft)  # soft (not v): minimise the sum of the v
    lines = [f"* #variable= {opb.n_vars} #constraint= {opb.n_constraints}"]
    lines += [f"* {line}" for line in comments]
    lines.append("min: " + " ".join(f"+1 x{-lit}" for lit in soft) + " ;")
    lines += opb.body()
    Path(f"{stem}.opb").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [Path(f"{stem}.wcnf"), Path(f"{stem}.opb")]
