"""Maximal robust radius (DESIGN.md section 3): the largest L-infinity eps <= max_eps for which
robustness of an input holds, by an incremental search over ONE encoding.

For x0 with label l (balls clipped to the input range; ball(r) inside ball(r') for r < r', so
robustness at r' implies it at r, and a counterexample at distance d violates every eps >= d):

1. classify: a misclassified x0 has no radius; x0 itself violating (a tie with the label) gives
   upper 0 and no radius.
2. attacks from the top: falsify_box on ball(r), r = max_eps first; a counterexample at L-inf
   distance d <= r gives upper = d, and the attack goes on at r = d - 1 until it fails at some
   `top` (top 0: radius 0, decided without a solver).
3. one encoding: robustness over ball(top), the largest ball not yet refuted, with the bounds of
   that ball. They are sound for every smaller ball (a neuron constant on ball(top) is constant
   on every ball inside it); the neurons they leave free are the price of sharing one formula.
4. candidates r in (radius, upper): ball(r) is the encoded box cut down by assumptions on the
   order-encoded inputs u_ik <-> x_i >= lo_i + k (encode/inputs.py). With
   a_i = max(x0_i - r, input_min) - lo_i and b_i = min(x0_i + r, input_max) - lo_i, assume u_ik
   for every existing k <= a_i and not u_ik for every existing k > b_i. A model's pixel interval
   [lo_i + max(on), lo_i + min(off) - 1] then meets [lo_i + a_i, lo_i + b_i] (max(on) <= b_i and
   min(off) > a_i), so the decoded point (the one nearest x0) lies in ball(r); replay checks it.
   unsat proves r (and every smaller eps); a replayed counterexample at distance d <= r gives
   upper = d; unknown (the per-input budget ran out) leaves the interval [radius, upper) open,
   never a guessed radius. The attack runs from the top only (step 2), not again before each
   solver call: below `top` it can only succeed at the last step of an upward search, and on
   the bundled model the attacks before every call cost twice the time they saved (21 inputs,
   max eps 8: 101 s with them, 52 s without, run back to back).

Search orders: "upward" (r = radius + 1, ...: each unsat proves r, learnt clauses carry
upwards) and "doubling" (r = 1, 2, 4, ... until upper is known, then binary search in
(radius, upper)); defaults.RADIUS_SEARCH says which one measured faster. `independent_radius`
is the baseline: verify.run at eps = 1, 2, ... with a fresh encoding (and fresh bounds) each.

Over 300 lines: the search, its encoding over the ball not yet refuted, the assumptions per
radius and the comparison with independent checks are one algorithm.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from bnnverify import defaults
from bnnverify.backends import SolveStatus, encoding_name, make_sink
from bnnverify.backends.incremental import IncrementalSolver
from bnnverify.encode.inputs import OrderInput
from bnnverify.encode.sink import EncodingTimeout, FormulaTooLarge
from bnnverify.errors import UsageError
from bnnverify.model import Ints
from bnnverify.properties.base import Model
from bnnverify.properties.robustness import (
    Robustness,
    encode_robustness,
    falsify_box,
    replay_robustness,
    robustness_targets,
    violated_classes,
)
from bnnverify.regions import InputBox, linf_ball, linf_box
from bnnverify.results import Result, Verdict
from bnnverify.verify import CheckConfig, run

SEARCHES = ("upward", "doubling")
DETAILS = ("label", "predicted", "counterexample_predicted", "targets_checked", "radius",
           "upper", "solve_calls", "encoded_eps")  # fmt: skip


def radius_config(**changes: Any) -> CheckConfig:
    """The radius search's configuration: CheckConfig with defaults.RADIUS_SOLVER / ENCODING."""
    base = CheckConfig(solver=defaults.RADIUS_SOLVER, encoding=defaults.RADIUS_ENCODING)
    return replace(base, **changes)


