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
    names = sorted(set().union(*rounds))
    print("| benchmark | score ± 99.9 % error, all rounds | per round |")
    print("|---|---:|---|")
    for name in names:
        samples = [s for r in rounds if name in r for s in r[name]["samples"]]
        mean, err = ci(samples)
        per = " · ".join(fmt(r[name]["score"]) if name in r else "—" for r in rounds)
        print(f"| `{name}` | {fmt(mean)} ± {fmt(err)} (n={len(samples)}) | {per} |")
    print()
    print("| ratio (within each round) | median | per round |")
    print("|---|---:|---|")
    for label, num, den, kind in RATIOS:
        values = []
        for r in rounds:
            try:
                if kind == "x":
                    values.append(r[num]["score"] / r[den]["score"])
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
