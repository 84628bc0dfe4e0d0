using System.Text.Json;
using System.Text.Json.Serialization;

namespace MicroStreams.Cli.Bench;

/// <summary>One measured line: which workload on which target, with which durability, and what it did. Printed as one JSON line.</summary>
public sealed record BenchResult
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public required string Workload { get; init; }
    public required string Target { get; init; }
    public required string Durability { get; init; }
    public required long Events { get; init; }
    public required double Seconds { get; init; }

    /// <summary>The headline rate: events/s, or timer fires/s for W5.</summary>
    public required double Rate { get; init; }

    public required string Unit { get; init; }
    public double? BytesOnDiskPerEvent { get; init; }
    public double? CpuSecondsPerMillion { get; init; }
    public long? PeakRssBytes { get; init; }
    public long? Workers { get; init; }
    public string? Note { get; init; }

    /// <summary>Per-request latency, for the workloads that measure it (P1).</summary>
    public LatencySummary? Latency { get; init; }

    /// <summary>Rate the issue asks for on 2 cores; null when the line is a peer or a breakdown.</summary>
    public double? Goal { get; init; }

    /// <summary>The p99 latency the issue asks for, for latency workloads; null otherwise.</summary>
    public double? GoalP99Milliseconds { get; init; }

    public bool? MeetsGoal => (Goal, GoalP99Milliseconds, Latency) switch
    {
        (_, { } p99Goal, { } latency) => latency.P99Milliseconds < p99Goal,
        ({ } goal, _, _) => Rate >= goal,
        _ => null,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>A line written by <see cref="ToJson"/>; null when it is not one.</summary>
    public static BenchResult? FromJson(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<BenchResult>(line, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
