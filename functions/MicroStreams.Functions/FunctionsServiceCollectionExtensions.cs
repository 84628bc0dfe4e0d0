using MicroStreams.Examples;
using MicroStreams.Examples.Push;
using MicroStreams.Functions.Archive;
using MicroStreams.Functions.Configuration;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Effects;
using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Http;
using MicroStreams.Functions.Projections;
using MicroStreams.Functions.Replay;
using MicroStreams.Functions.Routing;
using MicroStreams.Processors;
using MicroStreams.Projections;
using MicroStreams.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        services.AddSingleton(new Router(processors ?? ExampleProcessors.All(new StaticTenantDirectory(new Dictionary<string, IReadOnlyList<Destination>>()))));
        services.AddSingleton<BatchPlanner>(sp => new BatchPlanner(sp.GetRequiredService<Router>()));
        services.AddSingleton<RouteHandler>();
        services.AddSingleton<ProcessorEntityCore>(sp => new ProcessorEntityCore(sp.GetRequiredService<Router>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(ShadowVariants.None);
        services.AddSingleton(sp => new WorkerRebuild(sp.GetRequiredService<Router>(), sp.GetRequiredService<ShadowVariants>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ArchiveBlobReader(sp.GetRequiredService<Azure.Storage.Blobs.BlobServiceClient>().GetBlobContainerClient(settings.ArchiveContainer)));
        services.AddSingleton<ReplayHandler>();
        services.AddSingleton<ReplaysApi>();

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
        services.AddSingleton<ProjectionsApi>();

        services.AddSingleton(new IngestLimits());
        services.AddSingleton<IngestRequestReader>();
        services.AddSingleton<EventsApi>();
        services.AddSingleton<WorkersApi>();
        services.AddSingleton<DeadLettersApi>();
        services.AddHttpClient<IEffectSender, HttpEffectSender>(http => http.Timeout = TimeSpan.FromSeconds(30));
        return services;
    }
}
