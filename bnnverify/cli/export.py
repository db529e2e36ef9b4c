"""`bnnverify export`: options -> typed queries -> DIMACS / OPB / SMT-LIB 2 files + manifest.

The writing, and the verifier run that fills the manifest's expected verdicts, are the
library's (bnnverify.export.export_robustness, bnnverify.export_equivalence).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bnnverify import defaults
from bnnverify import status
from bnnverify.cli import common
from bnnverify.errors import UsageError

# bnnverify.export.FORMATS, repeated so that --help loads no solver (tests/test_cli.py)
EXPORT_FORMATS = ("dimacs", "opb", "smt2")


def add_parser(commands: argparse._SubParsersAction) -> None:
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
        "--encoding",
        default=None,
        help=f"clause encoding for --format dimacs (default {defaults.EXPORT_ENCODING})",
    )
    export.add_argument(
        "--solver",
        default=defaults.EXPORT_SOLVER,
        help=f"solver filling the manifest's expected verdicts (default {defaults.EXPORT_SOLVER})",
    )
    export.add_argument(
        "--no-verdicts",
        action="store_true",
        help="do not run the verifier; expected verdicts stay unknown",
    )
    common.add_query_options(export)


def run(args: argparse.Namespace) -> int:
    from bnnverify.outputs import check_output_dir

    check_output_dir(args.out, "--out")
    if args.encoding is not None and args.format != "dimacs":
        raise UsageError(f"--encoding applies to --format dimacs only (got --format {args.format})")
    encoding = args.encoding or defaults.EXPORT_ENCODING
    common.check_one_model(args)
    if args.property == "equivalence":
        return run_equivalence(args, encoding)
    return run_robustness(args, encoding)


def verdict_config(args: argparse.Namespace, encoding: str):  # -> verify.CheckConfig | None
    """The verifier filling the expected verdicts (None with --no-verdicts); 'native' is no
    clause encoding, so the verifier then solves the default export encoding's clauses."""
    if args.no_verdicts:
        return None
    clauses = defaults.EXPORT_ENCODING if encoding == "native" else encoding
    return common.check_config(args, args.solver, clauses)


def run_robustness(args: argparse.Namespace, encoding: str) -> int:
    from bnnverify.export import ExportSettings, ModelInfo, export_robustness
    from bnnverify.io import file_sha256

    model_path, net, dataset, indices, eps, targets = common.load_region(args)
    settings = ExportSettings(
        fmt=args.format, encoding=encoding, verdicts=verdict_config(args, encoding)
    )
    queries = common.robustness_queries(net, dataset, indices, eps, targets)
    model = ModelInfo(model_path.name, file_sha256(model_path), dataset.source)
    manifest = export_robustness(net, queries, settings, args.out, model,
                                 progress=common.print_stderr)  # fmt: skip
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
    return status.EXIT_OK


def run_equivalence(args: argparse.Namespace, encoding: str) -> int:
    from bnnverify.export import ExportSettings, ModelInfo
    from bnnverify.export_equivalence import Region, export_equivalence
    from bnnverify.io import file_sha256, load_network
    from bnnverify.properties.equivalence import check_comparable
    from bnnverify.regions import linf_box, whole_space

    common.check_equivalence_options(args)
    if args.eps is None:
        model_path = common.model_path(args.model)
        net = load_network(model_path)
        regions = [Region(None, None, whole_space(net))]
        data = "whole input space"
    else:
        model_path, net, dataset, indices, eps, _ = common.load_region(args)
        regions = [
            Region(i, eps, linf_box(net, net.flatten(dataset.x[i])[0], eps)) for i in indices
        ]
        data = dataset.source
    other_path = Path(args.other)
    other = load_network(other_path)
    check_comparable(net, other)
    settings = ExportSettings(
        fmt=args.format, encoding=encoding, verdicts=verdict_config(args, encoding)
    )
    models = (
        ModelInfo(model_path.name, file_sha256(model_path), data),
        ModelInfo(other_path.name, file_sha256(other_path), data),
    )
    manifest = export_equivalence(
        net, other, regions, settings, args.out, models, progress=common.print_stderr
    )
    print(
        f"wrote {len(manifest['queries'])} {args.format} equivalence instances and "
        f"manifest.json to {args.out}"
    )
    return status.EXIT_OK
