#!/bin/bash
# The 5 rows that differ between issue8_baseline and issue8_after (all at the 10 s limit),
# re-run on both trees with a 120 s limit, one after the other. Run from the repository root
# with the venv active; /work/wt-before and /work/wt-after are worktrees of 6c66ca4 and 01bb348.
set -u
out=benchmarks/results/issue8_time_limit_recheck.md
{
echo "# The rows that differ at the 10 s limit, re-run with 120 s"
echo
echo "Command: \`bash benchmarks/issue8_recheck.sh\` (for each tree: \`python -m bnnverify check --dataset fashion-mnist --eps 3 --indices I --solver cadical195 --encoding E --timeout 120 --json\`, trees /work/wt-before = 6c66ca4 and /work/wt-after = 01bb348)."
echo
echo "| encoding | index | before: verdict (s) | after: verdict (s) |"
echo "|---|---|---|---|"
} > $out
for spec in "kmtotalizer 0" "totalizer2 8" "totalizer 6" "seqcounter 0" "seqcounter 7"; do
  set -- $spec
  row="| $1 | $2 |"
  for tree in wt-before wt-after; do
    res=$(cd /tmp && PYTHONPATH=/work/$tree python -m bnnverify check --dataset fashion-mnist --eps 3 --indices $2 --solver cadical195 --encoding $1 --timeout 120 --json 2>/dev/null | python3 -c "import json,sys; s=json.load(sys.stdin); print(s['result'], s['max_time_s'])")
    row="$row $res |"
  done
  echo "$row" >> $out
done
cat $out
