#!/bin/sh
# tests/cli/ui_tmux.sh - the real binary in a real terminal (tmux, 80x24):
# review work survives a dropped connection.  Marks and an
# acknowledgement are written to the draft after each change; SIGHUP (a
# lost SSH session, or tmux kill-session) and SIGTERM make the handler
# write the draft again before the process ends; opening the same plan
# resumes it.  Also: a vt100 is left clean, Ctrl-C is quit.  Skipped
# when tmux is not installed.
. tests/cli/lib.sh
S=$SIGNOFF_BIN
if ! command -v tmux >/dev/null 2>&1; then
	echo "skipped: tmux is not installed"
	finish
	exit 0
fi

SOCK="$TMP/tmux.sock"
export XDG_STATE_HOME="$TMP/state"
cp testdata/demo/plan.json "$TMP/plan.json"
DRAFTS="$XDG_STATE_HOME/signoff/drafts"
DRAFT="$DRAFTS/$(sha256sum "$TMP/plan.json" | cut -d' ' -f1).json"
# sanitizer reports go to files: the pane is gone when the process ends
if [ -n "${ASAN_OPTIONS:-}" ]; then
	export ASAN_OPTIONS="$ASAN_OPTIONS:log_path=$TMP/asan"
	export UBSAN_OPTIONS="${UBSAN_OPTIONS:-}:log_path=$TMP/ubsan"
fi

t() { tmux -S "$SOCK" -f /dev/null "$@"; }

# start: the review of $TMP/plan.json in a detached 80x24 session (exec:
# the pane's process is signoff itself, so the signals below reach it)
start() {
	t new-session -d -s ui -x 80 -y 24 \
		"exec env TERM=tmux-256color XDG_STATE_HOME='$XDG_STATE_HOME' '$S' '$TMP/plan.json' 2>'$TMP/stderr'"
}

# wait_for TEXT: until the screen shows TEXT (30 s at most: ASan is slow)
wait_for() {
	i=0
	while [ $i -lt 300 ]; do
		t capture-pane -p -t ui >"$TMP/pane" 2>/dev/null
		if grep -qF -- "$1" "$TMP/pane"; then return 0; fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "screen after 30 s, waiting for '$1':" >&2
	sed 's/^/  | /' "$TMP/pane" >&2
	return 1
}

# wait_without TEXT: until the screen no longer shows TEXT
wait_without() {
	i=0
	while [ $i -lt 300 ]; do
		t capture-pane -p -t ui >"$TMP/pane" 2>/dev/null
		if ! grep -qF -- "$1" "$TMP/pane"; then return 0; fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# gone: until the session has ended
gone() {
	i=0
	while [ $i -lt 300 ]; do
		t has-session -t ui 2>/dev/null || return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# has_draft DESCRIPTION WHAT...: the draft file holds each WHAT (it is
# written just after the screen is drawn: give it a moment)
has_draft() {
	desc=$1
	shift
	i=0
	while [ $i -lt 100 ]; do
		last=""
		for what in "$@"; do
			grep -qF -- "$what" "$DRAFT" 2>/dev/null || last=$what
		done
		[ -z "$last" ] && break
		sleep 0.1
		i=$((i + 1))
	done
	if [ ! -f "$DRAFT" ]; then
		not_ok "$desc: no draft at $DRAFT"
		return
	fi
	for what in "$@"; do contains "$DRAFT" "$what" "$desc"; done
}

REASON="checked with the storage team (SEC-9)"

# 1. marks and an acknowledgement; each change is written at once
start
if wait_for "checks done"; then ok; else not_ok "the review did not start"; fi
t send-keys -t ui Space Space g F A
wait_for "because:" && ok || not_ok "A asks for a reason"
t send-keys -t ui -l "$REASON"
t send-keys -t ui Enter
if wait_for "acknowledged AWS-S3-001"; then ok; else not_ok "the acknowledgement is taken"; fi
has_draft "written after each change" '"aws_s3_bucket.logs"' \
	'"aws_s3_bucket_public_access_block.logs"' "$REASON"

# 2. SIGHUP: the handler writes the draft (removed here to see it come back)
rm -f "$DRAFT"
PID=$(t display-message -p -t ui '#{pane_pid}')
kill -HUP "$PID"
if gone; then ok; else not_ok "SIGHUP did not end the review"; fi
has_draft "SIGHUP wrote the draft" '"aws_s3_bucket.logs"' "$REASON"

# 3. the same plan again: the review is back, and says so
start
if wait_for "draft resumed: 2 marked reviewed, 1 acknowledgement"; then ok; else
	not_ok "the draft is not resumed"; fi
contains "$TMP/pane" "✓+  aws_s3_bucket.logs" "the marks are back on the rows"
t send-keys -t ui F
wait_for "acknowledged: checked with" && ok || not_ok "the acknowledgement is back"

# 4. tmux kill-session hangs up on it as sshd would
rm -f "$DRAFT"
t kill-session -t ui
if gone; then ok; else not_ok "kill-session"; fi
has_draft "a hangup from tmux wrote the draft" "$REASON"

# 5. SIGTERM too; then q quits at once (the draft holds the work)
start
wait_for "draft resumed" && ok || not_ok "resumed again"
rm -f "$DRAFT"
PID=$(t display-message -p -t ui '#{pane_pid}')
kill -TERM "$PID"
if gone; then ok; else not_ok "SIGTERM did not end the review"; fi
has_draft "SIGTERM wrote the draft" '"aws_s3_bucket.logs"'
start
wait_for "draft resumed" && ok || not_ok "resumed after SIGTERM"
t send-keys -t ui q
if gone; then ok; else not_ok "q with a saved draft quits without asking"; fi
has_draft "quitting keeps the draft" "$REASON"

# 5b. SIGTERM puts the terminal back: the main screen, no mouse reports,
# no keypad mode (the pane stays after the process ends, to be asked; a
# dead pane never shows its cursor, so that flag says nothing then)
start
t set-option -t ui remain-on-exit on
wait_for "draft resumed" && ok || not_ok "started for the terminal reset"
flags() { t display-message -p -t ui '#{pane_dead} #{alternate_on} #{cursor_flag} #{mouse_any_flag} #{keypad_flag}'; }
case $(flags) in
"0 1 0 1 1") ok ;;
*) not_ok "the review did not take the screen as expected: $(flags)" ;;
esac
kill -TERM "$(t display-message -p -t ui '#{pane_pid}')"
i=0
while [ $i -lt 300 ] && [ "$(flags | cut -d' ' -f1)" != 1 ]; do sleep 0.1; i=$((i + 1)); done
case $(flags) in
"1 0 "?" 0 0") ok ;;
*) not_ok "after SIGTERM the terminal was left as: dead alt cursor mouse keypad = $(flags)" ;;
esac
t kill-session -t ui
gone

