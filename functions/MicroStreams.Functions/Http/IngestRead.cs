using MicroStreams.Events;

namespace MicroStreams.Functions.Http;

/// <summary>The events of an ingest request, or the status and problem that reject it whole (all-or-nothing).</summary>
public sealed record IngestRead(IReadOnlyList<StreamEvent> Events, int? FailureStatus, string? FailureDetail, IReadOnlyList<EventError> Errors)
{
    public bool Succeeded => FailureStatus is null;

    public static IngestRead Fail(int status, string detail, IReadOnlyList<EventError>? errors = null) => new([], status, detail, errors ?? []);
}
