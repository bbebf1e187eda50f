#!/bin/sh
# tests/cli/ui_sign.sh - decisions made in the review UI (a and r, driven
# by key scripts through the real binary) are the same signed entries
# `signoff sign` makes: the gate verifies them, the confirmation screen
# names the key ssh-keygen names, the record holds the acknowledgement,
# the marks and the revealed address but never the value, and a refused
# approval writes nothing.  Keys are made here with ssh-keygen; one run
# signs through a real ssh-agent whose key file is deleted first.
. tests/cli/lib.sh
S=$SIGNOFF_BIN
for tool in ssh-keygen base64; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "skipped: $tool is not installed"
		finish
		exit 0
	fi
done
export XDG_STATE_HOME="$TMP/state"
cp testdata/demo/plan.json "$TMP/plan.json"
PLAN="$TMP/plan.json"
ssh-keygen -q -t ed25519 -N "" -C "alice@example.com" -f "$TMP/alice" || exit 1
FP=$(ssh-keygen -lf "$TMP/alice.pub" | cut -d' ' -f2)
printf 'alice@example.com namespaces="signoff-review-v1" %s\n' "$(cut -d' ' -f1,2 "$TMP/alice.pub")" \
	>"$TMP/allowed_signers"
# ack_severity critical: no finding of the demo needs an acknowledgement
printf '{"allowed_signers": "allowed_signers", "environment": "prod", "ack_severity": "critical"}\n' \
	>"$TMP/policy.json"

# statement FILE N: the Nth statement of a bundle, decoded
statement() {
	awk -v n="$2" '/"payload": "/ { c++; if (c == n) { sub(/.*"payload": "/, ""); sub(/".*/, ""); print } }' \
		"$1" | base64 -d
}

# Mark every destroy and replace, acknowledge a finding, reveal a value.
cat >"$TMP/work.keys" <<'EOF'
@size 120x34
:action delete,replace<Enter>
<Space>
<Space>
<Space>
j
<Space>
j
j
<Space>
:clear<Enter>
/aws_s3_bucket.logs<Enter>
F
A
private behind CloudFront (SEC-42)<Enter>
/aws_db_instance.main<Enter>
x
y
EOF

# 1. An approval refused: nothing is marked; no bundle is written.
printf '@size 200x30\na\n' >"$TMP/refused.keys"
expect_exit 0 "refused approval" -- "$S" --keys "$TMP/refused.keys" --dump-screen "$TMP/refused.screen" \
	--key "$TMP/alice" --review "$TMP/plan.review" "$PLAN"
contains "$TMP/refused.screen" "cannot approve yet: 9 findings at or above high not acknowledged" \
	"refused: findings listed"
contains "$TMP/refused.screen" "7 destroy/replace not marked reviewed" "refused: marks listed"
if [ -e "$TMP/plan.review" ]; then not_ok "a refused approval wrote a bundle"; else ok; fi

# 2. The confirmation names the key ssh-keygen names; y signs; the gate
#    accepts it.
{ cat "$TMP/work.keys"; printf 'a\n<C-u>\nfine after 18:00<Enter>\n@snap confirm\ny\n'; } \
	>"$TMP/approve.keys"
expect_exit 0 "approve in the UI" -- "$S" --keys "$TMP/approve.keys" --snap-dir "$TMP" \
	--dump-screen "$TMP/approved.screen" --key "$TMP/alice" --review "$TMP/plan.review" \
	--policy "$TMP/policy.json" "$PLAN"
contains "$TMP/confirm.screen" "APPROVE this plan" "confirmation: the decision"
contains "$TMP/confirm.screen" "$FP from the key file" "confirmation: ssh-keygen's fingerprint"
contains "$TMP/confirm.screen" "alice@example.com (from the key comment)" "confirmation: the principal"
contains "$TMP/confirm.screen" "environment=prod" "confirmation: the policy's target"
contains "$TMP/confirm.screen" "sha256:$(sha256sum "$PLAN" | cut -d' ' -f1)" "confirmation: the plan digest"
contains "$TMP/confirm.screen" "module.database.aws_db_instance.main" "confirmation: the revealed address"
contains "$TMP/approved.screen" "approval signed with $FP: review 1 in" "signed"
expect_exit 0 "the gate accepts the UI's approval" -- "$S" verify "$PLAN" --review "$TMP/plan.review" \
	--policy "$TMP/policy.json"
