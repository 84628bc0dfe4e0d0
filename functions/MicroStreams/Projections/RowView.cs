using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MicroStreams.Projections;

/// <summary>How a projection row is made from a source (usually the state a handler returned) and its key, and serialized.</summary>
internal abstract class RowView
{
    public abstract string Serialize(string key, object source);
}

/// <summary>A <see cref="RowView"/> for one row-making function and serializer.</summary>
internal sealed class RowView<TSource, TRow>(Func<string, TSource, TRow> toRow, JsonTypeInfo<TRow> serializer) : RowView
{
    public bool Makes(Func<string, TSource, TRow> function, JsonTypeInfo<TRow> rowSerializer) =>
        ReferenceEquals(toRow, function) && ReferenceEquals(serializer, rowSerializer);

    public override string Serialize(string key, object source) => JsonSerializer.Serialize(toRow(key, (TSource)source), serializer);
}
