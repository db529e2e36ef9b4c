"""`bnnverify check`: options -> queries -> results file, counterexample files, summary.

Rows are written (and flushed) as each query finishes, so an interrupt keeps every finished row.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bnnverify.errors import UsageError

DEFAULT_EPS = 2
DEFAULT_SAMPLES = 100
DEFAULT_SOLVER = "portfolio"
DEFAULT_ENCODING = "native"
DEFAULT_PROOF_SOLVER = "cadical195"
DEFAULT_PROOF_ENCODING = "kmtotalizer"  # the fastest clause encoding measured (encodings/)


def add_check_parsers(commands, add_data_options: Callable) -> None:
    from bnnverify.cli import EPILOG

    check = commands.add_parser(
        "check", help="decide a property (robustness, equivalence)", epilog=EPILOG
    )
    check.add_argument("--property", choices=("robustness", "equivalence"), default="robustness")
    check.add_argument("--other", help="the second model (equivalence)")
    add_region_options(check, add_data_options)
    check.add_argument(
        "--solver",
        default=DEFAULT_SOLVER,
        help=f"portfolio, a python-sat solver name, z3 or cpsat (default {DEFAULT_SOLVER})",
    )
    check.add_argument(
        "--encoding",
        default=None,  # None: not given (z3 / cpsat refuse one)
        help="native, seqcounter, totalizer, totalizer2, mtotalizer, kmtotalizer, "
        f"cardnetwork or sortnetwork (default {DEFAULT_ENCODING}; not with z3 or "
        "cpsat, which read the constraints natively)",
    )
    check.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        help="seconds per query; past it the verdict is unknown (default 60)",
    )
    check.add_argument("--workers", type=int, default=1, help="processes (default 1)")
    check.add_argument("--no-attack", action="store_true", help="skip cheap falsification")
    check.add_argument(
        "--no-bounds",
        action="store_true",
        help="encode every neuron (no interval fixing); for baselines",
    )
    check.add_argument("--seed", type=int, default=0, help="seed of the attack")
    check.add_argument(
        "--out",
        help="results file (JSON Lines), one row per query; replaced "
        "when the run ends or is interrupted, never when it fails",
    )
    check.add_argument(
        "--resume",
        action="store_true",
        help="append to --out, skipping the queries it already records for the "
        "same model(s), property, region and configuration",
    )
    check.add_argument("--cex-dir", help="write counterexamples here (<index>.npy, <index>.png)")
    check.add_argument("--json", action="store_true", help="print one JSON summary")
    check.add_argument(
        "--proof",
        metavar="DIR",
        help="for each holds verdict, write the CNF and a DRAT proof of its "
        "unsatisfiability here and check it with an independent checker",
    )
    check.add_argument(
        "--proof-solver",
        default=DEFAULT_PROOF_SOLVER,
        help=f"DRAT-logging solver for --proof (default {DEFAULT_PROOF_SOLVER})",
    )
    check.add_argument(
        "--proof-encoding",
        default=DEFAULT_PROOF_ENCODING,
        help=f"clause encoding for --proof (default {DEFAULT_PROOF_ENCODING})",
    )
    check.set_defaults(run=run_check)


def add_region_options(parser: argparse.ArgumentParser, add_data_options: Callable) -> None:
    """The model and the inputs whose eps-balls are the regions (check, export, certify)."""
    parser.add_argument("--model", help="model file (default: the bundled model)")
    parser.add_argument(
        "--eps",
        type=int,
        default=None,
        help=f"L-infinity radius in input units (default {DEFAULT_EPS})",
    )
    parser.add_argument(
        "--samples", type=int, default=None, help=f"the first N inputs (default {DEFAULT_SAMPLES})"
    )
    parser.add_argument("--indices", help="inputs, e.g. 3,5,10-12")
    parser.add_argument("--target", help="targeted robustness: only these classes, e.g. 2,4")
    add_data_options(parser)


def parse_targets(text: str | None, n_classes: int) -> tuple[int, ...] | None:
    """--target '2,4' -> (2, 4), each a class of the model; None when not given."""
    from bnnverify.cli import parse_indices

    if not text:
        return None
    targets = tuple(parse_indices(text, "--target"))
    bad = [c for c in targets if not 0 <= c < n_classes]
    if bad:
        raise UsageError(f"--target classes must lie in [0, {n_classes - 1}], got {bad[0]}")
    return targets


def select_indices(args: argparse.Namespace, n_available: int) -> list[int]:
    if args.indices and args.samples is not None:
        raise UsageError("give either --samples or --indices, not both")
    if args.indices:
        from bnnverify.cli import parse_indices

        indices = parse_indices(args.indices)
    else:
        n = DEFAULT_SAMPLES if args.samples is None else args.samples
        if n < 1:
            raise UsageError(f"--samples must be at least 1, got {n}")
        if args.samples is not None and n > n_available:
            logging.warning(
                "--samples %d is more than the %d inputs available; running %d",
                n,
                n_available,
                n_available,
            )
        indices = list(range(min(n, n_available)))
    bad = [i for i in indices if not 0 <= i < n_available]
    if bad:
        raise UsageError(f"--indices must lie in [0, {n_available - 1}], got {bad[0]}")
    return indices


def run_check(args: argparse.Namespace) -> int:
    if args.property != "equivalence" and args.other:
        raise UsageError(
            "--other names the second model of --property equivalence; "
            f"--property {args.property} takes one model"
        )
    if args.property == "equivalence":
        from bnnverify.equivalence_command import run_equivalence

        return run_equivalence(args)
    return run_robustness(args)


def build_check_config(args: argparse.Namespace):  # -> CheckConfig
    from bnnverify.attack import AttackConfig
    from bnnverify.solvers import check_solver
    from bnnverify.verify import CheckConfig

    if args.encoding is not None and args.solver in NATIVE_READERS:
        raise UsageError(
            f"--encoding does not apply to --solver {args.solver}, which reads the "
            "cardinality constraints natively"
        )
    encoding = DEFAULT_ENCODING if args.encoding is None else args.encoding
    check_solver(args.solver, encoding)
    check_timeout(args.timeout, "--timeout")
    args.workers = worker_count(args.workers)  # capped to the cores, with a warning
    attack = None if args.no_attack else AttackConfig(seed=args.seed)
    return CheckConfig(
        solver=args.solver,
        encoding=encoding,
        timeout_s=args.timeout,
        use_bounds=not args.no_bounds,
        attack=attack,
    )


NATIVE_READERS = ("z3", "cpsat")  # solvers that take no clause encoding


def check_timeout(value: float | None, option: str) -> None:
    """A budget in seconds: None (no limit) or a finite positive number."""
    if value is not None and not (math.isfinite(value) and value > 0):
        raise UsageError(f"{option} must be positive and finite (seconds), got {value}")


def worker_count(requested: int) -> int:
    """--workers N, capped to the cores (one-line warning): more processes only share them."""
    if requested < 1:
        raise UsageError(f"--workers must be at least 1, got {requested}")
    cores = os.cpu_count() or 1
    if requested > cores:
        logging.warning(
            "--workers %d is more than the %d cores; capped to %d", requested, cores, cores
        )
        return cores
    return requested


def run_robustness(args: argparse.Namespace) -> int:
    from bnnverify.cli import check_input_shape, check_labels, default_model_path, load_eval_data
    from bnnverify.errors import Interrupted
    from bnnverify.io import file_sha256, load_network
    from bnnverify.jobs import ProofOptions, RobustnessJob, robustness_task
    from bnnverify.outputs import ResultsWriter
    from bnnverify.proofs import certified_result
    from bnnverify.runner import QueryRunner
    from bnnverify.verify import (
        CheckResult,
        RobustnessQuery,
        encoding_name,
        summarize,
        validate_eps,
    )

    check_check_outputs(args)
    model_path = Path(args.model) if args.model else default_model_path()
    net = load_network(model_path)
    eps = DEFAULT_EPS if args.eps is None else args.eps
    validate_eps(net, eps)
    config = build_check_config(args)
    dataset = load_eval_data(args)
    check_input_shape(net, dataset.x, dataset.source)
    check_labels(net, dataset)
    targets = parse_targets(args.target, net.n_classes)
    queries = [
        RobustnessQuery(
            index=i,
            x0=net.flatten(dataset.x[i])[0],
            label=int(dataset.y[i]),
            eps=eps,
            targets=targets,
        )
        for i in select_indices(args, len(dataset))
    ]
    if args.proof:
        check_proof_options(args)
    sha = file_sha256(model_path)
    proof = ProofOptions(args.proof_solver, args.proof_encoding, args.proof) if args.proof else None
    fields = {q.index: robustness_fields(q, sha, config, proof) for q in queries}
    recorded, resume_at, queries = split_recorded(args, queries, fields)
    results = [recorded_result(CheckResult, row) for row in recorded]
    total = len(results) + len(queries)
    progress = Progress(len(queries))
    proofs_tried = sum("proof_status" in row for row in recorded)
    jobs = [RobustnessJob(query, config, proof) for query in queries]
    try:
        with (
            ResultsWriter(args.out, resume_at) as writer,
            QueryRunner(robustness_task(model_path), min(args.workers, len(jobs))) as runner,
        ):
            for result, record in runner.map(jobs):
                cex_path = None
                if result.counterexample is not None and args.cex_dir:
                    cex_path = str(write_cex(args.cex_dir, net, dataset.x, result))
                proof_fields: dict = {}
                if record is not None:
                    result = certified_result(result, record)  # an uncertified holds is unknown
                    proof_fields = record.to_row()
                    proofs_tried += 1
                writer.write(result.to_row(sha, cex_path) | proof_fields | fields[result.index])
                results.append(result)
                progress.update(result.verdict.value)
    except Interrupted as stop:
        progress.close()
        raise Interrupted(stop.signum, finished_detail(len(results), total, args.out)) from None
    progress.close()
    summary = summarize(results)
    summary.update(
        model=str(model_path),
        model_sha256=sha,
        eps=eps,
        solver=config.solver,
        encoding=encoding_name(config),
        data=dataset.source,
    )
    if recorded:
        summary["resumed"] = len(recorded)
    if args.proof:
        summary.update(proofs_checked=summary["verdicts"]["holds"], proofs_tried=proofs_tried)
    print_summary(summary, args.json)
    return {"holds": 0, "violated": 1, "unknown": 3}[summary["result"]]


def check_check_outputs(args: argparse.Namespace) -> None:
    """Every output path of check, before any work (DESIGN.md section 6)."""
    from bnnverify.outputs import check_output_dir, check_output_file

    if args.resume and not args.out:
        raise UsageError("--resume needs --out FILE (the results file to resume)")
    if args.out:
        check_output_file(args.out, "--out")
    if args.cex_dir:
        check_output_dir(args.cex_dir, "--cex-dir")
    if getattr(args, "proof", None):
        check_output_dir(args.proof, "--proof")


def robustness_fields(query, model_sha256: str, config, proof) -> dict:
    """The row fields beyond CheckResult.to_row that name the query and its configuration
    (outputs.QUERY_KEY_FIELDS), so that --resume recognises it."""
    import hashlib

    from bnnverify.verify import encoding_name

    x0 = np.ascontiguousarray(query.x0, dtype=np.int64)
    return {
        "property": "robustness", "model_sha256": model_sha256, "index": query.index,
        "eps": query.eps, "label": query.label,
        "targets": None if query.targets is None else list(query.targets),
        "input_sha256": hashlib.sha256(x0.tobytes()).hexdigest(),
        **config_fields(config, encoding_name(config)),
        "proof_with": None if proof is None else f"{proof.solver}/{proof.encoding}",
    }  # fmt: skip


def config_fields(config, encoding: str) -> dict:
    return {
        "solver": config.solver, "encoding": encoding, "timeout_s": config.timeout_s,
        "use_bounds": config.use_bounds,
        "attack_seed": None if config.attack is None else config.attack.seed,
    }  # fmt: skip


def split_recorded(args: argparse.Namespace, queries: list, fields: dict) -> tuple:
    """--resume: (the rows of --out recorded for these queries, the byte length of its complete
    rows, the queries still to run); without --resume: ([], None, queries)."""
    from bnnverify.outputs import query_key, read_recorded

    if not args.resume:
        return [], None, queries
    rows, resume_at = read_recorded(args.out)
    by_key = {query_key(row): row for row in rows}
    recorded, left = [], []
    for query in queries:
        key = query_key(json.loads(json.dumps(fields[query.index])))
        if key in by_key:
            recorded.append(by_key[key])
        else:
            left.append(query)
    return recorded, resume_at, left


def recorded_result(kind: type, row: dict):
    """A CheckResult / EquivalenceResult from a recorded row, for the summary (no arrays)."""
    import dataclasses

    from bnnverify.verify import Verdict

    names = {field.name for field in dataclasses.fields(kind)} - {"counterexample", "verdict"}
    return kind(verdict=Verdict(row["verdict"]), **{k: row[k] for k in names if k in row})


def finished_detail(finished: int, total: int, out: str | None) -> str:
    kept = f"rows kept in {out}" if out else "no --out file given"
    return f"{finished} of {total} queries finished, {kept}"


def check_proof_options(args: argparse.Namespace) -> None:
    from bnnverify.proofs import available_checker, check_proof_solver

    check_proof_solver(args.proof_solver)
    if args.proof_encoding == "native":
        raise UsageError("--proof-encoding must be a clause encoding (native is no CNF)")
    from bnnverify.solvers import check_solver

    check_solver(args.proof_solver, args.proof_encoding)
    available_checker()


def write_cex(directory: str, net, x: np.ndarray, result) -> Path:
    from bnnverify.io import write_counterexample

    original = np.asarray(x[result.index])
    perturbed = result.counterexample.reshape(original.shape).astype(original.dtype)
    return write_counterexample(
        directory, result.index, original, perturbed, net.input_min, net.input_max
    )


def print_summary(summary: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(summary, sort_keys=True))
        return
    counts = ", ".join(f"{name} {count}" for name, count in summary["verdicts"].items())
    print(f"model:     {summary['model']}")
    print(
        f"queries:   {summary['queries']} at eps {summary['eps']} "
        f"({summary['solver']}, {summary['encoding']})"
    )
    print(f"verdicts:  {counts}")
    print(f"checked:   {checked_line(summary)}")
    if summary["unknown"]:
        print(f"unknown:   {unknown_line(summary)}")
    print(f"attack:    decided {summary['decided_by_attack']} violated queries")
    if "proofs_checked" in summary:
        print(
            f"proofs:    {summary['proofs_checked']} of {summary['proofs_tried']} holds "
            "verdicts have a checked DRAT proof (the others are unknown)"
        )
    print(
        f"time:      median {summary['median_time_s']:.4f} s, max {summary['max_time_s']:.4f} s,"
        f" total {summary['total_time_s']:.2f} s"
    )
    print(f"result: {summary['result']}")


def print_equivalence_summary(summary: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(summary, sort_keys=True))
        return
    counts = ", ".join(
        f"{name} {count}"
        for name, count in summary["verdicts"].items()
        if name not in ("misclassified", "skipped")
    )
    print(f"models:    {summary['model']} vs {summary['other']}")
    print(
        f"region:    {summary['region']} ({summary['queries']} queries, "
        f"{summary['solver']}, {summary['encoding']})"
    )
    print(f"verdicts:  {counts}")
    if summary["unknown"]:
        print(f"unknown:   {unknown_line(summary)}")
    print(f"time:      median {summary['median_time_s']:.4f} s, max {summary['max_time_s']:.4f} s")
    print(f"result: {summary['result']}")


def checked_line(summary: dict) -> str:
    """'12 of 20 queries (5 misclassified, 3 skipped)', or 'no query was checked (...)'."""
    verdicts = summary["verdicts"]
    left_out = f"({verdicts['misclassified']} misclassified, {verdicts['skipped']} skipped)"
    if not summary["checked"]:
        return f"no query was checked {left_out}"
    return f"{summary['checked']} of {summary['queries']} queries {left_out}"


def unknown_line(summary: dict) -> str:
    """'3 queries undecided (timeout 2, conflict budget 1)': the unknowns and their reasons."""
    reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(summary["unknown_reasons"].items()))
    noun = "query" if summary["unknown"] == 1 else "queries"
    return f"{summary['unknown']} {noun} undecided ({reasons})"


class Progress:
    """A one-line progress display on stderr (a line every 10% when stderr is not a terminal)."""

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0
        self.counts: dict[str, int] = {}
        self.is_tty = sys.stderr.isatty()

    def update(self, verdict: str) -> None:
        self.done += 1
        self.counts[verdict] = self.counts.get(verdict, 0) + 1
        step = max(1, self.total // 10)
        if self.is_tty or self.done % step == 0 or self.done == self.total:
            counts = " ".join(f"{k} {v}" for k, v in sorted(self.counts.items()))
            end = "" if self.is_tty else "\n"
            print(f"\r[{self.done}/{self.total}] {counts}", end=end, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.is_tty:
            print(file=sys.stderr)
