# tests/cli/manifests.sh - Kubernetes/Crossplane manifests end to end:
# files, folders, standard input and git ranges through `signoff show`;
# secrets never printed; bad input is one located line and exit 2.
: "${SIGNOFF_BIN:=./signoff}"
pass=0
fail=0
T=$(mktemp -d "${TMPDIR:-/tmp}/signoff-manifests.XXXXXX")
trap 'rm -rf "$T"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# run WANT_EXIT DESCRIPTION COMMAND...: stdout in $T/out, stderr in $T/err
run() {
	want=$1 desc=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else
		bad "$desc: exit $got, expected $want"
		sed 's/^/  | /' "$T/err" >&2
	fi
}
has() { if grep -qF -- "$2" "$1"; then ok; else bad "$3: '$2' not in $(basename "$1")"; sed 's/^/  | /' "$1" | head -20 >&2; fi; }
hasnt() { if grep -qF -- "$2" "$1"; then bad "$3: '$2' in $(basename "$1")"; else ok; fi; }
same() { if [ "$1" = "$2" ]; then ok; else bad "$3: '$1', expected '$2'"; fi; }
count() { n=$(grep -cF -- "$2" "$1"); same "$n" "$3" "$4 ($2)"; }

S="$SIGNOFF_BIN"

# ---- one file, a folder, standard input ----
run 0 "stream file" "$S" show testdata/manifests/valid/stream.yaml
has "$T/out" "# ConfigMap/shop/listed-a will be created" "List items"
has "$T/out" "# batch/Job/shop/migrate-*@testdata/manifests/valid/stream.yaml#6 will be created" "generateName"
has "$T/out" "Plan: 5 to add, 0 to change, 0 to destroy." "stream summary"

run 0 "namespace option" "$S" show --namespace staging testdata/manifests/valid/stream.yaml
has "$T/out" "# ConfigMap/staging/listed-b will be created" "--namespace"

run 0 "stdin" sh -c "cat testdata/manifests/valid/list.json | '$S' show -"
has "$T/out" "# apps/Deployment/ci/runner will be created" "JSON List on stdin"

run 0 "folder" "$S" show testdata/manifests/dir
has "$T/out" "Plan: 2 to add, 0 to change, 0 to destroy." "folder summary"
has "$T/err" "signoff: testdata/manifests/dir: warning: apps/replicas-patch.yaml: skipped: a kustomize patch (listed in apps/kustomization.yaml), not a cluster object" "patch skipped"
has "$T/err" "charts/web/templates/deployment.yaml: skipped: Helm chart template" "template skipped"
count "$T/err" "warning:" 6 "folder warnings"
run 0 "quiet folder" "$S" show -q testdata/manifests/dir
same "$(wc -c <"$T/err" | tr -d ' ')" 0 "--quiet"

run 0 "comment-only file" "$S" show testdata/manifests/valid/comments-only.yaml
same "$(wc -c <"$T/err" | tr -d ' ')" 0 "comment-only: no warning"

run 0 "json output" "$S" show --format json testdata/manifests/valid/crossplane.yaml
has "$T/out" '"crossplane": "managed"' "crossplane role in extra"
has "$T/out" '"address": "platform.example.org/XNetwork/shared"' "cluster-scoped XR"

# ---- a folder leaves nothing out silently ----
mkdir -p "$T/fold"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: "1"}\n' >"$T/fold/a.yaml"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {x: "1"}\n' >"$T/fold/b.yaml"
ln -s a.yaml "$T/fold/link.yaml"
mkfifo "$T/fold/pipe.yaml"
run 0 "a folder with a link and a FIFO" "$S" show "$T/fold"
has "$T/out" "2 to add" "both regular manifests"
has "$T/err" "link.yaml: skipped: a symbolic link" "a link is said to be skipped"
has "$T/err" "pipe.yaml: skipped: not a regular file" "a FIFO is said to be skipped"
# a manifest that cannot be read is an error, not a review without it
as_user() { if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi; }
chmod 755 "$T" "$T/fold"
if as_user "$S" --version >/dev/null 2>&1; then
	chmod 000 "$T/fold/b.yaml"
	run 2 "an unreadable manifest" as_user "$S" show "$T/fold"
	has "$T/err" "fold/b.yaml: cannot read this manifest: Permission denied" "...names the file"
	chmod 644 "$T/fold/b.yaml"
else
	echo "skipped: an unreadable manifest (cannot run signoff as another user here)"
fi

# ---- secrets ----
for fmt in text json; do
	run 0 "secret file ($fmt)" "$S" show --full --format $fmt testdata/manifests/valid/secret.yaml
	for s in hunter2 aHVudGVyMg== YWRtaW4= postgres:// s3cr3t-t0ken; do
		hasnt "$T/out" "$s" "secret in $fmt output"
		hasnt "$T/err" "$s" "secret on stderr"
	done
done
run 0 "secret text" "$S" show testdata/manifests/valid/secret.yaml
has "$T/out" "password = (sensitive value)" "masked data"

