#!/usr/bin/env bash
# Writes the broker's users, one per service and outside publisher named in the event catalog, with what each
# may publish and subscribe to (docs/security.md):
#   .data/nats/auth.conf         `include` it in nats-server's configuration (infra/nats/*.conf do)
#   .data/nats/credentials.json  each user's password: give each service its own as NATS_USER / NATS_PASSWORD
# Run again after the catalog changes: permissions follow it, passwords stay. Never commit .data/.
#   infra/nats/generate-auth.sh [dir]      (EVENTS_STREAM, EVENTS_SUBJECT_PREFIX if not EVENTS / events)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f infra/local/dist/generate-broker-auth.js ] || pnpm run -s build
exec node infra/local/dist/generate-broker-auth.js "${1:-.data/nats}"
