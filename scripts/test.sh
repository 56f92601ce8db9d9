#!/usr/bin/env bash
# `make test`: the whole suite. Lints and type checks, then the same pytest
# suite on SQLite and on PostgreSQL. With CI=true PostgreSQL is required.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PYTEST_WORKERS=${PYTEST_WORKERS:-2}

log() { printf '\n==> %s\n' "$*"; }

install_debian_package() {  # install_debian_package PACKAGE WHAT-NEEDS-IT
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing Debian package $1 (needed for $2)"
    if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1" >/dev/null
  else
    echo "error: $2 is missing; install the Debian package '$1' (as root: apt-get install $1)" >&2
    exit 1
  fi
}

ensure_debian_package() {  # ensure_debian_package COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 || install_debian_package "$2" "$1"
}

ensure_debian_file() {  # ensure_debian_file PATH PACKAGE
  [ -e "$1" ] || install_debian_package "$2" "$1"
}

ensure_debian_package chromium chromium
ensure_debian_package xgettext gettext
ensure_debian_package libreoffice libreoffice-writer-nogui
ensure_debian_package pdftotext poppler-utils
ensure_debian_package redis-server redis-server
ensure_debian_package pg_dump postgresql-client  # the backup and replica tests dump and restore
ensure_debian_file /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf fonts-dejavu-core
ensure_debian_file /usr/lib/x86_64-linux-gnu/libpangoft2-1.0.so.0 libpangoft2-1.0-0

log "ruff"
$BIN/ruff check .
$BIN/ruff format --check .
log "mypy"
$BIN/mypy

log "pytest on SQLite"
DATABASE_URL=sqlite:// $BIN/pytest -n "$PYTEST_WORKERS" -p no:cacheprovider -m "not postgresql"

log "PostgreSQL"
if ! pg_url=$($BIN/python scripts/find_postgres.py); then
  if [ "${CI:-}" = "true" ]; then
    log "CI=true: PostgreSQL is required; starting the local cluster"
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
      for version in /etc/postgresql/*; do
        pg_ctlcluster --skip-systemctl-redirect "$(basename "$version")" main start || true
      done
    fi
    for _ in $(seq 1 30); do
      if pg_url=$($BIN/python scripts/find_postgres.py); then break; fi
      sleep 1
    done
    if [ -z "${pg_url:-}" ]; then
      echo "error: CI=true and no PostgreSQL answers (DATABASE_URL, the local socket or 127.0.0.1:5432)" >&2
      exit 1
    fi
  else
    echo "PostgreSQL not reachable: skipping the PostgreSQL run (CI requires it)."
    exit 0
  fi
fi
log "pytest on PostgreSQL ($($BIN/python -c 'import sys; from urllib.parse import urlsplit; u = urlsplit(sys.argv[1]); print(u.hostname or "socket", u.path)' "$pg_url"))"
# The browser tests drive pages whose database work the other tests already run on PostgreSQL;
# they run once, on SQLite, to keep the suite's time (docs/decisions/0101).
DATABASE_URL=$pg_url $BIN/pytest -n "$PYTEST_WORKERS" -p no:cacheprovider -m "not browser or postgresql"
