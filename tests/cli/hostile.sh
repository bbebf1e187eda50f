#!/bin/sh
# tests/cli/hostile.sh - hostile inputs through every command and source.
#
# testdata/hostile/ holds one input per source kind with terminal controls
# in every string a reviewer can see (ESC sequences, BEL, C1, DEL, CR, TAB,
# NUL, bidi overrides, zero-width and BOM characters) and a "s3cr3t" word
# in every value a source can mark sensitive.  Each command's stdout and
# stderr must then be valid UTF-8 with no raw control byte (newline
# aside), no C1, bidi or invisible format character, and no secret.  The
# sizes that scale (a 10 MB string, 100k elements, 100k documents, deep
# nesting) are generated here, in $TMP.
set -u
. tests/cli/lib.sh
S=$SIGNOFF_BIN
H=testdata/hostile

CTRL=$(printf '[\001-\011\013-\037\177]')
# C1 controls (U+0080-009F), U+061C, U+200B-200F, U+2028-202E,
# U+2060-206F, U+FEFF, in UTF-8
WIDE=$(printf '\302[\200-\237]|\330\234|\342\200[\213-\217]|\342\200[\250-\256]|\342\201[\240-\257]|\357\273\277')

# clean FILE DESCRIPTION: fit for a terminal, and no secret in it.
clean() {
	if [ "$(tr -d '\000' <"$1" | wc -c)" -ne "$(wc -c <"$1")" ]; then
		not_ok "$2: a NUL byte"
	elif LC_ALL=C grep -q "$CTRL" "$1"; then
		not_ok "$2: a raw control byte"
		LC_ALL=C grep -n "$CTRL" "$1" | head -2 | od -c | head -6 >&2
	elif LC_ALL=C grep -Eq "$WIDE" "$1"; then
		not_ok "$2: a raw C1, bidi or invisible character"
		LC_ALL=C grep -En "$WIDE" "$1" | head -2 | od -c | head -6 >&2
	elif ! iconv -f UTF-8 -t UTF-8 <"$1" >/dev/null 2>&1; then
		not_ok "$2: not UTF-8"
	elif grep -q 's3cr3t\|czNjcjN0' "$1"; then
		not_ok "$2: a secret"
		grep -o '.\{0,60\}\(s3cr3t\|czNjcjN0\).\{0,20\}' "$1" | head -3 >&2
	else
		ok
	fi
}

# run CODE DESCRIPTION -- COMMAND...: the exit status, then both streams clean.
run() {
	want=$1 desc=$2
	shift 3
	expect_exit "$want" "$desc" -- "$@"
	clean "$TMP/out" "$desc (stdout)"
	clean "$TMP/err" "$desc (stderr)"
}

# one_error DESCRIPTION FILE: stderr is one line naming FILE with a position.
one_error() {
	lines "$TMP/err" 1 "$1: one error line"
	if grep -q "^signoff: $2:[0-9][0-9]*:[0-9][0-9]*: " "$TMP/err"; then ok; else
		not_ok "$1: error without FILE:LINE:COL: $(head -c 200 "$TMP/err")"
	fi
}

# An address with every control in it, as the fixtures spell it (no
# trailing newline: the shell would strip it).
HA=$(printf '\033[31mRED\033]0;pwned\007\342\200\256evil\342\201\246\302\233csi\177del\r\n\t\342\200\213\357\273\277\342\200\250x')

# ---- show and blast on every source kind ----
for src in tf.json pulumi-preview.json pulumi-events.jsonl manifests.yaml; do
	f=$H/$src
	run 0 "show $src" -- "$S" show "$f"
	run 0 "show --full $src" -- "$S" show --full "$f"
	run 0 "show --format json $src" -- "$S" show --full --format json "$f"
	"$S" show --full --color=always "$f" >"$TMP/colour" 2>&1
	LC_ALL=C sed 's/\x1b\[[0-9;]*m//g' "$TMP/colour" >"$TMP/out"
	clean "$TMP/out" "show --color=always $src: only signoff's own colours"
	run 0 "blast $src" -- "$S" blast "$f"
	run 0 "blast --format json $src" -- "$S" blast --format json "$f"
	run 0 "blast --order $src" -- "$S" blast --order "$f"
	run 0 "blast --order --format dot $src" -- "$S" blast --order --format dot "$f"
	run 0 "blast --order --format json $src" -- "$S" blast --order --format json "$f"
