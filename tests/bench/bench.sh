#!/bin/sh
# bench.sh SIGNOFF - speed and memory on a generated 50,000-resource plan,
# beside `jq empty` on the same file (design.md §6 targets):
#   load + checks + graph <= 1/2 of jq's time; peak memory <= 2.5x the file.
set -eu
BIN=${1:-build/release/signoff}
N=${BENCH_RESOURCES:-50000}
DIR=${BENCH_DIR:-build/bench}
mkdir -p "$DIR"
PLAN="$DIR/plan-$N.json"
[ -f "$PLAN" ] || python3 tests/bench/gen_plan.py "$N" "$PLAN"
SIZE=$(stat -c %s "$PLAN")
echo "plan: $PLAN, $N resources, $SIZE bytes"

# best of 3 wall-clock seconds and peak RSS (KiB) of a command
measure() {
	best=""; rss=0
	for _ in 1 2 3; do
		/usr/bin/time -f "%e %M" -o "$DIR/time" "$@" >/dev/null 2>"$DIR/stderr" || {
			cat "$DIR/stderr" >&2; return 1; }
		read -r t m <"$DIR/time"
		if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
		[ "$m" -gt "$rss" ] && rss=$m
	done
	echo "$best $rss"
}

# run_all FILE: jq beside each of signoff's headless passes over FILE
run_all() {
	f=$1; size=$(stat -c %s "$f")
	set -- $(measure jq empty "$f"); jq_t=$1
	echo "jq empty:              ${1}s  peak ${2} KiB"
	for what in "show --format json" "check --format json --fail-on critical" \
		"blast --format json --top 20"; do
		# shellcheck disable=SC2086
		if r=$(measure "$BIN" $what "$f" 2>/dev/null); then
			set -- $r
			ratio=$(awk "BEGIN{printf \"%.2f\", $1 / $jq_t}")
			mem=$(awk "BEGIN{printf \"%.2f\", $2 * 1024 / $size}")
			printf 'signoff %-40s %ss (%s of jq)  peak %s KiB (%sx the file)\n' "$what:" "$1" "$ratio" "$2" "$mem"
		else
			printf 'signoff %-40s not available\n' "$what:"
		fi
	done
}
run_all "$PLAN"

# a Pulumi preview of the same order of size
PREVIEW="$DIR/preview-$N.json"
[ -f "$PREVIEW" ] || python3 tests/bench/gen_pulumi.py "$N" "$PREVIEW"
echo "preview: $PREVIEW, $N resources, $(stat -c %s "$PREVIEW") bytes"
run_all "$PREVIEW"

# the review UI: first screen and key presses
sh tests/bench/ui.sh "$BIN"
