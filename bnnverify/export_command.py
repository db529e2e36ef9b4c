"""`bnnverify export` and `bnnverify certify`: options -> typed queries -> export / certify.

Registered by cli.build_parser through add_export_parsers(commands, add_data_options).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from bnnverify.commands import DEFAULT_PROOF_ENCODING
from bnnverify.errors import UsageError

DEFAULT_TIMEOUT_S = 60.0
# bnnverify.export.FORMATS, repeated so that --help loads no solver (tests/test_cli.py)
EXPORT_FORMATS = ("dimacs", "opb", "smt2")


def _add_region_options(parser: argparse.ArgumentParser, add_data_options: Callable) -> None:
    from bnnverify.commands import add_region_options

    add_region_options(parser, add_data_options)
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT_S,
        help=f"solver seconds per query (default {DEFAULT_TIMEOUT_S:g})",
    )
    parser.add_argument("--no-attack", action="store_true", help="skip cheap falsification")
    parser.add_argument("--seed", type=int, default=0, help="seed of the attack")


def add_export_parsers(commands, add_data_options: Callable) -> None:
    from bnnverify.cli import EPILOG
    from bnnverify.proofs import CHECKERS

    export = commands.add_parser(
        "export", help="write queries as DIMACS / OPB / SMT-LIB 2 instances plus a manifest",
        epilog="an instance is satisfiable iff the property is violated; "
        "encodings/FORMATS.md describes the files",
    )  # fmt: skip
    export.add_argument("--property", choices=("robustness", "equivalence"), default="robustness")
    export.add_argument(
        "--other",
        help="the second model (equivalence); without --eps the region is the whole input space",
    )
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    export.add_argument("--out", required=True, help="directory for the instances + manifest")
    export.add_argument(
        "--encoding", default=None, help="clause encoding for --format dimacs (default totalizer)"
    )
    export.add_argument(
        "--solver",
        default="cadical195",
        help="solver filling the manifest's expected verdicts (default cadical195)",
    )
    export.add_argument(
        "--no-verdicts",
        action="store_true",
        help="do not run the verifier; expected verdicts stay unknown",
    )
    _add_region_options(export, add_data_options)
    export.set_defaults(run=run_export)

    certify = commands.add_parser(
        "certify", help="check robustness and back every holds with a checked DRAT proof",
        epilog=f"{EPILOG} (3 also when a holds verdict lacks a checked proof)",
    )  # fmt: skip
    certify.add_argument("--out", required=True, help="report directory")
    certify.add_argument(
        "--solver",
        default="cadical195",
        help="a DRAT-logging python-sat solver (default cadical195)",
    )
    certify.add_argument(
        "--encoding",
        default=DEFAULT_PROOF_ENCODING,
        help=f"a clause encoding (default {DEFAULT_PROOF_ENCODING})",
    )
    certify.add_argument(
        "--checker",
        choices=CHECKERS,
        default="auto",
        help="auto: drat-trim when on PATH, else dratify",
    )
    certify.add_argument(
        "--check-timeout", type=float, default=None, help="seconds per proof check (default: none)"
    )
    certify.add_argument("--json", action="store_true", help="print one JSON summary")
    _add_region_options(certify, add_data_options)
    certify.set_defaults(run=run_certify)


def _load(args: argparse.Namespace):
    """(model path, network, dataset, query indices, eps, targets) from the region options."""
    from bnnverify.cli import check_input_shape, check_labels, default_model_path, load_eval_data
    from bnnverify.commands import DEFAULT_EPS, check_timeout, parse_targets, select_indices
    from bnnverify.io import load_network
    from bnnverify.verify import validate_eps

    model_path = Path(args.model) if args.model else default_model_path()
    net = load_network(model_path)
    eps = DEFAULT_EPS if args.eps is None else args.eps
    validate_eps(net, eps)
    check_timeout(args.timeout, "--timeout")
    dataset = load_eval_data(args)
    check_input_shape(net, dataset.x, dataset.source)
    check_labels(net, dataset)
    targets = parse_targets(args.target, net.n_classes)
    return model_path, net, dataset, select_indices(args, len(dataset)), eps, targets


def _check_config(args: argparse.Namespace, solver: str, encoding: str):
    from bnnverify.attack import AttackConfig
    from bnnverify.solvers import check_solver
    from bnnverify.verify import CheckConfig

    check_solver(solver, encoding)
    attack = None if args.no_attack else AttackConfig(seed=args.seed)
    return CheckConfig(solver=solver, encoding=encoding, timeout_s=args.timeout, attack=attack)


def run_export(args: argparse.Namespace) -> int:
    from bnnverify.export import ExportQuery, ExportSettings, ModelInfo, export_robustness
    from bnnverify.io import file_sha256
    from bnnverify.outputs import check_output_dir

    check_output_dir(args.out, "--out")
    if args.encoding is not None and args.format != "dimacs":
        raise UsageError(f"--encoding applies to --format dimacs only (got --format {args.format})")
    encoding = args.encoding or "totalizer"
    if args.property != "equivalence" and args.other:
        raise UsageError(
            "--other names the second model of --property equivalence; "
            f"--property {args.property} takes one model"
        )
    if args.property == "equivalence":
        return run_export_equivalence(args, encoding)
    model_path, net, dataset, indices, eps, targets = _load(args)
    verdicts = (
        None
        if args.no_verdicts
        else _check_config(args, args.solver, "totalizer" if encoding == "native" else encoding)
    )
    settings = ExportSettings(fmt=args.format, encoding=encoding, verdicts=verdicts)
    queries = [
        ExportQuery(index=i, x0=net.flatten(dataset.x[i])[0], label=int(dataset.y[i]), eps=eps,
                    targets=targets)
        for i in indices
    ]  # fmt: skip
    model = ModelInfo(model_path.name, file_sha256(model_path), dataset.source)
    manifest = export_robustness(net, queries, settings, args.out, model,
                                 progress=lambda line: print(line, file=sys.stderr))  # fmt: skip
    written = [q for q in manifest["queries"] if q["file"]]
    n_misclassified = sum(
        q.get("skipped", "").startswith("misclassified") for q in manifest["queries"]
    )
    n_only_target = len(manifest["queries"]) - len(written) - n_misclassified
    print(
        f"wrote {len(written)} {args.format} instances and manifest.json to {args.out} "
        f"({n_misclassified} misclassified inputs skipped"
        + (f", {n_only_target} whose label is the only target" if n_only_target else "")
        + ")"
    )
    return 0


def run_export_equivalence(args: argparse.Namespace, encoding: str) -> int:
    from bnnverify.bounds import linf_box, whole_space
    from bnnverify.cli import default_model_path
    from bnnverify.equivalence import check_comparable
    from bnnverify.export import ExportSettings, ModelInfo
    from bnnverify.export_equivalence import Region, export_equivalence
    from bnnverify.io import file_sha256, load_network

    if not args.other:
        raise UsageError("--property equivalence needs --other MODEL (the second model)")
    if args.eps is None:
        model_path = Path(args.model) if args.model else default_model_path()
        net = load_network(model_path)
        regions = [Region(None, None, whole_space(net))]
        data = "whole input space"
    else:
        model_path, net, dataset, indices, eps, _ = _load(args)
        regions = [
            Region(i, eps, linf_box(net, net.flatten(dataset.x[i])[0], eps)) for i in indices
        ]
        data = dataset.source
    other_path = Path(args.other)
    other = load_network(other_path)
    check_comparable(net, other)
    verdicts = (
        None
        if args.no_verdicts
        else _check_config(args, args.solver, "totalizer" if encoding == "native" else encoding)
    )
    settings = ExportSettings(fmt=args.format, encoding=encoding, verdicts=verdicts)
    models = (
        ModelInfo(model_path.name, file_sha256(model_path), data),
        ModelInfo(other_path.name, file_sha256(other_path), data),
    )
    manifest = export_equivalence(
        net,
        other,
        regions,
        settings,
        args.out,
        models,
        progress=lambda line: print(line, file=sys.stderr),
    )
    print(
        f"wrote {len(manifest['queries'])} {args.format} equivalence instances and "
        f"manifest.json to {args.out}"
    )
    return 0


def run_certify(args: argparse.Namespace) -> int:
    from bnnverify.certify import CertifyConfig, Region, certify
    from bnnverify.commands import check_timeout
    from bnnverify.io import file_sha256
    from bnnverify.proofs import check_proof_solver
    from bnnverify.outputs import check_output_dir
    from bnnverify.verify import RobustnessQuery

    check_output_dir(args.out, "--out")
    check_proof_solver(args.solver)
    if args.encoding == "native":
        raise UsageError("certify needs a clause encoding: 'native' AtMost constraints are no CNF")
    check_timeout(args.check_timeout, "--check-timeout")
    model_path, net, dataset, indices, eps, targets = _load(args)
    config = CertifyConfig(_check_config(args, args.solver, args.encoding), args.checker,
                           args.check_timeout)  # fmt: skip
    queries = [
        RobustnessQuery(index=i, x0=net.flatten(dataset.x[i])[0], label=int(dataset.y[i]),
                        eps=eps, targets=targets)
        for i in indices
    ]  # fmt: skip
    region = Region(str(model_path), file_sha256(model_path), dataset.source, eps,
                    net.input_min, net.input_max, targets)  # fmt: skip

    def progress(row: dict) -> None:
        proof = row["proof"]
        detail = "" if proof is None else f", proof {proof['status']}, checked {proof['checked']}"
        print(f"[{row['index']}] {row['verdict']}{detail}", file=sys.stderr)

    report = certify(net, queries, [dataset.x[i] for i in indices], config, region, args.out,
                     progress)  # fmt: skip
    summary = report["summary"]
    if args.json:
        print(json.dumps({**summary, "report": str(Path(args.out) / "report.json")},
                         sort_keys=True))  # fmt: skip
    else:
        counts = ", ".join(f"{k} {v}" for k, v in summary["verdicts"].items())
        print(f"verdicts:  {counts}")
        print(
            f"certified: {summary['holds_certified']} of {summary['holds_total']} holds "
            f"(checker {report['checker']}, median overhead "
            f"{summary['median_proof_overhead_s']} s)"
        )
        print(f"report:    {Path(args.out) / 'report.md'}")
        word = {"certified": "holds", "violated": "violated"}.get(summary["result"], "unknown")
        print(f"result: {word}")
    return int(report["exit_status"])
