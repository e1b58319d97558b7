#!/usr/bin/env bash
# README's first command, as a new user runs it, on a machine where keytar (an optional dependency)
# cannot build: a clean clone of this repository (its committed HEAD), a pkg-config that fails
# first on PATH (as without libsecret's headers), no prebuilt keytar download
# (npm_config_build_from_source), an empty HOME. It must exit 0 and print the plan; then
# `npm install -g` of the packed cx must succeed too, and that cx must plan as well. Fails (exit 1)
# with the step that went wrong. .ci/run runs it before `npm test`; a developer can run it as is:
#   bash test/setup/fresh-install-check.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/cx-fresh-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() {
  echo "fresh-install-check: $*" >&2
  exit 1
}
started=$(date +%s)

mkdir -p "$work/stub" "$work/home"
printf '#!/bin/sh\necho "pkg-config: not available (fresh-install-check stub)" >&2\nexit 1\n' > "$work/stub/pkg-config"
chmod +x "$work/stub/pkg-config"
git clone --quiet --no-hardlinks "$root" "$work/cx"

# A new user's environment: nothing of cx's or codex's, an empty home; npm keeps its own cache and
# settings (the registry), so that the check measures the install, not the download.
npm_cache=$(npm config get cache)
npm_userconfig=$(npm config get userconfig)
for name in $(env | sed -n 's/^\(CX_[A-Za-z0-9_]*\|CODEX_[A-Za-z0-9_]*\|npm_config_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$name"; done
export PATH="$work/stub:$PATH" HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_STATE_HOME="$work/home/.local/state"
export npm_config_cache="$npm_cache" npm_config_userconfig="$npm_userconfig" npm_config_build_from_source=true

cd "$work/cx"
# README command 1, exactly.
if ! sh -c 'npm ci && npm run build && npm exec -- cx explain' > "$work/readme-1.log" 2>&1; then
  tail -n 30 "$work/readme-1.log" >&2
  fail "README command 1 failed in a clean clone without keytar (output above)"
fi
[ ! -e node_modules/keytar ] || fail "keytar got installed, so this run proves nothing: the pkg-config stub did not stop its build"
grep -q '^cx would launch codex' "$work/readme-1.log" || { tail -n 30 "$work/readme-1.log" >&2; fail "README command 1 printed no plan"; }
readme=$(($(date +%s) - started))

# `npm install -g` of the package, into a private prefix.
tarball=$(npm pack --silent 2>/dev/null | tail -n 1)
if ! npm install -g --prefix "$work/prefix" --no-audit --no-fund "./$tarball" > "$work/global.log" 2>&1; then
  tail -n 30 "$work/global.log" >&2
  fail "npm install -g failed without keytar (output above)"
fi
[ ! -e "$work/prefix/lib/node_modules/cx-codex-launcher/node_modules/keytar" ] || fail "keytar got installed globally: the check proves nothing"
CX_CODEX_BIN="$work/cx/node_modules/.bin/codex" "$work/prefix/bin/cx" explain > "$work/global-explain.log" 2>&1 || { cat "$work/global-explain.log" >&2; fail "the globally installed cx could not plan"; }
grep -q '^cx would launch codex' "$work/global-explain.log" || fail "the globally installed cx printed no plan"

echo "fresh-install-check: ok without keytar: README command 1 in ${readme} s, with npm install -g $(($(date +%s) - started)) s"
