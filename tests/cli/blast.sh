#!/bin/sh
# tests/cli/blast.sh - `signoff blast`: the tree, JSON, DOT, the change-set
# summary, apply order, errors, hostile strings, a long chain, the corpus.
set -u

BIN=${SIGNOFF_BIN:-./signoff}
TF=testdata/graph/tf
TMP=${SIGNOFF_BUILD:-build/debug}/cli-blast
CORPUS=${SIGNOFF_CORPUS:-../shared/corpus}
mkdir -p "$TMP"
pass=0
fail=0

ok() { pass=$((pass + 1)); }
ko() {
	fail=$((fail + 1))
	echo "FAIL: $1" >&2
}

# same NAME EXPECTED-FILE ACTUAL-FILE
same() {
	if cmp -s "$2" "$3"; then ok; else
		ko "$1"
		diff "$2" "$3" >&2
	fi
}

# status NAME WANT CMD...: the exit status of CMD is WANT
status() {
	name=$1 want=$2
	shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else
		ko "$name: exit $got, want $want"
		cat "$TMP/err" >&2
	fi
}

have() { command -v "$1" >/dev/null 2>&1; }

# ---- the blast tree ----

cat >"$TMP/want" <<'EOF'
~ aws_vpc.main (update)
13 resources depend on it (7 changing, 6 unchanged), up to 3 edges away; blast score 42.67.
|- - aws_eip.old (delete) <- state depends_on (prior state)
|  `- - aws_eip_association.old (delete) <- state depends_on (prior state)
|-   module.net["a"].aws_subnet.this[0] (no change) <- reference vpc_id via module.net["a"].var.vpc_id
|  |- ! aws_instance.web[0] (replace) <- reference subnet_id via module.net["a"].first_subnet
|  `-   aws_instance.web[1] (no change) <- reference subnet_id via module.net["a"].first_subnet
|-   module.net["a"].aws_subnet.this[1] (no change) <- reference vpc_id via module.net["a"].var.vpc_id
|-   module.net["a"].module.sg.aws_security_group.this (no change) <- reference vpc_id via module.net["a"].module.sg.var.vpc_id > module.net["a"].var.vpc_id
|-   module.net["b"].aws_subnet.this[0] (no change) <- reference vpc_id via module.net["b"].var.vpc_id
|  `- + aws_lb.front (create) <- reference subnets via module.net["b"].subnet_ids
|     |- + aws_route53_record.dns["x"] (create) <- reference records[0].value
|     `- + aws_route53_record.dns["y"] (create) <- reference records[0].value
|-   module.net["b"].aws_subnet.this[1] (no change) <- reference vpc_id via module.net["b"].var.vpc_id
`- ~ module.net["b"].module.sg.aws_security_group.this (update) <- reference vpc_id via module.net["b"].module.sg.var.vpc_id > module.net["b"].var.vpc_id
EOF
status "blast text" 0 "$BIN" blast "$TF/modules.json" aws_vpc.main --ascii
same "blast text" "$TMP/want" "$TMP/out"

# options may come before the positionals too
status "options first" 0 "$BIN" blast --ascii --format=text "$TF/modules.json" aws_vpc.main
same "options first" "$TMP/want" "$TMP/out"

status "depth 1" 0 "$BIN" blast "$TF/modules.json" aws_vpc.main --depth 1 --ascii
line=$(sed -n 2p "$TMP/out")
[ "$line" = "7 resources depend on it (2 changing, 5 unchanged), up to 1 edge away (cut at --depth); blast score 32." ] && ok || ko "depth 1: $line"

status "nothing depends" 0 "$BIN" blast "$TF/modules.json" aws_iam_role_policy_attachment.attach
[ "$(sed -n 2p "$TMP/out")" = "Nothing depends on it; blast score 1." ] && ok || ko "nothing depends"

# ---- JSON ----

status "blast json" 0 "$BIN" blast "$TF/modules.json" aws_vpc.main --format json
if have jq; then
	got=$(jq -r '[.schema, .count, .changing, .max_distance, .score] | @tsv' "$TMP/out")
	[ "$got" = "signoff.blast/v1	13	7	3	42.67" ] && ok || ko "blast json header: $got"
	got=$(jq -r '.dependents[] | select(.address == "aws_route53_record.dns[\"x\"]") |
		[.distance, .next, .why.kind, .why.attr, .changes] | @tsv' "$TMP/out")
	[ "$got" = "3	aws_lb.front	reference	records[0].value	true" ] && ok || ko "blast json why: $got"
	got=$(jq -r '.dependents[] | select(.address == "module.net[\"a\"].module.sg.aws_security_group.this") | .why.via' "$TMP/out")
	[ "$got" = 'module.net["a"].module.sg.var.vpc_id > module.net["a"].var.vpc_id' ] && ok || ko "blast json via: $got"
else
	echo "blast json: jq not installed, checked as text only"
	grep -q '"schema": "signoff.blast/v1"' "$TMP/out" && ok || ko "blast json schema"
fi

# ---- DOT ----

status "blast dot" 0 "$BIN" blast "$TF/modules.json" aws_vpc.main --format dot
[ "$(head -n 1 "$TMP/out")" = "digraph blast {" ] && [ "$(tail -n 1 "$TMP/out")" = "}" ] && ok || ko "dot frame"
[ "$(grep -c ' -> ' "$TMP/out")" -eq 13 ] && ok || ko "dot edges"
# the edge from dns["x"] to the balancer, found by the nodes' labels
x=$(grep -F 'label="aws_route53_record.dns[\"x\"]\ncreate"' "$TMP/out" | sed 's/^  \(n[0-9]*\) .*/\1/')
lb=$(grep -F 'label="aws_lb.front\ncreate"' "$TMP/out" | sed 's/^  \(n[0-9]*\) .*/\1/')
grep -qF "  $x -> $lb [label=\"reference records[0].value\"];" "$TMP/out" && ok || ko "dot edge label ($x -> $lb)"
if have dot; then
	dot -Tsvg "$TMP/out" >"$TMP/blast.svg" 2>"$TMP/dot.err" && grep -q '<svg' "$TMP/blast.svg" && ok || ko "dot renders"
	"$BIN" blast "$TF/modules.json" --order --format dot | dot -Tsvg >"$TMP/order.svg" 2>"$TMP/dot.err" && ok || ko "order dot renders"
else
	echo "dot: Graphviz not installed, rendering not checked"
fi

# ---- the change set ----

cat >"$TMP/want" <<'EOF'
Change set: 11 changes, 8 other resources affected; blast score 105.67.
Graph: 23 resources, 48 edges (2 weak), 0 cycles.
Note: 2 resources refer to local values, which Terraform leaves out of its JSON: links through them are missing.

Riskiest changes:
   SCORE  DEPENDENTS  CHANGE
   42.67          13  ~ aws_vpc.main (update)
      25           2  ! aws_eks_cluster.k8s (replace)
      20           1  - aws_eip.old (delete)
EOF
status "summary" 0 "$BIN" blast "$TF/modules.json" --top 3 --ascii
same "summary" "$TMP/want" "$TMP/out"
if have jq; then
	status "summary json" 0 "$BIN" blast "$TF/modules.json" --top 2 --format json
	got=$(jq -r '[.schema, .score, .changes, .affected, .edges, .weak_edges, .lost_locals, (.riskiest | length), .riskiest[1].address] | @tsv' "$TMP/out")
	[ "$got" = "signoff.blast-summary/v1	105.67	11	8	48	2	2	2	aws_eks_cluster.k8s" ] && ok || ko "summary json: $got"
fi

# ---- apply order ----

cat >"$TMP/want" <<'EOF'
Apply order: 11 changes in 3 steps (what a change depends on first; destroys of dependents before what they depended on).
step 1
  - aws_eip_association.old (delete)
  ! aws_eks_cluster.k8s (replace)
  + aws_iam_role_policy_attachment.attach (create)
  ~ aws_sns_topic_subscription.sub (update)
  ~ aws_vpc.main (update)
step 2
  - aws_eip.old (delete)
  ! aws_instance.web[0] (replace)
  + aws_lb.front (create)
  ~ module.net["b"].module.sg.aws_security_group.this (update)
step 3
  + aws_route53_record.dns["x"] (create)
  + aws_route53_record.dns["y"] (create)
EOF
status "order" 0 "$BIN" blast "$TF/modules.json" --order --ascii
same "order" "$TMP/want" "$TMP/out"
if have jq; then
	status "order json" 0 "$BIN" blast "$TF/modules.json" --order --format json
	got=$(jq -r '[.schema, .steps, (.changes | length), (.cycles | length), .changes[10].address, .changes[10].step] | @tsv' "$TMP/out")
	[ "$got" = 'signoff.order/v1	3	11	0	aws_route53_record.dns["y"]	3' ] && ok || ko "order json: $got"
fi

# ---- hostile strings are escaped, never sent raw ----

status "hostile order" 0 "$BIN" blast "$TF/hostile.json" --order
if od -An -c "$TMP/out" | grep -q '033'; then ko "hostile: a raw escape reached the output"; else ok; fi
grep -qF 'aws_thing.evil\x1b[31m\u{202e}RED (delete)' "$TMP/out" && ok || ko "hostile: escaped address"
status "hostile blast" 0 "$BIN" blast "$TF/hostile.json" aws_thing.r --format dot
if od -An -c "$TMP/out" | grep -q '033'; then ko "hostile dot: raw escape"; else ok; fi

# ---- errors: one line, exit 2 ----

status "unknown address" 2 "$BIN" blast "$TF/modules.json" aws_vpc.nope
[ "$(cat "$TMP/err")" = "signoff: $TF/modules.json: no resource 'aws_vpc.nope' in this plan" ] && ok || ko "unknown address message: $(cat "$TMP/err")"
status "counted resource" 2 "$BIN" blast "$TF/modules.json" aws_instance.web
[ "$(cat "$TMP/err")" = "signoff: $TF/modules.json: no resource 'aws_instance.web' in this plan (did you mean aws_instance.web[0], aws_instance.web[1]?)" ] && ok || ko "counted resource message: $(cat "$TMP/err")"
status "a resource inside a module, named without it" 2 "$BIN" blast testdata/demo/plan.json aws_vpc.main
[ "$(cat "$TMP/err")" = "signoff: testdata/demo/plan.json: no resource 'aws_vpc.main' in this plan (did you mean module.network.aws_vpc.main?)" ] && ok || ko "module hint: $(cat "$TMP/err")"
status "bad format" 2 "$BIN" blast "$TF/modules.json" aws_vpc.main --format xml
grep -q "^signoff: blast: --format must be text, json or dot, not 'xml' (see: signoff blast --help)$" "$TMP/err" && ok || ko "bad format message"
status "bad depth" 2 "$BIN" blast "$TF/modules.json" aws_vpc.main --depth -1
status "bad depth text" 2 "$BIN" blast "$TF/modules.json" aws_vpc.main --depth two
status "order with address" 2 "$BIN" blast "$TF/modules.json" aws_vpc.main --order
status "dot needs address" 2 "$BIN" blast "$TF/modules.json" --format dot
status "missing source" 2 "$BIN" blast
status "extra argument" 2 "$BIN" blast "$TF/modules.json" aws_vpc.main extra
head -c 2000 "$TF/modules.json" >"$TMP/truncated.json"
status "truncated plan" 2 "$BIN" blast "$TMP/truncated.json" aws_vpc.main
[ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q "^signoff: $TMP/truncated.json:[0-9]*:[0-9]*: " "$TMP/err" && ok || ko "truncated plan message: $(cat "$TMP/err")"
status "missing file" 2 "$BIN" blast "$TMP/does-not-exist.json"
status "help" 0 "$BIN" blast --help
grep -q '^usage: signoff blast SOURCE' "$TMP/out" && ok || ko "help text"

# ---- a 20000-long chain: every line comes out, nothing recurses ----

awk 'BEGIN {
	n = 20000
	printf "{\"format_version\":\"1.2\",\"resource_changes\":["
	for (i = 0; i < n; i++)
		printf "%s{\"address\":\"null_resource.n%d\",\"mode\":\"managed\",\"type\":\"null_resource\",\"name\":\"n%d\",\"change\":{\"actions\":[\"update\"],\"before\":{},\"after\":{}}}", (i ? "," : ""), i, i
	printf "],\"configuration\":{\"root_module\":{\"resources\":["
	for (i = 0; i < n; i++) {
		printf "%s{\"address\":\"null_resource.n%d\",\"mode\":\"managed\",\"type\":\"null_resource\",\"name\":\"n%d\"", (i ? "," : ""), i, i
		if (i) printf ",\"expressions\":{\"triggers\":{\"references\":[\"null_resource.n%d.id\",\"null_resource.n%d\"]}}", i - 1, i - 1
		printf "}"
	}
	printf "]}}}\n"
}' >"$TMP/chain.json"
status "chain" 0 "$BIN" blast "$TMP/chain.json" null_resource.n0 --ascii
[ "$(sed -n 2p "$TMP/out" | cut -d, -f1)" = "19999 resources depend on it (19999 changing" ] && ok || ko "chain header: $(sed -n 2p "$TMP/out")"
[ "$(wc -l <"$TMP/out")" -eq 20001 ] && ok || ko "chain lines"
tail -n 1 "$TMP/out" | grep -qF '[19999] `- ~ null_resource.n19999 (update) <- reference triggers' && ok || ko "chain last line: $(tail -n 1 "$TMP/out")"
status "chain order" 0 "$BIN" blast "$TMP/chain.json" --order
grep -q '^step 20000$' "$TMP/out" && ok || ko "chain order steps"

# ---- the corpus: every plan loads and gets a graph, or is refused cleanly ----

if [ -d "$CORPUS/terraform" ]; then
	n=0
	for f in "$CORPUS"/terraform/*.json "$CORPUS"/terraform-edge/*.json; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		"$BIN" blast "$f" >"$TMP/out" 2>"$TMP/err"
		rc=$?
		if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then ko "corpus $f: exit $rc"; cat "$TMP/err" >&2; else ok; fi
		if [ "$rc" -eq 0 ]; then
			"$BIN" blast "$f" --order >"$TMP/out" 2>"$TMP/err" && ok || ko "corpus order $f"
		fi
	done
	echo "corpus: $n terraform plans"
else
	echo "corpus: skipped ($CORPUS not found)"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
