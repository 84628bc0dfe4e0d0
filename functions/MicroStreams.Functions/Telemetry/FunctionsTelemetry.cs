using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using MicroStreams.Telemetry;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MicroStreams.Functions.Telemetry;

/// <summary>
/// OpenTelemetry in the Functions worker: the MicroStreams spans and instruments (with the worker's own invocation spans,
/// joined to the host's trace by <c>UseFunctionsWorkerDefaults</c>) exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set and to Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>
/// is (infra/ sets it, with Entra ID authentication). With neither, nothing is registered and no span is recorded.
/// </summary>
internal static class FunctionsTelemetry
{
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary><c>Authorization=AAD;ClientId=…</c> (as the Functions host reads it): export with that managed identity.</summary>
    public const string ApplicationInsightsAuthentication = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        var otlp = configuration[OtlpEndpoint] is { Length: > 0 };
        var applicationInsights = configuration[ApplicationInsightsConnectionString] is { Length: > 0 } connection ? connection : null;
        if (!otlp && applicationInsights is null)
        {
            return;
        }

        var otel = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing.AddSource(MicroStreamsActivity.SourceName, "System.Net.Http"))
            .WithMetrics(metrics => metrics.AddMeter(MicroStreamsActivity.SourceName));
        if (otlp)
        {
            otel.UseOtlpExporter();
        }

        if (applicationInsights is not null)
        {
            var credential = Credential(configuration[ApplicationInsightsAuthentication]);
            otel.UseAzureMonitorExporter(monitor =>
            {
                monitor.ConnectionString = applicationInsights;
                monitor.Credential = credential;
            });
        }
    }

    /// <summary>The Entra ID credential <paramref name="authentication"/> asks for, or null (the connection string's key).</summary>
    internal static TokenCredential? Credential(string? authentication)
    {
        var parts = (authentication ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var kind) || !kind.Equals("AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.TryGetValue("ClientId", out var clientId) && clientId.Length > 0
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
