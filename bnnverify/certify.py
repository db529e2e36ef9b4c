"""`bnnverify certify`: decide every query, back every "holds" with a checked DRAT proof.

For each input: the robustness check (attack, bounds, encode, solve, replay) through
verify.run with a proof request: a holds verdict's own proof-logging solve gives the DRAT
proof, which an independent checker then checks. Writes DIR/report.json and DIR/report.md,
proofs under DIR/proofs/ and counterexamples under DIR/counterexamples/. Paths in the report
are relative to DIR, so the directory can be moved and re-checked:
`drat-trim proofs/q_3_eps_1.cnf proofs/q_3_eps_1.drat`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bnnverify.model import BinaryNetwork
from bnnverify.properties.base import Model
from bnnverify.properties.robustness import RobustnessQuery
from bnnverify.results import Result, Verdict
from bnnverify.status import exit_status
from bnnverify.verify import CheckConfig

REPORT_JSON = "report.json"
REPORT_MD = "report.md"


@dataclass(frozen=True)
class CertifyConfig:
    check: CheckConfig
    checker: str = "auto"
    check_time_limit_s: float | None = None


@dataclass(frozen=True)
class Region:
    """What the report says was checked (model as given, data source, radius, targets)."""

    model_path: str
    model_sha256: str
    data: str
    eps: int
    input_min: int
    input_max: int
    targets: tuple[int, ...] | None


def certify_query(
    model: Model, query: RobustnessQuery, config: CertifyConfig, out_dir: Path,
    original: np.ndarray,
) -> dict:  # fmt: skip
    """One report row: the check, then a proof (holds) or a counterexample file (violated).

    The proof comes from the solve that gave the verdict (verify.run with a ProofRequest naming
    the check's own solver and encoding): one proof-logging solve per holds query.
    """
    from bnnverify.proofs import is_certified
    from bnnverify.proofs import ProofRequest
    from bnnverify.verify import run

    stem = f"q_{query.index}_eps_{query.eps}"
    request = ProofRequest(
        config.check.solver, config.check.encoding, str(out_dir / "proofs"), stem,
        config.checker, config.check_time_limit_s,
    )  # fmt: skip
    result = run(query.on(model), query.region(), config.check, query.index, request)
    record = result.proof
    # a proof is asked only of a holds verdict; the report keeps that verdict and says whether
    # its proof is certified (the summary's rule), where `check` reports such a query unknown
    verdict = Verdict.HOLDS if record is not None else result.verdict
    row = _result_row(result, verdict)
    if result.verdict is Verdict.VIOLATED and result.counterexample is not None:
        from bnnverify.io import write_counterexample

        perturbed = result.counterexample.reshape(original.shape).astype(original.dtype)
        net = model.net
        path = write_counterexample(out_dir / "counterexamples", query.index, original,
                                    perturbed, net.input_min, net.input_max)  # fmt: skip
        row["counterexample"] = os.path.relpath(path, out_dir)
    if record is not None:
        proof = {
            "status": record.status, "checked": record.checked, "checker": record.checker,
            "cnf": os.path.relpath(record.cnf_path, out_dir),
            "drat": None if record.proof_path is None else os.path.relpath(
                record.proof_path, out_dir),
            "check_time_s": round(record.check_time_s, 6),
            "solve_time_s": round(record.solve_time_s, 6),
            "proof_lines": record.proof_lines, "proof_bytes": record.proof_bytes,
            "message": record.message, "route": record.route,
        }  # fmt: skip
        row["proof"] = proof
        row["certified"] = is_certified(record)
        row["proof_overhead_s"] = round(record.solve_time_s + record.check_time_s, 6)
    return row


def _result_row(result: Result, verdict: Verdict) -> dict:
    return {
        "index": result.index, "label": result.label, "predicted": result.predicted,
        "eps": result.eps, "verdict": verdict.value, "decided_by": result.decided_by,
        "time_s": round(result.time_s, 6), "n_vars": result.n_vars,
        "n_clauses": result.n_clauses, "fixed_neurons": result.fixed_neurons,
        "total_neurons": result.total_neurons,
        "reason": "" if verdict is not result.verdict else result.reason,
        "counterexample": None, "proof": None, "certified": False, "proof_overhead_s": None,
    }  # fmt: skip


def summarize_rows(rows: Sequence[dict]) -> dict:
    """Counts, holds with a checked proof / holds, median overhead, the overall result.

    result: "certified" when every classified query holds with a checked proof, "violated" when
    any is violated, else "uncertified" (an unknown verdict, a proof missing or unchecked, or no
    query checked at all). Misclassified and skipped inputs are reported and not counted.
    """
    counts = {verdict.value: 0 for verdict in Verdict}
    for row in rows:
        counts[row["verdict"]] += 1
    holds = [row for row in rows if row["verdict"] == "holds"]
    certified = sum(row["certified"] for row in holds)
    overheads = [row["proof_overhead_s"] for row in holds if row["proof_overhead_s"] is not None]
    checks = [row["proof"]["check_time_s"] for row in holds if row["proof"]["status"] == "refuted"]
    if counts["violated"]:
        result = "violated"
    elif counts["unknown"] or certified < len(holds) or not holds:
        result = "uncertified"  # not holds: no query was checked (misclassified, skipped)
    else:
        result = "certified"
    return {
        "queries": len(rows), "verdicts": counts, "holds_certified": certified,
        "holds_total": len(holds),
        "median_proof_overhead_s": round(float(np.median(overheads)), 6) if overheads else None,
        "median_check_time_s": round(float(np.median(checks)), 6) if checks else None,
        "median_check_s": round(float(np.median([r["time_s"] for r in rows])), 6) if rows else None,
        "result": result,
    }  # fmt: skip


def certify(
    net: BinaryNetwork,
    queries: Sequence[RobustnessQuery],
    originals: Sequence[np.ndarray],
    config: CertifyConfig,
    region: Region,
    out_dir: str | Path,
    progress: Callable[[dict], None] | None = None,
) -> dict:
    """Run every query, write DIR/report.json and DIR/report.md; return the report."""
    from bnnverify.drat import available_checker
    from bnnverify.proofs import check_proof_solver

    check_proof_solver(config.check.solver)
    checker = available_checker(config.checker)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model = Model.of(net)
    rows = []
    for query, original in zip(queries, originals, strict=True):
        rows.append(certify_query(model, query, config, out, np.asarray(original)))
        if progress is not None:
            progress(rows[-1])
    summary = summarize_rows(rows)
    report = {
        "model": region.model_path, "model_sha256": region.model_sha256, "data": region.data,
        "property": "robustness",
        "region": {"eps": region.eps, "norm": "linf", "input_range": [region.input_min,
                   region.input_max], "targets": None if region.targets is None else list(
                   region.targets)},
        "solver": config.check.solver, "encoding": config.check.encoding,
        "timeout_s": config.check.timeout_s, "checker": checker,
        "queries": rows, "summary": summary, "exit_status": exit_status(summary["result"]),
    }  # fmt: skip
    (out / REPORT_JSON).write_text(json.dumps(report, indent=2, sort_keys=True) + "\n",
                                   encoding="utf-8")  # fmt: skip
    (out / REPORT_MD).write_text(render_markdown(report), encoding="utf-8")
    return report


def render_markdown(report: dict) -> str:
    """A reviewer's summary: the region, one table row per query, how to re-check a proof."""
    summary, region = report["summary"], report["region"]
    lines = [
        "# bnnverify robustness certificate report", "",
        f"- model: `{report['model']}` (sha256 `{report['model_sha256']}`)",
        f"- inputs: {report['data']}; L-infinity radius eps = {region['eps']} within "
        f"[{region['input_range'][0]}, {region['input_range'][1]}]; targets: "
        f"{region['targets'] or 'every other class'}",
        f"- solver {report['solver']}, encoding {report['encoding']}, checker "
        f"{report['checker']}, timeout {report['timeout_s']} s",
        f"- result: **{summary['result']}**: holds with a checked proof "
        f"{summary['holds_certified']} / {summary['holds_total']}; verdicts "
        + ", ".join(f"{k} {v}" for k, v in summary["verdicts"].items()),
        f"- median verification time per query {summary['median_check_s']} s; median proof "
        f"overhead (proof-logging solve + proof check) {summary['median_proof_overhead_s']} s",
        "",
        "| index | label | verdict | by | time (s) | proof | checked | checker | check (s) "
        "| lines | evidence |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]  # fmt: skip
    for row in report["queries"]:
        proof = row["proof"] or {}
        evidence = proof.get("drat") or row["counterexample"] or row["reason"] or ""
        lines.append(
            f"| {row['index']} | {row['label']} | {row['verdict']} | {row['decided_by']} "
            f"| {row['time_s']:.4f} | {proof.get('status', '')} | {proof.get('checked', '')} "
            f"| {proof.get('checker', '')} | {proof.get('check_time_s', '')} "
            f"| {proof.get('proof_lines', '')} | {evidence} |"
        )
    lines += [
        "", "Each proof is a text DRAT refutation of the CNF beside it (satisfiable iff the "
        "property is violated). Re-check one independently with "
        "`drat-trim proofs/<q>.cnf proofs/<q>.drat` or `python -c \"from dratify import "
        "parse_dimacs, check_proof; ...\"`. Counterexamples are `<index>.npy` (the perturbed "
        "input) and `<index>.png` (original | perturbed | difference).", "",
    ]  # fmt: skip
    return "\n".join(lines)