done
run 0 "show a preview with its stack export" -- \
	"$S" show --full --state $H/pulumi-export.json $H/pulumi-preview.json
run 0 "show --format json a preview with its stack export" -- \
	"$S" show --full --format json --state $H/pulumi-export.json $H/pulumi-preview.json
run 0 "blast a preview with its stack export" -- \
	"$S" blast --format json --state $H/pulumi-export.json $H/pulumi-preview.json
run 0 "show a stack export alone" -- "$S" show --full $H/pulumi-export.json
contains "$TMP/out" '4 unchanged' "the export's resources are counted"

# The blast radius of resources whose addresses hold every control.
for fmt in text json dot; do
	run 0 "blast ADDRESS --format $fmt (terraform)" -- \
		"$S" blast --format "$fmt" $H/tf.json "aws_db_instance.a$HA"
	run 0 "blast ADDRESS --format $fmt (manifests)" -- \
		"$S" blast --format "$fmt" $H/manifests.yaml "apps/Deployment/shop/$HA"
done
contains "$TMP/out" 'Deployment/shop/\\x1b[31mRED' "the dot graph names the escaped address"
run 0 "blast ADDRESS (pulumi, with the export)" -- "$S" blast --state $H/pulumi-export.json \
	$H/pulumi-preview.json "aws:rds/instance:Instance\$aws:rds/x:Y$HA::db$HA::with::colons"
contains "$TMP/out" 'aws:s3/bucket:Bucket::b\x1b[31mRED' "the bucket depends on the database"
run 2 "blast an unknown hostile ADDRESS" -- "$S" blast $H/tf.json "nope$HA"
lines "$TMP/err" 1 "unknown address: one line"

# Errors that quote input text.
run 2 "a hostile format_version" -- "$S" show $H/tf-bad-version.json
one_error "a hostile format_version" $H/tf-bad-version.json
contains "$TMP/err" "unsupported format_version '9\\x1b[31mRED" "the version, escaped"
run 2 "a hostile URN" -- "$S" show $H/pulumi-bad-urn.json
one_error "a hostile URN" $H/pulumi-bad-urn.json
run 0 "a hostile step op" -- "$S" show $H/pulumi-bad-op.json
contains "$TMP/err" "unknown step op 'explode\\x1b[31mRED" "the op, escaped, in the warning"
printf '{"format_version":"1.2","resource_changes":[{"address":"a.b\377\376"}]}' >"$TMP/latin.json"
run 2 "invalid UTF-8 in a plan" -- "$S" show "$TMP/latin.json"
one_error "invalid UTF-8 in a plan" "$TMP/latin.json"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "a\300\257"\n' >"$TMP/latin.yaml"
run 2 "invalid UTF-8 in a manifest" -- "$S" show "$TMP/latin.yaml"
one_error "invalid UTF-8 in a manifest" "$TMP/latin.yaml"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\000b\n' >"$TMP/nul.yaml"
run 2 "a NUL byte in a manifest" -- "$S" show "$TMP/nul.yaml"
one_error "a NUL byte in a manifest" "$TMP/nul.yaml"
printf '{"format_version":"1.2","resource_changes":[{"address":"a\033[2J\000"}]}' >"$TMP/nul.json"
# an endless stream of NULs (a device, a binary pipe) is refused at the
# first of them, not read to the 2 GiB limit
run 2 "/dev/zero as SOURCE" -- "$S" show /dev/zero
one_error "/dev/zero as SOURCE" /dev/zero
run 2 "a raw NUL and ESC in a plan" -- "$S" show "$TMP/nul.json"
one_error "a raw NUL and ESC in a plan" "$TMP/nul.json"
cp $H/tf.json "$TMP/$HA.json"
run 2 "a hostile file name" -- "$S" blast "$TMP/$HA.json" nope
contains "$TMP/err" '\x1b[31mRED' "the file name, escaped"
run 2 "a hostile file name that does not exist" -- "$S" show "$TMP/$HA.none"
lines "$TMP/err" 1 "a missing file: one line"

# ---- a git range: a Secret changes between two commits ----
R="$TMP/repo"
if command -v git >/dev/null 2>&1; then
	sh testdata/repos/make-pair.sh "$R" "k8s/$HA.yaml" $H/secret-before.yaml \
		$H/secret-after.yaml >/dev/null 2>&1 || not_ok "make-pair.sh"
	run 0 "show --range" -- "$S" show --full --range before..after "$R"
	contains "$TMP/out" '(sensitive value)' "the Secret's data is masked"
	run 0 "show --range --format json" -- "$S" show --full --format json --range before..after "$R"
	run 0 "blast --range" -- "$S" blast --format json --range before..after "$R"
	run 2 "a hostile --range" -- "$S" show --range "before..$HA" "$R"
	lines "$TMP/err" 1 "a hostile --range: one line"
