"""Encoders: layer-by-layer constraints (network.py) written into a back-end's sink.

cnf.py (clauses via cardinality.py, or native AtMost), smt.py (z3 pseudo-Boolean),
cpsat.py (OR-tools CP-SAT, optional). See bnnverify.formula.ConstraintSink.
"""

from __future__ import annotations

from bnnverify.encode.cardinality import CNF_ENCODINGS
from bnnverify.encode.cnf import CnfBuilder, CnfFormula, build_robustness_cnf
from bnnverify.encode.inputs import OrderInput
from bnnverify.encode.network import (
    RobustnessEncoding,
    Signals,
    encode_beats,
    encode_hidden,
    encode_robustness,
)

__all__ = [
    "CNF_ENCODINGS",
    "CnfBuilder",
    "CnfFormula",
    "OrderInput",
    "RobustnessEncoding",
    "Signals",
    "build_robustness_cnf",
    "encode_beats",
    "encode_hidden",
    "encode_robustness",
]
