# tests/cli/lib.sh - helpers for the CLI tests (sourced).
# Each test script ends with `finish`, which prints "N passed, N failed".
: "${SIGNOFF_BIN:=./signoff}"
passed=0
failed=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/signoff-cli.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

ok() { passed=$((passed + 1)); }
not_ok() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }

# expect_exit CODE DESCRIPTION -- COMMAND...
expect_exit() {
	want=$1; desc=$2; shift 3
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else
		not_ok "$desc: exit $got, expected $want"; sed 's/^/  | /' "$TMP/err" >&2; fi
}

# contains FILE TEXT DESCRIPTION
contains() {
	if grep -qF -- "$2" "$1"; then ok; else not_ok "$3: '$2' not in $1"; sed 's/^/  | /' "$1" | head -20 >&2; fi
}

# lacks FILE TEXT DESCRIPTION
lacks() {
	if grep -qF -- "$2" "$1"; then not_ok "$3: '$2' found in $1"; else ok; fi
}

# lines FILE N DESCRIPTION
lines() {
	n=$(wc -l <"$1" | tr -d ' ')
	if [ "$n" -eq "$2" ]; then ok; else not_ok "$3: $n lines, expected $2"; sed 's/^/  | /' "$1" >&2; fi
}

# golden ACTUAL EXPECTED DESCRIPTION: UPDATE_GOLDEN=1 rewrites EXPECTED.
golden() {
	if [ -n "${UPDATE_GOLDEN:-}" ]; then cp "$1" "$2"; ok; return; fi
	if cmp -s "$1" "$2"; then ok; else
		not_ok "$3: output differs from $2 (UPDATE_GOLDEN=1 make check rewrites it)"
		diff -u "$2" "$1" | head -40 >&2
	fi
}

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
