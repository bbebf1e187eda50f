#!/bin/sh
# gate.sh - `signoff gate -- COMMAND {plan}` runs COMMAND on the very copy it
# verified; and every kind of bad input to verify is exit 2 with a one-line
# error naming the file, never a crash.
set -u
. tests/cli/signing.lib
need_openssh
T=$(mktemp -d "${TMPDIR:-/tmp}/signoff-gatecmd.XXXXXX") || exit 1
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT

A=testdata/signing/plan-prod.json
NOW=2025-06-01T11:00:00Z
unset SSH_AUTH_SOCK

keygen alice ed25519 alice@example.com
echo "alice@example.com namespaces=\"signoff-review-v1\" $(pubkey alice)" >"$T/allowed_signers"
printf '{"allowed_signers": "allowed_signers", "environment": "prod"}\n' >"$T/policy.json"
cp $A "$T/plan.json"
printf 'binary plan bytes\n' >"$T/tfplan"
"$SIGNOFF_BIN" sign "$T/plan.json" --approve --all-reviewed --waivers testdata/signing/accepted-risks.yaml --key "$T/alice" --environment prod \
	--now 2025-06-01T10:00:00Z -o "$T/plan.review" -q
"$SIGNOFF_BIN" sign "$T/plan.json" --approve --all-reviewed --waivers testdata/signing/accepted-risks.yaml --key "$T/alice" --environment prod \
	--plan-file "$T/tfplan" --now 2025-06-01T10:00:00Z -o "$T/pf.review" -q
GATE="$SIGNOFF_BIN gate $T/plan.json --review $T/plan.review --policy $T/policy.json --now $NOW"

# --- the command runs on the verified copy ---
expect 0 "approved: COMMAND runs" -- $GATE -- sh -c 'echo "$1" >"$2"; sha256sum "$1" >"$2.sum"; stat -c %a "$1" >"$2.mode"; stat -c %a "$(dirname "$(dirname "$1")")" >"$2.dirmode"' x {plan} "$T/ran"
check "{plan} was a path other than SOURCE" sh -c "[ -s '$T/ran' ] && [ \"\$(cat '$T/ran')\" != '$T/plan.json' ]"
check "...holding SOURCE's exact bytes" \
	[ "$(cut -d' ' -f1 "$T/ran.sum")" = "$(sha256sum "$T/plan.json" | cut -d' ' -f1)" ]
check "...read-only (0400)" [ "$(cat "$T/ran.mode")" = 400 ]
check "...in a private directory (0700)" [ "$(cat "$T/ran.dirmode")" = 700 ]
check "...which is removed afterwards" [ ! -e "$(cat "$T/ran")" ]
check "the report went to stderr" grep -q '^{"decision":"approved"' "$T/err"
check "stdout is COMMAND's alone" [ ! -s "$T/out" ]

expect 0 "COMMAND changing SOURCE does not change the verified copy" -- \
	$GATE -- sh -c 'echo tampered >>"$2"; sha256sum "$1" | cut -d" " -f1 >"$3"' x {plan} "$T/plan.json" "$T/after"
check "...the copy still has the approved digest" \
	[ "$(cat "$T/after")" = "a64d884ac98705c9b41e2edb0331faadeae5d5b3b816adf001ea16f87849279b" ]
cp $A "$T/plan.json"

expect 7 "COMMAND's exit status is the gate's" -- $GATE -- sh -c 'exit 7' x {plan}
expect 127 "a COMMAND that cannot run: 127" -- $GATE -- /nonexistent/terraform apply {plan}
check "...with a message" grep -q "cannot run '/nonexistent/terraform'" "$T/err"
expect 2 "COMMAND without {plan} is refused" -- $GATE -- terraform apply plan.json
expect 2 "no COMMAND is refused" -- $GATE

rm -f "$T/marker"
expect 11 "blocked (author): COMMAND does not run" -- \
	$GATE --author alice@example.com -- touch "$T/marker" {plan}
