using MicroStreams.Examples;
using MicroStreams.Examples.Tenants;
using MicroStreams.Functions.Archive;
using MicroStreams.Functions.Configuration;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Effects;
using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Http;
using MicroStreams.Functions.Projections;
using MicroStreams.Functions.Replay;
using MicroStreams.Functions.Routing;
using MicroStreams.Functions.Tenants;
using MicroStreams.Http.Ingest;
using MicroStreams.Processors;
using MicroStreams.Projections;
using MicroStreams.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using MicroStreams.Replay;

namespace MicroStreams.Functions;

/// <summary>Registers the Functions app's services: the core router and processors, the glue, and the Azure clients.</summary>
public static class FunctionsServiceCollectionExtensions
{
    public static IServiceCollection AddMicroStreamsFunctions(this IServiceCollection services, IConfiguration configuration, IEnumerable<IProcessor>? processors = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = FunctionsSettings.From(configuration);
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new Router(processors ?? ExampleProcessors.All(sp.GetRequiredService<RefreshingTenantDirectory>())));
        services.AddSingleton<BatchPlanner>(sp => new BatchPlanner(sp.GetRequiredService<Router>()));
        services.AddSingleton<RouteHandler>();
        services.AddSingleton<ProcessorEntityCore>(sp => new ProcessorEntityCore(sp.GetRequiredService<Router>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(ShadowVariants.None);
        services.AddSingleton(sp => new WorkerRebuild(sp.GetRequiredService<Router>(), sp.GetRequiredService<ShadowVariants>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ArchiveBlobReader(sp.GetRequiredService<Azure.Storage.Blobs.BlobServiceClient>().GetBlobContainerClient(settings.ArchiveContainer)));
        services.AddSingleton<ReplayHandler>();

        services.AddSingleton(_ => AzureClients.CreateBlobService(configuration));
        services.AddSingleton(_ => AzureClients.CreateProducer(configuration, settings.EventHubName));
        services.AddSingleton<IDeadLetterStore>(sp => new BlobDeadLetterStore(sp.GetRequiredService<Azure.Storage.Blobs.BlobServiceClient>().GetBlobContainerClient(settings.DeadLetterContainer)));
        services.AddSingleton(sp => new ArchiveWriter(sp.GetRequiredService<Azure.Storage.Blobs.BlobServiceClient>().GetBlobContainerClient(settings.ArchiveContainer)));
        services.AddSingleton<IEventPublisher, EventHubPublisher>();
        services.AddSingleton(_ => AzureClients.CreateTableService(configuration));
        services.AddSingleton(sp => new TableProjectionStore(sp.GetRequiredService<Azure.Data.Tables.TableServiceClient>().GetTableClient));
        services.AddSingleton<IProjectionStore>(sp => sp.GetRequiredService<TableProjectionStore>());
        services.AddSingleton<IStampedProjectionWriter>(sp => sp.GetRequiredService<TableProjectionStore>());
        services.AddSingleton<IProjectionReader>(sp => sp.GetRequiredService<IProjectionStore>());
        AddTenants(services, configuration, settings);

        AddHttpPorts(services);
        services.AddHttpClient<IEffectSender, HttpEffectSender>(http => http.Timeout = TimeSpan.FromSeconds(30));
        return services;
    }

    /// <summary>The shared HTTP handlers and the ports over Event Hubs; the ports over Durable are made per call, with the function's Durable client.</summary>
    private static void AddHttpPorts(IServiceCollection services)
    {
        services.AddSingleton(new IngestLimits());
        services.AddSingleton(sp => new IngestApi(sp.GetRequiredService<IngestLimits>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IEventSink>(sp => new EventHubSink(
            sp.GetRequiredService<IEventPublisher>(), sp.GetRequiredService<IngestLimits>(), sp.GetRequiredService<TimeProvider>(), EventHubSink.DefaultRetryAfter));
    }

    /// <summary>The tenant store in Table storage and the refreshing directory the push processor reads.</summary>
    private static void AddTenants(IServiceCollection services, IConfiguration configuration, FunctionsSettings settings)
    {
        var options = new TenantDirectoryOptions();
        configuration.GetSection(TenantDirectoryOptions.SectionName).Bind(options);
        options.Validate();
        services.AddSingleton<ITenantStore>(sp => new TableTenantStore(sp.GetRequiredService<Azure.Data.Tables.TableServiceClient>().GetTableClient(settings.TenantTable)));

        // DI factories are synchronous, and the router's subscriptions need the stored tenants before the processor is
        // built: one Table query, once per instance, at the first resolution of the router.
        services.AddSingleton(sp => RefreshingTenantDirectory.StartAsync(
            sp.GetRequiredService<ITenantStore>(), options, sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger("MicroStreams.Tenants")).GetAwaiter().GetResult());
        services.AddSingleton(sp => new TenantAdmin(sp.GetRequiredService<ITenantStore>(), sp.GetRequiredService<RefreshingTenantDirectory>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<TenantsApi>();
    }
}
