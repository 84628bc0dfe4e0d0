using MicroStreams.Http.Auth;
using MicroStreams.Http.Dashboard;
using MicroStreams.Http.DeadLetters;
using MicroStreams.Http.Hosting;
using MicroStreams.Http.Ingest;
using MicroStreams.Http.Inspection;
using MicroStreams.Http.OpenApi;
using MicroStreams.Http.Projections;
using MicroStreams.Http.Replays;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the MicroStreams HTTP API and dashboard into an app that called <c>services.AddMicroStreams(...)</c>.</summary>
public static class MicroStreamsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps ingest (CloudEvents, Segment), inspection, dead letters, replays, projections, health, metrics, the OpenAPI
    /// document and the dashboard, plus the admin routes and dashboard pages registered on the builder. Every route
    /// checks its key (<c>x-functions-key</c> or <c>?code=</c>; the admin key for admin routes).
    /// </summary>
    public static IEndpointRouteBuilder MapMicroStreams(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // Asked without building it: the runtime opens when the host starts, after its options are validated.
        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>()?.IsService(typeof(ServeContext)) != true)
        {
            throw new InvalidOperationException("MapMicroStreams needs services.AddMicroStreams(configuration) first");
        }

        IngestEndpoints.Map(endpoints);
        InspectionEndpoints.Map(endpoints);
        DeadLetterEndpoints.Map(endpoints);
        ReplayEndpoints.Map(endpoints);
        ProjectionEndpoints.Map(endpoints);
        PlatformEndpoints.Map(endpoints);
        OpenApiDocument.Map(endpoints);
        DashboardEndpoints.Map(endpoints);
        DashboardPageEndpoints.Map(endpoints);
        EventStreamEndpoints.Map(endpoints);
        WorkerListEndpoints.Map(endpoints);
        EffectEndpoints.Map(endpoints);
        var admin = endpoints.MapGroup(string.Empty).RequireKey(KeyKind.Admin);
        foreach (var extension in endpoints.ServiceProvider.GetServices<AdminEndpoints>())
        {
            extension.Map(admin);
        }

        return endpoints;
    }
}
