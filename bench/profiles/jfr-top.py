#!/usr/bin/env python3
"""Summarizes jdk.ExecutionSample events of a JFR recording as markdown tables.

Usage: jfr-top.py RECORDING.jfr TITLE [THREAD_PREFIX]
Reads `jfr print --json --events jdk.ExecutionSample`, keeps samples of request threads
(names starting with THREAD_PREFIX, default "http-nio-"), and prints: self time by top frame,
self time by package of the top frame, self time by owner (the first frame
outside the JDK, mapped to a component), and inclusive shares of named components (a sample counts
for a component when any frame of its stack belongs to it).
"""
import collections
import json
import subprocess
import sys

COMPONENTS = [
    ("Spring Security filter chain (all of it)", ("org.springframework.security.web.FilterChainProxy",)),
    ("Spring Security observation decorators", ("org.springframework.security.web.ObservationFilterChainDecorator",)),
    ("Micrometer (observations, meters, tags)", ("io.micrometer.",)),
    ("Spring MVC DispatcherServlet", ("org.springframework.web.servlet.DispatcherServlet",)),
    ("Jackson", ("tools.jackson.", "com.fasterxml.jackson.")),
    ("java.util.regex", ("java.util.regex.",)),
    ("datasource-proxy", ("net.ttddyy.dsproxy.",)),
    ("pgjdbc", ("org.postgresql.",)),
    ("HikariCP", ("com.zaxxer.hikari.",)),
    ("Spring JDBC / JdbcClient", ("org.springframework.jdbc.",)),
    ("Spring transactions", ("org.springframework.transaction.",)),
    ("Brisk RequestMonitorFilter", ("dev.brisk.monitoring.RequestMonitorFilter",)),
    ("Brisk QueryMonitor + Fingerprints", ("dev.brisk.monitoring.QueryMonitor", "dev.brisk.monitoring.Fingerprints")),
    ("Brisk RouteMonitor", ("dev.brisk.monitoring.RouteMonitor",)),
    ("Brisk ResponseCache", ("dev.brisk.cache.ResponseCache",)),
    ("Brisk TieredCache", ("dev.brisk.cache.TieredCache",)),
    ("Brisk BearerTokenFilter / AuthService", ("dev.brisk.auth.BearerTokenFilter", "dev.brisk.auth.AuthService")),
    ("Brisk early hit filter (cache.EarlyHits)", ("dev.brisk.cache.EarlyHits",)),
    ("Spring Security (other)", ("org.springframework.security.",)),
    ("Spring MVC (other)", ("org.springframework.web.servlet.",)),
    ("Spring web filters", ("org.springframework.web.filter.",)),
    ("Tomcat", ("org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.")),
    ("Tomcat socket write (NioEndpoint/sun.nio)", ("sun.nio.ch.", "org.apache.tomcat.util.net.NioEndpoint$NioSocketWrapper.doWrite")),
]


def frame_name(frame):
    method = frame["method"]
    return method["type"]["name"].replace("/", ".") + "." + method["name"]


def package(name, depth=3):
    parts = name.split(".")
    # drop class and method
    pkg = [p for p in parts[:-2]]
    return ".".join(pkg[:depth]) if pkg else name


JDK = ("java.", "jdk.", "sun.", "com.sun.")


def owner(stack):
    for frame in stack:
        if frame.startswith(JDK):
            continue
        for label, prefixes in COMPONENTS:
            if frame.startswith(prefixes):
                return label
        return package(frame)
    return "JDK only: " + package(stack[0])


def main():
    path, title = sys.argv[1], sys.argv[2]
    prefix = sys.argv[3] if len(sys.argv) > 3 else "http-nio-"
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "256", "--events", "jdk.ExecutionSample", path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    stacks = []
    for e in events:
        thread = (e["values"].get("sampledThread") or {}).get("javaName") or ""
        if not thread.startswith(prefix):
            continue
        frames = e["values"]["stackTrace"]["frames"]
        if frames:
            stacks.append([frame_name(f) for f in frames])
    n = len(stacks)
    print(f"### {title}\n")
    print(f"{n} execution samples on request threads ({prefix}*); recorded with -XX:FlightRecorderOptions=stackdepth=256.\n")
    if n == 0:
        return
    top = collections.Counter(s[0] for s in stacks)
    print("| self % | top frame |\n|---:|---|")
    for name, c in top.most_common(25):
        print(f"| {100 * c / n:.1f} | `{name}` |")
    pk = collections.Counter(package(s[0]) for s in stacks)
    print("\n| self % | package of the top frame |\n|---:|---|")
    for name, c in pk.most_common(15):
        print(f"| {100 * c / n:.1f} | `{name}` |")
    owners = collections.Counter(owner(s) for s in stacks)
    print("\n| self % | owner: first frame outside the JDK (java., jdk., sun.), by component |\n|---:|---|")
    for name, c in owners.most_common(20):
        print(f"| {100 * c / n:.1f} | {name} |")
    print("\n| inclusive % | component (any frame in the stack) |\n|---:|---|")
    for label, prefixes in COMPONENTS:
        c = sum(1 for s in stacks if any(f.startswith(prefixes) for f in s))
        if c:
            print(f"| {100 * c / n:.1f} | {label} |")
    print()


if __name__ == "__main__":
    main()
