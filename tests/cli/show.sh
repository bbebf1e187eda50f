#!/bin/sh
# tests/cli/show.sh - `signoff show`: goldens, JSON, errors, colour, secrets.
. tests/cli/lib.sh
S=$SIGNOFF_BIN
run() { if [ -n "${SIGNOFF_VALGRIND:-}" ]; then valgrind -q --error-exitcode=99 --leak-check=full "$@"; else "$@"; fi; }

# Goldens: the text of every valid plan.
for plan in testdata/plans/valid/*.json; do
	name=${plan%.json}
	expect_exit 0 "show $plan" -- run "$S" show --color=never "$plan"
	golden "$TMP/out" "$name.show" "show $plan"
	expect_exit 0 "show --full $plan" -- run "$S" show --color=never --full "$plan"
	expect_exit 0 "show --format json $plan" -- run "$S" show --format json "$plan"
	if python3 -m json.tool "$TMP/out" >/dev/null 2>&1; then ok; else not_ok "json of $plan does not parse"; fi
	contains "$TMP/out" '"schema": "signoff.plan/v1"' "json schema of $plan"
done

# No sensitive value in any output.
for fmt in text json; do
	"$S" show --full --format $fmt testdata/plans/valid/all-actions.json >"$TMP/all.$fmt" 2>&1
	for secret in hunter2 s3cr3t var-secret-value default-secret postgres://old AKIAEXAMPLE; do
		lacks "$TMP/all.$fmt" "$secret" "$fmt output leaks"
	done
done
contains "$TMP/all.json" '"sensitive_changed": true' "json says a sensitive value changed"
contains "$TMP/all.json" '"after_sensitive_paths"' "json lists sensitive paths"

# Standard input.
expect_exit 0 "show from stdin" -- sh -c "\"$S\" show - < testdata/plans/valid/minimal.json"
contains "$TMP/out" "null_resource.a will be created" "stdin plan"

# Colour: never on a pipe unless asked; NO_COLOR wins over auto.
"$S" show testdata/plans/valid/minimal.json >"$TMP/plain" 2>&1
esc=$(printf '\033')
lacks "$TMP/plain" "$esc[" "no colour on a pipe"
"$S" show --color=always testdata/plans/valid/minimal.json >"$TMP/colour" 2>&1
contains "$TMP/colour" "$esc[32m+" "colour when asked"
NO_COLOR=1 "$S" show testdata/plans/valid/minimal.json >"$TMP/nc" 2>&1
lacks "$TMP/nc" "$esc[" "NO_COLOR"

# Hostile strings are escaped.
"$S" show testdata/plans/valid/hostile.json >"$TMP/h" 2>&1
lacks "$TMP/h" "$esc" "no raw ESC from the plan"
contains "$TMP/h" '\x1b[2J' "ESC shown escaped"
contains "$TMP/h" '\u{202e}' "bidi override shown escaped"

# Bad input: one line on stderr naming the file and position, exit 2.
for f in testdata/plans/invalid/*; do
	expect_exit 2 "bad input $f" -- run "$S" show "$f"
	lines "$TMP/err" 1 "one error line for $f"
	contains "$TMP/err" "signoff: $f" "error names $f"
	lines "$TMP/out" 0 "nothing on stdout for $f"
done
"$S" show testdata/plans/invalid/truncated.json 2>"$TMP/e" >/dev/null
contains "$TMP/e" "truncated.json:1:181: unexpected end of input" "truncated: position"
# --ascii: not one byte outside ASCII (the drift rule included), though
# the same plan has some without it
expect_exit 0 "show --ascii" -- "$S" show --ascii --color=never testdata/plans/valid/all-actions.json
if LC_ALL=C grep -q '[^ -~	]' "$TMP/out"; then not_ok "--ascii printed a non-ASCII byte"; else ok; fi
contains "$TMP/out" "-----------------------------------------------------------------------------" "--ascii drift rule"
expect_exit 0 "show without --ascii" -- "$S" show --color=never testdata/plans/valid/all-actions.json
contains "$TMP/out" "─────" "the drift rule"
expect_exit 2 "missing file" -- "$S" show testdata/plans/invalid/does-not-exist.json
contains "$TMP/err" "does-not-exist.json: cannot open" "missing file message"
expect_exit 2 "usage: no SOURCE" -- "$S" show
expect_exit 2 "usage: bad format" -- "$S" show --format yaml testdata/plans/valid/minimal.json
finish
