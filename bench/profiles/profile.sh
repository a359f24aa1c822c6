#!/bin/bash
# Profiles one request path of a running Brisk (or any JVM server) with JFR under wrk load and
# writes the top-frame tables (jfr-top.py) as markdown.
#   bench/profiles/profile.sh PID URL TOKEN OUT_BASENAME "TITLE"
# Start the server with -XX:FlightRecorderOptions=stackdepth=256 so whole request stacks are kept.
# wrk: 2 threads, 32 connections; 10 s untimed warm-up, then 22 s of load around a 20 s recording.
set -euo pipefail
pid=$1; url=$2; token=$3; title=$5
out=$(realpath -m "$4") # absolute: JFR.start writes relative to the server's working directory
here=$(dirname "$0")
wrk -t2 -c32 -d10s -H "Authorization: Bearer $token" "$url" > /dev/null
jcmd "$pid" JFR.start name=profile settings=profile duration=20s filename="$out.jfr" > /dev/null
wrk -t2 -c32 -d22s -H "Authorization: Bearer $token" "$url" > "$out.wrk"
sleep 2
{ date -u; uptime; } >> "$out.wrk"
{ python3 "$here/jfr-top.py" "$out.jfr" "$title"; echo '```'; grep -E 'Requests/sec|Latency' "$out.wrk"; tail -2 "$out.wrk"; echo '```'; } > "$out.md"
