namespace MicroStreams.Embedded.Dashboard;

/// <summary>
/// Which of the latest events to show: an exact type and subject when given, one partition or all. Each partition is
/// read backwards from its head for at most <see cref="ScanLimit"/> records, so a rare filter costs a bounded read; a
/// live view passes the heads it last saw as <see cref="After"/>, so each poll reads only what was appended since.
/// </summary>
public sealed record EventStreamQuery
{
    public string? Type { get; init; }
    public string? Subject { get; init; }
    public int? Partition { get; init; }
    public int Limit { get; init; } = 50;
    public int ScanLimit { get; init; } = 10_000;

    /// <summary>Per partition, the sequence a previous read reached (its <see cref="EventStreamPage.Heads"/>): only newer events are read.</summary>
    public IReadOnlyDictionary<int, long>? After { get; init; }
}
