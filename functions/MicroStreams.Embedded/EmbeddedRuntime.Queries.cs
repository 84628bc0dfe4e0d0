using MicroStreams.DeadLetters;
using MicroStreams.Events;
using MicroStreams.Routing;
using MicroStreams.Workers;

namespace MicroStreams.Embedded;

/// <summary>Read-side queries for hosts that show the runtime to people (the <c>serve</c> API and dashboard, metrics).</summary>
public sealed partial class EmbeddedRuntime
{
    /// <summary>
    /// Each partition's head, checkpoint, and lag in events and in time on the runtime's clock, with its armed timers
    /// counted from the workers' own timers (the in-memory queue also holds replaced ones until they surface).
    /// </summary>
    public async Task<IReadOnlyList<PartitionLag>> PartitionLagsAsync(CancellationToken cancellationToken = default)
    {
        var lags = new List<PartitionLag>(_consumers.Length);
        foreach (var c in _consumers)
        {
            var (armed, next) = await c.InspectAsync(ArmedTimersOf, cancellationToken);
            lags.Add(LagOf(c, armed, next));
        }

        return lags;
    }

    /// <summary>Like <see cref="PartitionLagsAsync"/> without waiting for the consumers: the timer counts are the queue's, an upper bound.</summary>
    public IReadOnlyList<PartitionLag> PartitionLags() => [.. _consumers.Select(c => LagOf(c, c.ArmedTimerEntries, c.NextTimerDue))];

    private PartitionLag LagOf(Consumers.PartitionConsumer c, int armed, DateTimeOffset? next)
    {
        var now = Time.GetUtcNow();
        var checkpoint = c.Checkpoint;
        var head = Log.Head(c.Partition);
        var oldest = head > checkpoint ? Log.OldestAppendedAfter(c.Partition, checkpoint) : null;
        var lagTime = oldest is { } at && now > at ? now - at : TimeSpan.Zero;
        return new PartitionLag(c.Partition, head, checkpoint, oldest, lagTime, armed, next);
    }

    private static (int Armed, DateTimeOffset? Next) ArmedTimersOf(IReadOnlyDictionary<WorkerId, Worker> workers)
    {
        var armed = 0;
        DateTimeOffset? next = null;
        foreach (var worker in workers.Values)
        {
            if (worker.Timers is not { Count: > 0 } timers)
            {
                continue;
            }

            armed += timers.Count;
            var earliest = timers.Earliest().Due;
            if (next is null || earliest < next)
            {
                next = earliest;
            }
        }

        return (armed, next);
    }

    /// <summary>Events not yet applied, summed over partitions: what backpressure is measured against.</summary>
    public long Backlog() => _consumers.Sum(c => Math.Max(0, Log.Head(c.Partition) - c.Checkpoint));

    /// <summary>Timer entries armed in memory over all partitions (an upper bound: replaced timers leave lazily).</summary>
    public long ArmedTimers() => _consumers.Sum(c => (long)c.ArmedTimerEntries);

    /// <summary>The worker's effects from the outbox, newest first, with their delivery status.</summary>
    public IReadOnlyList<EffectView> EffectsOf(WorkerId worker, int limit = 50) => _store.Outbox.Reads.EffectsOf(worker, Math.Clamp(limit, 1, 1000));

    /// <summary>Effects per processor and delivery status.</summary>
    public IReadOnlyDictionary<(string Processor, EffectStatus Status), long> EffectCounts() => _store.Outbox.Reads.Counts();

    /// <summary>Dead letters per kind and status.</summary>
    public IReadOnlyDictionary<(DeadLetterKind Kind, DeadLetterStatus Status), long> DeadLetterCounts() => _store.DeadLetters.Reads.Counts();

    public DeadLetter? FindDeadLetter(long id) => _store.DeadLetters.Reads.ById(id);

    /// <summary>
    /// Redrives every worker that has a pending dead letter matching <paramref name="filter"/>. Each worker's letters
    /// are redriven together, in order (per-key order forbids picking one); letters that name no worker are skipped.
    /// </summary>
    public async Task<RedriveSummary> RedriveWhereAsync(DeadLetterQuery filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var workers = new HashSet<WorkerId>();
        var skipped = 0;
        long? before = null;
        while (true)
        {
            var page = DeadLetters(filter with { Status = DeadLetterStatus.Pending, BeforeId = before, Limit = 1000 });
            foreach (var letter in page)
            {
                if (letter.Processor is { } processor && letter.Key is { } key)
                {
                    workers.Add(new WorkerId(processor, key));
                }
                else
                {
                    skipped++;
                }
            }

            if (page.Count < 1000)
            {
                break;
            }

            before = page[^1].Id;
        }

        var redriven = 0;
        foreach (var worker in workers)
        {
            redriven += await RedriveAsync(worker, cancellationToken);
        }

        return new RedriveSummary(workers.Count, redriven, skipped);
    }
}
