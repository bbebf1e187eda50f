#!/bin/sh
# make-big.sh DEST N - a git repository in DEST (which must not exist)
# with N Deployments, one file each, in folders of 100 (commit tag base),
# then one of them changed (tag change).  Used to show that a range reads
# only the files it changes.  Deterministic.
set -eu
dest=$1 n=$2
[ ! -e "$dest" ] || { echo "make-big: $dest exists" >&2; exit 2; }
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.com
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.com
export GIT_AUTHOR_DATE="${GIT_AUTHOR_DATE:-2026-01-01T00:00:00Z}"
export GIT_COMMITTER_DATE="${GIT_COMMITTER_DATE:-2026-01-01T00:00:00Z}"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null TZ=UTC
mkdir -p "$dest"
cd "$dest"
git init -q -b main .
awk -v n="$n" 'BEGIN {
	for (i = 0; i < n; i++) {
		dir = sprintf("team-%03d", int(i / 100));
		if (i % 100 == 0)
			system("mkdir -p " dir);
		f = sprintf("%s/svc-%05d.yaml", dir, i);
		printf "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc-%05d\n  namespace: %s\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n      - name: app\n        image: registry.example.com/svc:%d\n", i, dir, i % 7 > f;
		close(f);
	}
}'
git add -A
git commit -q --no-gpg-sign -m base
git tag base
sed -e 's/replicas: 2/replicas: 3/' team-000/svc-00042.yaml > team-000/svc-00042.yaml.new
mv team-000/svc-00042.yaml.new team-000/svc-00042.yaml
git commit -q --no-gpg-sign -am change
git tag change
