namespace MicroStreams.Http.Telemetry;

/// <summary>
/// <c>MicroStreams:Telemetry</c>: where traces and metrics go besides <c>/metrics</c>. OTLP export is off unless an
/// endpoint is set (an OpenTelemetry Collector, Jaeger, Aspire's dashboard, Application Insights through a collector).
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "MicroStreams:Telemetry";

    /// <summary>The OTLP endpoint (<c>http://localhost:4317</c> for gRPC, <c>http://localhost:4318</c> for HTTP); null exports nothing.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (the default) or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>The <c>service.name</c> resource attribute.</summary>
    public string ServiceName { get; set; } = "microstreams";

    public void Validate()
    {
        if (OtlpEndpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https")))
        {
            throw new InvalidOperationException($"{SectionName}:OtlpEndpoint must be an absolute http(s) URL, not '{endpoint}'");
        }

        if (OtlpProtocol is not ("grpc" or "http/protobuf"))
        {
            throw new InvalidOperationException($"{SectionName}:OtlpProtocol must be 'grpc' or 'http/protobuf', not '{OtlpProtocol}'");
        }

        if (string.IsNullOrWhiteSpace(ServiceName))
        {
            throw new InvalidOperationException($"{SectionName}:ServiceName must not be empty");
        }
    }
}
