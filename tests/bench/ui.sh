#!/bin/sh
# ui.sh [SIGNOFF] - the review UI on a generated 50,000-resource plan:
# how long the tree takes to appear, and the time of each key press
# (navigation, folds, marks, panes) through the real draw code, headless.
# Targets (issue 4, design.md §6): tree well under 1 s, a key under 5 ms.
set -eu
BIN=${1:-build/release/signoff}
N=${BENCH_RESOURCES:-50000}
DIR=${BENCH_DIR:-build/bench}
mkdir -p "$DIR"
PLAN="$DIR/plan-$N.json"
[ -f "$PLAN" ] || python3 tests/bench/gen_plan.py "$N" "$PLAN"
echo "plan: $PLAN ($(stat -c %s "$PLAN") bytes)"
for run in 1 2 3; do
	"$BIN" --keys tests/bench/ui.keys --timings --dump-screen "$DIR/ui.screen" "$PLAN" 2>&1 |
		sed "s/^signoff: /run $run: /"
done
# searches and filters walk every change: timed, but they are not key presses
printf '@size 120x40\n/r\\["svc-49"\\]<Enter>\nn\n:action delete,replace<Enter>\n:clear<Enter>\n' >"$DIR/ops.keys"
"$BIN" --keys "$DIR/ops.keys" --timings "$PLAN" 2>&1 | sed 's/^signoff: /ops: /'