else
	echo "skipped: git is not installed"
fi

# ---- sign, verify and gate ----
if command -v ssh-keygen >/dev/null 2>&1; then
	ssh-keygen -q -t ed25519 -N '' -C "alice@example.com" -f "$TMP/alice"
	echo "alice@example.com namespaces=\"signoff-review-v1\" $(cut -d' ' -f1,2 "$TMP/alice.pub")" \
		>"$TMP/allowed_signers"
	printf '{"allowed_signers": "allowed_signers", "required_approvals": 1}\n' >"$TMP/policy.json"
	unset SSH_AUTH_SOCK
	run 2 "sign without marking the destroys reviewed" -- "$S" sign $H/tf.json \
		--approve --key "$TMP/alice" --principal alice@example.com -o "$TMP/no.review"
	contains "$TMP/err" 'aws_db_instance.b["\x1b[31mRED' "the destroys are listed, escaped"
	run 2 "sign --reviewed a hostile address that is not in the plan" -- "$S" sign $H/tf.json \
		--approve --all-reviewed --key "$TMP/alice" --principal alice@example.com \
		--reviewed "nope$HA" -o "$TMP/no.review"
	run 2 "sign with a hostile principal" -- "$S" sign $H/tf.json --approve --all-reviewed \
		--key "$TMP/alice" --principal "alice$HA" -o "$TMP/no.review"
	for src in tf.json pulumi-preview.json manifests.yaml; do
		rm -f "$TMP/$src.review"
		run 2 "sign $src acknowledging a hostile id the checks did not report" -- \
			"$S" sign $H/$src --approve --all-reviewed --key "$TMP/alice" \
			--waivers testdata/signing/accepted-risks.yaml --ack "F$HA=why$HA" \
			-o "$TMP/no.review"
		contains "$TMP/err" 'F\x1b[31mRED' "the unknown finding id is escaped"
		run 0 "sign $src with hostile words" -- "$S" sign $H/$src --approve --all-reviewed \
			--key "$TMP/alice" --principal alice@example.com --comment "c$HA" \
			--waivers testdata/signing/accepted-risks.yaml \
			--environment "e$HA" --workspace "w$HA" -o "$TMP/$src.review"
		contains "$TMP/err" 'c\x1b[31mRED' "the comment is shown escaped"
		clean "$TMP/$src.review" "the bundle for $src"
		run 0 "verify $src" -- "$S" verify $H/$src --review "$TMP/$src.review" \
			--policy "$TMP/policy.json"
		run 11 "verify $src, a hostile acknowledgement missing" -- "$S" verify $H/$src \
			--review "$TMP/$src.review" --policy "$TMP/policy.json" --require-ack "R$HA"
		contains "$TMP/err" 'finding R\x1b[31mRED' "the finding id is escaped"
		run 0 "gate $src" -- "$S" gate $H/$src --review "$TMP/$src.review" \
			--policy "$TMP/policy.json" -- true "{plan}"
	done
	printf '{"allowed_signers": "allowed_signers", "environment": "prod\\u001b[2J\\u202e"}\n' \
		>"$TMP/prod.json"
	run 13 "verify against a policy for another hostile environment" -- "$S" verify $H/tf.json \
		--review "$TMP/tf.json.review" --policy "$TMP/prod.json"
	contains "$TMP/err" "requires 'prod\\x1b[2J\\u{202e}'" "the policy's environment, escaped"
	printf '{"allowed_signers": "allowed_signers", "x\\u001b[2J\\u202e": 1}\n' >"$TMP/typo.json"
	run 2 "a hostile unknown policy key" -- "$S" verify $H/tf.json \
		--review "$TMP/tf.json.review" --policy "$TMP/typo.json"
	one_error "a hostile unknown policy key" "$TMP/typo.json"
	sed 's/"payload": "/"payload": "\\u001b[2J/' "$TMP/tf.json.review" >"$TMP/bad.review"
	run 2 "a hostile payload in the bundle" -- "$S" verify $H/tf.json \
		--review "$TMP/bad.review" --policy "$TMP/policy.json"
	one_error "a hostile payload in the bundle" "$TMP/bad.review"
	printf 'alice@example.com\033[2J namespaces="x\342\200\256" ssh-ed25519 AAAA\033\n' \
		>"$TMP/allowed_signers"
	run 2 "a hostile allowed_signers file" -- "$S" verify $H/tf.json \
		--review "$TMP/tf.json.review" --policy "$TMP/policy.json"
	one_error "a hostile allowed_signers file" "$TMP/allowed_signers"
	# endless files where a policy, bundle, allowed_signers or revoked_keys
	# file goes: refused at the size limit, in one line, nothing leaked
	# (make asan sees leaks)
	printf '{"allowed_signers": "/dev/zero"}\n' >"$TMP/zero-signers.json"
	echo "alice@example.com $(cut -d' ' -f1,2 "$TMP/alice.pub")" >"$TMP/good_signers"
	printf '{"allowed_signers": "good_signers"}\n' >"$TMP/good-policy.json"
	printf '{"allowed_signers": "good_signers", "revoked_keys": "/dev/zero"}\n' \
		>"$TMP/zero-revoked.json"
	for args in "--policy /dev/zero --review $TMP/tf.json.review" \
		"--policy $TMP/good-policy.json --review /dev/zero" \
		"--policy $TMP/zero-signers.json --review $TMP/tf.json.review" \
		"--policy $TMP/zero-revoked.json --review $TMP/tf.json.review"; do
		# shellcheck disable=SC2086
		run 2 "verify $args" -- "$S" verify $H/tf.json $args
		lines "$TMP/err" 1 "verify $args: one line"
		contains "$TMP/err" "/dev/zero: file is larger than" "verify $args: names the file"
	done
