#!/bin/sh
# sign.sh - `signoff sign`: through a real ssh-agent whose key files are
# deleted, byte-identical to ssh-keygen, what an approval requires, the
# statement it writes, and the append-only bundle.
set -u
. tests/cli/signing.lib
need_openssh
T=$(mktemp -d "${TMPDIR:-/tmp}/signoff-sign.XXXXXX") || exit 1
AGENT_PID=""
cleanup() {
	if [ -n "$AGENT_PID" ]; then
		kill "$AGENT_PID" 2>/dev/null
	fi
	rm -rf "$T"
}
trap cleanup EXIT

A=testdata/signing/plan-prod.json
B=testdata/signing/plan-staging.json
# the stateful-destroy finding on the database, by its stable id
DESTROY_ID=$("$SIGNOFF_BIN" check --format json "$A" |
	sed -n 's/.*"id": "\(PLAN-001:[0-9a-f]*\)".*/\1/p' | head -n 1)
NOW=2025-06-01T10:00:00Z
S="$SIGNOFF_BIN sign --waivers testdata/signing/accepted-risks.yaml"
unset SSH_AUTH_SOCK

keygen alice ed25519 alice@example.com
keygen bob ecdsa bob@example.com
keygen carol rsa carol@example.com
{
	echo "alice@example.com namespaces=\"signoff-review-v1\" $(pubkey alice)"
	echo "bob@example.com namespaces=\"signoff-review-v1\" $(pubkey bob)"
	echo "carol@example.com namespaces=\"signoff-review-v1\" $(pubkey carol)"
} >"$T/allowed_signers"
printf '{"allowed_signers": "allowed_signers", "environment": "prod", "required_approvals": 1}\n' \
	>"$T/policy.json"
V() {
	"$SIGNOFF_BIN" verify "$@" --policy "$T/policy.json" --now 2025-06-01T11:00:00Z
}

# keygen_verify N BUNDLE PRINCIPAL: stock ssh-keygen checks entry N over the PAE
keygen_verify() {
	entry_files "$1" "$2" "$T/kv"
	armor "$T/kv.sig" "$T/kv.armored"
	ssh-keygen -Y verify -f "$T/allowed_signers" -I "$3" -n signoff-review-v1 \
		-s "$T/kv.armored" <"$T/kv.pae"
}

# same_as_keygen N BUNDLE KEY: ssh-keygen -Y sign over entry N's PAE gives its sig
same_as_keygen() {
	entry_files "$1" "$2" "$T/sk"
	rm -f "$T/sk.pae.sig"
	ssh-keygen -q -Y sign -n signoff-review-v1 -f "$3" "$T/sk.pae" 2>/dev/null &&
		[ "$(dearmor "$T/sk.pae.sig")" = "$(field "$1" sig "$2")" ]
}

# --- approval requirements ---
expect 2 "approve refuses while destroys/replaces are not marked reviewed" -- \
	$S $A --approve --key "$T/alice" --now $NOW -o "$T/req.review"
check "the refusal lists both addresses" grep -q \
	"cannot approve yet: 2 destroy/replace not marked reviewed (aws_db_instance.main, aws_instance.app\[0\])" "$T/err"
check "nothing was written" test ! -e "$T/req.review"
expect 2 "one of two marked reviewed is not enough" -- \
	$S $A --approve --key "$T/alice" --now $NOW -o "$T/req.review" --reviewed aws_db_instance.main
check "the refusal names the one left" grep -q "1 destroy/replace not marked reviewed (aws_instance.app\[0\])" "$T/err"
expect 2 "--reviewed naming no change in the plan is refused" -- \
	$S $A --approve --key "$T/alice" --now $NOW -o "$T/req.review" --reviewed aws_nope.x
check "...with the address quoted" grep -q "reviewed 'aws_nope.x': no such change in the plan" "$T/err"
expect 0 "both marked reviewed: approved" -- \
	$S $A --approve --key "$T/alice" --now $NOW -o "$T/req.review" \
	--reviewed aws_db_instance.main --reviewed 'aws_instance.app[0]'
# a deposed object shares its address with the live one: marking the
# update by its address does not mark the deposed object's destroy
P_DEP=testdata/signing/plan-deposed.json
expect 2 "an address marks its live object, not the deposed one" -- \
	$S $P_DEP --approve --key "$T/alice" --now $NOW -o "$T/dep.review" --reviewed null_resource.db
