using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace MicroStreams.Http.Metrics;

/// <summary>
/// Renders one <see cref="Meter"/> in the Prometheus text exposition format (0.0.4) through a <see cref="MeterListener"/>.
/// Hand-written because OpenTelemetry's Prometheus exporter is not in the offline feed; it covers what the platform
/// uses: counters and observable counters (as <c>_total</c>) and observable gauges, with tags as labels.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly Lock _gate = new();
    private readonly MeterListener _listener = new();
    private readonly Dictionary<Instrument, Dictionary<string, double>> _values = [];

    public PrometheusExporter(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                lock (_gate)
                {
                    _values[instrument] = new Dictionary<string, double>(StringComparer.Ordinal);
                }

                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Observes every instrument now and renders all of them.</summary>
    public string Scrape()
    {
        lock (_gate)
        {
            foreach (var (instrument, series) in _values)
            {
                if (IsObservable(instrument))
                {
                    series.Clear();
                }
            }
        }

        _listener.RecordObservableInstruments();
        var text = new StringBuilder(4096);
        lock (_gate)
        {
            foreach (var (instrument, series) in _values.OrderBy(x => x.Key.Name, StringComparer.Ordinal))
            {
                var counter = instrument is Counter<long> or Counter<int> or Counter<double> or ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double>;
                var name = NameOf(instrument, counter);
                text.Append("# HELP ").Append(name).Append(' ').Append(instrument.Description ?? instrument.Name).Append('\n');
                text.Append("# TYPE ").Append(name).Append(counter ? " counter\n" : " gauge\n");
                if (series.Count == 0 && counter)
                {
                    text.Append(name).Append(" 0\n");
                }

                foreach (var (labels, value) in series.OrderBy(x => x.Key, StringComparer.Ordinal))
                {
                    text.Append(name).Append(labels).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
                }
            }
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = Labels(tags);
        lock (_gate)
        {
            if (!_values.TryGetValue(instrument, out var series))
            {
                return;
            }

            // Counters report increments; observable instruments report the current value.
            series[labels] = IsObservable(instrument) ? value : series.GetValueOrDefault(labels) + value;
        }
    }

    private static bool IsObservable(Instrument instrument) => instrument.IsObservable;

    private static string NameOf(Instrument instrument, bool counter)
    {
        var name = instrument.Name.Replace('.', '_').Replace('-', '_');
        if (instrument.Unit == "s")
        {
            name += "_seconds";
        }

        return counter ? name + "_total" : name;
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return string.Empty;
        }

        var sorted = tags.ToArray().OrderBy(t => t.Key, StringComparer.Ordinal);
        var text = new StringBuilder("{");
        foreach (var (key, value) in sorted)
        {
            if (text.Length > 1)
            {
                text.Append(',');
            }

            var escaped = Convert.ToString(value, CultureInfo.InvariantCulture)?.Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
            text.Append(key).Append("=\"").Append(escaped).Append('"');
        }

        return text.Append('}').ToString();
    }
}
