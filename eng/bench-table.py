#!/usr/bin/env python3
"""Turns the JSON lines of `microstreams bench --json-out FILE` into the Markdown table in README.md."""
import json
import sys



def fmt_rate(d):
    if d['rate'] < 100:
        return f"{d['rate']:,.2f} {d.get('unit', '')}"
    return f"{d['rate']:,.0f} {d.get('unit', '')}"


def main(path):
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    print("| Workload | Target | Durability (log) | Rate | CPU-s per 1M | Peak RSS | Bytes/event | Goal |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | --- |")
    for d in rows:
        goal = ""
        if d.get("latency"):
            lat = d["latency"]
            rate = f"p50 {lat['p50Milliseconds']:.2f} ms, p99 {lat['p99Milliseconds']:.2f} ms"
            if d["workload"] in ("LAT", "W5"):
                rate = f"{d['rate']:,.0f}/s: " + rate + f", p99.9 {lat['p999Milliseconds']:.2f} ms"
            if d.get("goalP99Milliseconds"):
                goal = f"p99 < {d['goalP99Milliseconds']:g} ms {'✓' if lat['p99Milliseconds'] < d['goalP99Milliseconds'] else '✗'}"
            rss = f"{d['peakRssBytes'] / 1048576:,.0f} MB" if d.get("peakRssBytes") else ""
            print(f"| {d['workload']} | {d['target']} | {d.get('durability', '')} | {rate} |  | {rss} |  | {goal} |")
            continue
        if d.get("goal"):
            goal = f"≥ {d['goal']:,.{2 if d['goal'] < 100 else 0}f} {d.get('unit', '')} {'✓' if d['rate'] >= d['goal'] else '✗'}".replace(".00 ", " ")
        rss = f"{d['peakRssBytes'] / 1048576:,.0f} MB" if d.get("peakRssBytes") else ""
        cpu = f"{d['cpuSecondsPerMillion']:.1f}" if d.get("cpuSecondsPerMillion") else ""
        disk = f"{d['bytesOnDiskPerEvent']:.0f}" if d.get("bytesOnDiskPerEvent") else ""
        target = d["target"]
        if d["workload"] == "W2" and target in ("embedded", "redis-streams", "postgres"):
            target += " (drain only)" if d.get("peakRssBytes") else " (ingest + drain)"
        print(f"| {d['workload']} | {target} | {d.get('durability', '')} | {fmt_rate(d)} | {cpu} | {rss} | {disk} | {goal} |")


if __name__ == "__main__":
    main(sys.argv[1])
