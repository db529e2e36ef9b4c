"""Float32 replay of a counterexample on onnxruntime (DESIGN.md section 5), when installed.

An imported model's counterexample is exact on the model file; this confirms it on the
original ONNX graph as the field runs it (float32), so a witness that only the exact reading
supports is never reported. onnxruntime is optional (the extra 'onnxruntime'): without it
`onnxruntime_outputs` answers None and the caller says the float32 replay was skipped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from bnnverify.model import Floats


def onnxruntime_session(path: str | Path) -> Any:
    """An onnxruntime InferenceSession of the (possibly gzipped) ONNX file, or None."""
    try:
        import onnxruntime
    except ImportError:
        return None
    from bnnverify.imports.onnx_graph import read_model_bytes

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.log_severity_level = 3
    return onnxruntime.InferenceSession(
        read_model_bytes(path), options, providers=["CPUExecutionProvider"]
    )


def onnxruntime_outputs(path: str | Path, x: Floats, session: Any = None) -> Floats | None:
    """The graph's first output at the VNN-LIB input x (C order of the ONNX input), float32
    as onnxruntime computes it, as float64; None without onnxruntime."""
    session = session if session is not None else onnxruntime_session(path)
    if session is None:
        return None
    node = session.get_inputs()[0]
    shape = [1 if not isinstance(d, int) or d <= 0 else d for d in node.shape]
    feed = np.asarray(x, dtype=np.float32).reshape(shape)
    (y, *_) = session.run(None, {node.name: feed})
    return np.asarray(y, dtype=np.float64).reshape(-1)
