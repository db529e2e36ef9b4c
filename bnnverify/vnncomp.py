"""VNN-COMP result files: the first line is the verdict, a `sat` one carries the witness.

The format, as VNN-COMP's harness reads it (ChristopherBrix/vnncomp2023_benchmarks
`run_single_instance.sh`; scoring in `SCORING/settings.py` and `SCORING/counterexamples.py` of
the vnncomp2022 to vnncomp2025 results repositories):

- the first line, whitespace removed, is the result; the scorer maps the prefixes `unsat` ->
  holds and `sat` -> violated, and also accepts `holds`, `violated`, `timeout`, `error` and
  `unknown`. The counterexample is read only when the first line is exactly `sat`, so we write
  the canonical `sat`, `unsat`, `timeout`, `unknown` (errors are a nonzero exit status);
- for `sat`, the lines after the first are the witness
  `((X_0 v)\\n (X_1 v)\\n ... (Y_0 v)\\n ...)`: every input in the VNN-LIB order (the C-order
  flattening of the ONNX input), then every output; the scorer casts X to the ONNX input dtype,
  runs onnxruntime and compares its outputs with these Y (relative tolerance), then checks
  the spec on them. Values are written with repr, so they read back as the same float64.

The harness first writes `no_result_in_file` into the result file; `write_result` replaces it
atomically (a temporary file in the same folder, then a rename), so a killed run leaves either
that or a complete result, never half a witness.
"""

from __future__ import annotations

import enum
import math
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bnnverify.errors import DataError, UsageError

__all__ = ["VnnResult", "VnnStatus", "format_result", "parse_result", "read_result", "write_result"]

Floats = npt.NDArray[np.float64]


class VnnStatus(enum.Enum):
    SAT = "sat"  # a counterexample (VNN-COMP also says "violated")
    UNSAT = "unsat"  # the property holds ("holds")
    TIMEOUT = "timeout"
    UNKNOWN = "unknown"

    @classmethod
    def parse(cls, word: str) -> VnnStatus:
        """A result word, canonical or one of VNN-COMP's synonyms (holds, violated)."""
        word = "".join(word.split()).lower()
        status = _SYNONYMS.get(word)
        if status is None:
            try:
                status = cls(word)
            except ValueError:
                raise UsageError(
                    f"a VNN-COMP result must be sat, unsat, timeout or unknown, got {word!r}"
                ) from None
        return status


_SYNONYMS = {"holds": VnnStatus.UNSAT, "violated": VnnStatus.SAT}
_ENTRY = re.compile(r"\(\s*([XY])_(\d+)\s+([^\s()]+)\s*\)")


@dataclass(frozen=True, eq=False)
class VnnResult:
    """A parsed result file; x and y are set exactly when status is SAT."""

    status: VnnStatus
    x: Floats | None = None  # (n_inputs,), VNN-LIB order
    y: Floats | None = None  # (n_outputs,)


def _witness_values(name: str, values: npt.ArrayLike) -> Floats:
    array = np.asarray(values, dtype=np.float64).reshape(-1)
    if not np.isfinite(array).all():
        i = int(np.argmin(np.isfinite(array)))
        raise UsageError(f"the witness {name}_{i} must be finite, got {array[i]}")
    return array


def format_result(
    status: VnnStatus | str, x: npt.ArrayLike | None = None, y: npt.ArrayLike | None = None
) -> str:
    """The text of a result file: the status line, and for sat the witness (x, then y)."""
    status = status if isinstance(status, VnnStatus) else VnnStatus.parse(status)
    if status is not VnnStatus.SAT:
        if x is not None or y is not None:
            raise UsageError(f"only a sat result carries a witness, got {status.value} with one")
        return f"{status.value}\n"
    if x is None or y is None:
        raise UsageError("a sat result needs the witness: both x (inputs) and y (outputs)")
    xs, ys = _witness_values("X", x), _witness_values("Y", y)
    if xs.size == 0 or ys.size == 0:
        raise UsageError(f"a sat witness needs inputs and outputs, got {xs.size} and {ys.size}")
    entries = [f"(X_{i} {float(v)!r})" for i, v in enumerate(xs)]
    entries += [f"(Y_{j} {float(v)!r})" for j, v in enumerate(ys)]
    return "sat\n(" + "\n ".join(entries) + ")\n"


def write_result(
    path: str | os.PathLike[str],
    status: VnnStatus | str,
    x: npt.ArrayLike | None = None,
    y: npt.ArrayLike | None = None,
) -> None:
    """Write a VNN-COMP result file atomically (temporary file in the same folder + rename).

    Args:
        path: the result file VNN-COMP names (an existing one is replaced).
        status: a VnnStatus or its word (holds / violated accepted, written as unsat / sat).
        x: for sat, the counterexample input in the VNN-LIB order (float64; give the exact
            float32 values that replayed, as float64, since the scorer casts X to float32).
        y: for sat, the network outputs on x, as the ONNX model computes them.
    """
    text = format_result(status, x, y)
    target = Path(path)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temp, 0o644)  # mkstemp makes 0600; the harness may read as another user
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def parse_result(text: str, source: str = "<result>") -> VnnResult:
    """Read the text of a result file (strict: the witness lists X_0.. then Y_0.. in order)."""
    first, _, rest = text.partition("\n")
    try:
        status = VnnStatus.parse(first)
    except UsageError as e:
        raise DataError(f"{source}: {e}") from None
    body = rest.strip()
    if status is not VnnStatus.SAT:
        if body:
            raise DataError(f"{source}: a {status.value} result must have nothing after line 1")
        return VnnResult(status)
    if not (body.startswith("(") and body.endswith(")")):
        raise DataError(f"{source}: a sat result needs a witness ((X_0 v) ... (Y_0 v) ...)")
    inner = body[1:-1]
    values: dict[str, list[float]] = {"X": [], "Y": []}
    end = 0
    for m in _ENTRY.finditer(inner):
        if inner[end : m.start()].strip():
            raise DataError(f"{source}: unexpected text in the witness: {inner[end : m.start()]!r}")
        kind, index, number = m.group(1), int(m.group(2)), m.group(3)
        if kind == "X" and values["Y"]:
            raise DataError(f"{source}: X_{index} after the outputs in the witness")
        if index != len(values[kind]):
            raise DataError(f"{source}: expected {kind}_{len(values[kind])}, got {kind}_{index}")
        try:
            value = float(number)
        except ValueError:
            raise DataError(f"{source}: {kind}_{index} is not a number: {number!r}") from None
        if not math.isfinite(value):
            raise DataError(f"{source}: {kind}_{index} is not finite: {number!r}")
        values[kind].append(value)
        end = m.end()
    if inner[end:].strip():
        raise DataError(f"{source}: unexpected text in the witness: {inner[end:]!r}")
    if not values["X"] or not values["Y"]:
        raise DataError(f"{source}: the witness needs both inputs X_i and outputs Y_j")
    return VnnResult(status, np.array(values["X"]), np.array(values["Y"]))


def read_result(path: str | os.PathLike[str]) -> VnnResult:
    """Read a result file written by write_result (or by another VNN-COMP tool)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise DataError(f"{path}: cannot read the result file: {e}") from None
    return parse_result(text, source=str(path))
