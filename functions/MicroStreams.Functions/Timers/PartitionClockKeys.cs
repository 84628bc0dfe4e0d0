using System.Globalization;
using Microsoft.DurableTask.Entities;

namespace MicroStreams.Functions.Timers;

/// <summary>The entity id of a partition's clock: one per Event Hubs partition of the live generation.</summary>
public static class PartitionClockKeys
{
    public const string EntityName = "PartitionClock";

    public static EntityInstanceId For(int partition) => new(EntityName, partition.ToString(CultureInfo.InvariantCulture));
}
