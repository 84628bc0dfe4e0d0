// Sends identify and track calls to a running `microstreams serve` with RudderStack's Node SDK at its default settings
// (gzip on), pointed at our Segment-compatible /v1/batch. The sign-in carries an originalTimestamp a day old, as an
// event queued offline would: the server must keep that time, corrected by the SDK's sentAt.
// Usage: node rudder-client.js <baseUrl> <writeKey> <userId>
"use strict";
const Analytics = require("@rudderstack/rudder-sdk-node");

async function main() {
  const [host, writeKey, userId] = process.argv.slice(2);
  if (!host || !writeKey || !userId) throw new Error("usage: node rudder-client.js <baseUrl> <writeKey> <userId>");
  const requests = [];
  const client = new Analytics(writeKey, { dataPlaneUrl: host, retryCount: 0, logLevel: "error" });
  client.axiosInstance.interceptors.request.use((request) => {
    requests.push(request.headers["Content-Encoding"] || "identity");
    return request;
  });
  const dayAgo = new Date(Date.now() - 24 * 60 * 60 * 1000);
  client.identify({ userId, traits: { email: `${userId}@rudder.example` } });
  client.track({ userId, event: "user_created", properties: { email: `${userId}@rudder.example` } });
  client.track({ userId, event: "sale_complete", properties: { price: 40 } });
  client.track({ userId, event: "user_signin", properties: { email: `${userId}@rudder.example` }, originalTimestamp: dayAgo });
  await client.flush();
  console.log(JSON.stringify({ encodings: requests, signedInAt: dayAgo.toISOString() }));
}

main().catch((error) => {
  const response = error.response ? ` ${error.response.status} ${JSON.stringify(error.response.data)}` : "";
  console.error((error.stack || String(error)) + response);
  process.exit(1);
});
