#!/usr/bin/env bash
# Installs what the real-VS-Code tests and the demo need, idempotently:
#   - Debian packages (build headers for code-server's native modules, ripgrep, chromium)
#   - code-server 4.100.3 (VS Code 1.100) built into a cache folder outside the clone.
# Prints the code-server root on its last line. Safe to run again: it skips what is there.
set -euo pipefail

CS_VERSION="4.100.3"
# Bump when the build steps below change, so caches built by an older recipe are rebuilt.
RECIPE="2"
CACHE_ROOT="${MUTUAL_MENTOR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mutual-mentor}"
DEST="$CACHE_ROOT/code-server-$CS_VERSION"
log() { echo "[install-code-server] $*" >&2; }

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
