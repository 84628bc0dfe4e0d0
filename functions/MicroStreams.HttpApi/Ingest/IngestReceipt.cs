using System.Text.Json.Serialization;

namespace MicroStreams.Http.Ingest;

/// <summary>
/// The answer to an accepted <c>POST /api/events</c>: how many events were appended, how many were duplicates, and each
/// event's position in the log (null where the log does not say, as Event Hubs on send); a host may add the events' ids.
/// </summary>
public sealed record IngestReceipt(int Accepted, int Duplicates, IReadOnlyList<IngestPosition?> Positions)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Ids { get; init; }
}
