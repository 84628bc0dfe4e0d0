using System.Text.Json;

namespace MicroStreams.Examples.Push;

/// <summary>Events waiting to be forwarded, one virtual queue per destination.</summary>
public sealed record PushState(Dictionary<string, List<JsonElement>> Pending, long Forwarded, long Batches);
