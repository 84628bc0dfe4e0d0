// Sends identify and track calls to a running `microstreams serve` with Segment's own Node SDK, pointed at our
// Segment-compatible /v1/batch. Usage: node segment-client.js <baseUrl> <writeKey> <userId>
"use strict";
const { Analytics } = require("@segment/analytics-node");

async function main() {
  const [host, writeKey, userId] = process.argv.slice(2);
  if (!host || !writeKey || !userId) throw new Error("usage: node segment-client.js <baseUrl> <writeKey> <userId>");
  const analytics = new Analytics({ writeKey, host, path: "/v1/batch", flushAt: 3, maxRetries: 0, httpRequestTimeout: 10000 });
  const failures = [];
  const statuses = [];
  analytics.on("error", (error) => failures.push(error));
  analytics.on("http_request", (request) => statuses.push(request.url));
  analytics.identify({ userId, traits: { email: `${userId}@segment.example` } });
  analytics.track({ userId, event: "user_created", properties: { email: `${userId}@segment.example` } });
  analytics.track({ userId, event: "sale_complete", properties: { price: 40 } });
  analytics.track({ userId, event: "user_signin", properties: { email: `${userId}@segment.example` } });
  await analytics.closeAndFlush({ timeout: 15000 });
  if (failures.length > 0) throw new Error(`delivery failed: ${failures.map((f) => f.reason?.message || f.message || JSON.stringify(f)).join("; ")}`);
  console.log(JSON.stringify({ requests: statuses.length }));
}

main().catch((error) => { console.error(error.stack || String(error)); process.exit(1); });
