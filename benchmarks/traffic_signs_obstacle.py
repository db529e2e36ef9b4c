"""Where the open traffic-signs instances resist: measurements, not a verdict.

    python benchmarks/traffic_signs_obstacle.py [--solve-s 60] [--class-s 10] [--radius-s 120]

For the three instances no tool solved in VNN-COMP 2023 (model_30_idx_8258_eps_1,
model_30_idx_8258_eps_3, model_64_idx_8258_eps_1), and with the same code path as
`bnnverify vnncomp run_instance` (import, the spec's box, interval bounds, the free-sign
relaxation of the real first layer, LP refinement):

1. undecided neurons per layer after interval bounds, and formula sizes;
2. model_30_idx_8258_eps_1 as one query, per solver, within --solve-s;
3. the same instance one target class at a time (targeted robustness), each within --class-s:
   which classes are refuted, and how fast;
4. boxes of growing radius r around that instance's image (|X_i - image_i| <= r, real), each
   within --radius-s: where proofs of robustness stop.

Writes benchmarks/results/traffic_signs_obstacle.md. Not imported by the package.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

from bnnverify.backends import make_sink
from bnnverify.imports.vnnlib import Spec, read_vnnlib
from bnnverify.instances import load_model, spec_query
from bnnverify.properties.base import Model
from bnnverify.properties.robustness import Robustness
from bnnverify.verify import CheckConfig, run

HERE = Path(__file__).resolve().parent
BENCHMARK = HERE.parent.parent / "shared" / "benchmarks" / "vnncomp2023-traffic-signs"
MODEL_30 = "onnx/3_30_30_QConv_16_3_QConv_32_2_Dense_43_ep_30.onnx.gz"
MODEL_64 = (
    "onnx/3_64_64_QConv_32_5_MP_2_BN_QConv_64_5_MP_2_BN_QConv_64_3_MP_2_BN_Dense_1024_BN_"
    "Dense_43_ep_30.onnx.gz"
)
OPEN = (
    (MODEL_30, "vnnlib/model_30_idx_8258_eps_1.00000.vnnlib.gz"),
    (MODEL_30, "vnnlib/model_30_idx_8258_eps_3.00000.vnnlib.gz"),
    (MODEL_64, "vnnlib/model_64_idx_8258_eps_1.00000.vnnlib.gz"),
)
SOLVERS = (("portfolio", "native"), ("cpsat", "native"), ("cadical195", "kmtotalizer"))
RADII = (Fraction(1, 4), Fraction(1, 2), Fraction(3, 4), Fraction(1))


def instance(onnx: str, vnnlib: str) -> tuple[Model, Spec]:
    spec = read_vnnlib(BENCHMARK / vnnlib)
    return Model.of(load_model(BENCHMARK / onnx, spec)), spec


def free_counts(model: Model, spec: Spec) -> list[str]:
    query = spec_query(model, spec)
    bounds = model.bounds(query.region.box(model.net))
    cells = []
    for k, layer in enumerate(model.net.layers[:-1]):
        signs = bounds.signs(k)
        cells.append(f"{layer.kind} {int((signs == 0).sum())}/{signs.size}")
    sink = make_sink("portfolio", "native")
    query.prop.encode(sink, query.region.box(model.net), [bounds], None)
    cells.append(f"{sink.n_vars} vars, {sink.n_clauses} clauses (native)")
    return cells


def decide(prop: Robustness, region, solver: str, encoding: str, seconds: float) -> str:
    config = CheckConfig(solver=solver, encoding=encoding, timeout_s=seconds)
    result = run(prop, region, config)
    refined = result.details.get("lp_calls")
    lp = f", {refined} LP refinements" if refined else ""
    reason = f" ({result.reason})" if result.reason else ""
    return f"{result.verdict.value}{reason} in {result.time_s:.1f} s{lp}"


def radius_spec(spec: Spec, radius: Fraction) -> Spec:
    """The spec's output condition on |X_i - image_i| <= radius (clipped to [0, 255]); the
    image is the middle of the spec's box rounded to integers."""
    image = [round((lo + hi) / 2) for lo, hi in zip(spec.lo, spec.hi, strict=True)]
    lo = tuple(max(Fraction(0), v - radius) for v in image)
    hi = tuple(min(Fraction(255), v + radius) for v in image)
    return Spec(spec.n_inputs, spec.n_outputs, lo, hi, spec.disjuncts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--solve-s", type=float, default=60)
    parser.add_argument("--class-s", type=float, default=10)
    parser.add_argument("--radius-s", type=float, default=120)
    args = parser.parse_args(argv)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=HERE).stdout.strip()  # fmt: skip
    command = " ".join(["python benchmarks/traffic_signs_obstacle.py", *sys.argv[1:]])
    lines = ["# Where the open traffic-signs instances resist", "",
             f"Command: `{command}` (commit {commit}).", "",
             "## 1. Undecided neurons after interval bounds (free / total per layer)",
             ""]  # fmt: skip
    for onnx, vnnlib in OPEN:
        model, spec = instance(onnx, vnnlib)
        lines.append(f"- {Path(vnnlib).name}: " + "; ".join(free_counts(model, spec)))
        print(lines[-1], flush=True)
    model, spec = instance(*OPEN[0])
    query = spec_query(model, spec)
    lines += ["", f"## 2. {Path(OPEN[0][1]).name} as one query (--solve-s {args.solve_s:g})", ""]
    for solver, encoding in SOLVERS:
        verdict = decide(query.prop, query.region, solver, encoding, args.solve_s)
        lines.append(f"- {solver}/{encoding}: {verdict}")
        print(lines[-1], flush=True)
    lines += ["", f"## 3. One target class at a time (portfolio, --class-s {args.class_s:g})", "",
              "| class | verdict |", "|---|---|"]  # fmt: skip
    started = time.perf_counter()
    for c in query.prop.checked_targets():
        prop = Robustness(model, query.prop.label, (c,), require_correct=False)
        lines.append(f"| {c} | {decide(prop, query.region, 'portfolio', 'native', args.class_s)} |")
        print(lines[-1], flush=True)
    lines.append(f"\nAll classes: {time.perf_counter() - started:.0f} s.")
    lines += ["", f"## 4. Real boxes of radius r around the image (--radius-s {args.radius_s:g})",
              ""]  # fmt: skip
    for radius in RADII:
        small = spec_query(model, radius_spec(spec, radius))
        verdict = decide(small.prop, small.region, "portfolio", "native", args.radius_s)
        lines.append(f"- r = {radius}: {verdict}")
        print(lines[-1], flush=True)
    (HERE / "results" / "traffic_signs_obstacle.md").write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
