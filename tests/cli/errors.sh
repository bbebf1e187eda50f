#!/bin/sh
# tests/cli/errors.sh - every bad input gives one line, "signoff: FILE:LINE:COL:
# message" (git style: lowercase, no final full stop), and exit 2; options
# are named as options, and the file named is the one at fault.
set -u
. tests/cli/lib.sh
S=$SIGNOFF_BIN

# located CODE FILE DESCRIPTION -- COMMAND...: exit CODE and one stderr line
# "signoff: FILE:LINE:COL: message" in git style.
located() {
	want=$1 file=$2 desc=$3
	shift 4
	expect_exit "$want" "$desc" -- "$@"
	lines "$TMP/err" 1 "$desc: one line"
	# a message starts lowercase, with a quote, or with an acronym (JSON, UTF-8)
	if grep -Eq "^signoff: $file:[0-9]+:[0-9]+: ([a-z'\"-]|[A-Z][A-Z0-9-]+ )" "$TMP/err" &&
		! grep -q '\.$' "$TMP/err"; then ok; else
		not_ok "$desc: not 'signoff: $file:LINE:COL: message': $(cat "$TMP/err")"
	fi
}

# said DESCRIPTION TEXT: stderr is exactly TEXT
said() {
	if [ "$(cat "$TMP/err")" = "$2" ]; then ok; else
		not_ok "$1: got '$(cat "$TMP/err")', expected '$2'"
	fi
}

# ---- the loaders: every invalid input of every source kind ----
for f in testdata/plans/invalid/* testdata/pulumi/invalid/* testdata/manifests/invalid/*; do
	case $f in
	*/bad-utf16.json) continue ;; # no position: the byte count is odd
	esac
	located 2 "$f" "bad input $f" -- "$S" show "$f"
done

printf '\n  {"terraform_version": "1.9.0", "variables": {}}\n' >"$TMP/no-changes.json"
located 2 "$TMP/no-changes.json" "terraform JSON that is not a plan" -- "$S" show "$TMP/no-changes.json"
said "...at its object" "signoff: $TMP/no-changes.json:2:3: not a Terraform plan: no 'format_version', 'resource_changes' or 'planned_values'"

# ---- usage: one line naming the option, never getopt's own words ----
D=testdata/demo/plan.json
usage_said() {
	desc=$1 text=$2
	shift 3
	expect_exit 2 "$desc" -- "$@"
	lines "$TMP/err" 1 "$desc: one line"
	said "$desc" "$text"
}
usage_said "a value missing at the end" "signoff: show: option '--format' needs a value (see: signoff show --help)" -- "$S" show $D --format
usage_said "a short option's value missing" "signoff: sign: option '-o' needs a value (see: signoff sign --help)" -- "$S" sign $D -o
usage_said "an unknown long option" "signoff: check: unknown option '--bogus' (see: signoff check --help)" -- "$S" check $D --bogus=3
usage_said "an unknown short option" "signoff: blast: unknown option '-z' (see: signoff blast --help)" -- "$S" blast -z $D
usage_said "gate's unknown option" "signoff: gate: unknown option '--nope' (see: signoff gate --help)" -- "$S" gate $D --nope -- true
usage_said "the UI's unknown option" "signoff: unknown option '--bogus' (see: signoff --help)" -- "$S" $D --bogus
usage_said "a mistyped command" "signoff: unknown command 'frobnicate' (see: signoff --help)" -- "$S" frobnicate $D
usage_said "two sources to the UI" "signoff: one SOURCE only (extra: '$D') (see: signoff --help)" -- "$S" $D $D
usage_said "show with two files" "signoff: one SOURCE only (extra: '$D'); PATHSPECs go with a folder or --range (see: signoff --help)" -- "$S" show $D $D
# --state completes a Pulumi preview: with anything else it is refused, not ignored
usage_said "--state with a Terraform plan" "signoff: $D: --state (a \`pulumi stack export\`) goes with a Pulumi preview, not a Terraform plan" -- "$S" show $D --state "$TMP/nope.json"
usage_said "--state with manifests" "signoff: testdata/manifests/dir: --state (a \`pulumi stack export\`) goes with a Pulumi preview, not manifests" -- "$S" check testdata/manifests/dir --state "$TMP/nope.json"
printf 'q\n' >"$TMP/q.keys"
usage_said "a --snap-dir that is not a folder" "signoff: --snap-dir $TMP/none: not a folder (see: signoff --help)" -- "$S" $D --keys "$TMP/q.keys" --snap-dir "$TMP/none"
# the review UI takes its options after SOURCE too, as every command does
expect_exit 0 "UI options after SOURCE" -- "$S" $D --keys "$TMP/q.keys" --size 80x24 --dump-screen "$TMP/screen"
if grep -q 'reviewed 0/29' "$TMP/screen"; then ok; else not_ok "UI options after SOURCE: no screen"; fi