check "...which is named by its key" grep -q \
	"1 destroy/replace not marked reviewed (null_resource.db (deposed object 0a1b2c3d))" "$T/err"
expect 0 "the deposed object marked by its key: approved" -- \
	$S $P_DEP --approve --key "$T/alice" --now $NOW -o "$T/dep.review" \
	--reviewed 'null_resource.db (deposed object 0a1b2c3d)'
field 1 payload "$T/dep.review" | base64 -d >"$T/dep.json"
check "the statement records the deposed object's key" \
	grep -q '"null_resource.db (deposed object 0a1b2c3d)"' "$T/dep.json"
expect 0 "a reject needs nothing marked" -- \
	$S $A --reject --key "$T/bob" --now $NOW -o "$T/reject.review" --comment "no ticket"
expect 2 "--ack without a reason is refused" -- \
	$S $A --approve --all-reviewed --key "$T/alice" --ack F-1= -o "$T/x.review"
expect 2 "--approve and --reject together are refused" -- \
	$S $A --approve --reject --key "$T/alice" -o "$T/x.review"

# --- the statement ---
$S $A --approve --all-reviewed --key "$T/alice" --now $NOW -o "$T/st.review" \
	--environment prod --workspace prod-eu-west-1 --comment "destroy is intended" \
	--ack "$DESTROY_ID=snapshot snap-0123 taken" -q
field 1 payload "$T/st.review" | base64 -d >"$T/st.json"
sum=$(sha256sum $A | cut -d' ' -f1)
check "payloadType is in-toto" grep -q '"payloadType": "application/vnd.in-toto+json"' "$T/st.review"
check "bundle media type" grep -q '"mediaType": "application/vnd.signoff.review-bundle.v1+json"' "$T/st.review"
check "predicateType urn:signoff:review:v1" grep -q '"predicateType": "urn:signoff:review:v1"' "$T/st.json"
check "subject is the sha256 of the exact SOURCE bytes" grep -q "\"sha256\": \"$sum\"" "$T/st.json"
check "subject name is the file name" grep -q '"name": "plan-prod.json"' "$T/st.json"
check "decision" grep -q '"decision": "approve"' "$T/st.json"
check "reviewer principal from the key comment" grep -q '"principal": "alice@example.com"' "$T/st.json"
check "reviewer key fingerprint" grep -q "\"key\": \"$(ssh-keygen -l -f "$T/alice.pub" | cut -d' ' -f2)\"" "$T/st.json"
check "target environment" grep -q '"environment": "prod"' "$T/st.json"
check "target workspace" grep -q '"workspace": "prod-eu-west-1"' "$T/st.json"
check "plan kind from the plan" grep -q '"plan_kind": "terraform"' "$T/st.json"
check "acknowledgement with its reason" grep -q '"reason": "snapshot snap-0123 taken"' "$T/st.json"
check "threshold defaults to high" grep -q '"threshold": "high"' "$T/st.json"
check "destroys and replaces reviewed are recorded" sh -c \
	"grep -q '\"aws_db_instance.main\",' '$T/st.json' && grep -q '\"aws_instance.app\[0\]\"' '$T/st.json'"
check "issued_at from --now" grep -q '"issued_at": "2025-06-01T10:00:00Z"' "$T/st.json"
check "expires 24 hours later by default" grep -q '"expires_at": "2025-06-02T10:00:00Z"' "$T/st.json"
check "tool name and version" grep -q '"name": "signoff"' "$T/st.json"
check "the sensitive password appears nowhere" sh -c "! grep -rq hunter2 '$T'"
check "comment" grep -q '"comment": "destroy is intended"' "$T/st.json"
expect 0 "the statement verifies at the gate" -- V $A --review "$T/st.review"

# --- interop and byte identity (key files) ---
check "ed25519 entry: byte-identical to ssh-keygen -Y sign over the PAE" \
	same_as_keygen 1 "$T/st.review" "$T/alice"
check "ed25519 entry: stock ssh-keygen -Y verify accepts it" keygen_verify 1 "$T/st.review" alice@example.com
$S $A --approve --all-reviewed --key "$T/carol" --now $NOW -o "$T/rsa.review" -q
check "rsa entry: byte-identical to ssh-keygen (rsa-sha2-512 is deterministic)" \
	same_as_keygen 1 "$T/rsa.review" "$T/carol"
