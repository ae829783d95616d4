#!/usr/bin/env bash
# The whole test suite: system packages, format, lint, type check/build, then every test tier.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-test-deps.sh

echo "== format check"
npx prettier --check . >/dev/null || { npx prettier --check . ; exit 1; }
echo "== lint"
npx eslint --max-warnings=0 .
echo "== type check and build"
rm -rf dist
npm run build --silent

export DROBOT_TEST_DATABASE_URL="${DROBOT_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
echo "== tests (PostgreSQL at ${DROBOT_TEST_DATABASE_URL%%\?*})"
mapfile -t files < <(find dist/test -name '*.test.js' | sort)
if [ "${#files[@]}" -eq 0 ]; then
  echo "no test files found" >&2
  exit 1
fi
node --test --test-concurrency=2 --test-timeout=600000 "${files[@]}"