contains "$TMP/out" '"decision":"approved"' "gate: approved"
statement "$TMP/plan.review" 1 >"$TMP/st1"
contains "$TMP/st1" '"decision": "approve"' "record: approve"
contains "$TMP/st1" '"reason": "private behind CloudFront (SEC-42)"' "record: the acknowledgement"
contains "$TMP/st1" '"module.network.aws_eip.nat[1]"' "record: a destroy marked reviewed"
contains "$TMP/st1" '"revealed": [' "record: what was revealed"
contains "$TMP/st1" '"comment": "fine after 18:00"' "record: the comment"
lacks "$TMP/st1" "Tr0ub4dor" "record: never the revealed value"
lacks "$TMP/st1" "correct-horse" "record: never the old value either"
# the signed decision discarded the draft
if ls "$XDG_STATE_HOME"/signoff/drafts/*.json >/dev/null 2>&1; then
	not_ok "a draft is left after signing"; else ok; fi

# 3. A rejection appended to the same bundle vetoes it.
printf 'r\nnot today<Enter>\ny\n' >"$TMP/reject.keys"
expect_exit 0 "reject in the UI" -- "$S" --keys "$TMP/reject.keys" --dump-screen "$TMP/rejected.screen" \
	--size 160x24 --key "$TMP/alice" --review "$TMP/plan.review" --policy "$TMP/policy.json" "$PLAN"
contains "$TMP/rejected.screen" "rejection signed with $FP: review 2 in" "the rejection is the second entry"
expect_exit 10 "the gate: the reject vetoes" -- "$S" verify "$PLAN" --review "$TMP/plan.review" \
	--policy "$TMP/policy.json"
statement "$TMP/plan.review" 2 >"$TMP/st2"
contains "$TMP/st2" '"decision": "reject"' "record: reject"

# 4. Through a real ssh-agent, with the private key file gone.
if command -v ssh-agent >/dev/null 2>&1 && command -v ssh-add >/dev/null 2>&1; then
	eval "$(ssh-agent -s -a "$TMP/agent.sock")" >/dev/null
	ssh-add -q "$TMP/alice" 2>/dev/null
	rm -f "$TMP/alice"
	{ cat "$TMP/work.keys"; printf 'a\nby the agent<Enter>\n@snap agent-confirm\ny\n'; } \
		>"$TMP/agent.keys"
	expect_exit 0 "approve through ssh-agent" -- "$S" --keys "$TMP/agent.keys" --snap-dir "$TMP" \
		--dump-screen "$TMP/agent.screen" --key "$TMP/alice.pub" --review "$TMP/agent.review" \
		--policy "$TMP/policy.json" "$PLAN"
	contains "$TMP/agent-confirm.screen" "$FP via ssh-agent" "confirmation: the agent signs"
	contains "$TMP/agent.screen" "approval signed with $FP" "signed by the agent"
	expect_exit 0 "the gate accepts the agent's signature" -- "$S" verify "$PLAN" \
		--review "$TMP/agent.review" --policy "$TMP/policy.json"
	kill "$SSH_AGENT_PID" 2>/dev/null
fi

# 5. No key: the UI says why and signs nothing.
printf 'r\nno key<Enter>\n' >"$TMP/nokey.keys"
expect_exit 0 "no key" -- env -u SSH_AUTH_SOCK "$S" --keys "$TMP/nokey.keys" \
	--dump-screen "$TMP/nokey.screen" --review "$TMP/nokey.review" "$PLAN"
contains "$TMP/nokey.screen" "cannot sign:" "no key: said on the status line"
if [ -e "$TMP/nokey.review" ]; then not_ok "no key, yet a bundle"; else ok; fi
finish
