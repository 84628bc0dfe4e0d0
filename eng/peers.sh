#!/usr/bin/env bash
# Private Redis and PostgreSQL instances for `microstreams bench --peer redis,postgres` (the stacks a team would build
# instead): installed with apt-get when missing, started in a temp folder on 127.0.0.1 with free ports, never the
# system services. Usage:
#   bash eng/peers.sh run -- <command...>   start both, run the command with MICROSTREAMS_REDIS / MICROSTREAMS_POSTGRES set, stop both
#   bash eng/peers.sh up [DIR]              start both; prints the folder and `export` lines for the two variables
#   bash eng/peers.sh down DIR              stop the instances started in DIR (by their pids) and delete DIR
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install_missing() {
  local wanted=()
  command -v redis-server >/dev/null || wanted+=(redis-server)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || wanted+=(postgresql)
  if [ ${#wanted[@]} -gt 0 ]; then
    echo "peers: installing ${wanted[*]} with apt-get" >&2
    as_root apt-get update -qq >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${wanted[@]}" >&2
  fi
}

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1; }

# PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user the package creates.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

up() {
  local dir="${1:-$(mktemp -d "${TMPDIR:-/tmp}/microstreams-peers.XXXXXX")}"
  mkdir -p "$dir"
  install_missing
  local redis_port pg_port bin
  redis_port="$(free_port)"
  mkdir -p "$dir/redis"
  # AOF on, everysec by default (the bench switches to `always` with CONFIG SET for its Full runs); no RDB snapshots and
  # no automatic AOF rewrite, so a fork does not land in the middle of a measurement (performance.md §2.2, set 2).
  redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$dir/redis" --daemonize yes --pidfile "$dir/redis/redis.pid" \
    --logfile "$dir/redis/redis.log" --appendonly yes --appendfsync everysec --auto-aof-rewrite-percentage 0 --save "" \
    --protected-mode yes >&2
  bin="$(pg_bin)"
  pg_port="$(free_port)"
  mkdir -p "$dir/pg"
  [ "$(id -u)" = 0 ] && chown postgres "$dir/pg" && chmod 755 "$dir"
  as_pg "$bin/initdb" -D "$dir/pg/data" -U bench --auth=trust -E UTF8 --no-instructions >/dev/null
  as_pg "$bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/log" -w -o "-p $pg_port -k $dir/pg -c listen_addresses=127.0.0.1 \
    -c synchronous_commit=on -c fsync=on -c wal_sync_method=fdatasync -c shared_buffers=256MB -c max_wal_size=4GB \
    -c max_connections=50" start >&2
  for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  cat >"$dir/peers.env" <<EOF
export MICROSTREAMS_REDIS=127.0.0.1:$redis_port
export MICROSTREAMS_POSTGRES='Host=127.0.0.1;Port=$pg_port;Username=bench;Database=postgres;Pooling=true;Maximum Pool Size=40'
EOF
  echo "peers: Redis on 127.0.0.1:$redis_port, PostgreSQL on 127.0.0.1:$pg_port, files in $dir" >&2
  echo "# bash eng/peers.sh down $dir"
  cat "$dir/peers.env"
}

down() {
  local dir="${1:?usage: peers.sh down DIR}"
  if [ -f "$dir/redis/redis.pid" ]; then
    kill "$(cat "$dir/redis/redis.pid")" 2>/dev/null || true
  fi
  if [ -f "$dir/pg/data/postmaster.pid" ]; then
    as_pg "$(pg_bin)/pg_ctl" -D "$dir/pg/data" -m fast -w stop >&2 || true
  fi
  for _ in $(seq 50); do [ -f "$dir/redis/redis.pid" ] && kill -0 "$(cat "$dir/redis/redis.pid")" 2>/dev/null || break; sleep 0.1; done
  rm -rf "$dir"
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) shift; down "$@" ;;
  run)
    shift; [ "${1:-}" = "--" ] && shift
    dir="$(mktemp -d "${TMPDIR:-/tmp}/microstreams-peers.XXXXXX")"
    trap 'down "$dir"' EXIT
    up "$dir" >/dev/null
    # shellcheck disable=SC1091
    . "$dir/peers.env"
    "$@"
    ;;
  *) echo "usage: peers.sh up [DIR] | down DIR | run -- COMMAND..." >&2; exit 2 ;;
esac
