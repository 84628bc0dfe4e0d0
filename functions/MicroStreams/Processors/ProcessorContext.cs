using System.Text.Json;
using MicroStreams.Effects;
using MicroStreams.Events;
using MicroStreams.Projections;
using MicroStreams.Timers;
using MicroStreams.Workers;

namespace MicroStreams.Processors;

/// <summary>
/// What a handler may know and decide: the key, the current time (event time for events, due time for timers),
/// and its decisions — timers to set or cancel, effects to send, and retirement. Decisions take effect only when
/// the handler returns; if it throws, they are discarded with it.
/// </summary>
public sealed class ProcessorContext
{
    private readonly Dictionary<string, DateTimeOffset?> _timerChanges = new(StringComparer.Ordinal);
    private readonly List<Effect> _effects = [];
    private readonly List<ProjectionChange> _projections = [];

    /// <summary>The row views handlers used lately: a handler passes the same function on every event, so it gets one view, not one per event.</summary>
    private readonly List<RowView> _views = [];
    private Worker _worker = null!;
    private string? _source;
    private EventPosition _position;

    public WorkerId Worker => _worker.Id;
    public string Key => _worker.Id.Key;
    public DateTimeOffset Now { get; private set; }

    /// <summary>The log partition this worker lives in.</summary>
    public int Partition { get; private set; }

    internal bool RetireRequested { get; private set; }
    /// <summary>The concrete map, so the applier's loop over it does not box an enumerator per event.</summary>
    internal Dictionary<string, DateTimeOffset?> TimerChanges => _timerChanges;
    internal IReadOnlyList<Effect> Effects => _effects;
    internal IReadOnlyList<ProjectionChange> ProjectionChanges => _projections;

    /// <summary>For an event: the effect-id source is its position, formatted only if the handler sends an effect.</summary>
    internal void Reset(Worker worker, DateTimeOffset now, EventPosition position)
    {
        Reset(worker, now, position.Partition, null);
        _position = position;
    }

    internal void Reset(Worker worker, DateTimeOffset now, int partition, string? source)
    {
        _worker = worker;
        Now = now;
        Partition = partition;
        _source = source;
        RetireRequested = false;
        _timerChanges.Clear();
        _effects.Clear();
        _projections.Clear();
    }

    /// <summary>Sets the named timer to fire at <paramref name="due"/>, replacing it if it exists.</summary>
    public void SetTimer(string name, DateTimeOffset due)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _timerChanges[name] = due;
    }

    /// <summary>Sets the named timer to fire <paramref name="after"/> from <see cref="Now"/>.</summary>
    public void SetTimer(string name, TimeSpan after) => SetTimer(name, Now + after);

    public void CancelTimer(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _timerChanges[name] = null;
    }

    /// <summary>When the named timer is due, counting decisions made in this handler; null when it is not set.</summary>
    public DateTimeOffset? TimerDue(string name) =>
        _timerChanges.TryGetValue(name, out var pending) ? pending : _worker.FindTimer(name)?.Due;

    public bool HasTimer(string name) => TimerDue(name) is not null;

    /// <summary>
    /// Sends a side effect: <paramref name="channel"/> names the delivery sink (<c>email</c>, <c>webhook</c>),
    /// <paramref name="target"/> the address within it. Its id is stable, so delivery is idempotent.
    /// </summary>
    public Effect Send(string channel, string target, object payload, TimeSpan? maxAge = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentException.ThrowIfNullOrEmpty(target);
        ArgumentNullException.ThrowIfNull(payload);
        var json = payload as string ?? JsonSerializer.Serialize(payload, payload.GetType(), StateJson.Options);
        var id = EffectId.For(_worker.Id.Processor, _worker.Id.Key, _source ??= _position.ToString(), _effects.Count);
        var effect = new Effect(id, _worker.Id, channel, target, json, Now) { MaxAge = maxAge };
        _effects.Add(effect);
        return effect;
    }

    /// <summary>
    /// Sets the row <paramref name="key"/> of <paramref name="projection"/> to <paramref name="document"/> (serialized as JSON),
    /// committed with this worker's state. Rows are read by the rest of the product through the projection API.
    /// </summary>
    public void Project(string projection, string key, object document)
    {
        ArgumentException.ThrowIfNullOrEmpty(projection);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(document);
        var json = document as string ?? JsonSerializer.Serialize(document, document.GetType(), StateJson.Options);
        _projections.Add(new ProjectionChange(projection, key, json));
    }

    /// <summary>
    /// Sets the row <paramref name="key"/> of <paramref name="projection"/> to <paramref name="row"/>, serialized by
    /// <paramref name="serializer"/> (source-generated, so no reflection) when the host commits it. A row replaced by a
    /// later event of the same batch is never serialized. Give a fresh value each time: the row must not change afterwards.
    /// </summary>
    public void Project<TRow>(string projection, string key, TRow row, System.Text.Json.Serialization.Metadata.JsonTypeInfo<TRow> serializer)
        where TRow : notnull
    {
        ArgumentException.ThrowIfNullOrEmpty(projection);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(serializer);
        _projections.Add(ProjectionChange.Deferred(projection, key, row, serializer));
    }

    /// <summary>
    /// Sets the row <paramref name="key"/> of <paramref name="projection"/> to the row <paramref name="toRow"/> makes of the
    /// key and <paramref name="source"/> (a view of the state the handler returns, say), made and serialized by
    /// <paramref name="serializer"/> only when the host commits it: a handler that publishes such a row on every event
    /// allocates nothing for it, and a row a later event of the same batch replaces is never made. Give a function that
    /// captures nothing (a <c>static</c> lambda) and a source that does not change afterwards.
    /// </summary>
    public void Project<TSource, TRow>(string projection, string key, TSource source, Func<string, TSource, TRow> toRow, System.Text.Json.Serialization.Metadata.JsonTypeInfo<TRow> serializer)
        where TSource : class
    {
        ArgumentException.ThrowIfNullOrEmpty(projection);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(toRow);
        ArgumentNullException.ThrowIfNull(serializer);
        _projections.Add(ProjectionChange.Derived(projection, key, source, ViewOf(toRow, serializer)));
    }

    private RowView<TSource, TRow> ViewOf<TSource, TRow>(Func<string, TSource, TRow> toRow, System.Text.Json.Serialization.Metadata.JsonTypeInfo<TRow> serializer)
    {
        foreach (var known in _views)
        {
            if (known is RowView<TSource, TRow> view && view.Makes(toRow, serializer))
            {
                return view;
            }
        }

        // A few views at most: a handler that makes a new function per call would otherwise grow this without end.
        if (_views.Count == 8)
        {
            _views.RemoveAt(0);
        }

        var made = new RowView<TSource, TRow>(toRow, serializer);
        _views.Add(made);
        return made;
    }

    /// <summary>Removes the row <paramref name="key"/> of <paramref name="projection"/>, committed with this worker's state.</summary>
    public void RemoveProjection(string projection, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(projection);
        ArgumentException.ThrowIfNullOrEmpty(key);
        _projections.Add(new ProjectionChange(projection, key, null));
    }

    /// <summary>The worker never processes again; its timers are cancelled and only a tombstone is kept.</summary>
    public void Retire() => RetireRequested = true;
}
