using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MicroStreams.Projections;

/// <summary>
/// A row of a projection (a read model the processor publishes) set or removed by a handler. Rows are JSON documents
/// addressed by (projection, key); a null <see cref="Document"/> removes the row. Committed atomically with the
/// worker's state, so a projection never shows a state its worker did not reach.
/// </summary>
/// <remarks>
/// A row given as a typed value with its serializer is serialized when <see cref="Document"/> is read, not when the
/// handler publishes it: a host that keeps only the last change per row (a batch commits each row once) then never
/// serializes the rows a later event of the same batch replaced, and holds a small typed value instead of a JSON string
/// until its commit. Equality compares projection, key and document text.
/// </remarks>
public readonly struct ProjectionChange : IEquatable<ProjectionChange>
{
    private readonly string? _document;
    private readonly object? _row;
    private readonly JsonTypeInfo? _serializer;
    private readonly RowView? _view;

    public ProjectionChange(string projection, string key, string? document)
    {
        Projection = projection;
        Key = key;
        _document = document;
    }

    private ProjectionChange(string projection, string key, object row, JsonTypeInfo serializer)
    {
        Projection = projection;
        Key = key;
        _row = row;
        _serializer = serializer;
    }

    private ProjectionChange(string projection, string key, object source, RowView view)
    {
        Projection = projection;
        Key = key;
        _row = source;
        _view = view;
    }

    public string Projection { get; }

    public string Key { get; }

    /// <summary>The row as JSON (serialized on each read when the change holds a typed value); null removes the row.</summary>
    public string? Document => _document ?? (_row is null ? null : _view is not null ? _view.Serialize(Key, _row) : JsonSerializer.Serialize(_row, _serializer!));

    public bool IsRemoval => _document is null && _row is null;

    /// <summary>A change whose document is <paramref name="row"/> serialized by <paramref name="serializer"/> when read; the row must not change afterwards.</summary>
    public static ProjectionChange Deferred<T>(string projection, string key, T row, JsonTypeInfo<T> serializer)
        where T : notnull => new(projection, key, row, serializer);

    /// <summary>A change whose document is the row <paramref name="view"/> makes of (key, <paramref name="source"/>), made and serialized when read.</summary>
    internal static ProjectionChange Derived(string projection, string key, object source, RowView view) => new(projection, key, source, view);

    public bool Equals(ProjectionChange other) =>
        string.Equals(Projection, other.Projection, StringComparison.Ordinal)
        && string.Equals(Key, other.Key, StringComparison.Ordinal)
        && string.Equals(Document, other.Document, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is ProjectionChange other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Projection, Key);

    public override string ToString() => $"{Projection}/{Key}: {Document ?? "(removed)"}";

    public static bool operator ==(ProjectionChange left, ProjectionChange right) => left.Equals(right);

    public static bool operator !=(ProjectionChange left, ProjectionChange right) => !left.Equals(right);
}
