using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using MicroStreams.Embedded.Telemetry;
using MicroStreams.Http.Tests.Tenants;

namespace MicroStreams.Http.Tests.Telemetry;

/// <summary>
/// A producer's trace (the CloudEvents distributed-tracing extension on the event) followed through a real serve:
/// posted over HTTP to Kestrel, appended, routed to the push processor's worker, delivered to a real webhook receiver.
/// </summary>
public sealed class TracePropagationTests
{
    [Fact]
    public async Task ProducerTraceParent_ContinuesThroughRouteStepAndDelivery_IntoTheWebhookRequest()
    {
        var producerTrace = ActivityTraceId.CreateRandom();
        var producerSpan = ActivitySpanId.CreateRandom();
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MicroStreamsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span =>
            {
                if (span.TraceId == producerTrace)
                {
                    spans.Enqueue(span);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var catcher = await WebhookCatcher.StartAsync();
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["MicroStreams:TenantDirectory:SubscribedEventTypes:0"] = "sale_complete" });
        try
        {
            var tenant = new HttpRequestMessage(HttpMethod.Put, "/api/tenants/acme")
            {
                Content = new StringContent($$"""{"destinations":[{"name":"crm","url":"{{catcher.UrlOf("crm")}}","eventTypes":["sale_complete"],"maxBatchSize":1}]}""", Encoding.UTF8, "application/json"),
            };
            tenant.Headers.Add("x-functions-key", TestServer.AdminKey);
            using (var put = await server.Anonymous.SendAsync(tenant))
            {
                Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            }

            var traced = $$"""{"specversion":"1.0","id":"traced-1","source":"shop","type":"sale_complete","subject":"buyer-9","traceparent":"00-{{producerTrace}}-{{producerSpan}}-01","tracestate":"shop=1","data":{"tenant":"acme","price":5} }""";
            using (var posted = await server.PostAsync("/api/events", traced, "application/cloudevents+json"))
            {
                Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());
            }

            var header = await Eventually.GetAsync(() =>
            {
                var found = catcher.TraceParents.FirstOrDefault(b => b.Body.GetProperty("events").EnumerateArray().Any(e => e.GetProperty("id").GetString() == "traced-1"));
                return Task.FromResult((found.TraceParent is not null, found.TraceParent));
            }, "the webhook request carrying event traced-1 with a traceparent");
            var received = ActivityContext.Parse(header!, null);
            var chain = await Eventually.GetAsync(() =>
            {
                var found = new List<Activity>();
                var at = received.SpanId;
                while (spans.FirstOrDefault(s => s.SpanId == at) is { } span)
                {
                    found.Add(span);
                    at = span.ParentSpanId;
                }

                return Task.FromResult((at == producerSpan && found.Count == 3, found));
            }, "the spans from the webhook request back to the producer");

            Assert.Equal(producerTrace, received.TraceId);
            Assert.Equal(["deliver", "step", "route"], chain.Select(s => s.OperationName));
            Assert.Equal("push_delivery", chain[1].GetTagItem("microstreams.processor"));
            var ingest = Assert.Single(spans, s => s.OperationName == "ingest");
            Assert.Equal(producerSpan, ingest.ParentSpanId);
            Assert.Contains(spans, s => s.OperationName == "append" && s.ParentSpanId == ingest.SpanId);
            using var metrics = await server.Client.GetAsync("/metrics");
            Assert.Matches(@"microstreams_effect_latency_seconds_count\{[^}]*channel=""webhook""\} [1-9]", await metrics.Content.ReadAsStringAsync());
        }
        finally
        {
            server.DeleteData();
        }
    }
}
