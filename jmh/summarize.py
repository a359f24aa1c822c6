#!/usr/bin/env python3
"""Summarizes JMH JSON results (one file per round, each a separate JMH run) as the markdown used in
docs/performance.md: every benchmark's score over all rounds' iterations with a 99.9 % confidence
half-width (as JMH computes it), and each ratio computed within each round, then its median.

    python3 jmh/summarize.py round1.json round2.json round3.json
"""
import json
import statistics
import sys

T999 = {1: 636.62, 2: 31.599, 3: 12.924, 4: 8.610, 5: 6.869, 6: 5.959, 7: 5.408, 8: 5.041, 9: 4.781,
        10: 4.587, 11: 4.437, 12: 4.318, 13: 4.221, 14: 4.140, 15: 4.073, 16: 4.015, 17: 3.965,
        18: 3.922, 19: 3.883, 20: 3.850, 21: 3.819, 22: 3.792, 23: 3.768, 24: 3.745, 25: 3.725,
        26: 3.707, 27: 3.690, 28: 3.674, 29: 3.659, 30: 3.646}
TO_NS = {"ns/op": 1.0, "us/op": 1e3, "ms/op": 1e6}

# (label, numerator, denominator, kind): kind "x" = numerator ÷ denominator,
# "pct" = (numerator − subtract) ÷ denominator as a percentage, numerator given as (minuend, subtrahend)
WHAT = {
    "TieredCacheBenchmark.memoHit": "Brisk `get`, memo hit (key already read in this request)",
    "TieredCacheBenchmark.localHit": "Brisk `get`, Caffeine hit, one hot key, no request scope",
    "TieredCacheBenchmark.localHit4096": "Brisk two-tier read, steady state: 4096 keys round-robin, all in Caffeine",
    "TieredCacheBenchmark.redisHit": "Brisk `get`, Redis hit: 4096 keys round-robin, Caffeine holds 16",
    "TieredCacheBenchmark.missLoad": "Brisk `get`, miss in every tier (Redis GET nil), constant loader, Caffeine put + async Redis SET",
    "TieredCacheBenchmark.missLoadMemoryOnly": "the same miss + load on an engine without Redis",
    "TieredCacheBenchmark.springRedisCacheGet": "Spring `RedisCacheManager.create(lettuce)`: `cache.get(key, loader)`, 4096 keys round-robin, all in Redis",
    "TieredCacheBenchmark.keyRender": "`CacheKey.render()` alone (SHA-256 + base64url), paid by every Brisk read",
    "TieredCacheBenchmark.rawCaffeineHit": "bare Caffeine `getIfPresent` on a rendered key (floor)",
    "AuthCheckBenchmark.resolveWarm": "`AuthService.resolve(token)`, token in Caffeine",
    "AuthCheckBenchmark.resolveWarmInFreshRequest": "the same inside a freshly opened request memo (as the first check of a request)",
    "AuthCheckBenchmark.resolveFromRedis": "`resolve` on a second node whose Caffeine holds 16 of 4096 tokens: Redis answers",
    "AuthCheckBenchmark.tokenSha256": "`Tokens.hash(token)` alone",
    "QueryMonitorBenchmark.rawStatement": "`SELECT ?::bigint + 1` through Hikari to local PostgreSQL",
    "QueryMonitorBenchmark.monitoredStatement": "the same through Brisk's `MonitoredDataSource` + `QueryMonitor`",
    "QueryMonitorBenchmark.monitoredRequest": "the same inside a monitored request (open, statement, Server-Timing, finish)",
    "QueryMonitorBenchmark.fingerprintCached": "`Fingerprints.of(sql)` (cached)",
    "QueryMonitorOverheadBenchmark.stubRawStatement": "the statement against a do-nothing JDBC driver",
    "QueryMonitorOverheadBenchmark.stubMonitoredStatement": "the same through Brisk's `MonitoredDataSource` + `QueryMonitor`",
    "QueryMonitorOverheadBenchmark.stubDatasourceProxyStatement": "the same through datasource-proxy 1.11.0 + the same `QueryMonitor` (the monitor before issue 14's fifth round)",
    "QueryMonitorOverheadBenchmark.stubMonitoredRequest": "the same inside a monitored request",
}

