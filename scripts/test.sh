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

unit=tests/AuditOrchestrator.Tests/AuditOrchestrator.Tests.csproj
integration=tests/AuditOrchestrator.IntegrationTests/AuditOrchestrator.IntegrationTests.csproj
# With no arguments the integration tests run as two processes side by side, most of a test's time being spent waiting
# on timers, sockets and other processes. Not as parallel fixtures in one process: Hangfire's configuration is
# process-wide, so two in-process services at once would share one job storage. The first half is the namespaces
# below, the second everything else, so no test is left out; the halves take about the same time alone.
first_half="Operations SandboxRun Webhooks Alerts Limits Kickoff Foundation Jobs Cli Evidence Integrity Vendors"
in_first="" not_in_first=""
for ns in $first_half; do
  in_first+="${in_first:+|}FullyQualifiedName~IntegrationTests.$ns."
  not_in_first+="${not_in_first:+&}FullyQualifiedName!~IntegrationTests.$ns."
done

logs=()
# A test that hangs fails after 5 minutes with its name, instead of using up the whole CI budget.
# Each run writes TestResults/<name>.trx: which tests take the time.
run_tests() {
  local name="$1"; shift
  local log="$workdir/$name.log"
  logs+=("$log")
  dotnet test "$@" -c Release --no-build --blame-hang-timeout 5m --blame-hang-dump-type none \
    --logger "trx;LogFileName=$name.trx" >"$log" 2>&1
}

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"; pg_stop "$PG_THROWAWAY_DATA"; rm -rf "$PG_THROWAWAY_DATA" "$PG_THROWAWAY_DATA.initdb.log"' EXIT
set +e
status=0
if [ "$#" -gt 0 ]; then
  run_tests durations AuditOrchestrator.sln "$@" || status=1
else
  run_tests unit "$unit" || status=1
  echo "Unit tests done; the integration tests run in two halves side by side (their output follows when both end)…" >&2
  run_tests integration-first "$integration" --filter "$in_first" &
  first=$!
  run_tests integration-second "$integration" --filter "$not_in_first" &
  second=$!
  wait "$first" || status=1
  wait "$second" || status=1
  logs+=("$workdir/integration-first.log" "$workdir/integration-second.log")
fi
set -e
cat "${logs[@]}"
# A failure's name and reason are repeated last: the service's own log lines can bury them far above.
if [ "$status" -ne 0 ]; then
  echo "---- failed tests ----"
  cat "${logs[@]}" | awk '/^  Failed [A-Za-z]/ {print; grab=4; next} grab > 0 && !/^ *(Error Message|Stack Trace):/ {print substr($0, 1, 240); grab--}' | head -n 24
fi
exit "$status"
