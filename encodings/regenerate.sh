#!/usr/bin/env bash
# Regenerate the instance catalogue from the bundled model and bundled sample images:
#   encodings/regenerate.sh            # rewrites encodings/catalogue/
#   encodings/regenerate.sh DIR        # writes the same files under DIR (tests/test_export.py)
# The output is byte-identical on every run (no timestamps; expected verdicts are solved in
# well under the 60 s timeout). Set PYTHON to choose the interpreter (default: python3).
set -euo pipefail
out="${1:-$(dirname "$0")/catalogue}"
py="${PYTHON:-python3}"
export_() { "$py" -m bnnverify export --property robustness "$@"; }

# eps = 1 on inputs whose region fixes almost every neuron (173: all 500, 83: 499, 30: 498),
# plus 269, which the attack shows violated (21 free neurons).
export_ --format dimacs --encoding totalizer --eps 1 --indices 173,83,30 \
    --out "$out/dimacs-totalizer"
export_ --format dimacs --encoding totalizer2 --eps 1 --indices 173,83,30,269 \
    --out "$out/dimacs-totalizer2"
export_ --format opb --eps 1 --indices 173,83,30,269 --out "$out/opb"
export_ --format smt2 --eps 1 --indices 173,83,30,269 --out "$out/smt2"
# Native constraints stay small at larger radii: eps = 2, and a targeted query.
export_ --format opb --eps 2 --indices 83,422 --out "$out/opb-eps2"
export_ --format smt2 --eps 2 --indices 83 --target 0 --out "$out/smt2-eps2-target0"
