#!/bin/sh
# deps.sh - the Debian packages signoff needs.
#   scripts/deps.sh --check     exit 1 with the apt-get line if a library is missing
#   scripts/deps.sh --install   install them (as root, or through sudo)
set -u

DEBS="build-essential pkg-config libjansson-dev libyaml-dev libpcre2-dev libgit2-dev
libssl-dev libncurses-dev libcriterion-dev openssh-client git tmux python3 cppcheck"
MODULES="jansson yaml-0.1 libpcre2-8 libgit2 libcrypto ncursesw criterion"

debs=$(echo $DEBS)

check() {
	missing=""
	if ! command -v pkg-config >/dev/null 2>&1; then
		missing="pkg-config"
	else
		for m in $MODULES; do
			pkg-config --exists "$m" 2>/dev/null || missing="$missing $m"
		done
	fi
	if [ -n "$missing" ]; then
		echo "signoff: missing build dependencies:$missing" >&2
		echo "signoff: install them with:  sudo apt-get install -y $debs" >&2
		echo "signoff: (or run 'make deps' as root)" >&2
		return 1
	fi
	return 0
}

case "${1:---check}" in
--check)
	check
	;;
--install)
	if [ "$(id -u)" -eq 0 ]; then
		SUDO=""
	elif command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "signoff: installing Debian packages needs root; run as root:" >&2
		echo "  apt-get update && apt-get install -y $debs" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -q || echo "signoff: apt-get update failed; trying the install anyway" >&2
	# shellcheck disable=SC2086
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $debs
	check
	;;
--list)
	echo "$debs"
	;;
*)
	echo "usage: $0 [--check|--install|--list]" >&2
	exit 2
	;;
esac
