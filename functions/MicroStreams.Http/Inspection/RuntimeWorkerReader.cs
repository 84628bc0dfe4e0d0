using System.Text.Json;
using MicroStreams.Embedded;
using MicroStreams.Embedded.Inspection;
using MicroStreams.Http.DeadLetters;
using MicroStreams.Workers;

namespace MicroStreams.Http.Inspection;

/// <summary>The inspection port over the embedded runtime: counts from its store, a worker with its recent events (from the timeline index), effects and dead letters.</summary>
internal sealed class RuntimeWorkerReader(EmbeddedRuntime runtime, RecentEventIndex recentEvents) : IWorkerReader
{
    private const int Recent = 50;

    public async Task<ProcessorCounts?> CountAsync(CancellationToken cancellationToken)
    {
        var workers = await runtime.CountWorkersAsync(cancellationToken);
        var effects = runtime.EffectCounts();
        var names = runtime.Router.Processors.Select(p => p.Spec.Name).ToList();
        return new ProcessorCounts(
            names.ToDictionary(name => name, name => new WorkerCounts(
                workers.GetValueOrDefault((name, WorkerStatus.Active)), workers.GetValueOrDefault((name, WorkerStatus.Retired)), workers.GetValueOrDefault((name, WorkerStatus.Quarantined)))),
            names.ToDictionary(name => name, name => new EffectCounts(
                effects.GetValueOrDefault((name, EffectStatus.Pending)), effects.GetValueOrDefault((name, EffectStatus.Delivered)), effects.GetValueOrDefault((name, EffectStatus.Undeliverable)))));
    }

    public async Task<WorkerInspection?> GetAsync(string processor, string key, CancellationToken cancellationToken)
    {
        var id = new WorkerId(processor, key);
        if (await runtime.GetWorkerAsync(id, cancellationToken) is not { } worker)
        {
            return null;
        }

        var upTo = worker.Watermarks.FirstOrDefault(w => w.Partition == worker.Partition).Sequence;
        return new WorkerInspection(
            worker.Processor, worker.Key, worker.Partition, worker.Status, worker.State,
            [.. worker.Timers.Select(t => new WorkerTimer(t.Name, t.Due))],
            [.. worker.Watermarks.Select(w => new WorkerWatermark(w.Partition, w.Sequence))],
            worker.EventsApplied, worker.EffectsSent, worker.TimersFired, worker.ActivatedAt, worker.LastChangedAt, worker.QuarantineReason)
        {
            RecentEvents = [.. recentEvents.RecentEventsOf(id, worker.Partition, upTo, limit: Recent).Select(e =>
                new WorkerRecentEvent(e.Position.Partition, e.Position.Sequence, e.Id, e.Source, e.Type, e.Time, e.AppendedAt, StoredJson.Show(e.Raw)))],
            Effects = [.. runtime.EffectsOf(id).Select(e => new WorkerEffectView(
                e.Id, e.Channel, e.Target, JsonNamingPolicy.CamelCase.ConvertName(e.Status.ToString()), e.Attempts, e.CreatedAt, e.DeliveredAt, e.LastError, StoredJson.Show(e.Payload)))],
            DeadLetters = [.. runtime.DeadLetters(new DeadLetterQuery { Processor = processor, Key = key, Limit = Recent }).Select(RuntimeDeadLetterDesk.Item)],
        };
    }
}
