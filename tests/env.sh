# tests/env.sh - sourced by `make check` before every test runner: a fixed,
# hermetic environment (style.md 5.11).
export TZ=UTC
export LC_ALL=C.UTF-8
export TERM=xterm-256color
unset NO_COLOR
: "${SIGNOFF_BUILD:=build/debug}"
export SIGNOFF_BUILD
export HOME="$SIGNOFF_BUILD/test-home"
export XDG_CONFIG_HOME="$HOME/.config"
mkdir -p "$XDG_CONFIG_HOME"
unset SSH_AUTH_SOCK
export GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.com
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.com
export GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z"
# The shared corpus (real files by others) is used when present.
: "${SIGNOFF_CORPUS:=../shared/corpus}"
export SIGNOFF_CORPUS
