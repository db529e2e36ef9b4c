"""`bnnverify universal`: one perturbation d, |d|_inf <= eps, fooling at least K of N inputs.

Options -> a Universal property (properties/universal.py) over the selected inputs -> one
verify.run -> one results row, the perturbation as DIR/universal.npy (shape input_shape, int64)
and DIR/universal.png (d in grey: -eps black, 0 mid grey, +eps white), a summary, the exit
status (violated: such a d exists and replayed; holds: none exists; unknown: budget).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from bnnverify import defaults, status
from bnnverify.cli import common
from bnnverify.errors import UsageError

if TYPE_CHECKING:
    from bnnverify.results import Result

CEX_NAME = "universal"  # DIR/universal.npy and DIR/universal.png
PNG_SCALE = 8  # each pixel of d drawn as 8 x 8


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "universal",
        help="find one perturbation that fools at least K of N inputs, or prove none exists",
        epilog=common.EPILOG,
    )
    common.add_model_option(parser)
    parser.add_argument(
        "--eps",
        type=int,
        default=None,
        help=f"L-infinity bound on d in input units (default {defaults.EPS})",
    )
    common.add_selection_options(parser, target=False)
    parser.add_argument(
        "--min-fooled",
        type=int,
        required=True,
        metavar="K",
        help="how many of the inputs d must fool (a class ties or beats the label at x + d; an "
        "input misclassified already counts when it is fooled at x + d)",
    )
    parser.add_argument(
        "--solver",
        default=defaults.SOLVER,
        help=f"portfolio, a python-sat solver name, z3 or cpsat (default {defaults.SOLVER})",
    )
    parser.add_argument(
        "--encoding",
        default=None,
        help=f"cardinality encoding of a CNF solver (default {defaults.ENCODING}; not with z3 "
        "or cpsat)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=defaults.TIMEOUT_S,
        help=f"seconds for the query; past it the verdict is unknown "
        f"(default {defaults.TIMEOUT_S:g})",
    )
    parser.add_argument("--no-attack", action="store_true", help="skip cheap falsification")
    parser.add_argument("--seed", type=int, default=defaults.ATTACK_SEED, help="seed of the attack")
    parser.add_argument("--out", help="results file (JSON Lines): the query's row")
    parser.add_argument(
        "--cex-dir", help=f"write the perturbation here ({CEX_NAME}.npy, {CEX_NAME}.png)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON summary")


def run(args: argparse.Namespace) -> int:
    from bnnverify.backends import takes_encoding
    from bnnverify.campaign import config_fields
    from bnnverify.io import file_sha256, load_network
    from bnnverify.outputs import ResultsWriter, check_output_dir, check_output_file
    from bnnverify.properties.base import Model
    from bnnverify.properties.universal import PerturbationBox, Universal
    from bnnverify.verify import run as run_query

    if args.out:
        check_output_file(args.out, "--out")
    if args.cex_dir:
        check_output_dir(args.cex_dir, "--cex-dir")
    path = common.model_path(args.model)
    net = load_network(path)
    if net.real:
        raise UsageError("universal perturbations of models with real inputs are not supported")
    eps = common.radius(net, args.eps)
    if args.encoding is not None and not takes_encoding(args.solver):
        raise UsageError(f"--encoding does not apply to --solver {args.solver}")
    encoding = defaults.ENCODING if args.encoding is None else args.encoding
    config = common.check_config(args, args.solver, encoding)
    common.check_timeout(args.timeout, "--timeout")
    dataset = common.load_eval_data(args)
    common.check_input_shape(net, dataset.x, dataset.source)
    common.check_labels(net, dataset)
    indices = common.select_indices(args, len(dataset))
    if not 1 <= args.min_fooled <= len(indices):
        raise UsageError(
            f"--min-fooled must be in [1, {len(indices)}] for {len(indices)} inputs, "
            f"got {args.min_fooled}"
        )
    x0 = net.flatten(dataset.x[indices])
    prop = Universal(Model.of(net), x0, dataset.y[indices], args.min_fooled, tuple(indices))
    region = PerturbationBox(eps)  # verify.run reads its box() and recorded_* like a Region's
    result = run_query(prop, region, config)  # type: ignore[arg-type]
    cex = None
    if result.counterexample is not None and args.cex_dir:
        cex = write_perturbation(args.cex_dir, result.counterexample, eps, net.input_shape)
    row = result.to_row([file_sha256(path)], cex) | config_fields(config)
    row |= {"data": dataset.source}
    with ResultsWriter(args.out) as writer:
        writer.write(row)
    if args.json:
        print(json.dumps(row | {"model": str(path), "result": row["verdict"]}, sort_keys=True))
    else:
        print_summary(result, row, path)
    return status.exit_status(result.verdict.value)


def write_perturbation(directory: str, d: np.ndarray, eps: int, shape: tuple) -> str:
    """DIR/universal.npy (d in the input's shape, int64) and DIR/universal.png; the .npy path."""
    from bnnverify.png import write_png

    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    npy = target / f"{CEX_NAME}.npy"
    np.save(npy, d.reshape(shape).astype(np.int64))
    image = d.reshape(shape[-2:]) if len(shape) >= 2 else d.reshape(1, -1)
    if len(shape) == 3 and shape[0] != 1:  # channels side by side
        image = np.concatenate(list(d.reshape(shape)), axis=1)
    grey = (image.astype(np.float64) + eps) / max(2 * eps, 1)  # -eps -> 0, 0 -> 1/2, eps -> 1
    pixels = np.kron(grey, np.ones((PNG_SCALE, PNG_SCALE)))
    write_png(target / f"{CEX_NAME}.png", (pixels * 255).round().astype(np.uint8))
    return str(npy)


def print_summary(result: Result, row: dict[str, Any], path: Path) -> None:
    n, k, eps = row["samples"], row["min_fooled"], row["eps"]
    print(f"model:     {path}")
    print(
        f"inputs:    {n} from {row['data']}; {row['fooled_at_zero']} fooled at d = 0 "
        "(an input counts when x + d is fooled, a tie with its label included)"
    )
    print(
        f"query:     one d with |d|_inf <= {eps} fooling at least {k} of them "
        f"({row['solver']}, {row['encoding']})"
    )
    if result.verdict.value == "violated":
        fooled = ", ".join(str(i) for i in row["fooled_inputs"])
        print(f"found:     ({result.decided_by}) d fools {row['fooled']} of {n}: inputs {fooled}")
        if row["counterexample"]:
            print(f"written:   {row['counterexample']} (and its .png)")
    elif result.verdict.value == "holds":
        print(f"proof:     no d with |d|_inf <= {eps} fools {k} of the {n} inputs")
    else:
        print(f"unknown:   {result.reason or 'no reason given'}")
    if result.n_vars:
        print(
            f"formula:   {result.n_vars} vars, {result.n_clauses} clauses, "
            f"{result.fixed_neurons} of {result.total_neurons} neurons fixed by bounds"
        )
    print(f"time:      {result.time_s:.3f} s")
    print(f"result: {result.verdict.value}")
