"""`bnnverify train`: options -> TrainConfig -> bnnverify.train -> model file, accuracy lines.

torch is imported only here among the commands, after the options that need no torch are
checked (the --arch grammar, bnnverify/train/arch.py, is parsed right after the import), and
always before any data is read.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

from bnnverify import defaults
from bnnverify import status
from bnnverify.cli import common
from bnnverify.errors import UsageError

PGD_STEPS = 3  # as bnnverify.train.robust.PGD_STEPS (not imported: that module needs torch)


ARCH_HELP = """\
--arch grammar (parts joined by "-"):
  MLP:   784-200-100-10      input size, hidden sizes, class count
  conv:  the input shape comes from the data (1x28x28 for Fashion-MNIST); parts
    conv<C>k<K>[s<S>][p<P>]  KxK convolution, C channels, stride S (1), zero padding
                             P on every side (0); then batch norm per channel, sign
    mp<K>[s<S>]              KxK max-pool, stride S (K), over the +-1 signs (an OR)
    fc<N>                    dense layer, batch norm, sign; the last fc is the output
                             layer (N = the number of classes)
  A conv comes first, mp only after a conv or mp, no conv/mp after an fc, an fc last.
  Examples: conv16k4s2-conv32k4s2-fc100-fc10
            conv16k3p1-mp2-conv32k3p1-mp2-fc100-fc10

Training for verifiability (Jia & Rinard 2020; bnnverify/train/robust.py), all off by default:
  --adversarial-eps E   the region: the L-infinity box of E pixels (0..255) around each
                        training image, clipped to [0, 255] (check --eps E verifies it)
  --pgd-steps S         PGD on integer pixels inside that box (default 3 with an eps; 0:
                        clean inputs, CBD only)
  --cbd-weight W        cardinality bound decay: W * the hinge of every hidden neuron that
                        interval bounds leave undecided on the box (needs an eps)
  with --ternary --sparsity for sparse ternary weights, e.g.
  --ternary --sparsity 0.7 --adversarial-eps 2 --pgd-steps 2 --cbd-weight 1e-4
"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    train = commands.add_parser(
        "train",
        help="train a BNN and export it",
        description=ARCH_HELP,
        epilog=common.EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    train.add_argument(
        "--arch",
        default="784-200-100-100-100-10",
        help="an MLP (784-200-100-10) or a conv net (conv16k4s2-mp2-fc100-fc10); grammar above",
    )
    train.add_argument("--dataset", choices=("fashion-mnist",), default="fashion-mnist")
    train.add_argument("--data", help="directory of IDX files")
    train.add_argument("--epochs", type=int, default=10)
    train.add_argument("--ternary", action="store_true", help="weights in {-1, 0, +1}")
    train.add_argument(
        "--sparsity",
        type=float,
        default=None,
        help=f"with --ternary: target fraction of zero weights (default {defaults.SPARSITY})",
    )
    train.add_argument(
        "--input-threshold",
        type=int,
        default=None,
        help="start with a binarize layer: pixel >= T gives +1",
    )
    train.add_argument(
        "--adversarial-eps",
        type=int,
        default=None,
        help="PGD / CBD region radius in pixels (0..255); default: plain training",
    )
    train.add_argument(
        "--pgd-steps",
        type=int,
        default=None,
        help=f"PGD steps per batch (needs --adversarial-eps; default {PGD_STEPS})",
    )
    train.add_argument(
        "--cbd-weight",
        type=float,
        default=0.0,
        help="weight of the cardinality-bound-decay hinge (needs --adversarial-eps; default 0)",
    )
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--device", default="cpu", help="cpu (default) or cuda")
    train.add_argument(
        "--threads",
        type=int,
        default=None,
        help="torch CPU threads (default: torch's choice; 1 is fastest on a busy machine)",
    )
    train.add_argument("--batch-size", type=int, default=256)
    train.add_argument("--lr", type=float, default=1e-3)
    train.add_argument(
        "--train-limit", type=int, default=None, help="train on the first N training images only"
    )
    train.add_argument("--out", required=True, help="model file to write (.npz)")


