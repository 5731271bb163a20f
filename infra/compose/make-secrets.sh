#!/usr/bin/env bash
# Writes the compose stack's secrets under .data/compose/ (kept if they exist): the user service's token signing
# key, the key that seals webhook secrets at rest, PostgreSQL's password and the URL built from it, and the
# platform admin's password. Every replica of a service must share its key: they come from here, never generated
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
# Read by the services' unprivileged user through bind mounts, which keep the files' modes; the directory keeps
# everyone else out.
chmod 644 "$dir"/*
echo "$dir"
