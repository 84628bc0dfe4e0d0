using Azure.Data.Tables;
using Azure.Storage.Blobs;
using MicroStreams.Effects;
using MicroStreams.Functions;
using MicroStreams.Functions.Archive;
using MicroStreams.Functions.Configuration;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Effects;
using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Http;
using MicroStreams.Functions.Projections;
using MicroStreams.Functions.Replay;
using MicroStreams.Functions.Routing;
using MicroStreams.Functions.Telemetry;
using MicroStreams.Hosting;
using MicroStreams.Http.Ingest;
using MicroStreams.Projections;
using MicroStreams.Replay;
using MicroStreams.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>MicroStreams in an Azure Functions app (isolated worker): <c>builder.Services.AddMicroStreams(builder.Configuration).AddProcessor&lt;MyProcessor&gt;()</c>.</summary>
public static class FunctionsServiceCollectionExtensions
{
    /// <summary>The HTTP client name of the built-in <c>webhook</c> sender (30 s timeout); configure it with <c>AddHttpClient(name)</c>.</summary>
    public const string WebhookHttpClient = "MicroStreams.Webhook";

    /// <summary>
    /// Registers what the library's functions need (the router and processor entity over the processors you register, the
    /// Azure clients, the stores, the HTTP handlers) and the <c>webhook</c> channel; the app settings are read from
    /// <paramref name="configuration"/> (names in <see cref="SettingNames"/>) and checked when the worker starts. The
    /// MicroStreams spans and instruments are exported through OpenTelemetry when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or
    /// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (docs/telemetry.md).
    /// </summary>
    public static IMicroStreamsBuilder AddMicroStreams(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = FunctionsSettings.From(configuration);
        var builder = new MicroStreamsFunctionsBuilder(services);
        services.AddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<FunctionsMetrics>();
        FunctionsTelemetry.Add(services, configuration);
        services.AddHostedService(sp => new StartupCheck(configuration, settings, sp.GetRequiredService<ProcessorCatalog>()));
        services.AddSingleton(sp => new Router(sp.GetRequiredService<ProcessorCatalog>().Processors));
        services.AddSingleton<BatchPlanner>(sp => new BatchPlanner(sp.GetRequiredService<Router>()));
        services.AddSingleton<RouteHandler>();
        services.AddSingleton<ProcessorEntityCore>(sp => new ProcessorEntityCore(sp.GetRequiredService<Router>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(ShadowVariants.None);
        services.AddSingleton(sp => new WorkerRebuild(sp.GetRequiredService<Router>(), sp.GetRequiredService<ShadowVariants>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ArchiveBlobReader(sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(settings.ArchiveContainer)));
        services.AddSingleton<ReplayHandler>();

        services.AddSingleton(_ => AzureClients.CreateBlobService(configuration));
        services.AddSingleton(_ => AzureClients.CreateProducer(configuration, settings.EventHubName));
        services.AddSingleton<IDeadLetterStore>(sp => new BlobDeadLetterStore(sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(settings.DeadLetterContainer)));
        services.AddSingleton(sp => new ArchiveWriter(sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(settings.ArchiveContainer)));
        services.AddSingleton<IEventPublisher, EventHubPublisher>();
        services.AddSingleton(_ => AzureClients.CreateTableService(configuration));
        services.AddSingleton(sp => new TableProjectionStore(sp.GetRequiredService<TableServiceClient>().GetTableClient));
        services.AddSingleton<IProjectionStore>(sp => sp.GetRequiredService<TableProjectionStore>());
        services.AddSingleton<IStampedProjectionWriter>(sp => sp.GetRequiredService<TableProjectionStore>());
        services.AddSingleton<IProjectionReader>(sp => sp.GetRequiredService<IProjectionStore>());
        AddHttpPorts(services);

        services.AddSingleton<EffectDelivery>();
        services.AddHttpClient(WebhookHttpClient, http => http.Timeout = TimeSpan.FromSeconds(30));
        builder.AddEffectChannel(WebhookSender.ChannelName, sp => new WebhookSender(sp.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookHttpClient)));
        return builder;
    }

    /// <summary>The shared HTTP handlers and the ports over Event Hubs; the ports over Durable are made per call, with the function's Durable client.</summary>
    private static void AddHttpPorts(IServiceCollection services)
    {
        services.AddSingleton(new IngestLimits());
        services.AddSingleton(sp => new IngestApi(sp.GetRequiredService<IngestLimits>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IEventSink>(sp => new EventHubSink(
            sp.GetRequiredService<IEventPublisher>(), sp.GetRequiredService<IngestLimits>(), sp.GetRequiredService<TimeProvider>(), EventHubSink.DefaultRetryAfter));
    }
}