@dataclass(frozen=True)
class RadiusResult:
    """One input's search. radius: the largest eps proven robust (None: x0 is misclassified, or
    violates at eps 0); upper: the smallest eps with a replayed counterexample (None: none up to
    max_eps); counterexample (flat int64) at L-inf distance upper from x0; decided_by: how that
    counterexample was found ("attack", "solver"; "classifier" at eps 0 or when misclassified),
    without one "solver" when a solver call proved radius max_eps.
    The interval [radius, upper) is open (is_open) when the budget ran out (reason) first."""

    index: int | None
    label: int
    predicted: int
    max_eps: int
    radius: int | None
    upper: int | None
    counterexample: Ints | None
    counterexample_predicted: int | None
    decided_by: str
    time_s: float
    solver: str
    encoding: str
    targets_checked: tuple[int, ...] = ()
    solve_calls: int = 0
    encoded_eps: int | None = None  # the ball of the one encoding (None: no solver was needed)
    n_vars: int = 0
    n_clauses: int = 0
    fixed_neurons: int = 0
    total_neurons: int = 0
    reason: str = ""

    @property
    def is_misclassified(self) -> bool:
        return self.predicted != self.label

    @property
    def is_open(self) -> bool:
        """True when some eps in [0, max_eps] is neither proven nor refuted."""
        if self.is_misclassified or self.upper == 0:
            return False
        assert self.radius is not None
        return (self.upper is None and self.radius < self.max_eps) or (
            self.upper is not None and self.upper > self.radius + 1
        )

    @property
    def verdict(self) -> Verdict:
        """Robustness at max_eps (the row's verdict, eps = max_eps)."""
        if self.is_misclassified:
            return Verdict.MISCLASSIFIED
        if self.upper is not None:
            return Verdict.VIOLATED
        return Verdict.HOLDS if self.radius == self.max_eps else Verdict.UNKNOWN

    def to_result(self) -> Result:
        """As a results.Result of property "radius" at eps = max_eps (its row: Result.to_row)."""
        details = {name: getattr(self, name) for name in DETAILS}
        return Result(
            property="radius", index=self.index, eps=self.max_eps, verdict=self.verdict,
            time_s=self.time_s, solver=self.solver, encoding=self.encoding,
            decided_by=self.decided_by, n_vars=self.n_vars, n_clauses=self.n_clauses,
            fixed_neurons=self.fixed_neurons, total_neurons=self.total_neurons,
            counterexample=self.counterexample, reason=self.reason, details=details,
        )  # fmt: skip

    @classmethod
    def from_row(cls, row: dict) -> RadiusResult:
        """A result read back from its row (--resume summaries; no counterexample array)."""
        names = ("index", "label", "predicted", "radius", "upper", "counterexample_predicted",
                 "decided_by", "time_s", "solver", "encoding", "solve_calls", "encoded_eps",
                 "n_vars", "n_clauses", "fixed_neurons", "total_neurons", "reason")  # fmt: skip
        targets = tuple(row.get("targets_checked") or ())
        fields = {name: row[name] for name in names if name in row}
        return cls(max_eps=row["eps"], counterexample=None, targets_checked=targets, **fields)


@dataclass
class _Search:
    """The state of one search: what is proven (radius), refuted (upper, with its witness)."""

    model: Model
    x0: Ints
    label: int
    targets: list[int]
    config: CheckConfig
    deadline: float | None
    radius: int = 0
    upper: int | None = None
    counterexample: Ints | None = None
    counterexample_predicted: int | None = None
    decided_by: str = "classifier"
    reason: str = ""

    def ball(self, r: int) -> InputBox:
        return linf_box(self.model.net, self.x0, r)

    def left_s(self) -> float | None:
        return None if self.deadline is None else self.deadline - time.perf_counter()

    def refute(self, x: Ints, r: int, by: str) -> None:
        """x violates robustness on ball(r): replay it there (ReplayError unless it lies in
        ball(r) and violates), and keep it when it is the nearest one so far."""
        box = self.ball(r)
        x, predicted = replay_robustness(self.model, x, box.lo, box.hi, self.label, self.targets)
        d = int(np.abs(x - self.x0).max(initial=0))  # <= r: x violates every eps >= d
        if self.upper is None or d < self.upper:
            self.upper, self.counterexample = d, x
            self.counterexample_predicted, self.decided_by = predicted, by

    def attack(self, r: int) -> bool:
        """True when the attack on ball(r) found (and replayed) a counterexample."""
        if self.config.attack is None:
            return False
        box, attack = self.ball(r), self.config.attack
        found = falsify_box(self.model, box.lo, box.hi, self.label, self.targets, attack)
        if found is not None:
            self.refute(found, r, "attack")
        return found is not None


