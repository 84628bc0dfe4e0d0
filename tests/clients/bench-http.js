// HTTP ingest benchmark against a running `microstreams serve` (see functions/MicroStreams.Http/PERFORMANCE.md).
// Usage: node bench-http.js <baseUrl> <functionKey> [throughput|latency|all] [seconds]
//   throughput: as many batches of 100 CloudEvents as 16 connections can push (events/s = requests/s x 100)
//   latency:    1,000 requests/s of single structured events at a fixed rate (p50/p99 acknowledgement latency)
// Every event has a fresh id, so nothing is dropped as a duplicate. Bounded in time; loopback only.
"use strict";
const autocannon = require("autocannon");

const [baseUrl, key, mode = "all", seconds = "15"] = process.argv.slice(2);
if (!baseUrl || !key) { console.error("usage: node bench-http.js <baseUrl> <functionKey> [throughput|latency|all] [seconds]"); process.exit(2); }
const duration = Number(seconds);
const run = `${process.pid}-${Date.now()}`;
let counter = 0;
const event = (user) => `{"specversion":"1.0","id":"${run}-${counter++}","source":"bench","type":"user_signin","subject":"user-${user}","data":{"email":"user-${user}@example.com"}}`;

function batch(size) {
  const parts = new Array(size);
  for (let i = 0; i < size; i++) parts[i] = event(counter % 10000);
  return `[${parts.join(",")}]`;
}

function once(options) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    process.once("SIGINT", () => instance.stop());
  });
}

function row(name, result, eventsPerRequest) {
  const ok = result["2xx"];
  return {
    scenario: name,
    requestsPerSec: Math.round((ok / result.duration) * 10) / 10,
    eventsPerSec: Math.round((ok * eventsPerRequest) / result.duration),
    latencyP50ms: result.latency.p50,
    latencyP90ms: result.latency.p90,
    latencyP99ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    ok2xx: ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

async function main() {
  const rows = [];
  const headers = { "x-functions-key": key };
  // Warm-up (JIT, connection pools, SQLite page cache), not reported.
  await once({
    url: `${baseUrl}/api/events`, method: "POST", connections: 8, duration: 5,
    headers: { ...headers, "content-type": "application/cloudevents-batch+json" },
    requests: [{ setupRequest: (request) => ({ ...request, body: batch(10) }) }],
  });
  if (mode === "throughput" || mode === "all") {
    const result = await once({
      url: `${baseUrl}/api/events`, method: "POST", connections: 16, pipelining: 1, duration,
      headers: { ...headers, "content-type": "application/cloudevents-batch+json" },
      requests: [{ setupRequest: (request) => ({ ...request, body: batch(100) }) }],
    });
    rows.push(row("batches of 100 events, 16 connections", result, 100));
  }
  if (mode === "latency" || mode === "all") {
    const result = await once({
      url: `${baseUrl}/api/events`, method: "POST", connections: 32, overallRate: 1000, duration,
      headers: { ...headers, "content-type": "application/cloudevents+json" },
      requests: [{ setupRequest: (request) => ({ ...request, body: event(counter % 10000) }) }],
    });
    rows.push(row("1 event per request at 1,000 requests/s", result, 1));
    // The peer in the same run: the same rate on a route that does nothing, so what is left is the machine, Kestrel and the client.
    const baseline = await once({ url: `${baseUrl}/healthz`, method: "GET", connections: 32, overallRate: 1000, duration });
    rows.push(row("baseline: GET /healthz at 1,000 requests/s", baseline, 0));
  }
  console.log(JSON.stringify(rows, null, 2));
}

main().catch((error) => { console.error(error.stack || String(error)); process.exit(1); });
