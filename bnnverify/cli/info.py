"""`bnnverify info [MODEL]`: architecture, sha256, sizes and provenance of a model file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bnnverify import status
from bnnverify.cli import common


def add_parser(commands: argparse._SubParsersAction) -> None:
    info = commands.add_parser("info", help="architecture, accuracy, sha256, sizes")
    info.add_argument("model", nargs="?", help="model file (default: the bundled model)")
    info.add_argument("--json", action="store_true", help="print one JSON object")


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


def run(args: argparse.Namespace) -> int:
    info = describe_network(common.model_path(args.model))
    if args.json:
        print(json.dumps(info, sort_keys=True))
        return status.EXIT_OK
    provenance = info.pop("provenance")
    for key, value in info.items():
        print(f"{key + ':':22}{value}")
    for key in sorted(provenance):
        print(f"{'provenance.' + key + ':':22}{provenance[key]}")
    return status.EXIT_OK
