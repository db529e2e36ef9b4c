"""Counting (DESIGN.md section 3): how many inputs of a region violate a property.

For robustness, the inputs x of the region on which some target class c ties or beats the
label (score_c(x) >= score_label(x)); for equivalence, those with argmax A(x) != argmax B(x)
(lowest-index tie rule). Methods:

- enumerate: every point of the box on the packed engine, in batches; exact, for regions of
  at most `enumerate_limit` points (the packed engine runs about 1.1e5 points / s on the
  bundled 784-200-100-10 MLP, 2 cores: 2**16 points take 0.6 s, 2**24 about 150 s).
- exact: Ganak's projected model count (model_count.py) of a CNF whose projection onto the
  input variables is a bijection with the violating inputs: the order encoding with every
  unary variable of a pixel present and chained (u_i,k+1 -> u_ik) has exactly one assignment
  per value lo_i .. hi_i; every hidden neuron is reified, so the input fixes it; robustness's
  beats_c are reified too (encode_beats(reified=True)), and the clause OR_c beats_c keeps the
  inputs where some c ties or beats the label. The miter of equivalence uses implications
  (properties/equivalence.py), which is enough under projection: an input extends to a model
  iff the two argmaxes differ. Pixels that no encoded constraint reads (every neuron reading
  them fixed by the bounds) do not change the violation: they enter as the factor
  prod (hi_i - lo_i + 1), not as variables. Interval bounds fix neurons first (sound: a fixed
  neuron is constant on the region).
- approx: ApproxMC on the same CNF and sampling set: with probability >= 1 - delta the count
  is within a factor (1 + epsilon) of the true count.
- auto: enumerate when the region has at most AUTO_ENUMERATE_LIMIT points, else exact within
  the timeout, else approx within another timeout.

Every query is first checked (verify.run: attack, bounds, solver, replay), which gives the
verdict and, when violated, a replayed counterexample. A region the check proves robust has
count 0 exactly, whatever the method (reported as method exact, without counting); otherwise
the counters run, and the verdict and the count are cross-checked (count 0 iff holds: a
disagreement is a bug, never a result). When the check is unknown, a count of 0 proves holds,
and an enumerated violating point, replayed, makes it violated.

Over 300 lines: the three counting methods, their cross-check with the verdict and the row
they share read best side by side; the counters' own calls are in model_count.py.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from bnnverify import model_count, verify
from bnnverify.attack import AttackConfig
from bnnverify.backends.cnf import CnfBuilder
from bnnverify.bounds import Bounds
from bnnverify.encode.inputs import OrderInput
from bnnverify.encode.layers import encode_hidden, encode_scores
from bnnverify.encode.sharing import NeuronSharing
from bnnverify.encode.sink import EncodingTimeout
from bnnverify.errors import SolverError, UsageError
from bnnverify.model import Ints
from bnnverify.properties.base import Model
from bnnverify.properties.equivalence import Equivalence, encode_miter
from bnnverify.properties.robustness import Robustness, encode_beats, robustness_margins
from bnnverify.regions import InputBox, Region
from bnnverify.results import CHECKED, Result, Verdict
from bnnverify.verify import CheckConfig

METHODS = ("auto", "enumerate", "exact", "approx")
ENUMERATE_LIMIT = 2**24  # --method enumerate refuses larger regions (about 150 s, see above)
AUTO_ENUMERATE_LIMIT = 2**16  # auto enumerates up to here (0.6 s); Ganak beyond
ENUMERATE_BATCH = 8192  # points per packed-engine call (8192 x 784 int64 = 51 MB)
COUNT_ENCODING = "totalizer"
COUNTERS = {"enumerate": "packed engine", "exact": "ganak", "approx": "approxmc"}

Counted = Robustness | Equivalence


@dataclass(frozen=True)
class CountConfig:
    """method (METHODS); epsilon, delta, seed: ApproxMC's guarantee and seed (the attack's
    seed too); timeout_s: seconds for the check and for each counter run (auto may run
    exact and then approx)."""

    method: str = "auto"
    epsilon: float = 0.8
    delta: float = 0.2
    seed: int = 0
    timeout_s: float | None = 60.0
    enumerate_limit: int = ENUMERATE_LIMIT

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise UsageError(f"--method must be one of {', '.join(METHODS)}, got {self.method!r}")
        if not (math.isfinite(self.epsilon) and self.epsilon > 0):
            raise UsageError(f"--epsilon must be positive, got {self.epsilon}")
        if not 0 < self.delta < 1:
            raise UsageError(f"--delta must lie in (0, 1), got {self.delta}")


@dataclass(frozen=True, eq=False)
class CountFormula:
    """A CNF whose models, projected onto `sampling`, are the violating inputs of the free
    pixels; each of them stands for `factor` inputs (the pixels the formula never reads)."""

    sink: CnfBuilder
    inputs: OrderInput
    sampling: list[int]
    factor: int


def region_size(box: InputBox) -> int:
    """prod_i (hi_i - lo_i + 1), as a Python int."""
    return math.prod(int(n) for n in box.hi - box.lo + 1)


def violates(prop: Counted, points: Ints) -> np.ndarray:
    """(batch,) bool on the packed engine: some target ties or beats the label (robustness),
    or the two models' argmaxes differ (equivalence)."""
    if isinstance(prop, Robustness):
        dots = prop.model.packed.output_dots(points)  # (batch, n_classes)
        margins = robustness_margins(prop.model.net, dots, prop.label, prop.checked_targets())
        return np.asarray(margins.min(axis=1) <= 0)
    return np.asarray(prop.model_a.packed.predict(points) != prop.model_b.packed.predict(points))


