#!/usr/bin/env bash
# Prints the bin directory of a Go toolchain that can build the test cluster (at least GO_MIN_VERSION):
# the `go` on PATH if it is new enough, else ${LT_CACHE}/go, installed there first when missing or too old.
# The install comes from the Go module proxy (module golang.org/toolchain, ${GOPROXY:-https://proxy.golang.org})
# and is checked against the checksum database served through the proxy (GOSUMDB=off skips that).
#
#   PATH="$(dev/k8s/go.sh):$PATH"
#
# Env: GO_VERSION (installed version, see lib.sh), GO_MIN_VERSION, GOPROXY, GOSUMDB, LT_CACHE.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"

goroot=$LT_CACHE/go

log() { echo "go.sh: $*" >&2; }

version_of() { # go binary -> version like 1.26.8, empty when it does not run
  GOTOOLCHAIN=local "$1" env GOVERSION 2>/dev/null | sed -n 's/^go\([0-9][0-9.]*\).*/\1/p'
}

new_enough() { # version
  [[ -n $1 && $(printf '%s\n%s\n' "$GO_MIN_VERSION" "$1" | sort -V | head -n 1) == "$GO_MIN_VERSION" ]]
}

proxy_url() { # first real proxy of GOPROXY (entries separated by , or |)
  local p
  for p in $(tr ',|' '  ' <<<"${GOPROXY:-https://proxy.golang.org}"); do
    [[ $p == direct || $p == off ]] || { echo "${p%/}"; return; }
  done
  log "GOPROXY=$GOPROXY names no proxy to download Go from"
  return 1
}

install_go() {
  local os arch
  os=$(uname -s | tr '[:upper:]' '[:lower:]')
  case $(uname -m) in
    x86_64 | amd64) arch=amd64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) log "no Go toolchain for $(uname -m)"; return 1 ;;
  esac
  command -v python3 >/dev/null || { log "python3 is needed to unpack Go"; return 1; }
  local version=v0.0.1-go$GO_VERSION.$os-$arch proxy
  proxy=$(proxy_url)
  mkdir -p "$LT_CACHE"
  # Subshell: the lock and the cleanup trap stay here.
  (
    exec 9>"$LT_CACHE/.go.lock"
    flock 9
    new_enough "$(version_of "$goroot/bin/go")" && exit 0
    log "installing Go $GO_VERSION into $goroot (golang.org/toolchain@$version from $proxy)"
    tmp=$(mktemp -d "$LT_CACHE/.go.tmp.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    curl -fsSL --retry 3 -o "$tmp/go.zip" "$proxy/golang.org/toolchain/@v/$version.zip"
    local sum=""
    if [[ ${GOSUMDB:-} != off ]]; then
      local lookup=sumdb/sum.golang.org/lookup/golang.org/toolchain@$version
      sum=$( { curl -fsSL --retry 3 "$proxy/$lookup" || curl -fsSL --retry 3 "https://$lookup"; } |
        awk -v v="$version" '$1 == "golang.org/toolchain" && $2 == v {print $3}')
      [[ $sum == h1:* ]] || { log "no checksum for golang.org/toolchain@$version (GOSUMDB=off skips the check)"; exit 1; }
    fi
    # Checks the module hash (dirhash h1, as the go command does), then unpacks without the
    # module path prefix; zips from the proxy carry no file modes, so commands get theirs back.
    python3 - "$tmp/go.zip" "golang.org/toolchain@$version/" "$tmp/go" "$sum" <<'EOF'
import base64, hashlib, os, sys, zipfile
path, prefix, dest, want = sys.argv[1:]
with zipfile.ZipFile(path) as z:
    names = sorted(n for n in z.namelist() if not n.endswith("/"))
    if want:
        h = hashlib.sha256()
        for n in names:
            h.update(f"{hashlib.sha256(z.read(n)).hexdigest()}  {n}\n".encode())
        got = "h1:" + base64.b64encode(h.digest()).decode()
        if got != want:
            sys.exit(f"go.sh: checksum mismatch for {path}: got {got}, want {want}")
    for n in names:
        if not n.startswith(prefix) or ".." in n.split("/"):
            sys.exit(f"go.sh: unexpected file {n} in {path}")
        rel = n[len(prefix):]
        out = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with z.open(n) as src, open(out, "wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
        if rel.startswith(("bin/", "pkg/tool/")):
            os.chmod(out, 0o755)
EOF
    new_enough "$(version_of "$tmp/go/bin/go")" || { log "the unpacked Go does not run or is older than $GO_MIN_VERSION"; exit 1; }
    rm -rf "$goroot"
    mv "$tmp/go" "$goroot"
  )
}

if command -v go >/dev/null && new_enough "$(version_of "$(command -v go)")"; then
  dirname "$(command -v go)"
  exit 0
fi
if ! new_enough "$(version_of "$goroot/bin/go")"; then
  if command -v go >/dev/null; then
    log "$(command -v go) is Go $(version_of "$(command -v go)"), older than $GO_MIN_VERSION"
  fi
  install_go
fi
echo "$goroot/bin"
