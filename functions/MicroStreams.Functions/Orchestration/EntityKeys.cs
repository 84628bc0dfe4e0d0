using MicroStreams.Workers;
using Microsoft.DurableTask.Entities;

namespace MicroStreams.Functions.Orchestration;

/// <summary>
/// The entity id of a worker: entity name <see cref="EntityName"/> (one entity function hosts every processor) and
/// key <c>{processor}!{key}</c>, both escaped with <see cref="SafeId"/>. Replay generations other than 0 add
/// <c>!g{n}</c>, so a rebuild writes beside the live workers.
/// </summary>
public static class EntityKeys
{
    public const string EntityName = "ProcessorEntity";

    public static EntityInstanceId For(string processor, string key, long generation = 0) =>
        new(EntityName, generation == 0
            ? $"{SafeId.Escape(processor)}!{SafeId.Escape(key)}"
            : $"{SafeId.Escape(processor)}!{SafeId.Escape(key)}!g{generation}");

    public static EntityInstanceId For(WorkerId worker, long generation = 0) => For(worker.Processor, worker.Key, generation);

    /// <summary>The worker and generation an entity key names.</summary>
    public static (WorkerId Worker, long Generation) Parse(string entityKey)
    {
        ArgumentNullException.ThrowIfNull(entityKey);
        var parts = entityKey.Split('!');
        if (parts.Length is < 2 or > 3 || (parts.Length == 3 && !parts[2].StartsWith('g')))
        {
            throw new FormatException($"'{entityKey}' is not a worker entity key (processor!key[!gN])");
        }

        var generation = parts.Length == 3 ? long.Parse(parts[2].AsSpan(1), System.Globalization.CultureInfo.InvariantCulture) : 0;
        return (new WorkerId(SafeId.Unescape(parts[0]), SafeId.Unescape(parts[1])), generation);
    }
}