check "...nothing ran" [ ! -e "$T/marker" ]
check "...the blocked report is on stderr" grep -q '"decision":"blocked","exit":11' "$T/err"
cp "$T/plan.json" "$T/other.json" && echo ' ' >>"$T/other.json"
expect 13 "blocked (another plan): COMMAND does not run" -- \
	"$SIGNOFF_BIN" gate "$T/other.json" --review "$T/plan.review" --policy "$T/policy.json" \
	--now $NOW -- touch "$T/marker" {plan}
check "...nothing ran" [ ! -e "$T/marker" ]
check "no private copies are left in TMPDIR" sh -c "! ls '${TMPDIR:-/tmp}' | grep -q '^signoff-gate\.'  || true"

expect 0 "--plan-file: {plan} is the plan file's copy, {source} the SOURCE's" -- \
	"$SIGNOFF_BIN" gate "$T/plan.json" --plan-file "$T/tfplan" --review "$T/pf.review" \
	--policy "$T/policy.json" --now $NOW -- sh -c 'cat "$1" >"$3"; head -c 1 "$2" >>"$3"' x {plan} {source} "$T/both"
check "...both copies were there" [ "$(cat "$T/both")" = "binary plan bytes
{" ]

expect 0 "verify reads SOURCE from standard input as -" -- \
	sh -c "'$SIGNOFF_BIN' verify - --review '$T/plan.review' --policy '$T/policy.json' --now $NOW < '$T/plan.json'"
check "...and names it stdin" grep -q '"subjects":\[{"name":"stdin","digest":{"sha256":"a64d884ac98705c9b41e2edb0331faadeae5d5b3b816adf001ea16f87849279b"}}\]' "$T/out"
expect 0 "gate copies standard input too" -- \
	sh -c "'$SIGNOFF_BIN' gate - --review '$T/plan.review' --policy '$T/policy.json' --now $NOW -- sh -c 'test -s \"\$1\"' x {plan} < '$T/plan.json'"

# --- malformed input: exit 2, one line naming the file ---
V() {
	"$SIGNOFF_BIN" verify "$@"
}
one_line() {
	[ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "^signoff: " "$T/err"
}
expect 2 "policy file missing" -- V $A --review "$T/plan.review" --policy "$T/none.json"
check "...one line naming it" sh -c "[ \$(wc -l <'$T/err') -eq 1 ] && grep -q 'none.json: cannot open' '$T/err'"
printf '{"allowed_signers": "allowed_signers", "enviroment": "prod"}\n' >"$T/typo.json"
expect 2 "a misspelt policy key is refused" -- V $A --review "$T/plan.review" --policy "$T/typo.json"
check "...naming it" grep -q "unknown policy key 'enviroment'" "$T/err"
printf '{"allowed_signers": "allowed_signers", "required_approvals": 0}\n' >"$T/zero.json"
expect 2 "required_approvals 0 is refused" -- V $A --review "$T/plan.review" --policy "$T/zero.json"
printf '{"allowed_signers": "allowed_signers",\n "required_approvals": 1,\n "required_approvals": 1}\n' >"$T/dup.json"
expect 2 "a duplicate key in the policy" -- V $A --review "$T/plan.review" --policy "$T/dup.json"
check "...with its line" grep -q "dup.json:3:" "$T/err"
printf '{"environment": "prod"}\n' >"$T/noas.json"
expect 2 "a policy without allowed_signers" -- V $A --review "$T/plan.review" --policy "$T/noas.json"
expect 2 "--now that is not RFC 3339 UTC" -- \
	V $A --review "$T/plan.review" --policy "$T/policy.json" --now "2025-06-01 11:00"
expect 2 "SOURCE missing" -- V "$T/none" --review "$T/plan.review" --policy "$T/policy.json"
expect 2 "bundle missing" -- V $A --review "$T/none.review" --policy "$T/policy.json"
printf '{"mediaType": "application/vnd.signoff.review-bundle.v1+json", "reviews": [' >"$T/trunc.review"
expect 2 "a truncated bundle" -- V $A --review "$T/trunc.review" --policy "$T/policy.json"
check "...names file, line and column" grep -q "trunc.review:1:[0-9]*: review bundle:" "$T/err"
printf '{"mediaType": "application/vnd.signoff.review-bundle.v1+json", "reviews": []}' >"$T/empty.review"
expect 2 "a bundle with no reviews" -- V $A --review "$T/empty.review" --policy "$T/policy.json"
sed 's/application\/vnd.in-toto+json/text\/plain/' "$T/plan.review" >"$T/ptype.review"
expect 2 "an entry with another payloadType" -- V $A --review "$T/ptype.review" --policy "$T/policy.json"
setfield 1 payload 'not base64!' "$T/plan.review" "$T/b64.review"
expect 2 "a payload that is not base64" -- V $A --review "$T/b64.review" --policy "$T/policy.json"
check "...says which review" grep -q "review 1: payload is not base64" "$T/err"
head -c 1100000 /dev/zero | tr '\0' ' ' >"$T/huge.review"
expect 2 "a bundle over 1 MiB" -- V $A --review "$T/huge.review" --policy "$T/policy.json"
printf '\377\376{\000}\000' >"$T/utf16.review"
expect 2 "a bundle in UTF-16" -- V $A --review "$T/utf16.review" --policy "$T/policy.json"
printf '{"mediaType": "application/vnd.signoff.review-bundle.v1+json", "reviews": [%s]}' \
	"$(awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; }')" >"$T/deep.review"
expect 2 "a deeply nested bundle" -- V $A --review "$T/deep.review" --policy "$T/policy.json"
printf 'alice@example.com cert-authority %s\n' "$(pubkey alice)" >"$T/as_ca"
printf '{"allowed_signers": "as_ca"}\n' >"$T/pol_ca.json"
expect 2 "cert-authority in allowed_signers is refused" -- \
	V $A --review "$T/plan.review" --policy "$T/pol_ca.json" --now $NOW
check "...naming line and column" grep -q "as_ca:1:19: cert-authority is not supported" "$T/err"
printf '# keys\n\nalice@example.com valid-before="20260101" %s\n' "$(pubkey alice)" >"$T/as_tz"
# a signal before COMMAND starts (copying a plan that never ends, here a
# FIFO) ends gate without leaving the private copy behind
mkdir "$T/gtmp"
mkfifo "$T/fifo"
TMPDIR="$T/gtmp" "$SIGNOFF_BIN" gate "$T/fifo" --review "$T/plan.review" \
	--policy "$T/policy.json" -- cat {plan} >/dev/null 2>&1 &
GPID=$!
i=0
while [ $i -lt 100 ] && [ -z "$(ls -A "$T/gtmp")" ]; do sleep 0.05; i=$((i + 1)); done
check "gate made its private directory" [ -n "$(ls -A "$T/gtmp")" ]
kill -TERM $GPID
wait $GPID
check "SIGTERM ends gate as a SIGTERM does (143)" [ $? -eq 143 ]
check "...and the private copy is gone" [ -z "$(ls -A "$T/gtmp")" ]

printf '{"allowed_signers": "as_tz"}\n' >"$T/pol_tz.json"
expect 2 "a validity time without Z is refused" -- \
	V $A --review "$T/plan.review" --policy "$T/pol_tz.json" --now $NOW
check "...naming line and column" grep -q "as_tz:3:33: time must be YYYYMMDD\[HHMM\[SS\]\]Z" "$T/err"
printf 'alice@example.com sk-ssh-ed25519@openssh.com AAAA\n' >"$T/as_sk"
printf '{"allowed_signers": "as_sk"}\n' >"$T/pol_sk.json"
expect 2 "an unsupported key type in allowed_signers" -- \
	V $A --review "$T/plan.review" --policy "$T/pol_sk.json" --now $NOW
printf 'alice@example.com \033[31mcolour="x" %s\n' "$(pubkey alice)" >"$T/as_esc"
printf '{"allowed_signers": "as_esc"}\n' >"$T/pol_esc.json"
V $A --review "$T/plan.review" --policy "$T/pol_esc.json" --now $NOW >"$T/out" 2>"$T/err"
check "an escape sequence in an input is shown escaped" grep -q "unknown or incomplete option '\\\\x1b\[31mcolour'" "$T/err"
check "...and never reaches the terminal raw" sh -c "! grep -q \"\$(printf '\\033')\" '$T/err' '$T/out'"

summary
