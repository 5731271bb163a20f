#!/usr/bin/env bash
# Fetches nats-server 2.10 (Debian trixie's package) into .data/nats-server-2.10/, without touching the
# machine's apt sources: the server that accepts `jetstream { sync_interval: always }`. Prints its path.
# Debian bookworm packages 2.9.10, which refuses that setting; the platform itself runs on either.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=.data/nats-server-2.10
bin="$dir/root/usr/sbin/nats-server"
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi
# The mirror this machine's apt already uses.
mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)
[ -n "$mirror" ] || { echo "no Debian mirror found in the apt configuration" >&2; exit 1; }
mkdir -p "$dir/lists/partial" "$dir/cache/partial"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" > "$dir/sources.list"
apt_private=(-o "Dir::Etc::SourceList=$PWD/$dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$PWD/$dir/lists" -o "Dir::Cache=$PWD/$dir/cache" -o APT::Get::List-Cleanup=0)
apt-get "${apt_private[@]}" update -qq >&2
(cd "$dir" && apt-get "${apt_private[@]}" download -qq nats-server >&2)
dpkg-deb -x "$dir"/nats-server_*.deb "$dir/root"
"$bin" --version >&2
echo "$bin"
