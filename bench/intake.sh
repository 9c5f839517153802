#!/usr/bin/env bash
# The order-intake benchmark (docs/benchmarks.md): POST /api/work-orders against a bare one-row
# insert, on SQLite and on PostgreSQL. Builds the bench in Release, starts a throwaway PostgreSQL
# cluster on a free loopback port (as user postgres, like scripts/test.sh), runs both databases,
# and stops the cluster at the end. Extra arguments go to the bench (e.g. --connections 32 --seconds 5);
# --steps also measures accept and resolve (on orders reported and dispatched before each run, not timed),
# each against the same bare insert.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build bench/CommunityGrid.Bench -c Release -nologo -v q
bench=bench/CommunityGrid.Bench/bin/Release/net10.0/CommunityGrid.Bench.dll

pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdir=$(mktemp -d /tmp/cg-bench-pg.XXXXXX)
chown postgres "$pgdir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
su postgres -c "$pgbin/initdb -D $pgdir/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >"$pgdir/initdb.log" 2>&1 \
  || { cat "$pgdir/initdb.log"; exit 1; }
# fsync stays on; synchronous_commit=off matches SQLite's WAL + synchronous=NORMAL (a commit is not
# flushed to disk before the answer, but a crash cannot corrupt the database).
su postgres -c "$pgbin/pg_ctl -D $pgdir/data -l $pgdir/server.log -w -o '-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c synchronous_commit=off -c max_connections=200' start" >/dev/null \
  || { cat "$pgdir/server.log"; exit 1; }
stop_pg() { su postgres -c "$pgbin/pg_ctl -D $pgdir/data -m fast stop" >/dev/null 2>&1; rm -rf "$pgdir"; }
trap stop_pg EXIT

echo "date: $(date)"
echo "cpu: $(lscpu | grep 'Model name' | sed 's/.*: *//'), $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$bench" intake --db sqlite "$@"
dotnet "$bench" intake --db postgres --pg "Host=127.0.0.1;Port=$port;Username=postgres" "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
