#!/usr/bin/env bash
# Brings the platform up on this machine and shows it working:
# installs what is missing, builds, starts a nats-server of its own with a user per service (127.0.0.1:4223,
# store and generated users under .data/nats/; NATS_URL points at another broker instead), and runs every
# service in one process. Without DATABASE_URL each service embeds its own PostgreSQL (PGlite) under .data/,
# so NATS is the only server needed. Ctrl-C stops it all cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
bash infra/setup.sh
exec node infra/local/dist/up.js
