"""`bnnverify certify`: decide every query, back every "holds" with a checked DRAT proof.

For each input: the robustness check (attack, bounds, encode, solve, replay), then for a holds
verdict prove_robustness on the same formula (a second, proof-logging solve, and an
independent check). Writes DIR/report.json and DIR/report.md, proofs under DIR/proofs/ and
counterexamples under DIR/counterexamples/. Paths in the report are relative to DIR, so the
directory can be moved and re-checked: `drat-trim proofs/q_3_eps_1.cnf proofs/q_3_eps_1.drat`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bnnverify.model import BinaryNetwork
from bnnverify.verify import CheckConfig, CheckResult, RobustnessQuery, Verdict

EXIT_CERTIFIED = 0
EXIT_VIOLATED = 1
EXIT_UNCERTIFIED = 3
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
    net: BinaryNetwork, packed, query: RobustnessQuery, config: CertifyConfig, out_dir: Path,
    original: np.ndarray,
) -> dict:  # fmt: skip
    """One report row: the check, then a proof (holds) or a counterexample file (violated)."""
    from bnnverify.bounds import linf_box
    from bnnverify.proofs import certified_verdict, prove_robustness
    from bnnverify.verify import check_robustness

    result = check_robustness(net, packed, query, config.check)
    row = _result_row(result)
    if result.verdict is Verdict.VIOLATED and result.counterexample is not None:
        from bnnverify.io import write_counterexample

        perturbed = result.counterexample.reshape(original.shape).astype(original.dtype)
        path = write_counterexample(out_dir / "counterexamples", query.index, original,
                                    perturbed, net.input_min, net.input_max)  # fmt: skip
        row["counterexample"] = os.path.relpath(path, out_dir)
    if result.verdict is Verdict.HOLDS:
        record = prove_robustness(
            net, linf_box(net, query.x0, query.eps), query.label, query.targets,
            encoding=config.check.encoding, solver=config.check.solver,
            out_dir=out_dir / "proofs", stem=f"q_{query.index}_eps_{query.eps}",
            timeout_s=config.check.timeout_s, checker=config.checker,
            check_time_limit_s=config.check_time_limit_s,
        )  # fmt: skip
        proof = {
            "status": record.status, "checked": record.checked, "checker": record.checker,
            "cnf": os.path.relpath(record.cnf_path, out_dir),
            "drat": None if record.proof_path is None else os.path.relpath(
                record.proof_path, out_dir),
            "check_time_s": round(record.check_time_s, 6),
            "solve_time_s": round(record.solve_time_s, 6),
            "proof_lines": record.proof_lines, "proof_bytes": record.proof_bytes,
            "message": record.message,
        }  # fmt: skip
        row["proof"] = proof
        # the library's rule: a holds whose proof is missing or fails its check is unknown
        row["certified"] = certified_verdict(result.verdict, record) is Verdict.HOLDS
        row["proof_overhead_s"] = round(record.solve_time_s + record.check_time_s, 6)
    return row


def _result_row(result: CheckResult) -> dict:
    return {
        "index": result.index, "label": result.label, "predicted": result.predicted,
        "eps": result.eps, "verdict": result.verdict.value, "decided_by": result.decided_by,
        "time_s": round(result.time_s, 6), "n_vars": result.n_vars,
        "n_clauses": result.n_clauses, "fixed_neurons": result.fixed_neurons,
        "total_neurons": result.total_neurons, "reason": result.reason,
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


def exit_status(summary: dict) -> int:
    return {"certified": EXIT_CERTIFIED, "violated": EXIT_VIOLATED}.get(
        summary["result"], EXIT_UNCERTIFIED
    )


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
    from bnnverify.engine.packed import PackedNetwork
    from bnnverify.proofs import available_checker, check_proof_solver

    check_proof_solver(config.check.solver)
    checker = available_checker(config.checker)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    packed = PackedNetwork(net)
    rows = []
    for query, original in zip(queries, originals, strict=True):
        rows.append(certify_query(net, packed, query, config, out, np.asarray(original)))
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
        "queries": rows, "summary": summary, "exit_status": exit_status(summary),
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
