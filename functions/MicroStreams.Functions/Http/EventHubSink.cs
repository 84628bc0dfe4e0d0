using Azure.Messaging.EventHubs;
using MicroStreams.Events;
using MicroStreams.Http.Ingest;
using MicroStreams.Http.Problems;

namespace MicroStreams.Functions.Http;

/// <summary>
/// The ingest port over Event Hubs: validates every event with the core <see cref="CloudEventReader"/>, then appends
/// them by routing key. Event Hubs returns no sequence numbers on send, so every position is null, nothing is
/// deduplicated, and the receipt names the events' ids; it throttles with a 429 asking for <paramref name="retryAfter"/>
/// (throughput units are measured per second; the SDK has already retried with its own back-off).
/// </summary>
public sealed class EventHubSink(IEventPublisher publisher, IngestLimits limits, TimeProvider time, TimeSpan retryAfter) : IEventSink
{
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>Event Hubs pushes back on send, not before: there is no backlog to read here.</summary>
    public Throttle? Pressure() => null;

    public async Task<AppendOutcome> AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var valid = new List<StreamEvent>(events.Count);
        var errors = new List<ProblemError>();
        var now = time.GetUtcNow();
        for (var i = 0; i < events.Count; i++)
        {
            var read = CloudEventReader.Read(events[i], default, now, new EventLimits { MaxEventBytes = limits.MaxEventBytes });
            if (read.IsValid)
            {
                valid.Add(read.Event);
            }
            else
            {
                errors.Add(new ProblemError(i, read.Rejection.Field, read.Rejection.Reason));
            }
        }

        if (errors.Count > 0)
        {
            return AppendOutcome.Rejected(errors);
        }

        try
        {
            await publisher.PublishAsync(valid, cancellationToken);
        }
        catch (EventHubsException ex) when (ex.Reason is EventHubsException.FailureReason.ServiceBusy or EventHubsException.FailureReason.QuotaExceeded)
        {
            // The client's retry is safe: workers skip positions they applied.
            return AppendOutcome.Busy(new Throttle(retryAfter,
                $"the event hub is throttling ({ex.Reason}); retry after {Math.Ceiling(retryAfter.TotalSeconds):0} s (events of other routing keys in this request may already be appended)"));
        }
        catch (EventHubsException ex) when (ex.Reason == EventHubsException.FailureReason.MessageSizeExceeded)
        {
            return AppendOutcome.Oversized($"the event hub refused a send as too large: {ex.Message}");
        }

        return AppendOutcome.Appended(new IngestReceipt(valid.Count, 0, new IngestPosition?[valid.Count]) { Ids = [.. valid.Select(e => e.Id)] });
    }

    /// <summary>The Functions host has no ingest meters of its own: Application Insights counts the requests.</summary>
    public void Refused(int events)
    {
    }
}
