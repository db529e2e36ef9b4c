"""A VNN-LIB instance (a model and a spec) as a query of the pipeline, and its witness.

- `load_model(path, spec)`: a .npz model file, or an ONNX model (.onnx, .onnx.gz) converted
  by bnnverify.imports; ONNX does not state an input range, so the conversion's is the
  importer's default (0..255, raw 8-bit pixels) widened to hold the spec's box.
- `spec_query(model, spec)`: the spec's box in the model's layout (provenance
  onnx_input_perm / onnx_input_shape, written by the importer) and units (a real-domain model
  reads grid units, model.grid), and the robustness property its output condition states
  (label y, targets j of "Y_j >= Y_y"; a tie is a violation, as `>=` says). Other output
  conditions are not decided yet: one-line error.
- `witness(model, spec, x)`: a counterexample of the pipeline as VNN-LIB inputs (real numbers,
  in VNN-LIB order), checked to lie in the spec's box exactly.
- `answer_instance(net, spec, onnx, config)`: the VNN-COMP answer (`sat` with the
  witness and onnxruntime's outputs, `unsat`, `timeout`, `unknown`) and a summary line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from bnnverify.errors import UsageError
from bnnverify.imports.vnnlib import Spec, from_layout, to_layout
from bnnverify.model import BinaryNetwork, Floats, Ints
from bnnverify.model.grid import from_grid, to_grid
from bnnverify.properties.base import Model
from bnnverify.properties.robustness import Robustness
from bnnverify.regions import Box
from bnnverify.results import Result, Verdict

if TYPE_CHECKING:
    from bnnverify.verify import CheckConfig


@dataclass(frozen=True, eq=False)
class InstanceAnswer:
    """What a VNN-COMP result file says: status, and for sat the witness X and outputs Y."""

    status: str  # "sat", "unsat", "timeout" or "unknown"
    x: Floats | None = None
    y: Floats | None = None
    result: Result | None = None


@dataclass(frozen=True, eq=False)
class SpecQuery:
    """What verify.run takes for one instance: the property and the box region."""

    prop: Robustness
    region: Box


def is_onnx(path: str | Path) -> bool:
    name = str(path).lower()
    return name.endswith(".onnx") or name.endswith(".onnx.gz")


DEFAULT_RANGE = (0, 255)  # the importer's default: raw 8-bit pixels


def spec_range(spec: Spec) -> tuple[int, int]:
    """DEFAULT_RANGE widened to integers holding the spec's box: the range of an import."""
    low, high = DEFAULT_RANGE
    return min(low, math.floor(min(spec.lo))), max(high, math.ceil(max(spec.hi)))


def load_model(path: str | Path, spec: Spec | None = None) -> BinaryNetwork:
    """The model at `path`: a bnnverify .npz, or an ONNX file converted exactly (imports)."""
    if not is_onnx(path):
        from bnnverify.io import load_network

        return load_network(path)
    from bnnverify.imports.onnx_convert import import_onnx

    low, high = spec_range(spec) if spec is not None else DEFAULT_RANGE
    return import_onnx(path, input_min=low, input_max=high)


def layout(net: BinaryNetwork) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(perm, onnx_shape) mapping VNN-LIB's X to the model's flat input (identity for a model
    that was not imported from a differently laid out ONNX input)."""
    shape = net.provenance.get("onnx_input_shape")
    perm = net.provenance.get("onnx_input_perm")
    if shape is None or perm is None:
        return tuple(range(len(net.input_shape))), tuple(net.input_shape)
    return tuple(int(p) for p in perm), tuple(int(d) for d in shape)


def input_bits(model: Model) -> int:
    """The grid units of the model's inputs: 2**-bits per unit (0 for integer models)."""
    return 0 if model.real is None else model.real.bits


def source_net(model: Model) -> BinaryNetwork:
    """The model as its file describes it (a real model's, not its integer view)."""
    return model.real.net if model.real is not None else model.net


