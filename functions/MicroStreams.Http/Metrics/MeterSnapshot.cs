using System.Diagnostics.Metrics;

namespace MicroStreams.Http.Metrics;

/// <summary>
/// Reads the host's own meters (those of one <see cref="Meter.Scope"/>) on demand, for the dashboard's JSON: the
/// dashboard's charts show the same instruments that OpenTelemetry exports. Counters are summed from their
/// increments; observable instruments are observed at each read. Histograms are left to OpenTelemetry.
/// </summary>
public sealed class MeterSnapshot : IDisposable
{
    private readonly Lock _gate = new();
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, Dictionary<string, double>> _values = new(StringComparer.Ordinal);

    public MeterSnapshot(object scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, scope) && instrument is not Histogram<double> and not Histogram<int>)
            {
                lock (_gate)
                {
                    _values[instrument.Name] = new Dictionary<string, double>(StringComparer.Ordinal);
                }

                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Observes every instrument now and returns each one's series (tags rendered as <c>key=value,…</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Read()
    {
        lock (_gate)
        {
            _listener.RecordObservableInstruments();
            return _values.ToDictionary(x => x.Key, x => (IReadOnlyDictionary<string, double>)new Dictionary<string, double>(x.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = string.Join(',', tags.ToArray().OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));
        lock (_gate)
        {
            if (_values.TryGetValue(instrument.Name, out var values))
            {
                // Counters report increments; observable instruments report the current value.
                values[series] = instrument.IsObservable ? value : values.GetValueOrDefault(series) + value;
            }
        }
    }
}
