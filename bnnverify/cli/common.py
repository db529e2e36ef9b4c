"""What the command modules share: exit codes, option groups, option parsing, data loading,
the progress line. Imports no command module. Over 300 lines on purpose: everything that two
or more commands share lives here, because no command module imports another.

Exit status (DESIGN.md section 6), defined here once: 0 ok / the property holds for every
query; 1 at least one violated; 2 error (bad input, usage: argparse exits 2 too); 3 at least
one unknown and none violated; 128 + N when signal N stopped the run (130 SIGINT, 143 SIGTERM).
"""

from __future__ import annotations

import argparse
import logging
import math
import sys
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from bnnverify import defaults
from bnnverify.errors import DataError, UsageError
from bnnverify.status import EXIT_ERROR, EXIT_OK, EXIT_UNKNOWN, EXIT_VIOLATED

if TYPE_CHECKING:
    from bnnverify.data import Dataset
    from bnnverify.model import BinaryNetwork
    from bnnverify.properties.robustness import RobustnessQuery
    from bnnverify.verify import CheckConfig

EPILOG = (
    f"exit status: {EXIT_OK} holds/ok, {EXIT_VIOLATED} violated, {EXIT_ERROR} error, "
    f"{EXIT_UNKNOWN} unknown"
)
DEFAULT_MODEL_FILE = "default_model.npz"
BUNDLED_MODELS = {  # --model bundled:NAME -> the asset (bnnverify/assets)
    "default": DEFAULT_MODEL_FILE,  # 784-200-100-10 MLP, ternary (the default model)
    "conv": "conv_model.npz",  # EEV's conv-small shape, trained for verifiability at eps 2
}
BUNDLED_PREFIX = "bundled:"


def default_model_path() -> Path:
    return bundled_model_path("default")


def bundled_model_path(name: str) -> Path:
    if name not in BUNDLED_MODELS:
        raise UsageError(
            f"--model {BUNDLED_PREFIX}{name}: the bundled models are "
            f"{', '.join(BUNDLED_PREFIX + n for n in BUNDLED_MODELS)}"
        )
    path = Path(str(resources.files("bnnverify") / "assets" / BUNDLED_MODELS[name]))
    if not path.is_file():
        raise DataError(f"the bundled model {name!r} is missing ({path}); reinstall bnnverify")
    return path


def model_path(option: str | None) -> Path:
    """--model PATH, --model bundled:NAME (BUNDLED_MODELS), or the default model."""
    if option and option.startswith(BUNDLED_PREFIX):
        return bundled_model_path(option[len(BUNDLED_PREFIX) :])
    return Path(option) if option else default_model_path()


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


def add_model_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model",
        help="model file, or bundled:default / bundled:conv (default: the bundled MLP)",
    )


def add_selection_options(parser: argparse.ArgumentParser, target: bool = True) -> None:
    """Which inputs: --samples / --indices, --target (when the command takes one) and the data."""
    parser.add_argument(
        "--samples", type=int, default=None, help=f"the first N inputs (default {defaults.SAMPLES})"
    )
    parser.add_argument("--indices", help="inputs, e.g. 3,5,10-12")
    if target:
        parser.add_argument("--target", help="targeted robustness: only these classes, e.g. 2,4")
    add_data_options(parser)


def add_region_options(parser: argparse.ArgumentParser) -> None:
    """The model and the inputs whose eps-balls are the regions (check, export, certify)."""
    add_model_option(parser)
    parser.add_argument(
        "--eps",
        type=int,
        default=None,
        help=f"L-infinity radius in input units (default {defaults.EPS})",
    )
    add_selection_options(parser)


def add_query_options(parser: argparse.ArgumentParser) -> None:
    """The region options plus the per-query budget and attack (export, certify)."""
    add_region_options(parser)
    parser.add_argument(
        "--timeout",
        type=float,
        default=defaults.TIMEOUT_S,
        help=f"solver seconds per query (default {defaults.TIMEOUT_S:g})",
    )
    parser.add_argument("--no-attack", action="store_true", help="skip cheap falsification")
    parser.add_argument("--seed", type=int, default=defaults.ATTACK_SEED, help="seed of the attack")


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


def parse_targets(text: str | None, n_classes: int) -> tuple[int, ...] | None:
    """--target '2,4' -> (2, 4), each a class of the model; None when not given."""
    if not text:
        return None
    targets = tuple(parse_indices(text, "--target"))
    bad = [c for c in targets if not 0 <= c < n_classes]
    if bad:
        raise UsageError(f"--target classes must lie in [0, {n_classes - 1}], got {bad[0]}")
    return targets


def select_indices(args: argparse.Namespace, n_available: int) -> list[int]:
    """--samples N (the first N, default defaults.SAMPLES) or --indices LIST, in range."""
    if args.indices and args.samples is not None:
        raise UsageError("give either --samples or --indices, not both")
    if args.indices:
        indices = parse_indices(args.indices)
    else:
        n = defaults.SAMPLES if args.samples is None else args.samples
        if n < 1:
            raise UsageError(f"--samples must be at least 1, got {n}")
        if args.samples is not None and n > n_available:
            logging.warning(
                "--samples %d is more than the %d inputs available; running %d",
                n,
                n_available,
                n_available,
            )
        indices = list(range(min(n, n_available)))
    bad = [i for i in indices if not 0 <= i < n_available]
    if bad:
        raise UsageError(f"--indices must lie in [0, {n_available - 1}], got {bad[0]}")
    return indices