def run(args: argparse.Namespace) -> int:
    from bnnverify import data
    from bnnverify.io import save_network
    from bnnverify.outputs import check_output_file

    check_output_file(args.out, "--out")
    if args.epochs < 1:
        raise UsageError(f"--epochs must be at least 1, got {args.epochs}")
    if args.sparsity is not None and not args.ternary:
        raise UsageError(
            "--sparsity applies to --ternary training only (binary weights have no zeros)"
        )
    sparsity = defaults.SPARSITY if args.sparsity is None else args.sparsity
    robust = _robust_options(args)
    if not 0.0 <= sparsity < 1.0:
        raise UsageError(f"--sparsity must lie in [0, 1), got {sparsity}")
    from bnnverify.train import TrainConfig, train_and_export
    from bnnverify.train.arch import check_conv_shapes, is_conv, parse_arch
    from bnnverify.train.device import check_device, set_threads

    arch = parse_arch(args.arch)
    check_device(args.device)
    if args.threads is not None:
        set_threads(args.threads)

    train_set = data.load_dataset("train", args.data)
    test_set = data.load_dataset("test", args.data)
    n_pixels = int(np.prod(train_set.x.shape[1:]))
    if is_conv(arch):
        shape = tuple(int(d) for d in train_set.x.shape[1:])
        check_conv_shapes(arch, shape, len(data.FASHION_MNIST_CLASSES))  # type: ignore[arg-type]
    elif arch[0] != n_pixels:
        raise UsageError(f"--arch must start with the input size {n_pixels}, got {arch[0]}")
    limit = args.train_limit or len(train_set)
    command = "bnnverify " + " ".join(sys.argv[1:] if args.argv is None else args.argv)
    config = TrainConfig(
        arch=arch,
        epochs=args.epochs,
        ternary=args.ternary,
        sparsity=sparsity if args.ternary else 0.0,
        seed=args.seed,
        device=args.device,
        batch_size=args.batch_size,
        lr=args.lr,
        input_threshold=args.input_threshold,
        command=command.strip(),
        robust=robust,
    )
    result = train_and_export(
        config,
        train_set.x[:limit],
        train_set.y[:limit],
        test_set.x,
        test_set.y,
        class_names=data.FASHION_MNIST_CLASSES,
        progress=common.print_stderr,
    )
    save_network(result.network, args.out)
    print(f"torch accuracy:    {result.torch_accuracy:.4f} on {result.n_test} test images")
    print(f"exported accuracy: {result.exported_accuracy:.4f}")
    print(f"disagreements:     {result.disagreements} of {result.n_test}")
    print(f"wrote {args.out}")
    return status.EXIT_OK


def _robust_options(args: argparse.Namespace):  # -> bnnverify.train.robust.RobustConfig
    """--adversarial-eps, --pgd-steps, --cbd-weight -> RobustConfig; UsageError if inconsistent."""
    eps, steps, weight = args.adversarial_eps, args.pgd_steps, args.cbd_weight
    if eps is not None and eps < 0:
        raise UsageError(f"--adversarial-eps must be >= 0, got {eps}")
    if steps is not None and steps < 0:
        raise UsageError(f"--pgd-steps must be >= 0, got {steps}")
    if not weight >= 0:
        raise UsageError(f"--cbd-weight must be >= 0, got {weight}")
    if steps is not None and not eps:
        raise UsageError("--pgd-steps needs --adversarial-eps")
    if weight > 0 and not eps:
        raise UsageError("--cbd-weight needs --adversarial-eps (the region it bounds)")
    if eps and args.input_threshold is not None and (steps is None or steps > 0):
        raise UsageError("PGD needs raw-pixel input: drop --input-threshold or use --pgd-steps 0")
    from bnnverify.train.robust import RobustConfig

    if not eps:
        return RobustConfig()
    return RobustConfig(eps=eps, pgd_steps=PGD_STEPS if steps is None else steps, cbd_weight=weight)
