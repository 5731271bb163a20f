#!/usr/bin/env bash
# Writes the compose stack's secrets under .data/compose/ (kept if they exist): the user service's token signing
# key, the key that seals webhook secrets at rest, PostgreSQL's password and the URL built from it, and the
# platform admin's password, and the broker's users with each service's NATS credentials. Every replica of a service must share its key: they come from here, never generated
# by the containers themselves.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=.data/compose
mkdir -p "$dir" && chmod 700 "$dir"
random() { openssl rand -hex 24; }
[ -s "$dir/jwt-ed25519.pem" ] || openssl genpkey -algorithm ed25519 -out "$dir/jwt-ed25519.pem"
[ -s "$dir/webhook-secrets.key" ] || openssl rand -base64 32 > "$dir/webhook-secrets.key"
if [ ! -s "$dir/postgres.env" ]; then
  password=$(random)
  printf 'POSTGRES_PASSWORD=%s\n' "$password" > "$dir/postgres.env"
  printf 'DATABASE_URL=postgres://ops:%s@postgres:5432/ops\n' "$password" > "$dir/database.env"
fi
[ -s "$dir/admin.env" ] || printf 'ADMIN_EMAIL=admin@example.com\nADMIN_PASSWORD=%s\n' "$(random)" > "$dir/admin.env"
# The broker's users, from the event catalog (infra/nats/generate-auth.sh): nats.conf includes auth.conf; each
# service gets its own NATS_USER / NATS_PASSWORD, so it may publish only its own event types.
bash infra/nats/generate-auth.sh "$dir/nats" > /dev/null
for service in user org subscription device webhook; do
  node -e 'const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[process.argv[2]];
    process.stdout.write(`NATS_USER=${c.user}\nNATS_PASSWORD=${c.password}\n`)' "$dir/nats/credentials.json" "$service" > "$dir/nats-$service.env"
done
# Read by the services' unprivileged user through bind mounts, which keep the files' modes; the directory keeps
# everyone else out.
chmod 644 "$dir"/*.env "$dir"/*.pem "$dir"/*.key "$dir"/nats/auth.conf
# Every user's password, the operators' too: mounted nowhere, readable by its owner only.
chmod 600 "$dir"/nats/credentials.json
echo "$dir"
