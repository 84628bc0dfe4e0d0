namespace MicroStreams.Embedded.Dashboard;

/// <summary>Which effects to list, newest first; <see cref="Before"/> is the cursor a previous page ended at.</summary>
public sealed record EffectQuery
{
    public EffectState? State { get; init; }
    public string? Processor { get; init; }
    public string? Target { get; init; }
    public long? Before { get; init; }
    public int Limit { get; init; } = 50;
}
