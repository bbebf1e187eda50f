#!/bin/sh
# tests/cli/pulumi.sh - `signoff show` (and `check`) on Pulumi previews, event
# streams, saved plans, summaries and stack exports: exit codes, the lines the
# loader decides and the Pulumi summary block, one-line errors, secrets never
# printed, escapes, and the shared corpus when present.
set -u

BIN=${SIGNOFF_BIN:-./signoff}
D=testdata/pulumi
CORPUS=${SIGNOFF_CORPUS:-../shared/corpus}/pulumi
TMP=${TMPDIR:-/tmp}/signoff-pulumi-$$
pass=0
fail=0
mkdir -p "$TMP"
trap 'rm -rf "$TMP"' EXIT INT TERM

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# run NAME EXPECTED_STATUS ARGS...: stdout in $TMP/out, stderr in $TMP/err
run() {
	name=$1 want=$2
	shift 2
	"$BIN" "$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else bad "$name: exit $got, want $want"; cat "$TMP/err"; fi
}

# block NAME TEXT: the "Resources:" block of $TMP/out must be TEXT exactly
block() {
	sed -n '/^Resources:$/,/^$/p' "$TMP/out" | sed '/^$/d' >"$TMP/block"
	printf '%s\n' "$2" >"$TMP/want"
	if cmp -s "$TMP/block" "$TMP/want"; then ok; else bad "$1: summary block"; diff "$TMP/want" "$TMP/block"; fi
}

# has NAME FILE TEXT / lacks NAME FILE TEXT
has() { if grep -qF -- "$3" "$2"; then ok; else bad "$1: no '$3'"; fi; }
lacks() { if grep -qF -- "$3" "$2"; then bad "$1: '$3' printed"; else ok; fi; }

# every fixture loads and shows, as text and as JSON
for f in ops-digest.json secrets-digest.json urns.json events.jsonl events-pretty.json \
	surrounding-text.json default-digest.json export.json plan.json summary.json; do
	run "show $f" 0 show --color=never "$D/$f"
	run "show --format json $f" 0 show --format json "$D/$f"
	has "json $f" "$TMP/out" '"schema": "signoff.plan/v1"'
	has "json $f" "$TMP/out" '"kind": "pulumi"'
done

# the change set as Terraform users read it, and the Pulumi summary
run "ops" 0 show --color=never "$D/ops-digest.json"
has "ops" "$TMP/out" '  # aws:ec2/instance:Instance::web must be replaced'
has "ops" "$TMP/out" '+/- resource "aws:ec2/instance:Instance" "web" {'
has "ops" "$TMP/out" '      ~ ami = "ami-111" -> "ami-222" # forces replacement'
has "ops" "$TMP/out" '-/+ resource "aws:rds/instance:Instance" "db" {'
has "ops" "$TMP/out" '  # aws:s3/bucket:Bucket::legacy will be imported'
has "ops" "$TMP/out" ' <= data "aws:ec2/vpc:Vpc" "default-vpc" {'
has "ops" "$TMP/out" '  # aws:sns/topic:Topic::alerts will be updated in-place'
lacks "ops" "$TMP/out" '__defaults'
block "ops" 'Resources:
    + 1 to create
    ~ 2 to update
    +-6 to replace
    - 1 to delete
    = 1 to import
    > 1 to read
    / 1 to forget
    13 changes. 12 unchanged'
if [ "$(cat "$TMP/err")" = "signoff: $D/ops-digest.json:701:9: warning: unknown step op 'frobnicate': shown as an update so that it is reviewed" ]; then ok; else bad "ops warning: $(cat "$TMP/err")"; fi
run "events" 0 show --color=never "$D/events.jsonl"
cp "$TMP/out" "$TMP/events.out"
has "events" "$TMP/out" '-/+ resource "aws:lb/loadBalancer:LoadBalancer" "front" {'
has "events" "$TMP/out" '  # (moved from aws:ecs/taskDefinition:TaskDefinition::api-old)'
has "events" "$TMP/out" '+/- resource "aws:ecs/taskDefinition:TaskDefinition" "api-new" {'
has "events" "$TMP/out" '          ~ asset = "aaa111" -> "bbb222"'
has "events" "$TMP/out" '      + logging = (known after apply)'
has "events" "$TMP/out" '  ~ url = "https://old.example" -> (known after apply)'
block "events" 'Resources:
    ~ 2 to update
    +-2 to replace
    4 changes. 3 unchanged'
run "events pretty" 0 show --color=never "$D/events-pretty.json"
if cmp -s "$TMP/out" "$TMP/events.out"; then ok; else bad "events: lines and pretty objects differ"; fi
run "state" 0 show --color=never --state "$D/export.json" "$D/plan.json"
has "state" "$TMP/out" '          ~ indexDocument = "index.htm" -> "index.html"'
has "state" "$TMP/out" '      ~ engine = "postgres" -> "postgres16"'
has "state" "$TMP/out" '      - description = "main" -> null'
block "state" 'Resources:
    + 1 to create
    ~ 1 to update
    +-1 to replace
    - 1 to delete
    4 changes. 3 unchanged'

