"""`bnnverify certify`: options -> robustness queries -> bnnverify.certify -> report, summary.

Every holds verdict is backed by a checked DRAT proof or counts as unknown (exit status 3).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bnnverify import defaults
from bnnverify import status
from bnnverify.cli import common
from bnnverify.errors import UsageError


def add_parser(commands: argparse._SubParsersAction) -> None:
    from bnnverify.drat import CHECKERS

    certify = commands.add_parser(
        "certify", help="check robustness and back every holds with a checked DRAT proof",
        epilog=f"{common.EPILOG} ({status.EXIT_UNKNOWN} also when a holds verdict lacks a "
        "checked proof)",
    )  # fmt: skip
    certify.add_argument("--out", required=True, help="report directory")
    certify.add_argument(
        "--solver",
        default=defaults.PROOF_SOLVER,
        help=f"a DRAT-logging python-sat solver (default {defaults.PROOF_SOLVER})",
    )
    certify.add_argument(
        "--encoding",
        default=defaults.PROOF_ENCODING,
        help=f"a clause encoding (default {defaults.PROOF_ENCODING})",
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
    common.add_query_options(certify)


def run(args: argparse.Namespace) -> int:
    from bnnverify.certify import CertifyConfig, Region, certify
    from bnnverify.io import file_sha256
    from bnnverify.outputs import check_output_dir
    from bnnverify.proofs import check_proof_solver

    check_output_dir(args.out, "--out")
    check_proof_solver(args.solver)
    if args.encoding == "native":
        raise UsageError("certify needs a clause encoding: 'native' AtMost constraints are no CNF")
    common.check_timeout(args.check_timeout, "--check-timeout")
    model_path, net, dataset, indices, eps, targets = common.load_region(args)
    config = CertifyConfig(common.check_config(args, args.solver, args.encoding), args.checker,
                           args.check_timeout)  # fmt: skip
    queries = common.robustness_queries(net, dataset, indices, eps, targets)
    region = Region(str(model_path), file_sha256(model_path), dataset.source, eps,
                    net.input_min, net.input_max, targets)  # fmt: skip
    report = certify(net, queries, [dataset.x[i] for i in indices], config, region, args.out,
                     print_progress)  # fmt: skip
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
    return status.exit_status(summary["result"])


def print_progress(row: dict) -> None:
    """'[3] holds, proof refuted, checked True' on stderr, per finished query."""
    proof = row["proof"]
    detail = "" if proof is None else f", proof {proof['status']}, checked {proof['checked']}"
    print(f"[{row['index']}] {row['verdict']}{detail}", file=sys.stderr)
