#!/usr/bin/env bash
# pg-restart by hand (issue 15): a throwaway PostgreSQL cluster of this script's own (never the shared
# server), a generated data set in it, Brisk (the packaged jar) on it, then the harness's mixed load with
# the cluster stopped (pg_ctl stop -m fast) at 1/3 and started at 2/3. Prints the run table with the
# per-second timeline and the recovery line (failures per second, 5xx by code, time to recover).
# Build first: mvn -B -q -DskipTests package -pl server,bench -am
# Usage: bench/pg-restart.sh [size=S] [duration=30s] [users=16]
set -euo pipefail
SIZE=${1:-S}; DURATION=${2:-30s}; USERS=${3:-16}
JAVA=${JAVA:-$(ls -d /usr/lib/jvm/*/bin/java | sort -V | tail -1)}
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
HERE=$(cd "$(dirname "$0")/.." && pwd)
DIR=$(mktemp -d /tmp/brisk-pg-restart-XXXX)
PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
HTTP=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
AS=(); [ "$(id -u)" = 0 ] && { chown postgres: "$DIR"; AS=(runuser -u postgres --); }
PGCTL="${AS[*]} $BIN/pg_ctl -D $DIR/data -l $DIR/pg.log -w -t 60"
cleanup() { [ -n "${BRISK:-}" ] && kill "$BRISK" 2>/dev/null; $PGCTL -m immediate stop >/dev/null 2>&1 || true; rm -rf "$DIR"; }
trap cleanup EXIT
"${AS[@]}" "$BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
START="$PGCTL -o '-p $PGPORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=200' start"
eval "$START" >/dev/null
"${AS[@]}" "$BIN/createdb" -h "$DIR" -p "$PGPORT" -U postgres brisk_bench
URL=jdbc:postgresql://127.0.0.1:$PGPORT/brisk_bench
"$JAVA" -jar "$HERE/bench/target/brisk-bench.jar" generate --size "$SIZE" --jdbc-url "$URL" --reset
SPRING_DATASOURCE_URL=$URL PORT=$HTTP REDIS_HOST=disabled BRISK_DEMO_SEED=false \
  "$JAVA" -Xmx1g -jar "$(ls "$HERE"/server/target/brisk-server-*-exec.jar | head -1)" > "$DIR/brisk.log" 2>&1 &
BRISK=$!
until curl -sf "http://127.0.0.1:$HTTP/actuator/health/readiness" >/dev/null; do sleep 1; done
uptime
"$JAVA" -jar "$HERE/bench/target/brisk-bench.jar" run --base-url "http://127.0.0.1:$HTTP" --scenario pg-restart \
  --duration "$DURATION" --users "$USERS" --stop-cmd "$PGCTL -m fast stop" --start-cmd "$START"
echo "Brisk log: WARN/ERROR lines"; grep -E " (WARN|ERROR) " "$DIR/brisk.log" | grep -v "Slow statement\|Query budget" | cut -c1-220 | tail -20
echo "500s with a stack trace in the log: $(grep -c 'Unhandled exception' "$DIR/brisk.log" || true)"
