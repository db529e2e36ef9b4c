"""`bnnverify transform MODEL`: a permuted, negated (both keep the function) or pruned copy."""

from __future__ import annotations

import argparse

from bnnverify import status
from bnnverify.errors import UsageError


def add_parser(commands: argparse._SubParsersAction) -> None:
    transform = commands.add_parser(
        "transform",
        help="write a permuted, negated or pruned copy of a model",
        description="permute and negate keep the function (equivalent models); prune changes it",
    )
    transform.add_argument("model", help="model file to read")
    transform.add_argument(
        "--permute", type=int, metavar="SEED", help="reorder every block's neurons"
    )
    transform.add_argument(
        "--negate",
        type=int,
        metavar="SEED",
        help="negate half of the hidden neurons (and compensate)",
    )
    transform.add_argument(
        "--prune",
        type=float,
        metavar="FRACTION",
        help="zero this fraction of the blocks' nonzero weights",
    )
    transform.add_argument("--seed", type=int, default=0, help="seed of --prune")
    transform.add_argument("--out", required=True, help="model file to write")


def run(args: argparse.Namespace) -> int:
    from bnnverify import transform
    from bnnverify.io import load_network, save_network
    from bnnverify.outputs import check_output_file

    check_output_file(args.out, "--out")
    net = load_network(args.model)
    if args.permute is None and args.negate is None and args.prune is None:
        raise UsageError("give at least one of --permute, --negate, --prune")
    if args.permute is not None:
        net = transform.permute_hidden(net, args.permute)
    if args.negate is not None:
        net = transform.negate_neurons(net, args.negate)
    if args.prune is not None:
        if not 0.0 < args.prune < 1.0:
            raise UsageError(f"--prune must lie in (0, 1), got {args.prune}")
        net = transform.prune_weights(net, args.seed, args.prune)
    save_network(net, args.out)
    print(f"wrote {args.out} ({net.provenance['derived']})")
    return status.EXIT_OK
