#!/bin/sh
# with-keyring.sh CMD [ARG ...]: runs CMD inside a private D-Bus session bus with a throwaway,
# unlocked gnome-keyring (a real Secret Service), then removes it; exits with CMD's status.
#
# - The keyring's files live in a temp dir (XDG_DATA_HOME and XDG_RUNTIME_DIR for the daemon only),
#   removed afterwards; the password is random and never stored.
# - CMD starts only once the bus name org.freedesktop.secrets has an owner (polled, at most 5 s):
#   without the wait about half the runs race the daemon.
# - CMD sees DBUS_SESSION_BUS_ADDRESS (its private bus) and CX_TEST_KEYRING_PID (the daemon's pid,
#   for tests that stop it to get a keyring that never answers).
# - Nesting works: each call has its own bus, daemon and files.
# Needs: dbus (dbus-run-session, dbus-send), gnome-keyring. Exit 69 when they are missing or the
# daemon does not come up; otherwise CMD's own exit status.
set -u

if [ "${1:-}" != "--inside-session" ]; then
  if [ "$#" -eq 0 ]; then
    echo "usage: sh test/setup/with-keyring.sh CMD [ARG ...]" >&2
    exit 64
  fi
  for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "with-keyring.sh: $tool not found (apt-get install dbus gnome-keyring)" >&2
      exit 69
    fi
  done
  exec dbus-run-session -- sh "$0" --inside-session "$@"
fi
shift

dir=$(mktemp -d "${TMPDIR:-/tmp}/cx-keyring.XXXXXX") || exit 69
daemon=""
# Alive and not a zombie (the daemon is reparented to pid 1, which may be slow to reap it).
running() {
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  case "$state" in Z*) return 1 ;; *) return 0 ;; esac
}
cleanup() {
  if [ -n "$daemon" ]; then
    kill -TERM "$daemon" 2>/dev/null
    kill -CONT "$daemon" 2>/dev/null # a test may have stopped it
    i=0
    while running "$daemon" && [ "$i" -lt 20 ]; do sleep 0.1; i=$((i + 1)); done
    kill -KILL "$daemon" 2>/dev/null
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -m 700 "$dir/data" "$dir/runtime" || exit 69
password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
# The daemon forks into the background, serves the secrets component on this bus, and creates and
# unlocks a "login" collection with this password (the default collection).
printf %s "$password" | XDG_DATA_HOME="$dir/data" XDG_RUNTIME_DIR="$dir/runtime" \
  gnome-keyring-daemon --unlock --components=secrets >/dev/null

has_owner() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus / \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'
}
i=0
until has_owner; do
  i=$((i + 1))
  if [ "$i" -ge 50 ]; then
    echo "with-keyring.sh: gnome-keyring did not take org.freedesktop.secrets within 5 s" >&2
    exit 69
  fi
  sleep 0.1
done
daemon=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus / \
  org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets | awk '/uint32/ { print $2 }')
export CX_TEST_KEYRING_PID="$daemon"

"$@"
status=$?
exit "$status"
