#!/usr/bin/env bash
# Runs a benchmark: scripts/bench.sh runtime [steps|timers-created|signals|timers|idle|link] | pagerduty-audit | pagerduty-collector | audit-scale [N...]. Starts a throwaway PostgreSQL with fsync ON
# (durability is part of what is measured), builds in Release, prints the figures. Never part of the test command.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/postgres.sh
pg_ensure_binaries
pg_start_throwaway bench "${AUDITORCHESTRATOR_BENCH_PG_PORT:-$(( 20000 + RANDOM % 20000 ))}" "-c shared_buffers=512MB"
export AUDITORCHESTRATOR_BENCH_POSTGRES="$PG_THROWAWAY_URL"
dotnet build AuditOrchestrator.sln -c Release -nologo -v quiet >&2
dotnet run -c Release --no-build --project bench/AuditOrchestrator.Benchmarks -- "${@:-runtime}"
