using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MicroStreams.DeadLetters;
using MicroStreams.Processors;
using MicroStreams.Workers;

namespace MicroStreams.Functions.Tests.Conformance;

/// <summary>
/// What one path ended with, in a form every host can be compared in: each worker's record (everything but its
/// generation), the effects decided (id and payload), the dead letters (kind, key, position of an event, reason) and the
/// projection rows.
/// </summary>
internal sealed class Observation(string path)
{
    public string Path { get; } = path;
    public SortedDictionary<string, string> Workers { get; } = new(StringComparer.Ordinal);
    public List<string> Effects { get; } = [];

    /// <summary>Only a count where the path does not expose what it suppressed.</summary>
    public int? EffectCount { get; set; }
    public List<string> DeadLetters { get; } = [];
    public SortedDictionary<string, string> Rows { get; } = new(StringComparer.Ordinal);

    public void Add(Worker worker, IProcessor processor) => Workers[worker.Id.Key] = Canonical(worker, processor);

    public void AddEffect(string id, string payload) => Effects.Add($"{id} {payload}");

    public void AddDeadLetter(DeadLetterKind kind, string? key, long? sequence, string reason) =>
        DeadLetters.Add($"{kind} {key} {(kind == DeadLetterKind.TimerFailed ? "-" : sequence?.ToString(CultureInfo.InvariantCulture))}: {reason}");

    public static string Canonical(Worker worker, IProcessor processor)
    {
        var text = new StringBuilder();
        text.Append(worker.Status).Append(" v").Append(worker.StateVersion).Append(' ');
        if (worker.State is { } state)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                processor.WriteState(writer, state);
            }

            text.Append(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }

        text.Append(" timers[");
        foreach (var timer in (worker.Timers?.Values.AsEnumerable() ?? []).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            text.Append(timer.Name).Append('@').Append(timer.Due.ToString("O", CultureInfo.InvariantCulture)).Append('#').Append(timer.Token).Append(' ');
        }

        text.Append("] next ").Append(worker.NextTimerToken)
            .Append(" marks ").Append(string.Join(",", worker.Watermarks.OrderBy(w => w.Partition).Select(w => $"{w.Partition}:{w.Sequence}")))
            .Append(" applied ").Append(worker.EventsApplied)
            .Append(" sent ").Append(worker.EffectsSent)
            .Append(" fired ").Append(worker.TimersFired)
            .Append(" activated ").Append(worker.ActivatedAt.ToString("O", CultureInfo.InvariantCulture))
            .Append(" changed ").Append(worker.LastChangedAt.ToString("O", CultureInfo.InvariantCulture))
            .Append(" quarantine ").Append(worker.QuarantineReason);
        return text.ToString();
    }

    /// <summary>Differences from <paramref name="other"/>, one line each; empty when the two agree.</summary>
    public List<string> Diff(Observation other, bool compareEffects)
    {
        var problems = new List<string>();
        foreach (var key in Workers.Keys.Union(other.Workers.Keys).Order(StringComparer.Ordinal))
        {
            var (mine, theirs) = (Workers.GetValueOrDefault(key), other.Workers.GetValueOrDefault(key));
            if (!string.Equals(mine, theirs, StringComparison.Ordinal))
            {
                problems.Add($"worker {key}:\n    {Path}: {mine ?? "(none)"}\n    {other.Path}: {theirs ?? "(none)"}");
            }
        }

        if (compareEffects)
        {
            if (other.EffectCount is { } count)
            {
                if (count != Effects.Count)
                {
                    problems.Add($"effects: {Path} decided {Effects.Count}, {other.Path} {count}");
                }
            }
            else
            {
                Compare("effects", Effects, other.Effects, problems, other);
            }
        }

        Compare("dead letters", DeadLetters, other.DeadLetters, problems, other);
        foreach (var key in Rows.Keys.Union(other.Rows.Keys).Order(StringComparer.Ordinal))
        {
            var (mine, theirs) = (Rows.GetValueOrDefault(key), other.Rows.GetValueOrDefault(key));
            if (!string.Equals(mine, theirs, StringComparison.Ordinal))
            {
                problems.Add($"row {key}: {Path} {mine ?? "(none)"} / {other.Path} {theirs ?? "(none)"}");
            }
        }

        return problems;
    }

    private void Compare(string what, List<string> mine, List<string> theirs, List<string> problems, Observation other)
    {
        var (a, b) = (mine.Order(StringComparer.Ordinal).ToList(), theirs.Order(StringComparer.Ordinal).ToList());
        if (!a.SequenceEqual(b))
        {
            problems.Add($"{what}:\n    {Path}: {string.Join("\n      ", a)}\n    {other.Path}: {string.Join("\n      ", b)}");
        }
    }
}
