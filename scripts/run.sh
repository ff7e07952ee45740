#!/usr/bin/env bash
# Runs AuditOrchestrator on http://127.0.0.1:5080. With no ConnectionStrings__Postgres it starts a local PostgreSQL
# whose data stays in a stable folder, so the next run finds this run's runs, definitions and tokens.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/postgres.sh

state_dir="${AUDITORCHESTRATOR_HOME:-$([ "$(id -u)" -eq 0 ] && echo /var/lib/auditorchestrator || echo "$HOME/.local/share/auditorchestrator")}"
mkdir -p "$state_dir"
port="${AUDITORCHESTRATOR_PG_PORT:-5433}"
url="${AUDITORCHESTRATOR_URL:-http://127.0.0.1:5080}"

# The sandbox (simulated vendors) runs when no vendor token is configured, unless Sandbox__Enabled=false; it keeps its
# own database, so nothing started in it can ever resume against real vendors.
sandbox=true
for token in GitLab__Token PagerDuty__Token Calendly__Token Zendesk__Main__Token Zendesk__UsFederal__Token Slack__Token; do
  [ -n "${!token:-}" ] && sandbox=false
done
case "${Sandbox__Enabled:-}" in true|True) sandbox=true ;; false|False) sandbox=false ;; esac
database=$([ "$sandbox" = true ] && echo auditorchestrator_sandbox || echo auditorchestrator)
# Said explicitly: the service itself never turns into a sandbox by itself in Production (the default environment).
export Sandbox__Enabled="$sandbox"

started_pg=""
if [ -z "${ConnectionStrings__Postgres:-}" ]; then
  pg_ensure_binaries
  if pg_as_owner "$PG_BIN/pg_ctl" -D "$state_dir/pgdata" status >/dev/null 2>&1; then
    echo "Using the local PostgreSQL already running (data in $state_dir/pgdata, port $port); it is left running on exit." >&2
  else
    echo "Starting the local PostgreSQL (data in $state_dir/pgdata, port $port)…" >&2
    started_pg="$state_dir/pgdata"
  fi
  pg_start "$state_dir/pgdata" "$port"
  pg_create_database "$port" "$database"
  export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$port;Username=postgres;Database=$database"
fi

if [ -z "${Auth__BootstrapAdminToken:-}" ]; then
  token_file="$state_dir/bootstrap-admin-token"
  [ -s "$token_file" ] || (umask 077; head -c 48 /dev/urandom | base64 | tr -d '/+=\n' | head -c 40 > "$token_file")
  export Auth__BootstrapAdminToken="$(cat "$token_file")"
  sign_in="the bootstrap admin token in $token_file:  curl -H \"Authorization: Bearer \$(cat $token_file)\" $url/api/definitions"
else
  sign_in="the configured Auth__BootstrapAdminToken as 'Authorization: Bearer <token>'"
fi

if [ -z "${Auth__DataProtectionKey:-}" ]; then
  key_file="$state_dir/data-protection-key"
  [ -s "$key_file" ] || (umask 077; head -c 48 /dev/urandom | base64 | tr -d '\n' > "$key_file")
  export Auth__DataProtectionKey="$(cat "$key_file")"
fi

echo "Building…" >&2
dotnet build src/AuditOrchestrator.Api -c Release -nologo -v quiet >&2
cat >&2 <<MSG

AuditOrchestrator is starting on $url$([ "$sandbox" = true ] && printf '%s' " as a SANDBOX: simulated GitLab, PagerDuty, Calendly,
  Zendesk and Slack, the demo team, a clock 4,320 times faster than real time (72 hours in a minute). It starts one
  run of each audit whose workflow exists; simulated people answer some pings and the SOM approves the review.
  Watch the runs:  $url/api/runs  (and each run at $url/api/runs/<id>). Set any vendor token to leave the sandbox")
  admin:   $url/  (sign in with GitLab, paste an API token$([ "$sandbox" = true ] && printf '%s' ", or use the demo admin"))
  health:  $url/healthz  $url/readyz
  API:     $url/openapi/v1.json
  sign in: $sign_in
Stop with Ctrl+C$([ -n "$started_pg" ] && printf '%s' ": the service stops, then the PostgreSQL this script started (its data stays in
  $started_pg). AUDITORCHESTRATOR_KEEP_PG=1 leaves it running").

MSG

# The service runs as a child, so that Ctrl+C (or SIGTERM) stops it, waits at most 10 s for it (then kills it, even if
# it is stuck on a database that is down), and then says what became of the PostgreSQL started above.
service_pid=""
stop_all() {
  trap - INT TERM
  if [ -n "$service_pid" ] && kill -0 "$service_pid" 2>/dev/null; then
    echo "Stopping AuditOrchestrator…" >&2
    kill -TERM "$service_pid" 2>/dev/null || true
    for _ in $(seq 1 95); do kill -0 "$service_pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$service_pid" 2>/dev/null; then
      echo "AuditOrchestrator did not stop within 10 s; killing it (its work resumes from the database on the next start)." >&2
      kill -KILL "$service_pid" 2>/dev/null || true
    fi
    wait "$service_pid" 2>/dev/null || true
  fi
  if [ -n "$started_pg" ]; then
    if [ "${AUDITORCHESTRATOR_KEEP_PG:-}" = 1 ]; then
      echo "The local PostgreSQL keeps running (port $port). Stop it with:  $(pg_stop_command "$started_pg")" >&2
    else
      pg_stop "$started_pg"
      echo "Stopped the local PostgreSQL; its data stays in $started_pg for the next run." >&2
    fi
  fi
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
dotnet src/AuditOrchestrator.Api/bin/Release/net10.0/AuditOrchestrator.dll --urls "$url" "$@" &
service_pid=$!
set +e
wait "$service_pid"
status=$?
set -e
# A signal interrupts `wait` and runs its trap, which exits; here the service ended on its own.
service_pid=""
stop_all
exit "$status"
