#!/usr/bin/env bash
# Installs what is missing and makes sure the servers the platform needs are running.
#   infra/setup.sh            Node packages, build, the nats-server binary, and the broker's users in .data/nats/
#                             (infra/up.sh then runs its own nats-server with them, on 127.0.0.1:4223)
#   infra/setup.sh postgres   the same, plus the servers the tests share: NATS with JetStream on 127.0.0.1:4222
#                             (no authentication: tests isolate by stream names; the specs of the broker's
#                             permissions start a nats-server of their own with them) and PostgreSQL
# Safe to run again: each step checks first. Needs root (or sudo) only to install Debian packages.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=12.4.2
NATS_PORT=4222
PG_PORT=5432

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
reachable() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}
wait_port() {
  for _ in $(seq 1 100); do reachable "$1" && return 0; sleep 0.1; done
  echo "nothing listens on 127.0.0.1:$1 after 10 s ($2)" >&2; return 1
}

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then echo "Node.js 20 or newer is required (found: $(node -v 2>/dev/null || echo none))" >&2; exit 1; fi

if [ "$(pnpm -v 2>/dev/null)" != "$PNPM_VERSION" ]; then
  say "installing pnpm $PNPM_VERSION"
  npm install -g "pnpm@$PNPM_VERSION" --silent
fi

say "installing packages"
pnpm install --frozen-lockfile --reporter=silent
say "building"
pnpm run -s build

if ! command -v nats-server >/dev/null && [ ! -x /usr/sbin/nats-server ]; then say "installing nats-server"; apt_install nats-server; fi
say "writing the broker's users (.data/nats/)"
bash infra/nats/generate-auth.sh >/dev/null

if [ "${1:-}" = postgres ] && ! reachable "$NATS_PORT"; then
  say "starting NATS with JetStream on 127.0.0.1:$NATS_PORT"
  mkdir -p /var/lib/nats-server 2>/dev/null || true
  if [ -w /var/lib/nats-server ]; then store=/var/lib/nats-server; log=/var/log/nats-server.log; else store=.data/nats-shared; log=.data/nats-shared.log; mkdir -p "$store"; fi
  if command -v start-stop-daemon >/dev/null; then
    as_root start-stop-daemon --start --oknodo --background --exec "$(command -v nats-server || echo /usr/sbin/nats-server)" -- -a 127.0.0.1 -p "$NATS_PORT" -js -sd "$store" -l "$log"
  else
    nohup "$(command -v nats-server || echo /usr/sbin/nats-server)" -a 127.0.0.1 -p "$NATS_PORT" -js -sd "$store" -l "$log" >/dev/null 2>&1 &
  fi
  wait_port "$NATS_PORT" "NATS; see $log"
fi

# The console's browser tests drive Debian's Chromium (Playwright never downloads a browser here).
if [ "${1:-}" = postgres ] && [ ! -x /usr/bin/chromium ]; then say "installing chromium (browser tests)"; apt_install chromium; fi

if [ "${1:-}" = postgres ] && ! reachable "$PG_PORT"; then
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    say "installing PostgreSQL"
    apt_install postgresql
    fresh_pg=1
  fi
  say "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
  wait_port "$PG_PORT" "PostgreSQL; see /var/log/postgresql"
  if [ -n "${fresh_pg:-}" ]; then
    # A packaged server asks for a password on TCP: give the postgres role the one the tests use.
    as_root su postgres -c "psql -qc \"alter user postgres password 'postgres'\""
  fi
fi
