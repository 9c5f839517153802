#!/usr/bin/env bash
# Runs the unit and HTTP suite on SQLite and on PostgreSQL, and the browser journeys in headless Chromium on SQLite.
# Installs what it needs (PostgreSQL, Chromium, fonts, poppler-utils) with apt when missing, starts a
# throwaway PostgreSQL cluster on a free loopback port, and stops it at the end.
# Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results" "$root/artifacts/screenshots"

need=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
# pdftoppm / pdftotext: the volunteer-hours certificate test renders the PDF and reads its text.
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null || { echo "apt-get install failed"; echo "0 passed, 1 failed"; exit 1; }
fi
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

echo "Building…"
if ! dotnet build CommunityGrid.slnx -c Debug -nologo -v q; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi

# A throwaway PostgreSQL cluster, owned by user postgres, on a free port of 127.0.0.1.
pgdir=$(mktemp -d /tmp/cg-pg.XXXXXX)
chown postgres "$pgdir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
su postgres -c "$pgbin/initdb -D $pgdir/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >"$pgdir/initdb.log" 2>&1 \
  || { cat "$pgdir/initdb.log"; echo "0 passed, 1 failed"; exit 1; }
su postgres -c "$pgbin/pg_ctl -D $pgdir/data -l $pgdir/server.log -w -o '-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200' start" >/dev/null \
  || { cat "$pgdir/server.log"; echo "0 passed, 1 failed"; exit 1; }
stop_pg() { su postgres -c "$pgbin/pg_ctl -D $pgdir/data -m fast stop" >/dev/null 2>&1; rm -rf "$pgdir"; }
trap stop_pg EXIT
pg="Host=127.0.0.1;Port=$port;Username=postgres"

passed=0; failed=0
run_suite() { # name provider executable
  local name=$1 provider=$2 exe=$3 log="$results/$1-$2.log"
  echo "== $name on $provider"
  CG_TEST_PROVIDER=$provider CG_TEST_PG="$pg" "$exe" --no-progress --no-ansi \
    --report-xunit-trx --report-xunit-trx-filename "$name-$provider.trx" --results-directory "$results" >"$log" 2>&1
  local code=$?
  local t f
  t=$(grep -E '^\s+total: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+')
  f=$(grep -E '^\s+failed: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+')
  if [ -z "$t" ]; then
    echo "   no summary (exit $code); last lines:"; tail -n 40 "$log"; failed=$((failed + 1)); return
  fi
  grep -E '^failed |^\s+(total|failed|succeeded|skipped):' "$log"
  passed=$((passed + t - f)); failed=$((failed + f))
  if [ "$code" -ne 0 ] && [ "$f" -eq 0 ]; then echo "   runner exit $code"; tail -n 40 "$log"; failed=$((failed + 1)); fi
}

# Unit and HTTP tests on both databases; browser journeys on the embedded one only: the pages run the
# same queries the HTTP tests already prove on PostgreSQL, and a journey costs seconds of Chromium each.
for provider in Sqlite Postgres; do
  run_suite unit-and-http "$provider" tests/CommunityGrid.Tests/bin/Debug/net10.0/CommunityGrid.Tests
done
run_suite browser Sqlite tests/CommunityGrid.BrowserTests/bin/Debug/net10.0/CommunityGrid.BrowserTests

# Fault tests start the built app as a process of its own (kill -9 under load; a PostgreSQL cluster of their own
# stopped and started under load): once per run, not per provider; each test is bounded by its own timeout.
if [ -x tests/CommunityGrid.FaultTests/bin/Debug/net10.0/CommunityGrid.FaultTests ]; then
  run_suite faults process tests/CommunityGrid.FaultTests/bin/Debug/net10.0/CommunityGrid.FaultTests
fi

echo "Screenshots: artifacts/screenshots ($(ls "$root/artifacts/screenshots" 2>/dev/null | wc -l) files); logs and TRX: artifacts/test-results"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
