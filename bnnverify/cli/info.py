"""`bnnverify info [MODEL]`: architecture, sha256, sizes and provenance of a model file.

`layer_shapes` lists what every layer reads and writes, e.g. "conv2d 1x28x28 -> 16x13x13 (k4
s2)"; a network with conv2d / maxpool2d layers gets an --arch style architecture string
(conv16k4s2-mp2-fc100-fc10); an MLP keeps its sizes (784-200-100-10).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bnnverify import status
from bnnverify.cli import common


def add_parser(commands: argparse._SubParsersAction) -> None:
    info = commands.add_parser("info", help="architecture, accuracy, sha256, sizes")
    info.add_argument("model", nargs="?", help="model file (default: the bundled model)")
    info.add_argument("--json", action="store_true", help="print one JSON object")


def describe_network(path: Path) -> dict:
    from bnnverify.io import file_sha256, load_network

    net = load_network(path)
    # a conv weight (C_out, C_in, KH, KW) packs like C_out rows of C_in * KH * KW
    weights = [
        w.reshape(w.shape[0], -1)
        for w in (getattr(layer, "weight", None) for layer in net.layers)
        if w is not None
    ]
    n_weights = sum(int(w.size) for w in weights)
    n_zero = sum(int((w == 0).sum()) for w in weights)
    ternary = n_zero > 0
    return {
        "model": str(path),
        "sha256": file_sha256(path),
        "file_bytes": path.stat().st_size,
        "architecture": architecture(net),
        "layers": [f"{layer.kind} {layer.n_in}->{layer.n_out}" for layer in net.layers],
        "layer_shapes": layer_shape_lines(net),
        "input_shape": list(net.input_shape),
        "input_range": [net.input_min, net.input_max],
        "input_domain": net.input_domain,
        "class_names": list(net.class_names),
        "weights": n_weights,
        "zero_weights": n_zero,
        "float32_weight_bytes": 4 * n_weights,
        "packed_weight_bytes": (2 if ternary else 1)
        * sum(w.shape[0] * -(-w.shape[1] // 64) * 8 for w in weights),
        "provenance": net.provenance,
    }


def _size(shape: tuple[int, ...]) -> str:
    return "x".join(str(d) for d in shape)


def _pair(prefix: str, values: tuple[int, ...]) -> str:
    """k3 for (3, 3), k3x5 for (3, 5); padding p1 for (1, 1, 1, 1), p1,1,0,0 otherwise."""
    if len(set(values)) == 1:
        return f"{prefix}{values[0]}"
    return prefix + ("x" if len(values) == 2 else ",").join(str(v) for v in values)


def _conv_details(layer: Any) -> list[str]:
    """k, s, p (and the pad value when it is not 0) of a conv2d; k and s of a maxpool2d."""
    if layer.kind == "conv2d":
        kernel = tuple(int(d) for d in layer.weight.shape[2:])
        details = [_pair("k", kernel), _pair("s", tuple(layer.stride))]
        if any(layer.padding):
            details.append(_pair("p", tuple(layer.padding)))
        if layer.pad_value:
            details.append(f"pad_value {layer.pad_value}")
        return details
    stride = layer.kernel if layer.stride is None else layer.stride
    return [_pair("k", tuple(layer.kernel)), _pair("s", tuple(stride))]


def layer_shape_lines(net: Any) -> list[str]:
    """Per layer "kind IN -> OUT", shapes channel-first (conv2d and maxpool2d with k, s, p)."""
    from bnnverify.model import layer_shapes

    lines = []
    for layer, reads in zip(net.layers, layer_shapes(net), strict=True):
        writes = tuple(layer.written_shape(tuple(reads)))
        line = f"{layer.kind} {_size(tuple(reads))} -> {_size(writes)}"
        if layer.kind in ("conv2d", "maxpool2d"):
            line += f" ({' '.join(_conv_details(layer))})"
        lines.append(line)
    return lines


def architecture(net: Any) -> str:
    """MLP: sizes 784-200-10 (as before). With conv2d / maxpool2d: the --arch grammar, e.g.
    conv16k4s2-mp2-fc100-fc10 (non-square kernels as k3x5, uneven padding as p1,1,0,0)."""
    if not any(layer.kind in ("conv2d", "maxpool2d") for layer in net.layers):
        sizes = [net.n_inputs, *(b.n_out for b in net.blocks), net.n_classes]
        return "-".join(str(s) for s in sizes)
    parts = []
    for layer in net.layers:
        if layer.kind == "conv2d":
            # the pad value (when not 0) is not part of the grammar: layer_shapes shows it
            kernel, stride, *rest = _conv_details(layer)
            padding = "".join(item for item in rest if not item.startswith("pad_value"))
            stride = "" if stride == "s1" else stride
            parts.append(f"conv{layer.weight.shape[0]}{kernel}{stride}{padding}")
        elif layer.kind == "maxpool2d":
            kernel, stride = _conv_details(layer)
            parts.append(f"mp{kernel[1:]}" + ("" if stride[1:] == kernel[1:] else stride))
        elif layer.kind in ("block", "output"):
            parts.append(f"fc{layer.n_out}")
    return "-".join(parts)


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