RATIOS = [
    ("Redis hit ÷ Caffeine hit", "TieredCacheBenchmark.redisHit", "TieredCacheBenchmark.localHit", "x"),
    ("Miss + load (Redis configured) ÷ Caffeine hit", "TieredCacheBenchmark.missLoad", "TieredCacheBenchmark.localHit", "x"),
    ("Caffeine hit ÷ memo hit", "TieredCacheBenchmark.localHit", "TieredCacheBenchmark.memoHit", "x"),
    ("Caffeine hit ÷ bare Caffeine getIfPresent", "TieredCacheBenchmark.localHit", "TieredCacheBenchmark.rawCaffeineHit", "x"),
    ("Spring RedisCacheManager get ÷ Brisk two-tier read (4096 keys, all in Caffeine)",
     "TieredCacheBenchmark.springRedisCacheGet", "TieredCacheBenchmark.localHit4096", "x"),
    ("Spring RedisCacheManager get ÷ Brisk Redis-tier hit (both one GET)",
     "TieredCacheBenchmark.springRedisCacheGet", "TieredCacheBenchmark.redisHit", "x"),
    ("Warm auth check from Redis ÷ from Caffeine", "AuthCheckBenchmark.resolveFromRedis", "AuthCheckBenchmark.resolveWarm", "x"),
    ("Monitor cost per statement (stub driver) as % of a raw PostgreSQL statement",
     ("QueryMonitorOverheadBenchmark.stubMonitoredStatement", "QueryMonitorOverheadBenchmark.stubRawStatement"),
     "QueryMonitorBenchmark.rawStatement", "pct"),
    ("Monitor cost per one-statement request (stub driver) as % of a raw PostgreSQL statement",
     ("QueryMonitorOverheadBenchmark.stubMonitoredRequest", "QueryMonitorOverheadBenchmark.stubRawStatement"),
     "QueryMonitorBenchmark.rawStatement", "pct"),
    ("datasource-proxy's cost per statement ÷ Brisk's monitor's (stub driver, each minus the raw statement)",
     ("QueryMonitorOverheadBenchmark.stubDatasourceProxyStatement", "QueryMonitorOverheadBenchmark.stubRawStatement"),
     ("QueryMonitorOverheadBenchmark.stubMonitoredStatement", "QueryMonitorOverheadBenchmark.stubRawStatement"), "dx"),
    ("Monitored ÷ raw PostgreSQL statement (direct, noisy)", "QueryMonitorBenchmark.monitoredStatement",
     "QueryMonitorBenchmark.rawStatement", "x"),
]


def load(path):
    out = {}
    for b in json.load(open(path)):
        name = ".".join(b["benchmark"].split(".")[-2:])
        m = b["primaryMetric"]
        f = TO_NS[m["scoreUnit"]]
        samples = [v * f for fork in m["rawData"] for v in fork]
        out[name] = {"score": m["score"] * f, "samples": samples, "jvm": b.get("vmVersion"), "jdk": b.get("jdkVersion")}
    return out


def ci(samples):
    n = len(samples)
    mean = statistics.fmean(samples)
    if n < 2:
        return mean, float("nan")
    t = T999.get(n - 1, 3.291 if n > 121 else 3.46)
    return mean, t * statistics.stdev(samples) / n ** 0.5


def fmt(ns):
    if ns >= 10_000:
        return f"{ns / 1000:,.1f} µs"
    if ns >= 1000:
        return f"{ns / 1000:,.2f} µs"
    return f"{ns:,.1f} ns"


def main(paths):
    rounds = [load(p) for p in paths]
    found = set().union(*rounds)
    names = [n for n in WHAT if n in found] + sorted(found - set(WHAT))
    print("| benchmark | what | mean ± 99.9 % error, all rounds | median iteration | per round |")
    print("|---|---|---:|---:|---|")
    for name in names:
        samples = [s for r in rounds if name in r for s in r[name]["samples"]]
        mean, err = ci(samples)
        per = " · ".join(fmt(r[name]["score"]) if name in r else "—" for r in rounds)
        print(f"| `{name}` | {WHAT.get(name, '')} | {fmt(mean)} ± {fmt(err)} (n={len(samples)}) "
              f"| {fmt(statistics.median(samples))} | {per} |")
    print()
    print("| ratio (within each round) | median | per round |")
    print("|---|---:|---|")
    for label, num, den, kind in RATIOS:
        values = []
        for r in rounds:
            try:
                if kind == "x":
                    values.append(r[num]["score"] / r[den]["score"])
                elif kind == "dx":
                    values.append((r[num[0]]["score"] - r[num[1]]["score"]) / (r[den[0]]["score"] - r[den[1]]["score"]))
                else:
                    values.append(100 * (r[num[0]]["score"] - r[num[1]]["score"]) / r[den]["score"])
            except KeyError:
                pass
        if not values:
            continue
        unit = " %" if kind == "pct" else "×"
        digits = 2 if kind == "pct" or max(values) < 10 else 0
        per = " · ".join(f"{v:,.{digits}f}{unit}" for v in values)
        print(f"| {label} | {statistics.median(values):,.{digits}f}{unit} | {per} |")


if __name__ == "__main__":
    main(sys.argv[1:])