# 6. a real resize (SIGWINCH) redraws at the new size
start
wait_for "draft resumed" && ok || not_ok "started for the resize"
t resize-window -t ui -x 40 -y 10
# the header keeps only the counts at 40 columns
if wait_without "findings H9" && wait_for "Changes 29"; then ok; else not_ok "redrawn at 40x10"; fi
w=$(wc -L <"$TMP/pane")
if [ "$w" -le 40 ]; then ok; else not_ok "a line $w columns wide after the resize to 40"; fi
t kill-session -t ui
gone

# 7. a terminal with no alternate screen (vt100): quitting clears the
# screen, so the shell's prompt does not land on top of the review
t new-session -d -s ui -x 80 -y 24 \
	"env TERM=vt100 XDG_STATE_HOME='$XDG_STATE_HOME' '$S' '$TMP/plan.json' 2>'$TMP/stderr'; echo EXIT=\$?; sleep 60"
wait_for "draft resumed" && ok || not_ok "started on a vt100"
t send-keys -t ui q
if wait_for "EXIT=0"; then ok; else not_ok "q on a vt100"; fi
lacks "$TMP/pane" "Changes 29" "the vt100's screen is cleared on quitting"
if [ "$(grep -c . "$TMP/pane")" -eq 1 ]; then ok; else not_ok "more than the exit status on the vt100's screen"; fi
t kill-session -t ui
gone

# 8. Ctrl-C is q: with the draft saved it quits at once (status 0); a
# SIGINT from elsewhere is handled as SIGTERM (the draft is written)
t new-session -d -s ui -x 80 -y 24 \
	"env TERM=tmux-256color XDG_STATE_HOME='$XDG_STATE_HOME' '$S' '$TMP/plan.json' 2>'$TMP/stderr'; echo EXIT=\$?; sleep 60"
wait_for "draft resumed" && ok || not_ok "started for Ctrl-C"
t send-keys -t ui C-c
if wait_for "EXIT=0"; then ok; else not_ok "Ctrl-C quits like q"; fi
t kill-session -t ui
gone
start
wait_for "draft resumed" && ok || not_ok "started for SIGINT"
rm -f "$DRAFT"
kill -INT "$(t display-message -p -t ui '#{pane_pid}')"
if gone; then ok; else not_ok "SIGINT did not end the review"; fi
has_draft "SIGINT wrote the draft" '"aws_s3_bucket.logs"'

for f in "$TMP"/asan* "$TMP"/ubsan*; do
	[ -e "$f" ] || continue
	cat "$f"
	not_ok "sanitizer report in $f"
done
t kill-server 2>/dev/null
finish
