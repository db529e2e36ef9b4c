"""`bnnverify check`: options -> queries and configuration -> campaign -> summary, exit status.

--property robustness: the eps-ball around each selected input keeps its label (against every
class, or the --target classes); with --l0 K the region is the L0 ball instead: at most K inputs
differ from the selected one, each anywhere in the input range (or within --eps of it).
--property equivalence --other B: the two models predict alike on the whole input space, or,
with --eps, on the eps-ball around each selected input (labels are not used). The campaign
(bnnverify.campaign) runs the queries and writes the rows.
--vnnlib SPEC: one VNN-LIB property on --model (an .npz or an ONNX file), run in this process.

Over 300 lines: the three ways of running check share their options and outputs here.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from bnnverify import defaults
from bnnverify import status
from bnnverify.cli import common
from bnnverify.errors import UsageError

if TYPE_CHECKING:
    from bnnverify.model import BinaryNetwork
    from bnnverify.properties.robustness import RobustnessQuery
    from bnnverify.verify import CheckConfig


def add_parser(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser(
        "check", help="decide a property (robustness, equivalence)", epilog=common.EPILOG
    )
    check.add_argument("--property", choices=("robustness", "equivalence"), default="robustness")
    check.add_argument("--other", help="the second model (equivalence)")
    check.add_argument(
        "--vnnlib",
        metavar="SPEC",
        help="decide one VNN-LIB property (.vnnlib or .vnnlib.gz: its box and output "
        "condition) on --model (a .npz, or an ONNX file converted exactly on the fly)",
    )
    common.add_region_options(check)
    check.add_argument(
        "--l0",
        type=int,
        default=None,
        metavar="K",
        help="robustness on the L0 ball: at most K inputs differ from the input, each anywhere "
        "in the input range (within --eps of it when --eps is given)",
    )
    check.add_argument(
        "--solver",
        default=defaults.SOLVER,
        help=f"portfolio, a python-sat solver name, z3 or cpsat (default {defaults.SOLVER})",
    )
    check.add_argument(
        "--encoding",
        default=None,  # None: not given (z3 / cpsat refuse one)
        help="native, seqcounter, totalizer, totalizer2, mtotalizer, kmtotalizer, "
        f"cardnetwork or sortnetwork (default {defaults.ENCODING}; not with z3 or "
        "cpsat, which read the constraints natively)",
    )
    check.add_argument(
        "--timeout",
        type=float,
        default=defaults.TIMEOUT_S,
        help=f"seconds per query; past it the verdict is unknown (default {defaults.TIMEOUT_S:g})",
    )
    check.add_argument(
        "--workers",
        type=int,
        default=defaults.WORKERS,
        help=f"processes (default {defaults.WORKERS})",
    )
    check.add_argument("--no-attack", action="store_true", help="skip cheap falsification")
    check.add_argument(
        "--no-bounds",
        action="store_true",
        help="encode every neuron (no interval fixing); for baselines",
    )
    check.add_argument("--seed", type=int, default=defaults.ATTACK_SEED, help="seed of the attack")
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
        default=defaults.PROOF_SOLVER,
        help=f"DRAT-logging solver for --proof (default {defaults.PROOF_SOLVER})",
    )
    check.add_argument(
        "--proof-encoding",
        default=defaults.PROOF_ENCODING,
        help=f"clause encoding for --proof (default {defaults.PROOF_ENCODING})",
    )


def run(args: argparse.Namespace) -> int:
    common.check_one_model(args)
    if args.l0 is not None and (args.vnnlib or args.property != "robustness"):
        raise UsageError(
            "--l0 applies to --property robustness on inputs only (not with --vnnlib, whose "
            "spec gives the region, nor with --property equivalence)"
        )
    if args.vnnlib:
        return run_vnnlib(args)
    if args.property == "equivalence":
        return run_equivalence(args)
    return run_robustness(args)


def run_vnnlib(args: argparse.Namespace) -> int:
    """One query: the spec's box and robustness condition on the model (bnnverify.instances);
    --out gets its row, --cex-dir the counterexample (VNN-LIB order, real values, .npy)."""
    from dataclasses import replace

    import numpy as np

    from bnnverify.attack import LONG_ATTACK
    from bnnverify.imports.vnnlib import read_vnnlib
    from bnnverify.instances import answer_instance, load_model
    from bnnverify.io import file_sha256

    if args.property != "robustness" or args.eps is not None or args.resume:
        raise UsageError("--vnnlib takes robustness only, without --eps and --resume")
    outputs = check_outputs(args)
    config, _ = build_config(args)
    if config.attack is not None:  # one query with a long budget: the longer attack pays
        config = replace(config, attack=replace(LONG_ATTACK, seed=args.seed))
    path = common.model_path(args.model)
    spec = read_vnnlib(args.vnnlib)
    answer, line = answer_instance(load_model(path, spec), spec, path, config)
    result, cex = answer.result, None
    assert result is not None
    if answer.x is not None and outputs.cex_dir:  # a confirmed witness, VNN-LIB order
        Path(outputs.cex_dir).mkdir(parents=True, exist_ok=True)
        cex = str(Path(outputs.cex_dir) / "0.npy")
        np.save(cex, answer.x)
    row = result.to_row([file_sha256(path)], cex) | {"vnnlib": str(args.vnnlib)}
    if outputs.results:
        Path(outputs.results).write_text(json.dumps(row, sort_keys=True) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(row, sort_keys=True))
    else:
        print(f"{path.name} / {Path(args.vnnlib).name}: {line}")
    return status.exit_status(result.verdict.value)


def run_robustness(args: argparse.Namespace) -> int:
    from bnnverify import campaign
    from bnnverify.backends import encoding_name
    from bnnverify.io import file_sha256, load_network

    outputs = check_outputs(args)
    model_path = common.model_path(args.model)
    net = load_network(model_path)
    eps = region_eps(net, args)
    config, workers = build_config(args)
    dataset = common.load_eval_data(args)
    common.check_input_shape(net, dataset.x, dataset.source)
    common.check_labels(net, dataset)
    targets = common.parse_targets(args.target, net.n_classes)
    indices = common.select_indices(args, len(dataset))
    proof = None
    if args.proof:
        proof = campaign.ProofOptions(args.proof_solver, args.proof_encoding, args.proof)
        campaign.check_proof_options(proof)
    sha = file_sha256(model_path)
    if args.l0 is None:
        assert eps is not None  # region_eps: an L-infinity ball always has one
        checked = common.robustness_queries(net, dataset, indices, eps, targets)
    else:
        checked = l0_queries(net, dataset, indices, args.l0, eps, targets)
    queries = [
        campaign.robustness_query(query, dataset.x[query.index], sha, config, proof)
        for query in checked
    ]
    outcome = campaign.run_campaign([model_path], net, queries, outputs, workers, common.Progress)
    summary = outcome.summary | {
        "model": str(model_path), "model_sha256": outcome.model_sha256, "eps": eps,
        "l0": args.l0, "solver": config.solver,
        "encoding": encoding_name(config.solver, config.encoding), "data": dataset.source,
    }  # fmt: skip
    print_summary(summary, args.json)
    return status.exit_status(summary["result"])


def run_equivalence(args: argparse.Namespace) -> int:
    from bnnverify import campaign
    from bnnverify.io import load_network
    from bnnverify.properties.equivalence import check_comparable

    outputs = check_outputs(args)
    common.check_equivalence_options(args)
    path_a, path_b = common.model_path(args.model), Path(args.other)
    net_a, net_b = load_network(path_a), load_network(path_b)
    check_comparable(net_a, net_b)
    config, workers = build_config(args)
    shas = campaign.model_shas([path_a, path_b])
    if args.eps is None:
        queries = [campaign.equivalence_query(net_a, None, None, None, shas, config)]
    else:
        eps = common.radius(net_a, args.eps)
        dataset = common.load_eval_data(args)
        common.check_input_shape(net_a, dataset.x, dataset.source)
        queries = [
            campaign.equivalence_query(net_a, i, eps, dataset.x[i], shas, config)
            for i in common.select_indices(args, len(dataset))
        ]
    outcome = campaign.run_campaign(
        [path_a, path_b], net_a, queries, outputs, workers, common.Progress
    )
    summary = outcome.summary | {
        "model": str(path_a), "other": str(path_b), "eps": args.eps, "solver": config.solver,
        "encoding": config.encoding,
        "region": "whole input space" if args.eps is None else f"eps-balls, eps {args.eps}",
    }  # fmt: skip
    print_equivalence_summary(summary, args.json)
    return status.exit_status(summary["result"])


def region_eps(net: BinaryNetwork, args: argparse.Namespace) -> int | None:
    """The eps of the regions: --eps (default defaults.EPS) for L-infinity balls; with --l0 K
    (an integer in [1, n_inputs], integer inputs only) --eps or None (any value)."""
    from bnnverify.regions import validate_l0

    if args.l0 is None:
        return common.radius(net, args.eps)
    if net.real:
        raise UsageError(
            "--l0 balls on a model with real inputs are not supported yet; give its box "
            "with --vnnlib SPEC"
        )
    validate_l0(net, args.l0)
    return None if args.eps is None else common.radius(net, args.eps)


def l0_queries(
    net: BinaryNetwork, dataset, indices: list[int], k: int, eps: int | None, targets
) -> list[RobustnessQuery]:
    """The L0 ball of budget k (within eps when given) around each selected input keeps its
    label."""
    from bnnverify.properties.robustness import RobustnessQuery

    return [
        RobustnessQuery(index=i, x0=net.flatten(dataset.x[i])[0], label=int(dataset.y[i]),
                        eps=eps, targets=targets, l0=k)
        for i in indices
    ]  # fmt: skip


def build_config(args: argparse.Namespace) -> tuple[CheckConfig, int]:
    """(the verifier's configuration, the number of worker processes)."""
    from bnnverify.backends import takes_encoding

    if args.encoding is not None and not takes_encoding(args.solver):
        raise UsageError(
            f"--encoding does not apply to --solver {args.solver}, which reads the "
            "cardinality constraints natively"
        )
    encoding = defaults.ENCODING if args.encoding is None else args.encoding
    config = common.check_config(args, args.solver, encoding, use_bounds=not args.no_bounds)
    common.check_timeout(args.timeout, "--timeout")
    return config, worker_count(args.workers)  # capped to the cores, with a warning


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


def check_outputs(args: argparse.Namespace):  # -> campaign.Outputs
    """Every output path of check, before any work (DESIGN.md section 6)."""
    from bnnverify.campaign import Outputs
    from bnnverify.outputs import check_output_dir, check_output_file

    if args.resume and not args.out:
        raise UsageError("--resume needs --out FILE (the results file to resume)")
    if args.out:
        check_output_file(args.out, "--out")
    if args.cex_dir:
        check_output_dir(args.cex_dir, "--cex-dir")
    if args.proof:
        check_output_dir(args.proof, "--proof")
    return Outputs(args.out, args.resume, args.cex_dir)


def print_summary(summary: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(summary, sort_keys=True))
        return
    counts = ", ".join(f"{name} {count}" for name, count in summary["verdicts"].items())
    print(f"model:     {summary['model']}")
    print(
        f"queries:   {summary['queries']} at {region_line(summary)} "
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


def region_line(summary: dict) -> str:
    """'eps 2', 'L0 budget 3 (any value)' or 'L0 budget 3 within eps 10'."""
    if summary.get("l0") is None:
        return f"eps {summary['eps']}"
    within = "(any value)" if summary["eps"] is None else f"within eps {summary['eps']}"
    return f"L0 budget {summary['l0']} {within}"


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
