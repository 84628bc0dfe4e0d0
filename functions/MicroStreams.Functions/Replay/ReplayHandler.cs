using System.Globalization;
using Azure.Messaging.EventHubs.Producer;
using MicroStreams.Functions.Archive;
using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Projections;
using MicroStreams.Processors;
using MicroStreams.Routing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;
using MicroStreams.Replay;

namespace MicroStreams.Functions.Replay;

/// <summary>The replay activities' work, free of bindings: plan, read and plan an archive page, list worker entities, switch projection versions.</summary>
public sealed class ReplayHandler(Router router, ShadowVariants shadows, ArchiveBlobReader archive, EventHubProducerClient producer, TableProjectionStore projections, TimeProvider time)
{
    public const int ListPageSize = 100;

    /// <summary>The hub's partitions with their last sequence (progress targets), and fresh projection versions for a whole-processor rebuild.</summary>
    public async Task<ReplayPlan> PlanAsync(ReplayPlanRequest plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var processor = Find(plan.Request.Processor);
        var partitions = new List<PartitionTarget>();
        foreach (var id in await producer.GetPartitionIdsAsync(cancellationToken))
        {
            var properties = await producer.GetPartitionPropertiesAsync(id, cancellationToken);
            partitions.Add(new PartitionTarget(int.Parse(id, NumberStyles.None, CultureInfo.InvariantCulture), properties.IsEmpty ? -1 : properties.LastEnqueuedSequenceNumber));
        }

        if (plan.Request.Shadow || !string.IsNullOrEmpty(plan.Request.KeyPrefix))
        {
            return new ReplayPlan(partitions, null);
        }

        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var projection in processor.Spec.Projections)
        {
            versions[projection] = await projections.FreshVersionAsync(projection, cancellationToken);
        }

        return new ReplayPlan(partitions, versions);
    }

    public async Task<ArchivePage> ReadPageAsync(ArchivePageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var live = Find(page.Request.Processor);
        var code = page.Request.Shadow ? shadows.Find(live.Spec.Name) ?? live : live;
        var (records, end) = await archive.ReadAsync(page.Partition, page.After, page.MaxRecords, cancellationToken);
        var (keys, watermark) = ArchivePagePlanner.Plan(records, code, live, page.Request, page.Watermark);
        return new ArchivePage(page.Partition, keys, records.Count > 0 ? records[^1].Sequence : page.After, watermark, records.Count, end);
    }

    /// <summary>One page of the processor's worker entities whose key starts with the prefix, every generation (ids <c>processor!key[!gN]</c>).</summary>
    public static async Task<WorkerListPage> ListWorkersAsync(DurableTaskClient client, WorkerListRequest list, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(list);
        var prefix = new EntityInstanceId(EntityKeys.EntityName, $"{SafeId.Escape(list.Processor)}!{SafeId.Escape(list.KeyPrefix ?? string.Empty)}").ToString();
        var query = new EntityQuery { InstanceIdStartsWith = prefix, IncludeState = false, PageSize = ListPageSize, ContinuationToken = list.ContinuationToken };
        await foreach (var page in client.Entities.GetAllEntitiesAsync<ProcessorEntityState>(query).AsPages(list.ContinuationToken, ListPageSize).WithCancellation(cancellationToken))
        {
            return new WorkerListPage([.. page.Values.Select(e => e.Id.Key)], page.ContinuationToken);
        }

        return new WorkerListPage([], null);
    }

    public async Task SwitchProjectionsAsync(IReadOnlyDictionary<string, long> versions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(versions);
        foreach (var (projection, version) in versions)
        {
            await projections.SwitchVersionAsync(projection, version, time.GetUtcNow(), cancellationToken);
        }
    }

    private IProcessor Find(string processor) =>
        router.Find(processor) ?? throw new InvalidOperationException($"no processor named '{processor}' is registered in this app");
}
