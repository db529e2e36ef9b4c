"""`bnnverify radius`: per input, the largest L-infinity eps <= --max-eps for which robustness
holds (bnnverify.radius: one encoding, searched under assumptions), with the counterexample at
the smallest violated eps, or the interval still open when --timeout (per input) ran out.

Each input runs in a worker process (campaign.run_jobs), its row written as it finishes: a row
of `check` at eps = --max-eps (property "radius", verdict = robustness at --max-eps) plus
`radius`, `upper`, `solve_calls` and `encoded_eps`. Exit status: 0 when every checked input has
its radius decided, 3 when some interval is open (or no input was checked); misclassified
inputs are counted, never searched.
"""

from __future__ import annotations

import argparse
import functools
import json
from collections.abc import Sequence
from typing import Any

import numpy as np

from bnnverify import defaults, status
from bnnverify.cli import common
from bnnverify.errors import UsageError

EPILOG = (
    f"exit status: {status.EXIT_OK} every radius decided, {status.EXIT_ERROR} error, "
    f"{status.EXIT_UNKNOWN} some interval open (budget ran out) or no input checked"
)


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "radius", help="the maximal robust L-infinity radius of each input", epilog=EPILOG
    )
    common.add_model_option(parser)
    parser.add_argument(
        "--max-eps",
        type=int,
        default=defaults.RADIUS_MAX_EPS,
        help=f"largest L-infinity radius searched, in input units (default "
        f"{defaults.RADIUS_MAX_EPS})",
    )
    common.add_selection_options(parser)
    parser.add_argument(
        "--solver",
        default=defaults.RADIUS_SOLVER,
        help="a solver that takes assumptions; python-sat ones and z3 keep their state between "
        f"calls (default {defaults.RADIUS_SOLVER})",
    )
    parser.add_argument(
        "--encoding",
        default=None,
        help=f"cardinality encoding (default {defaults.RADIUS_ENCODING}; not with z3 or cpsat)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=defaults.TIMEOUT_S,
        help=f"seconds per input for the whole search (default {defaults.TIMEOUT_S:g})",
    )
    parser.add_argument("--workers", type=int, default=defaults.WORKERS, help="processes")
    parser.add_argument("--no-attack", action="store_true", help="skip cheap falsification")
    parser.add_argument("--seed", type=int, default=defaults.ATTACK_SEED, help="seed of the attack")
    parser.add_argument("--out", help="results file (JSON Lines), one row per input")
    parser.add_argument(
        "--resume", action="store_true", help="append to --out, skipping the inputs it records"
    )
    parser.add_argument("--cex-dir", help="counterexamples at upper (<index>.npy, .png)")
    parser.add_argument("--json", action="store_true", help="print one JSON summary")


def run(args: argparse.Namespace) -> int:
    from bnnverify import campaign
    from bnnverify.backends import encoding_name
    from bnnverify.radius import RadiusResult

    outputs = check_outputs(args)
    path, sha, net, config, source, queries = load_queries(args)
    recorded, resume_at, left = campaign.split_recorded(outputs, queries)
    by_index = {query.job.index: query for query in left}

    def finish(result: RadiusResult) -> tuple[RadiusResult, dict]:
        query = by_index[result.index]
        cex_path = None
        if result.counterexample is not None and outputs.cex_dir:
            cex_path = str(campaign.write_cex(outputs.cex_dir, net, query, result.counterexample))
        return result, result.to_result().to_row([sha], cex_path) | query.fields

    results = [RadiusResult.from_row(row) for row in recorded]
    results += campaign.run_jobs(task(path), [q.job for q in left], finish, outputs, resume_at,
                                 args.workers, len(recorded), common.Progress)  # fmt: skip
    summary = summarize_radii(results) | {
        "model": str(path), "model_sha256": sha, "max_eps": args.max_eps, "solver": config.solver,
        "encoding": encoding_name(config.solver, config.encoding), "data": source,
        "resumed": len(recorded),
    }  # fmt: skip
    print_summary(summary, args.json)
    return status.EXIT_OK if summary["result"] == "decided" else status.EXIT_UNKNOWN


def load_queries(args: argparse.Namespace) -> tuple:
    """(model path, its sha256, network, CheckConfig, data source, campaign queries) from the
    options, each checked before any work."""
    from bnnverify.backends import takes_encoding
    from bnnverify.io import file_sha256, load_network

    path = common.model_path(args.model)
    net = load_network(path)
    if net.real:
        raise UsageError("radius searches integer eps-balls; a model with real inputs has none")
    span = net.input_max - net.input_min
    if not 0 <= args.max_eps <= span:
        raise UsageError(f"--max-eps must be an integer in [0, {span}] for this model, got "
                         f"{args.max_eps}")  # fmt: skip
    if args.encoding is not None and not takes_encoding(args.solver):
        raise UsageError(f"--encoding does not apply to --solver {args.solver}")
    encoding = defaults.RADIUS_ENCODING if args.encoding is None else args.encoding
    config = common.check_config(args, args.solver, encoding)
    common.check_timeout(args.timeout, "--timeout")
    if args.workers < 1:
        raise UsageError(f"--workers must be at least 1, got {args.workers}")
    dataset = common.load_eval_data(args)
    common.check_input_shape(net, dataset.x, dataset.source)
    common.check_labels(net, dataset)
    targets = common.parse_targets(args.target, net.n_classes)
    sha = file_sha256(path)
    queries = [
        radius_query(net, i, dataset.x[i], int(dataset.y[i]), args.max_eps, targets, sha, config)
        for i in common.select_indices(args, len(dataset))
    ]
    return path, sha, net, config, dataset.source, queries


