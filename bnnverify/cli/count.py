"""`bnnverify count`: how many inputs of each eps-ball the model misclassifies (DESIGN.md
section 3), or, with --other B, on how many the two models' predictions differ.

Each query is checked first (the verdict, with a replayed counterexample), then counted with
--method (bnnverify.count): enumerate, exact (Ganak), approx (ApproxMC, --epsilon / --delta)
or auto. One row per query in --out (JSON Lines, property "count"), a line per query and a
summary on stdout (one JSON object with --json). Exit status as for check: 0 every count is
0, 1 some input violates, 3 some query undecided and none violated, 2 error.
"""

from __future__ import annotations

import argparse
import json

from bnnverify import defaults, status
from bnnverify.cli import common
from bnnverify.errors import UsageError

METHODS = ("auto", "enumerate", "exact", "approx")  # bnnverify.count.METHODS (not imported)
ROW_FIELDS = ("index", "count", "region_size", "fraction", "method", "guarantee", "verdict",
              "time_s", "reason", "count_reason")  # fmt: skip


def add_parser(commands: argparse._SubParsersAction) -> None:
    count = commands.add_parser(
        "count",
        help="count the inputs of each eps-ball that violate robustness (or, with --other, "
        "on which two models disagree)",
        epilog=common.EPILOG,
    )
    common.add_region_options(count)
    count.add_argument("--other", help="the second model: count the inputs where they disagree")
    count.add_argument(
        "--method",
        choices=METHODS,
        default="auto",
        help="enumerate (every point, small regions), exact (Ganak), approx (ApproxMC) or auto "
        "(enumerate when small, else exact within --timeout, else approx; default auto)",
    )
    count.add_argument(
        "--epsilon",
        type=float,
        default=0.8,
        help="approx: the count lies within a factor 1 + epsilon (default 0.8) ...",
    )
    count.add_argument(
        "--delta",
        type=float,
        default=0.2,
        help="... with probability at least 1 - delta (default 0.2)",
    )
    count.add_argument("--seed", type=int, default=defaults.ATTACK_SEED, help="approx and attack")
    count.add_argument(
        "--timeout",
        type=float,
        default=defaults.TIMEOUT_S,
        help=f"seconds for the check and for each counter run (default {defaults.TIMEOUT_S:g})",
    )
    count.add_argument("--out", help="results file (JSON Lines), one row per query")
    count.add_argument("--json", action="store_true", help="print one JSON summary")


def run(args: argparse.Namespace) -> int:
    from bnnverify.campaign import input_sha256, model_shas
    from bnnverify.count import CountConfig, count_region, counted_property
    from bnnverify.io import load_network
    from bnnverify.outputs import ResultsWriter, check_output_file
    from bnnverify.properties.base import Model
    from bnnverify.properties.equivalence import check_comparable
    from bnnverify.regions import linf_ball
    from bnnverify.results import summarize

    if args.out:
        check_output_file(args.out, "--out")
    if args.other and args.target:
        raise UsageError("--target applies to robustness only, not to --other")
    common.check_timeout(args.timeout, "--timeout")
    config = CountConfig(args.method, args.epsilon, args.delta, args.seed, args.timeout)
    paths = [common.model_path(args.model)] + (
        [common.model_path(args.other)] if args.other else []
    )
    nets = [load_network(path) for path in paths]
    if len(nets) == 2:
        check_comparable(*nets)
    eps = common.radius(nets[0], args.eps)
    dataset = common.load_eval_data(args)
    common.check_input_shape(nets[0], dataset.x, dataset.source)
    if not args.other:
        common.check_labels(nets[0], dataset)
    targets = common.parse_targets(args.target, nets[0].n_classes)
    indices = common.select_indices(args, len(dataset))
    models, shas = [Model.of(net) for net in nets], model_shas(paths)
    results, rows = [], []
    progress = common.Progress(len(indices))
    with ResultsWriter(args.out) as writer:
        for i in indices:
            x0 = nets[0].flatten(dataset.x[i])[0]
            label = None if args.other else int(dataset.y[i])
            prop = counted_property(models, label, targets)
            result = count_region(prop, linf_ball(x0, eps), config, i)
            row = result.to_row(shas, None) | {
                "label": label, "targets": None if targets is None else list(targets),
                "input_sha256": input_sha256(x0), "timeout_s": args.timeout,
                "attack_seed": args.seed,
            }  # fmt: skip
            writer.write(row)
            results.append(result)
            rows.append(row)
            progress.update(result.verdict.value)
    progress.close()
    summary = summarize(results) | {
        "model": str(paths[0]), "other": str(paths[1]) if args.other else None, "eps": eps,
        "method": args.method, "counts": [{name: row[name] for name in ROW_FIELDS} for row in rows],
    }  # fmt: skip
    print_summary(summary, args.json)
    return status.exit_status(summary["result"])


def print_summary(summary: dict, as_json: bool) -> None:
    from bnnverify.count import format_count

    if as_json:
        print(json.dumps(summary, sort_keys=True))
        return
    models = summary["model"] + (f" vs {summary['other']}" if summary["other"] else "")
    print(f"model:     {models}")
    print(f"queries:   {summary['queries']} at eps {summary['eps']} (method {summary['method']})")
    for row in summary["counts"]:
        print(f"index {row['index']}:  {count_line(row, format_count)}")
    counts = ", ".join(f"{name} {n}" for name, n in summary["verdicts"].items() if n)
    print(f"verdicts:  {counts}")
    print(f"time:      max {summary['max_time_s']:.2f} s, total {summary['total_time_s']:.2f} s")
    print(f"result: {summary['result']}")


def count_line(row: dict, format_count) -> str:
    """'12 of 4096 inputs (0.293%), exact, 0.51 s, violated', or why there is no count."""
    if row["count"] is None:
        why = row["count_reason"] or "not counted"
        return f"no count ({why}, method {row['method']}), {row['verdict']}, {row['time_s']:.2f} s"
    guarantee = row["guarantee"]
    approx = "~" if guarantee else ""
    method = row["method"]
    if guarantee:
        method += f" (within a factor 1 + {guarantee['epsilon']:g} with probability >= "
        method += f"{1 - guarantee['delta']:g})"
    return (
        f"{approx}{format_count(row['count'])} of {format_count(row['region_size'])} inputs "
        f"({100 * row['fraction']:.3g}%), {method}, {row['time_s']:.2f} s, {row['verdict']}"
    )
