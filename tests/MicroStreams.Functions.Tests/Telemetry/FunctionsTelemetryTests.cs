using System.Diagnostics;
using System.Text;
using Azure.Identity;
using MicroStreams.Functions.Telemetry;
using MicroStreams.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MicroStreams.Functions.Tests.Telemetry;

/// <summary>What <c>AddMicroStreams</c> registers for OpenTelemetry in the Functions worker, by app setting.</summary>
public sealed class FunctionsTelemetryTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        // As the Functions host registers the app's configuration (the OpenTelemetry exporters read theirs from it).
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        FunctionsServiceCollectionExtensions.AddMicroStreams(services, configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddMicroStreams_WithoutAnExporterSetting_RegistersNoTracerOrMeterProvider()
    {
        using var provider = Build([]);

        Assert.Null(provider.GetService<TracerProvider>());
        Assert.Null(provider.GetService<MeterProvider>());
        Assert.NotNull(provider.GetService<FunctionsMetrics>());
    }

    [Fact]
    public async Task AddMicroStreams_WithAnOtlpEndpoint_ExportsTheMicroStreamsSpansOverOtlp()
    {
        await using var collector = await WebhookReceiver.StartAsync();
        using var provider = Build(new()
        {
            [FunctionsTelemetry.OtlpEndpoint] = collector.Address,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        var tracing = provider.GetRequiredService<TracerProvider>();
        var marker = $"route-{Guid.NewGuid():N}";

        // A span per try: on a loaded machine an export can fail (it is not retried), and the span goes with it.
        for (var attempt = 0; attempt < 10 && !Received(collector, marker); attempt++)
        {
            var producer = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
            using (var span = MicroStreamsActivity.Source.StartActivity(SpanNames.Route, ActivityKind.Consumer, producer))
            {
                Assert.NotNull(span);
                span.SetTag(SpanTags.EventType, marker);
            }

            Assert.True(tracing.ForceFlush(30_000));
        }

        Assert.True(Received(collector, marker), $"no OTLP trace export carried the span; requests: {string.Join(", ", collector.Requests.Select(r => r.Path))}");
    }

    private static bool Received(WebhookReceiver collector, string marker) =>
        collector.Requests.Any(r => r.Path == "/v1/traces" && Encoding.UTF8.GetString(r.Body) is var body
            && body.Contains(marker, StringComparison.Ordinal) && body.Contains(MicroStreamsActivity.SourceName, StringComparison.Ordinal));

    [Fact]
    public void AddMicroStreams_WithAnApplicationInsightsConnectionString_RegistersTheTracerAndMeterProviders()
    {
        using var provider = Build(new()
        {
            [FunctionsTelemetry.ApplicationInsightsConnectionString] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/",
        });

        Assert.NotNull(provider.GetService<TracerProvider>());
        Assert.NotNull(provider.GetService<MeterProvider>());
    }

    [Theory]
    [InlineData("ClientId=5a5a5a5a-0000-0000-0000-000000000001;Authorization=AAD", true)]
    [InlineData("Authorization=AAD", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Credential_ReadsTheApplicationInsightsAuthenticationString(string? authentication, bool managedIdentity)
    {
        var credential = FunctionsTelemetry.Credential(authentication);

        Assert.Equal(managedIdentity, credential is ManagedIdentityCredential);
    }
}
