using MicroStreams.Embedded.Log;
using MicroStreams.Events;

namespace MicroStreams.Embedded;

/// <summary>
/// The outcome of an all-or-nothing ingest: either every event was appended durably (duplicates of recent events
/// dropped), or none was and <see cref="Rejections"/> says which events are wrong and why.
/// </summary>
public sealed record IngestResult(AppendReceipt? Receipt, IReadOnlyList<(int Index, EventRejection Rejection)> Rejections)
{
    public bool Accepted => Receipt is not null;
}
