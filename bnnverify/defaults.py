"""Every default of the tool, once. Entry points (CLI, library, benchmarks) read these names.

Measured choices cite where they were measured; the others say why.
"""

from __future__ import annotations

# Verification (check, radius, ...): the fastest configuration measured on the bundled model
# (benchmarks/results/issue8_baseline.md, encodings/README.md).
SOLVER = "portfolio"
ENCODING = "native"
TIMEOUT_S = 60.0  # per query: encoding and solving; past it the verdict is unknown
EPS = 2  # L-infinity radius in input units when --eps is not given
SAMPLES = 100  # inputs checked when neither --samples nor --indices is given
WORKERS = 1
ATTACK_SEED = 0

# Certificates: a DRAT-logging CNF solver and the fastest clause encoding measured for it.
PROOF_SOLVER = "cadical195"
PROOF_ENCODING = "kmtotalizer"

# Exported instances (bnnverify export): the textbook totalizer keeps the generated files of
# encodings/ byte-identical; the manifest's expected verdicts come from a CNF solver.
EXPORT_ENCODING = "totalizer"
EXPORT_SOLVER = "cadical195"

# Training
SPARSITY = 0.5  # target fraction of zero weights with --ternary