def count_by_enumeration(
    prop: Counted, box: InputBox, deadline: float | None
) -> tuple[int | None, Ints | None]:
    """(the number of violating points of the box, the first one found), every point run on
    the packed engine; (None, None) once time.perf_counter() passes `deadline`. Point number
    n is the mixed-radix number n over the free pixels (np.unravel_index)."""
    free = np.flatnonzero(box.hi > box.lo)
    sizes = tuple(int(n) for n in box.hi[free] - box.lo[free] + 1)
    total = region_size(box)
    count, first = 0, None
    for start in range(0, total, ENUMERATE_BATCH):
        if deadline is not None and time.perf_counter() > deadline:
            return None, None
        number = np.arange(start, min(start + ENUMERATE_BATCH, total))
        points = np.repeat(box.lo[None], number.size, axis=0)  # (batch, n_inputs)
        if free.size:
            points[:, free] += np.stack(np.unravel_index(number, sizes), axis=1)
        bad = violates(prop, points)
        count += int(np.count_nonzero(bad))
        if first is None and bad.any():
            first = points[int(np.argmax(bad))]
    return count, first


def build_formula(
    prop: Counted, box: InputBox, bounds: Sequence[Bounds | None], deadline: float | None
) -> CountFormula:
    """The CNF of the module docstring over the order-encoded box (COUNT_ENCODING clauses).

    bounds: one per model (None: no neuron fixed). Raises EncodingTimeout past `deadline`."""
    sink = CnfBuilder(COUNT_ENCODING)
    inputs: OrderInput
    if isinstance(prop, Robustness):
        net = prop.model.net
        inputs = OrderInput(box)
        h = encode_hidden(sink, net, inputs, bounds[0], deadline=deadline)
        scores = encode_scores(sink, net, h)
        targets = prop.checked_targets()
        beats = encode_beats(sink, net, scores, prop.label, targets, reified=True)
        sink.add_clause(list(beats.values()))
    else:
        sharing = NeuronSharing(sink, enabled=prop.share_neurons)
        nets = (prop.model_a.net, prop.model_b.net)
        inputs = encode_miter(sharing, *nets, box, bounds[0], bounds[1], deadline)
        sharing.flush(deadline)
    read = sorted({name[1] for name in sink.pool.obj2id if is_input_name(name, inputs.name)})
    sampling = [var for i in read for var in inputs.all_unary(sink, i)]  # every u_ik
    inputs.finish(sink)  # and the whole chain u_i,k+1 -> u_ik of each pixel read
    unread = np.ones(box.n_inputs, dtype=bool)
    unread[read] = False
    factor = math.prod(int(n) for n in box.hi[unread] - box.lo[unread] + 1)
    return CountFormula(sink, inputs, sampling, factor)


def is_input_name(name: Any, prefix: str) -> bool:
    """True for a variable name (prefix, i, k) of the order encoding."""
    return isinstance(name, tuple) and len(name) == 3 and name[0] == prefix


def count_formula(
    formula: CountFormula, method: str, config: CountConfig, deadline: float | None
) -> int | None:
    """The projected count of the formula ("exact" or "approx") times its factor; None past
    `deadline`."""
    sink = formula.sink
    left = None if deadline is None else max(0.0, deadline - time.perf_counter())
    if method == "exact":
        n = model_count.exact_count(sink.clauses, sink.n_vars, formula.sampling, left)
    else:
        guarantee = (config.epsilon, config.delta, config.seed)
        n = model_count.approx_count(sink.clauses, sink.n_vars, formula.sampling, guarantee, left)
    return None if n is None else n * formula.factor


def planned_methods(config: CountConfig, size: int) -> list[str]:
    """The methods to try in order, each until one counts (auto: see the module docstring)."""
    if config.method == "auto":
        return ["enumerate"] if size <= AUTO_ENUMERATE_LIMIT else ["exact", "approx"]
    if config.method == "enumerate" and size > config.enumerate_limit:
        raise UsageError(
            f"--method enumerate: the region has {format_count(size)} points, more than the "
            f"limit {format_count(config.enumerate_limit)}; use --method exact or approx"
        )
    return [config.method]


def format_count(n: int) -> str:
    """An integer as itself up to 12 digits, else as mantissa e exponent (any size)."""
    digits = str(n)
    if len(digits) <= 12:
        return digits
    return f"{digits[0]}.{digits[1:4]}e+{len(digits) - 1}"


