using System.Text.Json;
using System.Text.Json.Serialization;
using MicroStreams.Examples.Push;

namespace MicroStreams.Examples.Tenants;

/// <summary>
/// The JSON of tenant configuration, one shape for both stores and both HTTP hosts: destinations as
/// <c>{"name","url","eventTypes","maxBatchSize","flushInterval","maxAge"}</c>, durations as .NET TimeSpans (<c>00:00:10</c>).
/// </summary>
public static class TenantJson
{
    public static string SerializeDestinations(IReadOnlyList<Destination> destinations) =>
        JsonSerializer.Serialize([.. destinations], TenantJsonContext.Default.DestinationArray);

    public static IReadOnlyList<Destination> DeserializeDestinations(string json) =>
        [.. (JsonSerializer.Deserialize(json, TenantJsonContext.Default.DestinationDocumentArray) ?? []).Select(d => d!.ToDestination())];

    public static byte[] Tenant(TenantDestinations tenant) => JsonSerializer.SerializeToUtf8Bytes(tenant, TenantJsonContext.Default.TenantDestinations);

    internal static byte[] Of<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);

    /// <summary>Reads a PUT body strictly: an unknown property (a typo like <c>batchSize</c>) is an error, not a silent default.</summary>
    internal static TenantBody? ReadBody(ReadOnlySpan<byte> body) => JsonSerializer.Deserialize(body, TenantRequestJsonContext.Default.TenantBody);
}

/// <summary>The body of <c>PUT /api/tenants/{tenant}</c>.</summary>
internal sealed record TenantBody(IReadOnlyList<DestinationDocument?>? Destinations);

/// <summary>
/// A destination as JSON reads it. Not <see cref="Destination"/> itself: the source generator sets every init-only
/// property a constructor-built record has, so an absent <c>maxAge</c> would read as zero instead of the default.
/// </summary>
internal sealed record DestinationDocument(string? Name, string? Url, IReadOnlyList<string>? EventTypes, int? MaxBatchSize, TimeSpan? FlushInterval, TimeSpan? MaxAge)
{
    /// <summary>The destination, with the record's defaults for what is absent; null fields stay null for the rules to name.</summary>
    public Destination ToDestination()
    {
        var destination = new Destination(Name!, Url!, EventTypes!);
        return destination with
        {
            MaxBatchSize = MaxBatchSize ?? destination.MaxBatchSize,
            FlushInterval = FlushInterval ?? destination.FlushInterval,
            MaxAge = MaxAge ?? destination.MaxAge,
        };
    }
}

/// <summary>The answer of <c>GET /api/tenants</c>: the stored tenants and how this instance caches them.</summary>
internal sealed record TenantList(IReadOnlyList<TenantDestinations> Tenants, IReadOnlyCollection<string> SubscribedEventTypes, TimeSpan RefreshInterval, DateTimeOffset RefreshedAt);

/// <summary>The answer of a PUT: the stored tenant, and the event types it uses that push will only receive after a restart.</summary>
internal sealed record TenantSaved(string Tenant, IReadOnlyList<Destination> Destinations, DateTimeOffset UpdatedAt, IReadOnlyList<string> UnsubscribedEventTypes);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Destination[]))]
[JsonSerializable(typeof(DestinationDocument[]))]
[JsonSerializable(typeof(TenantDestinations))]
[JsonSerializable(typeof(TenantList))]
[JsonSerializable(typeof(TenantSaved))]
internal sealed partial class TenantJsonContext : JsonSerializerContext;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(TenantBody))]
internal sealed partial class TenantRequestJsonContext : JsonSerializerContext;