# ---- the gate's files ----
if command -v ssh-keygen >/dev/null 2>&1; then
	ssh-keygen -q -t ed25519 -N '' -C "alice@example.com" -f "$TMP/alice"
	echo "alice@example.com $(cut -d' ' -f1,2 "$TMP/alice.pub")" >"$TMP/allowed_signers"
	printf '{"allowed_signers": "allowed_signers"}\n' >"$TMP/policy.json"
	P=testdata/signing/plan-prod.json
	unset SSH_AUTH_SOCK
	expect_exit 0 "a first review" -- "$S" sign $P --approve --all-reviewed \
		--waivers testdata/signing/accepted-risks.yaml --key "$TMP/alice" -o "$TMP/r.review" -q
	expect_exit 0 "a second review" -- "$S" sign $P --reject --key "$TMP/alice" \
		-o "$TMP/r.review" -q
	V() { "$S" verify $P --review "$1" --policy "$2"; }

	printf '{\n  "allowed_signers": "allowed_signers",\n  "required_approvals": "two"\n}\n' \
		>"$TMP/p1.json"
	located 2 "$TMP/p1.json" "a policy value of the wrong type" -- V "$TMP/r.review" "$TMP/p1.json"
	said "...at the value" "signoff: $TMP/p1.json:3:25: 'required_approvals' must be an integer from 1 to 64"
	# a bad byte that starts a line, and a file that ends after a newline:
	# still FILE:LINE:COL (the column is 1)
	printf '{\n\352"reviews": []}\n' >"$TMP/badbyte.review"
	located 2 "$TMP/badbyte.review" "a bad byte at a line's start" -- V "$TMP/badbyte.review" "$TMP/policy.json"
	printf '{"allowed_signers": ["a"\n' >"$TMP/p-eof.json"
	located 2 "$TMP/p-eof.json" "a policy cut after a newline" -- V "$TMP/r.review" "$TMP/p-eof.json"
	printf '{\n  "allowed_signers": "allowed_signers",\n  "enviroment": "prod"\n}\n' >"$TMP/p2.json"
	located 2 "$TMP/p2.json" "a misspelt policy key" -- V "$TMP/r.review" "$TMP/p2.json"
	said "...at the key" "signoff: $TMP/p2.json:3:3: unknown policy key 'enviroment' (a misspelt key would silently not constrain)"

	awk '/"payload"/ && ++n == 2 { sub(/"payload": "/, "\"payload\": \"!") } { print }' \
		"$TMP/r.review" >"$TMP/bad.review"
	line=$(grep -n '"payload"' "$TMP/bad.review" | sed -n 2p | cut -d: -f1)
	located 2 "$TMP/bad.review" "a bundle entry that is not base64" -- \
		V "$TMP/bad.review" "$TMP/policy.json"
	said "...at the second entry's payload" "signoff: $TMP/bad.review:$line:18: review 2: payload is not base64 (standard or URL-safe) of at most 64 KiB"

	printf '# signers\nalice@example.com \377 %s\n' "$(cut -d' ' -f1,2 "$TMP/alice.pub")" \
		>"$TMP/as-latin1"
	printf '{"allowed_signers": "as-latin1"}\n' >"$TMP/p3.json"
	located 2 "$TMP/as-latin1" "allowed_signers that is not UTF-8" -- \
		V "$TMP/r.review" "$TMP/p3.json"
	said "...at the byte" "signoff: $TMP/as-latin1:2:19: invalid UTF-8 byte 0xff: allowed_signers is UTF-8 text"

	# sign: the file at fault is the one named; options are named as options
	expect_exit 2 "sign with a --plan-file that does not exist" -- "$S" sign $P --approve \
		--all-reviewed --waivers testdata/signing/accepted-risks.yaml --key "$TMP/alice" --plan-file "$TMP/none.tfplan" -o "$TMP/x.review"
	said "...names the plan file" "signoff: $TMP/none.tfplan: cannot open: No such file or directory"
	expect_exit 2 "sign with a principal holding a space" -- "$S" sign $P --approve \
		--all-reviewed --waivers testdata/signing/accepted-risks.yaml --key "$TMP/alice" --principal "alice smith" -o "$TMP/x.review"
	said "...names the option" "signoff: sign: --principal: the principal may not hold spaces, commas, quotes or control characters"
	mkdir -p "$TMP/config/signoff"
	printf '# who signs\nprincipal = "alice smith"\n' >"$TMP/config/signoff/config"
	expect_exit 2 "sign with a bad principal in the config file" -- env \
		XDG_CONFIG_HOME="$TMP/config" "$S" sign $P --approve --all-reviewed \
		--waivers testdata/signing/accepted-risks.yaml --key "$TMP/alice" -o "$TMP/x.review"
	said "...names the config file and line" "signoff: $TMP/config/signoff/config:2:1: the principal may not hold spaces, commas, quotes or control characters"
	expect_exit 2 "sign before the destroys are reviewed" -- "$S" sign $P --approve \
		--key "$TMP/alice" -o "$TMP/x.review"
	if grep -q "^signoff: $P: cannot approve yet: " "$TMP/err"; then ok; else
		not_ok "cannot approve yet names the plan: $(cat "$TMP/err")"; fi
else
	echo "skipped: ssh-keygen is not installed"
fi

finish