field 1 sig "$T/rsa.review" | base64 -d >"$T/rsa.sig"
check "rsa entry: signed with rsa-sha2-512" grep -q rsa-sha2-512 "$T/rsa.sig"
$S $A --approve --all-reviewed --key "$T/bob" --now $NOW -o "$T/ec.review" -q
check "ecdsa entry: stock ssh-keygen -Y verify accepts it" keygen_verify 1 "$T/ec.review" bob@example.com

# --- the bundle: appended, never overwritten, one plan only ---
cp "$T/st.review" "$T/two.review"
$S $A --approve --all-reviewed --key "$T/bob" --now $NOW -o "$T/two.review" -q
check "a second decision is appended" [ "$(grep -c '"payloadType"' "$T/two.review")" -eq 2 ]
check "the first entry is kept byte for byte" \
	[ "$(field 1 payload "$T/two.review")" = "$(field 1 payload "$T/st.review")" ]
cp "$T/two.review" "$T/two.before"
expect 2 "an entry for another plan is refused" -- \
	$S $B --approve --key "$T/bob" --now $NOW -o "$T/two.review"
check "...saying so" grep -q "holds reviews of another plan" "$T/err"
check "...and the bundle is unchanged" cmp -s "$T/two.review" "$T/two.before"
check "no temporary file is left behind" sh -c "! ls '$T' | grep -q 'two.review.[A-Za-z0-9]\{6\}$'"
printf 'not json' >"$T/garbage.review"
expect 2 "a malformed bundle is not appended to" -- \
	$S $A --approve --all-reviewed --key "$T/bob" -o "$T/garbage.review"
check "...and stays as it was" [ "$(cat "$T/garbage.review")" = "not json" ]

# --- --plan-file: the binary plan is bound too ---
printf 'PK\003\004 binary plan stand-in\n' >"$T/tfplan"
$S $A --approve --all-reviewed --key "$T/alice" --now $NOW --environment prod \
	--plan-file "$T/tfplan" -o "$T/pf.review" -q
expect 0 "bound to SOURCE and --plan-file: verifies with both" -- \
	V $A --plan-file "$T/tfplan" --review "$T/pf.review"
expect 13 "...but not without the plan file" -- V $A --review "$T/pf.review"
check "...saying the review is bound to a file not given" grep -q \
	"the review is also bound to tfplan (sha256 [0-9a-f]\{12\}), not given here" "$T/out"
printf 'PK\003\004 another binary plan\n' >"$T/tfplan2"
expect 13 "...nor with another plan file" -- V $A --plan-file "$T/tfplan2" --review "$T/pf.review"
check "...saying which" grep -q "the review does not name tfplan2 (sha256 " "$T/out"
expect 13 "a review made without --plan-file, verified with one" -- \
	V $A --plan-file "$T/tfplan" --review "$T/st.review"
check "...saying the review does not name it" grep -q \
	"a review for another plan: the review does not name tfplan (sha256 " "$T/out"

# --- a policy given to sign ---
printf '{"allowed_signers": "allowed_signers", "environment": "prod", "max_ttl_seconds": 28800,\n "ack_severity": "medium"}\n' >"$T/strict.json"
expect 2 "a --ttl longer than the policy's max_ttl_seconds is refused" -- \
	$S $A --approve --all-reviewed --key "$T/alice" --policy "$T/strict.json" --ttl 24h \
	-o "$T/x.review"
check "...saying so" grep -q "a lifetime of 86400 s is longer than the policy's max_ttl_seconds 28800" "$T/err"
expect 0 "with --ttl 8h it signs, taking the policy's environment" -- \
	$S $A --approve --all-reviewed --key "$T/alice" --policy "$T/strict.json" --ttl 8h \
	--now $NOW -o "$T/strict.review"
field 1 payload "$T/strict.review" | base64 -d >"$T/strict.st"
check "...environment prod from the policy" grep -q '"environment": "prod"' "$T/strict.st"
check "...threshold medium from the policy" grep -q '"threshold": "medium"' "$T/strict.st"
expect 0 "a gate with ack_severity medium accepts it" -- \
	"$SIGNOFF_BIN" verify $A --review "$T/strict.review" --policy "$T/strict.json" --now 2025-06-01T11:00:00Z
printf '{"allowed_signers": "allowed_signers", "ack_severity": "medium"}\n' >"$T/medium.json"
expect 11 "...but not an approval held only to high" -- \
	"$SIGNOFF_BIN" verify $A --review "$T/st.review" --policy "$T/medium.json" --now 2025-06-01T11:00:00Z