def spec_query(model: Model, spec: Spec) -> SpecQuery:
    """The spec's box and robustness property on `model` (module docstring)."""
    source = source_net(model)
    if spec.n_inputs != source.n_inputs:
        raise UsageError(f"the spec has {spec.n_inputs} inputs, the model {source.n_inputs}")
    if spec.n_outputs != source.n_classes:
        raise UsageError(f"the spec has {spec.n_outputs} outputs, the model {source.n_classes}")
    robustness = spec.as_robustness()
    if robustness is None:
        raise UsageError(
            "only robustness output conditions (a disjunction of Y_j >= Y_y) are decided so far"
        )
    label, targets = robustness
    perm, shape = layout(source)
    lo = to_layout(spec.lo_float, perm, shape)
    hi = to_layout(spec.hi_float, perm, shape)
    if model.real is None:  # integer inputs: the integers of the box
        grid_lo, grid_hi = np.ceil(lo).astype(np.int64), np.floor(hi).astype(np.int64)
    else:
        grid_lo, grid_hi = inner_grid(lo, hi, model.real.bits)
    if (grid_lo > grid_hi).any():
        raise UsageError("the spec's box holds no input of the model's grid")
    center = grid_lo + (grid_hi - grid_lo) // 2
    prop = Robustness(model, label, targets, require_correct=False)
    return SpecQuery(prop, Box(grid_lo, grid_hi, center))


def inner_grid(lo: Floats, hi: Floats, bits: int) -> tuple[Ints, Ints]:
    """The box's bounds in grid units; bounds must lie on the grid 2**-bits: then the grid box
    has the real box's corners, so interval bounds over it are exact for the linear layer 0
    (model.grid), and the LP reads the real box itself."""
    try:
        return to_grid(lo, bits), to_grid(hi, bits)
    except UsageError:
        raise UsageError(
            f"the spec's box bounds must lie on the grid 2**-{bits} for a model with real inputs"
        ) from None


def witness(model: Model, spec: Spec, x: Ints) -> Floats:
    """The pipeline's counterexample (flat, grid units) as VNN-LIB inputs X, in VNN-LIB order."""
    source = source_net(model)
    perm, shape = layout(source)
    real = from_grid(x, input_bits(model))
    values = from_layout(real, perm, shape).astype(np.float64)
    if not spec.contains(values.tolist()):
        raise UsageError("the counterexample lies outside the spec's box; please report this")
    return values


def answer_instance(
    net: BinaryNetwork, spec: Spec, onnx: Path, config: CheckConfig
) -> tuple[InstanceAnswer, str]:
    """Decide the instance (module docstring): holds -> unsat, violated -> sat once the witness
    is in the box exactly and onnxruntime (when installed and the file is ONNX) confirms its
    outputs violate the spec; unknown -> timeout or unknown. A witness onnxruntime refutes
    makes the result unknown (its reason says so): it is never reported."""
    from bnnverify.onnx_replay import onnxruntime_outputs
    from bnnverify.verify import run

    model = Model.of(net)
    query = spec_query(model, spec)
    result = run(query.prop, query.region, config, index=0)
    refined = result.details.get("lp_calls")
    lp = f", {refined} LP refinements" if refined else ""
    summary = f"{result.verdict.value} in {result.time_s:.2f} s ({result.decided_by}{lp})"
    if result.verdict is Verdict.HOLDS:
        return InstanceAnswer("unsat", result=result), summary
    if result.verdict is not Verdict.VIOLATED:
        status = "timeout" if result.reason.startswith("timeout") else "unknown"
        return InstanceAnswer(status, result=result), f"{summary}: {result.reason}"
    assert result.counterexample is not None
    x = witness(model, spec, np.asarray(result.counterexample))
    y = onnxruntime_outputs(onnx, x) if is_onnx(onnx) else None
    if y is None:
        y = model_outputs(model, result.counterexample)
        summary += "; float32 replay skipped (no onnxruntime or no ONNX file)"
    elif not spec.is_unsafe_output(y.tolist()):
        why = "onnxruntime's float32 outputs do not violate the spec at the exact witness"
        refused = replace(result, verdict=Verdict.UNKNOWN, reason=why, counterexample=None)
        return InstanceAnswer("unknown", result=refused), f"{summary}, but {why}: not reported"
    else:
        summary += "; confirmed by onnxruntime (float32)"
    return InstanceAnswer("sat", x, y, result), summary


def model_outputs(model: Model, x: Ints) -> Floats:
    """The model's scores at x (grid units), float64 for display (decisions are exact)."""
    from bnnverify.engine import reference

    return reference.scores(model.net, np.asarray(x)[None])[0].astype(np.float64)
