"""Importers (DESIGN.md section 8): ONNX BNNs (Larq / tf2onnx, QONNX / Brevitas) into the model
description, and VNN-LIB specifications (vnnlib, vnnlib_parse).

The `onnx` package is an optional extra (`pip install 'bnnverify[onnx]'`), imported only
inside the onnx_* modules. onnx_graph reads nodes, constants and layouts; onnx_walk,
onnx_nodes and onnx_pending convert (onnx_convert is the entry point); onnx_reference is an
independent float64 interpreter of the ONNX graph, the oracle of onnx_check.
"""

from __future__ import annotations
