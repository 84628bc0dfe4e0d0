using MicroStreams.Functions.Routing;
using MicroStreams.Replay;

namespace MicroStreams.Functions.Replay;

/// <summary>Input of the archive-reading activity: one page of one partition after <paramref name="After"/>, planned for one processor.</summary>
/// <param name="Watermark">The latest event time read from this partition so far; timers due by it fire before the next event.</param>
public sealed record ArchivePageRequest(ReplayRequest Request, int Partition, long After, DateTimeOffset Watermark, int MaxRecords);

/// <summary>
/// One page of archived history, planned per worker key of the replayed processor: the last position read, the partition's
/// event-time watermark after it, how many records it read, and whether it reached the end of what is archived.
/// </summary>
public sealed record ArchivePage(int Partition, IReadOnlyList<ReplayKeyBatch> Keys, long Position, DateTimeOffset Watermark, int RecordsRead, bool End);

/// <summary>
/// The events of one page that reach one worker, in log order, each with the time up to which that worker's timers fire
/// before the event is applied (the partition's event-time watermark when it was read).
/// </summary>
public sealed record ReplayKeyBatch(string Key, IReadOnlyList<LogEvent> Events, IReadOnlyList<DateTimeOffset> FireUpTo);
