#!/usr/bin/env bash
# Builds the images and boots infra/compose/compose.yaml here with podman, then runs the check
# (infra/local/src/compose-check.ts): the seed's walk-through against the stack's gateway, the EVENTS stream's
# leader and one webhook replica killed, a service's process crashed, every event delivered. Removes the stack and
# its volumes at the end (KEEP=1 leaves it running). Needs root, podman, runc, debootstrap and docker-compose
# (Debian packages); a few minutes. Not part of `pnpm test`: CI machines may have no podman or root.
set -euo pipefail
cd "$(dirname "$0")/../.."

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
elapsed() { echo "$(( $(date +%s) - $1 )) s"; }
export COMPOSE_PROJECT_NAME=ops-center
# The gateway's port on this machine: away from 8084, which `bash infra/up.sh` uses.
export OPS_GATEWAY_PORT=${OPS_GATEWAY_PORT:-18084}
# The check's receiver listens on this machine's address on the stack's network (compose.yaml's subnet).
export WEBHOOK_ALLOWED_CIDRS=10.89.40.0/24

t=$(date +%s)
bash infra/images/make-base-images.sh
say "base images: $(elapsed "$t")"
secrets=$(bash infra/compose/make-secrets.sh)
t=$(date +%s)
say "building ops-center:latest"
podman build --network host -q -t ops-center:latest . >/dev/null
say "image: $(elapsed "$t")"
pnpm install --frozen-lockfile --reporter=silent
pnpm exec tsc -b infra/local

# docker-compose talks to podman through podman's Docker API, on a socket of this run's own.
socket="$PWD/.data/podman/podman.sock"
mkdir -p "$(dirname "$socket")"
# Its log (podman's complaints that it cannot register health check timers without systemd) goes beside it.
podman system service --time=0 "unix://$socket" 2>>"$(dirname "$socket")/service.log" &
service=$!
export DOCKER_HOST="unix://$socket"
compose() { docker-compose -f infra/compose/compose.yaml "$@"; }
finish() {
  if [ -z "${KEEP:-}" ]; then compose down --volumes --timeout 30 >/dev/null 2>&1 || true; fi
  kill "$service" 2>/dev/null || true
}
trap finish EXIT
for _ in $(seq 1 50); do [ -S "$socket" ] && break; sleep 0.1; done

# From nothing: a stack left by an earlier run goes, volumes included.
compose down --volumes --timeout 30 >/dev/null 2>&1 || true
t=$(date +%s)
say "starting the stack"
compose up -d --no-build
set -a
# shellcheck disable=SC1091
. "$secrets/admin.env"
set +a
OPS_API="http://127.0.0.1:$OPS_GATEWAY_PORT" node infra/local/dist/compose-check.js
say "stack up and checked: $(elapsed "$t")"
