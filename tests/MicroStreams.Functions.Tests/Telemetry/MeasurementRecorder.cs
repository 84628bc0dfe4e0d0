using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace MicroStreams.Functions.Tests.Telemetry;

/// <summary>The measurements of the instruments one app's meter factory made (other tests' meters stay out), with their first tag's value.</summary>
internal sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, string? Tag, double Value)> _measurements = new();

    public MeasurementRecorder(IMeterFactory app)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, app))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public IReadOnlyList<(string? Tag, double Value)> Of(string instrument) =>
        [.. _measurements.Where(m => m.Instrument == instrument).Select(m => (m.Tag, m.Value))];

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _measurements.Enqueue((instrument.Name, tags.Length > 0 ? tags[0].Value?.ToString() : null, value));
}