else
	echo "skipped: ssh-keygen is not installed"
fi

# ---- sizes: a 10 MB string, 100k elements, deep nesting, 100k documents ----
TFW='{"format_version":"1.2","resource_changes":[{"address":"a.b","mode":"managed","type":"a","name":"b","change":{"actions":["create"],"before":null,"after":{"v":'
TFE='},"after_unknown":{},"before_sensitive":false,"after_sensitive":{}}}]}'
PUW='{"steps":[{"op":"create","urn":"urn:pulumi:s::p::t:m:T::n","newState":{"urn":"urn:pulumi:s::p::t:m:T::n","type":"t:m:T","custom":true,"inputs":{"v":'
PUE='}}}]}'
# json_sizes PREFIX: $TMP/PREFIX-{string,array,deep,deeper}.json between $W and $E
json_sizes() {
	awk -v w="$W" -v e="$E" 'BEGIN { s = "\\u001b[2J\\u202e\\u0000x"; while (length(s) < 10485760) s = s s;
		printf "%s\"%s\"%s", w, s, e }' >"$TMP/$1-string.json"
	awk -v w="$W" -v e="$E" 'BEGIN { printf "%s[", w;
		for (i = 0; i < 100000; i++) printf "%s\"\\u001b[%dm\\u009b\"", (i ? "," : ""), i;
		printf "]%s", e }' >"$TMP/$1-array.json"
	awk -v w="$W" -v e="$E" 'BEGIN { printf "%s", w; for (i = 0; i < 900; i++) printf "[";
		printf "\"\\u001b\""; for (i = 0; i < 900; i++) printf "]"; printf "%s", e }' \
		>"$TMP/$1-deep.json"
	awk -v w="$W" -v e="$E" 'BEGIN { printf "%s", w; for (i = 0; i < 100000; i++) printf "[";
		for (i = 0; i < 100000; i++) printf "]"; printf "%s", e }' >"$TMP/$1-deeper.json"
}
W=$TFW E=$TFE json_sizes tf
W=$PUW E=$PUE json_sizes pulumi
for kind in tf pulumi; do
	for size in string array deep; do
		f="$TMP/$kind-$size.json"
		run 0 "show, $kind, $size" -- timeout 120 "$S" show "$f"
		run 0 "show --format json, $kind, $size" -- timeout 120 "$S" show --format json "$f"
		run 0 "blast, $kind, $size" -- timeout 120 "$S" blast --format json "$f"
	done
	run 2 "show, $kind, nested 100k deep" -- timeout 120 "$S" show "$TMP/$kind-deeper.json"
	one_error "$kind nested 100k deep" "$TMP/$kind-deeper.json"
	contains "$TMP/err" "nested deeper than 1000 levels" "$kind: the depth limit is named"
done

