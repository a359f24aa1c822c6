#!/bin/bash
# The request path against its limits, side by side in one run (issue #14). By hand, never in CI.
#
# Contenders, alternated round by round (wrk: 2 threads, $CONNECTIONS connections, keep-alive):
#   limit           nginx serving the very bytes of Brisk's cached page from memory
#   bare-filter     bench-bare: the same bytes written by the first servlet filter
#   bare-mvc        bench-bare: the same bytes through a Spring MVC handler
#   brisk-page      Brisk, the cached page ($PAGE, api=local)
#   brisk-me        Brisk, GET /api/auth/me (session cached)
#   bare-db         bench-bare: Brisk's 2 statements of an uncached customer detail via JdbcClient + Hikari
#   brisk-uncached  Brisk with BRISK_CACHE_ENABLED=false, $DETAIL (the same 2 statements)
#   db-path         pgbench -M prepared running those 2 statements ($CONNECTIONS clients is too many
#                   for the pool-sized comparison, so $POOL clients)
# For each server process the CPU time it used per request is reported too (utime+stime from
# /proc, both JVMs' and nginx's): on a shared machine it moves far less than req/s does.
#
# Give the Brisk nodes BRISK_CACHE_API_LOCAL_TTL and BRISK_CACHE_AUTH_LOCAL_TTL longer than the run
# (e.g. 30m): with the default 60 s every round of a contender starts with an expired entry and
# 32 concurrent misses, which measures the miss stampede instead of the hit path.
# Needs: two running Brisk nodes on the same database (BRISK: cache on, memory-only; BRISK_NOCACHE:
# BRISK_CACHE_ENABLED=false) with their PIDs, wrk, nginx, pgbench, jq, the bench-bare exec jar.
#   BRISK=http://127.0.0.1:8080 BRISK_PID=... BRISK_NOCACHE=http://127.0.0.1:8081 BRISK_NOCACHE_PID=... \
#   DB=brisk bench/limits/limits.sh > limits.md
set -euo pipefail
: "${BRISK:?}" "${BRISK_PID:?}" "${BRISK_NOCACHE:?}" "${BRISK_NOCACHE_PID:?}" "${DB:?}"
ROUNDS=${ROUNDS:-5}; SECS=${SECS:-8}; WARMUP=${WARMUP:-20}; CONNECTIONS=${CONNECTIONS:-32}; POOL=${POOL:-20}
PAGE=${PAGE:-/api/customers?limit=20}; DETAIL=${DETAIL:-/api/customers/1}
EMAIL=${EMAIL:-demo@brisk.dev}; PASSWORD=${PASSWORD:-brisk-demo}
JAVA=${JAVA:-$( (ls -d /usr/lib/jvm/*25* /usr/lib/jvm/*21* 2>/dev/null || true) | head -1)/bin/java}  # ls fails when one glob matches nothing
here=$(cd "$(dirname "$0")" && pwd)
BARE_JAR=${BARE_JAR:-$here/../../bench-bare/target/brisk-bench-bare-0.1.0-SNAPSHOT-exec.jar}
NGINX_PORT=${NGINX_PORT:-18480}; BARE_PORT=${BARE_PORT:-18490}
PGPORT=${PGPORT:-5432}   # the database the Brisk nodes use (a throwaway cluster for load runs)
work=$(mktemp -d); chmod 755 "$work"; bare_pid=; nginx_started=   # nginx workers run as another user
cleanup() {
  [ -n "$bare_pid" ] && kill "$bare_pid" 2>/dev/null || true
  [ -n "$nginx_started" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT

load_before=$(cut -d" " -f1-3 /proc/loadavg)
token=$(curl -sf "$BRISK/api/auth/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" | jq -r .token)
auth="Authorization: Bearer $token"
curl -sf "$BRISK$PAGE" -H "$auth" -o /dev/null                 # store it
curl -sf "$BRISK$PAGE" -H "$auth" -o "$work/body.json"          # the cached bytes
id=${DETAIL##*/}
hash=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
org=$(curl -sf "$BRISK/api/auth/me" -H "$auth" | jq -r .orgId)

# nginx: the page's bytes from memory (open_file_cache; the file is in the page cache)
cat > "$work/nginx.conf" <<CONF
worker_processes auto;
error_log $work/nginx-error.log;
pid $work/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  open_file_cache max=16 inactive=600s;
  open_file_cache_valid 600s;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location = /page { default_type application/json; alias $work/body.json; }
  }
}
CONF
nginx -c "$work/nginx.conf" -p "$work"; nginx_started=1
sleep 1

# the bare stack, on Brisk's database
PORT=$BARE_PORT BARE_BODY_FILE="$work/body.json" BRISK_DB_POOL_SIZE=$POOL \
  SPRING_DATASOURCE_URL="jdbc:postgresql://localhost:$PGPORT/$DB" \
  "$JAVA" -Xms512m -Xmx1g -jar "$BARE_JAR" > "$work/bare.log" 2>&1 &
bare_pid=$!
for _ in $(seq 1 180); do curl -sf "http://127.0.0.1:$BARE_PORT/mvc" -o /dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$BARE_PORT/db/customers/$id" -H "$auth" -o /dev/null

# pgbench: the same two statements, prepared, with the same parameters
cat > "$work/db-path.sql" <<SQL
SELECT t.id, t.org_id, t.email, t.name, t.role, t.status, t.last_login_at, t.created_at, t.updated_at, s.expires_at FROM sessions s JOIN users t ON t.id = s.user_id WHERE s.token_hash = decode(:hash, 'hex') AND s.revoked_at IS NULL AND s.expires_at > clock_timestamp() AND t.status = 'ACTIVE' AND t.deleted_at IS NULL;
SELECT t.id, t.name, t.email, t.phone, t.company, t.status, t.created_at, t.updated_at FROM customers t WHERE t.id = :id AND t.org_id = :org AND t.deleted_at IS NULL;
SQL

