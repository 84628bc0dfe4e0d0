using System.Text.Json;

namespace MicroStreams.Http.OpenApi.Contracts;

internal sealed record ProjectionList(IReadOnlyList<ProjectionSummary> Projections);

internal sealed record ProjectionSummary(string Name, long Version, long Rows, IReadOnlyList<string> Processors);

/// <summary>A page of rows in key order; <c>nextAfter</c> is the key to pass as <c>after</c> for the next page, null on the last.</summary>
internal sealed record ProjectionRowsPage(string Projection, IReadOnlyList<ProjectionRowDocument> Rows, string? NextAfter);

internal sealed record ProjectionRowDocument(string Key, DateTimeOffset UpdatedAt, JsonElement Document);
