#!/usr/bin/env bash
# Checks every service's migrations: drizzle-kit's own consistency check, then drift (a schema.ts change
# without its migration). Drift is found by generating into a copy of the migrations folder (.drift/, removed
# after): a new .sql file there means `pnpm --filter ./services/<name> db:generate` was not run. The
# committed migrations are never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
status=0
for config in services/*/drizzle.config.ts; do
  dir="$root/$(dirname "$config")"
  name=$(basename "$dir")
  cd "$dir"
  if ! pnpm exec drizzle-kit check >/dev/null; then echo "$name: drizzle-kit check failed" >&2; status=1; cd "$root"; continue; fi
  rm -rf .drift && cp -r drizzle .drift
  sed "s#out: './drizzle'#out: './.drift'#" drizzle.config.ts >.drift.config.ts
  pnpm exec drizzle-kit generate --config .drift.config.ts >/dev/null || status=1
  new=$(comm -13 <(cd drizzle && ls *.sql) <(cd .drift && ls *.sql))
  rm -rf .drift .drift.config.ts
  if [ -n "$new" ]; then echo "$name: schema.ts has changes without a migration (run: pnpm --filter ./services/$name db:generate)" >&2; status=1; fi
  cd "$root"
done
[ "$status" = 0 ] && echo "migrations: consistent, no drift in $(ls services/*/drizzle.config.ts | wc -l) services"
exit "$status"
