#!/bin/sh
# tests/cli/ui.sh - the review UI from the command line: the headless
# replay (--keys, --dump-screen, --size), option and input errors,
# themes, the key list, and that nothing from a plan reaches the screen raw.
. tests/cli/lib.sh
S=$SIGNOFF_BIN
DEMO=testdata/demo/plan.json
esc=$(printf '\033')

printf '@snap x\n' >"$TMP/snap.keys"
printf 'j\n' >"$TMP/j.keys"

# The headless replay writes the last screen; the same run twice is the same.
expect_exit 0 "headless run" -- "$S" --keys "$TMP/j.keys" --dump-screen "$TMP/a.screen" \
	--dump-roles "$TMP/a.roles" --size 100x30 "$DEMO"
golden "$TMP/a.screen" testdata/cli/ui-demo-100x30.screen "headless screen"
lines "$TMP/a.roles" 30 "roles: one line per row"
"$S" --keys "$TMP/j.keys" --dump-screen "$TMP/b.screen" --size 100x30 "$DEMO"
if cmp -s "$TMP/a.screen" "$TMP/b.screen"; then ok; else not_ok "replay is not deterministic"; fi
contains "$TMP/a.screen" "aws_s3_bucket_public_access_block.logs" "second row selected"
# ... from standard input, and @snap files in --snap-dir
expect_exit 0 "plan on stdin" -- sh -c "\"$S\" --keys \"$TMP/snap.keys\" --snap-dir \"$TMP\" - <$DEMO"
contains "$TMP/x.screen" "aws_s3_bucket.logs" "snap written from a stdin plan"

# Option errors: one line, exit 2.
expect_exit 2 "--size without --keys" -- "$S" --size 80x24 "$DEMO"
contains "$TMP/err" "need --keys FILE" "--size needs --keys"
expect_exit 2 "bad --size" -- "$S" --keys "$TMP/j.keys" --size 80by24 "$DEMO"
contains "$TMP/err" "bad size '80by24': expected COLSxROWS" "bad size message"
lines "$TMP/err" 1 "bad size is one line"
expect_exit 2 "two sources" -- "$S" "$DEMO" "$DEMO"

# Key scripts: errors name the script, line and column.
printf 'j\nk<Dwon>\n' >"$TMP/bad.keys"
expect_exit 2 "bad key name" -- "$S" --keys "$TMP/bad.keys" "$DEMO"
contains "$TMP/err" "bad.keys:2:2: unknown key name '<Dwon>'" "key script position"
lines "$TMP/err" 1 "key script error is one line"
printf 'j\n@size 80x24\n' >"$TMP/late.keys"
expect_exit 2 "setup after a key" -- "$S" --keys "$TMP/late.keys" "$DEMO"
contains "$TMP/err" "late.keys:2:1: @size must come before the first key" "late directive"
printf 'q\nj\n' >"$TMP/after-quit.keys"
expect_exit 2 "keys after quitting" -- "$S" --keys "$TMP/after-quit.keys" "$DEMO"
contains "$TMP/err" "after-quit.keys:2:1: the review quit before this line" "after quit"
expect_exit 2 "missing key script" -- "$S" --keys "$TMP/none.keys" "$DEMO"
contains "$TMP/err" "none.keys: cannot open the key script" "missing script"
expect_exit 2 "unknown directive" -- sh -c "printf '@fixture x\n@snap y\n' >\"$TMP/fx.keys\"; \"$S\" --keys \"$TMP/fx.keys\" \"$DEMO\""
contains "$TMP/err" "fx.keys:1:1: unknown directive '@fixture'" "unknown directive named"

# Plans: missing, or not a plan.
expect_exit 2 "missing plan" -- "$S" --keys "$TMP/j.keys" "$TMP/nope.json"
contains "$TMP/err" "nope.json" "missing plan named"
printf '{"format_version": "1.2", "resource_changes": [' >"$TMP/cut.json"
expect_exit 2 "truncated plan" -- "$S" --keys "$TMP/j.keys" "$TMP/cut.json"
contains "$TMP/err" "cut.json:1:" "truncated plan position"
lines "$TMP/err" 1 "one error line for a truncated plan"

