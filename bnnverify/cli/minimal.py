"""`bnnverify minimal`: per input, the smallest L-infinity (--norm linf) or L0 (--norm l0) distance
of a misclassified input from it (bnnverify.minimal: MaxSAT by RC2), with the counterexample at
that distance; "none" when no input within --max-eps is misclassified; the interval still open
when --timeout (per input) ran out.

Each input runs in a worker process (campaign.run_jobs), its row written as it finishes: the
usual row keys (property "minimal", eps = --max-eps, verdict = robustness on the region) plus
`norm`, `outcome`, `distance`, `lower`, `upper`, `encoded_radius`, `n_soft`, `solve_time_s`.
--export DIR writes each input's instance as WCNF and OPB (with its objective). Exit status: 0
when every checked input is decided, 3 when some interval is open (or no input was checked).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any

import numpy as np

from bnnverify import defaults, status
from bnnverify.cli import common
from bnnverify.errors import UsageError

# bnnverify.minimal's defaults, repeated so that --help imports no solver
NORMS = ("linf", "l0")
SOLVER, ENCODING, MAX_EPS = "minicard", "native", 8
EPILOG = (
    f"exit status: {status.EXIT_OK} every input decided, {status.EXIT_ERROR} error, "
    f"{status.EXIT_UNKNOWN} some interval open (budget ran out) or no input checked"
)


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "minimal", help="the minimal L-inf / L0 perturbation that misclassifies", epilog=EPILOG
    )
    common.add_model_option(parser)
    parser.add_argument("--norm", choices=NORMS, default="linf", help="distance (default linf)")
    parser.add_argument(
        "--max-eps",
        type=int,
        default=None,
        help=f"the region: inputs within this L-inf distance of x0 (default {MAX_EPS} for "
        "linf; for l0 the whole input range)",
    )
    common.add_selection_options(parser, target=False)
    parser.add_argument(
        "--solver",
        default=SOLVER,
        help=f"RC2's SAT oracle, a python-sat solver (default {SOLVER}; with a clause "
        "encoding e.g. glucose4 or cadical195)",
    )
    parser.add_argument(
        "--encoding",
        default=ENCODING,
        help=f"cardinality encoding (default {ENCODING}: native AtMost constraints, for "
        "minicard / gluecard / cadical195; or kmtotalizer, totalizer, ...)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=defaults.TIMEOUT_S,
        help=f"seconds per input: attack, encoding and RC2 (default {defaults.TIMEOUT_S:g})",
    )
    parser.add_argument("--workers", type=int, default=defaults.WORKERS, help="processes")
    parser.add_argument("--no-attack", action="store_true", help="skip the cheap upper bound")
    parser.add_argument("--seed", type=int, default=defaults.ATTACK_SEED, help="seed of the attack")
    parser.add_argument("--out", help="results file (JSON Lines), one row per input")
    parser.add_argument("--cex-dir", help="counterexamples (<index>.npy, <index>.png)")
    parser.add_argument(
        "--export",
        metavar="DIR",
        help="write each input's instance as DIR/<index>_<norm>.wcnf and .opb (inputs decided "
        "without a solver have none; with --no-attack it covers the whole region)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON summary")


def run(args: argparse.Namespace) -> int:
    from bnnverify import campaign
    from bnnverify.backends.maxsat import check_maxsat_solver
    from bnnverify.io import file_sha256, load_network
    from bnnverify.minimal import MinimalResult

    outputs = check_outputs(args)
    path = common.model_path(args.model)
    net = load_network(path)
    if net.real:
        raise UsageError("minimal searches integer inputs; a model with real inputs has none")
    max_eps = check_max_eps(args, net.input_max - net.input_min)
    check_maxsat_solver(args.solver, args.encoding)
    common.check_timeout(args.timeout, "--timeout")
    if args.workers < 1:
        raise UsageError(f"--workers must be at least 1, got {args.workers}")
    dataset = common.load_eval_data(args)
    common.check_input_shape(net, dataset.x, dataset.source)
    common.check_labels(net, dataset)
    sha = file_sha256(path)
    jobs, fields = [], {}
    for i in common.select_indices(args, len(dataset)):
        job, fields[i] = minimal_job(net, i, dataset.x[i], int(dataset.y[i]), max_eps, sha, args)
        jobs.append(job)
    originals = {i: dataset.x[i] for i in fields}

    def finish(result: MinimalResult) -> tuple[MinimalResult, dict]:
        assert result.index is not None  # every job has its index
        cex_path = None
        if result.counterexample is not None and outputs.cex_dir:
            cex_path = str(write_cex(outputs.cex_dir, net, originals[result.index], result))
        return result, result.to_result().to_row([sha], cex_path) | fields[result.index]

    results = campaign.run_jobs(task(path), jobs, finish, outputs, None, args.workers, 0,
                                common.Progress)  # fmt: skip
    summary = summarize_minimal(results) | {
        "model": str(path), "model_sha256": sha, "norm": args.norm, "max_eps": max_eps,
        "solver": args.solver, "encoding": args.encoding, "data": dataset.source,
    }  # fmt: skip
    print_summary(summary, args.json)
    return status.EXIT_OK if summary["result"] == "decided" else status.EXIT_UNKNOWN


def check_outputs(args: argparse.Namespace):  # -> campaign.Outputs
    """Every output path, before any work (DESIGN.md section 6)."""
    from bnnverify.campaign import Outputs
    from bnnverify.outputs import check_output_dir, check_output_file

    if args.out:
        check_output_file(args.out, "--out")
    if args.cex_dir:
        check_output_dir(args.cex_dir, "--cex-dir")
    if args.export:
        check_output_dir(args.export, "--export")
    return Outputs(args.out, False, args.cex_dir)


def check_max_eps(args: argparse.Namespace, span: int) -> int | None:
    """--max-eps in [0, span]; its default: MAX_EPS for linf, None (the whole range) for l0."""
    if args.max_eps is None:
        return MAX_EPS if args.norm == "linf" else None
    if not 0 <= args.max_eps <= span:
        raise UsageError(
            f"--max-eps must be an integer in [0, {span}] for this model, got {args.max_eps}"
        )
    return int(args.max_eps)


def task(path: Any):  # -> runner.WorkerTask
    from bnnverify.jobs import load_models
    from bnnverify.minimal import run_minimal_job
    from bnnverify.runner import WorkerTask

    return WorkerTask(load_models, (str(path),), run_minimal_job)


def minimal_job(
    net: Any, index: int, original: Any, label: int, max_eps: int | None, sha: str, args: Any
) -> tuple[Any, dict]:
    """(the worker's job for one input, the row fields that name its query)."""
    from bnnverify.attack import AttackConfig
    from bnnverify.campaign import input_sha256
    from bnnverify.minimal import MinimalConfig, MinimalJob, MinimalQuery

    x0 = net.flatten(original)[0]
    attack = None if args.no_attack else AttackConfig(seed=args.seed)
    config = MinimalConfig(args.solver, args.encoding, args.timeout, attack)
    job = MinimalJob(MinimalQuery(index, x0, label, args.norm, max_eps), config, args.export)
    fields = {
        "property": "minimal", "model_sha256": sha, "index": index, "eps": max_eps,
        "norm": args.norm, "label": label, "targets": None, "input_sha256": input_sha256(x0),
        "solver": args.solver, "encoding": args.encoding, "timeout_s": args.timeout,
        "use_bounds": True, "attack_seed": None if attack is None else args.seed,
        "proof_with": None,
    }  # fmt: skip
    return job, fields


def write_cex(directory: str, net: Any, original: Any, result: Any) -> Any:
    """The counterexample as DIR/<index>.npy and .png, in the shape (and dtype) of the input."""
    from bnnverify.io import write_counterexample

    original = np.asarray(original)
    perturbed = result.counterexample.reshape(original.shape).astype(original.dtype)
    return write_counterexample(
        directory, result.index, original, perturbed, net.input_min, net.input_max
    )


def summarize_minimal(results: Sequence[Any]) -> dict[str, Any]:
    """Counts per minimal distance ("none" when no input of the region is misclassified), the
    open intervals "[lower, upper]" ("?" for no upper) with their reasons, misclassified
    inputs, times. result: "decided" when every checked input is, "open" when some interval
    is, "unknown" when no input was checked."""
    distances: dict[int, int] = {}
    intervals: dict[str, int] = {}
    reasons: dict[str, int] = {}
    for result in results:
        if result.outcome == "optimum":
            distances[result.distance] = distances.get(result.distance, 0) + 1
        elif result.outcome == "open":
            upper = "?" if result.upper is None else result.upper
            key = f"[{result.lower}, {upper}]"
            intervals[key] = intervals.get(key, 0) + 1
            reason = result.reason or "no reason given"
            reasons[reason] = reasons.get(reason, 0) + 1
    counts: dict[str, int] = {str(d): n for d, n in sorted(distances.items())}
    n_none = sum(result.outcome == "none" for result in results)
    if n_none:
        counts["none"] = n_none
    times = [result.time_s for result in results]
    misclassified = sum(result.outcome == "misclassified" for result in results)
    checked = len(results) - misclassified
    n_open = sum(intervals.values())
    return {
        "inputs": len(results), "checked": checked, "misclassified": misclassified,
        "decided": checked - n_open, "open": n_open, "distance_counts": counts,
        "open_intervals": intervals, "open_reasons": reasons,
        "decided_by": {way: sum(r.decided_by == way for r in results if r.outcome == "optimum")
                       for way in ("classifier", "attack", "solver")},
        "median_time_s": round(float(np.median(times)), 6) if times else 0.0,
        "max_time_s": round(max(times), 6) if times else 0.0,
        "total_time_s": round(sum(times), 6),
        "result": "unknown" if not checked else "open" if n_open else "decided",
    }  # fmt: skip


def print_summary(summary: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(summary, sort_keys=True))
        return
    counts = ", ".join(f"{d}: {n}" for d, n in summary["distance_counts"].items()) or "none"
    region = "the whole input range" if summary["max_eps"] is None else (
        f"max eps {summary['max_eps']}")  # fmt: skip
    print(f"model:     {summary['model']}")
    print(
        f"inputs:    {summary['inputs']} ({summary['norm']}, {region}, {summary['solver']}, "
        f"{summary['encoding']}); {summary['misclassified']} misclassified"
    )
    print(f"distance:  {counts}")
    if summary["open"]:
        intervals = ", ".join(f"{k} {n}" for k, n in summary["open_intervals"].items())
        reasons = ", ".join(f"{k} {n}" for k, n in sorted(summary["open_reasons"].items()))
        print(f"open:      {summary['open']} intervals [lower, upper]: {intervals} ({reasons})")
    ways = ", ".join(f"{way} {n}" for way, n in summary["decided_by"].items())
    print(f"optimum:   decided by {ways}")
    print(
        f"time:      median {summary['median_time_s']:.4f} s, max {summary['max_time_s']:.4f} s,"
        f" total {summary['total_time_s']:.2f} s"
    )
    print(f"result: {summary['result']}")
