#!/usr/bin/env bash
# `make run`: Torju with its demo data on embedded SQLite, served by gunicorn
# (static files by whitenoise) together with the background task worker.
# Safe to re-run: migrations and demo data are idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
export TORJU_DEMO_MODE=1
export DJANGO_SETTINGS_MODULE=torju.settings
BIN=.venv/bin
BIND=${TORJU_BIND:-127.0.0.1:8000}

if [ ! -e /usr/lib/x86_64-linux-gnu/libpangoft2-1.0.so.0 ] && [ ! -e /usr/lib/aarch64-linux-gnu/libpangoft2-1.0.so.0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libpangoft2-1.0-0 fonts-dejavu-core >/dev/null
  else
    echo "note: PDF documents need Pango (Debian: apt-get install libpangoft2-1.0-0 fonts-dejavu-core)" >&2
  fi
fi

mkdir -p var
$BIN/python manage.py migrate --noinput
$BIN/python manage.py collectstatic --noinput --verbosity 0
$BIN/python manage.py setup_demo

$BIN/python manage.py task_worker --verbosity 0 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM

echo "Torju (demo mode) at http://$BIND/  (Ctrl+C stops)"
$BIN/gunicorn torju.wsgi:application --bind "$BIND" --workers 2 --access-logfile - --log-level warning
