namespace MicroStreams.Examples.Push;

/// <summary>
/// A row of <c>delivery_status</c>, keyed <c>tenant#destination#partition</c>: what one push worker (a tenant's share of a
/// partition) forwarded to one destination. Scan the prefix <c>tenant#destination#</c> for the whole destination.
/// </summary>
public sealed record DeliveryStatusRow(string Tenant, string Destination, int Partition, long Forwarded, long Batches, int Pending, DateTimeOffset UpdatedAt);
