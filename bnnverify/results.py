"""One result type for every property, its row in the results file, and the run summary.

Verdicts (DESIGN.md section 3): holds, violated (with a replayed counterexample), unknown
(budget exhausted, with the reason), misclassified; and skipped, for a targeted query whose only
target is the input's own label (section 3: "reported as such"). Never anything else, never a
guess. Misclassified and skipped rows are not checked queries: a run of only those is unknown.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from bnnverify.model import Ints


class Verdict(enum.Enum):
    HOLDS = "holds"
    VIOLATED = "violated"
    UNKNOWN = "unknown"
    MISCLASSIFIED = "misclassified"
    SKIPPED = "skipped"  # targeted robustness: the label is the only target class


CHECKED = (Verdict.HOLDS, Verdict.VIOLATED, Verdict.UNKNOWN)  # verdicts of checked queries


@dataclass(frozen=True)
class Result:
    """One query's answer. `details` holds what only its property knows, in row order:
    robustness: label, predicted, counterexample_predicted, targets_checked;
    equivalence: shared_neurons, predicted_a, predicted_b."""

    property: str
    index: int | None
    eps: int | None
    verdict: Verdict
    time_s: float
    solver: str
    encoding: str
    decided_by: str  # "classifier", "attack", "solver", "miter clauses"
    n_vars: int = 0
    n_clauses: int = 0
    fixed_neurons: int = 0
    total_neurons: int = 0
    counterexample: Ints | None = None  # flat int64, replayed
    reason: str = ""
    l0: int | None = None  # the L0 budget of the region (regions.L0Ball); None: not an L0 ball
    details: dict[str, Any] = field(default_factory=dict)
    proof: Any = None  # proofs.ProofRecord when a proof was asked for a holds verdict

    def __getattr__(self, name: str) -> Any:
        """A property's own field (result.label, result.predicted_a, ...) by name."""
        details = self.__dict__.get("details", {})
        if name in details:
            return details[name]
        raise AttributeError(name)

    def to_row(self, model_shas: Sequence[str], counterexample_path: str | None) -> dict:
        """The results-file row (DESIGN.md section 6): shared fields, then the property's;
        `model_shas` is (model,) or (model, other)."""
        row: dict[str, Any] = {
            "index": self.index,
            "property": self.property,
            "eps": self.eps,
            "l0": self.l0,
            "verdict": self.verdict.value,
            "time_s": round(self.time_s, 6),
            "solver": self.solver,
            "encoding": self.encoding,
            "decided_by": self.decided_by,
            "n_vars": self.n_vars,
            "n_clauses": self.n_clauses,
            "fixed_neurons": self.fixed_neurons,
            "total_neurons": self.total_neurons,
            "counterexample": counterexample_path,
            "reason": self.reason,
        }
        for name, value in self.details.items():
            row[name] = list(value) if isinstance(value, tuple) else value
        row["model_sha256"] = model_shas[0]
        if len(model_shas) > 1:
            row["other_sha256"] = model_shas[1]
        if self.proof is not None:
            row.update(self.proof.to_row())
        return row

    @classmethod
    def from_row(cls, row: dict, detail_names: Sequence[str]) -> Result:
        """A result read back from a recorded row (for --resume summaries; no arrays)."""
        names = {f.name for f in fields(cls)} - {"verdict", "counterexample", "details", "proof"}
        details = {name: row.get(name) for name in detail_names}
        return cls(
            verdict=Verdict(row["verdict"]),
            details=details,
            **{name: row[name] for name in names if name in row},
        )


def summarize(results: Sequence[Result]) -> dict:
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