# standard input, and -q
cat "$D/events.jsonl" | "$BIN" show --color=never - >"$TMP/out" 2>"$TMP/err"
if [ $? -eq 0 ] && cmp -s "$TMP/out" "$TMP/events.out"; then ok; else bad "events from stdin"; fi
run "quiet" 0 show -q "$D/events.jsonl"
if [ -s "$TMP/err" ]; then bad "quiet: $(cat "$TMP/err")"; else ok; fi

# bad input: exit 2 and one line "signoff: FILE:LINE:COL: message"
while IFS='|' read -r file where msg; do
	run "invalid $file" 2 show "$D/invalid/$file"
	want="signoff: $D/invalid/$file:$where: $msg"
	if [ "$(cat "$TMP/err")" = "$want" ]; then ok; else bad "invalid $file: '$(cat "$TMP/err")', want '$want'"; fi
done <<'EOF'
truncated.json|22:24|unterminated string (truncated JSON?)
bad-urn.json|3:9|'arn:aws:s3:::site' is not a Pulumi URN (urn:pulumi:STACK::PROJECT::TYPE::NAME)
no-op.json|3:9|a step without an 'op'
steps-object.json|2:14|'steps' must be an array, not object
detailed-diff.json|38:29|'detailedDiff' must be an object, not string
events-truncated.jsonl|7:41|control character 0x0a inside a string
export-version.json|2:16|unsupported stack export version 9: signoff reads 1 to 3
deep.json|1:1101|JSON nested deeper than 1000 levels
bad-utf8.json|1:113|invalid UTF-8 byte 0xff in a string
EOF
run "state not an export" 2 show --state "$D/default-digest.json" "$D/default-digest.json"
has "state not an export" "$TMP/err" "signoff: $D/default-digest.json:1:1: not a \`pulumi stack export\` file: no 'deployment'"
run "state missing" 2 show --state "$D/nonexistent.json" "$D/default-digest.json"
has "state missing" "$TMP/err" "$D/nonexistent.json"

# secrets are never printed, whatever the source and format
for args in "--state $D/export.json $D/default-digest.json" "$D/export.json" \
	"--state $D/export.json $D/plan.json" "$D/secrets-digest.json" "$D/events.jsonl"; do
	for fmt in text json; do
		# shellcheck disable=SC2086
		run "secrets $args $fmt" 0 show --full --format $fmt $args
		for s in hunter2-plaintext c2VjcmV0LWNpcGhlcnRleHQ c2VjcmV0LWNpcGhlcg output-plain-but-secret; do
			lacks "secrets $args $fmt" "$TMP/out" "$s"
		done
	done
done

# untrusted names reach the terminal escaped
run "escapes" 0 show --color=never "$D/urns.json"
if LC_ALL=C grep -q "$(printf '\033')" "$TMP/out"; then bad "escapes: raw ESC in output"; else ok; fi
has "escapes" "$TMP/out" 'bücket \x1b[31mred'

# a diagnostic is free text a program wrote: a NUL in it is shown as \0
# and an escape sequence escaped, never a reason to refuse the preview
python3 - "$D/ops-digest.json" "$TMP/nul-diag.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["diagnostics"] = [{"prefix": "warning: ", "severity": "warning",
                     "message": "bad\u0000value \u001b[31mred\u001b[0m\n"}]
json.dump(d, open(sys.argv[2], "w"))
PY
run "a NUL in a diagnostic" 1 check --color=never --fail-on info "$TMP/nul-diag.json"
has "a NUL in a diagnostic" "$TMP/out" 'bad\0value \x1b[31mred\x1b[0m'
if grep -q "$(printf '\033')" "$TMP/out"; then bad "an ESC reached the output"; else ok; fi
run "a NUL in a diagnostic, JSON" 0 check --format json --fail-on critical "$TMP/nul-diag.json"
has "a NUL in a diagnostic, JSON" "$TMP/out" '"message": "bad\\0value \u001b[31mred\u001b[0m"'

# the shared corpus: every Pulumi file loads; show (and check) work on each
if [ -d "$CORPUS" ]; then
	n=0
	for f in "$CORPUS"/*.json; do
		n=$((n + 1))
		run "corpus show $f" 0 show --color=never "$f"
		run "corpus show json $f" 0 show --format json "$f"
		"$BIN" check "$f" >/dev/null 2>"$TMP/err"
		st=$?
		if [ $st -eq 0 ] || [ $st -eq 1 ]; then ok; else bad "corpus check $f: exit $st"; cat "$TMP/err"; fi
	done
	if [ $n -eq 14 ]; then ok; else bad "corpus: $n Pulumi files, want 14"; fi
	run "corpus --state" 0 show --color=never --state \
		"$CORPUS/dundalek__stratify__test__resources__pulumi__sample-export.json" \
		"$CORPUS/dundalek__stratify__test__resources__pulumi__sample-preview-deletes.json"
	block "corpus --state" 'Resources:
    - 14 to delete
    2 unchanged'
else
	echo "skipped: no shared corpus at $CORPUS"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