def max_radius(
    model: Model,
    x0: Any,
    label: int,
    max_eps: int,
    config: CheckConfig | None = None,
    targets: tuple[int, ...] | None = None,
    search: str = defaults.RADIUS_SEARCH,
    index: int | None = None,
) -> RadiusResult:
    """The largest eps in [0, max_eps] for which robustness of `label` holds on the L-inf ball
    around x0 (any shape, flattened), within config.timeout_s for the whole search.

    Args:
        model: an integer-input model (Model.of); a real-input one is a UsageError.
        config: solver, encoding, budget, bounds and attack (default radius_config()); the
            solver must take assumptions (backends.incremental says which keep their state).
        targets: the classes compared with the label (None: every other class).
        search: "upward" or "doubling" (see the module docstring).
    """
    start = time.perf_counter()
    config = radius_config() if config is None else config
    net = model.net
    if model.real is not None or net.real:
        raise UsageError("radius searches integer eps-balls; a model with real inputs has none")
    span = net.input_max - net.input_min
    if int(max_eps) != max_eps or not 0 <= max_eps <= span:
        raise UsageError(
            f"--max-eps must be an integer in [0, {span}] for this model, got {max_eps}"
        )
    if search not in SEARCHES:
        raise UsageError(f"search must be one of {SEARCHES}, got {search!r}")
    checked = robustness_targets(net, label, targets)
    center = net.flatten(x0)[0]
    deadline = None if config.timeout_s is None else start + float(config.timeout_s)
    state = _Search(model, center, int(label), checked, config, deadline)
    predicted = int(model.packed.predict(center[None])[0])
    facts: dict[str, Any] = {}
    if predicted == label:
        facts = _search(state, int(max_eps), search)
    return RadiusResult(
        index=index, label=int(label), predicted=predicted, max_eps=int(max_eps),
        radius=state.radius if predicted == label and state.upper != 0 else None,
        upper=state.upper, counterexample=state.counterexample,
        counterexample_predicted=state.counterexample_predicted, decided_by=state.decided_by,
        time_s=time.perf_counter() - start, solver=config.solver,
        encoding=encoding_name(config.solver, config.encoding), targets_checked=tuple(checked),
        reason=state.reason, **facts,
    )  # fmt: skip


def _search(state: _Search, max_eps: int, search: str) -> dict[str, Any]:
    """Steps 1-4 of the module docstring on a correctly classified x0; returns the result's
    encoding fields (encoded_eps, sizes, solve_calls)."""
    if violated_classes(state.model.net, state.x0, state.label, state.targets):
        state.refute(state.x0, 0, "classifier")  # a tie at x0: not robust even at eps 0
        return {}
    top = max_eps
    while top >= 1 and state.attack(top):
        assert state.upper is not None
        top = state.upper - 1
    if top == 0:
        return {}
    encoded = _encode(state, top)
    if isinstance(encoded, str):
        state.reason = encoded
        return {"encoded_eps": top}
    sink, inputs, facts = encoded
    unary = _unary_variables(sink, inputs)
    with IncrementalSolver(sink, state.config.solver) as solver:
        while (r := _candidate(state, top, search)) is not None:
            if not _decide(state, r, solver, sink, inputs, unary):
                break
        facts["solve_calls"] = solver.calls
    return facts


def _encode(state: _Search, top: int) -> tuple | str:
    """(sink, inputs, size fields) of robustness over ball(top), or the reason it failed."""
    box = state.ball(top)
    bounds = state.model.bounds(box)
    sink = make_sink(state.config.solver, state.config.encoding)
    used = bounds if state.config.use_bounds else None
    try:
        inputs = encode_robustness(
            sink, state.model.net, box, state.label, state.targets, used, state.deadline
        )
    except EncodingTimeout:
        return "timeout"
    except FormulaTooLarge as error:
        return f"formula too large: {error}"
    assert isinstance(inputs, OrderInput)
    facts = {
        "encoded_eps": top, "n_vars": sink.n_vars, "n_clauses": sink.n_clauses,
        "fixed_neurons": bounds.n_fixed if state.config.use_bounds else 0,
        "total_neurons": bounds.n_total,
    }  # fmt: skip
    return sink, inputs, facts


