# Starts and stops a throwaway PostgreSQL cluster on 127.0.0.1 for tests and benchmarks.
# LIANJIE_PG_OPTIONS adds server settings, e.g. "-c shared_buffers=2GB -c max_wal_size=16GB" for bulk benchmarks.
PG_PORT="${LIANJIE_PG_PORT:-55432}"
PG_DATA="${LIANJIE_PG_DATA:-/tmp/lianjie-pg-$PG_PORT}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
PG_STARTED_HERE=0

pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

start_test_postgres() {
  if pg_as_owner "$PG_BIN/pg_isready -h 127.0.0.1 -p $PG_PORT -q"; then
    echo "PostgreSQL already running on 127.0.0.1:$PG_PORT"
  else
    if [ ! -f "$PG_DATA/PG_VERSION" ]; then
      mkdir -p "$PG_DATA"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_DATA"
      pg_as_owner "$PG_BIN/initdb -D $PG_DATA -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null"
    fi
    pg_as_owner "$PG_BIN/pg_ctl -D $PG_DATA -l $PG_DATA/server.log -w -o \"-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on ${LIANJIE_PG_OPTIONS:-}\" start >/dev/null"
    PG_STARTED_HERE=1
    echo "PostgreSQL started on 127.0.0.1:$PG_PORT"
  fi
  LIANJIE_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=postgres;Pooling=true;Maximum Pool Size=50"
}

stop_test_postgres() {
  if [ "$PG_STARTED_HERE" = 1 ]; then
    pg_as_owner "$PG_BIN/pg_ctl -D $PG_DATA -m fast -w stop >/dev/null" || true
  fi
}
