#!/usr/bin/env bash
# Brings the platform up on this machine and shows it working:
# installs what is missing, starts NATS if none is reachable, builds, and runs every service in one
# process. Without DATABASE_URL each service embeds its own PostgreSQL (PGlite) under .data/, so NATS
# is the only server needed. Ctrl-C stops it cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
bash infra/setup.sh
exec node infra/local/dist/up.js
