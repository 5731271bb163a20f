#!/usr/bin/env bash
# Runs every test (unit, integration, end to end) against real NATS and PostgreSQL on this machine.
# Installs and starts whatever is missing first. TEST_DATABASE_URL and TEST_NATS_URL point elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
bash infra/setup.sh postgres
report=$(mktemp)
# Tests and fixtures are type-checked too (the build leaves them out).
pnpm run -s typecheck
# The linter (floating and misused promises among its rules) and the migrations (consistent, no schema drift).
pnpm run -s lint
pnpm run -s db:check
status=0
pnpm exec vitest run --reporter=default --reporter=json --outputFile="$report" || status=$?
# One plain closing line, whatever the runner prints above it.
node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`)' "$report" || true
rm -f "$report"
exit "$status"
