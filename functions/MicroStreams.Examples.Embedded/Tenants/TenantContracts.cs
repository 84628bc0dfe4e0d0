using MicroStreams.Examples.Push;
using MicroStreams.Examples.Tenants;

namespace MicroStreams.Examples.Embedded.Tenants;

internal sealed record TenantListing(IReadOnlyList<TenantDestinations> Tenants, IReadOnlyList<string> SubscribedEventTypes, TimeSpan RefreshInterval, DateTimeOffset RefreshedAt);

/// <summary>A stored tenant, with the event types its destinations name that the push processor does not subscribe to.</summary>
internal sealed record TenantStored(string Tenant, IReadOnlyList<Destination> Destinations, DateTimeOffset UpdatedAt, IReadOnlyList<string> UnsubscribedEventTypes);

/// <summary>What <c>PUT /api/tenants/{tenant}</c> takes.</summary>
internal sealed record TenantConfiguration(IReadOnlyList<DestinationConfiguration> Destinations);

/// <summary>One destination; <c>maxBatchSize</c>, <c>flushInterval</c> and <c>maxAge</c> take their defaults when absent.</summary>
internal sealed record DestinationConfiguration(string Name, Uri Url, IReadOnlyList<string> EventTypes, int? MaxBatchSize, TimeSpan? FlushInterval, TimeSpan? MaxAge);