# (through ENVIRON: awk -v would expand the backslashes)
export YH='"\e[31m\u202e\x9b\0"'
awk 'BEGIN { h = ENVIRON["YH"]; s = "\\e[2J\\u202e\\x9b\\0x"; while (length(s) < 10485760) s = s s;
	printf "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: %s}\ndata:\n  v: \"%s\"\n", h, s }' \
	>"$TMP/yaml-string.yaml"
awk 'BEGIN { h = ENVIRON["YH"]; printf "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: %s}\ndata:\n  v: [", h;
	for (i = 0; i < 100000; i++) printf "%s\"\\e[%dm\"", (i ? "," : ""), i; printf "]\n" }' \
	>"$TMP/yaml-array.yaml"
awk 'BEGIN { h = ENVIRON["YH"]; printf "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: %s}\ndata:\n  v: ", h;
	for (i = 0; i < 500; i++) printf "["; printf "%s", h; for (i = 0; i < 500; i++) printf "]";
	printf "\n" }' >"$TMP/yaml-deep.yaml"
awk 'BEGIN { printf "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  v: ";
	for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]";
	printf "\n" }' >"$TMP/yaml-deeper.yaml"
awk 'BEGIN { for (i = 0; i < 100000; i++)
	printf "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"c\\e[%dm\\u202e\"\n", i }' \
	>"$TMP/yaml-docs.yaml"
for size in string array deep docs; do
	f="$TMP/yaml-$size.yaml"
	run 0 "show, manifests, $size" -- timeout 120 "$S" show "$f"
	run 0 "show --format json, manifests, $size" -- timeout 120 "$S" show --format json "$f"
	run 0 "blast, manifests, $size" -- timeout 120 "$S" blast --format json "$f"
done
run 2 "show, manifests, nested 100k deep" -- timeout 120 "$S" show "$TMP/yaml-deeper.yaml"
one_error "manifests nested 100k deep" "$TMP/yaml-deeper.yaml"

# aliases: a 10 kB string used 100k times (1 GB of text from 300 kB), and
# an anchor 500 deep used inside itself 60 times (30k levels)
awk 'BEGIN { s = "x"; while (length(s) < 10000) s = s s;
	printf "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: laughs}\ndata:\n  a: &s \"%s\"\n  l: [*s", s;
	for (i = 1; i < 100000; i++) printf ",*s"; printf "]\n" }' >"$TMP/laughs.yaml"
run 2 "a string expanded 100k times by aliases" -- timeout 60 "$S" show "$TMP/laughs.yaml"
one_error "string laughs" "$TMP/laughs.yaml"
contains "$TMP/err" "aliases expand to more than 67108864 bytes of text" "the byte limit is named"
awk 'BEGIN { printf "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\nanchors:\n";
	for (k = 0; k < 60; k++) { printf "  - &a%d ", k; for (i = 0; i < 500; i++) printf "[";
		if (k) printf "*a%d", k - 1; else printf "x"; for (i = 0; i < 500; i++) printf "]"; printf "\n" }
	printf "data: {v: *a59}\n" }' >"$TMP/alias-depth.yaml"
run 2 "30k levels through aliases" -- timeout 60 "$S" show "$TMP/alias-depth.yaml"
one_error "alias depth" "$TMP/alias-depth.yaml"
contains "$TMP/err" "nesting deeper than 512 levels (through the alias 'a0')" "the depth limit is named"

# 1200 Services selecting the pods of 1000 Deployments: 1.2M links from
# 2200 objects; the graph keeps its budget and says what it left out
awk 'BEGIN { for (i = 0; i < 1200; i++)
	printf "---\napiVersion: v1\nkind: Service\nmetadata: {name: s%d, namespace: ns}\nspec:\n  selector: {app: x}\n", i;
	for (i = 0; i < 1000; i++)
	printf "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d%d, namespace: ns}\nspec:\n  selector: {matchLabels: {app: x}}\n  template: {metadata: {labels: {app: x}}}\n", i }' \
	>"$TMP/select-all.yaml"
run 0 "blast, 1.2M selector links" -- timeout 120 "$S" blast "$TMP/select-all.yaml"
contains "$TMP/out" "Note: the graph stopped at 1048576 links" "the budget is named"
run 0 "blast --format json, 1.2M selector links" -- timeout 120 "$S" blast --format json \
	"$TMP/select-all.yaml" apps/Deployment/ns/d0
contains "$TMP/out" '"dropped_edges": ' "the JSON says edges were dropped"

finish
