#!/usr/bin/env bash
# Builds every package of the plugin and packs it (npm pack) into a folder of tarballs an
# app installs, then checks each tarball: built entry points and types, every runtime file
# the code resolves at run time, and no dependency outside the registry and these packages.
#   bash dev/scripts/pack.sh [out-dir]     (default: dist-packs/)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
out="$(mkdir -p "${1:-$REPO_ROOT/dist-packs}" && cd "${1:-$REPO_ROOT/dist-packs}" && pwd)"
rm -f "$out"/*.tgz
cd "$REPO_ROOT"
# types first: the packages' dist entry points declare them from dist-types
npx tsc -p tsconfig.json
for pkg in plugins/*/; do
  name="$(node -p "require('./${pkg}package.json').name")"
  lt_log "build and pack $name"
  (cd "$pkg" && npx backstage-cli package build >/dev/null && npm pack --silent --pack-destination "$out" >/dev/null)
done
node dev/scripts/check-packs.mjs "$out"
