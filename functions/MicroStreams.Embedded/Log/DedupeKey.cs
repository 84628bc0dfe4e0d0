namespace MicroStreams.Embedded.Log;

/// <summary>
/// What makes two events the same for deduplication — CloudEvents' source and id — with the hash computed once, on the
/// producer's thread, so the single log writer compares precomputed hashes instead of hashing strings.
/// </summary>
public readonly struct DedupeKey : IEquatable<DedupeKey>
{
    private readonly int _hash;

    public DedupeKey(string source, string id)
    {
        Value = string.Concat(source, "\u001f", id);
        _hash = StringComparer.Ordinal.GetHashCode(Value);
    }

    public string Value { get; }

    public bool Equals(DedupeKey other) => _hash == other._hash && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is DedupeKey other && Equals(other);

    public override int GetHashCode() => _hash;

    public override string ToString() => Value;

    public static bool operator ==(DedupeKey left, DedupeKey right) => left.Equals(right);

    public static bool operator !=(DedupeKey left, DedupeKey right) => !left.Equals(right);
}
