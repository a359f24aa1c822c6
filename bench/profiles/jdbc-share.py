#!/usr/bin/env python3
"""The JDBC monitor's share of request-thread samples in JFR recordings (issue #14's < 3 % target).

Usage: jdbc-share.py RECORDING.jfr...
A sample counts for the monitor when its owner (first frame outside the JDK) is the JDBC wrapping
(Brisk's StatementInterception and MonitoredDataSource, or datasource-proxy in builds before it) or
Brisk's statement accounting (QueryMonitor, Fingerprints, RequestStats.recordStatement), i.e. the
wrapping, not the pgjdbc/Hikari work it wraps. Also prints the inclusive share of the wrapping
(everything below its frames, the statement itself included) for comparison.
"""
import json
import math
import subprocess
import sys

WRAPPING = ("net.ttddyy.dsproxy.", "dev.brisk.platform.StatementInterception", "dev.brisk.platform.MonitoredDataSource")
MONITOR = WRAPPING + ("dev.brisk.monitoring.QueryMonitor", "dev.brisk.monitoring.Fingerprints",
           "dev.brisk.monitoring.RequestStats.recordStatement", "dev.brisk.monitoring.SqlSpans")


def frames(event):
    return [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"]
            for f in event["values"]["stackTrace"]["frames"]]


total = own = inclusive = 0
for path in sys.argv[1:]:
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "256", "--events", "jdk.ExecutionSample", path],
                         check=True, capture_output=True, text=True).stdout
    for event in json.loads(out)["recording"]["events"]:
        if not event["values"]["sampledThread"]["javaName"].startswith("http-nio-"):
            continue
        names = frames(event)
        total += 1
        owner = next((n for n in names if not n.startswith(("java.", "jdk.", "sun."))), "")
        own += owner.startswith(MONITOR)
        inclusive += any(n.startswith(WRAPPING) for n in names)
p = own / total if total else 0
half = 1.96 * math.sqrt(p * (1 - p) / total) if total else 0
print(f"{total} request-thread samples; JDBC monitor's own code: {own} = {100 * p:.1f} % "
      f"(95 % interval {100 * max(0, p - half):.1f}-{100 * (p + half):.1f} %); "
      f"the wrapping inclusive (statement work below it included): {100 * inclusive / max(total, 1):.1f} %")
