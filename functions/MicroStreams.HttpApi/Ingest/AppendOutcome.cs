using MicroStreams.Http.Problems;

namespace MicroStreams.Http.Ingest;

/// <summary>What an <see cref="IEventSink"/> did with a request's events: appended them all, or none and why.</summary>
public sealed record AppendOutcome
{
    private AppendOutcome()
    {
    }

    /// <summary>Every event is durable.</summary>
    public IngestReceipt? Receipt { get; private init; }

    /// <summary>The events that are not valid (400 <c>bad-events</c>); nothing was appended.</summary>
    public IReadOnlyList<ProblemError>? Rejections { get; private init; }

    /// <summary>The log is busy (429); nothing, or for a sink that appends by key, part of the request was appended.</summary>
    public Throttle? Throttled { get; private init; }

    /// <summary>The log refused a send as too large (413).</summary>
    public string? TooLarge { get; private init; }

    public static AppendOutcome Appended(IngestReceipt receipt) => new() { Receipt = receipt };

    public static AppendOutcome Rejected(IReadOnlyList<ProblemError> rejections) => new() { Rejections = rejections };

    public static AppendOutcome Busy(Throttle throttle) => new() { Throttled = throttle };

    public static AppendOutcome Oversized(string detail) => new() { TooLarge = detail };
}
