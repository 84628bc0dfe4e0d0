using MicroStreams.Embedded.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MicroStreams.Http.Telemetry;

/// <summary>
/// Registers OpenTelemetry for <c>serve</c>: the MicroStreams meters (this host's only, by meter scope) to the
/// Prometheus scrape endpoint and, when configured, to OTLP; traces (MicroStreams, ASP.NET Core and HttpClient spans)
/// only when OTLP is configured, so that an unconfigured server records no spans at all.
/// </summary>
internal static class ServeTelemetry
{
    /// <summary>Wires the exporters <paramref name="options"/> asks for; they are validated at start (<c>AddMicroStreams</c>).</summary>
    public static void Add(IServiceCollection services, TelemetryOptions options, object meterScope)
    {
        var otel = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(options.ServiceName));
        otel.WithMetrics(metrics =>
        {
            metrics.AddMeter(MicroStreamsTelemetry.Name)
                .AddView(instrument => instrument.Meter.Name == MicroStreamsTelemetry.Name && !ReferenceEquals(instrument.Meter.Scope, meterScope) ? MetricStreamConfiguration.Drop : null)
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
            if (options.OtlpEndpoint is { } endpoint)
            {
                metrics.AddOtlpExporter(otlp => Configure(otlp, endpoint, options.OtlpProtocol, "v1/metrics"));
            }
        });

        if (options.OtlpEndpoint is { } traces)
        {
            otel.WithTracing(tracing => tracing
                .AddSource(MicroStreamsTelemetry.Name, "Microsoft.AspNetCore", "System.Net.Http")
                .AddOtlpExporter(otlp => Configure(otlp, traces, options.OtlpProtocol, "v1/traces")));
        }
    }

    /// <summary>Over http/protobuf each signal has its own path, which the exporter appends only to an endpoint from the environment.</summary>
    private static void Configure(OtlpExporterOptions otlp, Uri endpoint, string protocol, string signalPath)
    {
        var grpc = protocol == "grpc";
        otlp.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        otlp.Endpoint = grpc ? endpoint : new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath);
    }
}
