"""`bnnverify import MODEL.onnx[.gz] --out model.npz`: exact conversion of a binarized ONNX model.

The conversion is checked before the file is written (imports.onnx_check): the converted model
must predict like the float64 reading of the ONNX graph and like onnxruntime on every check
input; a disagreement is an error (exit 2) and nothing is written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from bnnverify import status
from bnnverify.errors import DataError, DescriptionError, UsageError


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "import",
        help="convert a binarized ONNX model (Larq / tf2onnx, QONNX) into a model file",
        description="Convert a binarized ONNX model exactly, check the conversion against the "
        "ONNX graph (float64 reading and onnxruntime) on random inputs, and write the model "
        "file. ONNX does not state the input range: give it with --input-min / --input-max.",
    )
    parser.add_argument("model", help="ONNX file (.onnx or .onnx.gz)")
    parser.add_argument("--out", required=True, help="model file to write (.npz)")
    parser.add_argument(
        "--input-min", type=int, default=0, help="least input value (default 0: raw 8-bit pixels)"
    )
    parser.add_argument(
        "--input-max", type=int, default=255, help="largest input value (default 255: 8-bit)"
    )
    parser.add_argument(
        "--input-domain",
        choices=("real", "integer"),
        default="real",
        help="inputs are reals in the range (default: VNN-LIB's reading) or integers",
    )
    parser.add_argument("--class-names", help="comma-separated class names, one per class")
    parser.add_argument("--checks", type=int, default=200, help="random check inputs (default 200)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the check inputs")
    parser.add_argument(
        "--check-inputs", help=".npz file with an array x (N, ...) of more check inputs"
    )


def run(args: argparse.Namespace) -> int:
    from bnnverify.imports.onnx_check import check_conversion
    from bnnverify.imports.onnx_convert import convert_onnx, to_network
    from bnnverify.imports.onnx_graph import load_graph
    from bnnverify.io import save_network
    from bnnverify.outputs import check_output_file

    check_output_file(args.out, "--out")
    if args.checks < 0:
        raise UsageError(f"--checks must be >= 0, got {args.checks}")
    extra = load_check_inputs(args.check_inputs) if args.check_inputs else None
    names = tuple(n.strip() for n in args.class_names.split(",")) if args.class_names else ()
    graph = load_graph(args.model)
    conversion = convert_onnx(args.model, args.input_min, args.input_max, args.input_domain, graph)
    to_network(conversion, names)  # validates before the check's work
    result = check_conversion(conversion, graph, args.model, args.checks, args.seed, extra)
    print(result.summary())
    if not result.ok:
        raise DescriptionError(
            f"the conversion disagrees with the ONNX model: {result.disagreement}"
        )
    conversion.provenance["conversion_check"] = {
        "inputs": result.n_inputs,
        "agree_float64_reading": result.agree_reference,
        "agree_onnxruntime": result.agree_onnxruntime,
        "min_margin": result.min_margin,
        "seed": args.seed,
    }
    net = to_network(conversion, names)
    save_network(net, args.out)
    kinds = "-".join(layer.kind for layer in net.layers)
    print(f"wrote {args.out} ({kinds}, input {list(net.input_shape)})")
    return status.EXIT_OK


def load_check_inputs(path: str) -> np.ndarray:
    if not Path(path).is_file():
        raise DataError(f"--check-inputs {path}: no such file")
    with np.load(path, allow_pickle=False) as data:
        if "x" not in data:
            raise DataError(f"--check-inputs {path}: expected an array named x")
        return np.asarray(data["x"], dtype=np.float64)
