#!/usr/bin/env bash
# VNN-COMP tool interface: prepare_instance.sh v1 BENCHMARK ONNX VNNLIB
# Converts and checks the instance before the timed run (bnnverify vnncomp prepare_instance).
set -euo pipefail

VERSION_STRING=v1
if [ "$#" -ne 4 ] || [ "$1" != "$VERSION_STRING" ]; then
    echo "usage: $0 $VERSION_STRING BENCHMARK ONNX VNNLIB (got: $*)" >&2
    exit 1
fi

BENCHMARK="$2"
ONNX="$3"
VNNLIB="$4"
PYTHON="${BNNVERIFY_PYTHON:-python3}"

echo "bnnverify: preparing benchmark '$BENCHMARK': onnx '$ONNX', vnnlib '$VNNLIB'" >&2
exec "$PYTHON" -m bnnverify vnncomp prepare_instance "$ONNX" "$VNNLIB"
