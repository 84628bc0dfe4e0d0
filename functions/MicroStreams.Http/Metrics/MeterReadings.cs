using MicroStreams.Embedded;

namespace MicroStreams.Http.Metrics;

/// <summary>The dashboard's numbers taken from a <see cref="MeterSnapshot"/> reading, by instrument name.</summary>
internal static class MeterReadings
{
    public static double Total(this IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> reading, string instrument, string? series = null) =>
        reading.TryGetValue(instrument, out var values) ? values.Where(v => series is null || v.Key.Split(',').Contains(series, StringComparer.Ordinal)).Sum(v => v.Value) : 0;

    /// <summary>The runtime's totals as the dashboard has always read them (<c>/api/stats</c> → <c>counters</c>).</summary>
    public static RuntimeCounters Counters(this IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> reading)
    {
        long Of(string instrument, string? series = null) => (long)reading.Total(instrument, series);
        return new RuntimeCounters(
            Of("microstreams.events.consumed"), Of("microstreams.worker.outcomes", "outcome=applied"), Of("microstreams.worker.outcomes", "outcome=not_activated"),
            Of("microstreams.worker.outcomes", "outcome=ignored_retired"), Of("microstreams.worker.outcomes", "outcome=failed"), Of("microstreams.worker.outcomes", "outcome=parked"),
            Of("microstreams.timers.fired"), Of("microstreams.effects.decided"), Of("microstreams.effects.delivered"), Of("microstreams.effects.retries"),
            Of("microstreams.effects.undeliverable"), Of("microstreams.deadletters.created"), Of("microstreams.commits"), Of("microstreams.workers"));
    }
}