# Themes: built in, files, errors; --dump-theme is the shipped file.
for t in default light high-contrast monochrome; do
	expect_exit 0 "--dump-theme $t" -- "$S" --dump-theme $t
	golden "$TMP/out" "themes/$t.theme" "themes/$t.theme is --dump-theme $t"
	expect_exit 0 "--theme $t" -- "$S" --keys "$TMP/j.keys" --theme "$t" "$DEMO"
done
expect_exit 0 "--theme FILE" -- "$S" --keys "$TMP/j.keys" --theme themes/light.theme "$DEMO"
expect_exit 2 "unknown theme" -- "$S" --keys "$TMP/j.keys" --theme sepia "$DEMO"
contains "$TMP/err" "no theme 'sepia'" "unknown theme message"
printf 'create green\ncreate blue\n' >"$TMP/dup.theme"
expect_exit 2 "bad theme file" -- "$S" --keys "$TMP/j.keys" --theme "$TMP/dup.theme" "$DEMO"
contains "$TMP/err" "dup.theme:2:1: role given twice: 'create'" "theme error position"
mkdir -p "$TMP/xdg/signoff/themes"
sed 's/^create .*/create              magenta         default/' themes/default.theme \
	>"$TMP/xdg/signoff/themes/mine.theme"
XDG_CONFIG_HOME="$TMP/xdg" "$S" --dump-theme mine >"$TMP/mine" 2>&1
contains "$TMP/mine" "create              magenta" "a theme from \$XDG_CONFIG_HOME/signoff/themes"

# The config file (XDG): applied, and its errors stop the UI with a position.
printf 'set theme = monochrome\nbind J next-change\n' >"$TMP/xdg/signoff/config"
printf 'J\n' >"$TMP/J.keys"
XDG_CONFIG_HOME="$TMP/xdg" "$S" --keys "$TMP/J.keys" --dump-screen "$TMP/J.screen" "$DEMO" 2>"$TMP/err"
contains "$TMP/J.screen" "tree 2/" "J bound in the config moves to the next change"
printf 'set mouse = maybe\n' >"$TMP/xdg/signoff/config"
expect_exit 2 "bad config" -- env XDG_CONFIG_HOME="$TMP/xdg" "$S" --keys "$TMP/j.keys" "$DEMO"
contains "$TMP/err" "signoff/config:1:13: expected on or off, not 'maybe'" "config position"
expect_exit 2 "--config missing" -- "$S" --config "$TMP/none.config" --keys "$TMP/j.keys" "$DEMO"

# Terminals that cannot hold the UI say so.
printf '@term dumb\n@snap x\n' >"$TMP/dumb.keys"
expect_exit 2 "TERM=dumb" -- "$S" --keys "$TMP/dumb.keys" "$DEMO"
contains "$TMP/err" "terminal 'dumb' cannot move the cursor" "dumb terminal message"
if command -v setsid >/dev/null 2>&1; then
	expect_exit 2 "no terminal at all" -- setsid -w "$S" "$DEMO"
	contains "$TMP/err" "cannot open the terminal (/dev/tty)" "no tty message"
fi
printf '@term no-such-terminal\n@snap x\n' >"$TMP/unk.keys"
expect_exit 2 "unknown TERM" -- "$S" --keys "$TMP/unk.keys" "$DEMO"
contains "$TMP/err" "unknown terminal type 'no-such-terminal'" "unknown terminal message"

# Nothing from a plan reaches the screen raw.
printf 'j\n<Enter>\n' >"$TMP/esc.keys"
"$S" --keys "$TMP/esc.keys" --dump-screen "$TMP/esc.screen" --size 100x24 \
	testdata/screens/plans/escapes.json
