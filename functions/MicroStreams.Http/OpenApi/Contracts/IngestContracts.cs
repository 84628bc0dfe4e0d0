using System.Text.Json;
using System.Text.Json.Serialization;

namespace MicroStreams.Http.OpenApi.Contracts;

/// <summary>
/// A structured-mode CloudEvent (1.0). Extension attributes (lowercase letters and digits) may be added, among them
/// the distributed-tracing extension's <c>traceparent</c> and <c>tracestate</c>, which the trace of its processing joins.
/// </summary>
internal sealed record CloudEvent(
    string Specversion, string Id, string Source, string Type, string? Subject, string? Partitionkey, DateTimeOffset? Time,
    string? Datacontenttype, string? Dataschema, JsonElement? Data,
    [property: JsonPropertyName("data_base64")] string? DataBase64, string? Traceparent, string? Tracestate);

/// <summary>One Segment/RudderStack call (track, identify, page, screen, group, alias).</summary>
internal sealed record SegmentMessage(
    string? Type, string? Event, string? UserId, string? AnonymousId, string? MessageId, DateTimeOffset? Timestamp,
    JsonElement? Properties, JsonElement? Traits, JsonElement? Context);

/// <summary>A Segment <c>/v1/batch</c> body.</summary>
internal sealed record SegmentBatch(IReadOnlyList<SegmentMessage> Batch, DateTimeOffset? SentAt, string? WriteKey);

internal sealed record SegmentAck(bool Success, int Accepted, int Duplicates);
