using System.Text.Json;
using MicroStreams.DeadLetters;

namespace MicroStreams.Http.OpenApi.Contracts;

internal sealed record DeadLetterSummary(long Id, DeadLetterKind Kind, DeadLetterStatus Status, int Partition, long Sequence, string? Processor, string? Key, string? EventId, string? EventType, string Reason, int Attempts, DateTimeOffset CreatedAt);

internal sealed record DeadLetterDetail(long Id, DeadLetterKind Kind, DeadLetterStatus Status, int Partition, long Sequence, string? Processor, string? Key, string? EventId, string? EventType, string Reason, int Attempts, DateTimeOffset CreatedAt, JsonElement Raw);

/// <summary>A page of dead letters, newest first; <c>next</c> is the link to the following page, null on the last.</summary>
internal sealed record DeadLetterPage(IReadOnlyList<DeadLetterSummary> Items, string? Next);

internal sealed record DeadLetterDiscarded(long Id, DeadLetterStatus Status);
