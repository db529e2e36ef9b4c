"""`bnnverify vnncomp prepare_instance|run_instance ...`: VNN-COMP's tool interface.

- `prepare_instance ONNX VNNLIB`: converts the ONNX model (exactly, checked: imports) into a
  model file in the cache ($BNNVERIFY_CACHE, else ~/.cache/bnnverify), keyed by the ONNX
  file's sha256 and the spec's input range, so run_instance does not pay for it.
- `run_instance ONNX VNNLIB RESULT TIMEOUT`: decides the instance within TIMEOUT seconds
  (conversion included when not prepared) and writes RESULT as VNN-COMP scores it
  (bnnverify.vnncomp): `sat` with the witness, `unsat`, `timeout` or `unknown`.

A sat answer is a counterexample replayed exactly on both engines and, when onnxruntime is
installed, in float32 on the ONNX graph itself; the outputs written are onnxruntime's. A
witness that onnxruntime does not confirm is never written: the answer is then unknown. An
unsat answer comes from the sound relaxation of a real-domain first layer (encode.real) or
the exact integer encoding. The verdict, its time and reason go to stdout as one line.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from bnnverify import defaults, status
from bnnverify.cli import common
from bnnverify.errors import UsageError

if TYPE_CHECKING:
    from bnnverify.imports.vnnlib import Spec
    from bnnverify.instances import InstanceAnswer
    from bnnverify.model import BinaryNetwork


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("vnncomp", help="VNN-COMP's tool interface (ONNX + VNN-LIB)")
    steps = parser.add_subparsers(dest="step", required=True, metavar="STEP")
    prepare = steps.add_parser("prepare_instance", help="convert the ONNX model ahead of time")
    prepare.add_argument("onnx", help="ONNX model (.onnx or .onnx.gz)")
    prepare.add_argument("vnnlib", help="VNN-LIB property (.vnnlib or .vnnlib.gz)")
    run = steps.add_parser("run_instance", help="decide the instance, write the result file")
    run.add_argument("onnx", help="ONNX model (.onnx or .onnx.gz), or a bnnverify .npz")
    run.add_argument("vnnlib", help="VNN-LIB property (.vnnlib or .vnnlib.gz)")
    run.add_argument("result", help="result file to write")
    run.add_argument("timeout", type=float, help="seconds for the whole instance")
    run.add_argument("--solver", default=defaults.SOLVER, help="solver back-end (see check)")


def gzipped_twin(path: Path) -> Path:
    """`path`, or `path`.gz when only that exists (VNN-COMP's instances.csv names the files
    its harness unpacks: model.onnx for model.onnx.gz)."""
    if path.is_file():
        return path
    twin = path.with_name(path.name + ".gz")
    if twin.is_file():
        return twin
    raise UsageError(f"{path}: no such file")


def cache_path(onnx: Path, input_range: tuple[int, int]) -> Path:
    from bnnverify.io import file_sha256

    root = Path(os.environ.get("BNNVERIFY_CACHE") or Path.home() / ".cache" / "bnnverify")
    low, high = input_range
    return root / "vnncomp" / f"{file_sha256(onnx)[:16]}_{low}_{high}.npz"


def prepared_model(onnx: Path, spec: Spec) -> BinaryNetwork:
    """The model of the instance: the cached conversion, else a fresh one (then cached)."""
    from bnnverify.instances import is_onnx, load_model, spec_range
    from bnnverify.io import load_network, save_network

    if not is_onnx(onnx):
        return load_model(onnx)
    cached = cache_path(onnx, spec_range(spec))
    if cached.exists():
        return load_network(cached)
    net = load_model(onnx, spec)
    cached.parent.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(".partial")
    save_network(net, partial)
    partial.replace(cached)
    return net


def run(args: argparse.Namespace) -> int:
    from bnnverify.imports.vnnlib import read_vnnlib

    from bnnverify.outputs import check_output_file

    started = time.perf_counter()
    onnx, vnnlib = gzipped_twin(Path(args.onnx)), gzipped_twin(Path(args.vnnlib))
    if args.step == "run_instance":  # every output path before any work
        check_output_file(args.result, "RESULT")
        common.check_timeout(args.timeout, "TIMEOUT")
    spec = read_vnnlib(vnnlib)
    net = prepared_model(onnx, spec)
    if args.step == "prepare_instance":
        print(f"prepared {onnx.name} ({time.perf_counter() - started:.1f} s)")
        return status.EXIT_OK
    answer, line = decide(net, spec, onnx, args, started)
    from bnnverify.vnncomp import write_result

    write_result(args.result, answer.status, answer.x, answer.y)
    print(line)
    return status.EXIT_OK


def decide(
    net: BinaryNetwork, spec: Spec, onnx: Path, args: argparse.Namespace, started: float
) -> tuple[InstanceAnswer, str]:
    """(the answer, its summary line) within what is left of TIMEOUT (module docstring)."""
    from bnnverify.attack import LONG_ATTACK
    from bnnverify.instances import answer_instance
    from bnnverify.verify import CheckConfig

    left = max(float(args.timeout) - (time.perf_counter() - started), 0.0)
    config = CheckConfig(solver=args.solver, timeout_s=left, attack=LONG_ATTACK)
    return answer_instance(net, spec, onnx, config)
