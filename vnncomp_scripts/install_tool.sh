#!/usr/bin/env bash
# VNN-COMP tool interface: install_tool.sh v1
# Installs bnnverify (with the onnx and onnxruntime extras) from this checkout into the Python that
# $BNNVERIFY_PYTHON names (default: python3). prepare_instance.sh and run_instance.sh use the
# same Python, so the three agree even when pip's script folder is not on PATH.
set -euo pipefail

VERSION_STRING=v1
if [ "$#" -ne 1 ] || [ "$1" != "$VERSION_STRING" ]; then
    echo "usage: $0 $VERSION_STRING (got: $*)" >&2
    exit 1
fi

TOOL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${BNNVERIFY_PYTHON:-python3}"

"$PYTHON" -m pip install "${TOOL_DIR}[onnx,onnxruntime]"
"$PYTHON" -m bnnverify --version
