"""Orchestration of one robustness query: classify, attack, encode and solve, replay.

Verdicts (DESIGN.md section 3): holds, violated (with a replayed counterexample), unknown
(budget exhausted, with the reason), misclassified; and skipped, for a targeted query whose only
target is the input's own label (section 3: "reported as such"). Never anything else, never a
guess. Misclassified and skipped rows are not checked queries: a run of only those is unknown.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from bnnverify.attack import AttackConfig, falsify_box
from bnnverify.errors import UsageError
from bnnverify.model import BinaryNetwork, Ints
from bnnverify.replay import replay_robustness


class Verdict(enum.Enum):
    HOLDS = "holds"
    VIOLATED = "violated"
    UNKNOWN = "unknown"
    MISCLASSIFIED = "misclassified"
    SKIPPED = "skipped"  # targeted robustness: the label is the only target class


CHECKED = (Verdict.HOLDS, Verdict.VIOLATED, Verdict.UNKNOWN)  # verdicts of checked queries


@dataclass(frozen=True)
class CheckConfig:
    solver: str = "portfolio"  # the fastest measured (encodings/README.md, benchmarks/results)
    encoding: str = "native"
    timeout_s: float | None = 60.0
    use_bounds: bool = True
    attack: AttackConfig | None = field(default_factory=AttackConfig)


@dataclass(frozen=True)
class RobustnessQuery:
    index: int
    x0: Ints  # (n_inputs,) int64
    label: int
    eps: int
    targets: tuple[int, ...] | None = None  # None: every class but the label


@dataclass(frozen=True)
class CheckResult:
    index: int
    label: int
    predicted: int
    eps: int
    verdict: Verdict
    time_s: float
    solver: str
    encoding: str
    decided_by: str  # "classifier", "attack", "solver"
    n_vars: int = 0
    n_clauses: int = 0
    fixed_neurons: int = 0
    total_neurons: int = 0
    counterexample: Ints | None = None  # flat int64, replayed
    counterexample_predicted: int | None = None
    reason: str = ""
    # the classes compared with the label (a requested target equal to the label is dropped);
    # None when not checked. The row's "targets" is the request (outputs.QUERY_KEY_FIELDS).
    targets_checked: tuple[int, ...] | None = None

    def to_row(self, model_sha256: str, counterexample_path: str | None) -> dict:
        return {
            "index": self.index,
            "label": self.label,
            "predicted": self.predicted,
            "property": "robustness",
            "eps": self.eps,
            "verdict": self.verdict.value,
            "time_s": round(self.time_s, 6),
            "solver": self.solver,
            "encoding": self.encoding,
            "n_vars": self.n_vars,
            "n_clauses": self.n_clauses,
            "fixed_neurons": self.fixed_neurons,
            "total_neurons": self.total_neurons,
            "counterexample": counterexample_path,
            "decided_by": self.decided_by,
            "counterexample_predicted": self.counterexample_predicted,
            "reason": self.reason,
            "targets_checked": None if self.targets_checked is None else list(self.targets_checked),
            "model_sha256": model_sha256,
        }


def encoding_name(config: CheckConfig) -> str:
    """The encoding a result reports: z3 and CP-SAT read the constraints natively."""
    return {"z3": "z3-pb", "cpsat": "cpsat-linear"}.get(config.solver, config.encoding)


def validate_eps(net: BinaryNetwork, eps: int) -> None:
    span = net.input_max - net.input_min
    if not 0 <= eps <= span:
        raise UsageError(f"--eps must be an integer in [0, {span}] for this model, got {eps}")


def check_robustness(
    net: BinaryNetwork, packed, query: RobustnessQuery, config: CheckConfig
) -> CheckResult:
    """Decide L-infinity robustness of one input (packed: a PackedNetwork of `net`)."""
    from bnnverify.bounds import linf_box
    from bnnverify.encode.network import robustness_targets
    from bnnverify.solvers import solve_robustness

    start = time.perf_counter()
    validate_eps(net, query.eps)
    x0 = np.asarray(query.x0, dtype=np.int64).reshape(-1)
    predicted = int(packed.predict(x0[None])[0])
    # the fields every answer shares; each return below replaces the ones it decides
    common = CheckResult(
        index=query.index,
        label=query.label,
        predicted=predicted,
        eps=query.eps,
        verdict=Verdict.MISCLASSIFIED,
        time_s=0.0,
        solver=config.solver,
        encoding=encoding_name(config),
        decided_by="classifier",
    )
    if predicted != query.label:
        return replace(common, time_s=time.perf_counter() - start)
    if query.targets is not None and not set(query.targets) - {query.label}:
        return replace(
            common,
            verdict=Verdict.SKIPPED,
            time_s=time.perf_counter() - start,
            targets_checked=(),
            reason=f"label {query.label} is the only target class",
        )
    targets = robustness_targets(net, query.label, query.targets)
    common = replace(common, targets_checked=tuple(targets))
    box = linf_box(net, x0, query.eps)

    if config.attack is not None:
        found = falsify_box(net, packed, box.lo, box.hi, query.label, targets, config.attack)
        if found is not None:
            x, cex_predicted = replay_robustness(
                net, packed, found, box.lo, box.hi, query.label, targets
            )
            return replace(
                common,
                verdict=Verdict.VIOLATED,
                time_s=time.perf_counter() - start,
                decided_by="attack",
                counterexample=x,
                counterexample_predicted=cex_predicted,
            )

    outcome = solve_robustness(
        net,
        box,
        query.label,
        targets,
        solver=config.solver,
        encoding=config.encoding,
        timeout_s=config.timeout_s,
        use_bounds=config.use_bounds,
    )
    solved = replace(
        common,
        decided_by="solver",
        n_vars=outcome.n_vars,
        n_clauses=outcome.n_clauses,
        fixed_neurons=outcome.fixed_neurons,
        total_neurons=outcome.total_neurons,
    )
    status = outcome.status.value
    if status == "sat":
        assert outcome.input is not None  # a sat outcome carries the decoded input
        x, cex_predicted = replay_robustness(
            net, packed, outcome.input, box.lo, box.hi, query.label, targets
        )
        return replace(
            solved,
            verdict=Verdict.VIOLATED,
            time_s=time.perf_counter() - start,
            counterexample=x,
            counterexample_predicted=cex_predicted,
        )
    verdict = Verdict.HOLDS if status == "unsat" else Verdict.UNKNOWN
    return replace(
        solved, verdict=verdict, time_s=time.perf_counter() - start, reason=outcome.reason
    )


def summarize(results: Sequence[CheckResult] | Sequence[EquivalenceResult]) -> dict:
    """Counts per verdict, median and max time, and the exit-status verdict.

    result: violated if any query is; else unknown if any is unknown or none was checked (every
    row misclassified or skipped: nothing was verified, DESIGN.md section 3); else holds.
    `checked` counts holds + violated + unknown; `unknown_reasons` counts the unknowns by reason.
    """
    counts = {verdict.value: 0 for verdict in Verdict}
    reasons: dict[str, int] = {}
    for result in results:
        counts[result.verdict.value] += 1
        if result.verdict is Verdict.UNKNOWN:
            reason = result.reason or "no reason given"
            reasons[reason] = reasons.get(reason, 0) + 1
    times = [result.time_s for result in results]
    checked = sum(counts[verdict.value] for verdict in CHECKED)
    if counts["violated"]:
        overall = "violated"
    elif counts["unknown"] or not checked:
        overall = "unknown"
    else:
        overall = "holds"
    return {
        "queries": len(results),
        "checked": checked,
        "unknown": counts["unknown"],
        "unknown_reasons": reasons,
        "verdicts": counts,
        "decided_by_attack": sum(r.decided_by == "attack" for r in results),
        "median_time_s": round(float(np.median(times)), 6) if times else 0.0,
        "max_time_s": round(max(times), 6) if times else 0.0,
        "total_time_s": round(sum(times), 6),
        "result": overall,
    }


@dataclass(frozen=True)
class EquivalenceResult:
    index: int | None  # the input whose eps-ball is the region; None for the whole input space
    eps: int | None
    verdict: Verdict
    time_s: float
    solver: str
    encoding: str
    decided_by: str  # "attack" or "solver"
    n_vars: int = 0
    n_clauses: int = 0
    fixed_neurons: int = 0
    total_neurons: int = 0
    shared_neurons: int = 0
    counterexample: Ints | None = None
    predicted_a: int | None = None
    predicted_b: int | None = None
    reason: str = ""

    def to_row(self, sha_a: str, sha_b: str, counterexample_path: str | None) -> dict:
        return {
            "index": self.index,
            "property": "equivalence",
            "eps": self.eps,
            "verdict": self.verdict.value,
            "time_s": round(self.time_s, 6),
            "solver": self.solver,
            "encoding": self.encoding,
            "decided_by": self.decided_by,
            "n_vars": self.n_vars,
            "n_clauses": self.n_clauses,
            "fixed_neurons": self.fixed_neurons,
            "total_neurons": self.total_neurons,
            "shared_neurons": self.shared_neurons,
            "counterexample": counterexample_path,
            "predicted_a": self.predicted_a,
            "predicted_b": self.predicted_b,
            "reason": self.reason,
            "model_sha256": sha_a,
            "other_sha256": sha_b,
        }


def check_equivalence(
    net_a: BinaryNetwork,
    packed_a,
    net_b: BinaryNetwork,
    packed_b,
    box,
    config: CheckConfig,
    index: int | None = None,
    eps: int | None = None,
) -> EquivalenceResult:
    """Decide argmax A == argmax B on `box` (an InputBox): attack first, then the miter."""
    from bnnverify.attack import find_difference
    from bnnverify.equivalence import solve_equivalence
    from bnnverify.replay import replay_difference

    start = time.perf_counter()
    # the fields every answer shares; each return below replaces the ones it decides
    common = EquivalenceResult(
        index=index,
        eps=eps,
        verdict=Verdict.VIOLATED,
        time_s=0.0,
        solver=config.solver,
        encoding=encoding_name(config),
        decided_by="attack",
    )
    if config.attack is not None:
        seeds = None if box.center is None else box.center[None]
        found = find_difference(packed_a, packed_b, box.lo, box.hi, config.attack, seeds)
        if found is not None:
            x, a, b = replay_difference(net_a, packed_a, net_b, packed_b, found, box.lo, box.hi)
            return replace(
                common,
                time_s=time.perf_counter() - start,
                counterexample=x,
                predicted_a=a,
                predicted_b=b,
            )
    outcome = solve_equivalence(
        net_a,
        net_b,
        box,
        solver=config.solver,
        encoding=config.encoding,
        timeout_s=config.timeout_s,
        use_bounds=config.use_bounds,
    )
    solved = replace(
        common,
        n_vars=outcome.n_vars,
        n_clauses=outcome.n_clauses,
        fixed_neurons=outcome.fixed_neurons,
        total_neurons=outcome.total_neurons,
        shared_neurons=outcome.shared_neurons,
    )
    if outcome.status.value == "sat":
        assert outcome.input is not None  # a sat outcome carries the decoded input
        x, a, b = replay_difference(net_a, packed_a, net_b, packed_b, outcome.input, box.lo, box.hi)
        return replace(
            solved,
            time_s=time.perf_counter() - start,
            decided_by="solver",
            counterexample=x,
            predicted_a=a,
            predicted_b=b,
        )
    verdict = Verdict.HOLDS if outcome.status.value == "unsat" else Verdict.UNKNOWN
    return replace(
        solved,
        verdict=verdict,
        time_s=time.perf_counter() - start,
        decided_by=outcome.decided_by,
        reason=outcome.reason,
    )
