using MicroStreams.Embedded;

namespace MicroStreams.Cli.Bench;

/// <summary>What <c>microstreams bench</c> was asked to run.</summary>
public sealed record BenchSettings(
    IReadOnlyList<string> Workloads,
    long Events,
    int Users,
    int BatchSize,
    int Producers,
    IReadOnlyList<string> Peers,
    IReadOnlyList<Durability> Durabilities,
    string WorkFolder)
{
    /// <summary>How long the latency workload offers each rate.</summary>
    public double LatencySeconds { get; init; } = 30;
}
