#!/bin/sh
# The oldest codex of the supported range (package.json "cx"."codexRange"."oldest"; the newest is the
# pinned devDependency in node_modules) for the tests that run the real codex against both ends.
# Laid out as npm installs it, so that its npm launcher finds its native binary:
#   .cache/codex-VERSION/node_modules/@openai/codex/bin/codex.js      (the launcher)
#   .cache/codex-VERSION/node_modules/@openai/codex-linux-x64/vendor/  (the native binary)
#   .cache/codex-VERSION/node_modules/.bin/codex -> the launcher        (as on a user's PATH)
# Idempotent; prints the directory. From the npm registry with `npm pack` (no install scripts run).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
version=$(node -p "require(process.argv[1]).cx.codexRange.oldest" "$root/package.json")
dir="$root/.cache/codex-$version"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) platform=linux-x64 triple=x86_64-unknown-linux-musl ;;
  Linux-aarch64) platform=linux-arm64 triple=aarch64-unknown-linux-musl ;;
  *) echo "ensure-codex-oldest.sh: no codex $version package for this platform; tests run the newest only" >&2; exit 0 ;;
esac
if [ ! -x "$dir/node_modules/@openai/codex-$platform/vendor/$triple/bin/codex" ] || [ ! -e "$dir/node_modules/.bin/codex" ]; then
  mkdir -p "$root/.cache"
  tmp=$(mktemp -d "$root/.cache/.codex-$version.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "@openai/codex@$version" "@openai/codex@$version-$platform" >/dev/null 2>&1) || {
    echo "ensure-codex-oldest.sh: npm pack @openai/codex@$version failed (no registry?)" >&2
    exit 1
  }
  mkdir -p "$tmp/launcher" "$tmp/native" "$tmp/dir/node_modules/@openai" "$tmp/dir/node_modules/.bin"
  tar -xzf "$tmp/openai-codex-$version.tgz" -C "$tmp/launcher"
  tar -xzf "$tmp/openai-codex-$version-$platform.tgz" -C "$tmp/native"
  mv "$tmp/launcher/package" "$tmp/dir/node_modules/@openai/codex"
  mv "$tmp/native/package" "$tmp/dir/node_modules/@openai/codex-$platform"
  ln -s ../@openai/codex/bin/codex.js "$tmp/dir/node_modules/.bin/codex"
  # Complete or absent: a run interrupted above leaves nothing half-installed.
  rm -rf "$dir"
  mv "$tmp/dir" "$dir"
fi
echo "$dir"