def task(path: Any):  # -> runner.WorkerTask
    from bnnverify.jobs import load_models
    from bnnverify.radius import run_radius_job
    from bnnverify.runner import WorkerTask

    return WorkerTask(load_models, (str(path),), run_radius_job)


def radius_query(
    net: Any, index: int, original: Any, label: int, max_eps: int, targets: Any, sha: str, config
):  # -> campaign.Query
    """The campaign query of one input: its max_eps-ball, searched by bnnverify.radius."""
    from bnnverify import campaign
    from bnnverify.jobs import Job
    from bnnverify.properties.robustness import Robustness
    from bnnverify.regions import linf_ball

    x0 = net.flatten(original)[0]
    bind = functools.partial(Robustness.bind, label=label, targets=targets)
    job = Job(bind, linf_ball(x0, max_eps), config, index)
    fields = {
        "property": "radius", "model_sha256": sha, "index": index, "eps": max_eps,
        "label": label, "targets": None if targets is None else list(targets),
        "input_sha256": campaign.input_sha256(x0), **campaign.config_fields(config),
        "proof_with": None, "search": defaults.RADIUS_SEARCH,
    }  # fmt: skip
    return campaign.Query(job, fields, original, str(index))


def check_outputs(args: argparse.Namespace):  # -> campaign.Outputs
    """Every output path, before any work (DESIGN.md section 6)."""
    from bnnverify.campaign import Outputs
    from bnnverify.outputs import check_output_dir, check_output_file

    if args.resume and not args.out:
        raise UsageError("--resume needs --out FILE (the results file to resume)")
    if args.out:
        check_output_file(args.out, "--out")
    if args.cex_dir:
        check_output_dir(args.cex_dir, "--cex-dir")
    return Outputs(args.out, args.resume, args.cex_dir)


def print_summary(summary: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(summary, sort_keys=True))
        return
    counts = ", ".join(f"{eps}: {n}" for eps, n in summary["radius_counts"].items()) or "none"
    print(f"model:     {summary['model']}")
    print(
        f"inputs:    {summary['inputs']} (max eps {summary['max_eps']}, {summary['solver']}, "
        f"{summary['encoding']}); {summary['misclassified']} misclassified"
    )
    print(f"radius:    {counts}")
    if summary["open"]:
        intervals = ", ".join(f"{k} {n}" for k, n in summary["open_intervals"].items())
        reasons = ", ".join(f"{k} {n}" for k, n in sorted(summary["open_reasons"].items()))
        print(f"open:      {summary['open']} inputs, radius within {intervals} ({reasons})")
    print(
        f"attack:    found {summary['decided_by_attack']} of the "
        f"{summary['with_counterexample']} counterexamples at upper"
    )
    print(
        f"time:      median {summary['median_time_s']:.4f} s, max {summary['max_time_s']:.4f} s,"
        f" total {summary['total_time_s']:.2f} s; {summary['solve_calls']} solver calls"
    )
    print(f"result: {summary['result']}")


def summarize_radii(results: Sequence[Any]) -> dict[str, Any]:
    """Counts per radius (decided inputs; ">=E" when robust up to max_eps E, "none" when x0
    itself violates), the open ones as "a..b" (the radius lies in [a, b]: a proven, b + 1
    refuted or b = max_eps) with their reasons, misclassified inputs, times and solver calls.
    result: "decided" when every checked input is, "open" when some interval is, "unknown"
    when no input was checked."""
    radii: dict[tuple[int, str], int] = {}  # (sort order, key) -> count
    intervals: dict[str, int] = {}
    reasons: dict[str, int] = {}
    for result in results:
        if result.is_misclassified:
            continue
        if result.is_open:
            last = result.max_eps if result.upper is None else result.upper - 1
            key = f"{result.radius}..{last}"
            intervals[key] = intervals.get(key, 0) + 1
            reason = result.reason or "no reason given"
            reasons[reason] = reasons.get(reason, 0) + 1
        else:
            order = _radius_key(result)
            radii[order] = radii.get(order, 0) + 1
    counts = {key: n for (_, key), n in sorted(radii.items())}
    times = [result.time_s for result in results]
    misclassified = sum(result.is_misclassified for result in results)
    checked = len(results) - misclassified
    n_open = sum(intervals.values())
    return {
        "inputs": len(results), "checked": checked, "misclassified": misclassified,
        "decided": checked - n_open, "open": n_open, "radius_counts": counts,
        "open_intervals": intervals, "open_reasons": reasons,
        "with_counterexample": sum(r.upper is not None for r in results),
        "decided_by_attack": sum(r.decided_by == "attack" for r in results),
        "solve_calls": sum(r.solve_calls for r in results),
        "median_time_s": round(float(np.median(times)), 6) if times else 0.0,
        "max_time_s": round(max(times), 6) if times else 0.0,
        "total_time_s": round(sum(times), 6),
        "result": "unknown" if not checked else "open" if n_open else "decided",
    }  # fmt: skip


def _radius_key(result: Any) -> tuple[int, str]:
    """(sort order, key) of a decided radius: "none", "0", "1", ..., ">=max_eps"."""
    if result.radius is None:
        return -1, "none"
    if result.upper is None:  # robust on the whole ball of max_eps
        return result.radius, f">={result.radius}"
    return result.radius, str(result.radius)
