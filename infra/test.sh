#!/usr/bin/env bash
# Runs every test (unit, integration, end to end) against real NATS and PostgreSQL on this machine.
# Installs and starts whatever is missing first. TEST_DATABASE_URL and TEST_NATS_URL point elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
bash infra/setup.sh postgres
exec pnpm test
