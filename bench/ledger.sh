#!/usr/bin/env bash
# The ledger benchmark (docs/benchmarks.md): transfers through PointsLedger against a bare two-row
# update, 16 clients, on SQLite and on PostgreSQL. PostgreSQL is a running server given by
# CG_BENCH_PG (default: the dev server at 127.0.0.1:55432, user postgres); the bench creates and
# drops its own database there. Extra arguments go to the bench (e.g. --clients 32 --seconds 10).
set -euo pipefail
cd "$(dirname "$0")/.."
pg=${CG_BENCH_PG:-"Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres"}

dotnet build bench/CommunityGrid.Bench -c Release -nologo -v q
bench=bench/CommunityGrid.Bench/bin/Release/net10.0/CommunityGrid.Bench.dll

echo "date: $(date)"
echo "cpu: $(lscpu | grep 'Model name' | sed 's/.*: *//'), $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
export Logging__LogLevel__Default=Warning
dotnet "$bench" ledger --db sqlite "$@"
dotnet "$bench" ledger --db postgres --pg "$pg" "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