check "...saying why" grep -q "alice@example.com approved with findings acknowledged from 'high' up; the policy requires them from 'medium' up" "$T/err"

# --- the principal ---
mkdir -p "$T/cfg/signoff"
printf '# signoff settings\ntheme = dark\nprincipal = alice.reviewer@example.com\n' >"$T/cfg/signoff/config"
XDG_CONFIG_HOME="$T/cfg" $S $A --reject --key "$T/alice" --now $NOW -o "$T/cfg.review" -q
field 1 payload "$T/cfg.review" | base64 -d >"$T/cfg.json"
check "principal from the config file" grep -q '"principal": "alice.reviewer@example.com"' "$T/cfg.json"
XDG_CONFIG_HOME="$T/cfg" $S $A --reject --key "$T/alice" --principal ops@example.com \
	--now $NOW -o "$T/flag.review" -q
field 1 payload "$T/flag.review" | base64 -d >"$T/flag.json"
check "--principal wins over the config file" grep -q '"principal": "ops@example.com"' "$T/flag.json"
expect 2 "a principal with a space is refused" -- \
	$S $A --reject --key "$T/alice" --principal "alice smith" -o "$T/x.review"

# --- keys: encrypted, missing, no agent ---
cp "$T/alice" "$T/enc" && cp "$T/alice.pub" "$T/enc.pub"
ssh-keygen -q -p -P "" -N "secret words" -f "$T/enc" >/dev/null 2>&1
expect 2 "an encrypted key file without an agent is refused" -- \
	$S $A --reject --key "$T/enc" -o "$T/x.review"
check "...pointing to ssh-agent" grep -q "sign through the agent\|ssh-agent" "$T/err"
expect 2 "no agent and no --key" -- $S $A --reject -o "$T/x.review"
check "...explains SSH_AUTH_SOCK" grep -q "SSH_AUTH_SOCK is not set" "$T/err"
expect 2 "a SOURCE that does not exist" -- $S "$T/nothing.json" --reject --key "$T/alice"
printf '{"format_version": "1.2", "resource_changes": [' >"$T/truncated.json"
expect 2 "a truncated plan" -- $S "$T/truncated.json" --reject --key "$T/alice" -o "$T/x.review"
check "...names the file and position" grep -q "truncated.json:1:" "$T/err"

# --- through a real ssh-agent, with the private key files deleted ---
if command -v ssh-agent >/dev/null 2>&1 && command -v ssh-add >/dev/null 2>&1; then
	export SSH_AUTH_SOCK="$T/agent.sock"
	eval "$(ssh-agent -s -a "$SSH_AUTH_SOCK")" >/dev/null
	AGENT_PID=$SSH_AGENT_PID
	cp "$T/alice" "$T/ag_alice" && cp "$T/alice.pub" "$T/ag_alice.pub"
	cp "$T/carol" "$T/ag_carol" && cp "$T/carol.pub" "$T/ag_carol.pub"
	ssh-add -q "$T/ag_alice" "$T/ag_carol" </dev/null 2>/dev/null
	rm -f "$T/ag_alice" "$T/ag_carol"
	check "the private key files are gone" [ ! -e "$T/ag_alice" -a ! -e "$T/ag_carol" ]
	expect 0 "sign through ssh-agent with --key FILE.pub" -- \
		$S $A --approve --all-reviewed --key "$T/ag_alice.pub" --now $NOW -o "$T/ag1.review" \
		--environment prod
	check "...the summary says via ssh-agent" grep -q "via ssh-agent" "$T/err"
	check "...byte-identical to ssh-keygen with the key file" same_as_keygen 1 "$T/ag1.review" "$T/alice"
	expect 0 "sign through ssh-agent with --key FILE (deleted; FILE.pub beside it)" -- \
		$S $A --approve --all-reviewed --key "$T/ag_alice" --now $NOW -o "$T/ag2.review"
	fp=$(ssh-keygen -l -f "$T/carol.pub" | cut -d' ' -f2)
	expect 0 "sign through ssh-agent with --key SHA256:fingerprint (rsa)" -- \
		$S $A --approve --all-reviewed --key "$fp" --now $NOW -o "$T/ag3.review"
	field 1 sig "$T/ag3.review" | base64 -d >"$T/ag3.sig"
	check "...the agent was asked for rsa-sha2-512" grep -q rsa-sha2-512 "$T/ag3.sig"
	check "...byte-identical to ssh-keygen with the key file" same_as_keygen 1 "$T/ag3.review" "$T/carol"
	check "agent-made entries pass stock ssh-keygen -Y verify" keygen_verify 1 "$T/ag2.review" alice@example.com
	expect 0 "agent-made entries pass the gate" -- V $A --review "$T/ag1.review"
	expect 2 "an agent with several keys needs --key" -- \
		$S $A --reject --now $NOW -o "$T/x.review"
	check "...and lists them" grep -q "ssh-agent holds [0-9]* keys; choose one with --key" "$T/err"
	expect 2 "a key the agent does not hold (public file only)" -- \
		$S $A --reject --key "$T/bob.pub" -o "$T/x.review"
	ssh-add -D -q 2>/dev/null
	ssh-add -q "$T/alice" 2>/dev/null
	expect 0 "an agent with exactly one key needs no --key" -- \
		$S $A --reject --now $NOW -o "$T/one.review"
	field 1 payload "$T/one.review" | base64 -d >"$T/one.json"
	check "...and the principal comes from the agent's key comment" \
		grep -q '"principal": "alice@example.com"' "$T/one.json"
