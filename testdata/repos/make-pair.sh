#!/bin/sh
# make-pair.sh DEST PATH BEFORE AFTER - a git repository in DEST (which
# must not exist) holding PATH twice: the bytes of file BEFORE in the first
# commit (tag before), those of file AFTER in the second (tag after).
# AFTER may be "-" to delete PATH in the second commit.  Deterministic.
set -eu
dest=$1 path=$2 before=$3 after=$4
[ ! -e "$dest" ] || { echo "make-pair: $dest exists" >&2; exit 2; }
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.com
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.com
export GIT_AUTHOR_DATE="${GIT_AUTHOR_DATE:-2026-01-01T00:00:00Z}"
export GIT_COMMITTER_DATE="${GIT_COMMITTER_DATE:-2026-01-01T00:00:00Z}"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null TZ=UTC
mkdir -p "$dest"
git -C "$dest" init -q -b main .
mkdir -p "$dest/$(dirname "$path")"
cp "$before" "$dest/$path"
git -C "$dest" add -A
git -C "$dest" commit -q --no-gpg-sign -m before
git -C "$dest" tag before
if [ "$after" = "-" ]; then
	git -C "$dest" rm -q "$path"
else
	cp "$after" "$dest/$path"
	git -C "$dest" add -A
fi
git -C "$dest" commit -q --no-gpg-sign --allow-empty -m after
git -C "$dest" tag after
