#!/usr/bin/env bash
# Installs the system packages the real-server tests need, or fails saying which one is missing.
set -euo pipefail

need=()
command -v dovecot >/dev/null 2>&1 || need+=(dovecot-core)
[ -x /usr/lib/dovecot/pop3 ] || need+=(dovecot-pop3d)
[ -x /usr/lib/dovecot/imap ] || need+=(dovecot-imapd)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
# The console's end-to-end tests drive Debian's Chromium headless (through playwright-core).
command -v chromium >/dev/null 2>&1 || need+=(chromium)

if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "The tests need these Debian packages: ${need[*]}. Install them as root (apt-get install ${need[*]})." >&2
    exit 1
  fi
  echo "== installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # The suite runs its own private Dovecot instances; the packaged system service is not wanted.
  (systemctl disable --now dovecot 2>/dev/null || service dovecot stop 2>/dev/null || true) >/dev/null
fi

url="${DROBOT_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
if ! psql "$url" -qAtc 'select 1' >/dev/null 2>&1; then
  # The machine image ships a PostgreSQL cluster; start it if it is stopped.
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start >/dev/null 2>&1 || true
  fi
  if ! psql "$url" -qAtc 'select 1' >/dev/null 2>&1; then
    echo "PostgreSQL is not reachable at ${url%%\?*}: the multi-database tests need it (set DROBOT_TEST_DATABASE_URL)." >&2
    exit 1
  fi
fi