# ---- bad input: one located line, exit 2 ----
run 2 "duplicate key" "$S" show testdata/manifests/invalid/duplicate-key.yaml
same "$(cat "$T/err")" "signoff: testdata/manifests/invalid/duplicate-key.yaml:8:3: duplicate key 'a' (first at line 6)" "duplicate key message"
run 2 "duplicate JSON key" "$S" show testdata/manifests/invalid/duplicate-key.json
same "$(cat "$T/err")" "signoff: testdata/manifests/invalid/duplicate-key.json:3:21: duplicate key 'a'" "duplicate JSON key message"
for f in truncated bad-utf8 complex-key unknown-alias tab-indent billion-laughs deep; do
	run 2 "$f" "$S" show "testdata/manifests/invalid/$f.yaml"
	count "$T/err" "signoff: testdata/manifests/invalid/$f.yaml:" 1 "$f: one located line"
	same "$(wc -l <"$T/err" | tr -d ' ')" 1 "$f: one line"
	same "$(wc -c <"$T/out" | tr -d ' ')" 0 "$f: no output"
done
run 2 "bad UTF-8" "$S" show testdata/manifests/invalid/bad-utf8.yaml
same "$(cat "$T/err")" "signoff: testdata/manifests/invalid/bad-utf8.yaml:4:11: invalid trailing UTF-8 octet: byte 0x28" "bad UTF-8 names the byte"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "evil\\e[31mred\\u202e"\n' >"$T/hostile.yaml"
run 0 "hostile name" "$S" show "$T/hostile.yaml"
if grep -q "$(printf '\033')" "$T/out" "$T/err"; then bad "raw escape reached the terminal"; else ok; fi
has "$T/out" 'evil\x1b[31mred\u{202e}' "escaped name"
run 2 "range on a file" "$S" show --range HEAD testdata/manifests/valid/stream.yaml
has "$T/err" "--range needs a git work tree (a directory)" "range on a file"

# ---- git ranges ----
R="$T/repo"
sh testdata/repos/make-scenarios.sh "$R" >/dev/null || bad "make-scenarios.sh"
r() { run 0 "range $1" "$S" show --range "$1" "$R"; }

r create~1..create
count "$T/out" "will be created" 2 "create"
r delete~1..delete
has "$T/out" "# ConfigMap/shop/app-config will be destroyed" "delete"
r update~1..update
has "$T/out" '~ image = "registry.example.com/web:1.0" -> "registry.example.com/web:1.1"' "update"
has "$T/out" "Plan: 0 to add, 1 to change, 0 to destroy." "update summary"
# a changed element of a named list says its name: which env var, which container
has "$T/out" '    name  = "LOG_LEVEL"' "the env var's name"
has "$T/out" '    name  = "app"' "the container's name"
r rename~1..rename
has "$T/out" "# Service/shop/cache-svc will be created" "rename create"
has "$T/out" "# Service/shop/cache will be destroyed" "rename delete"
r apiversion~1..apiversion
has "$T/out" '~ apiVersion = "apps/v1beta2" -> "apps/v1"' "apiVersion update"
has "$T/out" "# networking.k8s.io/Ingress/jobs/worker will be updated in-place" "group move"
r reorder~1..reorder
has "$T/out" "No changes." "reorder"
r secret~1..secret
has "$T/out" "~ password = (sensitive value)" "secret change"
hasnt "$T/out" "Y29ycmVjdC1ob3JzZQ==" "new secret value"
hasnt "$T/out" "aHVudGVyMg==" "old secret value"
r skip~1..skip
count "$T/err" "skipped:" 4 "skip"
has "$T/out" "No changes." "skip: nothing to review"
r composition~1..composition
has "$T/out" "subnetIdSelector" "composition patch"
run 0 "json range" "$S" show --format json --range main...feature "$R"
has "$T/out" "\"revision_from\": \"$(git -C "$R" rev-parse composition)\"" "merge base bound"
has "$T/out" "\"revision_to\": \"$(git -C "$R" rev-parse refs/heads/feature)\"" "feature bound"
has "$T/out" '"address": "ConfigMap/shop/feature-flags"' "feature change"
hasnt "$T/out" "main-only" "main's own change"
run 0 "pathspec" "$S" show --range base..composition "$R" -- crossplane
count "$T/out" "will be" 1 "pathspec limits"
run 0 "options after SOURCE" "$S" show "$R" --range base..composition -- crossplane
count "$T/out" "will be" 1 "options after SOURCE, pathspec after --"
run 2 "an option word after --" "$S" show --range base..composition "$R" -- --namespace x
has "$T/err" "'--namespace' comes after '--', where only PATHSPECs go" "option after --"
run 2 "unknown revision" "$S" show --range base..nope "$R"
count "$T/err" "cannot resolve revision" 1 "unknown revision"
run 2 "not a repository" "$S" show --range HEAD~1..HEAD /
has "$T/err" "not in a git work tree" "not a repository"
(cd "$R" && sed 's/replicas: 2/replicas: 7/' apps/web.yaml >w && mv w apps/web.yaml)
run 0 "working tree" "$S" show --format json --range HEAD "$R"
has "$T/out" '"revision_to": "WORKTREE:sha256:' "worktree binding"
has "$T/out" '"address": "apps/Deployment/shop/web"' "worktree change"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
