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

# Maximal robust radius (bnnverify radius, bnnverify/radius.py): one encoding solved again and
# again under assumptions needs a solver that keeps its state (backends/incremental.py); the
# portfolio does not (a fresh pair per call). Measured on the bundled model, the 25 correctly
# classified inputs of the first 30, max eps 8, 30 s per input, 2 shared cores (the attack then
# ran before every solver call): minicard 222 s, 4 open; gluecard4 273 s, 4 open, its interrupt
# ignored once (97 s on a 30 s budget); cadical195 / kmtotalizer (in process: conflict rounds,
# a soft limit) 10 of its first 16 inputs open, up to 50 s on a 30 s budget. Upward search beat
# doubling + binary search (53.7 s vs 69.9 s on the 21 decided inputs, run back to back): the
# unsat calls at large eps are the dear ones.
RADIUS_SOLVER = "minicard"
RADIUS_ENCODING = "native"
RADIUS_SEARCH = "upward"
RADIUS_MAX_EPS = 8  # largest L-infinity radius searched when --max-eps is not given

# Certificates: a DRAT-logging CNF solver and the fastest clause encoding measured for it.
PROOF_SOLVER = "cadical195"
PROOF_ENCODING = "kmtotalizer"

# Exported instances (bnnverify export): the textbook totalizer keeps the generated files of
# encodings/ byte-identical; the manifest's expected verdicts come from a CNF solver.
EXPORT_ENCODING = "totalizer"
EXPORT_SOLVER = "cadical195"

# Training
SPARSITY = 0.5  # target fraction of zero weights with --ternary
