#!/usr/bin/env bash
# Makes stand-ins for the public base images the Dockerfile and infra/compose/compose.yaml name, on a machine that
# reaches no image registry but has Debian's mirror: node:20-bookworm-slim, nats:2.10 and postgres:15, built from
# Debian packages (debootstrap minbase), this machine's node binary and the nats-server infra/nats/fetch-nats-server.sh
# provides. Each is tagged under the public name, so the Dockerfile and the compose file stay the ones a user builds
# and runs against the real images. An image that exists already is kept (REBUILD=1 makes them again).
# Needs root, podman, runc and debootstrap (apt-get install -y podman runc debootstrap).
set -euo pipefail
cd "$(dirname "$0")/../.."

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
have() { [ -z "${REBUILD:-}" ] && podman image exists "$1"; }

# podman's defaults that this machine refuses (../shared/notes/stack.md, "Containers"): its ulimits, and crun on
# hybrid cgroups. Written once; an existing containers.conf is left alone.
if [ ! -e /etc/containers/containers.conf ]; then
  say "configuring podman: no default ulimits, runc"
  mkdir -p /etc/containers
  printf '[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\n' > /etc/containers/containers.conf
fi

work=.data/base-images
mkdir -p "$work"
mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)
[ -n "$mirror" ] || { echo "no Debian mirror found in the apt configuration" >&2; exit 1; }

base=localhost/debian-base:bookworm
if ! have "$base"; then
  say "debootstrap bookworm (minbase) from $mirror: a few minutes"
  rm -rf "$work/rootfs"
  debootstrap --variant=minbase --include=ca-certificates,passwd bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log"
  # What the images' own apt uses, then an image without caches.
  echo "deb $mirror bookworm main" > "$work/rootfs/etc/apt/sources.list"
  rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
  tar -C "$work/rootfs" -c . | podman import -q --change 'CMD ["bash"]' - "$base" >/dev/null
  rm -rf "$work/rootfs"
fi

# node:20-bookworm-slim: Debian bookworm, node and npm at /usr/local, a `node` user (uid 1000), as the public image.
if ! have node:20-bookworm-slim; then
  say "node:20-bookworm-slim from $(node -v) at $(command -v node)"
  ctx="$work/node"
  rm -rf "$ctx" && mkdir -p "$ctx"
  cp "$(readlink -f "$(command -v node)")" "$ctx/node"
  npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
  cp -r "$npm_dir" "$ctx/npm"
  # Certificate authorities this machine adds to Debian's (a TLS-inspecting egress proxy, if any): npm in the image
  # reaches the registry the way npm on the machine does.
  mkdir -p "$ctx/ca"
  cp /usr/local/share/ca-certificates/*.crt "$ctx/ca/" 2>/dev/null || true
  cat > "$ctx/Containerfile" <<CONTAINERFILE
FROM $base
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY ca /usr/local/share/ca-certificates
RUN update-ca-certificates >/dev/null 2>&1 \\
 && ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\
 && groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
ENV NODE_VERSION=$(node -p 'process.versions.node') NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
CMD ["node"]
CONTAINERFILE
  podman build --network host -q -t node:20-bookworm-slim "$ctx" >/dev/null
fi

# nats:2.10: nats-server at /nats-server, started with nats-server.conf, as the public image. The public image is
# FROM scratch; Debian's build links glibc dynamically, so this one starts from the Debian base.
if ! have nats:2.10; then
  nats_bin=$(bash infra/nats/fetch-nats-server.sh)
  say "nats:2.10 from $nats_bin"
  ctx="$work/nats"
  rm -rf "$ctx" && mkdir -p "$ctx"
  cp "$nats_bin" "$ctx/nats-server"
  printf 'port: 4222\nhttp: 8222\n' > "$ctx/nats-server.conf"
  cat > "$ctx/Containerfile" <<CONTAINERFILE
FROM $base
COPY nats-server /nats-server
COPY nats-server.conf /nats-server.conf
EXPOSE 4222 6222 8222
ENTRYPOINT ["/nats-server"]
CMD ["--config", "nats-server.conf"]
CONTAINERFILE
  podman build -q -t nats:2.10 "$ctx" >/dev/null
fi

# postgres:15: Debian's postgresql-15 and an entrypoint that honours the public image's variables
# (POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB, PGDATA) and its /docker-entrypoint-initdb.d.
if ! have postgres:15; then
  say "postgres:15 from Debian's postgresql-15"
  ctx="$work/postgres"
  rm -rf "$ctx" && mkdir -p "$ctx"
  cp infra/images/postgres-entrypoint.sh "$ctx/docker-entrypoint.sh"
  cat > "$ctx/Containerfile" <<CONTAINERFILE
FROM $base
RUN groupadd --system --gid 999 postgres && useradd --system --uid 999 --gid postgres --home-dir /var/lib/postgresql postgres \\
 && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null \\
 && rm -rf /var/lib/apt/lists/* /var/lib/postgresql/15 /etc/postgresql \\
 && mkdir -p /var/run/postgresql /var/lib/postgresql/data /docker-entrypoint-initdb.d \\
 && chown -R postgres:postgres /var/run/postgresql /var/lib/postgresql
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV PATH=/usr/lib/postgresql/15/bin:\$PATH PGDATA=/var/lib/postgresql/data
VOLUME /var/lib/postgresql/data
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
CONTAINERFILE
  podman build --network host -q -t postgres:15 "$ctx" >/dev/null
fi

podman images --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E 'node:20-bookworm-slim|nats:2.10|postgres:15|debian-base'
