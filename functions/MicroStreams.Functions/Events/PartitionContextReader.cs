using System.Globalization;
using System.Text.Json;

namespace MicroStreams.Functions.Events;

/// <summary>
/// Reads the partition id from the Event Hubs trigger's <c>partitionContext</c> binding data, a JSON object with a
/// <c>PartitionId</c> member (docs/azure-notes.md, "Event Hubs trigger metadata": <see cref="Azure.Messaging.EventHubs.EventData"/> does not carry it).
/// </summary>
public static class PartitionContextReader
{
    /// <summary>The partition id, or null when the binding data is missing or has no numeric <c>PartitionId</c>.</summary>
    public static int? TryReadPartition(string? partitionContextJson)
    {
        if (string.IsNullOrWhiteSpace(partitionContextJson))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(partitionContextJson);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (!property.NameEquals("PartitionId") && !string.Equals(property.Name, "partitionId", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                return property.Value.ValueKind switch
                {
                    JsonValueKind.String when int.TryParse(property.Value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var p) => p,
                    JsonValueKind.Number when property.Value.TryGetInt32(out var n) && n >= 0 => n,
                    _ => null,
                };
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }
}