def _candidate(state: _Search, top: int, search: str) -> int | None:
    """The next eps to decide, or None when [radius, upper) is closed (or top is proven)."""
    high = top + 1 if state.upper is None else state.upper  # every eps < high is undecided
    if state.radius + 1 >= high:
        return None
    if search == "upward":
        return state.radius + 1
    if state.upper is None:  # doubling until a counterexample bounds the radius
        return min(max(1, 2 * state.radius), top)
    return (state.radius + high) // 2


def _decide(
    state: _Search, r: int, solver: IncrementalSolver, sink: Any, inputs: OrderInput, unary: dict
) -> bool:
    """Decide ball(r) with the solver, under the assumptions cutting the encoded box down to
    ball(r) (no attack first: see the module docstring). False when the budget ran out (the
    reason recorded)."""
    answer = solver.solve(_ball_assumptions(state, r, inputs.box, unary), state.left_s())
    if answer.status is SolveStatus.UNSAT:
        state.radius = r
        if state.upper is None:
            state.decided_by = "solver"
    elif answer.status is SolveStatus.SAT:
        state.refute(inputs.decode(sink, answer.is_true), r, "solver")
    else:
        state.reason = answer.reason
        return False
    return True


def _unary_variables(sink: Any, inputs: OrderInput) -> dict[int, list[tuple[int, int]]]:
    """pixel i -> [(k, variable of u_ik)] for every (inputs.name, i, k) the encoding made."""
    unary: dict[int, list[tuple[int, int]]] = {}
    for name, var in sink.pool.obj2id.items():
        if isinstance(name, tuple) and len(name) == 3 and name[0] == inputs.name:
            unary.setdefault(int(name[1]), []).append((int(name[2]), int(var)))
    return unary


def _ball_assumptions(
    state: _Search, r: int, box: InputBox, unary: dict[int, list[tuple[int, int]]]
) -> list[int]:
    """u_ik for k <= a_i, not u_ik for k > b_i: the encoded box cut down to ball(r) (module
    docstring, step 4)."""
    ball = state.ball(r)
    low, high = ball.lo - box.lo, ball.hi - box.lo  # a_i, b_i
    lits = []
    for i, ks in unary.items():
        a, b = int(low[i]), int(high[i])
        lits += [var for k, var in ks if k <= a] + [-var for k, var in ks if k > b]
    return lits


@dataclass(frozen=True)
class IndependentRadius:
    """The baseline: verify.run at eps = 1, 2, ... (fresh encodings) up to the first eps that
    does not hold. radius: the largest eps whose run held (0 when eps 1 did not); upper: the
    eps of the first violated run (None: none); verdicts per eps; time_s: all runs."""

    radius: int
    upper: int | None
    verdicts: tuple[Verdict, ...]
    time_s: float

    @property
    def is_open(self) -> bool:
        return bool(self.verdicts) and self.verdicts[-1] is Verdict.UNKNOWN


def independent_radius(
    model: Model,
    x0: Any,
    label: int,
    last_eps: int,
    config: CheckConfig,
    targets: tuple[int, ...] | None = None,
) -> IndependentRadius:
    """Check eps = 1, ..., last_eps one by one with verify.run (a fresh encoding each, the
    per-query budget config.timeout_s), stopping at the first that does not hold."""
    prop = Robustness(model, int(label), targets)
    center = model.net.flatten(x0)[0]
    start, radius, upper, verdicts = time.perf_counter(), 0, None, []
    for eps in range(1, last_eps + 1):
        verdict = run(prop, linf_ball(center, eps), config).verdict
        verdicts.append(verdict)
        if verdict is not Verdict.HOLDS:
            upper = eps if verdict is Verdict.VIOLATED else None
            break
        radius = eps
    return IndependentRadius(radius, upper, tuple(verdicts), time.perf_counter() - start)


def run_radius_job(models: list, job: Any) -> RadiusResult:
    """A worker's run (runner.WorkerTask): job is a jobs.Job whose region is linf_ball(x0,
    max_eps) and whose bind makes the Robustness property (label, targets)."""
    prop = job.bind(models)
    region = job.region
    return max_radius(prop.model, region.center, prop.label, region.eps, job.config,
                      prop.targets, index=job.index)  # fmt: skip
