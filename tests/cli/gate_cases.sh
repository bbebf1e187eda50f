#!/bin/sh
# gate_cases.sh - the gate's acceptance matrix (research/signing.md 4.8): the
# 25 cases of signing-vectors/review/gate_cases.sh, rebuilt with keys made
# here, expecting the exit codes of the reference gate (review_gate.py).
set -u
. tests/cli/signing.lib
need_openssh
T=$(mktemp -d "${TMPDIR:-/tmp}/signoff-gate-cases.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

A=testdata/signing/plan-prod.json      # the plan under review
B=testdata/signing/plan-staging.json   # another plan
NOW=2025-06-01T12:00:00Z
# The reference's F-DESTROY-aws_db_instance.main, as signoff's rules name it:
# the stateful-destroy finding on the database (its id is stable).
ACK_ID=$("$SIGNOFF_BIN" check --format json "$A" |
	sed -n 's/.*"id": "\(PLAN-001:[0-9a-f]*\)".*/\1/p' | head -n 1)
[ -n "$ACK_ID" ] || { echo "WRONG no PLAN-001 finding on $A"; exit 1; }
ACK="$ACK_ID=snapshot snap-0123 taken, CHG-42"

keygen alice ed25519 alice@example.com
keygen bob ecdsa bob@example.com
keygen carol rsa carol@example.com
keygen mallory ed25519 mallory@example.com
{
	echo "# principals  options  keytype  key   (made by gate_cases.sh)"
	echo "alice@example.com namespaces=\"signoff-review-v1\" $(pubkey alice)"
	echo "bob@example.com namespaces=\"signoff-review-v1\" $(pubkey bob)"
	echo "carol@example.com namespaces=\"signoff-review-v1\",valid-after=\"20240101Z\" $(pubkey carol)"
} >"$T/allowed_signers.prod"
cat >"$T/policy.prod.json" <<EOF
{
  "namespace": "signoff-review-v1",
  "allowed_signers": "allowed_signers.prod",
  "environment": "prod",
  "workspace": "prod-eu-west-1",
  "plan_kind": "terraform",
  "required_approvals": 2,
  "reject_is_veto": true,
  "max_ttl_seconds": 86400,
  "clock_skew_seconds": 300,
  "forbidden_approvers": []
}
EOF

# sign BUNDLE KEY PRINCIPAL PLAN ISSUED approve|reject [extra...]
sign() {
	b=$1 k=$2 p=$3 pl=$4 at=$5 d=$6
	shift 6
	"$SIGNOFF_BIN" sign "$pl" "--$d" --all-reviewed --waivers testdata/signing/accepted-risks.yaml --key "$T/$k" --principal "$p" \
		--environment prod --workspace prod-eu-west-1 --now "$at" --ttl 8h \
		-o "$T/$b" -q "$@" || echo "SETUP FAILED: sign $b $k $p" >&2
}
G() {
	"$SIGNOFF_BIN" verify "$@" --policy "$T/policy.prod.json"
}

sign ok.json alice alice@example.com $A 2025-06-01T10:00:00Z approve --ack "$ACK"
sign ok.json bob bob@example.com $A 2025-06-01T10:05:00Z approve
expect 0 "2-of-3 approvals (ed25519 + ecdsa) for this plan" -- \
	G $A --review "$T/ok.json" --now $NOW --require-ack $ACK_ID
expect 13 "same approvals presented for another plan (replay)" -- \
	G $B --review "$T/ok.json" --now $NOW
expect 14 "approvals expired (now > expires_at)" -- \
	G $A --review "$T/ok.json" --now 2025-06-01T18:00:01Z
expect 11 "plan author's approval does not count (--author alice)" -- \
	G $A --review "$T/ok.json" --now $NOW --author alice@example.com
expect 11 "required finding not acknowledged" -- \
	G $A --review "$T/ok.json" --now $NOW --require-ack F-OPEN-0.0.0.0/0

sign one.json alice alice@example.com $A 2025-06-01T10:00:00Z approve
expect 11 "1-of-2 approvals" -- G $A --review "$T/one.json" --now $NOW
sign one.json alice alice@example.com $A 2025-06-01T10:01:00Z approve
expect 11 "same reviewer twice counts once" -- G $A --review "$T/one.json" --now $NOW

cp "$T/ok.json" "$T/veto.json"
sign veto.json carol carol@example.com $A 2025-06-01T10:10:00Z reject --comment 'no CHG ticket'
expect 10 "a valid reject vetoes (rsa-sha2-512 signer)" -- \
	G $A --review "$T/veto.json" --now $NOW
cp "$T/veto.json" "$T/change.json"
sign change.json carol carol@example.com $A 2025-06-01T10:20:00Z approve
expect 0 "rejecter changes mind later (newest statement per principal wins)" -- \
	G $A --review "$T/change.json" --now $NOW

# one byte changed in the signed statement: 'approve' -> 'Approve'
entry_files 1 "$T/ok.json" "$T/e1"
off=$(grep -abo '"approve"' "$T/e1.payload" | head -1 | cut -d: -f1)
flip "$T/e1.payload" $((off + 1)) 32
setfield 1 payload "$(b64enc "$T/e1.payload")" "$T/ok.json" "$T/tamper-payload.json"
expect 12 "statement tampered (1 byte)" -- G $A --review "$T/tamper-payload.json" --now $NOW

# one bit of the second signature
entry_files 2 "$T/ok.json" "$T/e2"
flip "$T/e2.sig" $(($(wc -c <"$T/e2.sig") - 1)) 1
setfield 2 sig "$(b64enc "$T/e2.sig")" "$T/ok.json" "$T/tamper-sig.json"
expect 12 "signature tampered (1 bit)" -- G $A --review "$T/tamper-sig.json" --now $NOW

# SSHSIG version 1 -> 0 (stock ssh-keygen 9.2 accepts it)
entry_files 1 "$T/ok.json" "$T/v0"
putbyte "$T/v0.sig" 9 0
setfield 1 sig "$(b64enc "$T/v0.sig")" "$T/ok.json" "$T/version0.json"
expect 12 "SSHSIG version 0 (ssh-keygen 9.2 accepts it; we must not)" -- \
	G $A --review "$T/version0.json" --now $NOW

# 4 junk bytes in the unsigned reserved field (stock ssh-keygen accepts it)
entry_files 1 "$T/ok.json" "$T/rs"
o=10
o=$((o + 4 + $(u32 "$T/rs.sig" $o)))   # publickey
o=$((o + 4 + $(u32 "$T/rs.sig" $o)))   # namespace
{
	head -c $o "$T/rs.sig"
	printf '\000\000\000\004junk'
	tail -c +$((o + 5)) "$T/rs.sig"
} >"$T/rs.junk"
setfield 1 sig "$(b64enc "$T/rs.junk")" "$T/ok.json" "$T/reserved.json"
expect 12 "SSHSIG reserved=junk (unsigned field; ssh-keygen accepts; we must not)" -- \
	G $A --review "$T/reserved.json" --now $NOW

# DSSE: URL-safe base64, unpadded, must be accepted
setfield 1 payload "$(field 1 payload "$T/ok.json" | tr '+/' '-_' | tr -d '=')" "$T/ok.json" "$T/u.tmp"
setfield 2 payload "$(field 2 payload "$T/ok.json" | tr '+/' '-_' | tr -d '=')" "$T/u.tmp" "$T/urlsafe.json"
check "the URL-safe bundle differs from the original" sh -c "! cmp -s '$T/urlsafe.json' '$T/ok.json'"
expect 0 "URL-safe base64 payload accepted" -- G $A --review "$T/urlsafe.json" --now $NOW

awk '!done && sub(/"reviews"/, "\"reviews\": [], \"reviews\"") { done = 1 } { print }' \
	"$T/ok.json" >"$T/dupkey.json"
expect 2 "duplicate JSON key in bundle" -- G $A --review "$T/dupkey.json" --now $NOW

# bob's statement signed by stock ssh-keygen under the namespace 'file'
cp "$T/one.json" "$T/ns.json"
sign ns.json bob bob@example.com $A 2025-06-01T10:05:00Z approve
entry_files 3 "$T/ns.json" "$T/ns"
rm -f "$T/ns.pae.sig"
ssh-keygen -q -Y sign -n file -f "$T/bob" "$T/ns.pae" 2>/dev/null
setfield 3 sig "$(dearmor "$T/ns.pae.sig")" "$T/ns.json" "$T/ns2.json"
expect 12 "signed under another SSHSIG namespace ('file')" -- \
	G $A --review "$T/ns2.json" --now $NOW

cp "$T/one.json" "$T/mallory.json"
sign mallory.json mallory mallory@example.com $A 2025-06-01T10:05:00Z approve
expect 12 "signer not in allowed_signers" -- G $A --review "$T/mallory.json" --now $NOW
cp "$T/one.json" "$T/claim.json"
sign claim.json mallory bob@example.com $A 2025-06-01T10:05:00Z approve
expect 12 "unknown key claiming to be bob" -- G $A --review "$T/claim.json" --now $NOW
cp "$T/one.json" "$T/impersonate.json"
sign impersonate.json alice bob@example.com $A 2025-06-01T10:05:00Z approve
expect 13 "alice's key signs a statement naming bob" -- \
	G $A --review "$T/impersonate.json" --now $NOW
cp "$T/one.json" "$T/env.json"
sign env.json bob bob@example.com $A 2025-06-01T10:05:00Z approve --environment staging
expect 13 "approval for environment staging used for prod" -- \
	G $A --review "$T/env.json" --now $NOW
cp "$T/one.json" "$T/ttl.json"
sign ttl.json bob bob@example.com $A 2025-06-01T10:05:00Z approve --ttl 259200
expect 14 "lifetime 3 days > policy max_ttl 1 day" -- G $A --review "$T/ttl.json" --now $NOW
cp "$T/one.json" "$T/future.json"
sign future.json bob bob@example.com $A 2025-06-01T13:00:00Z approve
expect 14 "issued_at in the future" -- G $A --review "$T/future.json" --now $NOW

# key validity in allowed_signers is judged at GATE time, not signing time
sed 's/^\(alice@example.com namespaces="[^"]*"\)/\1,valid-before="202506010000Z"/' \
	"$T/allowed_signers.prod" >"$T/as_expired"
sed 's#"allowed_signers.prod"#"as_expired"#' "$T/policy.prod.json" >"$T/policy_expired.json"
expect 12 "alice's key past valid-before in allowed_signers" -- \
	"$SIGNOFF_BIN" verify $A --review "$T/ok.json" --policy "$T/policy_expired.json" --now $NOW

# interop: one bundle entry checked by stock ssh-keygen alone, over the PAE bytes
entry_files 1 "$T/ok.json" "$T/io"
armor "$T/io.sig" "$T/io.armored"
expect 0 "interop: stock ssh-keygen -Y verify of a bundle entry (PAE bytes)" -- \
	sh -c "ssh-keygen -Y verify -f '$T/allowed_signers.prod' -I alice@example.com \
		-n signoff-review-v1 -s '$T/io.armored' < '$T/io.pae'"

# interop: entries whose signatures stock ssh-keygen made, checked by signoff
for n in 1 2; do
	entry_files $n "$T/ok.json" "$T/kg$n"
	rm -f "$T/kg$n.pae.sig"
	[ $n = 1 ] && key=alice || key=bob
	ssh-keygen -q -Y sign -n signoff-review-v1 -f "$T/$key" "$T/kg$n.pae" 2>/dev/null
done
setfield 1 sig "$(dearmor "$T/kg1.pae.sig")" "$T/ok.json" "$T/kg.tmp"
setfield 2 sig "$(dearmor "$T/kg2.pae.sig")" "$T/kg.tmp" "$T/keygen.json"
check "ssh-keygen's ECDSA signature is new (ECDSA is randomised)" \
	sh -c "! cmp -s '$T/keygen.json' '$T/kg.tmp'"
expect 0 "interop: signoff verifies entries signed by stock ssh-keygen -Y sign" -- \
	G $A --review "$T/keygen.json" --now $NOW --require-ack $ACK_ID

# --- beyond the 25: the report, and single-bit flips through the CLI ---
G $A --review "$T/ok.json" --now $NOW >"$T/report" 2>/dev/null
check "the report is one JSON line naming both approvers" \
	grep -qx '{"decision":"approved","exit":0,"reason":"approved","approvers":\["alice@example.com","bob@example.com"\],"rejecters":\[\],"required_approvals":2,"reviews":2,"subjects":\[{"name":"plan-prod.json","digest":{"sha256":"a64d884ac98705c9b41e2edb0331faadeae5d5b3b816adf001ea16f87849279b"}}\]}' "$T/report"
G $A --review "$T/veto.json" --now $NOW >"$T/report" 2>"$T/err"
check "a veto's report names the rejecter" grep -q '"decision":"blocked","exit":10,"reason":"vetoed","approvers":\["alice@example.com","bob@example.com"\],"rejecters":\["carol@example.com"\]' "$T/report"
check "a veto's error line names the bundle and the rejecter" \
	grep -qx "signoff: $T/veto.json: rejected by carol@example.com" "$T/err"

entry_files 1 "$T/ok.json" "$T/bits"
size=$(wc -c <"$T/bits.sig")
accepted=0
tried=0
i=0
while [ $i -lt $((size * 8)) ]; do
	cp "$T/bits.sig" "$T/bit.sig"
	flip "$T/bit.sig" $((i / 8)) $((1 << (i % 8)))
	setfield 1 sig "$(b64enc "$T/bit.sig")" "$T/ok.json" "$T/bit.json"
	G $A --review "$T/bit.json" --now $NOW >/dev/null 2>&1
	rc=$?
	[ $rc -eq 0 ] && accepted=$((accepted + 1))
	tried=$((tried + 1))
	i=$((i + 29))
done
check "$tried single-bit flips of an ed25519 blob, every one refused ($accepted accepted)" \
	[ $accepted -eq 0 -a $tried -gt 50 ]

summary
