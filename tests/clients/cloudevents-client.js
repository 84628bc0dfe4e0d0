// Posts CloudEvents to a running `microstreams serve` with the official npm SDK's HTTP binding:
// one in structured mode and one in binary mode. Usage: node cloudevents-client.js <baseUrl> <functionKey> <subject>
"use strict";
const { CloudEvent, HTTP } = require("cloudevents");

async function post(baseUrl, key, message) {
  const response = await fetch(`${baseUrl}/api/events`, {
    method: "POST",
    headers: { ...message.headers, "x-functions-key": key },
    body: message.body,
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text}`);
  return JSON.parse(text);
}

async function main() {
  const [baseUrl, key, subject] = process.argv.slice(2);
  if (!baseUrl || !key || !subject) throw new Error("usage: node cloudevents-client.js <baseUrl> <functionKey> <subject>");
  const structured = new CloudEvent({
    id: `sdk-structured-${subject}`, source: "npm/cloudevents", type: "user_signin", subject,
    datacontenttype: "application/json", data: { email: `${subject}@structured.example` },
  });
  const binary = new CloudEvent({
    id: `sdk-binary-${subject}`, source: "npm/cloudevents", type: "user_signin", subject,
    datacontenttype: "application/json", data: { email: `${subject}@binary.example` },
  });
  const results = {
    structured: await post(baseUrl, key, HTTP.structured(structured)),
    binary: await post(baseUrl, key, HTTP.binary(binary)),
  };
  console.log(JSON.stringify(results));
}

main().catch((error) => { console.error(error.stack || String(error)); process.exit(1); });
