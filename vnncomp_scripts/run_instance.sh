#!/usr/bin/env bash
# VNN-COMP tool interface: run_instance.sh v1 BENCHMARK ONNX VNNLIB RESULTS TIMEOUT
# Decides the instance within TIMEOUT seconds and writes RESULTS (first line sat, unsat,
# timeout or unknown; a sat one with the witness) via bnnverify vnncomp run_instance.
set -euo pipefail

VERSION_STRING=v1
if [ "$#" -ne 6 ] || [ "$1" != "$VERSION_STRING" ]; then
    echo "usage: $0 $VERSION_STRING BENCHMARK ONNX VNNLIB RESULTS TIMEOUT (got: $*)" >&2
    exit 1
fi

BENCHMARK="$2"
ONNX="$3"
VNNLIB="$4"
RESULTS="$5"
TIMEOUT="$6"
PYTHON="${BNNVERIFY_PYTHON:-python3}"

echo "bnnverify: running benchmark '$BENCHMARK': onnx '$ONNX', vnnlib '$VNNLIB'," \
    "results '$RESULTS', timeout ${TIMEOUT}s" >&2
exec "$PYTHON" -m bnnverify vnncomp run_instance "$ONNX" "$VNNLIB" "$RESULTS" "$TIMEOUT"
