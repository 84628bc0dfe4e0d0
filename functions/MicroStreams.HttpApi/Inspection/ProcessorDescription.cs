using System.Text.Json.Serialization;

namespace MicroStreams.Http.Inspection;

/// <summary>A registered processor as <c>/api/processors</c> shows it, with its counts where the host keeps them.</summary>
public sealed record ProcessorDescription(string Name, int Version, IReadOnlyList<string> Subscribes, IReadOnlyList<string>? ActivatedBy)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public WorkerCounts? Workers { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EffectCounts? Effects { get; init; }
}
