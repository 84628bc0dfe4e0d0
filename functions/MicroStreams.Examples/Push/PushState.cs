using System.Text.Json;

namespace MicroStreams.Examples.Push;

/// <summary>
/// Events waiting to be forwarded, one virtual queue per destination, with totals and the counts per destination
/// (null in states written before delivery status was projected).
/// </summary>
public sealed record PushState(Dictionary<string, List<JsonElement>> Pending, long Forwarded, long Batches, Dictionary<string, DestinationCounts>? PerDestination = null);
