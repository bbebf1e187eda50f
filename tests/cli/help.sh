#!/bin/sh
# tests/cli/help.sh - --help, the man page and the README agree with the
# command table (src/cli.h).
. tests/cli/lib.sh
S=$SIGNOFF_BIN

expect_exit 0 "--help" -- "$S" --help
cp "$TMP/out" "$TMP/help"
expect_exit 0 "--version" -- "$S" --version
contains "$TMP/out" "signoff 0." "version"

# The man page, with roff escapes removed.
sed -e 's/\\-/-/g' -e 's/\\f[BIR]//g' doc/signoff.1 >"$TMP/man"
if command -v man >/dev/null 2>&1 && man -l doc/signoff.1 >/dev/null 2>&1; then ok; else
	if command -v man >/dev/null 2>&1; then not_ok "man -l doc/signoff.1 fails"; else ok; fi
fi

# The README, with Markdown table escapes removed.
sed -e 's/\\|/|/g' README.md >"$TMP/readme"

# Every command synopsis of --help is in the man page and the README, and
# every command has its own usage.
grep '^  signoff ' "$TMP/help" | sed 's/^  signoff //' >"$TMP/synopses"
n=0
while IFS= read -r syn; do
	n=$((n + 1))
	contains "$TMP/man" "$syn" "man page synopsis"
	contains "$TMP/readme" "signoff $syn" "README synopsis"
	cmd=${syn%% *}
	"$S" "$cmd" --help >"$TMP/cmdhelp" 2>&1
	contains "$TMP/cmdhelp" "usage: signoff $syn" "$cmd --help"
done <"$TMP/synopses"
if [ "$n" -ge 6 ]; then ok; else not_ok "only $n commands in --help"; fi

# Every long option the man page documents for a source is in --help.
for opt in --range --state --namespace --color --ascii --quiet; do
	contains "$TMP/help" "$opt" "--help lists $opt"
	contains "$TMP/man" "$opt" "man page lists $opt"
done

# Every option of the review UI in --help is in the man page (REVIEW UI
# OPTIONS) and the README (Reviewing in the terminal), and the UI takes it.
sed -n '/^Review UI options:/,/^$/p' "$TMP/help" | grep -oE -- '--[a-z][a-z-]+' | sort -u >"$TMP/uiopts"
sed -n '/^\.SH REVIEW UI OPTIONS/,/^\.SH KEYS/p' "$TMP/man" >"$TMP/man-ui"
sed -n '/^\.SH KEYS/,/^\.SH COMMANDS/p' "$TMP/man" >"$TMP/man-keys"
sed -n '/^## Reviewing in the terminal/,/^## Commands/p' "$TMP/readme" >"$TMP/readme-ui"
n=0
while IFS= read -r opt; do
	n=$((n + 1))
	contains "$TMP/man-ui" "$opt" "man page REVIEW UI OPTIONS has $opt"
	contains "$TMP/readme-ui" "$opt" "README's review section has $opt"
	"$S" "$opt" >"$TMP/opt" 2>&1
	lacks "$TMP/opt" "unknown option" "the UI takes $opt"
done <"$TMP/uiopts"
if [ "$n" -ge 20 ]; then ok; else not_ok "only $n review UI options in --help"; fi
# The review keys of the request table are in the man page's KEYS and the
# README's key table.
for key in A a r F b x u z; do
	if grep -qE "(^| )$key( |$)" "$TMP/man-keys"; then ok; else not_ok "man page KEYS lacks $key"; fi
	contains "$TMP/readme-ui" "\`$key\`" "README key table has $key"
done

# Every long option a command's --help lists, the command takes, and the
# man page's COMMANDS section (or SOURCE OPTIONS) documents.
sed -n '/^\.SH COMMANDS/,/^\.SH MANIFESTS/p;/^\.SH SOURCE OPTIONS/,/^\.SH POLICY/p' "$TMP/man" >"$TMP/man-cmds"
n=0
for cmd in show check blast sign verify gate; do
	"$S" "$cmd" --help >"$TMP/cmdhelp" 2>&1
	grep -oE -- '--[a-z][a-z-]+' "$TMP/cmdhelp" | sort -u >"$TMP/cmdopts"
	while IFS= read -r opt; do
		n=$((n + 1))
		contains "$TMP/man-cmds" "$opt" "man page documents $cmd $opt"
		"$S" "$cmd" "$opt" >"$TMP/opt" 2>&1 </dev/null
		lacks "$TMP/opt" "unknown option" "$cmd takes $opt"
	done <"$TMP/cmdopts"
done
if [ "$n" -ge 40 ]; then ok; else not_ok "only $n command options in the commands' --help"; fi

# Unknown command or option: usage error, exit 2.
expect_exit 2 "show with an unknown option" -- "$S" show --bogus x
finish
