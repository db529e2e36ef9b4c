"""`bnnverify eval [MODEL]`: accuracy of the reference and packed engines, and their agreement."""

from __future__ import annotations

import argparse
import json
import time

from bnnverify import status
from bnnverify.cli import common
from bnnverify.errors import BnnVerifyError


def add_parser(commands: argparse._SubParsersAction) -> None:
    evaluate = commands.add_parser(
        "eval", help="accuracy on both engines and their agreement", epilog=common.EPILOG
    )
    evaluate.add_argument("model", nargs="?", help="model file (default: the bundled model)")
    common.add_data_options(evaluate)
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from bnnverify.engine import reference
    from bnnverify.engine.packed import PackedNetwork
    from bnnverify.io import load_network

    path = common.model_path(args.model)
    net = load_network(path)
    dataset = common.load_eval_data(args)
    common.check_input_shape(net, dataset.x, dataset.source)
    common.check_labels(net, dataset)
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
    return status.EXIT_OK