else
	echo "skipped: ssh-agent tests (ssh-agent is not installed)"
fi

# --- the rule engine's findings, for real (no waivers file) ---
RAW="$SIGNOFF_BIN sign"
expect 2 "approve refuses while a high finding is not acknowledged" -- \
	$RAW $A --approve --all-reviewed --key "$T/alice" --now $NOW -o "$T/f.review"
check "...naming the finding by its stable id" grep -q "not acknowledged ($DESTROY_ID" "$T/err"
check "...and nothing was written" test ! -e "$T/f.review"
expect 2 "an ack for an id the checks did not report is refused" -- \
	$RAW $A --approve --all-reviewed --key "$T/alice" --now $NOW -o "$T/f.review" \
	--ack "NOPE-1:000000000000=typo"
HIGH=$("$SIGNOFF_BIN" check --format json --fail-on none "$A" | python3 -c '
import json, sys
for f in json.load(sys.stdin)["findings"]:
    if f["severity"] in ("high", "critical") and f["status"] != "waived":
        print(f["id"])')
acks=""
for id in $HIGH; do acks="$acks --ack $id=accepted-for-the-test"; done
# shellcheck disable=SC2086
expect 0 "approve with every high finding acknowledged" -- \
	$RAW $A --approve --all-reviewed --key "$T/alice" --now $NOW -o "$T/f.review" --environment prod $acks
field 1 payload "$T/f.review" | base64 -d >"$T/f.json"
check "the statement records the digest of the rules used" \
	sh -c "grep -q '\"rules_sha256\": \"[0-9a-f]\\{64\\}\"' '$T/f.json'"
printf '{"allowed_signers": "allowed_signers", "environment": "prod", "ack_severity": "high"}\n' \
	>"$T/acks.json"
expect 0 "a gate with ack_severity high re-runs the checks and finds them acknowledged" -- \
	"$SIGNOFF_BIN" verify $A --review "$T/f.review" --policy "$T/acks.json" --now 2025-06-01T11:00:00Z
printf '{"allowed_signers": "allowed_signers", "environment": "prod", "ack_severity": "critical"}\n' \
	>"$T/lax.json"
expect 0 "under a critical-only policy an approval needs no high acks" -- \
	$RAW $A --approve --all-reviewed --key "$T/alice" --now $NOW -o "$T/lax.review" \
	--policy "$T/lax.json"
expect 11 "...and a gate asking for high refuses it" -- \
	"$SIGNOFF_BIN" verify $A --review "$T/lax.review" --policy "$T/acks.json" \
	--now 2025-06-01T11:00:00Z
expect 0 "waivers the approver applied answer the gate's re-run checks" -- \
	$S $A --approve --all-reviewed --key "$T/alice" --now $NOW -o "$T/w.review" --environment prod
expect 0 "...so the gate with ack_severity high approves" -- \
	"$SIGNOFF_BIN" verify $A --review "$T/w.review" --policy "$T/acks.json" --now 2025-06-01T11:00:00Z

# --- what must not get an apply through ---
# a veto stands, though another approval falls short of ack_severity
cp "$T/lax.review" "$T/veto.review"
$S $A --reject --key "$T/bob" --now $NOW -o "$T/veto.review" --comment no --environment prod -q
expect 10 "a rejection vetoes before an approval below ack_severity is weighed" -- \
	"$SIGNOFF_BIN" verify $A --review "$T/veto.review" --policy "$T/acks.json" \
	--now 2025-06-01T11:00:00Z
check "...and the report names the rejecter" grep -q '"rejecters":\["bob@example.com"\]' "$T/out"
# the author cannot approve under another principal of the same key
{
	cat "$T/allowed_signers"
	echo "alice-ci@example.com namespaces=\"signoff-review-v1\" $(pubkey alice)"
} >"$T/as2"
printf '{"allowed_signers": "as2", "environment": "prod"}\n' >"$T/as2.json"
$S $A --approve --all-reviewed --key "$T/alice" --principal alice-ci@example.com --now $NOW \
	--environment prod -o "$T/ci.review" -q
expect 11 "the author's key under another principal does not count" -- \
	"$SIGNOFF_BIN" verify $A --review "$T/ci.review" --policy "$T/as2.json" \
	--author alice@example.com --now 2025-06-01T11:00:00Z
check "...saying why" grep -q "alice-ci@example.com, signed with a key of the author" "$T/out"
# a reason of blanks is no reason
expect 2 "an acknowledgement whose reason is blanks is refused" -- \
	$S $A --approve --all-reviewed --key "$T/alice" --ack "$DESTROY_ID=  " -o "$T/x.review"
# the policy's namespace and its longest lifetime are what sign uses
printf '{"allowed_signers": "ns_signers", "namespace": "ns-custom", "max_ttl_seconds": 3600}\n' \
	>"$T/ns.json"
echo "alice@example.com namespaces=\"ns-custom\" $(pubkey alice)" >"$T/ns_signers"
expect 0 "sign --policy with its own namespace and a 1 h lifetime, no --ttl" -- \
	$S $A --approve --all-reviewed --key "$T/alice" --now $NOW --policy "$T/ns.json" \
	-o "$T/ns.review"
field 1 payload "$T/ns.review" | base64 -d >"$T/ns-st.json"
check "...expires after the policy's longest lifetime" \
	grep -q '"expires_at": "2025-06-01T11:00:00Z"' "$T/ns-st.json"
expect 0 "...and that policy's gate approves it" -- \
	"$SIGNOFF_BIN" verify $A --review "$T/ns.review" --policy "$T/ns.json" \
	--now 2025-06-01T10:30:00Z

# --- a git range is bound to its direction and to what was read ---
if command -v git >/dev/null 2>&1; then
	R="$T/repo"
	git init -q "$R"
	G() { git -C "$R" -c user.email=t@example.com -c user.name=t -c commit.gpgsign=false "$@"; }
	mkdir -p "$R/apps" "$R/infra"
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: prod}\ndata: {x: "1"}\n' \
		>"$R/apps/a.yaml"
	G add -A && G commit -qm one
	X=$(G rev-parse HEAD)
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: prod}\ndata: {x: "1"}\n' \
		>"$R/apps/b.yaml"
	printf 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: all}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: Group, name: "system:authenticated", apiGroup: rbac.authorization.k8s.io}]\n' \
		>"$R/infra/danger.yaml"
	G add -A && G commit -qm two
	Y=$(G rev-parse HEAD)
	printf '{"allowed_signers": "allowed_signers"}\n' >"$T/rp.json"
	RV() { "$SIGNOFF_BIN" verify "$R" --policy "$T/rp.json" --now 2025-06-01T11:00:00Z "$@"; }
	$S "$R" --range "$X..$Y" --approve --all-reviewed --key "$T/alice" --now $NOW \
		-o "$T/range.review" -q
	expect 0 "a range approval verifies for that range" -- RV --range "$X..$Y" --review "$T/range.review"
	expect 13 "...not for the range reversed" -- RV --range "$Y..$X" --review "$T/range.review"
	$S "$R" --range "$X..$Y" --approve --all-reviewed --key "$T/alice" --now $NOW \
		-o "$T/apps.review" -q -- apps
	expect 0 "an approval of apps/ verifies for apps/" -- \
		RV --range "$X..$Y" --review "$T/apps.review" -- apps
	expect 13 "...not for the whole range, which holds more" -- \
		RV --range "$X..$Y" --review "$T/apps.review"
else
	echo "skipped: git ranges (no git)"
fi

summary
