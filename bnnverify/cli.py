"""The command line: argparse sub-commands; converting options, printing and exit codes only.

Exit status: 0 ok / the property holds for every query; 1 at least one violated; 2 error (bad
input, usage); 3 at least one unknown and none violated.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import time
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import numpy as np

from bnnverify.errors import BnnVerifyError, DataError, Interrupted, UsageError

EXIT_OK = 0
EXIT_VIOLATED = 1
EXIT_ERROR = 2
EXIT_UNKNOWN = 3
EXIT_INTERRUPTED = 130
DEFAULT_MODEL_FILE = "default_model.npz"
DEFAULT_SPARSITY = 0.5

EPILOG = "exit status: 0 holds/ok, 1 violated, 2 error, 3 unknown"


def default_model_path() -> Path:
    path = Path(str(resources.files("bnnverify") / "assets" / DEFAULT_MODEL_FILE))
    if not path.is_file():
        raise DataError(f"the bundled default model is missing ({path}); reinstall bnnverify")
    return path


def parse_arch(text: str) -> tuple[int, ...]:
    """'784-200-100-10' -> (784, 200, 100, 10): at least an input, one hidden and an output."""
    try:
        sizes = tuple(int(part) for part in text.split("-"))
    except ValueError:
        raise UsageError(f"--arch must look like 784-200-100-10, got {text!r}") from None
    if len(sizes) < 3 or min(sizes) < 1:
        raise UsageError(
            f"--arch needs an input size, at least one hidden size and a class count, all "
            f"positive, got {text!r}"
        )
    return sizes


def parse_indices(text: str, option: str = "--indices") -> list[int]:
    """'3,5,10-12' -> [3, 5, 10, 11, 12]; a range runs upwards ('5-3' is an error)."""
    indices: list[int] = []
    try:
        for part in text.split(","):
            if "-" in part:
                first, last = (int(p) for p in part.split("-"))
                if first > last:
                    raise UsageError(
                        f"{option}: the range {part} is empty (write it as {last}-{first})"
                    )
                indices.extend(range(first, last + 1))
            else:
                indices.append(int(part))
    except ValueError:
        raise UsageError(f"{option} must look like 3,5,10-12, got {text!r}") from None
    return indices


def add_data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dataset",
        choices=("samples", "fashion-mnist"),
        default=None,
        help="bundled sample images (default) or the Fashion-MNIST test split from --data",
    )
    parser.add_argument(
        "--data",
        help="directory of IDX files (else $BNNVERIFY_DATA, else "
        "/usr/share/datasets/fashion-mnist)",
    )
    parser.add_argument("--inputs", help=".npz file with integer arrays x (N, ...) and y (N,)")


def load_eval_data(args: argparse.Namespace):  # -> bnnverify.data.Dataset
    from bnnverify import data

    if args.inputs:
        given = [
            option
            for option, value in (("--dataset", args.dataset), ("--data", args.data))
            if value is not None
        ]
        if given:
            raise UsageError(f"give either --inputs or {' and '.join(given)}, not both")
        dataset = data.load_inputs(args.inputs)
    elif args.dataset == "fashion-mnist" or (args.dataset is None and args.data):
        dataset = data.load_dataset("test", args.data)
    else:
        dataset = data.load_samples()
    if not len(dataset):
        raise DataError(f"{dataset.source} holds no inputs (0 rows)")
    return dataset


def check_labels(net, dataset) -> None:  # BinaryNetwork, Dataset
    """Every label a class of the model: [0, n_classes); else one line naming the row."""
    bad = np.flatnonzero((dataset.y < 0) | (dataset.y >= net.n_classes))
    if bad.size:
        row = int(bad[0])
        raise DataError(
            f"{dataset.source}: label y[{row}] = {int(dataset.y[row])} is not a class of the "
            f"model (labels must lie in [0, {net.n_classes - 1}]; {bad.size} of "
            f"{len(dataset)} rows are outside)"
        )


def tool_version() -> str:
    """The installed version (importlib.metadata), or a marker when run from a source tree."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("bnnverify")
    except PackageNotFoundError:
        return "0.0.0+source"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bnnverify",
        description="Train, run and formally verify binarized neural networks.",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"bnnverify {tool_version()}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more to stderr")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    train = commands.add_parser("train", help="train a BNN and export it", epilog=EPILOG)
    train.add_argument("--arch", default="784-200-100-100-100-10")
    train.add_argument("--dataset", choices=("fashion-mnist",), default="fashion-mnist")
    train.add_argument("--data", help="directory of IDX files")
    train.add_argument("--epochs", type=int, default=10)
    train.add_argument("--ternary", action="store_true", help="weights in {-1, 0, +1}")
    train.add_argument(
        "--sparsity",
        type=float,
        default=None,
        help=f"with --ternary: target fraction of zero weights (default {DEFAULT_SPARSITY})",
    )
    train.add_argument(
        "--input-threshold",
        type=int,
        default=None,
        help="start with a binarize layer: pixel >= T gives +1",
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
    train.set_defaults(run=run_train)

    info = commands.add_parser("info", help="architecture, accuracy, sha256, sizes")
    info.add_argument("model", nargs="?", help="model file (default: the bundled model)")
    info.add_argument("--json", action="store_true", help="print one JSON object")
    info.set_defaults(run=run_info)

    evaluate = commands.add_parser(
        "eval", help="accuracy on both engines and their agreement", epilog=EPILOG
    )
    evaluate.add_argument("model", nargs="?", help="model file (default: the bundled model)")
    add_data_options(evaluate)
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    evaluate.set_defaults(run=run_eval)

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
    transform.set_defaults(run=run_transform)

    from bnnverify.commands import add_check_parsers

    add_check_parsers(commands, add_data_options)
    from bnnverify.export_command import add_export_parsers

    add_export_parsers(commands, add_data_options)
    return parser


def run_train(args: argparse.Namespace) -> int:
    from bnnverify import data
    from bnnverify.io import save_network
    from bnnverify.outputs import check_output_file

    check_output_file(args.out, "--out")
    arch = parse_arch(args.arch)
    if args.epochs < 1:
        raise UsageError(f"--epochs must be at least 1, got {args.epochs}")
    if args.sparsity is not None and not args.ternary:
        raise UsageError(
            "--sparsity applies to --ternary training only (binary weights have no zeros)"
        )
    sparsity = DEFAULT_SPARSITY if args.sparsity is None else args.sparsity
    if not 0.0 <= sparsity < 1.0:
        raise UsageError(f"--sparsity must lie in [0, 1), got {sparsity}")
    check_device(args.device)
    from bnnverify.train import TrainConfig, train_and_export

    if args.threads is not None:
        import torch

        if args.threads < 1:
            raise UsageError(f"--threads must be at least 1, got {args.threads}")
        torch.set_num_threads(args.threads)

    train_set = data.load_dataset("train", args.data)
    test_set = data.load_dataset("test", args.data)
    n_pixels = int(np.prod(train_set.x.shape[1:]))
    if arch[0] != n_pixels:
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
    )
    result = train_and_export(
        config,
        train_set.x[:limit],
        train_set.y[:limit],
        test_set.x,
        test_set.y,
        class_names=data.FASHION_MNIST_CLASSES,
        progress=lambda line: print(line, file=sys.stderr),
    )
    save_network(result.network, args.out)
    print(f"torch accuracy:    {result.torch_accuracy:.4f} on {result.n_test} test images")
    print(f"exported accuracy: {result.exported_accuracy:.4f}")
    print(f"disagreements:     {result.disagreements} of {result.n_test}")
    print(f"wrote {args.out}")
    return EXIT_OK