def check_timeout(value: float | None, option: str) -> None:
    """A budget in seconds: None (no limit) or a finite positive number."""
    if value is not None and not (math.isfinite(value) and value > 0):
        raise UsageError(f"{option} must be positive and finite (seconds), got {value}")


def check_one_model(args: argparse.Namespace) -> None:
    """--other belongs to --property equivalence only."""
    if args.property != "equivalence" and args.other:
        raise UsageError(
            "--other names the second model of --property equivalence; "
            f"--property {args.property} takes one model"
        )


def check_equivalence_options(args: argparse.Namespace) -> None:
    """Equivalence takes no --target, and selects inputs (--samples, --indices) only with --eps."""
    if not args.other:
        raise UsageError("--property equivalence needs --other MODEL (the second model)")
    if args.target:
        raise UsageError(
            "--target applies to --property robustness only (equivalence compares the two "
            "models' predicted classes)"
        )
    for option, value in (("--samples", args.samples), ("--indices", args.indices)):
        if args.eps is None and value is not None:
            raise UsageError(
                f"{option} selects the inputs whose eps-balls are the regions, but no --eps "
                "is given: without --eps the region is the whole input space"
            )


def load_eval_data(args: argparse.Namespace) -> Dataset:
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


def check_labels(net: BinaryNetwork, dataset: Dataset) -> None:
    """Every label a class of the model: [0, n_classes); else one line naming the row."""
    bad = np.flatnonzero((dataset.y < 0) | (dataset.y >= net.n_classes))
    if bad.size:
        row = int(bad[0])
        raise DataError(
            f"{dataset.source}: label y[{row}] = {int(dataset.y[row])} is not a class of the "
            f"model (labels must lie in [0, {net.n_classes - 1}]; {bad.size} of "
            f"{len(dataset)} rows are outside)"
        )


def check_input_shape(net: BinaryNetwork, x: np.ndarray, source: str) -> None:
    if tuple(x.shape[1:]) != net.input_shape and int(np.prod(x.shape[1:])) != net.n_inputs:
        raise DataError(
            f"{source}: inputs have shape {tuple(x.shape[1:])}, the model expects {net.input_shape}"
        )
    if x.size and (x.min() < net.input_min or x.max() > net.input_max):
        raise DataError(
            f"{source}: input values must lie in [{net.input_min}, {net.input_max}], found "
            f"[{x.min()}, {x.max()}]"
        )


def radius(net: BinaryNetwork, eps: int | None) -> int:
    """--eps, else defaults.EPS, checked against the model's input range."""
    from bnnverify.regions import validate_eps

    if net.real:
        raise UsageError(
            "--eps balls on a model with real inputs are not supported yet; give its box "
            "with --vnnlib SPEC"
        )
    eps = defaults.EPS if eps is None else eps
    validate_eps(net, eps)
    return eps


def robustness_queries(
    net: BinaryNetwork, dataset: Dataset, indices: list[int], eps: int, targets: tuple | None
) -> list[RobustnessQuery]:
    """The eps-ball around each selected input keeps its label (check, certify)."""
    from bnnverify.properties.robustness import RobustnessQuery

    return [
        RobustnessQuery(index=i, x0=net.flatten(dataset.x[i])[0], label=int(dataset.y[i]),
                        eps=eps, targets=targets)
        for i in indices
    ]  # fmt: skip


def load_region(args: argparse.Namespace) -> tuple:
    """(model path, network, dataset, query indices, eps, targets) from the region options and
    --timeout (export, certify)."""
    from bnnverify.io import load_network

    path = model_path(args.model)
    net = load_network(path)
    eps = radius(net, args.eps)
    check_timeout(args.timeout, "--timeout")
    dataset = load_eval_data(args)
    check_input_shape(net, dataset.x, dataset.source)
    check_labels(net, dataset)
    targets = parse_targets(args.target, net.n_classes)
    return path, net, dataset, select_indices(args, len(dataset)), eps, targets


def check_config(
    args: argparse.Namespace, solver: str, encoding: str, use_bounds: bool = True
) -> CheckConfig:
    """The verifier's configuration from --timeout, --no-attack and --seed."""
    from bnnverify.attack import AttackConfig
    from bnnverify.backends import check_solver
    from bnnverify.verify import CheckConfig

    check_solver(solver, encoding)
    attack = None if args.no_attack else AttackConfig(seed=args.seed)
    return CheckConfig(
        solver=solver,
        encoding=encoding,
        timeout_s=args.timeout,
        use_bounds=use_bounds,
        attack=attack,
    )


def print_stderr(line: str) -> None:
    """A progress line of the library (export, train) on stderr."""
    print(line, file=sys.stderr)


class Progress:
    """A one-line progress display on stderr (a line every 10% when stderr is not a terminal)."""

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0
        self.counts: dict[str, int] = {}
        self.is_tty = sys.stderr.isatty()

    def update(self, verdict: str) -> None:
        self.done += 1
        self.counts[verdict] = self.counts.get(verdict, 0) + 1
        step = max(1, self.total // 10)
        if self.is_tty or self.done % step == 0 or self.done == self.total:
            counts = " ".join(f"{k} {v}" for k, v in sorted(self.counts.items()))
            end = "" if self.is_tty else "\n"
            print(f"\r[{self.done}/{self.total}] {counts}", end=end, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.is_tty:
            print(file=sys.stderr)