@dataclass(frozen=True)
class Counting:
    """What the counters found: the count (None: none finished, `reason` says why), the
    method that gave it (or the last one tried), the first violating point enumerated, the
    formula (CNF methods), the counting time, and who counted when not COUNTERS[method]."""

    value: int | None
    method: str
    point: Ints | None = None
    formula: CountFormula | None = None
    reason: str = ""
    time_s: float = 0.0
    counter: str | None = None


def run_counters(
    prop: Counted, box: InputBox, bounds: Sequence[Bounds | None], config: CountConfig
) -> Counting:
    """Each planned method in turn, each within config.timeout_s, until one counts."""
    start = time.perf_counter()
    formula, counting = None, Counting(None, config.method)
    for method in planned_methods(config, region_size(box)):
        deadline = None if config.timeout_s is None else time.perf_counter() + config.timeout_s
        point = None
        if method == "enumerate":
            value, point = count_by_enumeration(prop, box, deadline)
        else:
            try:
                formula = formula or build_formula(prop, box, bounds, deadline)
            except EncodingTimeout:
                return Counting(None, method, reason="timeout", time_s=time.perf_counter() - start)
            value = count_formula(formula, method, config, deadline)
            if value is not None and method == "approx":
                value = min(value, region_size(box))  # the true count is <= it: same guarantee
        reason = "" if value is not None else "timeout"
        counting = Counting(value, method, point, formula, reason, time.perf_counter() - start)
        if value is not None:
            break
    return counting


def count_region(
    prop: Counted, region: Region, config: CountConfig, index: int | None = None
) -> Result:
    """The number of violating inputs of `region` beside the check's verdict (module
    docstring), as a Result of property "count": the check's fields plus count_fields."""
    start = time.perf_counter()
    if any(model.real is not None for model in prop.models):
        raise UsageError("counting needs a model with integer inputs; this one has real inputs")
    box = region.box(prop.models[0].net)
    planned_methods(config, region_size(box))  # refuses a region too large to enumerate
    attack = AttackConfig(seed=config.seed)
    checked = verify.run(
        prop, region, CheckConfig(timeout_s=config.timeout_s, attack=attack), index
    )
    if checked.verdict is Verdict.SKIPPED:  # a targeted query of the label alone
        counting = Counting(None, config.method, reason=checked.reason)
    elif checked.verdict is Verdict.HOLDS and config.method != "enumerate":
        counting = Counting(0, "exact", counter=f"{checked.solver} (the check refuted it)")
    else:
        bounds = [model.bounds(box) for model in prop.models]
        counting = run_counters(prop, box, bounds, config)
    checked = with_count_verdict(prop, box, checked, counting)
    details = checked.details | count_fields(counting, region_size(box), config, prop.name)
    return replace(checked, property="count", details=details, time_s=time.perf_counter() - start)


def count_fields(counting: Counting, size: int, config: CountConfig, counted: str) -> dict:
    """The row fields of a count: count, region_size, fraction, method, guarantee (None for
    the exact methods), and the counter's own (its name, time, formula size, reason)."""
    formula, value = counting.formula, counting.value
    approx = counting.method == "approx" and value is not None
    return {
        "counted": counted, "count": value, "region_size": size,
        "fraction": None if value is None else value / size, "method": counting.method,
        "guarantee": {"epsilon": config.epsilon, "delta": config.delta} if approx else None,
        "counter": counting.counter or COUNTERS[counting.method],
        "count_time_s": round(counting.time_s, 6),
        "count_vars": 0 if formula is None else formula.sink.n_vars,
        "count_clauses": 0 if formula is None else formula.sink.n_clauses,
        "count_reason": counting.reason,
    }  # fmt: skip


def with_count_verdict(prop: Counted, box: InputBox, checked: Result, counting: Counting) -> Result:
    """The check's verdict, cross-checked against the count (a disagreement is a bug); when
    the check is unknown, a count of 0 proves holds (also ApproxMC's: it counts exactly below
    its threshold, so 0 means its SAT solver found no model) and an enumerated point,
    replayed, is a violation."""
    value = counting.value
    if value is None or checked.verdict not in CHECKED:
        return checked
    if checked.verdict is not Verdict.UNKNOWN:
        if (value == 0) != (checked.verdict is Verdict.HOLDS):
            raise SolverError(
                f"query {checked.index}: {COUNTERS[counting.method]} counted "
                f"{format_count(value)} violating inputs, but the check says "
                f"{checked.verdict.value}; please report this"
            )
        return checked
    if value == 0:
        return replace(checked, verdict=Verdict.HOLDS, decided_by="count", reason="")
    if counting.point is None:
        return checked  # a count above 0 without a replayed witness stays unknown
    x, details = prop.replay(counting.point, box)  # ReplayError if it does not replay: a bug
    return replace(checked, verdict=Verdict.VIOLATED, decided_by="count", reason="",
                   counterexample=x, details=checked.details | details)  # fmt: skip


def counted_property(
    models: list[Model], label: int | None, targets: tuple[int, ...] | None = None
) -> Counted:
    """Robustness of `label` on one model (the region decided even when its center is
    misclassified), or the disagreement of two."""
    if len(models) == 2:
        return Equivalence(models[0], models[1])
    assert label is not None
    return Robustness(models[0], label, targets, require_correct=False)
