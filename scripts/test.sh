#!/usr/bin/env bash
# Runs every test project against a throwaway PostgreSQL, then stops it. Exits non-zero on any failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/postgres.sh
pg_ensure_binaries

# Durability is not what these tests measure; the benchmarks run with fsync on.
pg_start_throwaway test "${AUDITORCHESTRATOR_TEST_PG_PORT:-$(( 20000 + RANDOM % 20000 ))}" \
  "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
export AUDITORCHESTRATOR_TEST_POSTGRES="$PG_THROWAWAY_URL"

if command -v chromium >/dev/null 2>&1 || [ "$(id -u)" -ne 0 ]; then :; else
  echo "Installing Chromium for the browser tests (apt-get)…" >&2
  (DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) >&2 ||
    echo "warning: Chromium could not be installed; browser tests will fail." >&2
fi

dotnet build AuditOrchestrator.sln -c Release -nologo -v quiet
# A test that hangs fails after 5 minutes with its name, instead of using up the whole CI budget.
log="$(mktemp)"
set +e
# Each project also writes TestResults/durations.trx: which tests take the time.
dotnet test AuditOrchestrator.sln -c Release --no-build --blame-hang-timeout 5m --blame-hang-dump-type none \
  --logger "trx;LogFileName=durations.trx" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# A failure's name and reason are repeated last: the service's own log lines can bury them far above.
if [ "$status" -ne 0 ]; then
  echo "---- failed tests ----"
  awk '/^  Failed [A-Za-z]/ {print; grab=4; next} grab > 0 && !/^ *(Error Message|Stack Trace):/ {print substr($0, 1, 240); grab--}' "$log" | head -n 24
fi
rm -f "$log"
exit "$status"