cpu() { # clock ticks used so far by a process and its children threads (utime+stime)
  local total=0
  for p in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done
  echo $total
}
nginx_pids() { echo "$(cat "$work/nginx.pid") $(pgrep -P "$(cat "$work/nginx.pid")" | tr '\n' ' ')"; }
hz=$(getconf CLK_TCK)

declare -A url pids
url[limit]="http://127.0.0.1:$NGINX_PORT/page";           pids[limit]=$(nginx_pids)
url[bare-filter]="http://127.0.0.1:$BARE_PORT/filter";    pids[bare-filter]=$bare_pid
url[bare-mvc]="http://127.0.0.1:$BARE_PORT/mvc";          pids[bare-mvc]=$bare_pid
url[brisk-page]="$BRISK$PAGE";                            pids[brisk-page]=$BRISK_PID
url[brisk-me]="$BRISK/api/auth/me";                       pids[brisk-me]=$BRISK_PID
url[bare-db]="http://127.0.0.1:$BARE_PORT/db/customers/$id"; pids[bare-db]=$bare_pid
url[brisk-uncached]="$BRISK_NOCACHE$DETAIL";              pids[brisk-uncached]=$BRISK_NOCACHE_PID
order=(limit bare-filter bare-mvc brisk-page brisk-me bare-db brisk-uncached db-path)
if [ -n "${OTHER:-}" ]; then # another Brisk build on the same database, in the same rounds (OTHER, OTHER_PID, OTHER_NOCACHE, OTHER_NOCACHE_PID)
  url[other-page]="$OTHER$PAGE"; pids[other-page]=$OTHER_PID
  url[other-me]="$OTHER/api/auth/me"; pids[other-me]=$OTHER_PID
  order+=(other-page other-me)
  if [ -n "${OTHER_NOCACHE:-}" ]; then
    url[other-uncached]="$OTHER_NOCACHE$DETAIL"; pids[other-uncached]=$OTHER_NOCACHE_PID; order+=(other-uncached)
  fi
  curl -sf "$OTHER$PAGE" -H "$auth" -o /dev/null
fi

run() { # name seconds -> "req/s cpu-us-per-request"
  local name=$1 secs=$2
  if [ "$name" = db-path ]; then
    pgbench -h localhost -p "$PGPORT" -U postgres -n -M prepared -c "$POOL" -j 2 -T "$secs" -D hash="$hash" -D id="$id" -D org="$org" \
      -f "$work/db-path.sql" "$DB" > "$work/pgbench.out" 2>&1 || true
    awk '/^tps/{t=$3} END {print (t ? t : "-") " -"}' "$work/pgbench.out"
    return
  fi
  local before out reqs
  before=$(cpu ${pids[$name]})
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${secs}s" -H "$auth" "${url[$name]}")
  reqs=$(echo "$out" | awk '/requests in/{print $1}')
  echo "$out" | grep -q "Non-2xx" && { echo "$name answered non-2xx: $out" >&2; exit 1; }
  echo "$(echo "$out" | awk '/Requests\/sec/{print $2}') $(( ($(cpu ${pids[$name]}) - before) * 1000000 / hz / reqs ))"
}

for name in "${order[@]}"; do run "$name" "$WARMUP" > /dev/null; done   # unmeasured: the JIT needs it per path
declare -A rps cpus
for r in $(seq 1 "$ROUNDS"); do
  for name in "${order[@]}"; do
    read -r a b < <(run "$name" "$SECS")
    rps[$name]="${rps[$name]:-} $a"; cpus[$name]="${cpus[$name]:-} $b"
  done
done

median() { tr ' ' '\n' | awk '$1 != "" && $1 != "-"' | sort -g | awk '{a[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
range() { tr ' ' '\n' | awk '$1 != "" && $1 != "-"' | sort -g | awk 'NR==1{lo=$1} {hi=$1} END {print (NR ? lo "–" hi : "-")}'; }

echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'), $WARMUP s unmeasured warm-up then $ROUNDS rounds × $SECS s per contender, alternated; wrk 2 threads × $CONNECTIONS connections; $(nproc) cores; load average before/after: $load_before / $(cut -d' ' -f1-3 /proc/loadavg)."
echo "Cached page: \`$PAGE\` ($(wc -c < "$work/body.json") bytes). Uncached: \`$DETAIL\`. pgbench: $POOL clients."
echo
echo "| contender | req/s median | req/s min–max | CPU µs per request (median) |"
echo "|---|---:|---:|---:|"
declare -A med cmed
for name in "${order[@]}"; do
  med[$name]=$(echo "${rps[$name]}" | median); cmed[$name]=$(echo "${cpus[$name]}" | median)
  echo "| $name | ${med[$name]} | $(echo "${rps[$name]}" | range) | ${cmed[$name]} |"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0 || a == "-" || b == "-") print "-"; else printf "%.2f", a / b }'; }
echo
echo "| ratio | by req/s | by CPU per request (inverse) |"
echo "|---|---:|---:|"
pair() { echo "| $1 ÷ $2 | $(ratio "${med[$1]}" "${med[$2]}") | $(ratio "${cmed[$2]}" "${cmed[$1]}") |"; }
pair brisk-page limit; pair bare-filter limit; pair bare-mvc limit; pair brisk-page bare-mvc
pair brisk-me brisk-page; pair brisk-uncached bare-db; pair bare-db db-path
if [ -n "${OTHER:-}" ]; then
  pair brisk-page other-page; pair brisk-me other-me
  [ -n "${OTHER_NOCACHE:-}" ] && pair brisk-uncached other-uncached
fi
