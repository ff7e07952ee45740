# Shared by run.sh and test.sh: find or install PostgreSQL's server binaries and start a cluster.
# Usage: source scripts/postgres.sh; pg_ensure_binaries; pg_start <data dir> <port> [extra server options]

pg_find_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && PG_BIN="$dir"
  done
  [ -n "${PG_BIN:-}" ]
}

pg_ensure_binaries() {
  pg_find_bin && return 0
  echo "PostgreSQL server binaries not found: installing the 'postgresql' package with apt-get." >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: installing PostgreSQL needs root (apt-get). Install the 'postgresql' package, or set ConnectionStrings__Postgres." >&2
    return 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 || return 1
  pg_find_bin || { echo "error: PostgreSQL installed but initdb not found" >&2; return 1; }
}

# Runs a PostgreSQL tool as the 'postgres' system user when we are root (initdb refuses root).
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  local data="$1" port="$2"; shift 2
  if [ ! -s "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$data" && chmod 700 "$data"
    pg_as_owner "$PG_BIN/initdb" -D "$data" -U postgres -A trust -E UTF8 --no-locale >"$data.initdb.log" 2>&1 ||
      { cat "$data.initdb.log" >&2; return 1; }
  fi
  if pg_as_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    return 0
  fi
  pg_as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c max_connections=300 $*" start >/dev/null ||
    { tail -20 "$data/server.log" >&2; return 1; }
}

pg_stop() {
  pg_as_owner "$PG_BIN/pg_ctl" -D "$1" -m fast -w stop >/dev/null 2>&1 || true
}

pg_stop_command() {
  if [ "$(id -u)" -eq 0 ]; then echo "runuser -u postgres -- $PG_BIN/pg_ctl -D $1 -m fast stop"; else echo "$PG_BIN/pg_ctl -D $1 -m fast stop"; fi
}

pg_create_database() {
  local port="$1" name="$2"
  "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$name'" | grep -q 1 ||
    "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE \"$name\"" >/dev/null
}

# A throwaway cluster for one script run: started now, stopped and deleted when the script exits.
# Usage: pg_start_throwaway <name> <port> [server options]; exports PG_THROWAWAY_URL (an Npgsql connection string).
pg_start_throwaway() {
  local name="$1" port="$2"; shift 2
  PG_THROWAWAY_DATA="$(mktemp -d "/tmp/auditorchestrator-$name-pg.XXXXXX")"
  trap 'pg_stop "$PG_THROWAWAY_DATA"; rm -rf "$PG_THROWAWAY_DATA" "$PG_THROWAWAY_DATA.initdb.log"' EXIT
  [ "$(id -u)" -eq 0 ] && chown postgres: "$PG_THROWAWAY_DATA"
  pg_start "$PG_THROWAWAY_DATA" "$port" "$@"
  export PG_THROWAWAY_URL="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
}
