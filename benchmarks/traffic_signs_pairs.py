"""An experiment on model_30_idx_8258_eps_1: does geometry between first-layer neurons help?

    python benchmarks/traffic_signs_pairs.py [--classes 42,35,19] [--solver portfolio] [--s 40]

The free-sign relaxation (encode.real) lets two first-layer neurons that read shared pixels take
sign combinations no real input gives. This checks every pair of undecided first-layer neurons
that share a pixel, all four sign combinations, with the LP (bnnverify.lp: a combination is
excluded only by an exactly checked Farkas certificate), adds one clause per excluded
combination, and solves chosen target classes one at a time, with and without those clauses.
Appends its findings to benchmarks/results/traffic_signs_pairs.md. Not imported by the package.
"""

from __future__ import annotations

import argparse
import itertools
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from bnnverify import lp
from bnnverify.backends import make_sink, solve
from bnnverify.encode.real import RealInput, first_layer_rows
from bnnverify.imports.vnnlib import read_vnnlib
from bnnverify.instances import load_model, spec_query
from bnnverify.model.grid import from_grid
from bnnverify.properties.base import Model
from bnnverify.properties.robustness import Robustness

HERE = Path(__file__).resolve().parent
BENCHMARK = HERE.parent.parent / "shared" / "benchmarks" / "vnncomp2023-traffic-signs"
ONNX = BENCHMARK / "onnx" / "3_30_30_QConv_16_3_QConv_32_2_Dense_43_ep_30.onnx.gz"
SPEC = BENCHMARK / "vnnlib" / "model_30_idx_8258_eps_1.00000.vnnlib.gz"


def excluded_pairs(model: Model, box, free: np.ndarray) -> tuple[list, int]:
    """[(neuron, sign), ...] cores of the LP over pairs sharing a pixel, and the LP count."""
    assert model.real is not None
    rows = first_layer_rows(model.real.net, free)
    lo, hi = from_grid(box.lo, model.real.bits), from_grid(box.hi, model.real.bits)
    pixels = [set(index.tolist()) for index in rows.indices]
    cores, n_lp = [], 0
    for a, b in itertools.combinations(range(free.size), 2):
        if not pixels[a] & pixels[b]:
            continue
        for signs in itertools.product((-1, 1), repeat=2):
            outcome = lp.check_pattern(rows, np.array([a, b]), np.array(signs, np.int8), lo, hi,
                                       (lo + hi) / 2, max_cores=1)  # fmt: skip
            n_lp += 1
            if isinstance(outcome, lp.Infeasible):
                sign_of = {a: signs[0], b: signs[1]}
                cores.append([(int(free[q]), sign_of[q]) for q in outcome.cores[0]])
    return cores, n_lp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--classes", default="42,35,19")
    parser.add_argument("--solver", default="portfolio")
    parser.add_argument("--s", type=float, default=40, help="seconds per class and variant")
    args = parser.parse_args(argv)
    spec = read_vnnlib(SPEC)
    model = Model.of(load_model(ONNX, spec))
    query = spec_query(model, spec)
    box = query.region.box(model.net)
    bounds = model.bounds(box)
    free = np.flatnonzero(bounds.signs(0) == 0)
    started = time.perf_counter()
    cores, n_lp = excluded_pairs(model, box, free)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=HERE).stdout.strip()  # fmt: skip
    lines = [f"\n## `python benchmarks/traffic_signs_pairs.py {' '.join(sys.argv[1:])}` "
             f"(commit {commit})", "",
             f"{free.size} undecided first-layer neurons; {n_lp} LPs over pairs sharing a pixel "
             f"in {time.perf_counter() - started:.1f} s: {len(cores)} sign combinations excluded "
             "(each by a checked Farkas certificate).", "",
             f"| class | {args.solver}, free signs | + pair clauses |",
             "|---|---|---|"]  # fmt: skip
    for c in (int(v) for v in args.classes.split(",")):
        cells = []
        for with_pairs in (False, True):
            prop = Robustness(model, query.prop.label, (c,), require_correct=False)
            sink = make_sink(args.solver, "native")
            encoded = prop.encode(sink, box, [bounds], None)
            inputs = encoded.inputs
            assert isinstance(inputs, RealInput)
            for core in cores if with_pairs else ():
                sink.add_clause([-inputs.free[j] if s > 0 else inputs.free[j] for j, s in core])
            tic = time.perf_counter()
            answer = solve(sink, args.solver, timeout_s=args.s)
            cells.append(f"{answer.status.name.lower()} in {time.perf_counter() - tic:.1f} s")
        lines.append(f"| {c} | {cells[0]} | {cells[1]} |")
        print(lines[-1], flush=True)
    path = HERE / "results" / "traffic_signs_pairs.md"
    if not path.exists():
        path.write_text(
            "# Pair clauses on model_30_idx_8258_eps_1\n\nOne target class per query; 'unsat' "
            "refutes that class on the real box; 'sat' is a model of the relaxation only (no "
            "LP refinement runs here), 'unknown' the time limit.\n",
            encoding="utf-8",
        )
    with open(path, "a", encoding="utf-8") as stream:
        stream.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