lacks "$TMP/esc.screen" "$esc" "no raw ESC on the screen"
contains "$TMP/esc.screen" '\u{202e}gnp.exe' "bidi override shown escaped"
printf '<Enter>\n' >"$TMP/evil.keys"
"$S" --keys "$TMP/evil.keys" --dump-screen "$TMP/evil.screen" --size 100x24 \
	testdata/screens/plans/escapes.json
contains "$TMP/evil.screen" '\x1b]52;c;ZXZpbA==\x07' "OSC 52 shown escaped"
if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$TMP/evil.screen"; then
	not_ok "control bytes on the screen"; else ok; fi

# Sensitive values: not on screen unless revealed on purpose.
printf '/aws_db_instance.main<Enter>\n' >"$TMP/db.keys"
"$S" --keys "$TMP/db.keys" --dump-screen "$TMP/db.screen" --size 100x30 "$DEMO"
lacks "$TMP/db.screen" "correct-horse-battery-staple" "password hidden"
contains "$TMP/db.screen" "(sensitive value, changed)" "password changed, without showing it"
printf '/aws_db_instance.main<Enter>\nx\ny\n' >"$TMP/reveal.keys"
"$S" --keys "$TMP/reveal.keys" --dump-screen "$TMP/reveal.screen" --size 100x30 "$DEMO"
contains "$TMP/reveal.screen" "correct-horse-battery-staple" "password revealed after y"

# --help-keys lists every request with its default keys.
expect_exit 0 "--help-keys" -- "$S" --help-keys
for req in move-down next-change unfold fold toggle-unchanged blast-radius findings search \
	search-next filter-menu command mark-reviewed reveal help quit; do
	contains "$TMP/out" " $req " "--help-keys lists $req"
done
contains "$TMP/out" "]c" "--help-keys shows sequences"

# The review options: a policy that cannot be read stops the UI with its
# name; the checks' options are those of `signoff check`.
expect_exit 2 "missing --policy" -- "$S" --keys "$TMP/j.keys" --policy "$TMP/none.json" "$DEMO"
contains "$TMP/err" "none.json: cannot open" "missing policy named"
lines "$TMP/err" 1 "missing policy is one line"
printf '{"allowed_signers": "allowed_signers", "ack_severity": "critical"}\n' >"$TMP/crit.json"
printf 'j\n@snap s\n' >"$TMP/s.keys"
expect_exit 0 "--policy sets the threshold" -- "$S" --keys "$TMP/s.keys" --snap-dir "$TMP" \
	--size 120x30 --policy "$TMP/crit.json" "$DEMO"
contains "$TMP/s.screen" "to approve: 7 marks" "critical threshold: no finding to acknowledge"
expect_exit 0 "--only" -- "$S" --keys "$TMP/s.keys" --snap-dir "$TMP" --size 120x30 \
	--only 'AWS-S3-*' "$DEMO"
contains "$TMP/s.screen" "findings H2 M4 L2" "--only runs just those rules"
expect_exit 0 "--skip and --waivers" -- "$S" --keys "$TMP/s.keys" --snap-dir "$TMP" \
	--size 120x30 --skip 'AWS-TAG-*' --waivers testdata/screens/review/waivers.yaml "$DEMO"
contains "$TMP/s.screen" "findings H9 M8 L2" "--skip leaves those rules out"
contains "$TMP/s.screen" "to approve: 8 high+ acks, 7 marks" "a waived high finding needs no ack"
printf '@snap s\n' >"$TMP/s0.keys"
expect_exit 0 "bad --rules" -- "$S" --keys "$TMP/s0.keys" --snap-dir "$TMP" --size 120x30 \
	--rules testdata/screens/review/bad-rules "$DEMO"
contains "$TMP/s.screen" "checks failed" "a rule pack that does not parse: the UI says so"
contains "$TMP/s.screen" "broken.yaml:5:1:" "...with the file and position"

finish
