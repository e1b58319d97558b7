#!/bin/sh
# Whether this machine has what the tests drive for real (test/setup/system-needs.txt). When
# something is missing: ONE line naming it and the command that installs it, and exit 69, so that
# `npm test` stops before vitest instead of failing test after test. Exit 0 otherwise, silently.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
needs="$root/test/setup/system-needs.txt"

# keytar (an optional dependency, the tests' way to the keyring) loads from node_modules?
keytar_ok=yes
(cd "$root" && node -e "require('keytar')" >/dev/null 2>&1) || keytar_ok=no

missing=""
packages=""
while read -r kind what package; do
  case "$kind" in ''|'#'*) continue ;; esac
  case "$kind" in
    command) command -v "$what" >/dev/null 2>&1 && continue ;;
    file) [ -e "$what" ] && continue ;;
    keytar-build)
      [ "$keytar_ok" = yes ] && continue
      case "$what" in
        pkg-config:*) command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "${what#pkg-config:}" 2>/dev/null && continue ;;
        *) command -v "$what" >/dev/null 2>&1 && continue ;;
      esac ;;
    *) echo "check-system.sh: unknown kind '$kind' in $needs" >&2; exit 70 ;;
  esac
  case "$what" in pkg-config:*) what="the headers of ${what#pkg-config:}" ;; esac
  missing="$missing${missing:+, }$what"
  case " $packages " in *" $package "*) ;; *) packages="$packages${packages:+ }$package" ;; esac
done < "$needs"

if [ -z "$missing" ] && [ "$keytar_ok" = yes ]; then exit 0; fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo "
fix=""
[ -n "$packages" ] && fix="${sudo}apt-get install -y --no-install-recommends $packages"
if [ "$keytar_ok" = no ]; then
  missing="$missing${missing:+, }keytar (node_modules; the keyring tests need it)"
  fix="$fix${fix:+ && }npm ci"
fi
echo "npm test: missing on this machine: $missing; install with: $fix (.ci/run does this)" >&2
exit 69