def check_device(device: str) -> None:
    """--device: cpu, or cuda[:N] when torch sees that GPU; checked before any data is read."""
    import torch

    try:
        parsed = torch.device(device)
    except (RuntimeError, ValueError):
        raise UsageError(f"--device must be cpu or cuda (or cuda:N), got {device!r}") from None
    if parsed.type == "cpu":
        return
    if parsed.type != "cuda":
        raise UsageError(f"--device must be cpu or cuda (or cuda:N), got {device!r}")
    if not torch.cuda.is_available():
        raise UsageError(
            f"--device {device}: CUDA is not available here (torch "
            f"{torch.__version__}); use --device cpu"
        )
    if parsed.index is not None and parsed.index >= torch.cuda.device_count():
        raise UsageError(f"--device {device}: there are {torch.cuda.device_count()} CUDA devices")


def describe_network(path: Path) -> dict:
    from bnnverify.io import file_sha256, load_network

    net = load_network(path)
    weights = [layer.weight for layer in net.layers if hasattr(layer, "weight")]
    n_weights = sum(int(w.size) for w in weights)
    n_zero = sum(int((w == 0).sum()) for w in weights)
    ternary = n_zero > 0
    return {
        "model": str(path),
        "sha256": file_sha256(path),
        "file_bytes": path.stat().st_size,
        "architecture": "-".join(
            str(s) for s in [net.n_inputs, *(b.n_out for b in net.blocks), net.n_classes]
        ),
        "layers": [f"{layer.kind} {layer.n_in}->{layer.n_out}" for layer in net.layers],
        "input_shape": list(net.input_shape),
        "input_range": [net.input_min, net.input_max],
        "class_names": list(net.class_names),
        "weights": n_weights,
        "zero_weights": n_zero,
        "float32_weight_bytes": 4 * n_weights,
        "packed_weight_bytes": (2 if ternary else 1)
        * sum(w.shape[0] * -(-w.shape[1] // 64) * 8 for w in weights),
        "provenance": net.provenance,
    }


def run_info(args: argparse.Namespace) -> int:
    path = Path(args.model) if args.model else default_model_path()
    info = describe_network(path)
    if args.json:
        print(json.dumps(info, sort_keys=True))
        return EXIT_OK
    provenance = info.pop("provenance")
    for key, value in info.items():
        print(f"{key + ':':22}{value}")
    for key in sorted(provenance):
        print(f"{'provenance.' + key + ':':22}{provenance[key]}")
    return EXIT_OK


def run_eval(args: argparse.Namespace) -> int:
    from bnnverify.engine import reference
    from bnnverify.engine.packed import PackedNetwork
    from bnnverify.io import load_network

    path = Path(args.model) if args.model else default_model_path()
    net = load_network(path)
    dataset = load_eval_data(args)
    check_input_shape(net, dataset.x, dataset.source)
    check_labels(net, dataset)
    start = time.perf_counter()
    predicted_reference = reference.predict(net, dataset.x)
    reference_s = time.perf_counter() - start
    start = time.perf_counter()
    predicted_packed = PackedNetwork(net).predict(dataset.x)
    packed_s = time.perf_counter() - start
    summary = {
        "model": str(path),
        "data": dataset.source,
        "n": len(dataset),
        "reference_accuracy": float((predicted_reference == dataset.y).mean()),
        "packed_accuracy": float((predicted_packed == dataset.y).mean()),
        "engines_disagree": int((predicted_reference != predicted_packed).sum()),
        "reference_time_s": round(reference_s, 4),
        "packed_time_s": round(packed_s, 4),
    }
    if args.json:
        print(json.dumps(summary, sort_keys=True))
    else:
        for key, value in summary.items():
            print(f"{key + ':':20}{value}")
    if summary["engines_disagree"]:
        raise BnnVerifyError(
            f"the packed and reference engines disagree on {summary['engines_disagree']} inputs: "
            "this is a bug, please report it"
        )
    return EXIT_OK


def run_transform(args: argparse.Namespace) -> int:
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
    return EXIT_OK


def check_input_shape(net, x: np.ndarray, source: str) -> None:  # net: BinaryNetwork
    if tuple(x.shape[1:]) != net.input_shape and int(np.prod(x.shape[1:])) != net.n_inputs:
        raise DataError(
            f"{source}: inputs have shape {tuple(x.shape[1:])}, the model expects {net.input_shape}"
        )
    if x.size and (x.min() < net.input_min or x.max() > net.input_max):
        raise DataError(
            f"{source}: input values must lie in [{net.input_min}, {net.input_max}], found "
            f"[{x.min()}, {x.max()}]"
        )


def silence_stdout() -> None:
    """Point stdout at devnull, so that the final flush of a closed pipe raises nothing (the
    recipe of Python's signal module documentation, "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is no file (tests capture it): nothing to silence
        pass


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.argv = list(argv) if argv is not None else None
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        stream=sys.stderr,
        format="bnnverify: %(levelname)s: %(message)s",
    )
    status = EXIT_OK  # what a closed stdout (e.g. `| head -1`) exits with when run gave none
    from bnnverify.runner import raise_on_signals

    try:
        with raise_on_signals():  # SIGINT / SIGTERM raise Interrupted (then are ignored)
            status = int(args.run(args))
        sys.stdout.flush()  # a closed pipe raises here, not at interpreter exit
        return status
    except Interrupted as stop:  # the command has stopped its workers and kept its rows
        name = signal.Signals(stop.signum).name
        print(
            f"bnnverify: interrupted ({name})" + (f": {stop.detail}" if stop.detail else ""),
            file=sys.stderr,
        )
        return 128 + stop.signum
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        silence_stdout()
        return status
    except BnnVerifyError as error:
        print(f"bnnverify: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("bnnverify: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # a bug: still one line, the traceback only with -v
        if args.verbose:
            logging.exception("internal error")
        print(
            f"bnnverify: internal error: {type(error).__name__}: {error} "
            "(run with -v for the traceback)",
            file=sys.stderr,
        )
        return EXIT_ERROR
